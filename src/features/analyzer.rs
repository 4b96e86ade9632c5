//! The string analyzer: a text's feature strings (word n-grams, quote markers, character
//! n-grams, punctuation, claim/headline pair features), scikit-learn's `build_analyzer`.
//!
//! The vectorizer's fast path keys word n-grams by token ids instead (`ngram_index`); this
//! is the general path, the one every configuration can take, and the reference the id
//! paths are tested against. An [`Analyzer`] also carries the per-thread scratch buffers
//! of the id path, so one is built per thread and reused.

use std::cell::RefCell;

use super::config::FeatureConfig;
use crate::text::quotes::QuoteSpans;
use crate::text::Tokenizer;

/// Turns a text into the feature strings the configuration asks for. Holds a tokenizer
/// (and its stemmer), so build one per thread and reuse it.
#[derive(Debug)]
pub struct Analyzer {
    pub(crate) tokenizer: Tokenizer,
    pub(super) scratch: RefCell<Scratch>,
    plain: Option<Tokenizer>,
    word_ngrams: [usize; 2],
    char_ngrams: Option<[usize; 2]>,
    quote_markers: bool,
    punctuation: bool,
    pair_features: bool,
    pair_mask: bool,
}

/// Buffers reused from one text to the next (by the vectorizer's id path).
#[derive(Debug, Default)]
pub(super) struct Scratch {
    pub buf: String,
    pub ids: Vec<u32>,
    pub quoted: Vec<bool>,
    pub cols: Vec<u32>,
    /// The tokens' text, back to back, and `(from, to, start, end)` per token.
    pub arena: String,
    pub spans: Vec<(usize, usize, usize, usize)>,
    pub quotes: QuoteSpans,
    /// Per-column sums for [`TfidfVectorizer::mean_row`](super::TfidfVectorizer::mean_row),
    /// zero between calls, and the columns touched.
    pub dense: Vec<f64>,
    pub seen: Vec<bool>,
    pub touched: Vec<u32>,
}

impl Analyzer {
    pub fn new(config: &FeatureConfig) -> Self {
        Analyzer {
            tokenizer: Tokenizer::new(config.stem),
            scratch: RefCell::default(),
            plain: (config.stem && config.char_ngrams.is_some()).then(|| Tokenizer::new(false)),
            word_ngrams: config.word_ngrams,
            char_ngrams: config.char_ngrams,
            quote_markers: config.quote_markers,
            punctuation: config.punctuation,
            pair_features: config.pair_features,
            pair_mask: config.pair_mask,
        }
    }

    /// Word n-grams joined by a space, `"token"` for quoted tokens, and `§`-prefixed
    /// character n-grams of each padded word, so the three kinds never collide.
    pub fn features(&self, text: &str) -> Vec<String> {
        let (context, text) = match text.split_once(crate::data::TEXT_SEPARATOR) {
            Some((first, second)) if self.pair_features => (Some(first), second),
            _ => (None, text),
        };
        let tokens = self.tokenizer.tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let claim = context.map(|first| claim_words(&self.tokenizer, first));
        let masked = match &claim {
            Some(claim) if self.pair_mask => Some(mask_claim_words(&words, claim)),
            _ => None,
        };
        let grams_of: &[&str] = masked.as_deref().unwrap_or(&words);
        let mut out = Vec::with_capacity(words.len() * 3);
        let [lo, hi] = self.word_ngrams;
        for n in lo..=hi {
            if n > grams_of.len() {
                break;
            }
            out.extend(grams_of.windows(n).map(|w| w.join(" ")));
        }
        if self.quote_markers {
            out.extend(
                tokens
                    .iter()
                    .filter(|t| t.quoted)
                    .map(|t| format!("\"{}\"", t.text)),
            );
        }
        if let Some([clo, chi]) = self.char_ngrams {
            let plain_tokens;
            let source: Vec<&str> = match &self.plain {
                Some(p) => {
                    plain_tokens = p.tokenize(text);
                    plain_tokens.iter().map(|t| t.text.as_str()).collect()
                }
                None => words.clone(),
            };
            for w in source {
                let padded: Vec<char> = format!(" {w} ").chars().collect();
                for n in clo..=chi.min(padded.len()) {
                    out.extend(
                        padded
                            .windows(n)
                            .map(|g| format!("§{}", g.iter().collect::<String>())),
                    );
                }
            }
        }
        if self.punctuation {
            for c in text.chars().filter(|c| matches!(c, '?' | '!')) {
                out.push(format!("⟨{c}⟩"));
            }
        }
        if let Some(claim) = &claim {
            out.push(format!("⇄overlap{}", overlap_fifths(claim, &words)));
        }
        out
    }
}

/// The slot token that stands for a run of the first column's words under `pair_mask`.
const CLAIM_SLOT: &str = "⟨claim⟩";

/// The first column's distinct words longer than two letters, sorted: the words the
/// overlap feature counts and `pair_mask` masks.
fn claim_words(tokenizer: &Tokenizer, first: &str) -> Vec<String> {
    let mut words: Vec<String> = tokenizer
        .tokenize(first)
        .into_iter()
        .map(|t| t.text)
        .filter(|w| w.chars().count() > 2)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// `words` with each run of claim words replaced by one [`CLAIM_SLOT`].
fn mask_claim_words<'a>(words: &[&'a str], claim: &[String]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    for &w in words {
        if claim.binary_search_by(|c| c.as_str().cmp(w)).is_ok() {
            if out.last() != Some(&CLAIM_SLOT) {
                out.push(CLAIM_SLOT);
            }
        } else {
            out.push(w);
        }
    }
    out
}

/// The share of the claim's words (see [`claim_words`]) found among `second`, in fifths
/// (0 to 5).
fn overlap_fifths(claim: &[String], second: &[&str]) -> usize {
    if claim.is_empty() {
        return 0;
    }
    let second: std::collections::HashSet<&str> = second.iter().copied().collect();
    let shared = claim.iter().filter(|w| second.contains(w.as_str())).count();
    (5 * shared) / claim.len()
}
