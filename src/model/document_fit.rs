//! Fitting the article rule: out-of-fold sentence predictions of the labeled articles,
//! the whole-article head, and the choice among the rules.
//!
//! Every rule but the whole-article head is fitted on sentence predictions made by models
//! that never saw the article (grouped folds of the training data), so that it learns how
//! the sentence head errs on text it has not seen, not how it fits its training text.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::aggregate::{DocumentAggregator, GuideColumns, MIN_DOCUMENT_HEAD_DOCS};
use super::document_cues::SentenceCues;
use super::head::{HeadParams, LogisticHead};
use super::stance_model::{DocumentRule, ModelParams, OutOfFold, OutOfFoldFailure};
use crate::data::LabeledCorpus;
use crate::error::Result;
use crate::eval::split::grouped_kfold;
use crate::features::tfidf::SparseRow;
use crate::features::{Analyzer, Lexicon, TfidfVectorizer};

/// Sentence stance probabilities and voice cues for every labeled document, each
/// predicted by a model that never saw it, with the document's gold stance.
/// `read` is the corpus as `params.features` reads it ([`LabeledCorpus::texts_as_read`]).
pub(crate) fn out_of_fold_documents(
    params: &ModelParams,
    corpus: &LabeledCorpus,
    read: &[Cow<'_, str>],
    lexicon: &Lexicon,
    doc_labels: &BTreeMap<String, String>,
) -> Result<OutOfFold> {
    let groups: Vec<&str> = corpus.sentences().map(|s| s.group).collect();
    let n_groups = corpus.groups().len();
    let k = params.aggregate_folds.min(n_groups);
    if k < 2 {
        return Ok(OutOfFold::default());
    }
    let labels = params.stance_labels(corpus);
    let folds = grouped_kfold(&groups, k, params.seed);
    type Predicted = (String, Vec<f64>, SentenceCues);
    // A fold whose fit fails (its training side holds one stance class, or no term
    // reaches min_df) predicts none of its articles: they are left out of the rule's
    // fit, and the failure is recorded so that it is said, not dropped.
    let predicted: Vec<std::result::Result<Vec<Predicted>, String>> = folds
        .par_iter()
        .map(|fold| {
            let train = corpus.subset(&fold.train);
            let texts: Vec<&str> = fold.train.iter().map(|&i| read[i].as_ref()).collect();
            let (vec, rows) = TfidfVectorizer::fit_transform(&params.features, lexicon, &texts)
                .map_err(|e| e.to_string())?;
            let y: Vec<&str> = train.sentences().map(|s| s.stance).collect();
            let g: Vec<&str> = train.sentences().map(|s| s.group).collect();
            let head = LogisticHead::fit_csr_grouped(&rows, &y, &g, params.seed, &params.stance)
                .map_err(|e| e.to_string())?;
            let analyzer = Analyzer::new(vec.config());
            Ok(fold
                .test
                .iter()
                .map(|&i| (corpus.sentence(i), &read[i]))
                .filter(|(s, _)| doc_labels.contains_key(s.group))
                .map(|(s, text)| {
                    let (row, hits) = vec.transform_tagged(text, &analyzer, true);
                    let p = head.predict_proba(&row);
                    (
                        s.group.to_string(),
                        super::head::reorder_probs(head.labels(), &p, &labels),
                        SentenceCues::of(text, &hits, vec.config().cross_sentence_quotes),
                    )
                })
                .collect())
        })
        .collect();
    let mut per_doc: BTreeMap<String, (Vec<Vec<f64>>, Vec<SentenceCues>)> = BTreeMap::new();
    let mut failed = Vec::new();
    for (i, result) in predicted.into_iter().enumerate() {
        match result {
            Ok(rows) => {
                for (group, probs, cues) in rows {
                    let e = per_doc.entry(group).or_default();
                    e.0.push(probs);
                    e.1.push(cues);
                }
            }
            Err(error) => {
                let mut articles: Vec<&str> = folds[i]
                    .test
                    .iter()
                    .map(|&j| groups[j])
                    .filter(|g| doc_labels.contains_key(*g))
                    .collect();
                articles.sort_unstable();
                articles.dedup();
                failed.push(OutOfFoldFailure {
                    fold: i + 1,
                    folds: folds.len(),
                    articles: articles.len(),
                    error,
                });
            }
        }
    }
    let mut out = OutOfFold {
        failed,
        ..OutOfFold::default()
    };
    for (g, (p, c)) in per_doc {
        out.docs.push((p, doc_labels[&g].clone()));
        out.cues.push(c);
    }
    Ok(out)
}

/// The article rule `params.document` asks for, fitted on the out-of-fold articles; the
/// whole-article head when it was fitted; the partisan rule (fitted) or the mean where the
/// asked-for rule cannot be fitted (too few articles, one class).
pub(crate) fn choose_rule(
    params: &ModelParams,
    labels: &[String],
    oof: &OutOfFold,
    document_head: Option<LogisticHead>,
) -> DocumentAggregator {
    let columns = GuideColumns::of(params);
    let fitted = match params.document {
        DocumentRule::DocumentTfidf => {
            document_head.map(|head| DocumentAggregator::DocumentTfidf { head })
        }
        DocumentRule::Guide if oof.docs.len() >= MIN_DOCUMENT_HEAD_DOCS => {
            DocumentAggregator::fit_guide(labels, &oof.docs, &oof.cues, columns)
        }
        DocumentRule::GuideAndTfidf if oof.docs.len() >= MIN_DOCUMENT_HEAD_DOCS => {
            match (
                document_head,
                DocumentAggregator::fit_guide(labels, &oof.docs, &oof.cues, columns),
            ) {
                (Some(document), Some(DocumentAggregator::Guide { head })) => {
                    Some(DocumentAggregator::GuideAndTfidf {
                        guide: Box::new(head),
                        document: Box::new(document),
                        wire_words_guide_only: params.wire_words_guide_only,
                    })
                }
                (document, guide) => {
                    guide.or(document.map(|head| DocumentAggregator::DocumentTfidf { head }))
                }
            }
        }
        DocumentRule::Stacked if oof.docs.len() >= MIN_DOCUMENT_HEAD_DOCS => {
            DocumentAggregator::fit_stacked(labels, &oof.docs)
        }
        _ => None,
    };
    fitted.unwrap_or_else(|| DocumentAggregator::choose(labels, &oof.docs, None))
}

/// A stance head over whole articles (the mean of the rows of each labeled article's
/// sentences among `idx`; see [`document_row`]).
/// `None` below [`MIN_DOCUMENT_HEAD_DOCS`] labeled articles or with a single class.
/// `read` is the corpus as the vectorizer's settings read it.
pub(crate) fn fit_document_head(
    vectorizer: &TfidfVectorizer,
    params: &HeadParams,
    corpus: &LabeledCorpus,
    read: &[Cow<'_, str>],
    idx: &[usize],
    doc_labels: &BTreeMap<String, String>,
) -> Result<Option<LogisticHead>> {
    let mut by_doc: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &i in idx {
        let s = corpus.sentence(i);
        if doc_labels.contains_key(s.group) {
            by_doc.entry(s.group).or_default().push(read[i].as_ref());
        }
    }
    let y: Vec<&str> = by_doc.keys().map(|g| doc_labels[*g].as_str()).collect();
    let mut classes = y.clone();
    classes.sort();
    classes.dedup();
    if y.len() < MIN_DOCUMENT_HEAD_DOCS || classes.len() < 2 {
        return Ok(None);
    }
    let rows: Vec<SparseRow> = by_doc
        .values()
        .map(|sentences| document_row(vectorizer, sentences))
        .collect();
    LogisticHead::fit(&rows, vectorizer.n_features(), &y, params).map(Some)
}

/// An article's features: the mean of its sentences' rows. A mean, not the TF-IDF of the
/// joined text, because lexicon counts grow with length: a 40-sentence wire story with
/// three "occupied" would look as partisan as a 12-sentence op-ed with three, and real
/// articles are longer than the labeled ones.
pub(crate) fn document_row(vectorizer: &TfidfVectorizer, sentences: &[&str]) -> SparseRow {
    let analyzer = Analyzer::new(vectorizer.config());
    let rows: Vec<SparseRow> = sentences
        .iter()
        .map(|t| vectorizer.transform_one(t, &analyzer))
        .collect();
    vectorizer.mean_row(&rows, &analyzer)
}
