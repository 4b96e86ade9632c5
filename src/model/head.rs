//! One linear head (stance or frame): a multinomial logistic regression fitted with
//! `linfa-logistic` or the sparse solver, or a one-vs-rest linear SVM
//! (`model = "linear_svm"`, [`super::linear_svm`]) with Platt-calibrated probabilities.
//!
//! linfa's fitted type is not what we store: the head keeps the label names, the weight
//! matrix and the intercepts, and predicts with its own sparse dot product and softmax (or
//! sigmoids), so a model file is plain data and scoring never builds a dense matrix. A
//! parity test checks these predictions against linfa's own `predict_probabilities`.

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

pub use super::head_params::{HeadModel, HeadParams, Solver};
use super::linear_svm;
use super::platt::Sigmoid;
use super::sparse;
use crate::error::{Result, StancerError};
use crate::features::ngram_index::Derived;
use crate::features::tfidf::{densify, SparseRow};
use crate::features::Csr;

/// Training features as rows or as a CSR matrix.
enum Features<'a> {
    Rows(&'a [SparseRow], usize),
    Csr(&'a Csr),
}

/// How a `linear_svm` head's calibration folds are drawn.
enum Calibration<'a> {
    /// Not calibrated (labels and scores only).
    None,
    /// Each row its own group.
    Rows,
    /// By the rows' groups, with a seed.
    Groups(&'a [&'a str], u64),
}

/// Seed of the calibration folds when the caller gives none.
const CALIBRATION_SEED: u64 = 42;

/// A fitted head: label names, weights `(n_features, n_labels)` and intercepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Fits on feature rows and string labels `y`. Labels are sorted, so column k of the
    /// probabilities is `labels()[k]` on every run.
    /// A `linear_svm` head calibrates on folds of single rows (see
    /// [`fit_csr_grouped`](Self::fit_csr_grouped) to keep groups together).
    pub fn fit(rows: &[SparseRow], n_cols: usize, y: &[&str], params: &HeadParams) -> Result<Self> {
        Self::fit_features(Features::Rows(rows, n_cols), y, params, Calibration::Rows)
    }

    /// [`fit`](Self::fit) on a CSR feature matrix (what the vectorizer's `fit_transform`
    /// gives), without building row vectors.
    pub fn fit_csr(x: &Csr, y: &[&str], params: &HeadParams) -> Result<Self> {
        Self::fit_features(Features::Csr(x), y, params, Calibration::Rows)
    }

    /// [`fit_csr`](Self::fit_csr), with the group (article) of each row: a `linear_svm`
    /// head's calibration folds never split a group, and are drawn with `seed`.
    pub fn fit_csr_grouped(
        x: &Csr,
        y: &[&str],
        groups: &[&str],
        seed: u64,
        params: &HeadParams,
    ) -> Result<Self> {
        Self::fit_features(
            Features::Csr(x),
            y,
            params,
            Calibration::Groups(groups, seed),
        )
    }

    /// A head for its labels and decision scores only: a `linear_svm` head skips its
    /// calibration (its [`predict_proba`](Self::predict_proba) is then a softmax of the
    /// scores, not a calibrated probability). For benchmarks and model selection, which
    /// look at labels only.
    pub fn fit_labels_only(
        rows: &[SparseRow],
        n_cols: usize,
        y: &[&str],
        params: &HeadParams,
    ) -> Result<Self> {
        Self::fit_features(Features::Rows(rows, n_cols), y, params, Calibration::None)
    }

    /// [`fit_labels_only`](Self::fit_labels_only) on a CSR matrix.
    pub fn fit_labels_only_csr(x: &Csr, y: &[&str], params: &HeadParams) -> Result<Self> {
        Self::fit_features(Features::Csr(x), y, params, Calibration::None)
    }

    fn fit_features(
        features: Features<'_>,
        y: &[&str],
        params: &HeadParams,
        calibration: Calibration<'_>,
    ) -> Result<Self> {
        params.validate()?;
        let n_cols = match &features {
            Features::Rows(_, n) => *n,
            Features::Csr(x) => x.n_cols(),
        };
        // Distinct labels first: a `String` per row (and sorting 800k of them) cost 32 MB
        // and a fifth of a second at 1M sentences.
        let distinct: std::collections::BTreeSet<&str> = y.iter().copied().collect();
        let labels: Vec<String> = distinct.into_iter().map(str::to_string).collect();
        if labels.len() < 2 {
            return Err(StancerError::Data(format!(
                "only one class ({}) in the training labels; a classifier needs at least two",
                labels.first().map_or("none", String::as_str)
            )));
        }
        let target: Vec<usize> = y
            .iter()
            .map(|l| labels.iter().position(|k| k == l).unwrap_or(0))
            .collect();
        let reps = if params.balanced {
            replication(&target, labels.len())
        } else {
            vec![1; labels.len()]
        };
        if params.model == HeadModel::LinearSvm {
            return Self::fit_svm(features, labels, &target, &reps, params, calibration);
        }
        let n_rows: usize = target.iter().map(|&c| reps[c]).sum();
        let solver = match params.solver {
            Solver::Auto if n_rows * n_cols * 8 <= params.dense_budget_mb << 20 => Solver::Linfa,
            Solver::Auto => Solver::Sparse,
            s => s,
        };
        let alpha = 1.0 / params.c;
        let mut fit_info = None;
        let converged;
        let (weights, intercept) = if solver == Solver::Linfa {
            let x = match &features {
                Features::Rows(rows, _) => densify(rows, n_cols),
                Features::Csr(x) => x.to_dense(),
            };
            let (x, target) = replicate(&x, &target, &reps);
            let data = Dataset::new(x, Array1::from(target));
            let fitted = MultiLogisticRegression::default()
                .alpha(alpha)
                .max_iterations(params.max_iterations)
                .gradient_tolerance(params.gradient_tolerance)
                .fit(&data)
                .map_err(|e| {
                    StancerError::Training(format!(
                        "{e}; try a smaller C (stronger regularization), keep l2_norm on, \
                         or raise min_df"
                    ))
                })?;
            // linfa's classes are the sorted distinct targets, i.e. 0..labels.len().
            let (w, b) = (fitted.params().clone(), fitted.intercept().clone());
            // linfa does not say why it stopped: its test (argmin's), redone at the result.
            let y = data.targets().to_vec();
            converged =
                gradient_norm(data.records(), &y, &w, &b, alpha) <= params.gradient_tolerance;
            (w, b)
        } else {
            let owned;
            let x = match &features {
                Features::Rows(rows, _) => {
                    owned = Csr::from_rows(rows, n_cols);
                    &owned
                }
                Features::Csr(x) => *x,
            };
            let weights: Vec<f64> = target.iter().map(|&c| reps[c] as f64).collect();
            let (w, b, info) = sparse::fit(
                x,
                &target,
                &weights,
                labels.len(),
                alpha,
                params.max_iterations,
                params.gradient_tolerance,
            )?;
            converged = info.converged;
            fit_info = Some(info);
            (w, b)
        };
        Ok(LogisticHead {
            labels,
            weights,
            intercept,
            solver,
            model: HeadModel::Logistic,
            platt: None,
            fit_info: Derived(fit_info),
            converged: Derived(Some(converged)),
        })
    }

    /// The `linear_svm` head: one-vs-rest squared-hinge fits on CSR rows, then Platt
    /// sigmoids on out-of-fold scores (unless `calibration` is `None`).
    fn fit_svm(
        features: Features<'_>,
        labels: Vec<String>,
        target: &[usize],
        reps: &[usize],
        params: &HeadParams,
        calibration: Calibration<'_>,
    ) -> Result<Self> {
        let owned;
        let x = match &features {
            Features::Rows(rows, n_cols) => {
                owned = Csr::from_rows(rows, *n_cols);
                &owned
            }
            Features::Csr(x) => *x,
        };
        let weights: Vec<f64> = target.iter().map(|&c| reps[c] as f64).collect();
        let k = labels.len();
        let fit = |x: &Csr| {
            linear_svm::fit(
                x,
                target,
                &weights,
                k,
                params.c,
                params.max_iterations,
                params.gradient_tolerance,
            )
        };
        let row_groups: Vec<String>;
        let (groups, seed): (Vec<&str>, u64) = match calibration {
            Calibration::None => (Vec::new(), 0),
            Calibration::Groups(g, seed) => (g.to_vec(), seed),
            Calibration::Rows => {
                row_groups = (0..target.len()).map(|i| i.to_string()).collect();
                (
                    row_groups.iter().map(String::as_str).collect(),
                    CALIBRATION_SEED,
                )
            }
        };
        let (fitted, platt) = rayon::join(
            || fit(x),
            || {
                (!groups.is_empty())
                    .then(|| {
                        linear_svm::calibrate(
                            x,
                            target,
                            &weights,
                            k,
                            params.c,
                            params.max_iterations,
                            params.gradient_tolerance,
                            &groups,
                            params.calibration_folds,
                            seed,
                        )
                    })
                    .transpose()
            },
        );
        let (w, b, info) = fitted?;
        Ok(LogisticHead {
            labels,
            weights: w,
            intercept: b,
            solver: Solver::Sparse,
            model: HeadModel::LinearSvm,
            platt: platt?,
            converged: Derived(Some(info.converged)),
            fit_info: Derived(Some(info)),
        })
    }

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

/// The L2 norm of the gradient of linfa's objective (summed log-loss of the rows of `x`
/// with targets `y`, plus `alpha/2 ||W||²`) at `w`, `b`: what argmin's L-BFGS compares
/// with the gradient tolerance.
fn gradient_norm(
    x: &Array2<f64>,
    y: &[usize],
    w: &Array2<f64>,
    b: &Array1<f64>,
    alpha: f64,
) -> f64 {
    let mut r = x.dot(w) + b;
    for (mut row, &yi) in r.rows_mut().into_iter().zip(y) {
        let z = row.as_slice_mut().expect("a fresh matrix is contiguous");
        softmax(z);
        z[yi] -= 1.0;
    }
    let gw = x.t().dot(&r) + &(w * alpha);
    let gb = r.sum_axis(ndarray::Axis(0));
    (gw.iter().chain(gb.iter()).map(|g| g * g).sum::<f64>()).sqrt()
}

/// Rows repeated per class, for linfa (which has no sample weights).
fn replicate(x: &Array2<f64>, y: &[usize], reps: &[usize]) -> (Array2<f64>, Vec<usize>) {
    let rows: Vec<usize> = y
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i, reps[c]))
        .collect();
    let xb = x.select(ndarray::Axis(0), &rows);
    let yb = rows.iter().map(|&i| y[i]).collect();
    (xb, yb)
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
    use super::*;
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
