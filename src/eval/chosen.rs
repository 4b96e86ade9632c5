//! What inner cross-validation chose in each outer fold (and for each group's model with
//! `--per-group`), kept in the report so that a figure says which settings made it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::search::Candidate;
use crate::model::{HeadParams, ModelParams, StanceModel};

/// The search of one fitted model.
#[derive(Debug, Clone, Serialize)]
pub struct SearchRecord {
    /// The outer fold (0-based, in the report's fold order).
    pub fold: usize,
    /// The per-group value whose model this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub metric: String,
    pub chosen: Candidate,
    pub candidates: Vec<Candidate>,
    /// The split units each inner fold held out.
    pub inner_test_groups: Vec<Vec<String>>,
}

impl SearchRecord {
    /// The record of `model`'s search, if it ran one.
    pub fn of(model: &StanceModel, fold: usize, group: Option<&str>) -> Option<Self> {
        model.search.as_ref().map(|s| SearchRecord {
            fold,
            group: group.map(str::to_string),
            metric: s.metric.clone(),
            chosen: s.winner().clone(),
            candidates: s.candidates.clone(),
            inner_test_groups: s.inner_test_groups.clone(),
        })
    }
}

/// `params` with the setting inner CV chose most often in `records` (ties: the first
/// chosen) and no search: the model an evaluation fits on all its training rows to show
/// its top features, without a search over every row of the data.
pub fn most_chosen(params: &ModelParams, records: &[SearchRecord]) -> ModelParams {
    let mut counts: Vec<(&Candidate, usize)> = Vec::new();
    for r in records {
        match counts
            .iter_mut()
            .find(|(c, _)| label(c) == label(&r.chosen))
        {
            Some((_, n)) => *n += 1,
            None => counts.push((&r.chosen, 1)),
        }
    }
    let mut best: Option<(&Candidate, usize)> = None;
    for &(c, n) in &counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((c, n));
        }
    }
    match best {
        None => params.clone(),
        Some((c, _)) => ModelParams {
            stance: HeadParams {
                model: c.model,
                balanced: c.balanced,
                c: c.c,
                ..params.stance.clone()
            },
            search: None,
            ..params.clone()
        },
    }
}

/// A candidate as one short label: `linear_svm C=0.3 balanced`.
pub fn label(c: &Candidate) -> String {
    format!(
        "{} C={}{}",
        c.model.name(),
        c.c,
        if c.balanced { " balanced" } else { "" }
    )
}

/// One line: how often each setting won, over all searched models.
pub fn summary_line(records: &[SearchRecord]) -> String {
    let Some(first) = records.first() else {
        return String::new();
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in records {
        *counts.entry(label(&r.chosen)).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let won: Vec<String> = counts.iter().map(|(l, n)| format!("{l} ×{n}")).collect();
    format!(
        "settings chosen by inner {}-fold CV on each training side ({}), over {} model(s): {}\n",
        first.inner_test_groups.len(),
        first.metric,
        records.len(),
        won.join(", ")
    )
}

/// A Markdown table: per model, the winner and its inner-CV mean.
pub fn markdown(records: &[SearchRecord]) -> String {
    if records.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "\n## Settings chosen by inner cross-validation\n\n| outer fold | group | chosen | inner-CV mean |\n|---|---|---|---|\n",
    );
    for r in records {
        s += &format!(
            "| {} | {} | {} | {:.4} |\n",
            r.fold + 1,
            r.group.as_deref().unwrap_or("-"),
            label(&r.chosen),
            r.chosen.mean
        );
    }
    s
}
