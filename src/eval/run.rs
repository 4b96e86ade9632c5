//! Held-out evaluation: fit on the training side of each grouped split, predict the other,
//! and score sentence stance, sentence frame and article stance beside the baselines.
//!
//! Predictions are pooled over folds (each sentence is predicted once, by a model that
//! never saw its group), and the per-fold macro-F1 is kept so that the spread across folds
//! is reported too.
//!
//! This module runs the folds and pools what they give; one fold's fit and prediction is
//! `fold`, the leakage check over all folds `leakage_summary`, and the report's fields
//! `eval_report`.

mod eval_report;
mod fold;
mod leakage_summary;

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::document_methods::MethodPools;
use super::headline::Headline;
use super::pool::Pool;
use super::predict::Labels;
use super::predictions::Predictions;
use super::split::Fold;
pub use super::split::{make_folds, SplitSpec};
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::Lexicon;
use crate::model::ModelParams;
pub use eval_report::{EvalReport, FoldInfo, TopFeatures, TOP_FEATURES};
use fold::{run_fold, FoldOutcome};
pub use leakage_summary::LeakageSummary;

/// Choices of an evaluation beyond the split.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Drop test sentences that (nearly) occur in their fold's training data.
    pub dedupe: bool,
    /// The metric reported first, with its bootstrap interval, for the stance head.
    pub headline: Option<Headline>,
}

/// Runs the evaluation. `doc_labels` (group → article stance) enables the document level.
pub fn evaluate(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    split: &SplitSpec,
    seed: u64,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<EvalReport> {
    evaluate_with(corpus, lexicon, params, split, seed, doc_labels, false)
}

/// [`evaluate`], optionally dropping test sentences that leak from training (`dedupe`).
pub fn evaluate_with(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    split: &SplitSpec,
    seed: u64,
    doc_labels: Option<&BTreeMap<String, String>>,
    dedupe: bool,
) -> Result<EvalReport> {
    let opts = EvalOptions {
        dedupe,
        headline: None,
    };
    evaluate_opts(corpus, lexicon, params, split, seed, doc_labels, &opts)
}

/// [`evaluate`] with every option. When the corpus carries per-group values
/// ([`LabeledCorpus::is_per_group`]), each fold trains one model per group value on that
/// value's training rows and predicts that value's test rows; predictions are pooled.
pub fn evaluate_opts(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    split: &SplitSpec,
    seed: u64,
    doc_labels: Option<&BTreeMap<String, String>>,
    opts: &EvalOptions,
) -> Result<EvalReport> {
    params.validate()?;
    let groups: Vec<&str> = corpus.sentences().map(|s| s.split).collect();
    let stances: Vec<&str> = corpus.sentences().map(|s| s.stance).collect();
    let folds = make_folds(&groups, &stances, split, seed).map_err(|e| match e {
        StancerError::Data(m) => StancerError::Data(format!("{}: {m}", sources(corpus))),
        e => e,
    })?;
    evaluate_folds(
        corpus, folds, split, lexicon, params, seed, doc_labels, opts,
    )
}

/// Trains on `train` once and evaluates on `test` once (a task's official split), with
/// the same report, baselines (from the training distribution) and leakage check as
/// cross-validation. Per-group values, if any, must be on both sides.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_train_test(
    train: &LabeledCorpus,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    seed: u64,
    doc_labels: Option<&BTreeMap<String, String>>,
    opts: &EvalOptions,
) -> Result<EvalReport> {
    params.validate()?;
    if train.is_per_group() != test.is_per_group() {
        return Err(StancerError::Config(
            "per-group values must be on both the training and the test rows".into(),
        ));
    }
    let corpus = train.concat(test);
    let n = train.len();
    let folds = vec![Fold {
        train: (0..n).collect(),
        test: (n..corpus.len()).collect(),
    }];
    let split = SplitSpec::TrainTest {
        train: train.source_names(),
    };
    let mut report = evaluate_folds(
        &corpus, folds, &split, lexicon, params, seed, doc_labels, opts,
    )?;
    report.sources = test.source_names();
    report.n_sentences = test.len();
    report.n_groups = test.groups().len();
    Ok(report)
}

/// [`evaluate`] on folds the caller made (`eval::transfer` holds some sources out of
/// training, or keeps others always in it); `description` names the split in reports.
pub fn evaluate_on_folds(
    corpus: &LabeledCorpus,
    folds: Vec<Fold>,
    description: &str,
    lexicon: &Lexicon,
    params: &ModelParams,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<EvalReport> {
    params.validate()?;
    let split = SplitSpec::Given {
        description: description.to_string(),
    };
    evaluate_folds(
        corpus,
        folds,
        &split,
        lexicon,
        params,
        params.seed,
        doc_labels,
        &EvalOptions::default(),
    )
}

#[allow(clippy::too_many_arguments)]
fn evaluate_folds(
    corpus: &LabeledCorpus,
    mut folds: Vec<Fold>,
    split: &SplitSpec,
    lexicon: &Lexicon,
    params: &ModelParams,
    seed: u64,
    doc_labels: Option<&BTreeMap<String, String>>,
    opts: &EvalOptions,
) -> Result<EvalReport> {
    let groups: Vec<&str> = corpus.sentences().map(|s| s.split).collect();
    let leakage = leakage_summary::check_folds(&corpus.texts(), &mut folds, opts.dedupe);
    if folds.iter().all(|f| f.test.is_empty()) {
        // Every figure would be 0 over n = 0, printed as a result.
        let why = if leakage.removed {
            format!(
                "--dedupe removed every test sentence ({} exact and {} near duplicates of \
                 training sentences)",
                leakage.exact, leakage.near
            )
        } else {
            "the split leaves no test sentences".into()
        };
        return Err(StancerError::Data(format!(
            "{}: {why}; nothing is left to score",
            sources(corpus)
        )));
    }
    let stance_labels = sorted_labels(corpus.sentences().map(|s| s.stance));
    let frame_labels = sorted_labels(corpus.sentences().filter_map(|s| s.frame));
    if let Some(h) = &opts.headline {
        h.check(&stance_labels).map_err(StancerError::Config)?;
    }
    let model_groups = if corpus.is_per_group() {
        sorted_labels(corpus.sentences().filter_map(|s| s.per_group))
    } else {
        Vec::new()
    };
    let labels = Labels {
        stance: &stance_labels,
        frame: &frame_labels,
    };
    let outcomes: Vec<Result<FoldOutcome>> = folds
        .par_iter()
        .enumerate()
        .map(|(i, fold)| {
            run_fold(
                corpus,
                lexicon,
                params,
                (i, fold),
                doc_labels,
                &labels,
                seed + i as u64,
            )
        })
        .collect();
    let (mut stance, mut frame, mut document) = (Pool::default(), Pool::default(), Pool::default());
    let mut methods = MethodPools::default();
    let (mut fits, mut unconverged) = (0usize, BTreeMap::<&str, usize>::new());
    let mut search = Vec::new();
    let mut untrained_classes = Vec::new();
    let mut article_fit_failures = Vec::new();
    for (i, outcome) in outcomes.into_iter().enumerate() {
        let FoldOutcome {
            pools: (s, f, d),
            methods: m,
            fits: n,
            unconverged: heads,
            search: chosen,
            untrained,
            out_of_fold,
        } = outcome?;
        article_fit_failures.extend(out_of_fold.map(|w| format!("fold {}: {w}", i + 1)));
        untrained_classes.extend(
            untrained
                .into_iter()
                .map(|u| format!("fold {}: {u}", i + 1)),
        );
        fits += n;
        for h in heads {
            *unconverged.entry(h).or_default() += 1;
        }
        search.extend(chosen);
        stance.extend(s);
        if let Some(f) = f {
            frame.extend(f);
        }
        document.extend(d);
        methods.extend(m);
    }
    // Top features come from one model on every row any fold trained on.
    let mut trained: Vec<usize> = folds.iter().flat_map(|f| f.train.clone()).collect();
    trained.sort_unstable();
    trained.dedup();
    let full = super::chosen::most_chosen(params, &search).fit(
        &corpus.subset(&trained),
        lexicon,
        doc_labels,
    )?;
    let fold_info = folds
        .iter()
        .map(|f| FoldInfo {
            train_groups: distinct(f.train.iter().map(|&i| groups[i])),
            test_groups: distinct(f.test.iter().map(|&i| groups[i])),
        })
        .collect();
    let headline = opts.headline.as_ref();
    let predictions = Predictions::new(
        corpus,
        [
            (stance.predictions("sentence stance"), &stance_labels),
            (frame.predictions("sentence frame"), &frame_labels),
            (document.predictions("document stance"), &stance_labels),
        ],
    );
    Ok(EvalReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: corpus.source_names(),
        data_sha256: corpus.sha256.clone(),
        params: params.clone(),
        seed,
        split: split.clone(),
        n_sentences: corpus.len(),
        n_groups: corpus.groups().len(),
        folds: fold_info,
        leakage,
        model_groups,
        not_converged: unconverged
            .iter()
            .map(|(head, n)| format!("{head} head in {n} of {fits} fits"))
            .collect(),
        untrained_classes,
        article_fit_failures,
        stance: stance.report(&stance_labels, seed, headline),
        frame: (!frame.is_empty()).then(|| frame.report(&frame_labels, seed, None)),
        document: (!document.is_empty()).then(|| document.report(&stance_labels, seed, None)),
        document_methods: methods.report(&stance_labels, seed, params.document.name()),
        top_features: TopFeatures::of(&full),
        search,
        predictions,
    })
}

pub(crate) fn sorted_labels<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    distinct(it)
}

fn distinct<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = it.map(str::to_string).collect();
    v.sort();
    v.dedup();
    v
}

/// Mean and sample standard deviation.
pub fn mean_sd(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

/// The labeled files of a corpus, for messages.
fn sources(corpus: &LabeledCorpus) -> String {
    corpus
        .sources
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
