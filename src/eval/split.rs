//! Splits that never put one group (document, outlet, target...) on both sides.
//!
//! Sentences of one article share names, events and phrasing; a split by sentence would
//! let the model meet its test article in training. Groups are shuffled with a seeded
//! ChaCha generator (stable across platforms and crate versions), then dealt out.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::error::{Result, StancerError};

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
    /// Folds made by the caller (see `eval::transfer`), described in words.
    Given {
        description: String,
    },
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
        SplitSpec::TrainTest { .. } | SplitSpec::External { .. } | SplitSpec::Given { .. } => {
            return Err(StancerError::Config(
                "a train/test evaluation (evaluate_train_test) or a trained model \
                 (evaluate_trained) has no folds to make"
                    .into(),
            ))
        }
    })
}

/// Row indices of one train/test split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

impl Fold {
    /// The fold's training and test rows split by `value` (a row's `--per-group` value),
    /// in value order: one model per value is trained on its part's rows only.
    pub fn parts_by<'a>(
        &self,
        value: impl Fn(usize) -> &'a str,
    ) -> BTreeMap<&'a str, (Vec<usize>, Vec<usize>)> {
        let mut parts: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for &i in &self.train {
            parts.entry(value(i)).or_default().0.push(i);
        }
        for &i in &self.test {
            parts.entry(value(i)).or_default().1.push(i);
        }
        parts
    }
}

/// Distinct groups, sorted, then shuffled by `seed`.
fn shuffled_groups(groups: &[&str], seed: u64) -> Vec<String> {
    let mut distinct: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    distinct.sort();
    distinct.dedup();
    distinct.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    distinct
}

fn fold_from(groups: &[&str], is_test: impl Fn(&str) -> bool) -> Fold {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, g) in groups.iter().enumerate() {
        if is_test(g) {
            test.push(i);
        } else {
            train.push(i);
        }
    }
    Fold { train, test }
}

/// `k` folds over groups; each group is dealt to the fold with the fewest rows so far,
/// so folds are balanced in rows, not just in groups. Needs `2 <= k <= groups`.
pub fn grouped_kfold(groups: &[&str], k: usize, seed: u64) -> Vec<Fold> {
    let order = shuffled_groups(groups, seed);
    let k = k.clamp(1, order.len().max(1));
    let mut sizes = vec![0usize; k];
    let mut assign = std::collections::HashMap::new();
    for g in &order {
        let n = groups.iter().filter(|x| *x == g).count();
        let (f, _) = sizes
            .iter()
            .enumerate()
            .min_by_key(|&(i, s)| (*s, i))
            .unwrap_or((0, &0));
        sizes[f] += n;
        assign.insert(g.clone(), f);
    }
    (0..k)
        .map(|f| fold_from(groups, |g| assign.get(g) == Some(&f)))
        .collect()
}

/// `k` folds over groups that keep each label's share about equal across folds, as far as
/// whole groups allow: scikit-learn's `StratifiedGroupKFold` greedy. Groups (shuffled by
/// `seed`, then the most label-skewed first) go one by one to the fold where the spread of
/// every label's per-fold share grows least; ties go to the fold with fewest rows. `y`
/// holds one label per row.
pub fn stratified_grouped_kfold(groups: &[&str], y: &[&str], k: usize, seed: u64) -> Vec<Fold> {
    let order = shuffled_groups(groups, seed);
    let k = k.clamp(1, order.len().max(1));
    let mut labels: Vec<&str> = y.to_vec();
    labels.sort();
    labels.dedup();
    let index: std::collections::HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let n_labels = labels.len();
    let mut counts = vec![vec![0.0f64; n_labels]; order.len()];
    let mut totals = vec![0.0f64; n_labels];
    for (g, l) in groups.iter().zip(y) {
        let j = labels.binary_search(l).unwrap_or(0);
        counts[index[g]][j] += 1.0;
        totals[j] += 1.0;
    }
    // Most skewed groups first: they are the hardest to place (a stable sort keeps the
    // seeded order among equals).
    let skew = |c: &[f64]| {
        let n: f64 = c.iter().sum::<f64>().max(1.0);
        let mean = 1.0 / n_labels.max(1) as f64;
        c.iter().map(|v| (v / n - mean).powi(2)).sum::<f64>()
    };
    let mut placing: Vec<usize> = (0..order.len()).collect();
    placing.sort_by(|&a, &b| skew(&counts[b]).total_cmp(&skew(&counts[a])));
    let mut fold_counts = vec![vec![0.0f64; n_labels]; k];
    let mut fold_rows = vec![0.0f64; k];
    let mut assign = std::collections::HashMap::new();
    let n_groups = placing.len();
    for (placed, gi) in placing.into_iter().enumerate() {
        // No fold may end up empty: once the groups left only just cover the empty folds,
        // each goes to one of them.
        let empty = fold_rows.iter().filter(|&&r| r == 0.0).count();
        let must_fill = n_groups - placed <= empty;
        let mut best = (f64::INFINITY, f64::INFINITY, 0);
        for f in (0..k).filter(|&f| !must_fill || fold_rows[f] == 0.0) {
            for (j, c) in counts[gi].iter().enumerate() {
                fold_counts[f][j] += c;
            }
            let spread = (0..n_labels)
                .map(|j| {
                    let shares: Vec<f64> = (0..k)
                        .map(|ff| fold_counts[ff][j] / totals[j].max(1.0))
                        .collect();
                    let mean = shares.iter().sum::<f64>() / k as f64;
                    (shares.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / k as f64).sqrt()
                })
                .sum::<f64>()
                / n_labels.max(1) as f64;
            for (j, c) in counts[gi].iter().enumerate() {
                fold_counts[f][j] -= c;
            }
            let candidate = (spread, fold_rows[f], f);
            if candidate.0 < best.0 - 1e-12
                || ((candidate.0 - best.0).abs() <= 1e-12 && candidate.1 < best.1)
            {
                best = candidate;
            }
        }
        let f = best.2;
        for (j, c) in counts[gi].iter().enumerate() {
            fold_counts[f][j] += c;
        }
        fold_rows[f] += counts[gi].iter().sum::<f64>();
        assign.insert(order[gi].as_str(), f);
    }
    (0..k)
        .map(|f| fold_from(groups, |g| assign.get(g) == Some(&f)))
        .collect()
}

/// Leave one group out: one fold per group.
pub fn leave_one_group_out(groups: &[&str]) -> Vec<Fold> {
    let mut distinct: Vec<&str> = groups.to_vec();
    distinct.sort();
    distinct.dedup();
    distinct
        .iter()
        .map(|held| fold_from(groups, |g| g == *held))
        .collect()
}

/// One held-out split with at least `test_frac` of the rows in test, and at least one
/// group on each side.
pub fn grouped_holdout(groups: &[&str], test_frac: f64, seed: u64) -> Fold {
    let order = shuffled_groups(groups, seed);
    let want = (test_frac * groups.len() as f64).ceil() as usize;
    let mut test_groups = std::collections::HashSet::new();
    let mut n = 0;
    for g in order.iter().take(order.len().saturating_sub(1)) {
        if n >= want && !test_groups.is_empty() {
            break;
        }
        n += groups.iter().filter(|x| *x == g).count();
        test_groups.insert(g.clone());
    }
    fold_from(groups, |g| test_groups.contains(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<&'static str> {
        vec!["a", "a", "b", "b", "b", "c", "d", "d", "e", "f"]
    }

    fn group_sets(g: &[&str], f: &Fold) -> (Vec<String>, Vec<String>) {
        let set = |idx: &[usize]| {
            let mut v: Vec<String> = idx.iter().map(|&i| g[i].to_string()).collect();
            v.sort();
            v.dedup();
            v
        };
        (set(&f.train), set(&f.test))
    }

    #[test]
    fn kfold_never_splits_a_group_and_covers_every_row_once() {
        let g = groups();
        let folds = grouped_kfold(&g, 3, 7);
        assert_eq!(folds.len(), 3);
        let mut seen = vec![0; g.len()];
        for f in &folds {
            let (train, test) = group_sets(&g, f);
            assert!(train.iter().all(|x| !test.contains(x)));
            f.test.iter().for_each(|&i| seen[i] += 1);
            assert_eq!(f.train.len() + f.test.len(), g.len());
        }
        assert!(seen.iter().all(|&c| c == 1));
    }

    #[test]
    fn same_seed_same_folds_other_seed_other_folds() {
        let g = groups();
        assert_eq!(grouped_kfold(&g, 3, 1), grouped_kfold(&g, 3, 1));
        let differs = (2..20).any(|s| grouped_kfold(&g, 3, 1) != grouped_kfold(&g, 3, s));
        assert!(differs);
    }

    #[test]
    fn holdout_keeps_groups_whole_and_both_sides_nonempty() {
        let g = groups();
        let f = grouped_holdout(&g, 0.3, 3);
        let (train, test) = group_sets(&g, &f);
        assert!(!train.is_empty() && !test.is_empty());
        assert!(train.iter().all(|x| !test.contains(x)));
        assert!(f.test.len() >= 3);
    }

    #[test]
    fn stratified_folds_balance_labels_and_keep_groups_whole() {
        // 12 groups: 4 all-"x", 4 all-"y", 4 mixed; 2 folds should get 2 of each kind.
        let mut g = Vec::new();
        let mut y = Vec::new();
        let names: Vec<String> = (0..12).map(|i| format!("g{i}")).collect();
        for (i, name) in names.iter().enumerate() {
            for r in 0..4 {
                g.push(name.as_str());
                y.push(match i % 3 {
                    0 => "x",
                    1 => "y",
                    _ => ["x", "y"][r % 2],
                });
            }
        }
        for seed in 0..5 {
            let folds = stratified_grouped_kfold(&g, &y, 2, seed);
            let mut seen = vec![0; g.len()];
            for f in &folds {
                let (train, test) = group_sets(&g, f);
                assert!(train.iter().all(|x| !test.contains(x)));
                f.test.iter().for_each(|&i| seen[i] += 1);
                let xs = f.test.iter().filter(|&&i| y[i] == "x").count();
                assert_eq!(xs * 2, f.test.len(), "seed {seed}: fold not balanced");
            }
            assert!(seen.iter().all(|&c| c == 1));
        }
    }

    #[test]
    fn leave_one_group_out_has_one_fold_per_group() {
        let g = groups();
        let folds = leave_one_group_out(&g);
        assert_eq!(folds.len(), 6);
        assert_eq!(folds[1].test, vec![2, 3, 4]);
    }
}
