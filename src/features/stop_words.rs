//! Stop words: words dropped before word n-grams are formed (scikit-learn's `stop_words`
//! given as a list), so "the occupied" and "occupied" become the same bigram-free feature.
//!
//! A configuration names a list file or gives the words inline; a fitted model always
//! stores the words themselves, so scoring never needs the file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::config::FeatureConfig;
use crate::error::{Result, StancerError};
use crate::text::Tokenizer;

/// The stop words of a configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StopWords {
    /// The words, compared with the tokens as they come out of the tokenizer (lowercased
    /// unless `lowercase = false`; stemmed with `stem`, the words then stemmed alike).
    List(Vec<String>),
    /// A UTF-8 file with one word per line (blank lines and `#` comments skipped),
    /// resolved by [`StopWords::resolve`] before fitting.
    File(PathBuf),
}

impl StopWords {
    /// The list, reading a file relative to `base` (a relative path in a config file
    /// means relative to that file's folder).
    pub fn resolve(&self, base: &Path) -> Result<StopWords> {
        match self {
            StopWords::List(_) => Ok(self.clone()),
            StopWords::File(p) => {
                let path = if p.is_absolute() {
                    p.clone()
                } else {
                    base.join(p)
                };
                let text =
                    std::fs::read_to_string(&path).map_err(|e| StancerError::io(&path, e))?;
                Ok(StopWords::List(parse_list(&text)))
            }
        }
    }

    /// The words; empty for a file not yet resolved.
    pub fn words(&self) -> &[String] {
        match self {
            StopWords::List(w) => w,
            StopWords::File(_) => &[],
        }
    }
}

/// One word per line; blank lines and lines starting with `#` are skipped. A UTF-8 byte
/// order mark (Windows editors write one) is not part of the first word: kept, it made
/// that word `\u{feff}the`, which no token is, so `the` stayed in without a word.
fn parse_list(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

impl FeatureConfig {
    /// A warning per stop word that no token can equal, so that it drops nothing:
    /// `The` when tokens are lowercased, `de facto` (two tokens), `don't` under a
    /// `token_pattern` that cuts it. scikit-learn warns of these ("Your stop_words may be
    /// inconsistent with your preprocessing"); stancer kept them in the model without a
    /// word. With `stem`, a stop word is stemmed as the tokens are, so it needs only to be
    /// one token.
    pub fn stop_word_warnings(&self) -> Vec<String> {
        let words = self.stop_words.as_ref().map_or(&[][..], StopWords::words);
        if words.is_empty() {
            return Vec::new();
        }
        let tokenizer = Tokenizer::new(false)
            .lowercase(self.lowercase)
            .token_pattern(self.token_pattern.clone());
        let unmatched: Vec<String> = words
            .iter()
            .filter_map(|w| {
                let tokens: Vec<String> =
                    tokenizer.tokenize(w).into_iter().map(|t| t.text).collect();
                let one = match tokens.as_slice() {
                    [t] => self.stem || t == w,
                    _ => false,
                };
                (!one).then(|| format!("`{w}` (read as {})", shown(&tokens)))
            })
            .collect();
        let Some(first) = unmatched.first() else {
            return Vec::new();
        };
        vec![format!(
            "stop_words: {} of {} stop words are not one token as the tokenizer gives it, \
             so none drops what it names; the first is {first}; expected each as one token \
             as the tokenizer gives it \
             (lowercase = {}{})",
            unmatched.len(),
            words.len(),
            self.lowercase,
            if self.token_pattern.is_some() {
                ", with the config's token_pattern"
            } else {
                ""
            }
        )]
    }
}

/// Tokens as a warning lists them.
fn shown(tokens: &[String]) -> String {
    match tokens {
        [] => "no token".into(),
        _ => tokens
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_file_is_read_relative_to_its_base() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("stop.txt"),
            "# common words\nthe\n\n  of \n",
        )
        .unwrap();
        let resolved = StopWords::File("stop.txt".into())
            .resolve(dir.path())
            .unwrap();
        assert_eq!(resolved.words(), ["the", "of"]);
        let err = StopWords::File("missing.txt".into())
            .resolve(dir.path())
            .unwrap_err();
        assert!(err.to_string().contains("missing.txt"), "{err}");
    }
}
