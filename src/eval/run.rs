//! Held-out evaluation: fit on the training side of each grouped split, predict the other,
//! and score sentence stance, sentence frame and article stance beside the baselines.
//!
//! Predictions are pooled over folds (each sentence is predicted once, by a model that
//! never saw its group), and the per-fold macro-F1 is kept so that the spread across folds
//! is reported too.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::chosen::SearchRecord;
use super::document_methods::{compare_fold, MethodPools, MethodScore};
use super::explain::{top_features, ClassFeatures};
use super::headline::Headline;
use super::leakage::find_leaks;
use super::pool::{HeadEval, Pool};
use super::predict::{score_sentences, Labels, Majors};
use super::predictions::Predictions;
use super::split::Fold;
pub use super::split::{make_folds, SplitSpec};
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::Lexicon;
use crate::model::{ModelParams, StanceModel};

/// What the leakage check found over all folds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LeakageSummary {
    pub exact: usize,
    pub near: usize,
    /// Whether the leaking test sentences were dropped before scoring (`--dedupe`).
    pub removed: bool,
    /// Up to ten examples: test text, training text, Jaccard similarity.
    pub examples: Vec<(String, String, f64)>,
    /// For a trained model's evaluation (`eval --model`): how the test rows overlap its
    /// training sentences (`exact` then counts the test rows found there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub training: Option<super::external::TrainingOverlap>,
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
    /// Heads whose fit stopped at `max_iterations` before converging, and in how many of
    /// the fits (`stance head in 2 of 5 fits`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_converged: Vec<String>,
    pub stance: HeadEval,
    pub frame: Option<HeadEval>,
    pub document: Option<HeadEval>,
    /// Rival article-stance rules on the same folds (empty without article labels).
    pub document_methods: Vec<MethodScore>,
    /// The most heavily weighted features per class.
    pub top_features: TopFeatures,
    /// With `[search]`: the settings inner cross-validation chose for each fitted model
    /// (each outer fold, and each group's model with `--per-group`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<SearchRecord>,
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
    for outcome in outcomes {
        let FoldOutcome {
            pools: (s, f, d),
            methods: m,
            fits: n,
            unconverged: heads,
            search: chosen,
        } = outcome?;
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
        stance: stance.report(&stance_labels, seed, headline),
        frame: (!frame.is_empty()).then(|| frame.report(&frame_labels, seed, None)),
        document: (!document.is_empty()).then(|| document.report(&stance_labels, seed, None)),
        document_methods: methods.report(
            &stance_labels,
            seed,
            super::document_methods::method_of(params.document),
        ),
        top_features: TopFeatures::of(&full),
        search,
        predictions,
    })
}

/// What one outer fold gives the report.
struct FoldOutcome {
    /// Pooled predictions: (stance, frame, document).
    pools: (Pool, Option<Pool>, Pool),
    /// The rival document rules.
    methods: MethodPools,
    /// How many models it fitted, and the heads of each that did not converge.
    fits: usize,
    unconverged: Vec<&'static str>,
    /// What inner cross-validation chose for its model(s).
    search: Vec<SearchRecord>,
}

#[allow(clippy::too_many_arguments)]
fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    (fold_index, fold): (usize, &Fold),
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
        return Ok(FoldOutcome {
            pools,
            methods,
            fits: 1,
            unconverged: model.unconverged_heads(),
            search: SearchRecord::of(&model, fold_index, None)
                .into_iter()
                .collect(),
        });
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
    type Part = (
        (Pool, Option<Pool>, Pool),
        Vec<&'static str>,
        Option<SearchRecord>,
    );
    let scored: Vec<Result<Part>> = parts
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
            let pools = score_sentences(
                &model, corpus, test_idx, lexicon, &majors, doc_labels, labels, seed,
            );
            let record = SearchRecord::of(&model, fold_index, Some(name));
            Ok((pools, model.unconverged_heads(), record))
        })
        .collect();
    let (mut stance, mut frame, mut document) = (Pool::default(), None::<Pool>, Pool::default());
    let (fits, mut unconverged, mut search) = (scored.len(), Vec::new(), Vec::new());
    for part in scored {
        let ((s, f, d), heads, record) = part?;
        unconverged.extend(heads);
        search.extend(record);
        stance.append(s);
        if let Some(f) = f {
            frame.get_or_insert_with(Pool::default).append(f);
        }
        document.append(d);
    }
    Ok(FoldOutcome {
        pools: (stance, frame, document),
        methods: MethodPools::default(),
        fits,
        unconverged,
        search,
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
