//! Settings of a head: the model family (logistic or linear SVM), scikit-learn's `C`,
//! the stopping rule, class balancing and the solver. Serialized into every model file;
//! keys left at their defaults are not written, so older model files read unchanged.

use serde::{Deserialize, Serialize};

use crate::error::{Result, StancerError};

/// Settings of a logistic head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeadParams {
    /// scikit-learn's `C`. linfa minimizes a *sum* of losses plus `alpha/2 ||W||²`, which is
    /// scikit-learn's objective with `alpha = 1 / C`.
    pub c: f64,
    /// L-BFGS iterations; for `linear_svm`, passes over the rows (`LinearSVC`'s `max_iter`).
    pub max_iterations: u64,
    /// When to stop. linfa: argmin's bound on the L2 norm of the gradient of the summed
    /// objective. Sparse: a bound on the largest gradient entry of the *mean* objective
    /// (the summed one divided by the total row weight), scikit-learn's `tol` for lbfgs.
    /// `linear_svm`: liblinear's bound on the spread of the dual's projected gradient
    /// (`LinearSVC`'s `tol`), in units of the decision function at any C.
    pub gradient_tolerance: f64,
    /// Replicate rows of rarer classes so each class weighs about as much as the largest
    /// (linfa has no sample weights). Each row of class k appears `round(n_max / n_k)` times.
    pub balanced: bool,
    /// Which optimizer fits the head; see [`Solver`].
    pub solver: Solver,
    /// With `solver = "auto"`: the largest dense feature matrix, in MB, handed to
    /// linfa-logistic; above it the sparse solver runs.
    pub dense_budget_mb: usize,
    /// The model family: `logistic` (multinomial logistic regression, scikit-learn's
    /// `LogisticRegression`) or `linear_svm` (scikit-learn's `LinearSVC`: squared hinge,
    /// L2, one-vs-rest, intercept penalized as liblinear's; always on the sparse path).
    #[serde(skip_serializing_if = "HeadModel::is_logistic")]
    pub model: HeadModel,
    /// `linear_svm`: folds of the out-of-fold decision scores its Platt sigmoids are fitted
    /// on (grouped by article where the caller knows the articles).
    #[serde(skip_serializing_if = "is_default_calibration_folds")]
    pub calibration_folds: usize,
}

/// The model family of a head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadModel {
    #[default]
    Logistic,
    LinearSvm,
}

impl HeadModel {
    pub fn is_logistic(&self) -> bool {
        *self == HeadModel::Logistic
    }

    pub fn name(&self) -> &'static str {
        match self {
            HeadModel::Logistic => "logistic",
            HeadModel::LinearSvm => "linear_svm",
        }
    }
}

impl std::str::FromStr for HeadModel {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "logistic" => Ok(HeadModel::Logistic),
            "linear_svm" => Ok(HeadModel::LinearSvm),
            other => Err(format!(
                "unknown model `{other}`; expected logistic or linear_svm"
            )),
        }
    }
}

/// scikit-learn's `CalibratedClassifierCV` default `cv=5`.
pub(super) const CALIBRATION_FOLDS: usize = 5;

fn is_default_calibration_folds(v: &usize) -> bool {
    *v == CALIBRATION_FOLDS
}

/// The optimizer behind a head. Both minimize the same objective (linfa-logistic's) with
/// L-BFGS: linfa through argmin, the sparse path with `model::lbfgs` (argmin's algorithm,
/// updating in place); `tests/solver_parity.rs` checks they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// linfa-logistic on a dense matrix while it fits `dense_budget_mb`, else sparse.
    Auto,
    /// linfa-logistic's `MultiLogisticRegression` on a dense `ndarray` matrix.
    Linfa,
    /// The same objective on CSR rows (`model::sparse`): memory and time scale with the
    /// non-zeros, not rows × features.
    Sparse,
}

impl Default for HeadParams {
    fn default() -> Self {
        HeadParams {
            c: 10.0,
            max_iterations: 300,
            gradient_tolerance: 1e-5,
            balanced: true,
            solver: Solver::Auto,
            dense_budget_mb: 16,
            model: HeadModel::Logistic,
            calibration_folds: CALIBRATION_FOLDS,
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
        if self.model == HeadModel::LinearSvm && self.calibration_folds < 2 {
            return Err(StancerError::Config(
                "calibration_folds must be at least 2".into(),
            ));
        }
        Ok(())
    }
}
