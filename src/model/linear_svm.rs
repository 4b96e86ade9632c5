//! A linear SVM head: scikit-learn's `LinearSVC` with its defaults (squared hinge loss, L2
//! penalty, one-vs-rest, intercept fitted), on CSR rows.
//!
//! Each class k gets its own binary problem, class k against the rest (two classes: one
//! problem, class 1 against class 0, as liblinear solves it). With targets `t_i = ±1` the
//! problem is liblinear's primal divided by `C`:
//!
//! `Σ_i r_i · max(0, 1 − t_i (w·x_i + b))² + (α/2)(‖w‖² + b²)`, `α = 1/C`,
//!
//! where `r_i` are row weights (`balanced`: replication counts, as for the logistic head).
//! The intercept is **penalized**, as in liblinear, which appends a constant feature
//! (`intercept_scaling = 1`) and regularizes its weight with the others; this is what
//! makes stancer's decision function match `LinearSVC.decision_function`
//! (`tests/svm_parity.rs`). Each problem is solved as liblinear solves it, by coordinate
//! descent on the dual with liblinear's stopping rule (`dual_cd`, which says why);
//! `max_iterations` bounds its passes over the rows (`LinearSVC`'s `max_iter`) and
//! `gradient_tolerance` is its `tol`. Classes are fitted in parallel; each fit is
//! deterministic.
//!
//! Scores are not probabilities: [`calibrate`] fits Platt's sigmoid per class on
//! out-of-fold decision scores (scikit-learn's `CalibratedClassifierCV(method="sigmoid",
//! ensemble=False)`), see [`super::platt`].

mod dual_cd;

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::platt::{self, Sigmoid};
use super::sparse::FitInfo;
use crate::error::{Result, StancerError};
use crate::eval::split::stratified_grouped_kfold;
use crate::features::Csr;
use dual_cd::{Binary, Solved};

/// Fits the one-vs-rest SVM: weights `(n_cols, k)` and intercepts `(k)`, so that the
/// decision score of class j is `x·W[:, j] + b[j]` and the predicted class is the
/// largest (for two classes, column 1 is the binary problem's `w` and column 0 its
/// negative, so the larger column is the side of the hyperplane, as `LinearSVC` decides).
/// `y` holds class indices below `k`; a class without rows gets an all-negative problem.
pub fn fit(
    x: &Csr,
    y: &[usize],
    weights: &[f64],
    k: usize,
    c: f64,
    max_iterations: u64,
    tolerance: f64,
) -> Result<(Array2<f64>, Array1<f64>, FitInfo)> {
    let start = std::time::Instant::now();
    let d = x.n_cols();
    let problems: Vec<usize> = if k == 2 { vec![1] } else { (0..k).collect() };
    let solved: Vec<Solved> = problems
        .par_iter()
        .map(|&j| {
            Binary {
                x,
                positive: y.iter().map(|&yi| yi == j).collect(),
                weights,
                c,
            }
            .solve(max_iterations, tolerance)
        })
        .collect();
    if solved.iter().any(|s| !s.objective.is_finite()) {
        return Err(StancerError::Training(
            "the SVM objective is not finite; try a smaller C, keep l2_norm on, or raise min_df"
                .into(),
        ));
    }
    let mut w = Array2::zeros((d, k));
    let mut b = Array1::zeros(k);
    if k == 2 {
        let p = &solved[0].p;
        for j in 0..d {
            w[[j, 1]] = p[j];
            w[[j, 0]] = -p[j];
        }
        b[1] = p[d];
        b[0] = -p[d];
    } else {
        for (j, Solved { p, .. }) in solved.iter().enumerate() {
            for r in 0..d {
                w[[r, j]] = p[r];
            }
            b[j] = p[d];
        }
    }
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let info = FitInfo {
        mean_objective: solved.iter().map(|s| s.objective).sum::<f64>() / total,
        // Passes over the rows: the most any class took, and all classes' together.
        iterations: solved.iter().map(|s| s.passes).max().unwrap_or(0),
        evaluations: solved.iter().map(|s| s.passes).sum(),
        converged: solved.iter().all(|s| s.converged),
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((w, b, info))
}

/// Decision scores of row `i` of `x`.
fn scores(x: &Csr, i: usize, w: &Array2<f64>, b: &Array1<f64>) -> Vec<f64> {
    let mut z = b.to_vec();
    let (cols, vals) = x.row(i);
    for (&c, &v) in cols.iter().zip(vals) {
        for (j, zj) in z.iter_mut().enumerate() {
            *zj += f64::from(v) * w[[c as usize, j]];
        }
    }
    z
}

/// A held-out row and its decision scores.
type Scored = (usize, Vec<f64>);

/// Platt sigmoids fitted on out-of-fold decision scores: `folds` grouped, stratified
/// folds of the training rows (`groups`, one per row; rows of one group are never on both
/// sides), an SVM fitted on each fold's training side with the same settings (row
/// weights included), its scores on the held-out side. The sigmoids themselves are fitted
/// on the rows as they are, unweighted, so that the probabilities are calibrated to the
/// data rather than to the balanced classes. One sigmoid for two classes (on class 1's
/// score), else one per class. Errors when there are fewer than two groups.
#[allow(clippy::too_many_arguments)]
pub fn calibrate(
    x: &Csr,
    y: &[usize],
    weights: &[f64],
    k: usize,
    c: f64,
    max_iterations: u64,
    tolerance: f64,
    groups: &[&str],
    folds: usize,
    seed: u64,
) -> Result<Vec<Sigmoid>> {
    let mut distinct = groups.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let folds = folds.min(distinct.len());
    if folds < 2 {
        return Err(StancerError::Training(format!(
            "a linear_svm head calibrates its probabilities on out-of-fold scores, which \
             needs at least two groups; found {}",
            distinct.len()
        )));
    }
    let labels: Vec<String> = y.iter().map(|c| c.to_string()).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let split = stratified_grouped_kfold(groups, &label_refs, folds, seed);
    let fitted: Vec<Result<Vec<Scored>>> = split
        .par_iter()
        .map(|fold| {
            let xt = x.select(&fold.train);
            let yt: Vec<usize> = fold.train.iter().map(|&i| y[i]).collect();
            let wt: Vec<f64> = fold.train.iter().map(|&i| weights[i]).collect();
            let (w, b, _) = fit(&xt, &yt, &wt, k, c, max_iterations, tolerance)?;
            Ok(fold
                .test
                .iter()
                .map(|&i| (i, scores(x, i, &w, &b)))
                .collect())
        })
        .collect();
    let mut oof = vec![Vec::new(); y.len()];
    for part in fitted {
        for (i, s) in part? {
            oof[i] = s;
        }
    }
    let columns: Vec<usize> = if k == 2 { vec![1] } else { (0..k).collect() };
    Ok(columns
        .iter()
        .map(|&j| {
            let f: Vec<f64> = oof.iter().map(|s| s[j]).collect();
            let t: Vec<bool> = y.iter().map(|&yi| yi == j).collect();
            platt::fit(&f, &t)
        })
        .collect())
}

/// Class probabilities from decision scores: each class's sigmoid, normalized to sum to
/// one (scikit-learn's one-vs-rest calibration); two classes: `1 − p` and `p` of the one
/// sigmoid.
pub fn probabilities(scores: &[f64], sigmoids: &[Sigmoid]) -> Vec<f64> {
    if scores.len() == 2 {
        let p = sigmoids.first().map_or(0.5, |s| s.probability(scores[1]));
        return vec![1.0 - p, p];
    }
    let mut p: Vec<f64> = scores
        .iter()
        .zip(sigmoids)
        .map(|(&s, sig)| sig.probability(s))
        .collect();
    let sum: f64 = p.iter().sum();
    if sum > 0.0 {
        p.iter_mut().for_each(|v| *v /= sum);
    } else {
        let u = 1.0 / p.len().max(1) as f64;
        p.iter_mut().for_each(|v| *v = u);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::features::tfidf::SparseRow;

    fn toy() -> (Csr, Vec<usize>) {
        let rows: Vec<SparseRow> = vec![
            vec![(0, 1.0), (2, 0.2)],
            vec![(0, 0.9), (1, 0.1)],
            vec![(1, 1.0), (2, 0.1)],
            vec![(0, 0.1), (1, 0.8)],
            vec![(1, 0.1), (2, 1.0)],
            vec![(0, 0.2), (2, 0.9)],
            vec![(0, 0.5), (1, 0.5)],
        ];
        (Csr::from_rows(&rows, 3), vec![0, 0, 1, 1, 2, 2, 0])
    }

    #[test]
    fn two_classes_are_one_problem_with_mirrored_columns() {
        let (x, y) = toy();
        let y: Vec<usize> = y.iter().map(|&c| usize::from(c == 1)).collect();
        let (w, b, info) = fit(&x, &y, &[1.0; 7], 2, 1.0, 500, 1e-10).unwrap();
        assert!(info.converged);
        for r in 0..3 {
            assert_eq!(w[[r, 0]], -w[[r, 1]]);
        }
        assert_eq!(b[0], -b[1]);
    }

    #[test]
    fn calibrated_probabilities_sum_to_one() {
        let sig = [
            Sigmoid { a: -2.0, b: 0.1 },
            Sigmoid { a: -1.0, b: 0.0 },
            Sigmoid { a: -3.0, b: 0.5 },
        ];
        let p = probabilities(&[0.5, -0.2, -1.0], &sig);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(p[0] > p[1] && p[1] > p[2]);
        let p2 = probabilities(&[-0.3, 0.3], &sig[..1]);
        assert!((p2[0] + p2[1] - 1.0).abs() < 1e-12 && p2[1] > 0.5);
    }
}
