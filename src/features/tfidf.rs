//! TF-IDF features with the idf frozen at fit time.
//!
//! `linfa-preprocessing`'s TF-IDF recomputes idf from whatever batch it transforms, so one
//! article scored alone would get different features than inside a batch. This vectorizer
//! stores the idf it learned and applies it unchanged, and its numbers match
//! scikit-learn's `TfidfVectorizer` (`smooth_idf`, `sublinear_tf`, `norm='l2'`); the parity
//! test in `tests/tfidf_parity.rs` pins them.

use std::sync::Arc;

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::analyzer::Analyzer;
use super::analyzer::Scratch;
use super::config::FeatureConfig;
use super::csr::Csr;
use super::lexicon::Lexicon;
use super::lexicon_block;
use super::ngram_index::{Derived, NgramIndex};
use super::tagger::{FrameHit, FrameTagger};
use super::vocabulary::Vocabulary;
use super::voice_marks;
use crate::error::{Result, StancerError};

mod bag;
pub(crate) use bag::ColumnBag;
mod ids;
mod layout;
mod strings;

use layout::Layout;

/// A sparse feature row: `(column, value)` sorted by column.
pub type SparseRow = Vec<(usize, f64)>;

/// A fitted TF-IDF vectorizer: configuration, vocabulary, idf and the frame lexicon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TfidfVectorizer {
    config: FeatureConfig,
    vocabulary: Vocabulary,
    idf: Vec<f64>,
    lexicon: Lexicon,
    /// Word n-gram lookups by token id (derived from the vocabulary; `None` falls back to
    /// string lookups, e.g. with character n-grams).
    #[serde(skip)]
    index: Derived<Option<Arc<NgramIndex>>>,
    /// The block of each column and each block's settings (derived).
    #[serde(skip)]
    layout: Derived<Layout>,
}

impl TfidfVectorizer {
    /// Learns the vocabulary and idf from `docs` (here: sentences).
    pub fn fit(config: &FeatureConfig, lexicon: &Lexicon, docs: &[&str]) -> Result<Self> {
        Ok(Self::fit_inner(config, lexicon, docs, false)?.0)
    }

    /// [`fit`](Self::fit) and the features of `docs` as a CSR matrix, in one pass over the
    /// tokens where the configuration allows (word n-grams up to three, no character
    /// n-grams): the same vocabulary, idf and values as `fit` then `transform_rows`.
    pub fn fit_transform(
        config: &FeatureConfig,
        lexicon: &Lexicon,
        docs: &[&str],
    ) -> Result<(Self, Csr)> {
        let (v, x) = Self::fit_inner(config, lexicon, docs, true)?;
        let x = match x {
            Some(x) => x,
            None => v.transform_csr(docs),
        };
        Ok((v, x))
    }

    fn fit_inner(
        config: &FeatureConfig,
        lexicon: &Lexicon,
        docs: &[&str],
        want_x: bool,
    ) -> Result<(Self, Option<Csr>)> {
        config.validate()?;
        let config = &config.normalized()?;
        if docs.is_empty() {
            return Err(StancerError::Data("no texts to fit features on".into()));
        }
        // With voice tokens the n-grams are fitted on the marked texts, the lexicon columns
        // on the originals.
        let marked: Option<Vec<String>> = config.voice_tokens.then(|| {
            docs.par_iter()
                .map(|d| {
                    let hits = FrameTagger::for_features(lexicon, config).tag(d);
                    let sentence = voice_marks::sentence_mark(config, d);
                    voice_marks::mark(d, &hits, sentence).unwrap_or_else(|| d.to_string())
                })
                .collect()
        });
        let marked_refs: Option<Vec<&str>> = marked
            .as_ref()
            .map(|m| m.iter().map(String::as_str).collect());
        let gram_docs = marked_refs.as_deref().unwrap_or(docs);
        if let Some(r) = super::id_fit::fit(config, lexicon, gram_docs, docs, want_x) {
            return r;
        }
        Ok((Self::fit_strings(config, lexicon, gram_docs)?, None))
    }

    /// A vectorizer from its parts, with its derived lookup index.
    pub(crate) fn assemble(
        config: &FeatureConfig,
        lexicon: &Lexicon,
        vocabulary: Vocabulary,
        idf: Vec<f64>,
    ) -> Self {
        TfidfVectorizer {
            config: config.clone(),
            vocabulary,
            idf,
            lexicon: lexicon.clone(),
            index: Derived(None),
            layout: Derived(Layout::default()),
        }
        .with_index()
    }

    fn with_index(mut self) -> Self {
        let usable = super::ngram_index::covers(&self.config);
        self.index = Derived(
            usable
                .then(|| NgramIndex::build(self.vocabulary.terms(), &self.lexicon))
                .flatten()
                .map(Arc::new),
        );
        self.layout = Derived(Layout::of(&self.config, self.vocabulary.terms()));
        self
    }

    /// Rebuilds derived state after loading and checks that the parts agree in shape.
    pub fn restore(mut self) -> std::result::Result<Self, String> {
        self.config.validate().map_err(|e| e.to_string())?;
        self.lexicon = self.lexicon.rebuild();
        if self.idf.len() != self.vocabulary.len() {
            return Err(format!(
                "vocabulary has {} terms but idf has {} values",
                self.vocabulary.len(),
                self.idf.len()
            ));
        }
        Ok(self.with_index())
    }

    /// Number of feature columns (TF-IDF columns plus lexicon columns when enabled).
    pub fn n_features(&self) -> usize {
        self.vocabulary.len() + lexicon_block::width(&self.config)
    }

    /// The name of a feature column, for explaining model weights.
    pub fn feature_name(&self, column: usize) -> &str {
        let v = self.vocabulary.len();
        if column < v {
            self.vocabulary.term(column).unwrap_or("?")
        } else {
            let names = lexicon_block::names(&self.config);
            names.get(column - v).copied().unwrap_or("?")
        }
    }

    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Features of one text as a sparse row. Depends on nothing but the text and the fit.
    pub fn transform_one(&self, text: &str, analyzer: &Analyzer) -> SparseRow {
        self.transform_tagged(text, analyzer, false).0
    }

    /// Features of one text and, with `want_hits` (or when lexicon features need them),
    /// its frame-term hits, tokenizing the text once where the configuration allows.
    pub fn transform_tagged(
        &self,
        text: &str,
        analyzer: &Analyzer,
        want_hits: bool,
    ) -> (SparseRow, Vec<FrameHit>) {
        let need_hits = want_hits || self.config.lexicon_features || self.config.voice_tokens;
        let (mut row, hits) = match self.index.0.as_deref() {
            Some(index) => self.word_features(text, analyzer, index, need_hits),
            None => (self.string_features(text, analyzer), None),
        };
        let hits = match hits {
            Some(h) => h,
            None if need_hits => FrameTagger::for_features(&self.lexicon, &self.config).tag(text),
            None => Vec::new(),
        };
        let sentence = voice_marks::sentence_mark(&self.config, text);
        if self.config.voice_tokens {
            let marks = voice_marks::marks(text, &hits, sentence);
            if !marks.is_empty() {
                let index = self.index.0.as_deref();
                // The marked text's row from the tokens just found, where that is provably
                // the same row; else from the marked text.
                let fast =
                    index.and_then(|ix| self.marked_word_features(text, &marks, analyzer, ix));
                row = match (fast, index) {
                    (Some(r), _) => r,
                    (None, Some(ix)) => {
                        let marked = voice_marks::apply(text, &marks);
                        self.word_features(&marked, analyzer, ix, false).0
                    }
                    (None, None) => {
                        self.string_features(&voice_marks::apply(text, &marks), analyzer)
                    }
                };
            }
        }
        lexicon_block::push_counts(
            &self.config,
            self.vocabulary.len(),
            &hits,
            sentence,
            &mut row,
        );
        self.weigh_lexicon(&mut row);
        (row, hits)
    }

    /// The mean of sparse rows by column (an article's row from its sentences' rows).
    ///
    /// Sums in the analyzer's dense per-column buffer, in row order from 0.0 (the same
    /// additions, and bits, as any map keyed by column), then sorts only the distinct
    /// columns: this runs once per scored article.
    pub fn mean_row(&self, rows: &[SparseRow], analyzer: &Analyzer) -> SparseRow {
        let mut guard = analyzer.scratch.borrow_mut();
        let Scratch {
            dense,
            seen,
            touched,
            ..
        } = &mut *guard;
        touched.clear();
        for &(c, v) in rows.iter().flatten() {
            if c >= dense.len() {
                let len = (c + 1).max(self.n_features());
                dense.resize(len, 0.0);
                seen.resize(len, false);
            }
            if !seen[c] {
                seen[c] = true;
                touched.push(c as u32);
            }
            dense[c] += v;
        }
        touched.sort_unstable();
        let n = rows.len().max(1) as f64;
        touched
            .iter()
            .map(|&c| {
                let c = c as usize;
                seen[c] = false;
                (c, std::mem::take(&mut dense[c]) / n)
            })
            .collect()
    }

    /// Features of many texts as a CSR matrix, in parallel, in input order.
    pub fn transform_csr(&self, texts: &[&str]) -> Csr {
        let n_cols = self.n_features();
        let parts: Vec<Csr> = texts
            .par_chunks(4096)
            .map_init(
                || Analyzer::new(&self.config),
                |a, chunk| {
                    let mut x = Csr::new(n_cols);
                    for t in chunk {
                        let row = self.transform_one(t, a);
                        x.push_row(row.into_iter().map(|(c, v)| (c as u32, v as f32)));
                    }
                    x
                },
            )
            .collect();
        Csr::vstack(parts, n_cols)
    }

    /// Features of many texts as sparse rows, in parallel, in input order.
    pub fn transform_rows(&self, texts: &[&str]) -> Vec<SparseRow> {
        texts
            .par_iter()
            .map_init(
                || Analyzer::new(&self.config),
                |a, t| self.transform_one(t, a),
            )
            .collect()
    }

    /// Features of many texts as a dense matrix.
    pub fn transform(&self, texts: &[&str]) -> Array2<f64> {
        densify(&self.transform_rows(texts), self.n_features())
    }
}

/// Sparse rows into a dense matrix of `n_cols` columns.
pub fn densify(rows: &[SparseRow], n_cols: usize) -> Array2<f64> {
    let mut x = Array2::zeros((rows.len(), n_cols));
    for (i, row) in rows.iter().enumerate() {
        for &(c, v) in row {
            x[[i, c]] = v;
        }
    }
    x
}

pub(crate) fn idf(n: usize, df: usize, smooth: bool) -> f64 {
    if smooth {
        ((1.0 + n as f64) / (1.0 + df as f64)).ln() + 1.0
    } else {
        (n as f64 / df as f64).ln() + 1.0
    }
}
#[cfg(test)]
mod tests;
