//! Scoring with a fitted [`StanceModel`]: each sentence through both heads as the model
//! reads it, then the article's verdict from its sentences.
//!
//! Sentences are read as training read them (a quotation's middle as speech, a reported
//! marker with its article's mark) so that a score means what the fit learned; what is
//! reported is the sentence as written, with term offsets into the article.

use std::borrow::Cow;

use serde::Serialize;

use super::StanceModel;
use crate::features::tfidf::SparseRow;
use crate::features::{Analyzer, FrameHit};
use crate::model::aggregate::DocumentAggregator;
use crate::model::document_cues::SentenceCues;
use crate::text::{Segmenter, Span};

/// One scored sentence. Offsets are bytes into the article text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentencePrediction {
    pub sent_id: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub stance: String,
    pub stance_probs: Vec<f64>,
    pub frame: Option<String>,
    pub frame_probs: Option<Vec<f64>>,
    pub terms: Vec<FrameHit>,
    /// Decision scores of a `linear_svm` stance head (its probabilities are calibrated
    /// from them); `None` for a logistic head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance_scores: Option<Vec<f64>>,
    /// The same for the frame head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_scores: Option<Vec<f64>>,
    /// The sentence holds no feature of the model (no word of its vocabulary, no frame
    /// term): its probabilities are the heads' intercepts alone. Scoring counts these, so
    /// that a text column that holds no text (`--text-col date`) is said, not scored as a
    /// confident `neutral_wire`.
    #[serde(skip)]
    pub no_known_word: bool,
}

/// One scored article: its stance, the mean of its sentence probabilities, its sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentPrediction {
    pub stance: String,
    pub stance_probs: Vec<f64>,
    pub sentences: Vec<SentencePrediction>,
}

impl StanceModel {
    /// Scores one sentence: both heads and the frame terms in it.
    pub fn predict_sentence(&self, text: &str, analyzer: &Analyzer) -> SentencePrediction {
        self.predict_sentence_row(text, text, analyzer).0
    }

    /// [`predict_sentence`](Self::predict_sentence) and the sentence's feature row, which
    /// the article head reuses: `text` as the model reads it, reported as `written` (copied
    /// once, not once as read and again as written).
    fn predict_sentence_row(
        &self,
        text: &str,
        written: &str,
        analyzer: &Analyzer,
    ) -> (SentencePrediction, SparseRow) {
        // Features and frame terms from one tokenization of the sentence.
        let (row, terms) = self.vectorizer.transform_tagged(text, analyzer, true);
        let (stance, stance_probs, stance_scores) = self.stance.predict(&row);
        let frame = self.frame.as_ref().map(|f| f.predict(&row));
        let (frame, frame_probs, frame_scores) = match frame {
            Some((label, probs, scores)) => (Some(label.to_string()), Some(probs), scores),
            None => (None, None, None),
        };
        let prediction = SentencePrediction {
            sent_id: 0,
            start: 0,
            end: text.len(),
            text: written.to_string(),
            stance: stance.to_string(),
            frame,
            stance_probs,
            frame_probs,
            terms,
            stance_scores,
            frame_scores,
            no_known_word: row.is_empty(),
        };
        (prediction, row)
    }

    /// Scores an article: segments it, scores each sentence, aggregates the stance.
    /// Term offsets are made relative to the article.
    pub fn predict_document(&self, text: &str, analyzer: &Analyzer) -> DocumentPrediction {
        self.predict_document_in(text, Segmenter::new().split(text), analyzer)
    }

    /// [`predict_document`](Self::predict_document) over the article's sentences as
    /// [`Segmenter::split`] found them: a caller that bounds the work per article counts
    /// them first.
    pub fn predict_document_in(
        &self,
        text: &str,
        spans: Vec<Span>,
        analyzer: &Analyzer,
    ) -> DocumentPrediction {
        let mut rows = Vec::new();
        let sentences = self.score_sentences(text, spans, analyzer, Some(&mut rows));
        self.aggregate_rows(sentences, |_| self.vectorizer.mean_row(&rows, analyzer))
    }

    /// Scores each sentence of an article, without the article's verdict: what sentence
    /// rows print, for less work than [`predict_document`](Self::predict_document).
    pub fn predict_sentences(&self, text: &str, analyzer: &Analyzer) -> Vec<SentencePrediction> {
        self.predict_sentences_in(text, Segmenter::new().split(text), analyzer)
    }

    /// [`predict_sentences`](Self::predict_sentences) over sentences already found.
    pub fn predict_sentences_in(
        &self,
        text: &str,
        spans: Vec<Span>,
        analyzer: &Analyzer,
    ) -> Vec<SentencePrediction> {
        self.score_sentences(text, spans, analyzer, None)
    }

    /// The sentences of an article, scored, with offsets into the article; their feature
    /// rows go to `rows` when the verdict will need them.
    fn score_sentences(
        &self,
        text: &str,
        spans: Vec<Span>,
        analyzer: &Analyzer,
        mut rows: Option<&mut Vec<SparseRow>>,
    ) -> Vec<SentencePrediction> {
        let slices: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
        let reading = self.reading();
        if reading.is_plain() {
            return spans
                .into_iter()
                .enumerate()
                .map(|(i, span)| {
                    let (p, row) = self.predict_sentence_row(slices[i], slices[i], analyzer);
                    if let Some(rows) = rows.as_deref_mut() {
                        rows.push(row);
                    }
                    place(p, i, span, 0, slices[i].len())
                })
                .collect();
        }
        // Read as training reads them: a quotation's middle as speech; then, from the
        // terms found on that reading (tagged once), a reported marker with its article's
        // mark, and only the sentences so marked scored again.
        let mut read = reading.read_quotations(&slices, None);
        let mut scored: Vec<(SentencePrediction, SparseRow)> = read
            .iter()
            .zip(&slices)
            .map(|(r, written)| self.predict_sentence_row(&r.text, written, analyzer))
            .collect();
        let terms: Vec<&[FrameHit]> = scored.iter().map(|(p, _)| &p.terms[..]).collect();
        let marked = reading.mark_all(&mut read, &terms);
        for (i, _) in marked.iter().enumerate().filter(|(_, m)| **m) {
            scored[i] = self.predict_sentence_row(&read[i].text, slices[i], analyzer);
        }
        scored
            .into_iter()
            .zip(spans)
            .enumerate()
            .map(|(i, ((p, row), span))| {
                if let Some(rows) = rows.as_deref_mut() {
                    rows.push(row);
                }
                // Reported as written (`predict_sentence_row` took that text).
                place(p, i, span, read[i].shift, slices[i].len())
            })
            .collect()
    }

    /// The document verdict over already-scored sentences, with `rows` their feature rows
    /// as scored (each sentence read with its article's marks): the article row is their
    /// mean, as [`predict_document`](Self::predict_document) makes it. Re-reading the
    /// sentences from their terms instead lost the off-topic mark of a gated article, so
    /// `eval`'s article figure and `score`'s verdict differed on such articles.
    pub fn aggregate(
        &self,
        sentences: Vec<SentencePrediction>,
        rows: &[SparseRow],
        analyzer: &Analyzer,
    ) -> DocumentPrediction {
        self.aggregate_rows(sentences, |_| self.vectorizer.mean_row(rows, analyzer))
    }

    /// The verdict, with the article's row computed only if the article head asks for it
    /// (`article` gets the sentences as read, when it needs them).
    fn aggregate_rows(
        &self,
        sentences: Vec<SentencePrediction>,
        article: impl FnOnce(&[Cow<'_, str>]) -> SparseRow,
    ) -> DocumentPrediction {
        let probs: Vec<Vec<f64>> = sentences.iter().map(|s| s.stance_probs.clone()).collect();
        // The sentences as read, once, for whichever of the cues and the article row asks.
        let read = std::cell::OnceCell::new();
        let read_texts = || read.get_or_init(|| self.as_read(&sentences));
        // Only the guide head reads the sentences' cues.
        let cues: Vec<SentenceCues> = match self.aggregator {
            DocumentAggregator::Guide { .. } | DocumentAggregator::GuideAndTfidf { .. } => {
                let across = self.vectorizer.config().cross_sentence_quotes;
                sentences
                    .iter()
                    .zip(read_texts())
                    .map(|(s, t)| SentenceCues::of(t, &s.terms, across))
                    .collect()
            }
            _ => Vec::new(),
        };
        let (stance, stance_probs) =
            self.aggregator
                .decide_article(
                    self.stance.labels(),
                    &probs,
                    &cues,
                    || article(read_texts()),
                );
        drop(read);
        DocumentPrediction {
            stance,
            stance_probs,
            sentences,
        }
    }

    /// An article's scored sentences as the model read them; the marks from the terms
    /// found when they were scored, not from tagging them again.
    fn as_read<'a>(&self, sentences: &'a [SentencePrediction]) -> Vec<Cow<'a, str>> {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let reading = self.reading();
        let mut read = reading.read_quotations(&texts, None);
        let terms: Vec<&[FrameHit]> = sentences.iter().map(|s| &s.terms[..]).collect();
        reading.mark_all(&mut read, &terms);
        read.into_iter().map(|r| r.text).collect()
    }
}

/// A sentence's prediction made on its reading, placed in its article: sentence `i` at
/// `span`, its terms moved back by `shift` (the bytes the reading put before the sentence)
/// and on by the span's start; a term outside the sentence as written (in a mark) is no
/// term of it.
fn place(
    mut p: SentencePrediction,
    i: usize,
    span: Span,
    shift: usize,
    len: usize,
) -> SentencePrediction {
    if shift > 0 || p.end != len {
        p.terms.retain(|t| t.start >= shift && t.end <= shift + len);
    }
    for t in &mut p.terms {
        t.start = t.start - shift + span.start;
        t.end = t.end - shift + span.start;
    }
    p.sent_id = i;
    p.start = span.start;
    p.end = span.end;
    p
}
