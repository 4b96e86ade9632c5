//! One multinomial logistic head (stance or frame), fitted with `linfa-logistic`.
//!
//! linfa's fitted type is not what we store: the head keeps the label names, the weight
//! matrix and the intercepts, and predicts with its own sparse dot product and softmax, so a
//! model file is plain data and scoring never builds a dense matrix. A parity test checks
//! these predictions against linfa's own `predict_probabilities`.

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

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

/// Settings of a logistic head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeadParams {
    /// scikit-learn's `C`. linfa minimizes a *sum* of losses plus `alpha/2 ||W||²`, which is
    /// scikit-learn's objective with `alpha = 1 / C`.
    pub c: f64,
    pub max_iterations: u64,
    /// When to stop. linfa: argmin's bound on the L2 norm of the gradient of the summed
    /// objective. Sparse: a bound on the largest gradient entry of the *mean* objective
    /// (the summed one divided by the total row weight), scikit-learn's `tol` for lbfgs.
    pub gradient_tolerance: f64,
    /// Replicate rows of rarer classes so each class weighs about as much as the largest
    /// (linfa has no sample weights). Each row of class k appears `round(n_max / n_k)` times.
    pub balanced: bool,
    /// Which optimizer fits the head; see [`Solver`].
    pub solver: Solver,
    /// With `solver = "auto"`: the largest dense feature matrix, in MB, handed to
    /// linfa-logistic; above it the sparse solver runs.
    pub dense_budget_mb: usize,
}

/// The optimizer behind a head. Both minimize the same objective (linfa-logistic's) with
/// L-BFGS: linfa through argmin, the sparse path with `model::lbfgs` (argmin's algorithm,
/// updating in place); `tests/solver_parity.rs` checks they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// linfa-logistic on a dense matrix while it fits `dense_budget_mb`, else sparse.
    Auto,
    /// linfa-logistic's `MultiLogisticRegression` on a dense `ndarray` matrix.
    Linfa,
    /// The same objective on CSR rows (`model::sparse`): memory and time scale with the
    /// non-zeros, not rows × features.
    Sparse,
}

impl Default for HeadParams {
    fn default() -> Self {
        HeadParams {
            c: 10.0,
            max_iterations: 300,
            gradient_tolerance: 1e-5,
            balanced: true,
            solver: Solver::Auto,
            dense_budget_mb: 16,
        }
    }
}

impl HeadParams {
    pub fn validate(&self) -> Result<()> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(StancerError::Config(format!(
                "C must be a positive number, got {}",
                self.c
            )));
        }
        if self.max_iterations == 0 {
            return Err(StancerError::Config(
                "max_iterations must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// A fitted head: label names, weights `(n_features, n_labels)` and intercepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticHead {
    labels: Vec<String>,
    weights: Array2<f64>,
    intercept: Array1<f64>,
    /// The solver that fitted this head (`linfa` or `sparse`).
    solver: Solver,
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
    pub fn fit(rows: &[SparseRow], n_cols: usize, y: &[&str], params: &HeadParams) -> Result<Self> {
        Self::fit_features(Features::Rows(rows, n_cols), y, params)
    }

    /// [`fit`](Self::fit) on a CSR feature matrix (what the vectorizer's `fit_transform`
    /// gives), without building row vectors.
    pub fn fit_csr(x: &Csr, y: &[&str], params: &HeadParams) -> Result<Self> {
        Self::fit_features(Features::Csr(x), y, params)
    }

    fn fit_features(features: Features<'_>, y: &[&str], params: &HeadParams) -> Result<Self> {
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
            fit_info: Derived(fit_info),
            converged: Derived(Some(converged)),
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

    /// Class probabilities of one sparse row, in `labels()` order.
    pub fn predict_proba(&self, row: &SparseRow) -> Vec<f64> {
        let mut z: Vec<f64> = self.intercept.to_vec();
        match self.weights.as_slice() {
            // Row-major weights (as fitted and as loaded): a column's k weights are one
            // slice, read without ndarray's per-element index arithmetic (a third of this
            // function's instructions). Same products, same order.
            Some(w) => {
                let k = z.len();
                for &(c, v) in row {
                    if let Some(wc) = w.get(c * k..c * k + k) {
                        for (zk, wk) in z.iter_mut().zip(wc) {
                            *zk += v * wk;
                        }
                    }
                }
            }
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
        softmax(&mut z);
        z
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
fn replication(y: &[usize], k: usize) -> Vec<usize> {
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
