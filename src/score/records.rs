//! Scoring articles held in memory: the per-article step that the streaming scorer runs
//! inside its batches, and a parallel, order-keeping map of it for library callers (the
//! Python package), so that both score an article by the same code.

use rayon::prelude::*;

use super::Level;
use crate::features::Analyzer;
use crate::model::{DocumentPrediction, SentencePrediction, StanceModel};

/// One article, scored at a [`Level`].
#[derive(Debug, Clone, PartialEq)]
pub enum Scored {
    /// Its sentences (the article's verdict is not computed: sentence rows do not show it).
    Sentences(Vec<SentencePrediction>),
    /// Its verdict and its sentences.
    Document(DocumentPrediction),
}

impl Scored {
    /// The article's scored sentences, at either level.
    pub fn sentences(&self) -> &[SentencePrediction] {
        match self {
            Scored::Sentences(s) => s,
            Scored::Document(d) => &d.sentences,
        }
    }
}

/// Scores one article. `analyzer` is the model's ([`StanceModel::analyzer`]), one per thread.
pub fn score_text(model: &StanceModel, text: &str, analyzer: &Analyzer, level: Level) -> Scored {
    match level {
        Level::Sentence => Scored::Sentences(model.predict_sentences(text, analyzer)),
        Level::Document => Scored::Document(model.predict_document(text, analyzer)),
    }
}

/// Scores every article on the rayon pool and returns them in input order.
pub fn score_texts<T: AsRef<str> + Sync>(
    model: &StanceModel,
    texts: &[T],
    level: Level,
) -> Vec<Scored> {
    texts
        .par_iter()
        .with_min_len(64)
        .map_init(
            || model.analyzer(),
            |analyzer, t| score_text(model, t.as_ref(), analyzer, level),
        )
        .collect()
}
