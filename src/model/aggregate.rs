//! From sentence predictions to an article's stance.
//!
//! The guide is explicit that document stance is not a majority vote: most sentences of any
//! article are factual, and a wire story may carry one "occupied" and stay neutral. So the
//! shipped rule ([`DocumentAggregator::choose`]) is a small logistic head over summaries of
//! the article's sentence probabilities, fitted on out-of-fold predictions of the training
//! articles, so that its probabilities are fitted by log loss and agree with its label.
//! The hand rules (partisan share, marked-sentence count, mean) remain for small data and
//! as the comparison `stancer eval` reports on the same folds.
//!
//! This file holds the rules and the choice among them; `fit` fits a rule to out-of-fold
//! articles, and `decide` reads an article's sentences to its label and probabilities.

use serde::{Deserialize, Serialize};

use super::head::LogisticHead;

mod decide;
mod fit;
pub use fit::GuideColumns;

pub(crate) use decide::guide_and_words;

#[cfg(test)]
mod tests;

/// Fewer labeled articles than this leave too little to fit an article-level head on.
pub const MIN_DOCUMENT_HEAD_DOCS: usize = 20;

/// How sentence probabilities become an article's stance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum DocumentAggregator {
    /// The label with the highest mean sentence probability.
    MeanProbability,
    /// A side wins when its mean probability is high enough and dominates the other side.
    PartisanShare {
        neutral: String,
        sides: [String; 2],
        threshold: f64,
        dominance: f64,
    },
    /// A small logistic head over summaries of the article's sentence probabilities (per
    /// class: mean probability, share of sentences predicted, largest probability), fitted
    /// on out-of-fold predictions. Unlike the rules, its probabilities are fitted by log
    /// loss, so the article's probabilities agree with its label and are calibrated.
    Stacked { head: LogisticHead },
    /// A logistic head over the TF-IDF of the whole article (its sentences joined), with
    /// the sentence model's vocabulary and IDF, trained on the labeled training articles.
    /// It needs the article's features: see [`DocumentAggregator::decide_with`].
    DocumentTfidf { head: LogisticHead },
    /// A small logistic head over the article as the guide reads it: over its framing
    /// sentences, each side's share and the shares with own-voice markers of each side,
    /// reported markers and neutral descriptors, plus first-person and reported speech
    /// (see [`super::document_cues`]), fitted on out-of-fold predictions.
    Guide { head: LogisticHead },
    /// The mean of the guide head's and the whole-article head's probabilities. The two
    /// fail differently when a source is held out: the guide head reads only sentence
    /// probabilities and voice cues, so it cannot learn an outlet's words but follows its
    /// sentences' errors; the whole-article head reads the words. Equal weights, not
    /// fitted: a weight fitted on `labels/` would be one more number tuned to composed text.
    GuideAndTfidf {
        guide: Box<LogisticHead>,
        document: Box<LogisticHead>,
        /// The guide head alone decides an article whose only own markers are the wire's
        /// Georgian words ([`only_wire_words`](super::document_cues::only_wire_words)).
        /// Absent (false) in models saved before it, which score as they did.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        wire_words_guide_only: bool,
    },
    /// A side wins when at least `min_marked` sentences are predicted for it and more than
    /// for the other side; otherwise the article is neutral.
    MarkedCount {
        neutral: String,
        sides: [String; 2],
        min_marked: usize,
    },
}

/// One document: its sentences' probability rows.
pub type DocProbs<'a> = &'a [Vec<f64>];

impl DocumentAggregator {
    /// The rule's name as a model file's `method` and the eval reports spell it.
    pub fn name(&self) -> &'static str {
        match self {
            DocumentAggregator::MeanProbability => "mean_probability",
            DocumentAggregator::PartisanShare { .. } => "partisan_share",
            DocumentAggregator::MarkedCount { .. } => "marked_count",
            DocumentAggregator::Stacked { .. } => "stacked",
            DocumentAggregator::DocumentTfidf { .. } => "document_tfidf",
            DocumentAggregator::Guide { .. } => "guide",
            DocumentAggregator::GuideAndTfidf { .. } => "guide_and_tfidf",
        }
    }

    /// The partisan rule where the labels are the guide's, else the mean.
    pub fn for_labels(labels: &[String]) -> Self {
        let has = |l: &str| labels.iter().any(|x| x == l);
        if labels.len() == 3 && has("neutral_wire") && has("georgian") && has("pro_tskhinvali") {
            DocumentAggregator::PartisanShare {
                neutral: "neutral_wire".into(),
                sides: ["georgian".into(), "pro_tskhinvali".into()],
                threshold: 0.2,
                dominance: 1.5,
            }
        } else {
            DocumentAggregator::MeanProbability
        }
    }

    /// The shipped choice: the whole-article head when it was fitted on at least
    /// [`MIN_DOCUMENT_HEAD_DOCS`] articles, else the partisan rule fitted on the out-of-fold
    /// articles (guide labels), else the mean. `eval/report/report.md` and
    /// `eval/leave_one_style_out.md` compare the rules on the same folds.
    pub fn choose(
        labels: &[String],
        oof: &[(Vec<Vec<f64>>, String)],
        document_head: Option<LogisticHead>,
    ) -> Self {
        if let Some(head) = document_head {
            return DocumentAggregator::DocumentTfidf { head };
        }
        let rule = Self::for_labels(labels);
        if oof.is_empty() {
            rule
        } else {
            rule.fit(labels, oof)
        }
    }

    /// The counting rule where the labels are the guide's (`None` otherwise).
    pub fn marked_count(labels: &[String]) -> Option<Self> {
        match Self::for_labels(labels) {
            DocumentAggregator::PartisanShare { neutral, sides, .. } => {
                Some(DocumentAggregator::MarkedCount {
                    neutral,
                    sides,
                    min_marked: 1,
                })
            }
            _ => None,
        }
    }
}
