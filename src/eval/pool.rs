//! Predictions pooled over folds, and the report they make for one head at one level.

use std::collections::BTreeMap;

use serde::Serialize;

use super::bootstrap::{group_bootstrap, BootstrapCi};
use super::calibration::{calibration, Calibration};
use super::explain::Misclassified;
use super::metrics::{macro_f1, ClassificationReport};

/// How many wrong predictions a report lists, most confident first.
pub const WORST_ERRORS: usize = 15;
/// Bootstrap resamples per interval.
pub const RESAMPLES: usize = 1000;

/// Accuracy and macro-F1 within one group (article, style, outlet...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub group: String,
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
}

/// Model and baseline reports for one head at one level, with uncertainty and errors.
#[derive(Debug, Clone, Serialize)]
pub struct HeadEval {
    pub model: ClassificationReport,
    pub majority: ClassificationReport,
    pub stratified: ClassificationReport,
    pub lexicon: ClassificationReport,
    /// Macro-F1 of the model in each fold (over the labels present in that fold).
    pub fold_macro_f1: Vec<f64>,
    /// 95% intervals from resampling articles.
    pub ci: BootstrapCi,
    pub calibration: Calibration,
    /// Per split unit (articles, or the `--split-col` values), worst first.
    pub per_group: Vec<GroupScore>,
    pub worst_errors: Vec<Misclassified>,
}

/// Gold labels, predictions and probabilities for one head, pooled over folds.
#[derive(Default)]
pub(crate) struct Pool {
    pub gold: Vec<String>,
    pub model: Vec<String>,
    pub majority: Vec<String>,
    pub stratified: Vec<String>,
    pub lexicon: Vec<String>,
    /// Model probabilities in the head's full label order.
    pub probs: Vec<Vec<f64>>,
    /// Article of each prediction: the bootstrap's resampling unit.
    pub groups: Vec<String>,
    /// Split unit of each prediction, for the per-group breakdown.
    pub splits: Vec<String>,
    pub errors: Vec<Misclassified>,
    pub fold_f1: Vec<f64>,
}

impl Pool {
    /// Adds one fold. Its macro-F1 is over the labels present in that fold (gold or
    /// predicted), as scikit-learn's report does: a held-out style with no partisan
    /// sentences is not scored on classes it cannot contain.
    pub fn extend(&mut self, other: Pool) {
        if !other.gold.is_empty() {
            self.fold_f1.push(macro_f1(&other.gold, &other.model, &[]));
        }
        self.gold.extend(other.gold);
        self.model.extend(other.model);
        self.majority.extend(other.majority);
        self.stratified.extend(other.stratified);
        self.lexicon.extend(other.lexicon);
        self.probs.extend(other.probs);
        self.groups.extend(other.groups);
        self.splits.extend(other.splits);
        self.errors.extend(other.errors);
    }

    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }

    pub fn report(mut self, labels: &[String], seed: u64) -> HeadEval {
        let mut per: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for ((s, g), p) in self.splits.iter().zip(&self.gold).zip(&self.model) {
            let e = per.entry(s.as_str()).or_default();
            e.0.push(g.clone());
            e.1.push(p.clone());
        }
        let mut per_group: Vec<GroupScore> = per
            .into_iter()
            .map(|(group, (g, p))| {
                let r = ClassificationReport::new(&g, &p, &[]);
                GroupScore {
                    group: group.to_string(),
                    n: g.len(),
                    accuracy: r.accuracy,
                    macro_f1: r.macro_f1,
                }
            })
            .collect();
        per_group.sort_by(|a, b| {
            a.accuracy
                .total_cmp(&b.accuracy)
                .then_with(|| a.group.cmp(&b.group))
        });
        self.errors.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.text.cmp(&b.text))
        });
        self.errors.truncate(WORST_ERRORS);
        HeadEval {
            model: ClassificationReport::new(&self.gold, &self.model, labels),
            majority: ClassificationReport::new(&self.gold, &self.majority, labels),
            stratified: ClassificationReport::new(&self.gold, &self.stratified, labels),
            lexicon: ClassificationReport::new(&self.gold, &self.lexicon, labels),
            fold_macro_f1: self.fold_f1,
            ci: group_bootstrap(
                &self.gold,
                &self.model,
                &self.groups,
                labels,
                RESAMPLES,
                seed,
            ),
            calibration: calibration(labels, &self.probs, &self.gold, 10),
            per_group,
            worst_errors: self.errors,
        }
    }
}
