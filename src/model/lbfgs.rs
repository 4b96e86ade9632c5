//! Limited-memory BFGS for the sparse heads, with its vectors updated in place.
//!
//! The algorithm is argmin's (and scikit-learn's lbfgs): the two-loop recursion over the
//! last `m` steps, initial scaling `sᵀy / yᵀy`, a line search that enforces sufficient
//! decrease. What differs is bookkeeping: argmin allocates a new parameter-sized vector for
//! every vector operation (about 40 per iteration with `m = 10`), which at a million
//! parameters costs as much as the loss and gradient pass itself; here every vector is
//! allocated once. Long vector reductions are chunked in a fixed way and summed in chunk
//! order, so the iterates do not depend on the number of threads.
//!
//! Stopping: the caller's measure of the gradient at most `gtol` (the sparse solver uses
//! scikit-learn's `tol` for lbfgs, the largest gradient entry of the mean objective), or a
//! relative decrease of the objective below machine precision.

use std::collections::VecDeque;

use rayon::prelude::*;

/// Elements per parallel task of the vector operations (fixed, for determinism).
const CHUNK: usize = 1 << 15;

/// Where the minimization ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub objective: f64,
    pub iterations: u64,
    pub evaluations: u64,
    pub converged: bool,
}

/// A vector element: the iterate in `f64`, the stored curvature pairs in `f32`.
trait Elem: Copy + Send + Sync {
    fn get(self) -> f64;
}

impl Elem for f64 {
    #[inline]
    fn get(self) -> f64 {
        self
    }
}

impl Elem for f32 {
    #[inline]
    fn get(self) -> f64 {
        f64::from(self)
    }
}

fn dot<A: Elem, B: Elem>(a: &[A], b: &[B]) -> f64 {
    let parts: Vec<f64> = a
        .par_chunks(CHUNK)
        .zip(b.par_chunks(CHUNK))
        .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x.get() * y.get()).sum::<f64>())
        .collect();
    parts.iter().sum()
}

/// `y += a · x`
fn axpy<X: Elem>(a: f64, x: &[X], y: &mut [f64]) {
    y.par_chunks_mut(CHUNK)
        .zip(x.par_chunks(CHUNK))
        .for_each(|(y, x)| y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x.get()));
}

/// Minimizes `f` from `x` (overwritten with the minimizer). `f(x, g)` returns the
/// objective and writes its gradient into `g`. Stops when `measure(g) <= gtol`: the caller
/// says what "small gradient" means (a change of variables maps the gradient back to the
/// variables the tolerance is stated in).
pub fn minimize(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    x: &mut Vec<f64>,
    m: usize,
    max_iterations: u64,
    gtol: f64,
    measure: impl Fn(&[f64]) -> f64,
) -> Outcome {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(x, &mut g);
    let mut evaluations = 1;
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut d = vec![0.0; n];
    // (s, y, 1 / sᵀy), oldest first, in single precision (they only shape the search
    // direction; the iterate, gradient and objective stay in double); buffers are
    // recycled once `m` are held.
    let mut history: VecDeque<(Vec<f32>, Vec<f32>, f64)> = VecDeque::with_capacity(m);
    let mut alphas = vec![0.0; m];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < max_iterations {
        if measure(&g) <= gtol {
            converged = true;
            break;
        }
        // d = −H g by the two-loop recursion.
        d.copy_from_slice(&g);
        for (i, (s, y, rho)) in history.iter().enumerate().rev() {
            alphas[i] = rho * dot(s, &d);
            axpy(-alphas[i], y, &mut d);
        }
        let gamma = match history.back() {
            Some((s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0 / dot(&g, &g).sqrt().max(f64::MIN_POSITIVE),
        };
        d.par_iter_mut().for_each(|v| *v *= gamma);
        for (i, (s, y, rho)) in history.iter().enumerate() {
            let beta = rho * dot(y, &d);
            axpy(alphas[i] - beta, s, &mut d);
        }
        d.par_iter_mut().for_each(|v| *v = -*v);
        let mut gd = dot(&g, &d);
        if gd >= 0.0 {
            // Not a descent direction (numerical trouble): restart from steepest descent.
            history.clear();
            d.par_iter_mut().zip(&g).for_each(|(d, g)| *d = -g);
            gd = -dot(&g, &g);
        }
        // Backtracking line search with quadratic interpolation (Armijo, c1 = 1e-4).
        let mut t = 1.0;
        let mut f_new;
        let mut tries = 0;
        loop {
            x_new
                .par_chunks_mut(CHUNK)
                .zip(x.par_chunks(CHUNK).zip(d.par_chunks(CHUNK)))
                .for_each(|(xn, (x, d))| {
                    for ((xn, x), d) in xn.iter_mut().zip(x).zip(d) {
                        *xn = x + t * d;
                    }
                });
            f_new = f(&x_new, &mut g_new);
            evaluations += 1;
            tries += 1;
            if f_new.is_finite() && f_new <= fx + 1e-4 * t * gd {
                break;
            }
            if tries >= 40 {
                return Outcome {
                    objective: fx,
                    iterations,
                    evaluations,
                    converged: false,
                };
            }
            let denom = 2.0 * (f_new - fx - gd * t);
            let q = if f_new.is_finite() && denom > 0.0 {
                -gd * t * t / denom
            } else {
                0.1 * t
            };
            t = q.clamp(0.1 * t, 0.5 * t);
        }
        // Curvature pair, recycling the oldest buffers.
        let (mut s, mut y) = if history.len() == m {
            let (s, y, _) = history.pop_front().unwrap_or_default();
            (s, y)
        } else {
            (vec![0.0; n], vec![0.0; n])
        };
        s.par_chunks_mut(CHUNK)
            .zip(x_new.par_chunks(CHUNK).zip(x.par_chunks(CHUNK)))
            .for_each(|(s, (a, b))| {
                s.iter_mut()
                    .zip(a.iter().zip(b))
                    .for_each(|(s, (a, b))| *s = (a - b) as f32)
            });
        y.par_chunks_mut(CHUNK)
            .zip(g_new.par_chunks(CHUNK).zip(g.par_chunks(CHUNK)))
            .for_each(|(y, (a, b))| {
                y.iter_mut()
                    .zip(a.iter().zip(b))
                    .for_each(|(y, (a, b))| *y = (a - b) as f32)
            });
        let sy = dot(&s, &y);
        if sy > 1e-10 * dot(&y, &y) {
            history.push_back((s, y, 1.0 / sy));
        }
        std::mem::swap(x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        let f_prev = fx;
        fx = f_new;
        iterations += 1;
        if (f_prev - fx) / f_prev.abs().max(fx.abs()).max(1.0) <= 64.0 * f64::EPSILON {
            converged = true;
            break;
        }
    }
    Outcome {
        objective: fx,
        iterations,
        evaluations,
        converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimizes_a_quadratic() {
        // f(x) = Σ c_i (x_i − i)², minimum at x_i = i.
        let c = [1.0, 10.0, 100.0, 0.5];
        let mut x = vec![0.0; 4];
        let out = minimize(
            |x, g| {
                let mut f = 0.0;
                for i in 0..4 {
                    let r = x[i] - i as f64;
                    f += c[i] * r * r;
                    g[i] = 2.0 * c[i] * r;
                }
                f
            },
            &mut x,
            10,
            200,
            1e-10,
            |g| g.iter().fold(0.0f64, |a, v| a.max(v.abs())),
        );
        assert!(out.converged);
        for (i, v) in x.iter().enumerate() {
            assert!((v - i as f64).abs() < 1e-8, "{x:?}");
        }
    }
}
