//! The leakage check over all the folds of an evaluation: how many test sentences training
//! had already seen, a few examples to show, and, with `--dedupe`, those sentences taken out
//! of their fold's test side before anything is scored.

use std::collections::HashSet;

use serde::Serialize;

use crate::eval::external::TrainingOverlap;
use crate::eval::leakage::find_leaks;
use crate::eval::split::Fold;

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
    pub training: Option<TrainingOverlap>,
}

/// Checks every fold's test side against its training side (`texts` are the corpus's rows)
/// and, with `dedupe`, drops the leaking test rows from the folds.
pub(super) fn check_folds(texts: &[&str], folds: &mut [Fold], dedupe: bool) -> LeakageSummary {
    let mut leakage = LeakageSummary {
        removed: dedupe,
        ..LeakageSummary::default()
    };
    // With repeats a test sentence is tested once per repeat: count it once.
    let mut counted = HashSet::new();
    for fold in folds.iter_mut() {
        let leaks = find_leaks(texts, &fold.train, &fold.test);
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
            let drop: HashSet<usize> = leaks.iter().map(|l| l.test).collect();
            fold.test.retain(|i| !drop.contains(i));
        }
    }
    leakage
}
