//! Stage 3, model: linear heads (logistic, or a linear SVM), the document aggregator, the fitted pipeline and its
//! file format.
//!
//! The public entry is [`ModelParams::fit`], which returns a [`StanceModel`];
//! [`StanceModel::save`] and [`StanceModel::load`] move it to and from disk.

pub mod aggregate;
pub mod document_cues;
pub mod document_fit;
pub mod head;
mod head_params;
pub mod lbfgs;
pub mod linear_svm;
pub mod persist;
pub mod platt;
pub mod search;
pub mod sparse;
pub mod stance_model;
pub mod text_sketch;
pub mod validate;

pub use aggregate::DocumentAggregator;
pub use head::{HeadModel, HeadParams, LogisticHead, Solver};
pub use search::{SearchOutcome, SearchParams};
pub use stance_model::{
    DocumentPrediction, DocumentRule, ModelParams, OutOfFoldFailure, SentencePrediction,
    StanceModel, TrainingInfo, FORMAT_VERSION,
};
