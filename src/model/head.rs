//! One linear head (stance or frame): a multinomial logistic regression fitted with
//! `linfa-logistic` or the sparse solver, or a one-vs-rest linear SVM
//! (`model = "linear_svm"`, [`super::linear_svm`]) with Platt-calibrated probabilities.
//!
//! linfa's fitted type is not what we store: the head keeps the label names, the weight
//! matrix and the intercepts, and predicts with its own sparse dot product and softmax (or
//! sigmoids), so a model file is plain data and scoring never builds a dense matrix. A
//! parity test checks these predictions against linfa's own `predict_probabilities`.

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

mod fit;

pub use super::head_params::{HeadModel, HeadParams, Solver};
use super::linear_svm;
use super::platt::Sigmoid;
use super::sparse;
use crate::features::ngram_index::Derived;
use crate::features::tfidf::SparseRow;

/// A fitted head: label names, weights `(n_features, n_labels)` and intercepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogisticHead {
    labels: Vec<String>,
    weights: Array2<f64>,
    intercept: Array1<f64>,
    /// The solver that fitted this head (`linfa` or `sparse`).
    solver: Solver,
    /// `linear_svm`: the weights give decision scores, and probabilities come from `platt`.
    #[serde(default, skip_serializing_if = "HeadModel::is_logistic")]
    model: HeadModel,
    /// `linear_svm`: Platt sigmoids (one for two classes, else one per class) fitted on
    /// out-of-fold decision scores. `None` for a head fitted for its labels only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    platt: Option<Vec<Sigmoid>>,
    /// How the sparse fit ended (not stored in model files).
    #[serde(skip)]
    fit_info: Derived<Option<sparse::FitInfo>>,
    /// Whether the fit met its gradient tolerance (not stored in model files).
    #[serde(skip)]
    converged: Derived<Option<bool>>,
}

impl LogisticHead {
    /// How the sparse solver's fit ended (`None` for linfa fits and loaded models).
    pub fn fit_info(&self) -> Option<sparse::FitInfo> {
        self.fit_info.0
    }

    /// Whether the fit reached its gradient tolerance before `max_iterations` (`None` for
    /// a loaded model). A head that did not is still usable, but not the optimum its
    /// settings describe.
    pub fn converged(&self) -> Option<bool> {
        self.converged.0
    }

    /// The solver that fitted this head.
    pub fn solver(&self) -> Solver {
        self.solver
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn weights(&self) -> &Array2<f64> {
        &self.weights
    }

    pub fn intercept(&self) -> &Array1<f64> {
        &self.intercept
    }

    pub fn n_features(&self) -> usize {
        self.weights.nrows()
    }

    /// The model family of this head.
    pub fn model(&self) -> HeadModel {
        self.model
    }

    /// A `linear_svm` head's Platt sigmoids, one per label (`None` for a logistic head).
    pub fn platt(&self) -> Option<&[Sigmoid]> {
        self.platt.as_deref()
    }

    /// Whether the head's probabilities are calibrated decision scores (a `linear_svm`
    /// head), so that its decision scores are worth reporting beside them.
    pub fn has_scores(&self) -> bool {
        self.model == HeadModel::LinearSvm
    }

    /// The linear scores `x·W + b` of one sparse row, in `labels()` order: the logits of a
    /// logistic head, scikit-learn's `decision_function` of a `linear_svm` head.
    pub fn decision_function(&self, row: &SparseRow) -> Vec<f64> {
        let mut z: Vec<f64> = self.intercept.to_vec();
        match self.weights.as_slice() {
            // Row-major weights (as fitted and as loaded): a column's k weights are one
            // slice, read without ndarray's per-element index arithmetic (a third of this
            // function's instructions). Same products, same order.
            Some(w) => match z.len() {
                // The usual class counts with the logits in registers (a loop of unknown
                // length per column was half of this function's instructions).
                2 => accumulate::<2>(&mut z, w, row),
                3 => accumulate::<3>(&mut z, w, row),
                k => {
                    for &(c, v) in row {
                        if let Some(wc) = w.get(c * k..c * k + k) {
                            for (zk, wk) in z.iter_mut().zip(wc) {
                                *zk += v * wk;
                            }
                        }
                    }
                }
            },
            None => {
                for &(c, v) in row {
                    if c < self.weights.nrows() {
                        for (k, zk) in z.iter_mut().enumerate() {
                            *zk += v * self.weights[[c, k]];
                        }
                    }
                }
            }
        }
        z
    }

    /// Class probabilities of one sparse row, in `labels()` order: the softmax of the
    /// logits, or a `linear_svm` head's Platt-calibrated probabilities.
    pub fn predict_proba(&self, row: &SparseRow) -> Vec<f64> {
        let mut z = self.decision_function(row);
        match &self.platt {
            Some(sigmoids) => linear_svm::probabilities(&z, sigmoids),
            None => {
                softmax(&mut z);
                z
            }
        }
    }

    /// The label of one row with its probabilities (and, for a `linear_svm` head, its
    /// decision scores). A logistic head's label is the most probable one; a `linear_svm`
    /// head's is the largest decision score, as `LinearSVC.predict` decides (calibrated
    /// probabilities may rank two close classes the other way).
    pub fn predict(&self, row: &SparseRow) -> (&str, Vec<f64>, Option<Vec<f64>>) {
        if self.model == HeadModel::LinearSvm {
            let z = self.decision_function(row);
            let p = match &self.platt {
                Some(sigmoids) => linear_svm::probabilities(&z, sigmoids),
                None => {
                    let mut s = z.clone();
                    softmax(&mut s);
                    s
                }
            };
            return (self.argmax(&z), p, Some(z));
        }
        let p = self.predict_proba(row);
        (self.argmax(&p), p, None)
    }

    /// The label with the highest probability (ties go to the first label).
    pub fn argmax<'a>(&'a self, probs: &[f64]) -> &'a str {
        let mut best = 0;
        for (k, &p) in probs.iter().enumerate() {
            if p > probs[best] {
                best = k;
            }
        }
        &self.labels[best]
    }
}

/// Probabilities in `from` label order re-ordered to `to`; a label `from` lacks (a class
/// a fold or a head never saw) gets 0.
pub fn reorder_probs(from: &[String], probs: &[f64], to: &[String]) -> Vec<f64> {
    to.iter()
        .map(|l| from.iter().position(|f| f == l).map_or(0.0, |i| probs[i]))
        .collect()
}

/// In-place, numerically stable softmax.
pub fn softmax(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// How many times each class's rows count so every class weighs about as much as the
/// largest: `round(n_max / n_k)`.
pub(super) fn replication(y: &[usize], k: usize) -> Vec<usize> {
    let mut counts = vec![0usize; k];
    y.iter().for_each(|&c| counts[c] += 1);
    let max = *counts.iter().max().unwrap_or(&1) as f64;
    counts
        .iter()
        .map(|&n| {
            if n == 0 {
                1
            } else {
                (max / n as f64).round().max(1.0) as usize
            }
        })
        .collect()
}

/// `z[k] += v * w[c][k]` over the columns `c` of `row` (row-major `w`, `K` classes): the
/// same products added in the same order as the general loop, so the same bits.
#[inline]
fn accumulate<const K: usize>(z: &mut [f64], w: &[f64], row: &SparseRow) {
    let mut acc = [0.0; K];
    acc.copy_from_slice(z);
    for &(c, v) in row {
        if let Some(wc) = w.get(c * K..c * K + K) {
            for k in 0..K {
                acc[k] += v * wc[k];
            }
        }
    }
    z.copy_from_slice(&acc);
}

#[cfg(test)]
mod tests {
    use super::fit::replicate;
    use super::*;
    use linfa::prelude::*;
    use linfa_logistic::MultiLogisticRegression;
    use ndarray::array;

    #[test]
    fn own_prediction_matches_linfa() {
        let x = array![
            [1.0, 0.0, 0.2],
            [0.9, 0.1, 0.0],
            [0.0, 1.0, 0.1],
            [0.1, 0.8, 0.0],
            [0.0, 0.1, 1.0],
            [0.2, 0.0, 0.9]
        ];
        let y = ["a", "a", "b", "b", "c", "c"];
        let params = HeadParams {
            balanced: false,
            solver: Solver::Linfa,
            ..HeadParams::default()
        };
        let rows: Vec<SparseRow> = x
            .rows()
            .into_iter()
            .map(|r| r.iter().copied().enumerate().collect())
            .collect();
        let head = LogisticHead::fit(&rows, 3, &y, &params).unwrap();
        let target = Array1::from(vec![0usize, 0, 1, 1, 2, 2]);
        let linfa = MultiLogisticRegression::default()
            .alpha(1.0 / params.c)
            .max_iterations(params.max_iterations)
            .gradient_tolerance(params.gradient_tolerance)
            .fit(&Dataset::new(x.clone(), target))
            .unwrap();
        let expected = linfa.predict_probabilities(&x);
        for i in 0..x.nrows() {
            let row: SparseRow = (0..3).map(|c| (c, x[[i, c]])).collect();
            let got = head.predict_proba(&row);
            for k in 0..3 {
                assert!((got[k] - expected[[i, k]]).abs() < 1e-12);
            }
            assert_eq!(head.argmax(&got), y[i]);
        }
    }

    #[test]
    fn one_class_is_a_clear_error() {
        let rows = vec![vec![(0, 1.0)], vec![(0, 0.5)]];
        let err = LogisticHead::fit(&rows, 1, &["a", "a"], &HeadParams::default()).unwrap_err();
        assert!(err.to_string().contains("only one class (a)"));
    }

    #[test]
    fn rebalance_replicates_rare_rows() {
        let x = array![[1.0], [2.0], [3.0], [4.0]];
        let reps = replication(&[0, 0, 0, 1], 2);
        assert_eq!(reps, vec![1, 3]);
        let (xb, yb) = replicate(&x, &[0, 0, 0, 1], &reps);
        assert_eq!(yb, vec![0, 0, 0, 1, 1, 1]);
        assert_eq!(xb.nrows(), 6);
    }

    #[test]
    fn softmax_sums_to_one() {
        let mut z = vec![1000.0, 1001.0, -5.0];
        softmax(&mut z);
        assert!((z.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
