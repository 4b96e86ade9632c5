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
use super::ngram_index::{Derived, NgramIndex};
use super::tagger::{FrameHit, FrameTagger};
use super::vocabulary::Vocabulary;
use crate::error::{Result, StancerError};

mod ids;
mod layout;
mod strings;

use layout::Layout;

/// Names of the lexicon-count columns appended after the TF-IDF columns.
pub const LEXICON_COLUMNS: [&str; 6] = [
    "lex:frame=occupied",
    "lex:frame=independent",
    "lex:stance=georgian",
    "lex:stance=pro_tskhinvali",
    "lex:stance=neutral_wire",
    "lex:quoted_speech",
];

/// A sparse feature row: `(column, value)` sorted by column.
pub type SparseRow = Vec<(usize, f64)>;

/// A fitted TF-IDF vectorizer: configuration, vocabulary, idf and the frame lexicon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        if let Some(r) = super::id_fit::fit(config, lexicon, docs, want_x) {
            return r;
        }
        Ok((Self::fit_strings(config, lexicon, docs)?, None))
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
                .then(|| NgramIndex::build(self.vocabulary.terms(), self.lexicon.first_tokens()))
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
        self.vocabulary.len()
            + if self.config.lexicon_features {
                LEXICON_COLUMNS.len()
            } else {
                0
            }
    }

    /// The name of a feature column, for explaining model weights.
    pub fn feature_name(&self, column: usize) -> &str {
        let v = self.vocabulary.len();
        if column < v {
            self.vocabulary.term(column).unwrap_or("?")
        } else {
            LEXICON_COLUMNS.get(column - v).copied().unwrap_or("?")
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
        let need_hits = want_hits || self.config.lexicon_features;
        let (mut row, hits) = match self.index.0.as_deref() {
            Some(index) => self.word_features(text, analyzer, index, need_hits),
            None => (self.string_features(text, analyzer), None),
        };
        let hits = match hits {
            Some(h) => h,
            None if need_hits => FrameTagger::new(&self.lexicon).tag(text),
            None => Vec::new(),
        };
        if self.config.lexicon_features {
            let base = self.vocabulary.len();
            for (k, v) in lexicon_counts(&hits).into_iter().enumerate() {
                if v > 0.0 {
                    row.push((base + k, (1.0 + v).ln()));
                }
            }
        }
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

/// The lexicon-count features of a text's frame-term hits.
pub(crate) fn lexicon_counts(hits: &[FrameHit]) -> [f64; 6] {
    let mut counts = [0.0; 6];
    for hit in hits {
        if (hit.quoted && !hit.scare_quoted) || hit.attributed {
            counts[5] += 1.0;
            continue;
        }
        match hit.frame.as_str() {
            "occupied" => counts[0] += 1.0,
            "independent" => counts[1] += 1.0,
            _ => {}
        }
        match hit.stance.as_str() {
            "georgian" => counts[2] += 1.0,
            "pro_tskhinvali" => counts[3] += 1.0,
            _ => counts[4] += 1.0,
        }
    }
    counts
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
