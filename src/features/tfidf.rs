//! TF-IDF features with the idf frozen at fit time.
//!
//! `linfa-preprocessing`'s TF-IDF recomputes idf from whatever batch it transforms, so one
//! article scored alone would get different features than inside a batch. This vectorizer
//! stores the idf it learned and applies it unchanged, and its numbers match
//! scikit-learn's `TfidfVectorizer` (`smooth_idf`, `sublinear_tf`, `norm='l2'`); the parity
//! test in `tests/tfidf_parity.rs` pins them.

use std::collections::HashMap;
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
use super::ngram_index::{pack, quote_key, Derived, NgramIndex, UNKNOWN};
use super::tagger::{FrameHit, FrameTagger, Tok};
use super::vocabulary::Vocabulary;
use super::voice_marks;
use crate::error::{Result, StancerError};

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
        if docs.is_empty() {
            return Err(StancerError::Data("no texts to fit features on".into()));
        }
        // With voice tokens the n-grams are fitted on the marked texts, the lexicon columns
        // on the originals.
        let marked: Option<Vec<String>> = config.voice_tokens.then(|| {
            docs.par_iter()
                .map(|d| {
                    let hits = FrameTagger::new(lexicon).tag(d);
                    voice_marks::mark(d, &hits).unwrap_or_else(|| d.to_string())
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

    /// The general path: features as strings (any n-gram length, character n-grams).
    fn fit_strings(config: &FeatureConfig, lexicon: &Lexicon, docs: &[&str]) -> Result<Self> {
        let n = docs.len();
        let analyzed: Vec<Vec<String>> = docs
            .par_iter()
            .map_init(
                || Analyzer::new(config),
                |a, d| {
                    let mut f = a.features(d);
                    f.sort_unstable();
                    f
                },
            )
            .collect();
        // Document frequency and corpus term frequency of every feature.
        let mut stats: HashMap<&str, (usize, usize)> = HashMap::new();
        for feats in &analyzed {
            let mut prev: Option<&str> = None;
            for f in feats {
                let e = stats.entry(f.as_str()).or_insert((0, 0));
                e.1 += 1;
                if prev != Some(f.as_str()) {
                    e.0 += 1;
                }
                prev = Some(f.as_str());
            }
        }
        let max_count = config.max_df * n as f64;
        let mut kept: Vec<(&str, usize, usize)> = stats
            .into_iter()
            .filter(|&(_, (df, _))| df >= config.min_df && df as f64 <= max_count)
            .map(|(t, (df, tf))| (t, df, tf))
            .collect();
        if let Some(limit) = config.max_features {
            kept.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
            kept.truncate(limit);
        }
        if kept.is_empty() {
            return Err(StancerError::Data(format!(
                "no feature survives min_df={} and max_df={} on {n} texts",
                config.min_df, config.max_df
            )));
        }
        let df: HashMap<&str, usize> = kept.iter().map(|&(t, df, _)| (t, df)).collect();
        let vocabulary = Vocabulary::new(kept.iter().map(|&(t, _, _)| t.to_string()).collect());
        let idf = vocabulary
            .terms()
            .iter()
            .map(|t| idf(n, df[t.as_str()], config.smooth_idf))
            .collect();
        Ok(Self::assemble(config, lexicon, vocabulary, idf))
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
        self
    }

    /// Rebuilds derived state after loading and checks that the parts agree in shape.
    pub fn restore(mut self) -> std::result::Result<Self, String> {
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
            let names = self.config.lexicon_columns.names();
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
            None if need_hits => FrameTagger::new(&self.lexicon).tag(text),
            None => Vec::new(),
        };
        if self.config.voice_tokens {
            if let Some(marked) = voice_marks::mark(text, &hits) {
                row = match self.index.0.as_deref() {
                    Some(index) => self.word_features(&marked, analyzer, index, false).0,
                    None => self.string_features(&marked, analyzer),
                };
            }
        }
        lexicon_block::push_counts(&self.config, self.vocabulary.len(), &hits, &mut row);
        (row, hits)
    }

    /// TF-IDF of the word n-gram and quote-marker features by token ids, and with
    /// `want_hits` the frame-term hits from the same tokens (`None` when they could not be
    /// shared: stemmed feature tokens are not the tagger's).
    fn word_features(
        &self,
        text: &str,
        a: &Analyzer,
        index: &NgramIndex,
        want_hits: bool,
    ) -> (SparseRow, Option<Vec<FrameHit>>) {
        let mut guard = a.scratch.borrow_mut();
        let Scratch {
            buf,
            ids,
            quoted,
            cols,
            arena,
            spans,
            quotes,
            ..
        } = &mut *guard;
        ids.clear();
        quoted.clear();
        cols.clear();
        arena.clear();
        spans.clear();
        let share = want_hits && !self.config.stem;
        let lexicon = &self.lexicon;
        // (token, entries that may start there), for the tagger.
        let mut starts: Vec<(usize, &[usize])> = Vec::new();
        let indexed = lexicon.is_indexed();
        let [lo, hi] = self.config.word_ngrams;
        a.tokenizer
            .scan_with_quotes(text, buf, quotes, |w, start, end, q| {
                let entry = index.lookup(w);
                let id = entry.id;
                ids.push(id);
                if lo == 1 {
                    cols.extend(entry.unigram);
                }
                quoted.push(q);
                if share {
                    if !indexed {
                        starts.push((spans.len(), &[]));
                    } else if index.starts_term(id) {
                        if let Some(es) = lexicon.starting_with(w).filter(|es| !es.is_empty()) {
                            starts.push((spans.len(), es));
                        }
                    }
                    let from = arena.len();
                    arena.push_str(w);
                    spans.push((from, arena.len(), start, end));
                }
            });
        let hits = share.then(|| {
            if starts.is_empty() {
                return Vec::new();
            }
            let toks: Vec<Tok<'_>> = spans
                .iter()
                .map(|&(a, b, start, end)| Tok {
                    text: &arena[a..b],
                    start,
                    end,
                })
                .collect();
            if !indexed {
                // Token forms not rebuilt yet: let the tagger try every entry.
                return FrameTagger::new(lexicon).tag_tokens(text, &toks, quotes);
            }
            FrameTagger::new(lexicon).tag_candidates(text, &toks, quotes, &starts)
        });
        // Unigrams were counted while scanning; longer n-grams by their packed ids.
        for n in lo.max(2)..=hi {
            if n > ids.len() {
                break;
            }
            for w in ids.windows(n) {
                if w.contains(&UNKNOWN) {
                    continue;
                }
                if let Some(c) = index.column(pack(w)) {
                    cols.push(c);
                }
            }
        }
        if self.config.quote_markers {
            for (&id, &q) in ids.iter().zip(quoted.iter()) {
                if q && id != UNKNOWN {
                    if let Some(c) = index.column(quote_key(id)) {
                        cols.push(c);
                    }
                }
            }
        }
        (self.weigh(cols), hits)
    }

    /// TF-IDF values of a bag of column ids (sorted in place), in column order, normalized:
    /// the arithmetic of scikit-learn's `TfidfVectorizer`.
    pub(crate) fn weigh(&self, cols: &mut [u32]) -> SparseRow {
        cols.sort_unstable();
        let mut row: SparseRow = Vec::with_capacity(cols.len() + 6);
        let mut i = 0;
        while i < cols.len() {
            let c = cols[i];
            let mut j = i + 1;
            while j < cols.len() && cols[j] == c {
                j += 1;
            }
            let tf = (j - i) as f64;
            let tf = if self.config.sublinear_tf {
                1.0 + tf.ln()
            } else {
                tf
            };
            row.push((c as usize, tf * self.idf[c as usize]));
            i = j;
        }
        if self.config.l2_norm {
            let norm = row.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, v)| *v /= norm);
            }
        }
        row
    }

    /// The general path: feature strings looked up in the vocabulary.
    fn string_features(&self, text: &str, analyzer: &Analyzer) -> SparseRow {
        let mut counts: HashMap<usize, f64> = HashMap::new();
        for f in analyzer.features(text) {
            if let Some(c) = self.vocabulary.get(&f) {
                *counts.entry(c).or_insert(0.0) += 1.0;
            }
        }
        let mut row: SparseRow = counts
            .into_iter()
            .map(|(c, tf)| {
                let tf = if self.config.sublinear_tf {
                    1.0 + tf.ln()
                } else {
                    tf
                };
                (c, tf * self.idf[c])
            })
            .collect();
        row.sort_unstable_by_key(|&(c, _)| c);
        if self.config.l2_norm {
            let norm = row.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, v)| *v /= norm);
            }
        }
        row
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
mod tests {
    use super::*;

    /// Features the id paths cannot key (punctuation, claim/headline pairs) take the
    /// string path in fitting and in transforming alike.
    #[test]
    fn punctuation_and_pair_features_take_the_string_path() {
        let lexicon = Lexicon::default();
        let docs = [
            "Is it true? xxsep Officials deny the report!",
            "Claim about a report xxsep The report is confirmed",
            "Another claim xxsep Is the report true?",
        ];
        for config in [
            FeatureConfig {
                punctuation: true,
                ..FeatureConfig::default()
            },
            FeatureConfig {
                pair_features: true,
                ..FeatureConfig::default()
            },
            FeatureConfig {
                pair_features: true,
                pair_mask: true,
                ..FeatureConfig::default()
            },
        ] {
            let strings = TfidfVectorizer::fit_strings(&config, &lexicon, &docs).unwrap();
            let (fitted, x) = TfidfVectorizer::fit_transform(&config, &lexicon, &docs).unwrap();
            assert_eq!(strings.vocabulary, fitted.vocabulary);
            assert!(fitted.index.0.is_none());
            let a = Analyzer::new(&config);
            for (i, d) in docs.iter().enumerate() {
                let row = fitted.transform_one(d, &a);
                assert_eq!(row, strings.transform_one(d, &a), "text {i}");
                let f32_row: SparseRow =
                    row.iter().map(|&(c, v)| (c, f64::from(v as f32))).collect();
                assert_eq!(x.sparse_row(i), f32_row, "training row {i}");
            }
        }
    }

    /// The id paths (fit on token ids, transform by packed n-gram keys, frame terms from
    /// the same tokens) give exactly what the string paths give.
    #[test]
    fn id_paths_match_string_paths_exactly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let lexicon = Lexicon::from_csv(&root.join("labels/frame_terms.csv")).unwrap();
        let text = std::fs::read_to_string(root.join("labels/seed_sentences.csv")).unwrap();
        let mut docs: Vec<String> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().get(2).unwrap_or("").to_string())
            .collect();
        docs.push(
            "He spoke of “occupation” and the “state border”; Russia’s so-called ‘elections’."
                .into(),
        );
        docs.push("Цхинвали и Tskhinvali: de-facto authorities, don't".into());
        let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
        for config in [
            FeatureConfig::default(),
            FeatureConfig {
                min_df: 2,
                word_ngrams: [1, 3],
                ..FeatureConfig::default()
            },
            FeatureConfig {
                stem: true,
                quote_markers: false,
                max_features: Some(300),
                ..FeatureConfig::default()
            },
            FeatureConfig {
                word_ngrams: [2, 3],
                ..FeatureConfig::default()
            },
        ] {
            let strings = TfidfVectorizer::fit_strings(&config, &lexicon, &docs).unwrap();
            let (ids, x) = TfidfVectorizer::fit_transform(&config, &lexicon, &docs).unwrap();
            assert_eq!(strings.vocabulary, ids.vocabulary);
            assert_eq!(strings.idf, ids.idf);
            assert!(ids.index.0.is_some());
            let a = Analyzer::new(&config);
            for (i, d) in docs.iter().enumerate() {
                let by_strings = {
                    let mut row = strings.string_features(d, &a);
                    let hits = FrameTagger::new(&lexicon).tag(d);
                    let base = strings.vocabulary.len();
                    lexicon_block::push_counts(&config, base, &hits, &mut row);
                    (row, hits)
                };
                let by_ids = ids.transform_tagged(d, &a, true);
                assert_eq!(by_strings, by_ids, "text {i}: {d}");
                let csr: SparseRow = x.sparse_row(i);
                let f32_row: SparseRow = by_ids
                    .0
                    .iter()
                    .map(|&(c, v)| (c, f64::from(v as f32)))
                    .collect();
                assert_eq!(csr, f32_row, "training row {i}");
            }
        }
    }

    #[test]
    fn pair_features_use_the_second_text_and_the_overlap() {
        let config = FeatureConfig {
            word_ngrams: [1, 1],
            pair_features: true,
            punctuation: true,
            ..FeatureConfig::default()
        };
        let a = Analyzer::new(&config);
        let text = format!(
            "Apple sells watches{}Apple sells watches?",
            crate::data::TEXT_SEPARATOR
        );
        let f = a.features(&text);
        assert!(f.contains(&"⇄overlap5".to_string()), "{f:?}");
        assert!(f.contains(&"⟨?⟩".to_string()), "{f:?}");
        assert!(!f.iter().any(|x| x == "xxsep"), "{f:?}");
        assert_eq!(f.iter().filter(|x| *x == "apple").count(), 1, "{f:?}");
        let other = format!(
            "Apple sells watches{}Nobody knows",
            crate::data::TEXT_SEPARATOR
        );
        assert!(a.features(&other).contains(&"⇄overlap0".to_string()));
        // Without the option, both columns give n-grams and the separator is a token.
        let plain = Analyzer::new(&FeatureConfig::default()).features(&text);
        assert!(plain.iter().any(|x| x == "xxsep"));
    }

    /// `pair_mask` turns each run of the claim's words in the headline into one slot for
    /// the word n-grams; the overlap feature and character n-grams still see the words.
    #[test]
    fn pair_mask_replaces_runs_of_claim_words_with_one_slot() {
        let config = FeatureConfig {
            word_ngrams: [1, 2],
            char_ngrams: Some([3, 3]),
            pair_features: true,
            pair_mask: true,
            ..FeatureConfig::default()
        };
        let text = format!(
            "Apple sells gold watches at cost{}Analyst denies Apple sells watches at all",
            crate::data::TEXT_SEPARATOR
        );
        let f = Analyzer::new(&config).features(&text);
        let has = |x: &str| f.iter().any(|y| y == x);
        for expected in [
            "analyst denies",
            "denies ⟨claim⟩",
            "⟨claim⟩ at",
            "at all",
            "⟨claim⟩",
        ] {
            assert!(has(expected), "{expected}: {f:?}");
        }
        // "apple sells watches" is one run, so one slot; the claim's words are no n-grams.
        assert_eq!(f.iter().filter(|x| *x == "⟨claim⟩").count(), 1, "{f:?}");
        assert!(!has("apple") && !has("sells watches") && !has("⟨claim⟩ ⟨claim⟩"));
        // Words of two letters or fewer are never claim words ("at" is in both, and stays).
        assert!(has("at"), "{f:?}");
        // Character n-grams and the overlap (3 of 5 claim words: 3 fifths) are unchanged.
        assert!(has("§app") && has("⇄overlap3"), "{f:?}");
        let unmasked = Analyzer::new(&FeatureConfig {
            pair_mask: false,
            ..config.clone()
        })
        .features(&text);
        assert!(unmasked.iter().any(|x| x == "⇄overlap3"));
        assert!(unmasked.iter().any(|x| x == "apple sells"));
        // Off by default, and meaningless without pair_features.
        assert!(!FeatureConfig::default().pair_mask);
        let err = FeatureConfig {
            pair_mask: true,
            ..FeatureConfig::default()
        }
        .validate()
        .unwrap_err();
        assert!(err.to_string().contains("pair_features"), "{err}");
    }

    #[test]
    fn features_have_distinct_namespaces() {
        let cfg = FeatureConfig {
            char_ngrams: Some([2, 3]),
            ..FeatureConfig::default()
        };
        let f = Analyzer::new(&cfg).features("the “de facto” ab");
        assert!(f.contains(&"de facto".to_string()));
        assert!(f.contains(&"\"facto\"".to_string()));
        assert!(f.contains(&"§ab ".to_string()));
        assert!(!f.contains(&"ab ".to_string()));
    }

    #[test]
    fn a_text_scores_the_same_alone_and_in_a_batch() {
        let docs = [
            "occupied region talks",
            "independent state talks",
            "talks held",
        ];
        let v =
            TfidfVectorizer::fit(&FeatureConfig::default(), &Lexicon::default(), &docs).unwrap();
        let batch = v.transform(&docs);
        let alone = v.transform(&docs[1..2]);
        assert_eq!(batch.row(1), alone.row(0));
    }

    #[test]
    fn min_df_that_removes_everything_is_an_error() {
        let cfg = FeatureConfig {
            min_df: 5,
            ..FeatureConfig::default()
        };
        let err = TfidfVectorizer::fit(&cfg, &Lexicon::default(), &["a b", "c d"]).unwrap_err();
        assert!(err.to_string().contains("min_df=5"));
    }
}
