//! Platt scaling: a sigmoid `P(y = 1 | f) = 1 / (1 + exp(A·f + B))` fitted on decision
//! scores `f` by regularized maximum likelihood, with Platt's smoothed targets
//! (`(N₊ + 1)/(N₊ + 2)` and `1/(N₋ + 2)`), by the Newton method with backtracking of Lin,
//! Lin and Weng (2007), "A note on Platt's probabilistic outputs for support vector
//! machines". scikit-learn's `_sigmoid_calibration` minimizes the same objective.

use serde::{Deserialize, Serialize};

/// A fitted sigmoid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sigmoid {
    pub a: f64,
    pub b: f64,
}

impl Sigmoid {
    /// `1 / (1 + exp(a·f + b))`, without overflow.
    pub fn probability(&self, f: f64) -> f64 {
        let z = self.a * f + self.b;
        if z >= 0.0 {
            let e = (-z).exp();
            e / (1.0 + e)
        } else {
            1.0 / (1.0 + z.exp())
        }
    }
}

/// Fits a sigmoid to scores `f` and binary outcomes `y`.
pub fn fit(f: &[f64], y: &[bool]) -> Sigmoid {
    let prior1 = y.iter().filter(|&&v| v).count() as f64;
    let prior0 = y.len() as f64 - prior1;
    let hi = (prior1 + 1.0) / (prior1 + 2.0);
    let lo = 1.0 / (prior0 + 2.0);
    let t: Vec<f64> = y.iter().map(|&v| if v { hi } else { lo }).collect();
    let objective = |a: f64, b: f64| -> f64 {
        f.iter()
            .zip(&t)
            .map(|(&fi, &ti)| {
                let z = fi * a + b;
                if z >= 0.0 {
                    ti * z + (-z).exp().ln_1p()
                } else {
                    (ti - 1.0) * z + z.exp().ln_1p()
                }
            })
            .sum()
    };
    let (mut a, mut b) = (0.0, ((prior0 + 1.0) / (prior1 + 1.0)).ln());
    let mut value = objective(a, b);
    const SIGMA: f64 = 1e-12;
    const EPS: f64 = 1e-5;
    const MIN_STEP: f64 = 1e-10;
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (SIGMA, SIGMA, 0.0, 0.0, 0.0);
        for (&fi, &ti) in f.iter().zip(&t) {
            let z = fi * a + b;
            let (p, q) = if z >= 0.0 {
                let e = (-z).exp();
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = z.exp();
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += fi * fi * d2;
            h22 += d2;
            h21 += fi * d2;
            let d1 = ti - p;
            g1 += fi * d1;
            g2 += d1;
        }
        if g1.abs() < EPS && g2.abs() < EPS {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        while step >= MIN_STEP {
            let (na, nb) = (a + step * da, b + step * db);
            let nv = objective(na, nb);
            if nv < value + 1e-4 * step * gd {
                (a, b, value) = (na, nb, nv);
                break;
            }
            step /= 2.0;
        }
        if step < MIN_STEP {
            break;
        }
    }
    Sigmoid { a, b }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// scikit-learn 1.9.1, `sklearn.calibration._sigmoid_calibration(f, y)` on these
    /// scores gave a = -1.237916, b = -0.069663.
    #[test]
    fn matches_scikit_learn_sigmoid_calibration() {
        let f = [
            -2.0, -1.5, -1.0, -0.5, -0.2, 0.1, 0.3, 0.8, 1.2, 2.0, -0.3, 0.4,
        ];
        let y = [
            false, false, false, true, false, true, false, true, true, true, false, true,
        ];
        let s = fit(&f, &y);
        assert!((s.a - -1.237916).abs() < 1e-4, "{s:?}");
        assert!((s.b - -0.069663).abs() < 1e-4, "{s:?}");
        assert!(s.probability(2.0) > 0.9 && s.probability(-2.0) < 0.1);
    }
}
