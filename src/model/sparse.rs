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
//! order, so the result does not depend on the number of threads.

mod kernel;

use std::sync::Mutex;

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::lbfgs;
use crate::error::{Result, StancerError};
pub use crate::features::Csr;
use kernel::Params;

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
            Some(g) => self.evaluate_scaled(p, None, g),
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

    /// The objective at the weights `u ⊙ s` (`s` one factor per column, the intercepts'
    /// last; all ones when `None`), and its gradient with respect to `u` in `total`: a
    /// change of variables, applied as each block copies the weights into its records, so
    /// that the scaled weights never exist as a vector of their own. The same arithmetic,
    /// in the same order, as scaling first and evaluating at `u ⊙ s`.
    fn evaluate_scaled(&self, u: &[f64], s: Option<&[f64]>, total: &mut [f64]) -> f64 {
        let (k, n_cols, alpha) = (self.k, self.x.n_cols, self.alpha);
        let scale = |c: usize| s.map_or(1.0, |s| s[c]);
        let bias: Vec<f64> = u[n_cols * k..].iter().map(|v| v * scale(n_cols)).collect();
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
        // Chunks of whole columns; each entry's sum is over the blocks in order, from 0.
        let chunk = REDUCE_CHUNK / k * k;
        let buffers_ref = &buffers;
        total
            .par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(ci, out)| {
                let first = ci * chunk / k;
                for (dc, t) in out.chunks_exact_mut(k).enumerate() {
                    let c = first + dc;
                    let sc = scale(c);
                    let at = if c < n_cols { c * 2 * k + k } else { c * 2 * k };
                    for (j, t) in t.iter_mut().enumerate() {
                        let mut sum = 0.0;
                        for g in buffers_ref {
                            sum += g[at + j];
                        }
                        if c < n_cols {
                            sum += alpha * (u[c * k + j] * sc);
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
    // Diagonal preconditioning as a change of variables, w = s ⊙ u with
    // s = 1/√(diag of the Hessian at W = 0): frequent and rare columns get comparable
    // curvature, and L-BFGS needs far fewer passes to reach the same minimum of the same
    // objective (the stopping test is still on the gradient in w).
    // One factor per column (its k weights share it), the intercepts' last.
    let s = diagonal_scaling(&problem, weights);
    let inv_s: Vec<f64> = s.iter().map(|v| 1.0 / v).collect();
    let mut u = vec![0.0; problem.n_params()];
    let out = lbfgs::minimize_with_metric(
        |u, g| problem.evaluate_scaled(u, Some(&s), g),
        &mut u,
        MEMORY,
        max_iterations,
        gradient_tolerance,
        total_weight,
        lbfgs::Metric::PerGroup(&inv_s, k),
    );
    let p: Vec<f64> = u
        .chunks_exact(k)
        .zip(&s)
        .flat_map(|(u, s)| u.iter().map(move |u| u * s))
        .collect();
    if !out.objective.is_finite() {
        return Err(StancerError::Training(
            "the objective is not finite; try a smaller C (stronger regularization), keep \
             l2_norm on, or raise min_df"
                .into(),
        ));
    }
    let b = Array1::from(p[n_cols * k..].to_vec());
    let mut p = p;
    p.truncate(n_cols * k);
    let w = Array2::from_shape_vec((n_cols, k), p)
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

/// `1/√h` for the diagonal `h` of the Hessian at `W = 0` (all probabilities `1/k`), one
/// value per column and one for the intercepts (the `k` weights of a column share it):
/// `h = Σ_i w_i x_ij² (1/k)(1 − 1/k) + α` for weights, `Σ_i w_i (1/k)(1 − 1/k)` for
/// intercepts.
fn diagonal_scaling(problem: &Problem<'_>, weights: &[f64]) -> Vec<f64> {
    let (k, n_cols) = (problem.k, problem.x.n_cols);
    let q = (1.0 / k as f64) * (1.0 - 1.0 / k as f64);
    let mut col = vec![0.0; n_cols];
    for (i, wi) in weights.iter().enumerate() {
        let (c, v) = problem.x.row(i);
        for (&c, &v) in c.iter().zip(v) {
            col[c as usize] += wi * f64::from(v) * f64::from(v);
        }
    }
    let total: f64 = weights.iter().sum();
    let mut s: Vec<f64> = col
        .iter()
        .map(|h| 1.0 / (q * h + problem.alpha).max(f64::MIN_POSITIVE).sqrt())
        .collect();
    s.push(1.0 / (q * total).max(f64::MIN_POSITIVE).sqrt());
    s
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
    fn scaled_evaluation_is_evaluation_at_the_scaled_point_bit_for_bit() {
        let (rows, y) = toy();
        let x = Csr::from_rows(&rows, 3);
        let weights = vec![1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0];
        for k in [3, 7] {
            let prob = Problem::new(&x, &y, &weights, k, 0.3);
            let n = prob.n_params();
            let u: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
            let s = [0.5, 1.7, 3.1, 0.9];
            let w: Vec<f64> = (0..n).map(|i| u[i] * s[i / k]).collect();
            let (mut g_scaled, mut g) = (vec![0.0; n], vec![0.0; n]);
            let f_scaled = prob.evaluate_scaled(&u, Some(&s), &mut g_scaled);
            let f = prob.evaluate(&w, Some(&mut g));
            assert_eq!(f_scaled.to_bits(), f.to_bits());
            for i in 0..n {
                assert_eq!(
                    g_scaled[i].to_bits(),
                    (g[i] * s[i / k]).to_bits(),
                    "entry {i}"
                );
            }
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
