//! Everything a loaded model must satisfy before it scores anything.
//!
//! A model file is data from anywhere (an email, a shared drive, a hand edit). Whatever the
//! scorer would index, divide by or multiply is checked here, once, at load: so a bad
//! model is one error naming what is wrong, never a panic mid-run or a row of NaN
//! probabilities marked `ok`.

use super::aggregate::DocumentAggregator;
use super::head::LogisticHead;
use super::stance_model::StanceModel;

/// The largest weight or intercept a model may hold. Fitted weights are orders of
/// magnitude below it; beyond it, a sum over a sentence's features could overflow to
/// infinity and the softmax to NaN.
pub const MAX_ABS_WEIGHT: f64 = 1e12;

/// The largest idf a model may hold (a fitted one is at most `ln(n) + 1`).
pub const MAX_IDF: f64 = 1e6;

/// Checks every part of a loaded model (its vectorizer already restored); the message
/// says which part and what is wrong.
pub(crate) fn check_model(model: &StanceModel) -> Result<(), String> {
    model
        .params
        .validate_stored()
        .map_err(|e| format!("settings: {e}"))?;
    let v = model.vectorizer();
    v.config()
        .validate()
        .map_err(|e| format!("vectorizer settings: {e}"))?;
    if let Some(bad) = v
        .idf()
        .iter()
        .position(|x| !(x.is_finite() && (0.0..=MAX_IDF).contains(x)))
    {
        return Err(format!(
            "idf value {} (feature {bad}) is not a number between 0 and {MAX_IDF}",
            v.idf()[bad]
        ));
    }
    let n = v.n_features();
    check_head(model.stance_head(), n).map_err(|e| format!("stance head: {e}"))?;
    if let Some(f) = model.frame_head() {
        check_head(f, n).map_err(|e| format!("frame head: {e}"))?;
    }
    check_aggregator(model.aggregator(), model.stance_labels(), n)
        .map_err(|e| format!("article stance ({}): {e}", model.aggregator().name()))
}

/// A head's labels, shapes and values.
/// A guide head is as wide as today's cue row, or as the row before the both-sides cue
/// (fitted without it) or before the wire-marker cues (models saved before them, which
/// score as they did).
fn check_guide_head(head: &LogisticHead, k: usize) -> Result<(), String> {
    use super::document_cues::{guide_width_before_both_sides, guide_width_before_wire_cues};
    for legacy in [
        guide_width_before_wire_cues(k),
        guide_width_before_both_sides(k),
    ] {
        if head.n_features() == legacy {
            return check_head(head, legacy);
        }
    }
    check_head(head, super::document_cues::guide_width(k))
}

fn check_head(head: &LogisticHead, n_features: usize) -> Result<(), String> {
    let labels = head.labels();
    if labels.len() < 2 {
        return Err(format!(
            "labels [{}]; a head needs at least two",
            labels.join(", ")
        ));
    }
    let mut sorted = labels.to_vec();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != labels.len() {
        return Err(format!("duplicate labels: {}", labels.join(", ")));
    }
    if labels.iter().any(|l| l.is_empty()) {
        return Err("an empty label".into());
    }
    let (w, b) = (head.weights(), head.intercept());
    if w.ncols() != labels.len() || b.len() != labels.len() {
        return Err(format!(
            "{} labels but weights for {} and intercepts for {}",
            labels.len(),
            w.ncols(),
            b.len()
        ));
    }
    if w.nrows() != n_features {
        return Err(format!(
            "the vectorizer gives {n_features} features but the weights have {} rows",
            w.nrows()
        ));
    }
    let sane = |x: &f64| x.is_finite() && x.abs() <= MAX_ABS_WEIGHT;
    if let Some(x) = w.iter().chain(b.iter()).find(|x| !sane(x)) {
        return Err(format!(
            "a weight or intercept of {x:e}; expected a finite number of magnitude at most \
             {MAX_ABS_WEIGHT:e}"
        ));
    }
    if let Some(platt) = head.platt() {
        // One sigmoid per class; two classes share one (of the second class's score).
        let expected = if labels.len() == 2 { 1 } else { labels.len() };
        if platt.len() != expected {
            return Err(format!(
                "{} labels but {} calibration sigmoids (expected {expected})",
                labels.len(),
                platt.len()
            ));
        }
        if let Some(s) = platt.iter().find(|s| !(sane(&s.a) && sane(&s.b))) {
            return Err(format!(
                "a calibration sigmoid ({}, {}); expected finite numbers of magnitude at most \
                 {MAX_ABS_WEIGHT:e}",
                s.a, s.b
            ));
        }
    }
    Ok(())
}

/// The article rule: its head's shape, and labels that are the stance head's.
fn check_aggregator(
    agg: &DocumentAggregator,
    stance: &[String],
    n_features: usize,
) -> Result<(), String> {
    let known = |l: &String| -> Result<(), String> {
        if stance.contains(l) {
            Ok(())
        } else {
            Err(format!(
                "label `{l}` is not one of the stance labels ({})",
                stance.join(", ")
            ))
        }
    };
    match agg {
        DocumentAggregator::MeanProbability => Ok(()),
        DocumentAggregator::PartisanShare {
            neutral,
            sides,
            threshold,
            dominance,
        } => {
            known(neutral)?;
            sides.iter().try_for_each(known)?;
            if !(threshold.is_finite() && dominance.is_finite()) {
                return Err(format!(
                    "threshold {threshold} and dominance {dominance} must be finite"
                ));
            }
            Ok(())
        }
        DocumentAggregator::MarkedCount { neutral, sides, .. } => {
            known(neutral)?;
            sides.iter().try_for_each(known)
        }
        DocumentAggregator::Stacked { head } => {
            // Its features are three summaries per stance label.
            check_head(head, 3 * stance.len())?;
            head.labels().iter().try_for_each(known)
        }
        DocumentAggregator::DocumentTfidf { head } => {
            check_head(head, n_features)?;
            head.labels().iter().try_for_each(known)
        }
        DocumentAggregator::Guide { head } => {
            check_guide_head(head, stance.len())?;
            head.labels().iter().try_for_each(known)
        }
        DocumentAggregator::GuideAndTfidf {
            guide, document, ..
        } => {
            check_guide_head(guide, stance.len())?;
            check_head(document, n_features)?;
            guide
                .labels()
                .iter()
                .chain(document.labels())
                .try_for_each(known)
        }
    }
}
