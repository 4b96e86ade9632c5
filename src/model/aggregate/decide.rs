//! Deciding an article: from its sentences' probability rows (and, for the heads, its cues
//! or its TF-IDF row) to its label and probability row, under each rule; with the
//! summary row the stacked head reads, which fitting builds the same way.

use super::{DocProbs, DocumentAggregator};
use crate::model::document_cues::{guide_row, only_wire_words, SentenceCues};
use crate::model::head::LogisticHead;

impl DocumentAggregator {
    /// The article's label and its probability row (the mean of its sentences' for the
    /// hand rules). A whole-article head scores an empty row here; use
    /// [`decide_with`](Self::decide_with) to give it the article's features.
    pub fn decide(&self, labels: &[String], sentences: DocProbs) -> (String, Vec<f64>) {
        self.decide_with(labels, sentences, Vec::new)
    }

    /// [`decide`](Self::decide), with the article's TF-IDF row computed on demand (only the
    /// whole-article head asks for it).
    pub fn decide_with(
        &self,
        labels: &[String],
        sentences: DocProbs,
        features: impl FnOnce() -> Vec<(usize, f64)>,
    ) -> (String, Vec<f64>) {
        self.decide_article(labels, sentences, &[], features)
    }

    /// [`decide_with`](Self::decide_with), with the sentences' cues, which the guide head
    /// reads (the other rules ignore them).
    pub fn decide_article(
        &self,
        labels: &[String],
        sentences: DocProbs,
        cues: &[SentenceCues],
        features: impl FnOnce() -> Vec<(usize, f64)>,
    ) -> (String, Vec<f64>) {
        if let DocumentAggregator::DocumentTfidf { head } = self {
            return head_decision(head, labels, &features());
        }
        if let DocumentAggregator::Guide { head } = self {
            return guide_decision(head, labels, sentences, cues);
        }
        if let DocumentAggregator::GuideAndTfidf {
            guide,
            document,
            wire_words_guide_only,
        } = self
        {
            return guide_and_words(
                labels,
                guide_decision(guide, labels, sentences, cues),
                cues,
                *wire_words_guide_only,
                || head_decision(document, labels, &features()).1,
            );
        }
        let k = labels.len();
        let mut mean = vec![0.0; k];
        for row in sentences {
            for (m, p) in mean.iter_mut().zip(row) {
                *m += p;
            }
        }
        let n = sentences.len().max(1) as f64;
        mean.iter_mut().for_each(|m| *m /= n);
        let idx = |l: &str| labels.iter().position(|x| x == l);
        if let DocumentAggregator::Stacked { head } = self {
            return head_decision(head, labels, &summary(labels, sentences));
        }
        let label = match self {
            DocumentAggregator::PartisanShare {
                neutral,
                sides,
                threshold,
                dominance,
            } => match (idx(&sides[0]), idx(&sides[1])) {
                (Some(a), Some(b)) => {
                    let (win, lose) = if mean[a] >= mean[b] { (a, b) } else { (b, a) };
                    if mean[win] >= *threshold && mean[win] >= dominance * mean[lose] {
                        labels[win].clone()
                    } else {
                        neutral.clone()
                    }
                }
                _ => argmax_label(labels, &mean),
            },
            DocumentAggregator::MarkedCount {
                neutral,
                sides,
                min_marked,
            } => match (idx(&sides[0]), idx(&sides[1])) {
                (Some(a), Some(b)) => {
                    let votes =
                        |side: usize| sentences.iter().filter(|row| argmax(row) == side).count();
                    let (va, vb) = (votes(a), votes(b));
                    let (win, top, other) = if va >= vb { (a, va, vb) } else { (b, vb, va) };
                    if top >= *min_marked && top > other {
                        labels[win].clone()
                    } else {
                        neutral.clone()
                    }
                }
                _ => argmax_label(labels, &mean),
            },
            DocumentAggregator::MeanProbability
            | DocumentAggregator::Stacked { .. }
            | DocumentAggregator::Guide { .. }
            | DocumentAggregator::GuideAndTfidf { .. }
            | DocumentAggregator::DocumentTfidf { .. } => argmax_label(labels, &mean),
        };
        (label, mean)
    }
}

/// A head's label and its probabilities re-ordered to `labels` (a class the head never saw
/// gets 0).
fn head_decision(
    head: &LogisticHead,
    labels: &[String],
    row: &[(usize, f64)],
) -> (String, Vec<f64>) {
    let (label, p, _) = head.predict(&row.to_vec());
    let probs = crate::model::head::reorder_probs(head.labels(), &p, labels);
    (label.to_string(), probs)
}

/// The guide head's decision. A head saved before the wire-marker cues is narrower than
/// today's row; its columns are the row's first ones, so it reads just those and scores as
/// it did when it was saved.
fn guide_decision(
    head: &LogisticHead,
    labels: &[String],
    sentences: DocProbs,
    cues: &[SentenceCues],
) -> (String, Vec<f64>) {
    let mut row = guide_row(labels, sentences, cues);
    row.retain(|&(j, _)| j < head.n_features());
    head_decision(head, labels, &row)
}

/// The `GuideAndTfidf` decision from the guide head's (`by_guide`) and the word head's
/// probabilities: their mean, or the guide head's alone for an article whose only own
/// markers are the wire's Georgian words when `wire_words_guide_only` (the word head is
/// then not asked).
pub(crate) fn guide_and_words(
    labels: &[String],
    by_guide: (String, Vec<f64>),
    cues: &[SentenceCues],
    wire_words_guide_only: bool,
    by_words: impl FnOnce() -> Vec<f64>,
) -> (String, Vec<f64>) {
    if wire_words_guide_only && only_wire_words(cues) {
        return by_guide;
    }
    mean_decision(labels, &by_guide.1, &by_words())
}

/// The label and probabilities of two heads' probability rows (in `labels` order) averaged.
pub(crate) fn mean_decision(labels: &[String], a: &[f64], b: &[f64]) -> (String, Vec<f64>) {
    let mean: Vec<f64> = a.iter().zip(b).map(|(x, y)| (x + y) / 2.0).collect();
    (argmax_label(labels, &mean), mean)
}

/// Per class: mean probability, share of sentences whose top class it is, and largest
/// probability, as a sparse row of `3 * labels.len()` columns.
pub(crate) fn summary(labels: &[String], sentences: DocProbs) -> Vec<(usize, f64)> {
    let k = labels.len();
    let n = sentences.len().max(1) as f64;
    let mut row = vec![0.0; 3 * k];
    for p in sentences {
        for (j, &v) in p.iter().enumerate().take(k) {
            row[j] += v / n;
            row[2 * k + j] = f64::max(row[2 * k + j], v);
        }
        if !p.is_empty() {
            row[k + argmax(p)] += 1.0 / n;
        }
    }
    row.into_iter().enumerate().collect()
}

/// Index of the largest value (the first on ties).
pub(super) fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in p.iter().enumerate() {
        if v > p[best] {
            best = i;
        }
    }
    best
}

fn argmax_label(labels: &[String], p: &[f64]) -> String {
    labels.get(argmax(p)).cloned().unwrap_or_default()
}
