//! Word tokens for the feature stage.
//!
//! Tokens are Unicode alphanumeric runs, lowercased, with internal hyphens and apostrophes
//! kept ("de-facto", "self-proclaimed", "don't") because they are markers in their own
//! right; the possessive "'s" is dropped so "Russia’s" and "Russia" share a feature. Each
//! token remembers its byte span and whether it stood inside quotation marks, since scare
//! quotes flip the frame of the word they wrap.
//!
//! A token's form is normalized so that what looks like a lexicon term matches it: NFKC
//! (fullwidth letters, ligatures), zero-width characters and soft hyphens dropped (they
//! join, not split, a word: `occu\u{ad}pied` is one token), and in a word that mixes Latin
//! letters with Cyrillic or Greek look-alikes the look-alikes folded to Latin (`оccupied`
//! with a Cyrillic `о` is `occupied`; an all-Cyrillic word is left alone). Offsets stay
//! those of the original text. ASCII words take none of this path.

use rust_stemmers::{Algorithm, Stemmer};

mod normalize;
pub(crate) use normalize::is_ignorable;
use normalize::normalize_into;

use super::quotes::QuoteSpans;
use super::token_pattern::{self, TokenPattern};

/// A token: its normalized form, where it stood, and whether it was inside quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

/// Lowercasing, optionally stemming tokenizer. Cheap to build; build one per thread.
pub struct Tokenizer {
    stemmer: Option<Stemmer>,
    lowercase: bool,
    /// Quotes carried over sentence ends ([`QuoteSpans::fill_with`]).
    carry_quotes: bool,
    /// scikit-learn's `token_pattern`: when set, tokens are its matches instead.
    pattern: Option<TokenPattern>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("stem", &self.stemmer.is_some())
            .field("lowercase", &self.lowercase)
            .field("pattern", &self.pattern)
            .finish()
    }
}

impl Tokenizer {
    /// `stem` turns on Snowball English stemming (`rust-stemmers`).
    pub fn new(stem: bool) -> Self {
        Self {
            stemmer: stem.then(|| Stemmer::create(Algorithm::English)),
            lowercase: true,
            carry_quotes: true,
            pattern: None,
        }
    }

    /// With `false`, a quote is only what a sentence opens and closes itself (models
    /// trained before `cross_sentence_quotes`); by default a quotation cut at a sentence
    /// end still counts as one ([`crate::text::quotes`]).
    pub fn carry_quotes(mut self, carry: bool) -> Self {
        self.carry_quotes = carry;
        self
    }

    /// With `false`, tokens keep their case (scikit-learn's `lowercase=False`); the
    /// apostrophe and hyphen forms are still unified.
    pub fn lowercase(mut self, lowercase: bool) -> Self {
        self.lowercase = lowercase;
        self
    }

    /// With a pattern, tokens are its matches in the (lowercased) text, as scikit-learn's
    /// `token_pattern` cuts them (see [`token_pattern`]); their offsets are then those of
    /// the lowercased text, which is the text itself for ASCII.
    pub fn token_pattern(mut self, pattern: Option<TokenPattern>) -> Self {
        self.pattern = pattern;
        self
    }

    /// The tokens of one sentence (or any text).
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut buf = String::new();
        self.scan(text, &mut buf, |word, start, end, quoted| {
            tokens.push(Token {
                text: word.to_string(),
                start,
                end,
                quoted,
            })
        });
        tokens
    }

    /// Calls `f(normalized, start, end, quoted)` for every token of `text`, in order,
    /// without allocating per token: ASCII words that are already lowercase are handed out
    /// as slices of `text`, others are normalized into `buf` (reused across calls). The
    /// tokens are exactly those of [`tokenize`](Self::tokenize).
    pub fn scan(&self, text: &str, buf: &mut String, f: impl FnMut(&str, usize, usize, bool)) {
        let mut quotes = QuoteSpans::default();
        self.scan_with_quotes(text, buf, &mut quotes, f);
    }

    /// [`scan`](Self::scan), also leaving the quoted spans of `text` in `quotes` (as
    /// [`QuoteSpans`]), for a caller that needs them too.
    pub fn scan_with_quotes(
        &self,
        text: &str,
        buf: &mut String,
        quotes: &mut QuoteSpans,
        mut f: impl FnMut(&str, usize, usize, bool),
    ) {
        if let Some(pattern) = &self.pattern {
            let stemmer = self.stemmer.as_ref();
            token_pattern::scan(
                pattern,
                text,
                self.lowercase,
                self.carry_quotes,
                buf,
                quotes,
                |w, s, e, q| match stemmer {
                    Some(stemmer) => f(&stemmer.stem(w), s, e, q),
                    None => f(w, s, e, q),
                },
            );
            return;
        }
        quotes.clear();
        if may_hold_quotes(text) {
            quotes.fill_with(text, self.carry_quotes);
        }
        let quotes = &*quotes;
        let bytes = text.as_bytes();
        let len = text.len();
        let mut i = 0;
        while i < len {
            // Between words: ASCII bytes that start none are skipped without decoding.
            if CLASS[bytes[i] as usize] == SEPARATOR {
                i += 1;
                continue;
            }
            let (c, cl) = char_at(text, i);
            if !is_alnum(c) {
                i += cl;
                continue;
            }
            let start = i;
            let mut j = i + cl;
            let mut ascii = c.is_ascii();
            let mut upper = c.is_ascii_uppercase();
            while j < len {
                // A run of ASCII letters and digits, noting capitals on the way (one table
                // read per byte: the range tests were most of tokenizing).
                let mut classes = 0;
                let run = bytes[j..]
                    .iter()
                    .take_while(|&&b| {
                        let k = CLASS[b as usize];
                        classes |= k;
                        k & ALNUM != 0
                    })
                    .count();
                if run > 0 {
                    upper |= classes & UPPER != 0;
                    j += run;
                    continue;
                }
                // An ASCII byte that is no letter or digit ends the word unless it is a
                // hyphen or an apostrophe (nearly every word ends at a space or a comma):
                // nothing to decode.
                if bytes[j] < 0x80 && !matches!(bytes[j], b'-' | b'\'') {
                    break;
                }
                let (c, cl) = char_at(text, j);
                if is_alnum(c) {
                    ascii &= c.is_ascii();
                    j += cl;
                    continue;
                }
                let joins = matches!(c, '-' | '‐' | '\'' | '’') || is_ignorable(c);
                if !(joins && j + cl < len && is_alnum(char_at(text, j + cl).0)) {
                    break;
                }
                if matches!(c, '\'' | '’') && possessive_at(text, j + cl) {
                    break;
                }
                ascii &= c.is_ascii();
                j += cl;
            }
            let end = j;
            let raw = &text[start..end];
            let quoted = !quotes.is_empty() && quotes.is_inside(start, end);
            let word: &str = if ascii && (!self.lowercase || !upper) {
                raw
            } else if ascii {
                buf.clear();
                buf.push_str(raw);
                buf.make_ascii_lowercase();
                buf
            } else {
                buf.clear();
                normalize_into(raw, buf, self.lowercase);
                buf
            };
            match &self.stemmer {
                Some(stemmer) => f(&stemmer.stem(word), start, end, quoted),
                None => f(word, start, end, quoted),
            }
            // Skip a possessive "'s" so it does not become a token of its own. (An ASCII
            // byte other than the apostrophe starts none: not decoded.)
            if j < len && (bytes[j] == b'\'' || bytes[j] >= 0x80) {
                let (c, cl) = char_at(text, j);
                if matches!(c, '\'' | '’') && possessive_at(text, j + cl) {
                    j += cl + 1;
                }
            }
            i = j;
        }
    }
}

/// Whether `text` holds any byte that can start a quotation mark (`"`, `'`, or a
/// multi-byte character such as `“` or `«`); if not, nothing in it is quoted. (Two scans
/// that run on whole vectors of bytes, not one that tests three things per byte.)
pub(super) fn may_hold_quotes(text: &str) -> bool {
    !text.is_ascii() || memchr::memchr2(b'"', b'\'', text.as_bytes()).is_some()
}

/// [`CLASS`] of an ASCII byte that starts no word (space, punctuation).
const SEPARATOR: u8 = 0;
/// [`CLASS`] bits: an ASCII letter or digit; an ASCII capital; a byte of a multi-byte
/// character (decoded to be classed).
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const MULTIBYTE: u8 = 4;

/// Each byte's class, for the tokenizer's byte loops.
static CLASS: [u8; 256] = {
    let mut t = [MULTIBYTE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The character starting at byte `i` (a char boundary) and its length in bytes.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

/// `s` or `S` at byte `i` (just after an apostrophe), not followed by a letter or digit:
/// the apostrophe closes the word as a possessive.
fn possessive_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    i < b.len()
        && (b[i] == b's' || b[i] == b'S')
        && (i + 1 >= b.len() || !is_alnum(char_at(text, i + 1).0))
}

#[cfg(test)]
mod tests;
