//! liblinear's dual coordinate descent for the L2-regularized squared-hinge SVM
//! (`solve_l2r_l1l2_svc` with L2 loss, the solver behind `LinearSVC`'s default
//! `dual=True` on text), with its stopping rule.
//!
//! Why this solver and not L-BFGS on the primal: the primal's natural stopping test, a
//! bound on the gradient of `Σ r_i loss_i + ‖p‖²/(2C)`, says less and less about the
//! weights as C grows (the objective's curvature floor is `1/C`, so the same gradient
//! allows an error up to C times larger). At C = 100 stancer's primal SVM stopped short
//! of the optimum (`eval/benchmarks/parity.md`), and tightening the test made L-BFGS crawl
//! (a SemEval CV at C = 100 went from minutes to over half an hour). liblinear stops on
//! the dual's projected gradient instead, `max PG − min PG ≤ tol` over the rows, where
//! each row's entry is how far its margin `t_i (w·x_i + b)` is from what its dual
//! variable asks: a quantity in units of the decision function, whatever C is. The same
//! test here (with `gradient_tolerance` as `tol`) gives the same decision function as
//! `LinearSVC` at C = 100 as at C = 1 (`tests/svm_parity.rs`), and each pass costs the
//! non-zeros of the rows, not the columns.
//!
//! The dual of `Σ_i C_i max(0, 1 − t_i (w·x_i + b))² + ½(‖w‖² + b²)` (liblinear's
//! primal; `C_i = C r_i` with the row weights) is, with `D_i = 1/(2 C_i)`,
//! `min_β ½ βᵀ(Q + D)β − Σ β_i`, `β ≥ 0`, `Q_ij = t_i t_j (x_i·x_j + 1)`, and
//! `w = Σ β_i t_i x_i`, `b = Σ β_i t_i` (the intercept is the weight of a constant
//! feature 1, penalized, as liblinear fits it). Each step minimizes exactly over one
//! `β_i`; the rows are visited in a shuffled order each pass, with liblinear's shrinking
//! (rows at `β_i = 0` far inside the margin are set aside until the end). The shuffle is
//! seeded, and one problem runs on one thread, so the result is the same bits on any
//! number of threads.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::features::Csr;

/// The seed of the row order (liblinear seeds its own `rand` the same way each fit).
const SEED: u64 = 1;

/// One binary problem: rows, ±1 targets, row weights, `C`.
pub(super) struct Binary<'a> {
    pub x: &'a Csr,
    pub positive: Vec<bool>,
    pub weights: &'a [f64],
    pub c: f64,
}

/// Where the solver stopped.
pub(super) struct Solved {
    /// `[w, b]`.
    pub p: Vec<f64>,
    /// stancer's scaling of the objective, `Σ r_i loss_i + ‖p‖²/(2C)` (liblinear's
    /// divided by C).
    pub objective: f64,
    /// Passes over the rows.
    pub passes: u64,
    pub converged: bool,
}

impl Binary<'_> {
    fn target(&self, i: usize) -> f64 {
        if self.positive[i] {
            1.0
        } else {
            -1.0
        }
    }

    /// `w·x_i + b`.
    fn score(&self, p: &[f64], i: usize) -> f64 {
        let (cols, vals) = self.x.row(i);
        let mut z = p[self.x.n_cols()];
        for (&c, &v) in cols.iter().zip(vals) {
            z += f64::from(v) * p[c as usize];
        }
        z
    }

    /// Minimizes until `max PG − min PG ≤ tolerance` over every row, or `max_passes`.
    pub fn solve(&self, max_passes: u64, tolerance: f64) -> Solved {
        let d = self.x.n_cols();
        let mut p = vec![0.0; d + 1];
        let n = self.x.n_rows();
        let mut beta = vec![0.0; n];
        // Rows of weight 0 have no loss term and stay at β = 0.
        let mut index: Vec<usize> = (0..n).filter(|&i| self.weights[i] > 0.0).collect();
        let rows = index.len();
        let diag: Vec<f64> = self
            .weights
            .iter()
            .map(|&r| if r > 0.0 { 0.5 / (self.c * r) } else { 0.0 })
            .collect();
        let qd: Vec<f64> = (0..n)
            .map(|i| {
                let (_, vals) = self.x.row(i);
                let xx: f64 = vals.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
                xx + 1.0 + diag[i]
            })
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(SEED);
        let mut active = rows;
        // The largest projected gradient of the last pass: rows at β = 0 with a gradient
        // above it are shrunk. (liblinear's lower twin bounds rows at the upper bound of
        // β, which the squared hinge does not have.)
        let mut pg_max_old = f64::INFINITY;
        let mut passes = 0;
        let mut converged = false;
        while passes < max_passes {
            let (mut pg_max, mut pg_min) = (f64::NEG_INFINITY, f64::INFINITY);
            index[..active].shuffle(&mut rng);
            let mut s = 0;
            while s < active {
                let i = index[s];
                let t = self.target(i);
                let g = t * self.score(&p, i) - 1.0 + beta[i] * diag[i];
                let pg = if beta[i] == 0.0 {
                    if g > pg_max_old {
                        // Far inside the margin at β = 0: set aside for this round.
                        active -= 1;
                        index.swap(s, active);
                        continue;
                    }
                    g.min(0.0)
                } else {
                    g
                };
                pg_max = pg_max.max(pg);
                pg_min = pg_min.min(pg);
                if pg.abs() > 1e-12 {
                    let old = beta[i];
                    beta[i] = (old - g / qd[i]).max(0.0);
                    let step = (beta[i] - old) * t;
                    let (cols, vals) = self.x.row(i);
                    for (&c, &v) in cols.iter().zip(vals) {
                        p[c as usize] += step * f64::from(v);
                    }
                    p[d] += step;
                }
                s += 1;
            }
            passes += 1;
            if pg_max - pg_min <= tolerance {
                if active == rows {
                    converged = true;
                    break;
                }
                // Converged on the active rows: check again over all of them.
                active = rows;
                pg_max_old = f64::INFINITY;
                continue;
            }
            pg_max_old = if pg_max <= 0.0 { f64::INFINITY } else { pg_max };
        }
        let objective = self.objective(&p);
        Solved {
            p,
            objective,
            passes,
            converged,
        }
    }

    /// `Σ_i r_i max(0, 1 − t_i (w·x_i + b))² + ‖p‖²/(2C)`.
    pub fn objective(&self, p: &[f64]) -> f64 {
        let loss: f64 = (0..self.x.n_rows())
            .map(|i| {
                let slack = (1.0 - self.target(i) * self.score(p, i)).max(0.0);
                self.weights[i] * slack * slack
            })
            .sum();
        loss + 0.5 / self.c * p.iter().map(|v| v * v).sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::features::tfidf::SparseRow;

    /// At the optimum the primal gradient vanishes: `p/C = Σ 2 r_i slack_i t_i [x_i, 1]`.
    #[test]
    fn reaches_the_primal_optimum_at_small_and_large_c() {
        let rows: Vec<SparseRow> = vec![
            vec![(0, 1.0), (2, 0.2)],
            vec![(0, 0.9), (1, 0.1)],
            vec![(1, 1.0), (2, 0.1)],
            vec![(0, 0.1), (1, 0.8)],
            vec![(1, 0.1), (2, 1.0)],
            vec![(0, 0.2), (2, 0.9)],
            vec![(0, 0.5), (1, 0.5)],
        ];
        let x = Csr::from_rows(&rows, 3);
        let weights = [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0];
        for c in [0.01, 1.0, 100.0] {
            let prob = Binary {
                x: &x,
                positive: vec![true, true, false, false, true, false, true],
                weights: &weights,
                c,
            };
            let out = prob.solve(100_000, 1e-10);
            assert!(out.converged, "C = {c}");
            let mut g: Vec<f64> = out.p.iter().map(|v| v / c).collect();
            for (i, r) in weights.iter().enumerate() {
                let t = prob.target(i);
                let slack = (1.0 - t * prob.score(&out.p, i)).max(0.0);
                let coef = 2.0 * r * slack * t;
                let (cols, vals) = x.row(i);
                for (&col, &v) in cols.iter().zip(vals) {
                    g[col as usize] -= coef * f64::from(v);
                }
                g[3] -= coef;
            }
            // In liblinear's scaling (C times this), the gradient is in weight units.
            let worst = g.iter().fold(0.0f64, |a, v| a.max((c * v).abs()));
            assert!(worst < 1e-6, "C = {c}: gradient {g:?}");
            assert!((out.objective - prob.objective(&out.p)).abs() < 1e-15);
        }
    }
}
