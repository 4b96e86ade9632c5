//! Held-out evaluation: fit on the training side of each grouped split, predict the other,
//! and score sentence stance, sentence frame and article stance beside the baselines.
//!
//! Predictions are pooled over folds (each sentence is predicted once, by a model that
//! never saw its group), and the per-fold macro-F1 is kept so that the spread across folds
//! is reported too.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::baseline;
use super::document_methods::{compare_fold, MethodPools, MethodScore};
use super::explain::{pushed_by, top_features, ClassFeatures, Misclassified};
use super::headline::Headline;
use super::leakage::find_leaks;
use super::pool::{HeadEval, Pool};
use super::predictions::Predictions;
use super::split::{
    grouped_holdout, grouped_kfold, leave_one_group_out, stratified_grouped_kfold, Fold,
};
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::{FrameTagger, Lexicon};
use crate::model::head::reorder_probs;
use crate::model::{ModelParams, SentencePrediction, StanceModel};

/// How to split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SplitSpec {
    Holdout {
        test_frac: f64,
    },
    /// Grouped K-fold, stratified by sentence stance as far as whole groups allow,
    /// repeated `repeats` times with seeds `seed`, `seed + 1`, ...
    KFold {
        k: usize,
        repeats: usize,
    },
    LeaveOneGroupOut,
    /// Trained on one labeled set, tested once on another (e.g. a task's official split).
    TrainTest {
        train: Vec<String>,
    },
    /// A trained model evaluated on a labeled file it never saw.
    External {
        model: String,
    },
}

/// What the leakage check found over all folds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LeakageSummary {
    pub exact: usize,
    pub near: usize,
    /// Whether the leaking test sentences were dropped before scoring (`--dedupe`).
    pub removed: bool,
    /// Up to ten examples: test text, training text, Jaccard similarity.
    pub examples: Vec<(String, String, f64)>,
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
    /// Test sentences that (nearly) occur in their fold's training data.
    pub leakage: LeakageSummary,
    /// With per-group models: the groups that each had a model of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model_groups: Vec<String>,
    pub stance: HeadEval,
    pub frame: Option<HeadEval>,
    pub document: Option<HeadEval>,
    /// Rival article-stance rules on the same folds (empty without article labels).
    pub document_methods: Vec<MethodScore>,
    /// The most heavily weighted features per class.
    pub top_features: TopFeatures,
    /// Every out-of-fold prediction (written by `--predictions`, not into the JSON).
    #[serde(skip)]
    pub predictions: Predictions,
}

/// Top-weighted features of a model fitted on all the evaluated data (or of the model
/// under test for an external evaluation): what the numbers above rest on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopFeatures {
    pub stance: Vec<ClassFeatures>,
    pub frame: Vec<ClassFeatures>,
}

/// How many features per class a report lists.
pub const TOP_FEATURES: usize = 12;

impl TopFeatures {
    pub fn of(model: &StanceModel) -> Self {
        TopFeatures {
            stance: top_features(model.stance_head(), model.vectorizer(), TOP_FEATURES),
            frame: model.frame_head().map_or(Vec::new(), |h| {
                top_features(h, model.vectorizer(), TOP_FEATURES)
            }),
        }
    }
}

/// Choices of an evaluation beyond the split.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Drop test sentences that (nearly) occur in their fold's training data.
    pub dedupe: bool,
    /// The metric reported first, with its bootstrap interval, for the stance head.
    pub headline: Option<Headline>,
}

/// Builds the folds a split asks for, with checks that name the problem.
/// `y` (one label per row) stratifies K-fold; empty means unstratified.
pub fn make_folds(groups: &[&str], y: &[&str], split: &SplitSpec, seed: u64) -> Result<Vec<Fold>> {
    let mut distinct = groups.to_vec();
    distinct.sort();
    distinct.dedup();
    let n = distinct.len();
    if n < 2 {
        return Err(StancerError::Data(format!(
            "a grouped split needs at least two groups (documents, or values of the split \
             column), found {n}{}",
            distinct
                .first()
                .map_or(String::new(), |g| format!(" (`{g}`)"))
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
        SplitSpec::KFold { k, repeats } => {
            if *k < 2 || *k > n {
                return Err(StancerError::Config(format!(
                    "--folds must be between 2 and the number of groups ({n}), got {k}"
                )));
            }
            if *repeats == 0 {
                return Err(StancerError::Config("--repeats must be at least 1".into()));
            }
            (0..*repeats as u64)
                .flat_map(|r| {
                    if y.len() == groups.len() {
                        stratified_grouped_kfold(groups, y, *k, seed + r)
                    } else {
                        grouped_kfold(groups, *k, seed + r)
                    }
                })
                .collect()
        }
        SplitSpec::LeaveOneGroupOut => leave_one_group_out(groups),
        SplitSpec::TrainTest { .. } | SplitSpec::External { .. } => {
            return Err(StancerError::Config(
                "a train/test evaluation (evaluate_train_test) or a trained model \
                 (evaluate_trained) has no folds to make"
                    .into(),
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
    let dedupe = opts.dedupe;
    let texts = corpus.texts();
    let mut leakage = LeakageSummary {
        removed: dedupe,
        ..LeakageSummary::default()
    };
    // With repeats a test sentence is tested once per repeat: count it once.
    let mut counted = std::collections::HashSet::new();
    for fold in &mut folds {
        let leaks = find_leaks(&texts, &fold.train, &fold.test);
        for l in leaks.iter().filter(|l| counted.insert(l.test)) {
            if l.exact {
                leakage.exact += 1;
            } else {
                leakage.near += 1;
            }
            if leakage.examples.len() < 10 {
                leakage.examples.push((
                    texts[l.test].to_string(),
                    texts[l.train].to_string(),
                    l.jaccard,
                ));
            }
        }
        if dedupe {
            let drop: std::collections::HashSet<usize> = leaks.iter().map(|l| l.test).collect();
            fold.test.retain(|i| !drop.contains(i));
        }
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
                fold,
                doc_labels,
                &labels,
                seed + i as u64,
            )
        })
        .collect();
    let (mut stance, mut frame, mut document) = (Pool::default(), Pool::default(), Pool::default());
    let mut methods = MethodPools::default();
    for outcome in outcomes {
        let ((s, f, d), m) = outcome?;
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
    let full = params.fit(&corpus.subset(&trained), lexicon, doc_labels)?;
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
        stance: stance.report(&stance_labels, seed, headline),
        frame: (!frame.is_empty()).then(|| frame.report(&frame_labels, seed, None)),
        document: (!document.is_empty()).then(|| document.report(&stance_labels, seed, None)),
        document_methods: methods.report(&stance_labels, seed),
        top_features: TopFeatures::of(&full),
        predictions,
    })
}

/// One fold's pooled predictions: (stance, frame, document), and the rival document rules.
type FoldOutcome = ((Pool, Option<Pool>, Pool), MethodPools);

/// The full label sets of the corpus, so that probabilities of every fold line up.
struct Labels<'a> {
    stance: &'a [String],
    frame: &'a [String],
}

#[allow(clippy::too_many_arguments)]
fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    fold: &Fold,
    doc_labels: Option<&BTreeMap<String, String>>,
    labels: &Labels,
    seed: u64,
) -> Result<FoldOutcome> {
    if !corpus.is_per_group() {
        let train = corpus.subset(&fold.train);
        let (model, oof) = params.fit_with_oof(&train, lexicon, doc_labels)?;
        let majors = Majors::of(&train, doc_labels);
        let methods = match doc_labels {
            Some(d) => {
                let mut test_docs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
                for &i in &fold.test {
                    test_docs
                        .entry(corpus.sentence(i).group)
                        .or_default()
                        .push(i);
                }
                compare_fold(&model, &oof, params, corpus, &fold.train, &test_docs, d)?
            }
            None => MethodPools::default(),
        };
        let pools = score_sentences(
            &model, corpus, &fold.test, lexicon, &majors, doc_labels, labels, seed,
        );
        return Ok((pools, methods));
    }
    // Article rules are compared only with one model for all rows.
    // One model per group value, trained on that value's training rows only.
    let value = |i: usize| corpus.sentence(i).per_group.unwrap_or("");
    let mut parts: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for &i in &fold.train {
        parts.entry(value(i)).or_default().0.push(i);
    }
    for &i in &fold.test {
        parts.entry(value(i)).or_default().1.push(i);
    }
    let scored: Vec<Result<(Pool, Option<Pool>, Pool)>> = parts
        .par_iter()
        .filter(|(_, (_, test))| !test.is_empty())
        .map(|(name, (train_idx, test_idx))| {
            if train_idx.is_empty() {
                return Err(StancerError::Data(format!(
                    "per-group value `{name}` has test rows but no training rows"
                )));
            }
            let train = corpus.subset(train_idx);
            let model = params
                .fit(&train, lexicon, doc_labels)
                .map_err(|e| StancerError::Training(format!("group `{name}`: {e}")))?;
            let majors = Majors::of(&train, doc_labels);
            Ok(score_sentences(
                &model, corpus, test_idx, lexicon, &majors, doc_labels, labels, seed,
            ))
        })
        .collect();
    let (mut stance, mut frame, mut document) = (Pool::default(), None::<Pool>, Pool::default());
    for part in scored {
        let (s, f, d) = part?;
        stance.append(s);
        if let Some(f) = f {
            frame.get_or_insert_with(Pool::default).append(f);
        }
        document.append(d);
    }
    Ok(((stance, frame, document), MethodPools::default()))
}

/// The majority-class and stratified-random baselines' knowledge: the label
/// distributions of the data the model learned from.
struct Majors {
    stance: String,
    frame: String,
    document: String,
    stance_dist: Vec<String>,
    frame_dist: Vec<String>,
    document_dist: Vec<String>,
}

impl Majors {
    fn of(data: &LabeledCorpus, doc_labels: Option<&BTreeMap<String, String>>) -> Self {
        let stances: Vec<&str> = data.sentences().map(|s| s.stance).collect();
        let frames: Vec<&str> = data.sentences().filter_map(|s| s.frame).collect();
        let docs: Vec<&str> = doc_labels.map_or(Vec::new(), |l| {
            data.groups()
                .into_iter()
                .filter_map(|g| l.get(g).map(String::as_str))
                .collect()
        });
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Majors {
            stance: baseline::majority(&stances),
            frame: baseline::majority(&frames),
            document: baseline::majority(&docs),
            stance_dist: own(&stances),
            frame_dist: own(&frames),
            document_dist: own(&docs),
        }
    }
}

/// Predicts the sentences `idx` of `corpus` with `model` and the baselines.
#[allow(clippy::too_many_arguments)]
fn score_sentences(
    model: &StanceModel,
    corpus: &LabeledCorpus,
    idx: &[usize],
    lexicon: &Lexicon,
    majors: &Majors,
    doc_labels: Option<&BTreeMap<String, String>>,
    labels: &Labels,
    seed: u64,
) -> (Pool, Option<Pool>, Pool) {
    let analyzer = model.analyzer();
    let tagger = FrameTagger::new(lexicon);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = |dist: &[String]| -> String {
        if dist.is_empty() {
            String::new()
        } else {
            dist[rng.gen_range(0..dist.len())].clone()
        }
    };
    let mut stance = Pool::default();
    let mut frame = model.frame_head().map(|_| Pool::default());
    // Test sentences grouped by document, in corpus order, for the document level.
    let mut docs: BTreeMap<&str, (Vec<SentencePrediction>, Vec<String>, &str)> = BTreeMap::new();
    for &i in idx {
        let s = corpus.sentence(i);
        let row = model.features(s.text, &analyzer);
        let p = model.predict_sentence(s.text, &analyzer);
        let lex_stance = baseline::lexicon_stance(&tagger, s.text);
        push(
            &mut stance,
            i,
            &s,
            s.stance,
            &p.stance,
            reorder_probs(model.stance_labels(), &p.stance_probs, labels.stance),
        );
        stance.majority.push(majors.stance.clone());
        stance.stratified.push(draw(&majors.stance_dist));
        stance.lexicon.push(lex_stance.clone());
        if p.stance != s.stance {
            stance.errors.push(explain(
                model.stance_head(),
                model,
                &row,
                &s,
                &p.stance,
                s.stance,
                &p.stance_probs,
            ));
        }
        if let (Some(f), Some(gold), Some(head)) = (frame.as_mut(), s.frame, model.frame_head()) {
            let pred = p.frame.clone().unwrap_or_default();
            let probs = p.frame_probs.clone().unwrap_or_default();
            push(
                f,
                i,
                &s,
                gold,
                &pred,
                reorder_probs(head.labels(), &probs, labels.frame),
            );
            f.majority.push(majors.frame.clone());
            f.stratified.push(draw(&majors.frame_dist));
            f.lexicon.push(baseline::lexicon_frame(&tagger, s.text));
            if pred != gold {
                f.errors
                    .push(explain(head, model, &row, &s, &pred, gold, &probs));
            }
        }
        let entry = docs
            .entry(s.group)
            .or_insert((Vec::new(), Vec::new(), s.split));
        entry.0.push(p);
        entry.1.push(lex_stance);
    }
    let mut document = Pool::default();
    if let Some(gold_docs) = doc_labels {
        for (group, (sentences, lex, split)) in docs {
            if let Some(gold) = gold_docs.get(group) {
                let d = model.aggregate(sentences);
                document.gold.push(gold.clone());
                document.model.push(d.stance.clone());
                document.probs.push(reorder_probs(
                    model.stance_labels(),
                    &d.stance_probs,
                    labels.stance,
                ));
                document.groups.push(group.to_string());
                document.splits.push(split.to_string());
                document.majority.push(majors.document.clone());
                document.stratified.push(draw(&majors.document_dist));
                document.lexicon.push(baseline::lexicon_document(&lex));
            }
        }
    }
    (stance, frame, document)
}

/// Records one model prediction with its article and split unit.
fn push(
    pool: &mut Pool,
    row: usize,
    s: &crate::data::LabeledSentence<'_>,
    gold: &str,
    pred: &str,
    probs: Vec<f64>,
) {
    pool.gold.push(gold.to_string());
    pool.model.push(pred.to_string());
    pool.probs.push(probs);
    pool.groups.push(s.group.to_string());
    pool.splits.push(s.split.to_string());
    pool.rows.push(row);
}

fn explain(
    head: &crate::model::LogisticHead,
    model: &StanceModel,
    row: &crate::features::tfidf::SparseRow,
    s: &crate::data::LabeledSentence<'_>,
    pred: &str,
    gold: &str,
    probs: &[f64],
) -> Misclassified {
    Misclassified {
        group: s.group.to_string(),
        text: s.text.to_string(),
        gold: gold.to_string(),
        predicted: pred.to_string(),
        confidence: probs.iter().copied().fold(0.0, f64::max),
        pushed_by: pushed_by(head, model.vectorizer(), row, pred, gold, 5),
    }
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
    evaluate_trained_with(model, model_name, test, lexicon, doc_labels, None)
}

/// [`evaluate_trained`] with a headline metric (checked against the test labels).
pub fn evaluate_trained_with(
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
        stance: stance.report(&stance_labels, seed, headline),
        frame: (!frame.is_empty()).then(|| frame.report(&frame_labels, seed, None)),
        document: (!document.is_empty()).then(|| document.report(&stance_labels, seed, None)),
        document_methods: Vec::new(),
        top_features: TopFeatures::of(model),
        predictions,
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

/// The labeled files of a corpus, for messages.
fn sources(corpus: &LabeledCorpus) -> String {
    corpus
        .sources
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
