//! Predictions pooled over folds, and the report they make for one head at one level.

use std::collections::BTreeMap;

use serde::Serialize;

use super::bootstrap::{bootstrap_metric, group_bootstrap, BootstrapCi};
use super::calibration::{calibration, Calibration};
use super::explain::Misclassified;
use super::headline::{Headline, HeadlineScore};
use super::metrics::{macro_f1, scored_labels, ClassificationReport};

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
    /// The headline metric, when one was chosen (`--metric`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<HeadlineScore>,
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
    /// Corpus row of each sentence prediction (empty for articles), for the out-of-fold
    /// predictions file.
    pub rows: Vec<usize>,
    pub errors: Vec<Misclassified>,
    pub fold_f1: Vec<f64>,
    /// Where each fold's predictions end, for per-fold headline values.
    pub fold_ends: Vec<usize>,
}

impl Pool {
    /// Adds one fold. Its macro-F1 is over the labels present in that fold (gold or
    /// predicted), as scikit-learn's report does: a held-out style with no partisan
    /// sentences is not scored on classes it cannot contain.
    pub fn extend(&mut self, other: Pool) {
        if !other.gold.is_empty() {
            self.fold_f1.push(macro_f1(&other.gold, &other.model, &[]));
            self.fold_ends.push(self.gold.len() + other.gold.len());
        }
        self.append(other);
    }

    /// Adds predictions to the current fold (e.g. those of another per-group model).
    pub fn append(&mut self, other: Pool) {
        self.gold.extend(other.gold);
        self.model.extend(other.model);
        self.majority.extend(other.majority);
        self.stratified.extend(other.stratified);
        self.lexicon.extend(other.lexicon);
        self.probs.extend(other.probs);
        self.groups.extend(other.groups);
        self.splits.extend(other.splits);
        self.rows.extend(other.rows);
        self.errors.extend(other.errors);
    }

    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }

    /// The pooled predictions, one per tested sentence (or article), for
    /// [`OofPrediction`](super::predictions::OofPrediction)s.
    pub fn predictions(&self, level: &'static str) -> Vec<super::predictions::OofPrediction> {
        (0..self.gold.len())
            .map(|i| super::predictions::OofPrediction {
                level,
                row: self.rows.get(i).copied(),
                group: self.groups[i].clone(),
                split: self.splits[i].clone(),
                gold: self.gold[i].clone(),
                predicted: self.model[i].clone(),
                probs: self.probs[i].clone(),
            })
            .collect()
    }

    /// The head's report; `labels` is the head's full label order (that of `probs`), and
    /// the classes scored are those of them the gold labels hold, plus any predicted.
    pub fn report(mut self, labels: &[String], seed: u64, headline: Option<&Headline>) -> HeadEval {
        let all = labels;
        let labels = &scored_labels(all, &self.gold);
        let headline = headline.map(|h| self.headline(h, labels, seed));
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
            calibration: calibration(all, &self.probs, &self.gold, 10),
            per_group,
            worst_errors: self.errors,
            headline,
        }
    }

    fn headline(&self, h: &Headline, labels: &[String], seed: u64) -> HeadlineScore {
        let on = |gold: &[String], pred: &[String]| {
            h.compute(&ClassificationReport::new(gold, pred, labels))
        };
        let mut folds = Vec::new();
        if self.fold_ends.len() > 1 {
            let mut start = 0;
            for &end in &self.fold_ends {
                folds.push(on(&self.gold[start..end], &self.model[start..end]));
                start = end;
            }
        }
        HeadlineScore {
            metric: h.clone(),
            model: bootstrap_metric(
                &self.gold,
                &self.model,
                &self.groups,
                labels,
                RESAMPLES,
                seed,
                |r| h.compute(r),
            ),
            folds,
            majority: on(&self.gold, &self.majority),
            stratified: on(&self.gold, &self.stratified),
        }
    }
}
