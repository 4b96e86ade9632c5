//! The fitted feature vocabulary: feature strings in column order.
//!
//! Columns are sorted alphabetically, as scikit-learn does, so that a model file diffs
//! cleanly and two fits on the same data give the same bytes whatever the hash seed.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fxhash::FxHashMap;

/// Feature strings and their column indices.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: Vec<String>,
    /// String → column, built on the first [`get`](Self::get): word n-grams are looked up
    /// by token ids (`ngram_index`), so training and scoring without character n-grams never
    /// pay for this second copy of every term.
    index: OnceLock<FxHashMap<String, usize>>,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        self.terms == other.terms
    }
}

impl Vocabulary {
    /// Builds a vocabulary; terms are sorted and deduplicated.
    pub fn new(mut terms: Vec<String>) -> Self {
        terms.sort_unstable();
        terms.dedup();
        Vocabulary {
            terms,
            index: OnceLock::new(),
        }
    }

    pub fn get(&self, term: &str) -> Option<usize> {
        self.index
            .get_or_init(|| {
                self.terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.clone(), i))
                    .collect()
            })
            .get(term)
            .copied()
    }

    pub fn term(&self, column: usize) -> Option<&str> {
        self.terms.get(column).map(String::as_str)
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl Serialize for Vocabulary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.terms.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Vocabulary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let terms = Vec::<String>::deserialize(d)?;
        // A saved vocabulary is already sorted: checking is linear, sorting again is not.
        if !terms.windows(2).all(|w| w[0] < w[1]) {
            return Err(serde::de::Error::custom(
                "vocabulary holds duplicate or unsorted terms",
            ));
        }
        let vocab = Vocabulary {
            terms,
            index: OnceLock::new(),
        };
        Ok(vocab)
    }
}
