//! Transfer: how the model fares on text unlike anything it was trained on.
//!
//! Cross-validation on `labels/` mixes every style and source into every fold, so it
//! measures the model on text like its training text. The maintainers' real outlets are
//! not like it, and that is where the first shipped model failed (0.99 article macro-F1 in
//! cross-validation, 0.67 on real outlets). So beside every cross-validated figure stancer
//! reports held-out units: each style in turn never seen in training (leave-one-style-out),
//! each source in turn (the real seed articles, the real MFA teasers, each composition
//! round), and what a source buys when added (the same held-out text predicted with and
//! without it in training).
//!
//! Per unit the sentence figures are macro-F1 over the labels that unit's gold holds, with
//! a 95% interval from resampling its articles, and beside it the strict figure over the
//! gold and the predicted labels (scikit-learn's default): a held-out style with no
//! pro-Tskhinvali sentence scores 0 on that class for a single stray prediction, so the
//! strict figure measures stray predictions as much as quality, and both are shown.

mod suite;

pub use suite::{run_suite, RoundGain, SourceGain, SuiteInput, SuiteReports, TransferSuite};

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::bootstrap::{GroupDraws, Interval};
use super::metrics::ClassificationReport;
use super::pool::RESAMPLES;
use super::run::{evaluate_on_folds, EvalReport};
use super::split::{grouped_kfold, Fold};
use crate::data::LabeledCorpus;
use crate::error::Result;
use crate::features::Lexicon;
use crate::model::ModelParams;

/// One head's figures on one held-out unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitScore {
    pub n: usize,
    /// Macro-F1 over the unit's gold labels, with its interval (articles resampled).
    pub macro_f1: Interval,
    /// Macro-F1 over the gold and the predicted labels.
    pub strict_macro_f1: f64,
    pub accuracy: f64,
}

/// The figures of one held-out unit (a style, a source), or of all units pooled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferUnit {
    pub unit: String,
    pub n_documents: usize,
    pub stance: UnitScore,
    pub frame: Option<UnitScore>,
    pub document: Option<UnitScore>,
}

/// Held-out units of one evaluation, each predicted by a model that never saw it.
#[derive(Debug, Clone, Serialize)]
pub struct TransferReport {
    /// What is held out ("style", "source").
    pub held_out: String,
    pub units: Vec<TransferUnit>,
    pub pooled: TransferUnit,
}

impl TransferReport {
    /// The per-unit figures of an evaluation whose split units are the held-out units.
    pub fn of(report: &EvalReport, held_out: &str) -> Self {
        let rows: Vec<Row> = report
            .predictions
            .iter()
            .map(|p| Row {
                level: p.level,
                group: &p.group,
                unit: &p.split,
                gold: &p.gold,
                predicted: &p.predicted,
            })
            .collect();
        let units: BTreeSet<&str> = rows.iter().map(|r| r.unit).collect();
        let seed = report.seed;
        TransferReport {
            held_out: held_out.to_string(),
            units: units
                .iter()
                .map(|u| unit_scores(u, rows.iter().filter(|r| r.unit == *u), seed))
                .collect(),
            pooled: unit_scores("all", rows.iter(), seed),
        }
    }

    /// The unit named `name`.
    pub fn unit(&self, name: &str) -> Option<&TransferUnit> {
        self.units.iter().find(|u| u.unit == name)
    }

    /// The smallest sentence stance macro-F1 over the units (gold labels, strict).
    pub fn worst_stance(&self) -> (f64, f64) {
        self.units
            .iter()
            .fold((f64::INFINITY, f64::INFINITY), |(a, b), u| {
                (
                    a.min(u.stance.macro_f1.value),
                    b.min(u.stance.strict_macro_f1),
                )
            })
    }

    /// A Markdown table, one row per held-out unit and one for all of them pooled.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "| held-out {} | sentences | articles | sentence stance macro-F1 [95% CI] | strict | sentence frame macro-F1 [95% CI] | article stance macro-F1 [95% CI] | article accuracy |\n|---|---|---|---|---|---|---|---|\n",
            self.held_out
        );
        for u in self.units.iter().chain(std::iter::once(&self.pooled)) {
            let name = if u.unit == "all" {
                "**all, pooled**".to_string()
            } else {
                u.unit.clone()
            };
            s += &format!(
                "| {name} | {} | {} | {} | {:.3} | {} | {} | {} |\n",
                u.stance.n,
                u.n_documents,
                ci(&u.stance.macro_f1),
                u.stance.strict_macro_f1,
                u.frame.as_ref().map_or("-".into(), |f| ci(&f.macro_f1)),
                u.document.as_ref().map_or("-".into(), |d| ci(&d.macro_f1)),
                u.document
                    .as_ref()
                    .map_or("-".into(), |d| format!("{:.3}", d.accuracy)),
            );
        }
        s
    }
}

fn ci(i: &Interval) -> String {
    format!("{:.3} [{:.3}, {:.3}]", i.value, i.lo, i.hi)
}

struct Row<'a> {
    level: &'static str,
    group: &'a str,
    unit: &'a str,
    gold: &'a str,
    predicted: &'a str,
}

fn unit_scores<'a>(
    unit: &str,
    rows: impl Iterator<Item = &'a Row<'a>> + Clone,
    seed: u64,
) -> TransferUnit {
    let level =
        |l: &'static str| -> Vec<&Row<'a>> { rows.clone().filter(|r| r.level == l).collect() };
    let stance = level("sentence stance");
    let frame = level("sentence frame");
    let document = level("document stance");
    let n_documents = stance
        .iter()
        .map(|r| r.group)
        .collect::<BTreeSet<_>>()
        .len();
    TransferUnit {
        unit: unit.to_string(),
        n_documents,
        stance: score(&stance, seed),
        frame: (!frame.is_empty()).then(|| score(&frame, seed)),
        document: (!document.is_empty()).then(|| score(&document, seed)),
    }
}

fn score(rows: &[&Row<'_>], seed: u64) -> UnitScore {
    let gold: Vec<String> = rows.iter().map(|r| r.gold.to_string()).collect();
    let pred: Vec<String> = rows.iter().map(|r| r.predicted.to_string()).collect();
    let groups: Vec<String> = rows.iter().map(|r| r.group.to_string()).collect();
    let full = gold_macro_f1(&gold, &pred);
    let mut draws = GroupDraws::new(&groups, seed);
    let mut samples: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            let idx = draws.resample();
            let g: Vec<String> = idx.iter().map(|&i| gold[i].clone()).collect();
            let p: Vec<String> = idx.iter().map(|&i| pred[i].clone()).collect();
            gold_macro_f1(&g, &p)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((q * samples.len() as f64) as usize).min(samples.len() - 1)];
    let strict = ClassificationReport::new(&gold, &pred, &[]);
    UnitScore {
        n: gold.len(),
        macro_f1: Interval {
            value: full,
            lo: at(0.025),
            hi: at(0.975),
        },
        strict_macro_f1: strict.macro_f1,
        accuracy: strict.accuracy,
    }
}

/// Macro-F1 over the labels the gold holds.
fn gold_macro_f1(gold: &[String], pred: &[String]) -> f64 {
    let r = ClassificationReport::new(gold, pred, &[]);
    let present: BTreeSet<&String> = gold.iter().collect();
    let f1: Vec<f64> = r
        .classes
        .iter()
        .filter(|c| present.contains(&c.label))
        .map(|c| c.f1)
        .collect();
    if f1.is_empty() {
        0.0
    } else {
        f1.iter().sum::<f64>() / f1.len() as f64
    }
}

/// Each value of `unit` (one per corpus row) held out in turn, training on every other
/// row for which `trainable` holds: leave-one-style-out with `unit` the styles; with
/// `trainable` false for a source's rows, the same held-out text predicted without ever
/// training on that source.
pub fn hold_out_each(
    corpus: &LabeledCorpus,
    unit: &[&str],
    trainable: impl Fn(usize) -> bool,
    description: &str,
    lexicon: &Lexicon,
    params: &ModelParams,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<EvalReport> {
    let values: BTreeSet<&str> = unit.iter().copied().collect();
    let folds = values
        .iter()
        .map(|v| Fold {
            train: (0..corpus.len())
                .filter(|&i| unit[i] != *v && trainable(i))
                .collect(),
            test: (0..corpus.len()).filter(|&i| unit[i] == *v).collect(),
        })
        .collect();
    evaluate_on_folds(corpus, folds, description, lexicon, params, doc_labels)
}

/// The rows for which `target` holds, predicted in `k` grouped folds of their articles,
/// each by a model trained on the other folds' target rows and on every row outside the
/// target for which `trainable` holds: how a source fares when the model has seen other
/// articles of it (against [`hold_out_each`], where it has seen none).
#[allow(clippy::too_many_arguments)]
pub fn cross_validate_within(
    corpus: &LabeledCorpus,
    target: impl Fn(usize) -> bool,
    trainable: impl Fn(usize) -> bool,
    k: usize,
    description: &str,
    lexicon: &Lexicon,
    params: &ModelParams,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<EvalReport> {
    let rows: Vec<usize> = (0..corpus.len()).filter(|&i| target(i)).collect();
    let groups: Vec<&str> = rows.iter().map(|&i| corpus.sentence(i).group).collect();
    let rest: Vec<usize> = (0..corpus.len())
        .filter(|&i| !target(i) && trainable(i))
        .collect();
    let folds = grouped_kfold(&groups, k, params.seed)
        .into_iter()
        .map(|f| {
            let mut train: Vec<usize> = rest
                .iter()
                .copied()
                .chain(f.train.iter().map(|&j| rows[j]))
                .collect();
            train.sort_unstable();
            Fold {
                train,
                test: f.test.iter().map(|&j| rows[j]).collect(),
            }
        })
        .collect();
    evaluate_on_folds(corpus, folds, description, lexicon, params, doc_labels)
}
