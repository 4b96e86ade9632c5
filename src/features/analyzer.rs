//! The string analyzer: a text's feature strings (word n-grams, quote markers, character
//! n-grams, punctuation, claim/headline pair features), scikit-learn's `build_analyzer`.
//!
//! The vectorizer's fast path keys word n-grams by token ids instead (`ngram_index`); this
//! is the general path, the one every configuration can take, and the reference the id
//! paths are tested against. An [`Analyzer`] also carries the per-thread scratch buffers
//! of the id path, so one is built per thread and reused.

use std::cell::RefCell;
use std::collections::HashSet;

use super::blocks::{BlockAnalyzer, CharAnalyzer, CHAR_PREFIX, CHAR_WB_PREFIX};
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
    /// Word n-gram range; `None` in a union without a word block (then no quote markers,
    /// punctuation or overlap feature either: they belong to the word block).
    word_ngrams: Option<[usize; 2]>,
    /// Character n-grams within words, and across word boundaries.
    char_wb: Option<[usize; 2]>,
    char: Option<[usize; 2]>,
    lowercase: bool,
    /// Tokens dropped before word n-grams (stemmed alike when words are).
    stop_words: HashSet<String>,
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
    /// Each token's unigram column ([`super::ngram_index::UNKNOWN`] for none).
    pub unigrams: Vec<u32>,
    pub quoted: Vec<bool>,
    pub cols: Vec<u32>,
    /// The packed keys of a text's n-grams of known words.
    pub keys: Vec<u64>,
    /// The text's columns, read back in column order ([`super::tfidf`]'s row weighing).
    pub bag: super::tfidf::ColumnBag,
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
        let (word_ngrams, char_wb, char) = if config.is_union() {
            (
                config.block_range(BlockAnalyzer::Word),
                config.block_range(BlockAnalyzer::CharWb),
                config.block_range(BlockAnalyzer::Char),
            )
        } else {
            match config.char_analyzer {
                CharAnalyzer::CharWb => (Some(config.word_ngrams), config.char_ngrams, None),
                CharAnalyzer::Char => (Some(config.word_ngrams), None, config.char_ngrams),
            }
        };
        let tokenizer = Tokenizer::new(config.stem)
            .lowercase(config.lowercase)
            .carry_quotes(config.cross_sentence_quotes)
            .token_pattern(config.token_pattern.clone());
        let stop_words = config
            .stop_words
            .as_ref()
            .map_or(&[][..], |s| s.words())
            .iter()
            .map(|w| match config.stem {
                // The stop words go through the stemmer as the tokens do.
                true => tokenizer
                    .tokenize(w)
                    .first()
                    .map_or_else(|| w.clone(), |t| t.text.clone()),
                false => w.clone(),
            })
            .collect();
        Analyzer {
            scratch: RefCell::default(),
            // `char_wb` cuts stancer's own unstemmed tokens: a token pattern is for words
            // only, as scikit-learn's is.
            plain: ((config.stem || config.token_pattern.is_some()) && char_wb.is_some()).then(
                || {
                    Tokenizer::new(false)
                        .lowercase(config.lowercase)
                        .carry_quotes(config.cross_sentence_quotes)
                },
            ),
            tokenizer,
            word_ngrams,
            char_wb,
            char,
            lowercase: config.lowercase,
            stop_words,
            quote_markers: config.quote_markers,
            punctuation: config.punctuation,
            pair_features: config.pair_features,
            pair_mask: config.pair_mask,
        }
    }

    /// Word n-grams joined by a space, `"token"` for quoted tokens, `§`-prefixed
    /// character n-grams of each padded word and `¤`-prefixed character n-grams of the
    /// whole text, so the kinds never collide.
    pub fn features(&self, text: &str) -> Vec<String> {
        let (context, text) = match text.split_once(crate::data::TEXT_SEPARATOR) {
            Some((first, second)) if self.pair_features => (Some(first), second),
            _ => (None, text),
        };
        let tokens = self.tokenizer.tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let mut out = Vec::with_capacity(words.len() * 3);
        if let Some([lo, hi]) = self.word_ngrams {
            let kept: Vec<&str>;
            let words_of: &[&str] = if self.stop_words.is_empty() {
                &words
            } else {
                kept = words
                    .iter()
                    .copied()
                    .filter(|w| !self.stop_words.contains(*w))
                    .collect();
                &kept
            };
            let claim = context.map(|first| claim_words(&self.tokenizer, first));
            let masked = match &claim {
                Some(claim) if self.pair_mask => Some(mask_claim_words(words_of, claim)),
                _ => None,
            };
            let grams_of: &[&str] = masked.as_deref().unwrap_or(words_of);
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
                        .filter(|t| t.quoted && !self.stop_words.contains(&t.text))
                        .map(|t| format!("\"{}\"", t.text)),
                );
            }
            if self.punctuation {
                for c in text.chars().filter(|c| matches!(c, '?' | '!')) {
                    out.push(format!("⟨{c}⟩"));
                }
            }
            if let Some(claim) = &claim {
                out.push(format!("⇄overlap{}", overlap_fifths(claim, &words)));
            }
        }
        if let Some([clo, chi]) = self.char_wb {
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
                    out.extend(padded.windows(n).map(|g| {
                        let mut s = String::with_capacity(4 * n + 2);
                        s.push(CHAR_WB_PREFIX);
                        s.extend(g);
                        s
                    }));
                }
            }
        }
        if let Some(range) = self.char {
            char_ngrams(text, range, self.lowercase, &mut out);
        }
        out
    }
}

/// scikit-learn's `char` analyzer: the text lowercased (with `lowercase`), each run of two
/// or more whitespace characters made one space, then every n-gram of characters, each
/// prefixed with [`CHAR_PREFIX`].
fn char_ngrams(text: &str, [lo, hi]: [usize; 2], lowercase: bool, out: &mut Vec<String>) {
    let lowered;
    let text = if lowercase {
        lowered = text.to_lowercase();
        lowered.as_str()
    } else {
        text
    };
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if is_py_space(c) {
            run += 1;
            if run == 2 {
                // A run of two or more whitespace characters becomes one space.
                chars.pop();
                chars.push(' ');
            }
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        chars.push(c);
    }
    for n in lo..=hi.min(chars.len()) {
        out.extend(chars.windows(n).map(|g| {
            let mut s = String::with_capacity(4 * n + 2);
            s.push(CHAR_PREFIX);
            s.extend(g);
            s
        }));
    }
}

/// Python's `\s` in a Unicode pattern (what scikit-learn's whitespace rule matches):
/// Rust's whitespace and the four separator controls U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
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
