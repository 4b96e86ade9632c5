//! Fitting the vectorizer on token ids: the fast path of [`TfidfVectorizer::fit`].
//!
//! Texts are tokenized in parallel, once, into per-chunk interned word ids; the chunks'
//! words are merged into one table in chunk order; n-grams are packed id keys
//! ([`pack`]), never strings. Document frequencies are counted per key partition (each
//! thread owns a share of the keys, so no map is duplicated), and only the surviving
//! features are rendered as strings, to be sorted into columns exactly as the string path
//! sorts them. The same token ids then give the training matrix without a second
//! tokenization. Counts are integers and columns are sorted strings, so nothing depends on
//! the number of threads.

use rayon::prelude::*;

use super::config::FeatureConfig;
use super::csr::Csr;
use super::fxhash::FxHashMap;
use super::lexicon::Lexicon;
use super::lexicon_block;
use super::ngram_index::{pack, quote_key, ID_BITS, MAX_N, MAX_WORDS, UNKNOWN};
use super::tagger::FrameTagger;
use super::tfidf::{idf, TfidfVectorizer};
use super::vocabulary::Vocabulary;
use super::voice_marks;
use crate::error::{Result, StancerError};
use crate::text::Tokenizer;

mod count;

use count::count;

/// Texts per tokenization chunk.
const CHUNK: usize = 8192;
const QUOTE_FLAG: u64 = 1 << 63;

/// The token ids of one chunk of texts.
struct Tokens {
    ids: Vec<u32>,
    offsets: Vec<usize>,
    quoted: Vec<bool>,
}

impl Tokens {
    fn n_docs(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The token ids of document `d`, and whether each is quoted (empty without quote
    /// markers).
    fn doc(&self, d: usize) -> (&[u32], &[bool]) {
        let (a, b) = (self.offsets[d], self.offsets[d + 1]);
        let quoted = if self.quoted.is_empty() {
            &[][..]
        } else {
            &self.quoted[a..b]
        };
        (&self.ids[a..b], quoted)
    }
}

/// The columns of the word n-gram and quote-marker features: unigrams by word id (one
/// array read, for half of all lookups), longer n-grams and quote markers by packed key.
struct Columns {
    unigram: Vec<u32>,
    other: FxHashMap<u64, u32>,
}

impl Columns {
    /// The columns of document `d`'s features that are in the vocabulary, with repeats,
    /// into `cols`.
    fn of_doc(&self, t: &Tokens, d: usize, config: &FeatureConfig, cols: &mut Vec<u32>) {
        cols.clear();
        let (ids, quoted) = t.doc(d);
        let [lo, hi] = config.word_ngrams;
        for n in lo..=hi {
            if n > ids.len() {
                break;
            }
            if n == 1 {
                let known = ids.iter().map(|&id| self.unigram[id as usize]);
                cols.extend(known.filter(|&c| c != UNKNOWN));
            } else {
                cols.extend(
                    ids.windows(n)
                        .filter_map(|w| self.other.get(&pack(w)).copied()),
                );
            }
        }
        for (&id, _) in ids.iter().zip(quoted).filter(|(_, &q)| q) {
            cols.extend(self.other.get(&quote_key(id)).copied());
        }
    }
}

/// `None` when the configuration needs the string path (see
/// [`super::ngram_index::covers`], and more words than ids can pack).
///
/// `docs` give the n-grams, `tag_docs` (the same texts before voice marks, see
/// `voice_marks`) the lexicon columns.
pub(super) fn fit(
    config: &FeatureConfig,
    lexicon: &Lexicon,
    docs: &[&str],
    tag_docs: &[&str],
    want_x: bool,
) -> Option<Result<(TfidfVectorizer, Option<Csr>)>> {
    if !super::ngram_index::covers(config) {
        return None;
    }
    let (words, mut toks): (Vec<Vec<String>>, Vec<Tokens>) = docs
        .par_chunks(CHUNK)
        .map_init(
            || Tokenizer::new(config.stem).carry_quotes(config.cross_sentence_quotes),
            |tok, chunk| tokenize_chunk(tok, chunk, config.quote_markers),
        )
        .unzip();
    // One word table, in chunk order, and each chunk's local ids mapped into it. Each
    // chunk's words are consumed as they are merged, so that only the table's own copy of a
    // word outlives the merge (at 1M sentences the chunks' copies were ~50 MB).
    let mut global: FxHashMap<String, u32> = FxHashMap::default();
    let remaps: Vec<Vec<u32>> = words
        .into_iter()
        .map(|ws| {
            ws.into_iter()
                .map(|w| {
                    let next = global.len() as u32;
                    *global.entry(w).or_insert(next)
                })
                .collect()
        })
        .collect();
    if global.len() >= MAX_WORDS {
        return None;
    }
    let mut table = vec![String::new(); global.len()];
    for (w, id) in global {
        table[id as usize] = w;
    }
    toks.par_iter_mut()
        .zip(remaps.par_iter())
        .for_each(|(t, r)| t.ids.iter_mut().for_each(|id| *id = r[*id as usize]));
    drop(remaps);
    let table: Vec<&str> = table.iter().map(String::as_str).collect();
    Some(finish(config, lexicon, tag_docs, &table, &toks, want_x))
}

fn tokenize_chunk(
    tok: &mut Tokenizer,
    chunk: &[&str],
    quote_markers: bool,
) -> (Vec<String>, Tokens) {
    let mut local: FxHashMap<String, u32> = FxHashMap::default();
    let mut words = Vec::new();
    let mut buf = String::new();
    let mut t = Tokens {
        ids: Vec::new(),
        offsets: Vec::with_capacity(chunk.len() + 1),
        quoted: Vec::new(),
    };
    for d in chunk {
        t.offsets.push(t.ids.len());
        tok.scan(d, &mut buf, |w, _, _, q| {
            let id = match local.get(w) {
                Some(&id) => id,
                None => {
                    let id = words.len() as u32;
                    words.push(w.to_string());
                    local.insert(w.to_string(), id);
                    id
                }
            };
            t.ids.push(id);
            if quote_markers {
                t.quoted.push(q);
            }
        });
    }
    t.offsets.push(t.ids.len());
    // The ids live until the matrix is built: give back the growth slack (up to half).
    t.ids.shrink_to_fit();
    (words, t)
}

/// The feature string of a packed key.
fn render(key: u64, table: &[&str]) -> String {
    let mask = (1u64 << ID_BITS) - 1;
    if key & QUOTE_FLAG != 0 {
        return format!("\"{}\"", table[((key & mask) - 1) as usize]);
    }
    let mut ids = [0usize; MAX_N];
    let (mut n, mut k) = (0, key);
    while k != 0 {
        ids[n] = ((k & mask) - 1) as usize;
        k >>= ID_BITS;
        n += 1;
    }
    let mut s = String::new();
    for (i, &id) in ids[..n].iter().rev().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(table[id]);
    }
    s
}

/// `tag_docs`: the texts the lexicon columns are read from (see [`fit`]).
fn finish(
    config: &FeatureConfig,
    lexicon: &Lexicon,
    tag_docs: &[&str],
    table: &[&str],
    toks: &[Tokens],
    want_x: bool,
) -> Result<(TfidfVectorizer, Option<Csr>)> {
    let n = tag_docs.len();
    let max_count = config.max_df * n as f64;
    let kept = count(config, table.len(), toks, max_count);
    let mut terms: Vec<(String, u64, u32, u64)> = kept
        .into_par_iter()
        .map(|(k, df, tf)| (render(k, table), k, df, tf))
        .collect();
    if let Some(limit) = config.max_features {
        terms.par_sort_unstable_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(limit);
    }
    if terms.is_empty() {
        return Err(StancerError::Data(format!(
            "no feature survives min_df={} and max_df={} on {n} texts",
            config.min_df, config.max_df
        )));
    }
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let idf: Vec<f64> = terms
        .iter()
        .map(|t| idf(n, t.2 as usize, config.smooth_idf))
        .collect();
    let columns = want_x.then(|| {
        let mut unigram = vec![UNKNOWN; table.len()];
        let mut other = FxHashMap::default();
        for (c, t) in terms.iter().enumerate() {
            if t.1 < 1 << ID_BITS {
                unigram[(t.1 - 1) as usize] = c as u32;
            } else {
                other.insert(t.1, c as u32);
            }
        }
        Columns { unigram, other }
    });
    let vocabulary = Vocabulary::new(terms.into_iter().map(|t| t.0).collect());
    let v = TfidfVectorizer::assemble(config, lexicon, vocabulary, idf);
    let Some(columns) = columns else {
        return Ok((v, None));
    };
    let n_cols = v.n_features();
    // Two passes so the matrix is written once, in place: row lengths, then rows straight
    // into their share of the final arrays (stacking per-chunk parts would hold the matrix
    // twice at its peak).
    let row_of = |ci: usize, t: &Tokens, d: usize, cols: &mut Vec<u32>| {
        columns.of_doc(t, d, config, cols);
        let mut row = v.weigh(cols);
        if config.lexicon_features {
            let doc = tag_docs[ci * CHUNK + d];
            let hits = FrameTagger::for_features(lexicon, config).tag(doc);
            let sentence = voice_marks::sentence_mark(config, doc);
            lexicon_block::push_counts(config, v.vocabulary().len(), &hits, sentence, &mut row);
        }
        row
    };
    let lengths: Vec<Vec<usize>> = toks
        .par_iter()
        .enumerate()
        .map(|(ci, t)| {
            let mut cols = Vec::new();
            (0..t.n_docs())
                .map(|d| {
                    if config.lexicon_features {
                        return row_of(ci, t, d, &mut cols).len();
                    }
                    columns.of_doc(t, d, config, &mut cols);
                    cols.sort_unstable();
                    cols.dedup();
                    cols.len()
                })
                .collect()
        })
        .collect();
    let mut indptr = Vec::with_capacity(n + 1);
    indptr.push(0usize);
    for len in lengths.iter().flatten() {
        indptr.push(indptr[indptr.len() - 1] + len);
    }
    let nnz = indptr[n];
    let mut indices = vec![0u32; nnz];
    let mut data = vec![0f32; nnz];
    let mut shares = Vec::with_capacity(toks.len());
    let (mut rest_i, mut rest_d) = (indices.as_mut_slice(), data.as_mut_slice());
    for lens in &lengths {
        let size: usize = lens.iter().sum();
        let (a, b) = std::mem::take(&mut rest_i).split_at_mut(size);
        let (c, e) = std::mem::take(&mut rest_d).split_at_mut(size);
        shares.push((a, c));
        rest_i = b;
        rest_d = e;
    }
    shares
        .into_par_iter()
        .zip(toks.par_iter().enumerate())
        .for_each(|((idx, val), (ci, t))| {
            let mut cols = Vec::new();
            let mut at = 0;
            for d in 0..t.n_docs() {
                for (c, x) in row_of(ci, t, d, &mut cols) {
                    idx[at] = c as u32;
                    val[at] = x as f32;
                    at += 1;
                }
            }
        });
    let x = Csr {
        indptr,
        indices,
        data,
        n_cols,
    };
    Ok((v, Some(x)))
}
