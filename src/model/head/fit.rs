//! Fitting a head: the logistic fit by linfa or the sparse solver, and the linear SVM with
//! its calibration folds. What is fitted is plain data ([`LogisticHead`]); predicting is
//! the parent module's.

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};

use super::{replication, softmax, HeadModel, HeadParams, LogisticHead, Solver};
use crate::error::{Result, StancerError};
use crate::features::ngram_index::Derived;
use crate::features::tfidf::{densify, SparseRow};
use crate::features::Csr;
use crate::model::{linear_svm, sparse};

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
pub(super) fn replicate(x: &Array2<f64>, y: &[usize], reps: &[usize]) -> (Array2<f64>, Vec<usize>) {
    let rows: Vec<usize> = y
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i, reps[c]))
        .collect();
    let xb = x.select(ndarray::Axis(0), &rows);
    let yb = rows.iter().map(|&i| y[i]).collect();
    (xb, yb)
}
