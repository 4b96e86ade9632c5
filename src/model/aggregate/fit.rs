//! Fitting the article rules to out-of-fold articles: the stacked and guide heads are
//! trained on them, and the hand rules' one parameter is found by grid search for the
//! best article macro-F1.

use super::decide::summary;
use super::DocumentAggregator;
use crate::model::document_cues::{
    guide_row, guide_width, guide_width_before_both_sides, SentenceCues, FRAMING_SHARE,
};
use crate::model::head::{HeadParams, LogisticHead};

/// Which of the guide row's optional columns a guide head is fitted on (the model's
/// `guide_framing_share` and `guide_both_sides`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuideColumns {
    pub framing_share: bool,
    pub both_sides: bool,
}

impl GuideColumns {
    /// The columns `params` asks for.
    pub fn of(params: &crate::model::ModelParams) -> Self {
        GuideColumns {
            framing_share: params.guide_framing_share,
            both_sides: params.guide_both_sides,
        }
    }
}

impl DocumentAggregator {
    /// Fits a stacked head on out-of-fold article predictions; `None` with fewer than two
    /// classes among the articles.
    pub fn fit_stacked(labels: &[String], docs: &[(Vec<Vec<f64>>, String)]) -> Option<Self> {
        let rows: Vec<Vec<(usize, f64)>> = docs.iter().map(|(p, _)| summary(labels, p)).collect();
        let y: Vec<&str> = docs.iter().map(|(_, g)| g.as_str()).collect();
        let params = HeadParams {
            c: 1.0,
            ..HeadParams::default()
        };
        LogisticHead::fit(&rows, 3 * labels.len(), &y, &params)
            .ok()
            .map(|head| DocumentAggregator::Stacked { head })
    }

    /// Fits the guide head on out-of-fold article predictions and their sentences' cues
    /// (`cues[i]` belongs to `docs[i]`); `None` with fewer than two classes. Without
    /// `columns.framing_share` the `share:framing` column is left out of the fit (zero in
    /// every row, so its weight stays exactly zero and the head reads the same row at
    /// scoring); without `columns.both_sides` the head is as narrow as the heads saved
    /// before that cue, and scores as they do.
    pub fn fit_guide(
        labels: &[String],
        docs: &[(Vec<Vec<f64>>, String)],
        cues: &[Vec<SentenceCues>],
        columns: GuideColumns,
    ) -> Option<Self> {
        let share = 3 * labels.len() + FRAMING_SHARE;
        let width = if columns.both_sides {
            guide_width(labels.len())
        } else {
            guide_width_before_both_sides(labels.len())
        };
        let rows: Vec<Vec<(usize, f64)>> = docs
            .iter()
            .zip(cues)
            .map(|((p, _), c)| {
                let mut row = guide_row(labels, p, c);
                row.retain(|&(j, _)| j < width && (columns.framing_share || j != share));
                row
            })
            .collect();
        let y: Vec<&str> = docs.iter().map(|(_, g)| g.as_str()).collect();
        let params = HeadParams {
            c: 1.0,
            ..HeadParams::default()
        };
        LogisticHead::fit(&rows, width, &y, &params)
            .ok()
            .map(|head| DocumentAggregator::Guide { head })
    }

    /// Fits the threshold by grid search for the best document macro-F1 (ties: the
    /// smallest threshold), given sentence probabilities per document and gold labels.
    pub fn fit(self, labels: &[String], docs: &[(Vec<Vec<f64>>, String)]) -> Self {
        match self {
            DocumentAggregator::MeanProbability => self,
            DocumentAggregator::PartisanShare {
                neutral,
                sides,
                dominance,
                ..
            } => Self::best_of(
                labels,
                docs,
                (1..=60).map(|step| DocumentAggregator::PartisanShare {
                    neutral: neutral.clone(),
                    sides: sides.clone(),
                    threshold: step as f64 * 0.01,
                    dominance,
                }),
            ),
            DocumentAggregator::Stacked { .. } => {
                Self::fit_stacked(labels, docs).unwrap_or(DocumentAggregator::MeanProbability)
            }
            // Needs the sentences' cues: see `fit_guide`.
            DocumentAggregator::Guide { .. } => self,
            // Trained on article text, not on sentence probabilities: nothing to refit here.
            DocumentAggregator::DocumentTfidf { .. } | DocumentAggregator::GuideAndTfidf { .. } => {
                self
            }
            DocumentAggregator::MarkedCount { neutral, sides, .. } => Self::best_of(
                labels,
                docs,
                (1..=10).map(|min_marked| DocumentAggregator::MarkedCount {
                    neutral: neutral.clone(),
                    sides: sides.clone(),
                    min_marked,
                }),
            ),
        }
    }

    /// The candidate with the best article macro-F1 on `docs` (the first on ties); the
    /// grid search behind the hand rules' one parameter. `candidates` must not be empty.
    fn best_of(
        labels: &[String],
        docs: &[(Vec<Vec<f64>>, String)],
        candidates: impl IntoIterator<Item = Self>,
    ) -> Self {
        let gold: Vec<String> = docs.iter().map(|(_, g)| g.clone()).collect();
        let mut best: Option<(f64, Self)> = None;
        for candidate in candidates {
            let pred: Vec<String> = docs
                .iter()
                .map(|(p, _)| candidate.decide(labels, p).0)
                .collect();
            let f1 = crate::eval::metrics::macro_f1(&gold, &pred, labels);
            if best.as_ref().is_none_or(|(b, _)| f1 > b + 1e-12) {
                best = Some((f1, candidate));
            }
        }
        best.expect("a grid of candidates").1
    }
}
