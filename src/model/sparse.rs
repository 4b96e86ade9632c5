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
//! softmax, residual, `Xᵀ(P − Y)` into the block's own buffer); the blocks are a fixed
//! partition of the rows and are reduced in order, so the result does not depend on the
//! number of threads.

use std::sync::Mutex;

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::lbfgs;
use crate::error::{Result, StancerError};
pub use crate::features::Csr;

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
    /// Per-block gradient buffers, reused across evaluations.
    buffers: Mutex<Vec<Vec<f64>>>,
}

/// The rows of a CSR matrix, possibly with renumbered column indices.
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
        Self::with_view(View::of(x), y, weights, k, alpha)
    }

    fn with_view(x: View<'a>, y: &'a [usize], weights: &'a [f64], k: usize, alpha: f64) -> Self {
        Problem {
            x,
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
        let (k, n_cols) = (self.k, self.x.n_cols);
        let bias = &p[n_cols * k..];
        let blocks = self.blocks();
        let mut loss: f64 = match grad {
            None => blocks
                .par_iter()
                .map(|&(a, b)| self.block(p, bias, a, b, None))
                .collect::<Vec<f64>>()
                .iter()
                .sum(),
            Some(total) => {
                let mut buffers =
                    std::mem::take(&mut *self.buffers.lock().unwrap_or_else(|e| e.into_inner()));
                buffers.resize_with(blocks.len(), Vec::new);
                let losses: Vec<f64> = blocks
                    .par_iter()
                    .zip(buffers.par_iter_mut())
                    .map(|(&(a, b), g)| {
                        g.clear();
                        g.resize(p.len(), 0.0);
                        self.block(p, bias, a, b, Some(g))
                    })
                    .collect();
                let (alpha, reg) = (self.alpha, n_cols * k);
                total
                    .par_chunks_mut(REDUCE_CHUNK)
                    .enumerate()
                    .for_each(|(ci, out)| {
                        let off = ci * REDUCE_CHUNK;
                        let len = out.len();
                        out.fill(0.0);
                        for g in &buffers {
                            for (t, v) in out.iter_mut().zip(&g[off..off + len]) {
                                *t += v;
                            }
                        }
                        for (i, t) in out.iter_mut().enumerate() {
                            if off + i < reg {
                                *t += alpha * p[off + i];
                            }
                        }
                    });
                *self.buffers.lock().unwrap_or_else(|e| e.into_inner()) = buffers;
                losses.iter().sum()
            }
        };
        let w = &p[..n_cols * k];
        loss += 0.5 * self.alpha * w.iter().map(|v| v * v).sum::<f64>();
        loss
    }

    /// The weighted loss of rows `a..b`, adding their gradient into `grad`; specialized
    /// for the usual class counts so the inner loops unroll.
    fn block(
        &self,
        p: &[f64],
        bias: &[f64],
        a: usize,
        b: usize,
        grad: Option<&mut Vec<f64>>,
    ) -> f64 {
        match self.k {
            2 => self.block_k::<2>(p, bias, a, b, grad),
            3 => self.block_k::<3>(p, bias, a, b, grad),
            4 => self.block_k::<4>(p, bias, a, b, grad),
            5 => self.block_k::<5>(p, bias, a, b, grad),
            6 => self.block_k::<6>(p, bias, a, b, grad),
            _ => self.block_any(p, bias, a, b, grad),
        }
    }

    fn block_k<const K: usize>(
        &self,
        p: &[f64],
        bias: &[f64],
        a: usize,
        b: usize,
        mut grad: Option<&mut Vec<f64>>,
    ) -> f64 {
        let n_cols = self.x.n_cols;
        let bias: [f64; K] = bias.try_into().expect("K intercepts");
        let mut loss = 0.0;
        let mut bias_grad = [0.0; K];
        for i in a..b {
            let (cols, vals) = self.x.row(i);
            let mut z = bias;
            for (&c, &v) in cols.iter().zip(vals) {
                let v = f64::from(v);
                let c = c as usize * K;
                let w: &[f64; K] = p[c..c + K].try_into().expect("K weights");
                for j in 0..K {
                    z[j] += v * w[j];
                }
            }
            loss += row_loss(&mut z, self.y[i], self.weights[i], grad.is_some());
            if let Some(g) = grad.as_deref_mut() {
                for (&c, &v) in cols.iter().zip(vals) {
                    let v = f64::from(v);
                    let c = c as usize * K;
                    let gc: &mut [f64; K] = (&mut g[c..c + K]).try_into().expect("K gradients");
                    for j in 0..K {
                        gc[j] += v * z[j];
                    }
                }
                for j in 0..K {
                    bias_grad[j] += z[j];
                }
            }
        }
        if let Some(g) = grad {
            for (gj, bj) in g[n_cols * K..].iter_mut().zip(bias_grad) {
                *gj += bj;
            }
        }
        loss
    }

    fn block_any(
        &self,
        p: &[f64],
        bias: &[f64],
        a: usize,
        b: usize,
        mut grad: Option<&mut Vec<f64>>,
    ) -> f64 {
        let (k, n_cols) = (self.k, self.x.n_cols);
        let mut loss = 0.0;
        let mut z = vec![0.0; k];
        for i in a..b {
            let (cols, vals) = self.x.row(i);
            z.copy_from_slice(bias);
            for (&c, &v) in cols.iter().zip(vals) {
                let v = f64::from(v);
                let w = &p[c as usize * k..c as usize * k + k];
                for (zj, wj) in z.iter_mut().zip(w) {
                    *zj += v * wj;
                }
            }
            loss += row_loss(&mut z, self.y[i], self.weights[i], grad.is_some());
            if let Some(g) = grad.as_deref_mut() {
                for (&c, &v) in cols.iter().zip(vals) {
                    let v = f64::from(v);
                    for (gj, rj) in g[c as usize * k..c as usize * k + k].iter_mut().zip(&z) {
                        *gj += v * rj;
                    }
                }
                for (gj, rj) in g[n_cols * k..].iter_mut().zip(&z) {
                    *gj += rj;
                }
            }
        }
        loss
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
    let s = diagonal_scaling(&problem, weights);
    let inv_s: Vec<f64> = s.iter().map(|v| 1.0 / v).collect();
    let mut w = vec![0.0; problem.n_params()];
    let mut u = vec![0.0; problem.n_params()];
    let out = lbfgs::minimize(
        |u, g| {
            w.par_iter_mut()
                .zip(u.par_iter().zip(&s))
                .for_each(|(w, (u, s))| *w = u * s);
            let f = problem.evaluate(&w, Some(g));
            g.par_iter_mut().zip(&s).for_each(|(g, s)| *g *= s);
            f
        },
        &mut u,
        MEMORY,
        max_iterations,
        gradient_tolerance,
        total_weight,
        Some(&inv_s),
    );
    let p: Vec<f64> = u.iter().zip(&s).map(|(u, s)| u * s).collect();
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

/// `1/√h` for the diagonal `h` of the Hessian at `W = 0` (all probabilities `1/k`):
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
    let mut s = Vec::with_capacity((n_cols + 1) * k);
    for h in &col {
        let d = 1.0 / (q * h + problem.alpha).max(f64::MIN_POSITIVE).sqrt();
        s.extend(std::iter::repeat_n(d, k));
    }
    s.extend(std::iter::repeat_n(
        1.0 / (q * total).max(f64::MIN_POSITIVE).sqrt(),
        k,
    ));
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

/// The weighted softmax log-loss of one row's scores `z` (true class `yi`, row weight
/// `wi`), the part both block kernels share; with `residual`, `z` becomes the row's
/// gradient residual `wi·(softmax(z) − onehot(yi))`.
#[inline(always)]
fn row_loss(z: &mut [f64], yi: usize, wi: f64, residual: bool) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let zy = z[yi];
    let mut sum = 0.0;
    for zj in z.iter_mut() {
        *zj = (*zj - max).exp();
        sum += *zj;
    }
    if residual {
        let scale = wi / sum;
        for zj in z.iter_mut() {
            *zj *= scale;
        }
        z[yi] -= wi;
    }
    wi * (max + sum.ln() - zy)
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
        let prob = Problem::new(&x, &y, &weights, 3, 0.3);
        let p: Vec<f64> = (0..12).map(|i| (i as f64 * 0.37).sin()).collect();
        let mut g = vec![0.0; 12];
        prob.evaluate(&p, Some(&mut g));
        for i in 0..12 {
            let (mut hi, mut lo) = (p.clone(), p.clone());
            hi[i] += 1e-6;
            lo[i] -= 1e-6;
            let num = (prob.evaluate(&hi, None) - prob.evaluate(&lo, None)) / 2e-6;
            assert!((num - g[i]).abs() < 1e-6, "param {i}: {num} vs {}", g[i]);
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
