//! Stage 4, evaluation: grouped splits, metrics, baselines and reports.
//!
//! The public entry is [`evaluate`], which returns an [`EvalReport`].

pub mod agreement;
pub mod baseline;
pub mod bench;
pub mod bootstrap;
pub mod calibration;
pub mod chosen;
pub mod document_methods;
pub mod explain;
mod external;
pub mod figures;
pub mod headline;
pub mod leakage;
pub mod metrics;
pub mod plots;
pub mod pool;
mod predict;
pub mod predictions;
pub mod report;
pub mod run;
pub mod significance;
pub mod split;
pub mod transfer;

pub use external::{evaluate_trained, evaluate_trained_opts, TrainedEvalOptions, TrainingOverlap};
pub use headline::{Headline, HeadlineScore};
pub use metrics::ClassificationReport;
pub use pool::HeadEval;
pub use run::{evaluate, evaluate_opts, evaluate_train_test, EvalOptions, EvalReport, SplitSpec};
