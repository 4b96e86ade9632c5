//! Stop words: words dropped before word n-grams are formed (scikit-learn's `stop_words`
//! given as a list), so "the occupied" and "occupied" become the same bigram-free feature.
//!
//! A configuration names a list file or gives the words inline; a fitted model always
//! stores the words themselves, so scoring never needs the file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Result, StancerError};

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

/// One word per line; blank lines and lines starting with `#` are skipped.
fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
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
