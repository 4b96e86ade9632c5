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

use crate::error::{Result, StancerError};
use crate::features::tfidf::SparseRow;

/// Settings of a logistic head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeadParams {
    /// scikit-learn's `C`. linfa minimizes a *sum* of losses plus `alpha/2 ||W||²`, which is
    /// scikit-learn's objective with `alpha = 1 / C`.
    pub c: f64,
    pub max_iterations: u64,
    pub gradient_tolerance: f64,
    /// Replicate rows of rarer classes so each class weighs about as much as the largest
    /// (linfa has no sample weights). Each row of class k appears `round(n_max / n_k)` times.
    pub balanced: bool,
}

impl Default for HeadParams {
    fn default() -> Self {
        HeadParams {
            c: 10.0,
            max_iterations: 300,
            gradient_tolerance: 1e-5,
            balanced: true,
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
}

impl LogisticHead {
    /// Fits on dense features `x` and string labels `y`. Labels are sorted, so column k of
    /// the probabilities is `labels()[k]` on every run.
    pub fn fit(x: &Array2<f64>, y: &[&str], params: &HeadParams) -> Result<Self> {
        params.validate()?;
        let mut labels: Vec<String> = y.iter().map(|s| s.to_string()).collect();
        labels.sort();
        labels.dedup();
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
        let (x, target) = if params.balanced {
            rebalance(x, &target, labels.len())
        } else {
            (x.clone(), target)
        };
        let dataset = Dataset::new(x, Array1::from(target));
        let fitted = MultiLogisticRegression::default()
            .alpha(1.0 / params.c)
            .max_iterations(params.max_iterations)
            .gradient_tolerance(params.gradient_tolerance)
            .fit(&dataset)
            .map_err(|e| {
                StancerError::Training(format!(
                    "{e}; try a smaller C (stronger regularization), keep l2_norm on, \
                     or raise min_df"
                ))
            })?;
        // linfa's classes are the sorted distinct targets, i.e. 0..labels.len().
        Ok(LogisticHead {
            labels,
            weights: fitted.params().clone(),
            intercept: fitted.intercept().clone(),
        })
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
        for &(c, v) in row {
            if c < self.weights.nrows() {
                for (k, zk) in z.iter_mut().enumerate() {
                    *zk += v * self.weights[[c, k]];
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

    /// Checks the stored shapes agree; a hand-edited or truncated model fails here.
    pub fn check(&self, n_features: usize) -> std::result::Result<(), String> {
        if self.weights.ncols() != self.labels.len() || self.intercept.len() != self.labels.len() {
            return Err(format!(
                "head has {} labels but weights for {} and intercepts for {}",
                self.labels.len(),
                self.weights.ncols(),
                self.intercept.len()
            ));
        }
        if self.weights.nrows() != n_features {
            return Err(format!(
                "vocabulary gives {n_features} features but the weights have {} rows",
                self.weights.nrows()
            ));
        }
        Ok(())
    }
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

fn rebalance(x: &Array2<f64>, y: &[usize], k: usize) -> (Array2<f64>, Vec<usize>) {
    let mut counts = vec![0usize; k];
    y.iter().for_each(|&c| counts[c] += 1);
    let max = *counts.iter().max().unwrap_or(&1) as f64;
    let reps: Vec<usize> = counts
        .iter()
        .map(|&n| {
            if n == 0 {
                1
            } else {
                (max / n as f64).round().max(1.0) as usize
            }
        })
        .collect();
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
            ..HeadParams::default()
        };
        let head = LogisticHead::fit(&x, &y, &params).unwrap();
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
        let x = array![[1.0], [0.5]];
        let err = LogisticHead::fit(&x, &["a", "a"], &HeadParams::default()).unwrap_err();
        assert!(err.to_string().contains("only one class (a)"));
    }

    #[test]
    fn rebalance_replicates_rare_rows() {
        let x = array![[1.0], [2.0], [3.0], [4.0]];
        let (xb, yb) = rebalance(&x, &[0, 0, 0, 1], 2);
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
