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
use crate::features::{Analyzer, Lexicon, TfidfVectorizer};
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
    n_features: usize,
    fit: f64,
    predict: f64,
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
        for (fold, out) in folds.iter().zip(outs) {
            let out = out?;
            let fold_gold: Vec<String> = fold.test.iter().map(|&i| y[i].to_string()).collect();
            fold_f1.push(ClassificationReport::new(&fold_gold, &out.pred, &[]).macro_f1);
            fold_headline.push(metric(&fold_gold, &out.pred));
            pred.extend(out.pred);
            n_features += out.n_features as f64 / folds.len() as f64;
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
        });
        preds.insert(set.name.clone(), pred);
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

fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    head: Head,
    y: &[&str],
    fold: &Fold,
) -> Result<FoldOut> {
    let head_params = match head {
        Head::Stance => &params.stance,
        Head::Frame => &params.frame,
    };
    let start = Instant::now();
    let texts: Vec<&str> = fold.train.iter().map(|&i| corpus.text(i)).collect();
    let vectorizer = TfidfVectorizer::fit(&params.features, lexicon, &texts)?;
    let rows = vectorizer.transform_rows(&texts);
    let train_y: Vec<&str> = fold.train.iter().map(|&i| y[i]).collect();
    let model =
        LogisticHead::fit_labels_only(&rows, vectorizer.n_features(), &train_y, head_params)?;
    drop(rows);
    let fit = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let analyzer = Analyzer::new(vectorizer.config());
    let pred = fold
        .test
        .iter()
        .map(|&i| {
            let row = vectorizer.transform_one(corpus.text(i), &analyzer);
            model.predict(&row).0.to_string()
        })
        .collect();
    Ok(FoldOut {
        pred,
        n_features: vectorizer.n_features(),
        fit,
        predict: start.elapsed().as_secs_f64(),
    })
}
