//! What a model remembers of its training sentences: enough to tell, later, whether a
//! labeled file handed to `eval --model` overlaps the data the model learned from.
//!
//! Storing the sentences would make a model file carry its training data; storing a hash
//! of every sentence would grow a 1M-sentence model by a third. So a model keeps the
//! [`SKETCH_SIZE`] smallest hashes of its distinct normalized sentences (a bottom-k
//! sketch): for any corpus up to that size (every hand-labeled one) that is all of them,
//! and the overlap is exact; beyond it, the hashes below the largest kept one are all
//! of the training hashes in that range, so the test rows whose hash falls there are a
//! uniform sample whose overlap is known exactly, and estimates the rest.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The most hashes a model keeps (about 1.3 MB of a model file when full).
pub const SKETCH_SIZE: usize = 1 << 16;

/// The smallest hashes of a corpus's distinct normalized sentences, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSketch {
    /// Distinct normalized sentences in the training data.
    pub distinct: usize,
    /// The smallest `min(distinct, SKETCH_SIZE)` of their hashes, ascending.
    pub hashes: Vec<u64>,
}

impl TextSketch {
    /// The sketch of `texts`.
    pub fn of(texts: &[&str]) -> Self {
        let mut keys: Vec<u64> = texts
            .par_iter()
            .map_init(String::new, |buf, t| text_key(t, buf))
            .collect();
        keys.par_sort_unstable();
        keys.dedup();
        let distinct = keys.len();
        keys.truncate(SKETCH_SIZE);
        keys.shrink_to_fit();
        TextSketch {
            distinct,
            hashes: keys,
        }
    }

    /// Whether every distinct training sentence's hash is kept.
    pub fn is_complete(&self) -> bool {
        self.hashes.len() == self.distinct
    }

    /// Whether membership of `key` is known exactly: every training hash up to the
    /// largest kept one is kept.
    pub fn covers(&self, key: u64) -> bool {
        self.is_complete() || self.hashes.last().is_some_and(|&max| key <= max)
    }

    /// Whether a training sentence has this hash (exact where [`covers`](Self::covers)).
    pub fn contains(&self, key: u64) -> bool {
        self.hashes.binary_search(&key).is_ok()
    }
}

/// The hash of a sentence's normalized text: its letters and digits, lowercased, in words
/// joined by one space (what the leakage check calls an exact duplicate). The first eight
/// bytes of its SHA-256, so the value stored in a model file never changes with a
/// platform or a crate version. `buf` is scratch space, reused between calls.
pub fn text_key(text: &str, buf: &mut String) -> u64 {
    buf.clear();
    if text.is_ascii() {
        ascii_words(text.as_bytes(), buf);
    } else {
        unicode_words(text, buf);
    }
    let digest = Sha256::digest(buf.as_bytes());
    u64::from_le_bytes(digest[..8].try_into().expect("a SHA-256 has 32 bytes"))
}

/// [`unicode_words`] for ASCII text, byte by byte: for ASCII, `char::is_alphanumeric` is
/// `[A-Za-z0-9]` and lowercasing is ASCII lowercasing, so the bytes are the same; the
/// `char` iterators cost 80% of a 1M-sentence training run's hashing.
fn ascii_words(text: &[u8], buf: &mut String) {
    let mut out = std::mem::take(buf).into_bytes();
    for word in text
        .split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    out.make_ascii_lowercase();
    *buf = String::from_utf8(out).expect("ASCII bytes are UTF-8");
}

/// The normalized text: letters and digits, lowercased, in words joined by one space.
fn unicode_words(text: &str, buf: &mut String) {
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !buf.is_empty() {
            buf.push(' ');
        }
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_punctuation_only() {
        let mut b = String::new();
        assert_eq!(
            text_key("Tbilisi, the capital.", &mut b),
            text_key("tbilisi the CAPITAL", &mut b)
        );
        assert_ne!(
            text_key("Tbilisi the capital", &mut b),
            text_key("Tbilisi a capital", &mut b)
        );
    }

    #[test]
    fn the_ascii_path_normalizes_as_the_unicode_one() {
        for t in [
            "Tbilisi, the capital.",
            "  --Sukhumi's 2008 war;; ended ",
            "",
            "...",
            "a",
            "A1b2 C3",
            "x\ty\nz",
        ] {
            let (mut a, mut u) = (String::new(), String::new());
            ascii_words(t.as_bytes(), &mut a);
            unicode_words(t, &mut u);
            assert_eq!(a, u, "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_ascii_text_normalizes_as_through_chars(t in "[ -~\t\n]{0,80}") {
            let (mut a, mut u) = (String::new(), String::new());
            ascii_words(t.as_bytes(), &mut a);
            unicode_words(&t, &mut u);
            proptest::prop_assert_eq!(a, u);
        }
    }

    #[test]
    fn a_small_corpus_is_kept_whole() {
        let s = TextSketch::of(&["a b", "A, b.", "c"]);
        assert_eq!(s.distinct, 2);
        assert!(s.is_complete());
        let mut b = String::new();
        assert!(s.contains(text_key("a b", &mut b)));
        assert!(!s.contains(text_key("d", &mut b)));
    }
}
