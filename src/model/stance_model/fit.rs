//! Fitting a [`StanceModel`] from labeled sentences: the features, both heads, the
//! out-of-fold articles the document rule learns from, and the inner search when one is
//! asked for.
//!
//! Two paths because memory decides: [`ModelParams::fit_owned`] frees the corpus's text
//! before the solver allocates when nothing after the features needs it, while
//! [`ModelParams::fit_with_oof`] keeps it for the article rules (and hands their
//! out-of-fold inputs back to evaluation).

use std::collections::BTreeMap;

use super::{
    DocumentRule, ModelParams, OutOfFoldFailure, StanceModel, TrainingInfo, FORMAT_VERSION,
};
use crate::data::store::Interned;
use crate::data::LabeledCorpus;
use crate::error::Result;
use crate::features::{ArticleReading, Lexicon, TfidfVectorizer};
use crate::model::aggregate::DocumentAggregator;
use crate::model::document_cues::SentenceCues;
use crate::model::document_fit::{choose_rule, fit_document_head, out_of_fold_documents};
use crate::model::head::LogisticHead;
use crate::model::search::SearchOutcome;

/// Per labeled article: its sentences' stance probabilities (in the head's label order),
/// each from a model that never saw the article, and its gold stance.
pub(crate) type OutOfFoldDocs = Vec<(Vec<Vec<f64>>, String)>;

/// The out-of-fold articles the article rules are fitted on: probabilities and gold
/// (`docs`), and each sentence's voice cues (`cues[i]` for `docs[i]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct OutOfFold {
    pub docs: OutOfFoldDocs,
    pub cues: Vec<Vec<SentenceCues>>,
    /// The folds whose fit failed: their articles are not in `docs`.
    pub failed: Vec<OutOfFoldFailure>,
}

/// Returns freed heap pages to the OS. glibc keeps the many small allocations freed
/// while the features were built (word tables, counts) in its heap, where the solver's
/// large (mmap-ed) buffers cannot reuse them, so without this they still count in the
/// peak. (The `stancer` binary runs on mimalloc, which reuses them itself, and this is
/// then a no-op; it is for programs that use the library on glibc's allocator.)
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

impl ModelParams {
    /// With `[search]`: the stance-head settings chosen by inner cross-validation on
    /// `corpus`, as params to fit with (the search kept, so the model records it), and the
    /// record. `None` without a search.
    fn searched(
        &self,
        corpus: &LabeledCorpus,
        lexicon: &Lexicon,
    ) -> Result<Option<(ModelParams, SearchOutcome)>> {
        let Some(grid) = &self.search else {
            return Ok(None);
        };
        let (stance, outcome) = crate::model::search::search(
            grid,
            &self.features,
            &self.stance,
            self.seed,
            corpus,
            lexicon,
        )?;
        Ok(Some((
            ModelParams {
                stance,
                ..self.clone()
            },
            outcome,
        )))
    }

    /// Fits with `chosen` (the searched params, which still hold `[search]`) and attaches
    /// the record.
    fn fit_chosen<T>(
        chosen: ModelParams,
        outcome: SearchOutcome,
        fit: impl FnOnce(&ModelParams) -> Result<(StanceModel, T)>,
    ) -> Result<(StanceModel, T)> {
        let plain = ModelParams {
            search: None,
            ..chosen.clone()
        };
        let (mut model, extra) = fit(&plain)?;
        model.params = chosen;
        model.search = Some(outcome);
        Ok((model, extra))
    }

    /// Trains both heads on `corpus`. With `doc_labels` (group → article stance), the
    /// document rule is fitted on out-of-fold sentence predictions of those articles.
    pub fn fit(
        &self,
        corpus: &LabeledCorpus,
        lexicon: &Lexicon,
        doc_labels: Option<&BTreeMap<String, String>>,
    ) -> Result<StanceModel> {
        Ok(self.fit_with_oof(corpus, lexicon, doc_labels)?.0)
    }

    /// [`fit`](Self::fit) on a corpus it may consume. Without article labels the corpus is
    /// dropped once the feature matrix is built, before the solver allocates, all but its
    /// label ids: at 1M sentences the ~150 MB of text are not held beside the solver's
    /// state. With article labels it is `fit` (the article rules need the text).
    pub fn fit_owned(
        &self,
        corpus: LabeledCorpus,
        lexicon: &Lexicon,
        doc_labels: Option<&BTreeMap<String, String>>,
    ) -> Result<StanceModel> {
        if doc_labels.is_some() {
            return self.fit(&corpus, lexicon, doc_labels);
        }
        self.validate()?;
        if let Some((chosen, outcome)) = self.searched(&corpus, lexicon)? {
            return Ok(Self::fit_chosen(chosen, outcome, |p| {
                Ok((p.fit_owned(corpus, lexicon, None)?, ()))
            })?
            .0);
        }
        if !(self.stance.model.is_logistic() && self.frame.model.is_logistic()) {
            // A linear SVM head calibrates on folds of the articles, so it needs them.
            return self.fit(&corpus, lexicon, None);
        }
        let training = TrainingInfo::of(&corpus, 0);
        let read = corpus.texts_as_read(&ArticleReading::new(&self.features, lexicon));
        let texts: Vec<&str> = read.iter().map(|t| t.as_ref()).collect();
        let (vectorizer, x) = TfidfVectorizer::fit_transform(&self.features, lexicon, &texts)?;
        drop(texts);
        drop(read);
        // The labels, already small ids in the corpus, are all the solver needs of it.
        let (stance_y, frame_y) = corpus.into_labels();
        release_freed_memory();
        let stance_refs = stance_y.refs();
        let frame_refs = frame_y.as_ref().map(Interned::refs);
        let (stance, frame) = rayon::join(
            || LogisticHead::fit_csr(&x, &stance_refs, &self.stance),
            || {
                frame_refs
                    .as_ref()
                    .map(|y| LogisticHead::fit_csr(&x, y, &self.frame))
                    .transpose()
            },
        );
        let (stance, frame) = (stance?, frame?);
        drop(x);
        let aggregator = DocumentAggregator::choose(stance.labels(), &[], None);
        Ok(StanceModel {
            format_version: FORMAT_VERSION,
            params: self.clone(),
            training,
            metrics: None,
            vectorizer,
            stance,
            frame,
            aggregator,
            search: None,
        })
    }

    /// [`fit`](Self::fit), also handing back the out-of-fold article predictions the
    /// document rule was fitted on, so that evaluation can fit rival rules on the same ones.
    pub(crate) fn fit_with_oof(
        &self,
        corpus: &LabeledCorpus,
        lexicon: &Lexicon,
        doc_labels: Option<&BTreeMap<String, String>>,
    ) -> Result<(StanceModel, OutOfFold)> {
        self.validate()?;
        if let Some((chosen, outcome)) = self.searched(corpus, lexicon)? {
            return Self::fit_chosen(chosen, outcome, |p| {
                p.fit_with_oof(corpus, lexicon, doc_labels)
            });
        }
        let read = corpus.texts_as_read(&ArticleReading::new(&self.features, lexicon));
        let texts: Vec<&str> = read.iter().map(|t| t.as_ref()).collect();
        let (vectorizer, x) = TfidfVectorizer::fit_transform(&self.features, lexicon, &texts)?;
        let groups: Vec<&str> = corpus.sentences().map(|s| s.group).collect();
        let stance_y: Vec<&str> = corpus.sentences().map(|s| s.stance).collect();
        let frame_y: Option<Vec<&str>> = corpus
            .has_frames()
            .then(|| corpus.sentences().map(|s| s.frame.unwrap_or("")).collect());
        let labeled_docs = doc_labels.map_or(0, |d| {
            corpus
                .groups()
                .iter()
                .filter(|g| d.contains_key(**g))
                .count()
        });
        // The heads and the out-of-fold fits are independent: run them side by side.
        // Each fit is deterministic, so the model is the same whatever the thread count.
        let ((stance, frame), oof) = rayon::join(
            || {
                rayon::join(
                    || {
                        LogisticHead::fit_csr_grouped(
                            &x,
                            &stance_y,
                            &groups,
                            self.seed,
                            &self.stance,
                        )
                    },
                    || {
                        frame_y
                            .as_ref()
                            .map(|y| {
                                LogisticHead::fit_csr_grouped(
                                    &x,
                                    y,
                                    &groups,
                                    self.seed,
                                    &self.frame,
                                )
                            })
                            .transpose()
                    },
                )
            },
            || match doc_labels {
                Some(d) => out_of_fold_documents(self, corpus, &read, lexicon, d),
                None => Ok(OutOfFold::default()),
            },
        );
        let (stance, frame, oof) = (stance?, frame?, oof?);
        drop(x);
        let all: Vec<usize> = (0..corpus.len()).collect();
        let document_head = match (doc_labels, self.document) {
            (Some(d), DocumentRule::DocumentTfidf | DocumentRule::GuideAndTfidf) => {
                fit_document_head(&vectorizer, &self.stance, corpus, &read, &all, d)?
            }
            _ => None,
        };
        let aggregator = choose_rule(self, stance.labels(), &oof, document_head);
        let model = StanceModel {
            format_version: FORMAT_VERSION,
            params: self.clone(),
            training: TrainingInfo {
                out_of_fold_failures: oof.failed.clone(),
                ..TrainingInfo::of(corpus, labeled_docs)
            },
            metrics: None,
            vectorizer,
            stance,
            frame,
            aggregator,
            search: None,
        };
        Ok((model, oof))
    }

    pub(crate) fn stance_labels(&self, corpus: &LabeledCorpus) -> Vec<String> {
        let mut l: Vec<String> = corpus.sentences().map(|s| s.stance.to_string()).collect();
        l.sort();
        l.dedup();
        l
    }
}
