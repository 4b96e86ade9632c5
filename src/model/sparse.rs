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
//! [`kernel`] says); the blocks are a fixed partition of the rows and are reduced in
//! order, so the result does not depend on the number of threads. L-BFGS runs in scaled
//! and centered [`variables`], which reach the same optimum in a third of the passes; the
//! stopping test is still on the gradient in the weights and intercepts.

mod kernel;
mod variables;

use std::sync::Mutex;

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::lbfgs;
use crate::error::{Result, StancerError};
pub use crate::features::Csr;
use kernel::Params;
use variables::Variables;

/// Row blocks of the parallel loss/gradient pass. Fixed (not the thread count) so that
/// the sums, reduced in block order, are the same bits on any machine.
const BLOCKS: usize = 4;
/// Parameters per task of the block reduction.
const REDUCE_CHUNK: usize = 1 << 14;
/// L-BFGS memory, as in linfa-logistic and scikit-learn.
const MEMORY: usize = 10;

/// The multinomial problem. Parameters are linfa's layout flattened row-major:
/// `(n_cols + 1) × k`, the last row the intercepts.
pub struct Problem<'a> {
    x: View<'a>,
    y: &'a [usize],
    weights: &'a [f64],
    k: usize,
    alpha: f64,
    /// Per-block record buffers ([`kernel`]), reused across evaluations.
    buffers: Mutex<Vec<Vec<f64>>>,
}

/// The rows of a CSR matrix.
#[derive(Clone, Copy)]
struct View<'a> {
    indptr: &'a [usize],
    indices: &'a [u32],
    data: &'a [f32],
    n_cols: usize,
}

impl<'a> View<'a> {
    fn of(x: &'a Csr) -> Self {
        View {
            indptr: &x.indptr,
            indices: &x.indices,
            data: &x.data,
            n_cols: x.n_cols,
        }
    }

    fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    #[inline]
    fn row(&self, i: usize) -> (&'a [u32], &'a [f32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }
}

impl<'a> Problem<'a> {
    pub fn new(x: &'a Csr, y: &'a [usize], weights: &'a [f64], k: usize, alpha: f64) -> Self {
        Problem {
            x: View::of(x),
            y,
            weights,
            k,
            alpha,
            buffers: Mutex::new(Vec::new()),
        }
    }

    /// Number of parameters: `(n_cols + 1) · k`.
    pub fn n_params(&self) -> usize {
        (self.x.n_cols + 1) * self.k
    }

    /// The row ranges of the blocks: a function of the row count only.
    fn blocks(&self) -> Vec<(usize, usize)> {
        let n = self.x.n_rows();
        let size = n.div_ceil(BLOCKS).max(1);
        (0..n)
            .step_by(size)
            .map(|a| (a, (a + size).min(n)))
            .collect()
    }

    /// The objective at `p`, and its gradient written into `grad` when given: one fused
    /// pass over the rows.
    pub fn evaluate(&self, p: &[f64], grad: Option<&mut [f64]>) -> f64 {
        match grad {
            Some(g) => self.evaluate_in(p, None, g),
            None => {
                let (k, n_cols) = (self.k, self.x.n_cols);
                let bias = &p[n_cols * k..];
                let loss: f64 = self
                    .blocks()
                    .par_iter()
                    .map(|&ab| {
                        let (x, y, w) = (self.x, self.y, self.weights);
                        kernel::block(x, y, w, k, bias, ab, Params::Weights(p))
                    })
                    .collect::<Vec<f64>>()
                    .iter()
                    .sum();
                let w = &p[..n_cols * k];
                loss + 0.5 * self.alpha * w.iter().map(|v| v * v).sum::<f64>()
            }
        }
    }

    /// The objective at the point `u` of the variables `vars` (the plain parameters when
    /// `None`), and its gradient with respect to `u` in `total`. The change of variables is
    /// applied as each block copies the weights into its records, so that the parameters
    /// never exist as a vector of their own.
    fn evaluate_in(&self, u: &[f64], vars: Option<&Variables>, total: &mut [f64]) -> f64 {
        let (k, n_cols, alpha) = (self.k, self.x.n_cols, self.alpha);
        let scale = |c: usize| vars.map_or(1.0, |v| v.scale[c]);
        let shift = match vars {
            Some(v) => v.intercept_shift(u, k),
            None => vec![0.0; k],
        };
        let bias: Vec<f64> = u[n_cols * k..]
            .iter()
            .zip(&shift)
            .map(|(v, sh)| v * scale(n_cols) - sh)
            .collect();
        let blocks = self.blocks();
        let mut buffers =
            std::mem::take(&mut *self.buffers.lock().unwrap_or_else(|e| e.into_inner()));
        buffers.resize_with(blocks.len(), Vec::new);
        let losses: Vec<f64> = blocks
            .par_iter()
            .zip(buffers.par_iter_mut())
            .map(|(&ab, buf)| {
                buf.resize(n_cols * 2 * k + k, 0.0);
                let (records, tail) = buf.split_at_mut(n_cols * 2 * k);
                for (c, (r, w)) in records
                    .chunks_exact_mut(2 * k)
                    .zip(u.chunks_exact(k))
                    .enumerate()
                {
                    let sc = scale(c);
                    let (rw, rg) = r.split_at_mut(k);
                    rw.iter_mut().zip(w).for_each(|(r, w)| *r = w * sc);
                    rg.fill(0.0);
                }
                tail.fill(0.0);
                let (x, y, w) = (self.x, self.y, self.weights);
                kernel::block(x, y, w, k, &bias, ab, Params::Records(buf))
            })
            .collect();
        // The intercepts' gradient, each entry summed over the blocks in order, from 0.
        let intercept_grad: Vec<f64> = (0..k)
            .map(|j| {
                buffers
                    .iter()
                    .fold(0.0, |acc, g| acc + g[n_cols * 2 * k + j])
            })
            .collect();
        // Chunks of whole columns; each entry's sum is over the blocks in order, from 0.
        let chunk = REDUCE_CHUNK / k * k;
        let buffers_ref = &buffers;
        let center = vars.and_then(|v| v.center.as_deref());
        total
            .par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(ci, out)| {
                let first = ci * chunk / k;
                for (dc, t) in out.chunks_exact_mut(k).enumerate() {
                    let c = first + dc;
                    let sc = scale(c);
                    if c == n_cols {
                        for (t, gb) in t.iter_mut().zip(&intercept_grad) {
                            *t = gb * sc;
                        }
                        continue;
                    }
                    let at = c * 2 * k + k;
                    for (j, t) in t.iter_mut().enumerate() {
                        let mut sum = 0.0;
                        for g in buffers_ref {
                            sum += g[at + j];
                        }
                        sum += alpha * (u[c * k + j] * sc);
                        if let Some(mu) = center {
                            sum -= mu[c] * intercept_grad[j];
                        }
                        *t = sum * sc;
                    }
                }
            });
        *self.buffers.lock().unwrap_or_else(|e| e.into_inner()) = buffers;
        let loss: f64 = losses.iter().sum();
        let mut norm = 0.0;
        for (c, w) in u[..n_cols * k].chunks_exact(k).enumerate() {
            let sc = scale(c);
            for v in w {
                let v = v * sc;
                norm += v * v;
            }
        }
        loss + 0.5 * alpha * norm
    }
}

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
