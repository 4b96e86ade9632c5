//! Scoring articles held in memory: the per-article step that the streaming scorer runs
//! inside its batches, and a parallel, order-keeping map of it for library callers (the
//! Python package), so that both score an article by the same code.

use rayon::prelude::*;

use super::Level;
use crate::features::Analyzer;
use crate::model::{DocumentPrediction, SentencePrediction, StanceModel};
use crate::text::Segmenter;

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

    /// How many of its sentences hold no feature of the model
    /// ([`SentencePrediction::no_known_word`]), for [`ScoreSummary`](super::ScoreSummary).
    pub fn no_known_word(&self) -> u64 {
        self.sentences().iter().filter(|s| s.no_known_word).count() as u64
    }
}

/// An article of more sentences than a record may have ([`MAX_SENTENCES`](super::MAX_SENTENCES)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{sentences} sentences, more than the {max} one record may have; expected an article \
     (split the text into several records)"
)]
pub struct TooManySentences {
    pub sentences: usize,
    pub max: usize,
}

/// Scores one article. `analyzer` is the model's ([`StanceModel::analyzer`]), one per thread.
/// An article of more than `max_sentences` sentences is refused before any is scored, so
/// the work and memory of one record stay bounded for every caller alike.
pub fn score_text(
    model: &StanceModel,
    text: &str,
    analyzer: &Analyzer,
    level: Level,
    max_sentences: usize,
) -> Result<Scored, TooManySentences> {
    let spans = Segmenter::new().split(text);
    let max = max_sentences.max(1);
    if spans.len() > max {
        return Err(TooManySentences {
            sentences: spans.len(),
            max,
        });
    }
    Ok(match level {
        // Sentence rows do not print the article's verdict: not computed then.
        Level::Sentence => Scored::Sentences(model.predict_sentences_in(text, spans, analyzer)),
        Level::Document => Scored::Document(model.predict_document_in(text, spans, analyzer)),
    })
}

/// Scores every article on the rayon pool and returns them in input order.
pub fn score_texts<T: AsRef<str> + Sync>(
    model: &StanceModel,
    texts: &[T],
    level: Level,
    max_sentences: usize,
) -> Vec<Result<Scored, TooManySentences>> {
    texts
        .par_iter()
        .with_min_len(64)
        .map_init(
            || model.analyzer(),
            |analyzer, t| score_text(model, t.as_ref(), analyzer, level, max_sentences),
        )
        .collect()
}
