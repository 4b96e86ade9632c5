//! Whether the probabilities mean what they say: log loss, Brier score and expected
//! calibration error, with the reliability bins behind the ECE.
//!
//! A researcher who thresholds on `p_georgian > 0.8` needs 80% to mean 80%; accuracy
//! alone cannot tell an honest 0.6 from an overconfident 0.99.

use serde::Serialize;

/// One bin of the reliability diagram: predictions whose top probability fell in
/// `[lo, hi)`, their mean confidence and how often they were right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    pub mean_confidence: f64,
    pub accuracy: f64,
    pub count: usize,
}

/// Probability quality of one head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Mean negative log-likelihood of the gold label (probabilities clipped at 1e-15, as
    /// scikit-learn does).
    pub log_loss: f64,
    /// Mean squared distance between the probability vector and the one-hot gold label,
    /// summed over classes (the multi-class Brier score).
    pub brier: f64,
    /// Expected calibration error over `bins.len()` equal-width confidence bins.
    pub ece: f64,
    pub bins: Vec<Bin>,
}

/// Computes the calibration of `probs` (rows in `labels` order) against `gold`.
pub fn calibration(
    labels: &[String],
    probs: &[Vec<f64>],
    gold: &[String],
    n_bins: usize,
) -> Calibration {
    let n = probs.len().min(gold.len());
    let mut bins: Vec<(f64, f64, usize)> = vec![(0.0, 0.0, 0); n_bins.max(1)];
    let (mut ll, mut brier) = (0.0, 0.0);
    for (p, g) in probs.iter().zip(gold).take(n) {
        let gi = labels.iter().position(|l| l == g);
        let pg = gi.map_or(0.0, |i| p[i]);
        ll -= pg.clamp(1e-15, 1.0).ln();
        brier += p
            .iter()
            .enumerate()
            .map(|(i, &v)| (v - f64::from(Some(i) == gi)).powi(2))
            .sum::<f64>();
        let (top, conf) =
            p.iter()
                .copied()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |b, (i, v)| if v > b.1 { (i, v) } else { b },
                );
        let b = ((conf * bins.len() as f64) as usize).min(bins.len() - 1);
        bins[b].0 += conf;
        bins[b].1 += f64::from(Some(top) == gi);
        bins[b].2 += 1;
    }
    let nf = n.max(1) as f64;
    let k = bins.len() as f64;
    let bins: Vec<Bin> = bins
        .into_iter()
        .enumerate()
        .map(|(i, (c, a, count))| Bin {
            lo: i as f64 / k,
            hi: (i + 1) as f64 / k,
            mean_confidence: if count > 0 { c / count as f64 } else { 0.0 },
            accuracy: if count > 0 { a / count as f64 } else { 0.0 },
            count,
        })
        .collect();
    let ece = bins
        .iter()
        .map(|b| b.count as f64 / nf * (b.accuracy - b.mean_confidence).abs())
        .sum();
    Calibration {
        log_loss: ll / nf,
        brier: brier / nf,
        ece,
        bins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn hand_computed_log_loss_and_brier() {
        let probs = vec![vec![0.8, 0.2], vec![0.4, 0.6]];
        let gold = vec!["a".to_string(), "a".to_string()];
        let c = calibration(&l(), &probs, &gold, 10);
        let ll = -(0.8f64.ln() + 0.4f64.ln()) / 2.0;
        assert!((c.log_loss - ll).abs() < 1e-12);
        let brier = ((0.2f64.powi(2) + 0.2f64.powi(2)) + (0.6f64.powi(2) + 0.6f64.powi(2))) / 2.0;
        assert!((c.brier - brier).abs() < 1e-12);
    }

    #[test]
    fn ece_of_a_perfectly_calibrated_and_an_overconfident_model() {
        // Ten predictions at confidence 0.7, seven right: calibrated, ECE 0.
        let probs = vec![vec![0.7, 0.3]; 10];
        let mut gold = vec!["a".to_string(); 7];
        gold.extend(vec!["b".to_string(); 3]);
        assert!(calibration(&l(), &probs, &gold, 10).ece.abs() < 1e-12);
        // Confidence 0.99, half right: ECE 0.49.
        let probs = vec![vec![0.99, 0.01]; 4];
        let gold: Vec<String> = ["a", "b", "a", "b"].iter().map(|s| s.to_string()).collect();
        let c = calibration(&l(), &probs, &gold, 10);
        assert!((c.ece - 0.49).abs() < 1e-12);
        assert_eq!(c.bins[9].count, 4);
    }

    #[test]
    fn certain_wrong_prediction_is_clipped_not_infinite() {
        let c = calibration(&l(), &[vec![1.0, 0.0]], &["b".to_string()], 5);
        assert!(c.log_loss.is_finite() && c.log_loss > 30.0);
    }
}
