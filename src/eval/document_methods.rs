//! Rival ways of turning an article's sentences into its stance, scored on the same folds.
//!
//! The guide makes article stance a judgement about the wording as a whole, not a vote,
//! so which rule fits best is an empirical question. Every rule sees the same training
//! articles: the rules with a free parameter fit it on the same out-of-fold sentence
//! predictions the shipped rule uses, and the pooled-document model is trained on the
//! training articles' whole text. The model under evaluation uses its
//! [`DocumentRule`](crate::model::DocumentRule) (`document` in its settings), marked
//! "(shipped)" in the reports.

use std::collections::BTreeMap;

use serde::Serialize;

use super::bootstrap::{group_bootstrap, BootstrapCi};
use super::metrics::{scored_labels, ClassificationReport};
use super::pool::RESAMPLES;
use crate::data::LabeledCorpus;
use crate::error::Result;
use crate::model::aggregate::{guide_and_words, GuideColumns};
use crate::model::document_cues::SentenceCues;
use crate::model::document_fit::{document_row, fit_document_head};
use crate::model::stance_model::OutOfFold;
use crate::model::{DocumentAggregator, ModelParams, StanceModel};

/// The rules compared, with what each does, in report order.
pub const METHODS: [(&str, &str); 7] = [
    (
        "mean_probability",
        "label with the highest mean sentence probability",
    ),
    (
        "partisan_share",
        "a side wins if its mean probability passes a threshold fitted out of fold and dominates the other side",
    ),
    (
        "marked_count",
        "a side wins if at least n sentences (n fitted out of fold) are predicted for it, more than for the other",
    ),
    (
        "stacked",
        "logistic head over per-class mean probability, share of sentences and top probability, fitted out of fold",
    ),
    (
        "document_tfidf",
        "a logistic head over the mean of the article's sentence features, trained on the training articles",
    ),
    (
        "guide",
        "logistic head over the framing sentences (a frame term or a partisan prediction): per side its share and mean probability, the shares with own-voice markers of each side (all, and all but the wire markers: separatist, self-proclaimed, de facto, plain titles), reported markers and neutral descriptors; plus first person and reported speech; fitted out of fold",
    ),
    (
        "guide_and_tfidf",
        "the mean of the guide head's and the document_tfidf head's probabilities (equal weights, not fitted)",
    ),
];

/// One rule's pooled article predictions over all folds.
#[derive(Debug, Clone, Serialize)]
pub struct MethodScore {
    pub method: String,
    pub description: String,
    pub shipped: bool,
    pub report: ClassificationReport,
    pub ci: BootstrapCi,
}

/// Article predictions of every rule for one fold: method → (article, gold, predicted).
#[derive(Default)]
pub(crate) struct MethodPools {
    by_method: BTreeMap<&'static str, Vec<(String, String, String)>>,
}

impl MethodPools {
    pub fn extend(&mut self, other: MethodPools) {
        for (m, rows) in other.by_method {
            self.by_method.entry(m).or_default().extend(rows);
        }
    }

    /// Reports in [`METHODS`] order; empty when no fold had labeled test articles.
    pub fn report(self, labels: &[String], seed: u64, shipped: &str) -> Vec<MethodScore> {
        METHODS
            .iter()
            .filter_map(|(name, description)| {
                let rows = self.by_method.get(name)?;
                if rows.is_empty() {
                    return None;
                }
                let groups: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
                let gold: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
                let pred: Vec<String> = rows.iter().map(|r| r.2.clone()).collect();
                let labels = &scored_labels(labels, &gold);
                Some(MethodScore {
                    method: name.to_string(),
                    description: description.to_string(),
                    shipped: *name == shipped,
                    report: ClassificationReport::new(&gold, &pred, labels),
                    ci: group_bootstrap(&gold, &pred, &groups, labels, RESAMPLES, seed),
                })
            })
            .collect()
    }
}

/// Predicts the labeled test articles of one fold with every rule. `model` was fitted on
/// `train` (with `oof`, its out-of-fold article predictions); `test_docs` maps each test
/// article to the corpus indices of its test sentences.
pub(crate) fn compare_fold(
    model: &StanceModel,
    oof_all: &OutOfFold,
    params: &ModelParams,
    corpus: &LabeledCorpus,
    train: &[usize],
    test_docs: &BTreeMap<&str, Vec<usize>>,
    doc_labels: &BTreeMap<String, String>,
) -> Result<MethodPools> {
    let labels = model.stance_labels();
    let oof = &oof_all.docs[..];
    let mut rules: Vec<(&'static str, DocumentAggregator)> =
        vec![("mean_probability", DocumentAggregator::MeanProbability)];
    let partisan = DocumentAggregator::for_labels(labels);
    if matches!(partisan, DocumentAggregator::PartisanShare { .. }) {
        let fitted = if oof.is_empty() {
            partisan
        } else {
            partisan.fit(labels, oof)
        };
        rules.push(("partisan_share", fitted));
    }
    if let Some(count) = DocumentAggregator::marked_count(labels) {
        let fitted = if oof.is_empty() {
            count
        } else {
            count.fit(labels, oof)
        };
        rules.push(("marked_count", fitted));
    }
    if let Some(stacked) = DocumentAggregator::fit_stacked(labels, oof) {
        rules.push(("stacked", stacked));
    }
    if let Some(guide) =
        DocumentAggregator::fit_guide(labels, oof, &oof_all.cues, GuideColumns::of(params))
    {
        rules.push(("guide", guide));
    }
    let analyzer = model.analyzer();
    let across = model.vectorizer().config().cross_sentence_quotes;
    let read = corpus.texts_as_read(&model.reading());
    let document_head = fit_document_head(
        model.vectorizer(),
        &params.stance,
        corpus,
        &read,
        train,
        doc_labels,
    )?;
    let mut pools = MethodPools::default();
    for (&group, idx) in test_docs {
        let Some(gold) = doc_labels.get(group) else {
            continue;
        };
        let (probs, cues): (Vec<Vec<f64>>, Vec<SentenceCues>) = idx
            .iter()
            .map(|&i| {
                let text = &read[i];
                let (row, hits) = model.vectorizer().transform_tagged(text, &analyzer, true);
                (
                    model.stance_head().predict_proba(&row),
                    SentenceCues::of(text, &hits, across),
                )
            })
            .unzip();
        for (name, rule) in &rules {
            let pred = rule.decide_article(labels, &probs, &cues, Vec::new).0;
            pools.push(name, group, gold, pred);
        }
        if let Some(head) = &document_head {
            let texts: Vec<&str> = idx.iter().map(|&i| read[i].as_ref()).collect();
            let row = document_row(model.vectorizer(), &texts);
            let words = DocumentAggregator::DocumentTfidf { head: head.clone() };
            let (pred, by_words) = words.decide_article(labels, &probs, &cues, || row);
            pools.push("document_tfidf", group, gold, pred);
            if let Some(guide) = rules.iter().find(|(n, _)| *n == "guide") {
                let by_guide = guide.1.decide_article(labels, &probs, &cues, Vec::new);
                let only_guide = model.params.wire_words_guide_only;
                let pred = guide_and_words(labels, by_guide, &cues, only_guide, || by_words).0;
                pools.push("guide_and_tfidf", group, gold, pred);
            }
        }
    }
    Ok(pools)
}

impl MethodPools {
    fn push(&mut self, method: &'static str, group: &str, gold: &str, pred: String) {
        self.by_method
            .entry(method)
            .or_default()
            .push((group.to_string(), gold.to_string(), pred));
    }
}
