//! Held-out evaluation: fit on the training side of each grouped split, predict the other,
//! and score sentence stance, sentence frame and article stance beside the baselines.
//!
//! Predictions are pooled over folds (each sentence is predicted once, by a model that
//! never saw its group), and the per-fold macro-F1 is kept so that the spread across folds
//! is reported too.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::baseline;
use super::metrics::ClassificationReport;
use super::split::{grouped_holdout, grouped_kfold, leave_one_group_out, Fold};
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::{FrameTagger, Lexicon};
use crate::model::{ModelParams, SentencePrediction, StanceModel};

/// How to split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SplitSpec {
    Holdout {
        test_frac: f64,
    },
    KFold {
        k: usize,
    },
    LeaveOneGroupOut,
    /// A trained model evaluated on a labeled file it never saw.
    External {
        model: String,
    },
}

/// Model, majority and lexicon reports for one head at one level.
#[derive(Debug, Clone, Serialize)]
pub struct HeadEval {
    pub model: ClassificationReport,
    pub majority: ClassificationReport,
    pub lexicon: ClassificationReport,
    /// Macro-F1 of the model in each fold.
    pub fold_macro_f1: Vec<f64>,
}

/// Which groups each fold held out.
#[derive(Debug, Clone, Serialize)]
pub struct FoldInfo {
    pub train_groups: Vec<String>,
    pub test_groups: Vec<String>,
}

/// Everything an evaluation found, and what is needed to re-run it.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub stancer_version: String,
    pub command: String,
    pub sources: Vec<String>,
    pub data_sha256: String,
    pub params: ModelParams,
    pub seed: u64,
    pub split: SplitSpec,
    pub n_sentences: usize,
    pub n_groups: usize,
    pub folds: Vec<FoldInfo>,
    pub stance: HeadEval,
    pub frame: Option<HeadEval>,
    pub document: Option<HeadEval>,
}

/// Gold and predicted labels for one head, pooled over folds.
#[derive(Default)]
struct Pool {
    gold: Vec<String>,
    model: Vec<String>,
    majority: Vec<String>,
    lexicon: Vec<String>,
    fold_f1: Vec<f64>,
}

impl Pool {
    /// Adds one fold. Its macro-F1 is over the labels present in that fold (gold or
    /// predicted), as scikit-learn's report does: a held-out style with no partisan
    /// sentences is not scored on classes it cannot contain.
    fn extend(&mut self, other: Pool) {
        if !other.gold.is_empty() {
            self.fold_f1
                .push(super::metrics::macro_f1(&other.gold, &other.model, &[]));
        }
        self.gold.extend(other.gold);
        self.model.extend(other.model);
        self.majority.extend(other.majority);
        self.lexicon.extend(other.lexicon);
    }

    fn report(self, labels: &[String]) -> HeadEval {
        HeadEval {
            model: ClassificationReport::new(&self.gold, &self.model, labels),
            majority: ClassificationReport::new(&self.gold, &self.majority, labels),
            lexicon: ClassificationReport::new(&self.gold, &self.lexicon, labels),
            fold_macro_f1: self.fold_f1,
        }
    }
}

/// Builds the folds a split asks for, with checks that name the problem.
pub fn make_folds(groups: &[&str], split: &SplitSpec, seed: u64) -> Result<Vec<Fold>> {
    let mut distinct = groups.to_vec();
    distinct.sort();
    distinct.dedup();
    let n = distinct.len();
    if n < 2 {
        return Err(StancerError::Data(format!(
            "a grouped split needs at least two groups, found {n}"
        )));
    }
    Ok(match split {
        SplitSpec::Holdout { test_frac } => {
            if !(*test_frac > 0.0 && *test_frac < 1.0) {
                return Err(StancerError::Config(format!(
                    "--test-frac must be between 0 and 1 (exclusive), got {test_frac}"
                )));
            }
            vec![grouped_holdout(groups, *test_frac, seed)]
        }
        SplitSpec::KFold { k } => {
            if *k < 2 || *k > n {
                return Err(StancerError::Config(format!(
                    "--folds must be between 2 and the number of groups ({n}), got {k}"
                )));
            }
            grouped_kfold(groups, *k, seed)
        }
        SplitSpec::LeaveOneGroupOut => leave_one_group_out(groups),
        SplitSpec::External { .. } => {
            return Err(StancerError::Config(
                "a trained model is evaluated with evaluate_trained, not with folds".into(),
            ))
        }
    })
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
    params.validate()?;
    let groups: Vec<&str> = corpus.sentences.iter().map(|s| s.split.as_str()).collect();
    let folds = make_folds(&groups, split, seed)?;
    let outcomes: Vec<Result<(Pool, Option<Pool>, Pool)>> = folds
        .par_iter()
        .map(|fold| run_fold(corpus, lexicon, params, fold, doc_labels))
        .collect();
    let stance_labels = sorted_labels(corpus.sentences.iter().map(|s| s.stance.as_str()));
    let frame_labels = sorted_labels(corpus.sentences.iter().filter_map(|s| s.frame.as_deref()));
    let (mut stance, mut frame, mut document) = (Pool::default(), Pool::default(), Pool::default());
    for outcome in outcomes {
        let (s, f, d) = outcome?;
        stance.extend(s);
        if let Some(f) = f {
            frame.extend(f);
        }
        document.extend(d);
    }
    let fold_info = folds
        .iter()
        .map(|f| FoldInfo {
            train_groups: distinct(f.train.iter().map(|&i| groups[i])),
            test_groups: distinct(f.test.iter().map(|&i| groups[i])),
        })
        .collect();
    Ok(EvalReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: corpus
            .sources
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        data_sha256: corpus.sha256.clone(),
        params: params.clone(),
        seed,
        split: split.clone(),
        n_sentences: corpus.sentences.len(),
        n_groups: corpus.groups().len(),
        folds: fold_info,
        stance: stance.report(&stance_labels),
        frame: (!frame.gold.is_empty()).then(|| frame.report(&frame_labels)),
        document: (!document.gold.is_empty()).then(|| document.report(&stance_labels)),
    })
}

fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    fold: &Fold,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<(Pool, Option<Pool>, Pool)> {
    let train = corpus.subset(&fold.train);
    let model = params.fit(&train, lexicon, doc_labels)?;
    let majors = Majors::of(&train, doc_labels);
    Ok(score_sentences(
        &model, corpus, &fold.test, lexicon, &majors, doc_labels,
    ))
}

/// The majority-class baseline's answers, taken from the data the model learned from.
struct Majors {
    stance: String,
    frame: String,
    document: String,
}

impl Majors {
    fn of(data: &LabeledCorpus, doc_labels: Option<&BTreeMap<String, String>>) -> Self {
        let stances: Vec<&str> = data.sentences.iter().map(|s| s.stance.as_str()).collect();
        let frames: Vec<&str> = data
            .sentences
            .iter()
            .filter_map(|s| s.frame.as_deref())
            .collect();
        let docs: Vec<&str> = doc_labels.map_or(Vec::new(), |l| {
            data.groups()
                .into_iter()
                .filter_map(|g| l.get(g).map(String::as_str))
                .collect()
        });
        Majors {
            stance: baseline::majority(&stances),
            frame: baseline::majority(&frames),
            document: baseline::majority(&docs),
        }
    }
}

/// Predicts the sentences `idx` of `corpus` with `model` and the baselines.
fn score_sentences(
    model: &StanceModel,
    corpus: &LabeledCorpus,
    idx: &[usize],
    lexicon: &Lexicon,
    majors: &Majors,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> (Pool, Option<Pool>, Pool) {
    let analyzer = model.analyzer();
    let tagger = FrameTagger::new(lexicon);
    let mut stance = Pool::default();
    let mut frame = model.frame_head().map(|_| Pool::default());
    // Test sentences grouped by document, in corpus order, for the document level.
    let mut docs: BTreeMap<&str, (Vec<SentencePrediction>, Vec<String>)> = BTreeMap::new();
    for &i in idx {
        let s = &corpus.sentences[i];
        let p = model.predict_sentence(&s.text, &analyzer);
        let lex_stance = baseline::lexicon_stance(&tagger, &s.text);
        stance.gold.push(s.stance.clone());
        stance.model.push(p.stance.clone());
        stance.majority.push(majors.stance.clone());
        stance.lexicon.push(lex_stance.clone());
        if let (Some(f), Some(gold)) = (frame.as_mut(), s.frame.as_ref()) {
            f.gold.push(gold.clone());
            f.model.push(p.frame.clone().unwrap_or_default());
            f.majority.push(majors.frame.clone());
            f.lexicon.push(baseline::lexicon_frame(&tagger, &s.text));
        }
        let entry = docs.entry(s.group.as_str()).or_default();
        entry.0.push(p);
        entry.1.push(lex_stance);
    }
    let mut document = Pool::default();
    if let Some(labels) = doc_labels {
        for (group, (sentences, lex)) in docs {
            if let Some(gold) = labels.get(group) {
                document.gold.push(gold.clone());
                document.model.push(model.aggregate(sentences).stance);
                document.majority.push(majors.document.clone());
                document.lexicon.push(baseline::lexicon_document(&lex));
            }
        }
    }
    (stance, frame, document)
}

/// Evaluates a trained model on a labeled corpus it never saw. The majority baseline
/// answers with the test set's own majority class (the model's training distribution is
/// not stored), which flatters the baseline, never the model.
pub fn evaluate_trained(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> EvalReport {
    let idx: Vec<usize> = (0..test.sentences.len()).collect();
    let majors = Majors::of(test, doc_labels);
    let (s, f, d) = score_sentences(model, test, &idx, lexicon, &majors, doc_labels);
    let stance_labels = sorted_labels(test.sentences.iter().map(|s| s.stance.as_str()));
    let frame_labels = sorted_labels(test.sentences.iter().filter_map(|s| s.frame.as_deref()));
    let (mut stance, mut frame, mut document) = (Pool::default(), Pool::default(), Pool::default());
    stance.extend(s);
    if let Some(f) = f {
        frame.extend(f);
    }
    document.extend(d);
    EvalReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: test
            .sources
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        data_sha256: test.sha256.clone(),
        params: model.params.clone(),
        seed: model.params.seed,
        split: SplitSpec::External {
            model: model_name.to_string(),
        },
        n_sentences: test.sentences.len(),
        n_groups: test.groups().len(),
        folds: Vec::new(),
        stance: stance.report(&stance_labels),
        frame: (!frame.gold.is_empty()).then(|| frame.report(&frame_labels)),
        document: (!document.gold.is_empty()).then(|| document.report(&stance_labels)),
    }
}

fn sorted_labels<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
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
