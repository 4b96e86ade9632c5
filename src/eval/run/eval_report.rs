//! What an evaluation reports: the fields of [`EvalReport`], written as JSON and rendered
//! by [`crate::eval::report`], kept apart from the code that fills them so the format reads
//! in one place.

use serde::Serialize;

use super::{LeakageSummary, SplitSpec};
use crate::eval::chosen::SearchRecord;
use crate::eval::document_methods::MethodScore;
use crate::eval::explain::{top_features, ClassFeatures};
use crate::eval::pool::HeadEval;
use crate::eval::predictions::Predictions;
use crate::model::{ModelParams, StanceModel};

/// Which groups each fold held out.
#[derive(Debug, Clone, Serialize)]
pub struct FoldInfo {
    pub train_groups: Vec<String>,
    pub test_groups: Vec<String>,
}

/// Everything an evaluation found, and what is needed to re-run it.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub stancer_version: String,
    pub command: String,
    pub sources: Vec<String>,
    pub data_sha256: String,
    pub params: ModelParams,
    pub seed: u64,
    pub split: SplitSpec,
    pub n_sentences: usize,
    pub n_groups: usize,
    pub folds: Vec<FoldInfo>,
    /// Test sentences that (nearly) occur in their fold's training data.
    pub leakage: LeakageSummary,
    /// With per-group models: the groups that each had a model of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model_groups: Vec<String>,
    /// Heads whose fit stopped at `max_iterations` before converging, and in how many of
    /// the fits (`stance head in 2 of 5 fits`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_converged: Vec<String>,
    /// Test classes a fold's training side lacked (`fold 1: sentence stance `x` (40 test
    /// sentences)`): its model cannot predict them, so their recall is 0 by construction.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub untrained_classes: Vec<String>,
    /// Outer folds whose article rule was fitted without some labeled articles, because
    /// out-of-fold fits failed (`fold 2: 1 of the 5 out-of-fold fits ...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub article_fit_failures: Vec<String>,
    pub stance: HeadEval,
    pub frame: Option<HeadEval>,
    pub document: Option<HeadEval>,
    /// Rival article-stance rules on the same folds (empty without article labels).
    pub document_methods: Vec<MethodScore>,
    /// The most heavily weighted features per class.
    pub top_features: TopFeatures,
    /// With `[search]`: the settings inner cross-validation chose for each fitted model
    /// (each outer fold, and each group's model with `--per-group`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<SearchRecord>,
    /// Every out-of-fold prediction (written by `--predictions`, not into the JSON).
    #[serde(skip)]
    pub predictions: Predictions,
}

/// Top-weighted features of a model fitted on all the evaluated data (or of the model
/// under test for an external evaluation): what the numbers above rest on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopFeatures {
    pub stance: Vec<ClassFeatures>,
    pub frame: Vec<ClassFeatures>,
}

/// How many features per class a report lists.
pub const TOP_FEATURES: usize = 12;

impl TopFeatures {
    pub fn of(model: &StanceModel) -> Self {
        TopFeatures {
            stance: top_features(model.stance_head(), model.vectorizer(), TOP_FEATURES),
            frame: model.frame_head().map_or(Vec::new(), |h| {
                top_features(h, model.vectorizer(), TOP_FEATURES)
            }),
        }
    }
}
