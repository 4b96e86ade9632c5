//! The sparse solver: linfa-logistic's multinomial objective on CSR rows.
//!
//! linfa-logistic needs a dense `ndarray` matrix, and its gradient streams all of it on
//! every evaluation. Text features are sparse (a sentence touches ~30 of thousands of
//! columns), so the dense fit is memory-bound; this solver works on the non-zeros only and
//! reaches the same weights (see `tests` below and `tests/solver_parity.rs`).
//!
//! The objective is linfa's exactly: `Σ_i w_i · (−log softmax(x_i W + b)[y_i]) +
//! α/2 · ‖W‖²` (intercept not penalized), minimized by L-BFGS (memory 10, the method
//! linfa-logistic runs through argmin) in [`super::lbfgs`], which updates its vectors in
//! place. Row weights replace linfa-side row replication for balanced classes (an integer
//! weight *is* replication). Loss and gradient are one fused pass per row block (scores,
//! softmax, residual, `Xᵀ(P − Y)` into the block's own buffer, laid out for the cache as
//! `kernel` says); the blocks are a fixed partition of the rows and are reduced in
//! order, so the result does not depend on the number of threads. L-BFGS runs in scaled
//! and centered `variables`, which reach the same optimum in a third of the passes; the
//! stopping test is still on the gradient in the weights and intercepts.

mod kernel;
mod problem;
mod variables;

use ndarray::{Array1, Array2};

use super::lbfgs;
use crate::error::{Result, StancerError};
pub use crate::features::Csr;
pub use problem::Problem;
use variables::Variables;

/// L-BFGS memory, as in linfa-logistic and scikit-learn.
const MEMORY: usize = 10;

/// How a sparse fit ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitInfo {
    /// The objective divided by the total row weight: with unit weights, scikit-learn's
    /// scaling (mean log-loss + ‖W‖²/(2·C·n)).
    pub mean_objective: f64,
    pub iterations: u64,
    pub evaluations: u64,
    pub converged: bool,
    /// Wall time of the minimization.
    pub seconds: f64,
}

/// Fits weights `(n_cols, k)` and intercepts `(k)` by L-BFGS on sparse rows. Stops when
/// the largest entry of the gradient of the mean objective is at most
/// `gradient_tolerance` (scikit-learn's `tol`), or after `max_iterations`.
pub fn fit(
    x: &Csr,
    y: &[usize],
    weights: &[f64],
    k: usize,
    alpha: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
) -> Result<(Array2<f64>, Array1<f64>, FitInfo)> {
    let n_cols = x.n_cols();
    let problem = Problem::new(x, y, weights, k, alpha);
    let total_weight: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let start = std::time::Instant::now();
    let vars = Variables::of(&problem, weights, true);
    let mut u = vec![0.0; problem.n_params()];
    let out = lbfgs::minimize(
        |u, g| problem.evaluate_in(u, Some(&vars), g),
        &mut u,
        MEMORY,
        max_iterations,
        gradient_tolerance,
        |g| vars.original_inf_norm(g, k) / total_weight,
    );
    let (w, b) = vars.parameters(&u, k);
    if !out.objective.is_finite() {
        return Err(StancerError::Training(
            "the objective is not finite; try a smaller C (stronger regularization), keep \
             l2_norm on, or raise min_df"
                .into(),
        ));
    }
    let b = Array1::from(b);
    let w = Array2::from_shape_vec((n_cols, k), w)
        .map_err(|e| StancerError::Training(format!("parameter shape: {e}")))?;
    let info = FitInfo {
        mean_objective: out.objective / total_weight,
        iterations: out.iterations,
        evaluations: out.evaluations,
        converged: out.converged,
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((w, b, info))
}

/// Mean weighted log-loss plus ‖W‖²/(2·C·n): scikit-learn's scaling of the objective, for
/// comparing the optimum reached with scikit-learn's.
pub fn sklearn_objective(x: &Csr, y: &[usize], w: &Array2<f64>, b: &Array1<f64>, c: f64) -> f64 {
    let k = b.len();
    let n = x.n_rows() as f64;
    let mut flat: Vec<f64> = w.iter().copied().collect();
    flat.extend(b.iter());
    let ones = vec![1.0; x.n_rows()];
    let problem = Problem::new(x, y, &ones, k, 0.0);
    let loss = problem.evaluate(&flat, None);
    loss / n + w.iter().map(|v| v * v).sum::<f64>() / (2.0 * c * n)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::features::tfidf::SparseRow;

    fn toy() -> (Vec<SparseRow>, Vec<usize>) {
        let rows = vec![
            vec![(0, 1.0), (2, 0.2)],
            vec![(0, 0.9), (1, 0.1)],
            vec![(1, 1.0), (2, 0.1)],
            vec![(0, 0.1), (1, 0.8)],
            vec![(1, 0.1), (2, 1.0)],
            vec![(0, 0.2), (2, 0.9)],
            vec![(0, 0.5), (1, 0.5)],
        ];
        (rows, vec![0, 0, 1, 1, 2, 2, 0])
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (rows, y) = toy();
        let x = Csr::from_rows(&rows, 3);
        let weights = vec![1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0];
        // k = 3 takes the unrolled kernel, k = 7 the general one (classes without rows).
        for k in [3, 7] {
            let prob = Problem::new(&x, &y, &weights, k, 0.3);
            let n = prob.n_params();
            let p: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
            let mut g = vec![0.0; n];
            let f = prob.evaluate(&p, Some(&mut g));
            assert_eq!(
                f,
                prob.evaluate(&p, None),
                "k = {k}: loss with and without gradient"
            );
            for i in 0..n {
                let (mut hi, mut lo) = (p.clone(), p.clone());
                hi[i] += 1e-6;
                lo[i] -= 1e-6;
                let num = (prob.evaluate(&hi, None) - prob.evaluate(&lo, None)) / 2e-6;
                assert!(
                    (num - g[i]).abs() < 1e-6,
                    "k = {k}, param {i}: {num} vs {}",
                    g[i]
                );
            }
        }
    }

    #[test]
    fn evaluation_in_the_solver_variables_is_evaluation_at_their_parameters_bit_for_bit() {
        let (rows, y) = toy();
        let x = Csr::from_rows(&rows, 3);
        let weights = vec![1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0];
        for (k, centered) in [(3, false), (3, true), (7, true)] {
            let prob = Problem::new(&x, &y, &weights, k, 0.3);
            let vars = Variables::of(&prob, &weights, centered);
            let n = prob.n_params();
            let u: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
            let (w, b) = vars.parameters(&u, k);
            let p: Vec<f64> = w.iter().chain(&b).copied().collect();
            let (mut g_in, mut g) = (vec![0.0; n], vec![0.0; n]);
            let f_in = prob.evaluate_in(&u, Some(&vars), &mut g_in);
            let f = prob.evaluate(&p, Some(&mut g));
            assert_eq!(f_in.to_bits(), f.to_bits(), "k = {k}, centered {centered}");
            // The chain rule: d/dW = (∂W − μ ∂b) s_c, d/dβ = ∂b s_b.
            let gb = &g[3 * k..];
            for i in 0..n {
                let c = i / k;
                let expected = if c == 3 {
                    g[i] * vars.scale[c]
                } else {
                    let mu = vars.center.as_ref().map_or(0.0, |m| m[c]);
                    if centered {
                        (g[i] - mu * gb[i % k]) * vars.scale[c]
                    } else {
                        g[i] * vars.scale[c]
                    }
                };
                assert_eq!(g_in[i].to_bits(), expected.to_bits(), "k = {k}, entry {i}");
            }
            // The stopping test reads the gradient in the original parameters.
            let max = g.iter().fold(0.0f64, |a, v| a.max(v.abs()));
            let back = vars.original_inf_norm(&g_in, k);
            assert!((back - max).abs() <= 1e-12 * max, "{back} vs {max}");
        }
    }

    #[test]
    fn centering_meets_the_tolerance_on_the_intercepts_too() {
        // Rows that all share a frequent column and classes of unequal size: the intercepts
        // are far from 0 at the optimum and move with the shared column's weights.
        let rows: Vec<SparseRow> = (0..60)
            .map(|i| vec![(0, 0.9), (1 + i % 4, 0.3 + 0.01 * i as f64)])
            .collect();
        let y: Vec<usize> = (0..60)
            .map(|i| usize::from(i % 5 == 0) + usize::from(i % 7 == 0))
            .collect();
        let x = Csr::from_rows(&rows, 5);
        let (w, b, info) = fit(&x, &y, &[1.0; 60], 3, 0.5, 500, 1e-8).unwrap();
        assert!(info.converged, "{info:?}");
        let prob = Problem::new(&x, &y, &[1.0; 60], 3, 0.5);
        let p: Vec<f64> = w.iter().chain(b.iter()).copied().collect();
        let mut g = vec![0.0; p.len()];
        prob.evaluate(&p, Some(&mut g));
        for (i, v) in g.iter().enumerate() {
            assert!(v.abs() / 60.0 <= 1e-8, "entry {i}: {v}");
        }
    }

    #[test]
    fn same_weights_as_linfa_logistic() {
        use linfa::prelude::*;
        let (rows, y) = toy();
        let x = Csr::from_rows(&rows, 3);
        let (w, b, _) = fit(&x, &y, &[1.0; 7], 3, 0.1, 500, 1e-10).unwrap();
        let dense = crate::features::tfidf::densify(&rows, 3);
        let linfa = linfa_logistic::MultiLogisticRegression::default()
            .alpha(0.1)
            .max_iterations(500)
            .gradient_tolerance(1e-8)
            .fit(&Dataset::new(dense, Array1::from(y.clone())))
            .unwrap();
        for (a, e) in w.iter().zip(linfa.params().iter()) {
            assert!((a - e).abs() < 1e-4, "weight {a} vs linfa {e}");
        }
        for (a, e) in b.iter().zip(linfa.intercept().iter()) {
            assert!((a - e).abs() < 1e-4, "intercept {a} vs linfa {e}");
        }
    }
}
