//! A trained model evaluated on a labeled file: no split, no fitting.
//!
//! The one thing a split guarantees, that the model never saw the test rows, is checked
//! here instead: against the hash of the model's training data, and against the hashes
//! of its training sentences that the model records ([`TextSketch`]). Test labels the model
//! cannot predict are refused rather than averaged in as classes it always misses.

use std::collections::BTreeMap;

use serde::Serialize;

use super::headline::Headline;
use super::pool::Pool;
use super::predict::{score_sentences, Labels, Majors};
use super::predictions::Predictions;
use super::run::{sorted_labels, EvalReport, LeakageSummary, SplitSpec, TopFeatures};
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::Lexicon;
use crate::model::text_sketch::{text_key, TextSketch};
use crate::model::StanceModel;

/// Choices of a trained model's evaluation.
#[derive(Debug, Clone, Default)]
pub struct TrainedEvalOptions {
    /// The metric reported first (checked against the test labels).
    pub headline: Option<Headline>,
    /// Drop test sentences found in the model's training data.
    pub dedupe: bool,
    /// The test rows are a filtered part of their files (`--where`): the same files as
    /// the training data's do not mean the same rows.
    pub filtered: bool,
}

/// How the test rows compare with what the model records of its training sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrainingOverlap {
    /// Distinct training sentences, and how many of their hashes the model keeps.
    pub training_sentences: usize,
    pub recorded: usize,
    /// The share of test sentences that occur in the training data: exact when every
    /// training sentence is recorded, else estimated from the test sentences whose hash
    /// the record covers.
    pub share: f64,
    pub exact: bool,
}

/// Evaluates a trained model on a labeled corpus. The majority baseline answers with the
/// test set's own majority class (the model's training distribution is not stored),
/// which flatters the baseline, never the model. Refused when the test file is the
/// model's training data, or holds labels the model cannot predict.
pub fn evaluate_trained(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<EvalReport> {
    let opts = TrainedEvalOptions::default();
    evaluate_trained_opts(model, model_name, test, lexicon, doc_labels, &opts)
}

/// [`evaluate_trained`] with every option.
pub fn evaluate_trained_opts(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    doc_labels: Option<&BTreeMap<String, String>>,
    opts: &TrainedEvalOptions,
) -> Result<EvalReport> {
    let files = test.source_names().join(", ");
    if !opts.filtered && test.sha256 == model.training.data_sha256 {
        return Err(StancerError::Refused(format!(
            "{files}: this is the data {model_name} was trained on (SHA-256 {}): scores on \
             it measure memory, not what the model does on text it never saw; evaluate on \
             held-out files, or cross-validate with `stancer eval --data {files} --folds 5`",
            &test.sha256[..test.sha256.len().min(12)]
        )));
    }
    check_labels(model, model_name, test, doc_labels, &files)?;
    let mut leakage = LeakageSummary::default();
    let mut keep: Vec<usize> = (0..test.len()).collect();
    match &model.training.texts {
        Some(sketch) => {
            let (seen, overlap) = overlap(sketch, test);
            if overlap.exact && seen.len() == test.len() {
                return Err(StancerError::Refused(format!(
                    "{files}: every test sentence occurs in the data {model_name} was trained \
                     on: scores on it measure memory; evaluate on held-out files"
                )));
            }
            leakage.exact = seen.len();
            leakage.removed = opts.dedupe && !seen.is_empty();
            leakage.examples = seen
                .iter()
                .take(10)
                .map(|&i| (test.sentence(i).text.to_string(), String::new(), 1.0))
                .collect();
            leakage.training = Some(overlap);
            if opts.dedupe {
                keep.retain(|i| seen.binary_search(i).is_err());
            }
        }
        None if opts.dedupe => {
            return Err(StancerError::Refused(format!(
                "{model_name} does not record its training sentences (it was trained by an \
                 older stancer), so --dedupe cannot find them; retrain it"
            )))
        }
        None => {}
    }
    let kept;
    let test = if keep.len() < test.len() {
        kept = test.subset(&keep);
        &kept
    } else {
        test
    };
    let mut report = score_all(
        model,
        model_name,
        test,
        lexicon,
        doc_labels,
        opts.headline.as_ref(),
    );
    report.leakage = leakage;
    Ok(report)
}

/// Refuses test labels that the model's heads cannot predict: averaged in, each would be a
/// class with F1 0 that says nothing about the model.
fn check_labels(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    doc_labels: Option<&BTreeMap<String, String>>,
    files: &str,
) -> Result<()> {
    let unknown = |what: &str, labels: &mut dyn Iterator<Item = &str>, known: &[String]| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for l in labels.filter(|l| !known.iter().any(|k| k == l)) {
            *counts.entry(l).or_default() += 1;
        }
        if counts.is_empty() {
            return Ok(());
        }
        let listed: Vec<String> = counts.iter().map(|(l, n)| format!("`{l}` ({n})")).collect();
        Err(StancerError::Refused(format!(
            "{files}: {what} {} never seen by {model_name}, which predicts only {}: it would \
             miss every one of them; drop those rows, or evaluate a model trained with them",
            listed.join(", "),
            known.join(", ")
        )))
    };
    unknown(
        "stance labels",
        &mut test.sentences().map(|s| s.stance),
        model.stance_labels(),
    )?;
    if let Some(frames) = model.frame_labels() {
        unknown(
            "frame labels",
            &mut test.sentences().filter_map(|s| s.frame),
            frames,
        )?;
    }
    if let Some(docs) = doc_labels {
        let groups = test.groups();
        unknown(
            "article stance labels",
            &mut groups
                .iter()
                .filter_map(|g| docs.get(*g).map(String::as_str)),
            model.stance_labels(),
        )?;
    }
    Ok(())
}

/// The test rows found in the training data (sorted), and the overlap they show.
fn overlap(sketch: &TextSketch, test: &LabeledCorpus) -> (Vec<usize>, TrainingOverlap) {
    let mut buf = String::new();
    let (mut seen, mut covered, mut covered_seen) = (Vec::new(), 0usize, 0usize);
    for (i, s) in test.sentences().enumerate() {
        let key = text_key(s.text, &mut buf);
        if sketch.covers(key) {
            covered += 1;
            if sketch.contains(key) {
                covered_seen += 1;
                seen.push(i);
            }
        }
    }
    let overlap = TrainingOverlap {
        training_sentences: sketch.distinct,
        recorded: sketch.hashes.len(),
        share: covered_seen as f64 / covered.max(1) as f64,
        exact: sketch.is_complete(),
    };
    (seen, overlap)
}

/// Scores every row of `test` with the model and the baselines.
fn score_all(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    doc_labels: Option<&BTreeMap<String, String>>,
    headline: Option<&Headline>,
) -> EvalReport {
    let idx: Vec<usize> = (0..test.len()).collect();
    let majors = Majors::of(test, doc_labels);
    let stance_labels = sorted_labels(test.sentences().map(|s| s.stance));
    let frame_labels = sorted_labels(test.sentences().filter_map(|s| s.frame));
    let labels = Labels {
        stance: &stance_labels,
        frame: &frame_labels,
    };
    let seed = model.params.seed;
    let (s, f, d) = score_sentences(
        model, test, &idx, lexicon, &majors, doc_labels, &labels, seed,
    );
    let (mut stance, mut frame, mut document) = (Pool::default(), Pool::default(), Pool::default());
    stance.extend(s);
    if let Some(f) = f {
        frame.extend(f);
    }
    document.extend(d);
    let predictions = Predictions::new(
        test,
        [
            (stance.predictions("sentence stance"), &stance_labels),
            (frame.predictions("sentence frame"), &frame_labels),
            (document.predictions("document stance"), &stance_labels),
        ],
    );
    EvalReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: test.source_names(),
        data_sha256: test.sha256.clone(),
        params: model.params.clone(),
        seed: model.params.seed,
        split: SplitSpec::External {
            model: model_name.to_string(),
        },
        n_sentences: test.len(),
        n_groups: test.groups().len(),
        folds: Vec::new(),
        leakage: LeakageSummary::default(),
        model_groups: Vec::new(),
        not_converged: Vec::new(),
        untrained_classes: Vec::new(),
        article_fit_failures: Vec::new(),
        stance: stance.report(&stance_labels, seed, headline),
        frame: (!frame.is_empty()).then(|| frame.report(&frame_labels, seed, None)),
        document: (!document.is_empty()).then(|| document.report(&stance_labels, seed, None)),
        document_methods: Vec::new(),
        top_features: TopFeatures::of(model),
        search: super::chosen::SearchRecord::of(model, 0, None)
            .into_iter()
            .collect(),
        predictions,
    }
}
