//! The sparse solver: linfa-logistic's multinomial objective on CSR rows.
//!
//! linfa-logistic needs a dense `ndarray` matrix, and its gradient streams all of it on
//! every evaluation. Text features are sparse (a sentence touches ~30 of thousands of
//! columns), so the dense fit is memory-bound: measured on the shipped corpus (1,390
//! sentences × 5,006 features), one linfa fit took ~3.4 s; this solver reaches the same
//! weights (see `tests` below and `tests/solver_parity.rs`) in a small fraction of that.
//!
//! The objective is linfa's exactly: `Σ_i w_i · (−log softmax(x_i W + b)[y_i]) +
//! α/2 · ‖W‖²` (intercept not penalized), minimized by argmin's L-BFGS (memory 10) with a
//! More–Thuente line search, the solver linfa-logistic itself runs. Row weights replace
//! linfa-side row replication for balanced classes (an integer weight *is* replication).
//! Row blocks are fixed-size and reduced in order, so the result does not depend on the
//! number of threads.

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::error::{Result, StancerError};
use crate::features::tfidf::SparseRow;

/// Rows per block of the parallel loss/gradient pass; fixed, for determinism.
const BLOCK: usize = 2048;

/// Compressed sparse rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Csr {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f64>,
    n_cols: usize,
}

impl Csr {
    pub fn from_rows(rows: &[SparseRow], n_cols: usize) -> Self {
        let nnz = rows.iter().map(Vec::len).sum();
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        let mut indices = Vec::with_capacity(nnz);
        let mut data = Vec::with_capacity(nnz);
        indptr.push(0);
        for row in rows {
            for &(c, v) in row {
                indices.push(c as u32);
                data.push(v);
            }
            indptr.push(indices.len());
        }
        Csr {
            indptr,
            indices,
            data,
            n_cols,
        }
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        self.indices[a..b]
            .iter()
            .zip(&self.data[a..b])
            .map(|(&c, &v)| (c as usize, v))
    }
}

/// The multinomial problem. Parameters are linfa's layout flattened row-major:
/// `(n_cols + 1) × k`, the last row the intercepts.
struct Problem<'a> {
    x: &'a Csr,
    y: &'a [usize],
    weights: &'a [f64],
    k: usize,
    alpha: f64,
}

impl Problem<'_> {
    /// Loss and (optionally) gradient in one pass over the rows.
    fn evaluate(&self, p: &Array1<f64>, with_grad: bool) -> (f64, Option<Vec<f64>>) {
        let (k, n_cols) = (self.k, self.x.n_cols);
        let p = p.as_slice().expect("contiguous parameters");
        let bias = &p[n_cols * k..];
        let blocks: Vec<(f64, Option<Vec<f64>>)> = (0..self.x.n_rows())
            .collect::<Vec<_>>()
            .par_chunks(BLOCK)
            .map(|rows| {
                let mut loss = 0.0;
                let mut grad = with_grad.then(|| vec![0.0; p.len()]);
                let mut z = vec![0.0; k];
                for &i in rows {
                    z.copy_from_slice(bias);
                    for (c, v) in self.x.row(i) {
                        let w = &p[c * k..c * k + k];
                        for (zj, wj) in z.iter_mut().zip(w) {
                            *zj += v * wj;
                        }
                    }
                    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let sum: f64 = z.iter().map(|v| (v - max).exp()).sum();
                    let lse = max + sum.ln();
                    let wi = self.weights[i];
                    loss += wi * (lse - z[self.y[i]]);
                    if let Some(g) = grad.as_mut() {
                        for (j, zj) in z.iter_mut().enumerate() {
                            *zj = wi * ((*zj - lse).exp() - f64::from(j == self.y[i]));
                        }
                        for (c, v) in self.x.row(i) {
                            for (gj, rj) in g[c * k..c * k + k].iter_mut().zip(&z) {
                                *gj += v * rj;
                            }
                        }
                        for (gj, rj) in g[n_cols * k..].iter_mut().zip(&z) {
                            *gj += rj;
                        }
                    }
                }
                (loss, grad)
            })
            .collect();
        let mut loss = 0.0;
        let mut grad = with_grad.then(|| vec![0.0; p.len()]);
        for (l, g) in blocks {
            loss += l;
            if let (Some(total), Some(g)) = (grad.as_mut(), g) {
                total.iter_mut().zip(g).for_each(|(t, v)| *t += v);
            }
        }
        let w = &p[..n_cols * k];
        loss += 0.5 * self.alpha * w.iter().map(|v| v * v).sum::<f64>();
        if let Some(g) = grad.as_mut() {
            for (gi, wi) in g[..n_cols * k].iter_mut().zip(w) {
                *gi += self.alpha * wi;
            }
        }
        (loss, grad)
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(p, false).0)
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        Ok(Array1::from(self.evaluate(p, true).1.unwrap_or_default()))
    }
}

/// Fits weights `(n_cols, k)` and intercepts `(k)` by L-BFGS on sparse rows.
pub fn fit(
    x: &Csr,
    y: &[usize],
    weights: &[f64],
    k: usize,
    alpha: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
) -> Result<(Array2<f64>, Array1<f64>)> {
    let n_cols = x.n_cols();
    let problem = Problem {
        x,
        y,
        weights,
        k,
        alpha,
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(gradient_tolerance)
        .map_err(|e| StancerError::Training(format!("solver setup: {e}")))?;
    let init = Array1::zeros((n_cols + 1) * k);
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(init).max_iters(max_iterations))
        .run()
        .map_err(|e| {
            StancerError::Training(format!(
                "{e}; try a smaller C (stronger regularization), keep l2_norm on, or raise min_df"
            ))
        })?;
    let state = result.state();
    let best = state
        .get_best_param()
        .cloned()
        .unwrap_or_else(|| Array1::zeros((n_cols + 1) * k));
    let all = best
        .into_shape_with_order((n_cols + 1, k))
        .map_err(|e| StancerError::Training(format!("parameter shape: {e}")))?;
    let w = all.slice(ndarray::s![..n_cols, ..]).to_owned();
    let b = all.row(n_cols).to_owned();
    Ok((w, b))
}

/// Mean weighted log-loss plus ‖W‖²/(2·C·n): scikit-learn's scaling of the objective, for
/// comparing the optimum reached with scikit-learn's.
pub fn sklearn_objective(x: &Csr, y: &[usize], w: &Array2<f64>, b: &Array1<f64>, c: f64) -> f64 {
    let k = b.len();
    let n = x.n_rows() as f64;
    let mut flat: Vec<f64> = w.iter().copied().collect();
    flat.extend(b.iter());
    let ones = vec![1.0; x.n_rows()];
    let problem = Problem {
        x,
        y,
        weights: &ones,
        k,
        alpha: 0.0,
    };
    let (loss, _) = problem.evaluate(&Array1::from(flat), false);
    loss / n + w.iter().map(|v| v * v).sum::<f64>() / (2.0 * c * n)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let prob = Problem {
            x: &x,
            y: &y,
            weights: &weights,
            k: 3,
            alpha: 0.3,
        };
        let p = Array1::from_iter((0..12).map(|i| (i as f64 * 0.37).sin()));
        let (_, g) = prob.evaluate(&p, true);
        let g = g.unwrap();
        for i in 0..12 {
            let (mut hi, mut lo) = (p.clone(), p.clone());
            hi[i] += 1e-6;
            lo[i] -= 1e-6;
            let num = (prob.evaluate(&hi, false).0 - prob.evaluate(&lo, false).0) / 2e-6;
            assert!((num - g[i]).abs() < 1e-6, "param {i}: {num} vs {}", g[i]);
        }
    }

    #[test]
    fn same_weights_as_linfa_logistic() {
        use linfa::prelude::*;
        let (rows, y) = toy();
        let x = Csr::from_rows(&rows, 3);
        let (w, b) = fit(&x, &y, &[1.0; 7], 3, 0.1, 500, 1e-8).unwrap();
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
