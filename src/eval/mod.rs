//! Stage 4, evaluation: grouped splits, metrics, baselines and reports.
//!
//! The public entry is [`evaluate`], which returns an [`EvalReport`].

pub mod agreement;
pub mod baseline;
pub mod bench;
pub mod bootstrap;
pub mod calibration;
pub mod document_methods;
pub mod explain;
pub mod figures;
pub mod headline;
pub mod leakage;
pub mod metrics;
pub mod plots;
pub mod pool;
pub mod predictions;
pub mod report;
pub mod run;
pub mod significance;
pub mod split;

pub use headline::{Headline, HeadlineScore};
pub use metrics::ClassificationReport;
pub use pool::HeadEval;
pub use run::{
    evaluate, evaluate_opts, evaluate_train_test, evaluate_trained, evaluate_trained_with,
    EvalOptions, EvalReport, SplitSpec,
};
