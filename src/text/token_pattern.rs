//! scikit-learn's `token_pattern`: word tokens as the matches of a regular expression.
//!
//! stancer's own tokenizer keeps one-letter words, keeps `don't` whole and drops the
//! possessive `'s`; scikit-learn's default pattern [`SKLEARN_TOKEN_PATTERN`] keeps words of
//! two or more word characters and nothing else. A researcher reproducing a scikit-learn
//! pipeline needs its words exactly (on SemEval-2016 the difference alone moves LinearSVC
//! by 0.8 F_avg points, `eval/benchmarks/parity.md`), so a configuration can name the
//! pattern. As in scikit-learn, the text is lowercased first (with `lowercase`), the
//! pattern's matches are the tokens, and a pattern with one capturing group gives that
//! group's text instead of the whole match. Nothing else of stancer's word normalization
//! applies (no NFKC, no apostrophe or look-alike folding); stemming still does.
//!
//! The pattern is compiled by the `regex` crate, whose syntax is Python's for everything
//! a token pattern usually holds; it has no look-around or back-references (such a pattern
//! is rejected when the configuration is read). Its `\w` is Unicode's word class, which
//! differs from Python's on combining marks (word characters here, not in Python) and on
//! numerals such as `²` and `½` (word characters in Python, not here); the SemEval-2016
//! training split has none of either.

use std::fmt;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::quotes::QuoteSpans;
use super::tokenize::may_hold_quotes;

/// scikit-learn's default `token_pattern` (`TfidfVectorizer`, `CountVectorizer`): runs of
/// two or more word characters, so one-letter words are dropped.
pub const SKLEARN_TOKEN_PATTERN: &str = r"(?u)\b\w\w+\b";

/// A compiled token pattern. Serialized as its source text, and compiled again (and so
/// checked again) when a configuration or a model file is read.
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TokenPattern {
    regex: Regex,
    /// Whether the token is capture group 1 rather than the whole match.
    group: bool,
}

impl TokenPattern {
    /// Compiles `source`. The error says what is wrong, naming the key, since it reaches
    /// the user through a configuration file's parse error.
    pub fn new(source: &str) -> Result<Self, String> {
        let regex = Regex::new(source).map_err(|e| {
            format!("token_pattern `{source}` is not a valid regular expression: {e}")
        })?;
        let groups = regex.captures_len() - 1;
        if groups > 1 {
            return Err(format!(
                "token_pattern `{source}` has {groups} capturing groups; at most one is \
                 allowed (its text is the token), as in scikit-learn"
            ));
        }
        Ok(TokenPattern {
            regex,
            group: groups == 1,
        })
    }

    /// scikit-learn's default pattern.
    pub fn sklearn_default() -> Self {
        // The constant is a valid pattern (tested below).
        Self::new(SKLEARN_TOKEN_PATTERN).unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }

    /// Calls `f(token, start, end)` for each token of `text`, in order: the match, or its
    /// group where the pattern has one (empty when the group did not take part, as
    /// Python's `findall` gives it), with the match's byte span.
    pub fn for_each(&self, text: &str, mut f: impl FnMut(&str, usize, usize)) {
        if self.group {
            for caps in self.regex.captures_iter(text) {
                let whole = caps.get(0).map_or(0..0, |m| m.range());
                f(
                    caps.get(1).map_or("", |m| m.as_str()),
                    whole.start,
                    whole.end,
                );
            }
        } else {
            for m in self.regex.find_iter(text) {
                f(m.as_str(), m.start(), m.end());
            }
        }
    }
}

/// The tokenizer's scan with a pattern: `text` lowercased into `lowered` (with
/// `lowercase`; scikit-learn's preprocessor lowercases before the pattern runs), then
/// `f(token, start, end, quoted)` for each match, with the quoted spans of the lowercased
/// text left in `quotes`.
pub(super) fn scan(
    pattern: &TokenPattern,
    text: &str,
    lowercase: bool,
    carry_quotes: bool,
    lowered: &mut String,
    quotes: &mut QuoteSpans,
    mut f: impl FnMut(&str, usize, usize, bool),
) {
    let text = if lowercase && text.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        *lowered = text.to_lowercase();
        lowered.as_str()
    } else {
        text
    };
    quotes.clear();
    if may_hold_quotes(text) {
        quotes.fill_with(text, carry_quotes);
    }
    let quotes = &*quotes;
    pattern.for_each(text, |w, start, end| {
        f(
            w,
            start,
            end,
            !quotes.is_empty() && quotes.is_inside(start, end),
        )
    });
}

impl TryFrom<String> for TokenPattern {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        TokenPattern::new(&s)
    }
}

impl From<TokenPattern> for String {
    fn from(p: TokenPattern) -> String {
        p.as_str().to_string()
    }
}

impl PartialEq for TokenPattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for TokenPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenPattern({:?})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(p: &TokenPattern, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        p.for_each(text, |t, _, _| out.push(t.to_string()));
        out
    }

    /// `re.findall(r"(?u)\b\w\w+\b", ...)` in Python 3.
    #[test]
    fn the_default_drops_one_letter_words_and_splits_at_apostrophes() {
        let p = TokenPattern::sklearn_default();
        assert_eq!(
            tokens(&p, "i don't think a de-facto state_2 is Russia's 3 x 42"),
            ["don", "think", "de", "facto", "state_2", "is", "Russia", "42"]
        );
    }

    #[test]
    fn one_group_gives_the_group_and_two_are_refused() {
        let p = TokenPattern::new(r"#(\w+)").unwrap();
        assert_eq!(
            tokens(&p, "#Ossetia and #Abkhazia"),
            ["Ossetia", "Abkhazia"]
        );
        let err = TokenPattern::new(r"(\w)(\w)").unwrap_err();
        assert!(err.contains("2 capturing groups"), "{err}");
        let err = TokenPattern::new(r"(?<=a)b").unwrap_err();
        assert!(
            err.contains("token_pattern") && err.contains("(?<=a)b"),
            "{err}"
        );
    }
}
