//! Benchmark runs: which features carry stance here? Every feature set is trained and
//! scored on the same grouped folds, so differences are the features', not the split's,
//! and each set is tested against a reference set with a paired, group-level test.
//!
//! A config names the shared settings once and each set's changes on top of them:
//!
//! ```toml
//! reference = "uni+bigram"
//! folds = 5
//! seed = 42
//! [base.features]        # a ModelParams, as in eval/default.toml
//! min_df = 2
//! [[set]]
//! name = "unigram"
//! [set.features]
//! word_ngrams = [1, 1]
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use super::bootstrap::{bootstrap_metric, group_bootstrap, BootstrapCi, Interval};
use super::metrics::ClassificationReport;
use super::pool::RESAMPLES;
use super::run::{make_folds, SplitSpec};
use super::significance::{paired_test, PairedTest};
use super::split::Fold;
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::{Analyzer, ArticleReading, Lexicon, TfidfVectorizer};
use crate::model::{LogisticHead, ModelParams};

mod config;
mod render;

pub use config::{BenchConfig, FeatureSet, Head};

/// One set's results over all folds.
#[derive(Debug, Clone, Serialize)]
pub struct SetResult {
    pub name: String,
    pub params: ModelParams,
    /// The config's metric on the pooled predictions, with its 95% interval (groups
    /// resampled), and per fold.
    pub headline: Interval,
    pub fold_headline: Vec<f64>,
    /// Pooled out-of-fold predictions.
    pub report: ClassificationReport,
    /// 95% intervals, resampling groups.
    pub ci: BootstrapCi,
    pub fold_macro_f1: Vec<f64>,
    /// Mean number of features over folds.
    pub n_features: f64,
    /// Total seconds over folds (vectorizer + head fit; vectorize + predict).
    pub fit_seconds: f64,
    pub predict_seconds: f64,
    /// Against the reference set (absent for the reference itself).
    pub vs_reference: Option<PairedTest>,
    /// The head's model family (the winner's where `[search]` chose it).
    pub model: String,
    /// Rank by the metric among all sets (1 = best; ties share a rank).
    pub rank: usize,
    /// With `[search]`: how often inner cross-validation chose each setting, over the
    /// folds (and groups with `--per-group`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chosen: Vec<(String, usize)>,
    /// How many of the set's fits (one per fold, or per fold and `--per-group` value)
    /// stopped at `max_iterations` before converging, and how many there were: a set
    /// ranked on such fits is ranked on weights that are not its settings' optimum, which
    /// `train` and `eval` warn of and `bench` passed over. Absent when every fit converged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unconverged_fits: Option<(usize, usize)>,
}

/// Everything a benchmark run found, with what is needed to re-run it.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub stancer_version: String,
    pub command: String,
    pub sources: Vec<String>,
    pub data_sha256: String,
    pub config: BenchConfig,
    pub n_sentences: usize,
    pub n_groups: usize,
    pub sets: Vec<SetResult>,
}

struct FoldOut {
    pred: Vec<String>,
    n_features: f64,
    fit: f64,
    predict: f64,
    /// The settings inner CV chose for each model of the fold.
    chosen: Vec<crate::model::search::Candidate>,
    /// The head fits of the fold, and those that stopped before converging.
    fits: usize,
    unconverged: usize,
}

/// Runs every set on the same stratified grouped folds. `progress` is called after each
/// (set, fold) with the set's name.
pub fn run_bench(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    config: &BenchConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<BenchReport> {
    let y: Vec<&str> = match config.head {
        Head::Stance => corpus.sentences().map(|s| s.stance).collect(),
        Head::Frame => {
            if !corpus.has_frames() {
                return Err(StancerError::Config(
                    "head = \"frame\" needs a frame column".into(),
                ));
            }
            corpus.sentences().map(|s| s.frame.unwrap_or("")).collect()
        }
    };
    let groups: Vec<&str> = corpus.sentences().map(|s| s.split).collect();
    let split = if config.leave_one_group_out {
        SplitSpec::LeaveOneGroupOut
    } else {
        SplitSpec::KFold {
            k: config.folds,
            repeats: 1,
        }
    };
    let folds = make_folds(&groups, &y, &split, config.seed)?;
    // Test order: fold by fold, so all sets' predictions line up.
    let order: Vec<usize> = folds.iter().flat_map(|f| f.test.clone()).collect();
    let gold: Vec<String> = order.iter().map(|&i| y[i].to_string()).collect();
    let test_groups: Vec<String> = order.iter().map(|&i| groups[i].to_string()).collect();
    let mut labels: Vec<String> = gold.clone();
    labels.sort();
    labels.dedup();
    config.metric.check(&labels).map_err(StancerError::Config)?;
    let metric = |g: &[String], p: &[String]| {
        config
            .metric
            .compute(&ClassificationReport::new(g, p, &labels))
    };

    let mut results = Vec::new();
    let mut preds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for set in &config.sets {
        // Folds in parallel; each fit is deterministic, so results do not depend on the
        // thread count (the times do).
        let outs: Vec<Result<FoldOut>> = folds
            .par_iter()
            .map(|fold| {
                let out = run_fold(corpus, lexicon, &set.params, config.head, &y, fold);
                progress(&set.name);
                out
            })
            .collect();
        let mut pred = Vec::with_capacity(order.len());
        let (mut n_features, mut fit, mut predict) = (0.0, 0.0, 0.0);
        let (mut fold_f1, mut fold_headline) = (Vec::new(), Vec::new());
        let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
        let mut families: Vec<&'static str> = Vec::new();
        let (mut fits, mut unconverged) = (0, 0);
        for (fold, out) in folds.iter().zip(outs) {
            let out = out?;
            fits += out.fits;
            unconverged += out.unconverged;
            for c in &out.chosen {
                *chosen.entry(super::chosen::label(c)).or_default() += 1;
                if !families.contains(&c.model.name()) {
                    families.push(c.model.name());
                }
            }
            let fold_gold: Vec<String> = fold.test.iter().map(|&i| y[i].to_string()).collect();
            fold_f1.push(ClassificationReport::new(&fold_gold, &out.pred, &[]).macro_f1);
            fold_headline.push(metric(&fold_gold, &out.pred));
            pred.extend(out.pred);
            n_features += out.n_features / folds.len() as f64;
            fit += out.fit;
            predict += out.predict;
        }
        let headline = bootstrap_metric(
            &gold,
            &pred,
            &test_groups,
            &labels,
            RESAMPLES,
            config.seed,
            |r| config.metric.compute(r),
        );
        results.push(SetResult {
            name: set.name.clone(),
            params: set.params.clone(),
            headline,
            fold_headline,
            report: ClassificationReport::new(&gold, &pred, &labels),
            ci: group_bootstrap(&gold, &pred, &test_groups, &labels, RESAMPLES, config.seed),
            fold_macro_f1: fold_f1,
            n_features,
            fit_seconds: fit,
            predict_seconds: predict,
            vs_reference: None,
            model: match config.head {
                _ if !families.is_empty() => {
                    families.sort_unstable();
                    families.join("/")
                }
                Head::Stance => set.params.stance.model.name().to_string(),
                Head::Frame => set.params.frame.model.name().to_string(),
            },
            rank: 0,
            chosen: ranked_counts(chosen),
            unconverged_fits: (unconverged > 0).then_some((unconverged, fits)),
        });
        preds.insert(set.name.clone(), pred);
    }
    let values: Vec<f64> = results.iter().map(|r| r.headline.value).collect();
    for r in &mut results {
        r.rank = 1 + values.iter().filter(|&&v| v > r.headline.value).count();
    }
    let reference = &preds[&config.reference];
    for r in &mut results {
        if r.name != config.reference {
            r.vs_reference = Some(paired_test(
                &gold,
                &preds[&r.name],
                reference,
                &test_groups,
                &metric,
                RESAMPLES,
                config.seed,
            ));
        }
    }
    Ok(BenchReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: corpus.source_names(),
        data_sha256: corpus.sha256.clone(),
        config: config.clone(),
        n_sentences: corpus.len(),
        n_groups: corpus.groups().len(),
        sets: results,
    })
}

impl BenchReport {
    /// A warning per set some of whose fits stopped at `max_iterations` before
    /// converging, as `train` and `eval` warn of their heads.
    pub fn warnings(&self) -> Vec<String> {
        let head = match self.config.head {
            Head::Stance => "stance",
            Head::Frame => "frame",
        };
        self.sets
            .iter()
            .filter_map(|s| {
                let (n, of) = s.unconverged_fits?;
                Some(format!(
                    "set `{}`: the {head} head stopped at max_iterations before converging \
                     in {n} of {of} fits; its figures are not those of its settings' \
                     optimum: raise max_iterations in [base.{head}] or the set (or lower c)",
                    s.name
                ))
            })
            .collect()
    }
}

/// Settings and how often they were chosen, most often first.
fn ranked_counts(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// One fold: a model on the training rows, predictions for the test rows (in their
/// order). With per-group values, one model per value, as `eval --per-group` trains them.
fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    head: Head,
    y: &[&str],
    fold: &Fold,
) -> Result<FoldOut> {
    if !corpus.is_per_group() {
        return fit_predict(corpus, lexicon, params, head, y, &fold.train, &fold.test);
    }
    let parts = fold.parts_by(|i| corpus.sentence(i).per_group.unwrap_or(""));
    let mut pred_of: BTreeMap<usize, String> = BTreeMap::new();
    let mut out = FoldOut {
        pred: Vec::new(),
        n_features: 0.0,
        fit: 0.0,
        predict: 0.0,
        chosen: Vec::new(),
        fits: 0,
        unconverged: 0,
    };
    let n_models = parts.values().filter(|(_, test)| !test.is_empty()).count();
    for (name, (train, test)) in parts.iter().filter(|(_, (_, test))| !test.is_empty()) {
        if train.is_empty() {
            return Err(StancerError::Data(format!(
                "per-group value `{name}` has test rows but no training rows"
            )));
        }
        let part = fit_predict(corpus, lexicon, params, head, y, train, test)
            .map_err(|e| StancerError::Training(format!("group `{name}`: {e}")))?;
        pred_of.extend(test.iter().copied().zip(part.pred));
        out.n_features += part.n_features / n_models as f64;
        out.fit += part.fit;
        out.predict += part.predict;
        out.chosen.extend(part.chosen);
        out.fits += part.fits;
        out.unconverged += part.unconverged;
    }
    out.pred = fold
        .test
        .iter()
        .map(|i| pred_of.remove(i).unwrap_or_default())
        .collect();
    Ok(out)
}

fn fit_predict(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    head: Head,
    y: &[&str],
    train: &[usize],
    test: &[usize],
) -> Result<FoldOut> {
    let start = Instant::now();
    // `[search]` tunes the stance head on the training rows only.
    let (searched, chosen) = match (&params.search, head) {
        (Some(grid), Head::Stance) => {
            let (p, outcome) = crate::model::search::search(
                grid,
                &params.features,
                &params.stance,
                params.seed,
                &corpus.subset(train),
                lexicon,
            )?;
            (Some(p), vec![outcome.winner().clone()])
        }
        _ => (None, Vec::new()),
    };
    let head_params = match (&searched, head) {
        (Some(p), _) => p,
        (None, Head::Stance) => &params.stance,
        (None, Head::Frame) => &params.frame,
    };
    let read = corpus.texts_as_read(&ArticleReading::new(&params.features, lexicon));
    let texts: Vec<&str> = train.iter().map(|&i| read[i].as_ref()).collect();
    let vectorizer = TfidfVectorizer::fit(&params.features, lexicon, &texts)?;
    let rows = vectorizer.transform_rows(&texts);
    let train_y: Vec<&str> = train.iter().map(|&i| y[i]).collect();
    let model =
        LogisticHead::fit_labels_only(&rows, vectorizer.n_features(), &train_y, head_params)?;
    drop(rows);
    let unconverged = usize::from(model.converged() == Some(false));
    let fit = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let analyzer = Analyzer::new(vectorizer.config());
    let pred = test
        .iter()
        .map(|&i| {
            let row = vectorizer.transform_one(&read[i], &analyzer);
            model.predict(&row).0.to_string()
        })
        .collect();
    Ok(FoldOut {
        pred,
        n_features: vectorizer.n_features() as f64,
        fit,
        predict: start.elapsed().as_secs_f64(),
        chosen,
        fits: 1,
        unconverged,
    })
}
