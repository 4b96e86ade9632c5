//! Settings chosen by inner cross-validation on the training rows: scikit-learn's
//! `GridSearchCV` over the stance head's `C`, model family and class balancing.
//!
//! The candidates are every combination of the grid (`[search]` in a config); each is
//! trained and scored on the same grouped, stratified inner folds of the training rows
//! only (a vectorizer fitted on each inner training side, as a `Pipeline` would), and the
//! one with the best mean metric over the inner folds wins (`GridSearchCV`'s
//! `mean_test_score`; ties go to the first candidate in grid order). Inside an evaluation
//! this runs in every outer fold, and with `--per-group` for every group's model, so the
//! test rows never choose a setting. The model records the grid and what won.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::head::{HeadModel, HeadParams, LogisticHead};
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::eval::metrics::ClassificationReport;
use crate::eval::split::stratified_grouped_kfold;
use crate::eval::Headline;
use crate::features::{ArticleReading, Lexicon, TfidfVectorizer};

/// The grid and how it is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchParams {
    /// Candidate values of the stance head's `C` (empty: its own).
    pub c: Vec<f64>,
    /// Candidate model families (empty: the stance head's own).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model: Vec<HeadModel>,
    /// Candidate class balancing (empty: the stance head's own).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub balanced: Vec<bool>,
    /// Inner folds (fewer if the training rows have fewer groups).
    pub folds: usize,
    /// The metric the inner folds are scored by: accuracy, macro_f1, micro_f1,
    /// weighted_f1 or f_avg:A,B.
    pub metric: String,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            c: Vec::new(),
            model: Vec::new(),
            balanced: Vec::new(),
            folds: 5,
            metric: "macro_f1".into(),
        }
    }
}

impl SearchParams {
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(StancerError::Config(format!("[search]: {m}")));
        if self.folds < 2 {
            return bad(format!("folds must be at least 2, got {}", self.folds));
        }
        if let Some(c) = self.c.iter().find(|c| !(c.is_finite() && **c > 0.0)) {
            return bad(format!("every C must be a positive number, got {c}"));
        }
        self.headline().map(|_| ()).or_else(bad)
    }

    fn headline(&self) -> std::result::Result<Headline, String> {
        self.metric.parse()
    }

    /// The stance-head settings of every candidate, in grid order (model, then balanced,
    /// then C, each in the order given).
    fn candidates(&self, head: &HeadParams) -> Vec<HeadParams> {
        let models = if self.model.is_empty() {
            vec![head.model]
        } else {
            self.model.clone()
        };
        let balanced = if self.balanced.is_empty() {
            vec![head.balanced]
        } else {
            self.balanced.clone()
        };
        let cs = if self.c.is_empty() {
            vec![head.c]
        } else {
            self.c.clone()
        };
        let mut out = Vec::new();
        for &model in &models {
            for &b in &balanced {
                for &c in &cs {
                    out.push(HeadParams {
                        model,
                        balanced: b,
                        c,
                        ..head.clone()
                    });
                }
            }
        }
        out
    }
}

/// One candidate's inner-CV result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub model: HeadModel,
    pub balanced: bool,
    pub c: f64,
    /// Mean of the metric over the inner folds.
    pub mean: f64,
    pub per_fold: Vec<f64>,
}

/// What the search tried and what it chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchOutcome {
    pub metric: String,
    pub folds: usize,
    pub candidates: Vec<Candidate>,
    /// Index of the winner in `candidates`.
    pub chosen: usize,
    /// The split units (groups) each inner fold held out, for re-running the same inner
    /// folds elsewhere (eval reports carry them; model files do not).
    #[serde(skip)]
    pub inner_test_groups: Vec<Vec<String>>,
}

impl SearchOutcome {
    pub fn winner(&self) -> &Candidate {
        &self.candidates[self.chosen]
    }
}

/// Runs the grid on `corpus` (the training rows) and returns the stance-head settings
/// that won, with the record.
pub fn search(
    search: &SearchParams,
    features: &crate::features::FeatureConfig,
    head: &HeadParams,
    seed: u64,
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
) -> Result<(HeadParams, SearchOutcome)> {
    search.validate()?;
    let metric = search.headline().map_err(StancerError::Config)?;
    let units: Vec<&str> = corpus.sentences().map(|s| s.split).collect();
    let y: Vec<&str> = corpus.sentences().map(|s| s.stance).collect();
    let mut distinct = units.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let k = search.folds.min(distinct.len());
    if k < 2 {
        return Err(StancerError::Data(format!(
            "[search] needs at least two groups in the training rows to cross-validate, found {}",
            distinct.len()
        )));
    }
    let mut labels: Vec<String> = y.iter().map(|s| s.to_string()).collect();
    labels.sort();
    labels.dedup();
    let folds = stratified_grouped_kfold(&units, &y, k, seed);
    let candidates = search.candidates(head);
    // Per inner fold: the metric of every candidate.
    // Each article read once (its context is its own sentences, never a label).
    let read = corpus.texts_as_read(&ArticleReading::new(features, lexicon));
    let scored: Vec<Result<Vec<f64>>> = folds
        .par_iter()
        .map(|fold| {
            let texts: Vec<&str> = fold.train.iter().map(|&i| read[i].as_ref()).collect();
            let (vectorizer, x) = TfidfVectorizer::fit_transform(features, lexicon, &texts)?;
            let train_y: Vec<&str> = fold.train.iter().map(|&i| y[i]).collect();
            let test_texts: Vec<&str> = fold.test.iter().map(|&i| read[i].as_ref()).collect();
            let test_rows = vectorizer.transform_rows(&test_texts);
            let gold: Vec<String> = fold.test.iter().map(|&i| y[i].to_string()).collect();
            candidates
                .iter()
                .map(|params| {
                    let pred: Vec<String> =
                        match LogisticHead::fit_labels_only_csr(&x, &train_y, params) {
                            Ok(h) => test_rows
                                .iter()
                                .map(|r| h.predict(r).0.to_string())
                                .collect(),
                            // One class only on this inner training side: it is the answer.
                            Err(StancerError::Data(_)) => vec![train_y[0].to_string(); gold.len()],
                            Err(e) => return Err(e),
                        };
                    Ok(metric.compute(&ClassificationReport::new(&gold, &pred, &labels)))
                })
                .collect()
        })
        .collect();
    let scored: Vec<Vec<f64>> = scored.into_iter().collect::<Result<_>>()?;
    let results: Vec<Candidate> = candidates
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let per_fold: Vec<f64> = scored.iter().map(|f| f[j]).collect();
            Candidate {
                model: p.model,
                balanced: p.balanced,
                c: p.c,
                mean: per_fold.iter().sum::<f64>() / per_fold.len() as f64,
                per_fold,
            }
        })
        .collect();
    let mut chosen = 0;
    for (j, r) in results.iter().enumerate() {
        if r.mean > results[chosen].mean {
            chosen = j;
        }
    }
    let inner_test_groups = folds
        .iter()
        .map(|f| {
            let mut g: Vec<String> = f.test.iter().map(|&i| units[i].to_string()).collect();
            g.sort();
            g.dedup();
            g
        })
        .collect();
    let outcome = SearchOutcome {
        metric: metric.to_string(),
        folds: k,
        candidates: results,
        chosen,
        inner_test_groups,
    };
    Ok((candidates[chosen].clone(), outcome))
}
