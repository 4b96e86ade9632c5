//! Is system A better than system B on the same test items, or is it the folds' luck?
//!
//! Both tests are paired (A and B predicted the same sentences) and resample whole groups
//! (articles), because sentences of one article are not independent: a per-sentence test
//! would call small differences significant. The interval comes from a paired bootstrap;
//! the p-value from approximate randomization (swapping A's and B's predictions for
//! whole groups at random), the test Dror et al. (2018) recommend for F1-type metrics.

use rand::Rng;
use serde::Serialize;

use super::bootstrap::{interval, pick, GroupDraws, Interval};

/// A metric over (gold, predicted) pairs, e.g. macro-F1.
pub type Metric<'a> = &'a dyn Fn(&[String], &[String]) -> f64;

/// The difference `metric(A) - metric(B)` with its 95% interval and two-sided p-value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedTest {
    pub difference: Interval,
    pub p_value: f64,
    pub resamples: usize,
}

/// Paired bootstrap interval and approximate-randomization p-value of
/// `metric(a) - metric(b)`, resampling (and swapping) whole `groups`.
pub fn paired_test(
    gold: &[String],
    a: &[String],
    b: &[String],
    groups: &[String],
    metric: Metric,
    resamples: usize,
    seed: u64,
) -> PairedTest {
    let observed = metric(gold, a) - metric(gold, b);
    let mut draws = GroupDraws::new(groups, seed);

    let mut diffs = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let rows = draws.resample();
        let g = pick(gold, &rows);
        diffs.push(metric(&g, &pick(a, &rows)) - metric(&g, &pick(b, &rows)));
    }

    let mut at_least = 0usize;
    let (mut pa, mut pb) = (a.to_vec(), b.to_vec());
    for _ in 0..resamples {
        for m in &draws.members {
            let swap = draws.rng.gen_bool(0.5);
            for &i in m.iter() {
                let (x, y) = if swap { (&b[i], &a[i]) } else { (&a[i], &b[i]) };
                pa[i].clone_from(x);
                pb[i].clone_from(y);
            }
        }
        let d = metric(gold, &pa) - metric(gold, &pb);
        if d.abs() >= observed.abs() - 1e-12 {
            at_least += 1;
        }
    }
    PairedTest {
        difference: interval(observed, diffs),
        p_value: (at_least + 1) as f64 / (resamples + 1) as f64,
        resamples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::metrics::ClassificationReport;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn accuracy(g: &[String], p: &[String]) -> f64 {
        ClassificationReport::new(g, p, &[]).accuracy
    }

    #[test]
    fn identical_systems_differ_by_nothing_and_are_not_significant() {
        let gold = s(&["a", "b", "a", "b", "a", "b"]);
        let pred = s(&["a", "a", "a", "b", "b", "b"]);
        let groups = s(&["1", "1", "2", "2", "3", "3"]);
        let t = paired_test(&gold, &pred, &pred, &groups, &accuracy, 200, 1);
        assert_eq!(t.difference.value, 0.0);
        assert_eq!((t.difference.lo, t.difference.hi), (0.0, 0.0));
        assert_eq!(t.p_value, 1.0);
    }

    #[test]
    fn a_system_right_everywhere_beats_one_wrong_everywhere() {
        // 30 groups; A is always right, B always wrong. Under the null a swap pattern
        // reaches |difference| = 1 only if every group swaps the same way: p = (1 + k)/1001
        // with k the (vanishingly rare) such draws, so p is at its floor.
        let n = 30;
        let gold: Vec<String> = (0..n).map(|_| "a".to_string()).collect();
        let a = gold.clone();
        let b: Vec<String> = (0..n).map(|_| "b".to_string()).collect();
        let groups: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let t = paired_test(&gold, &a, &b, &groups, &accuracy, 1000, 5);
        assert_eq!(t.difference.value, 1.0);
        assert_eq!((t.difference.lo, t.difference.hi), (1.0, 1.0));
        assert!((t.p_value - 1.0 / 1001.0).abs() < 1e-12, "{}", t.p_value);
    }

    #[test]
    fn one_group_of_difference_in_two_is_not_significant() {
        // A and B differ on one of two groups: half of all swaps reproduce the difference.
        let gold = s(&["a", "a", "a", "a"]);
        let a = s(&["a", "a", "a", "a"]);
        let b = s(&["b", "b", "a", "a"]);
        let groups = s(&["g1", "g1", "g2", "g2"]);
        let t = paired_test(&gold, &a, &b, &groups, &accuracy, 2000, 9);
        assert_eq!(t.difference.value, 0.5);
        assert!(t.p_value > 0.4, "{}", t.p_value);
    }
}
