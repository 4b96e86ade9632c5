//! Confidence intervals by resampling groups (articles), not sentences.
//!
//! Sentences of one article are not independent: they share a writer, a topic and a
//! stance. Resampling sentences would pretend there is far more evidence than there is,
//! so the bootstrap draws whole groups with replacement and recomputes the metric on the
//! sentences of the drawn groups (percentile interval, seeded ChaCha draws).

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::metrics::ClassificationReport;

/// A point estimate with its 95% percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Bootstrap intervals for the usual metrics of one head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BootstrapCi {
    pub resamples: usize,
    pub macro_f1: Interval,
    pub accuracy: Interval,
    /// Per class, in report label order.
    pub class_f1: Vec<(String, Interval)>,
}

/// Seeded draws of whole groups with replacement: the resampling unit of every interval
/// and paired test in the harness.
pub(crate) struct GroupDraws {
    /// Row indices of each group, groups in sorted order (stable across runs).
    pub members: Vec<Vec<usize>>,
    pub rng: ChaCha8Rng,
}

impl GroupDraws {
    /// `groups` holds one group per row.
    pub fn new(groups: &[String], seed: u64) -> Self {
        let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, g) in groups.iter().enumerate() {
            by_group.entry(g.as_str()).or_default().push(i);
        }
        GroupDraws {
            members: by_group.into_values().collect(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// The rows of as many groups as there are, drawn with replacement.
    pub fn resample(&mut self) -> Vec<usize> {
        let n = self.members.len();
        let mut rows = Vec::new();
        for _ in 0..n {
            rows.extend_from_slice(&self.members[self.rng.gen_range(0..n)]);
        }
        rows
    }
}

/// `v` at `rows`.
pub(crate) fn pick(v: &[String], rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&i| v[i].clone()).collect()
}

/// The report of the full data and of each of `resamples` group resamples (`each`).
fn resampled_reports(
    gold: &[String],
    pred: &[String],
    groups: &[String],
    labels: &[String],
    resamples: usize,
    seed: u64,
    mut each: impl FnMut(ClassificationReport),
) -> ClassificationReport {
    let full = ClassificationReport::new(gold, pred, labels);
    let mut draws = GroupDraws::new(groups, seed);
    for _ in 0..resamples {
        let rows = draws.resample();
        each(ClassificationReport::new(
            &pick(gold, &rows),
            &pick(pred, &rows),
            &full.labels,
        ));
    }
    full
}

/// Resamples `groups` (one per prediction) `resamples` times with `seed`.
pub fn group_bootstrap(
    gold: &[String],
    pred: &[String],
    groups: &[String],
    labels: &[String],
    resamples: usize,
    seed: u64,
) -> BootstrapCi {
    let mut macro_f1 = Vec::with_capacity(resamples);
    let mut accuracy = Vec::with_capacity(resamples);
    let mut class_f1: Vec<Vec<f64>> = Vec::new();
    let full = resampled_reports(gold, pred, groups, labels, resamples, seed, |r| {
        macro_f1.push(r.macro_f1);
        accuracy.push(r.accuracy);
        class_f1.resize_with(r.classes.len(), Vec::new);
        for (k, c) in r.classes.iter().enumerate() {
            class_f1[k].push(c.f1);
        }
    });
    class_f1.resize_with(full.classes.len(), Vec::new);
    BootstrapCi {
        resamples,
        macro_f1: interval(full.macro_f1, macro_f1),
        accuracy: interval(full.accuracy, accuracy),
        class_f1: full
            .classes
            .iter()
            .zip(class_f1)
            .map(|(c, v)| (c.label.clone(), interval(c.f1, v)))
            .collect(),
    }
}

/// The interval of any metric of a report (e.g. a [`super::headline::Headline`]), from
/// the same group resamples as [`group_bootstrap`] draws with the same seed.
pub fn bootstrap_metric(
    gold: &[String],
    pred: &[String],
    groups: &[String],
    labels: &[String],
    resamples: usize,
    seed: u64,
    metric: impl Fn(&ClassificationReport) -> f64,
) -> Interval {
    let mut values = Vec::with_capacity(resamples);
    let full = resampled_reports(gold, pred, groups, labels, resamples, seed, |r| {
        values.push(metric(&r))
    });
    interval(metric(&full), values)
}

/// The 2.5th and 97.5th percentiles of `samples` around `value`, as
/// `numpy.percentile(samples, [2.5, 97.5])` gives them.
pub fn interval(value: f64, mut samples: Vec<f64>) -> Interval {
    if samples.is_empty() {
        return Interval {
            value,
            lo: value,
            hi: value,
        };
    }
    samples.sort_by(f64::total_cmp);
    // Linear interpolation between order statistics, numpy's default percentile rule.
    let at = |q: f64| {
        let pos = q * (samples.len() - 1) as f64;
        let (i, frac) = (pos.floor() as usize, pos - pos.floor());
        let next = samples[(i + 1).min(samples.len() - 1)];
        samples[i] + frac * (next - samples[i])
    };
    Interval {
        value,
        lo: at(0.025),
        hi: at(0.975),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_perfect_model_has_a_degenerate_interval() {
        let gold = s(&["a", "b", "a", "b"]);
        let groups = s(&["g1", "g1", "g2", "g3"]);
        let ci = group_bootstrap(&gold, &gold, &groups, &s(&["a", "b"]), 200, 1);
        assert_eq!((ci.accuracy.lo, ci.accuracy.hi), (1.0, 1.0));
    }

    #[test]
    fn groups_move_together() {
        // Group g1 all right, g2 all wrong, equal sizes: accuracy per resample is the share
        // of g1 draws, so it takes only the values 0, 0.5 and 1 (never e.g. 0.25).
        let gold = s(&["a", "a", "a", "a"]);
        let pred = s(&["a", "a", "b", "b"]);
        let groups = s(&["g1", "g1", "g2", "g2"]);
        let ci = group_bootstrap(&gold, &pred, &groups, &s(&["a", "b"]), 500, 7);
        assert_eq!(ci.accuracy.value, 0.5);
        assert_eq!(ci.accuracy.lo, 0.0);
        assert_eq!(ci.accuracy.hi, 1.0);
    }

    #[test]
    fn percentile_interval_of_a_known_sample() {
        let samples: Vec<f64> = (0..=100).map(|i| i as f64 / 100.0).collect();
        let i = interval(0.5, samples);
        assert!(
            (i.lo - 0.025).abs() < 1e-12 && (i.hi - 0.975).abs() < 1e-12,
            "{i:?}"
        );
    }

    #[test]
    fn a_metric_interval_matches_the_builtin_one() {
        let gold = s(&["a", "b", "a", "b", "a", "b"]);
        let pred = s(&["a", "a", "a", "b", "b", "b"]);
        let groups = s(&["1", "1", "2", "3", "4", "4"]);
        let l = s(&["a", "b"]);
        let ci = group_bootstrap(&gold, &pred, &groups, &l, 200, 5);
        let acc = bootstrap_metric(&gold, &pred, &groups, &l, 200, 5, |r| r.accuracy);
        assert_eq!(acc, ci.accuracy);
    }

    #[test]
    fn same_seed_same_interval() {
        let gold = s(&["a", "b", "a", "b", "a", "b"]);
        let pred = s(&["a", "a", "a", "b", "b", "b"]);
        let groups = s(&["1", "2", "3", "4", "5", "6"]);
        let l = s(&["a", "b"]);
        assert_eq!(
            group_bootstrap(&gold, &pred, &groups, &l, 100, 3),
            group_bootstrap(&gold, &pred, &groups, &l, 100, 3)
        );
    }
}
