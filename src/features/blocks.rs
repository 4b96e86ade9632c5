//! Feature blocks: scikit-learn's `FeatureUnion` of vectorizers, each weighted
//! (`transformer_weights`) and normalized on its own, then stacked.
//!
//! One vectorizer over word and character n-grams normalizes them together, so a tweet's
//! hundred character n-grams drown its ten words; the published SemEval pipelines stack a
//! word TF-IDF and a character TF-IDF, each l2-normalized alone. Here the blocks share one
//! vocabulary (each analyzer's features carry their own prefix, so a term names its block)
//! and one model file layout; what differs per block is the filtering at fit time
//! (`min_df`, `max_df`, `max_features`) and the arithmetic of a row (`binary`,
//! `sublinear_tf`, idf, norm, weight). Without blocks the configuration is one block
//! holding every feature, as before.

use serde::{Deserialize, Serialize};

use super::config::FeatureConfig;
use crate::error::{Result, StancerError};

/// Prefix of character n-grams within words (`char_wb`).
pub const CHAR_WB_PREFIX: char = '§';
/// Prefix of character n-grams across word boundaries (`char`).
pub const CHAR_PREFIX: char = '¤';

/// How character n-grams are cut (scikit-learn's `analyzer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharAnalyzer {
    /// Within words: each token, padded with a space on either side (scikit-learn's
    /// `char_wb`, over stancer's tokens rather than whitespace-split words).
    #[default]
    CharWb,
    /// Across word boundaries: n-grams of the whole text, lowercased, runs of whitespace
    /// collapsed to one space (scikit-learn's `char`).
    Char,
}

impl CharAnalyzer {
    pub fn is_default(&self) -> bool {
        *self == CharAnalyzer::CharWb
    }
}

/// What a block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockAnalyzer {
    /// Word n-grams, with the quote markers, punctuation and pair features the
    /// `[features]` table turns on.
    Word,
    /// Character n-grams across word boundaries.
    Char,
    /// Character n-grams within words.
    CharWb,
    /// The frame-lexicon counts (their columns are the lexicon's; a block only weighs and
    /// optionally normalizes them).
    Lexicon,
}

/// One block of a feature union. Settings left out take the `[features]` value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockConfig {
    pub analyzer: BlockAnalyzer,
    /// n-gram range, inclusive (scikit-learn's `ngram_range`); not for `lexicon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngram_range: Option<[usize; 2]>,
    /// The block's factor after its norm (scikit-learn's `transformer_weights`).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_df: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_df: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_features: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sublinear_tf: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smooth_idf: Option<bool>,
    /// L2-normalize the block's part of each row (default: `[features]`'s `l2_norm` for
    /// n-gram blocks; off for `lexicon`, whose counts were never normalized).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l2_norm: Option<bool>,
}

impl BlockConfig {
    /// A block of weight 1 whose other settings are left to `[features]`.
    pub fn new(analyzer: BlockAnalyzer, ngram_range: Option<[usize; 2]>) -> Self {
        BlockConfig {
            analyzer,
            ngram_range,
            weight: 1.0,
            min_df: None,
            max_df: None,
            max_features: None,
            binary: None,
            sublinear_tf: None,
            smooth_idf: None,
            l2_norm: None,
        }
    }
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

/// Which features a term belongs to, read from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermKind {
    Word,
    CharWb,
    Char,
}

impl TermKind {
    pub fn of(term: &str) -> Self {
        match term.chars().next() {
            Some(CHAR_WB_PREFIX) => TermKind::CharWb,
            Some(CHAR_PREFIX) => TermKind::Char,
            _ => TermKind::Word,
        }
    }
}

/// A block's effective settings (its own, else the `[features]` values).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BlockSpec {
    pub analyzer: BlockAnalyzer,
    pub ngram_range: [usize; 2],
    pub weight: f64,
    pub min_df: usize,
    pub max_df: f64,
    pub max_features: Option<usize>,
    pub binary: bool,
    pub sublinear_tf: bool,
    pub smooth_idf: bool,
    pub l2_norm: bool,
}

impl BlockSpec {
    /// The block that holds terms of `kind`.
    fn holds(&self, kind: TermKind) -> bool {
        matches!(
            (self.analyzer, kind),
            (BlockAnalyzer::Word, TermKind::Word)
                | (BlockAnalyzer::CharWb, TermKind::CharWb)
                | (BlockAnalyzer::Char, TermKind::Char)
        )
    }

    /// The value of a feature seen `count` times, before idf.
    #[inline]
    pub fn tf(&self, count: f64) -> f64 {
        if self.binary {
            1.0
        } else if self.sublinear_tf {
            1.0 + count.ln()
        } else {
            count
        }
    }
}

impl FeatureConfig {
    /// Whether the features form a union of blocks (`[[features.blocks]]`).
    pub fn is_union(&self) -> bool {
        !self.blocks.is_empty()
    }

    /// The effective settings of each n-gram block, in configuration order (lexicon
    /// blocks left out); `None` without blocks.
    pub(crate) fn ngram_blocks(&self) -> Option<Vec<BlockSpec>> {
        if !self.is_union() {
            return None;
        }
        Some(
            self.blocks
                .iter()
                .filter(|b| b.analyzer != BlockAnalyzer::Lexicon)
                .map(|b| self.spec(b))
                .collect(),
        )
    }

    /// Whether the union has a lexicon block, which puts the lexicon columns in whatever
    /// `lexicon_features` says.
    pub fn has_lexicon_block(&self) -> bool {
        self.lexicon_block().is_some()
    }

    /// The lexicon block, if the union has one.
    pub(crate) fn lexicon_block(&self) -> Option<BlockSpec> {
        self.blocks
            .iter()
            .find(|b| b.analyzer == BlockAnalyzer::Lexicon)
            .map(|b| self.spec(b))
    }

    /// The n-gram range of the block with this analyzer, if there is one.
    pub(crate) fn block_range(&self, analyzer: BlockAnalyzer) -> Option<[usize; 2]> {
        self.blocks
            .iter()
            .find(|b| b.analyzer == analyzer)
            .and_then(|b| b.ngram_range)
    }

    fn spec(&self, b: &BlockConfig) -> BlockSpec {
        let lexicon = b.analyzer == BlockAnalyzer::Lexicon;
        BlockSpec {
            analyzer: b.analyzer,
            ngram_range: b.ngram_range.unwrap_or([1, 1]),
            weight: b.weight,
            min_df: b.min_df.unwrap_or(self.min_df),
            max_df: b.max_df.unwrap_or(self.max_df),
            max_features: b.max_features.or(self.max_features),
            binary: b.binary.unwrap_or(self.binary),
            sublinear_tf: b.sublinear_tf.unwrap_or(self.sublinear_tf),
            smooth_idf: b.smooth_idf.unwrap_or(self.smooth_idf),
            l2_norm: b.l2_norm.unwrap_or(!lexicon && self.l2_norm),
        }
    }

    /// The single block of a configuration without blocks: every feature together.
    pub(crate) fn joint_spec(&self) -> BlockSpec {
        BlockSpec {
            analyzer: BlockAnalyzer::Word,
            ngram_range: self.word_ngrams,
            weight: 1.0,
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            binary: self.binary,
            sublinear_tf: self.sublinear_tf,
            smooth_idf: self.smooth_idf,
            l2_norm: self.l2_norm,
        }
    }

    /// The index among `blocks` of the block that holds `term` (always 0 without blocks).
    pub(crate) fn block_of(blocks: &[BlockSpec], term: &str) -> Option<usize> {
        if blocks.len() == 1 && blocks[0].analyzer == BlockAnalyzer::Word {
            // The joint block, or a union of one word block: a char term cannot occur
            // in the latter, so everything is block 0.
            return Some(0);
        }
        let kind = TermKind::of(term);
        blocks.iter().position(|b| b.holds(kind))
    }

    /// Checks the blocks: one of each analyzer at most, ranges where they belong, weights
    /// that are numbers, and no flat setting that the blocks replace.
    pub(crate) fn validate_blocks(&self) -> Result<()> {
        if !self.is_union() {
            return Ok(());
        }
        let bad = |m: String| Err(StancerError::Config(m));
        if self.char_ngrams.is_some() {
            return bad(
                "char_ngrams and blocks do not mix: give the character n-grams as a block \
                 (analyzer = \"char\" or \"char_wb\")"
                    .into(),
            );
        }
        for (i, b) in self.blocks.iter().enumerate() {
            let name = format!("blocks[{i}] ({:?})", b.analyzer).to_lowercase();
            if self.blocks[..i].iter().any(|o| o.analyzer == b.analyzer) {
                return bad(format!("{name}: one block per analyzer"));
            }
            match (b.analyzer, b.ngram_range) {
                (BlockAnalyzer::Lexicon, Some(_)) => {
                    return bad(format!("{name}: a lexicon block has no ngram_range"))
                }
                (BlockAnalyzer::Lexicon, None) => {}
                (_, None) => return bad(format!("{name}: needs ngram_range = [min, max]")),
                (analyzer, Some([lo, hi])) => {
                    // The bounds of the flat settings, for the same reason (memory per
                    // sentence linear in its length, checked again at model load).
                    let max = match analyzer {
                        BlockAnalyzer::Word => super::config::MAX_WORD_NGRAM,
                        _ => super::config::MAX_CHAR_NGRAM,
                    };
                    if lo == 0 || lo > hi || hi > max {
                        let got = format!("[{lo}, {hi}]");
                        return bad(format!(
                            "{name}: ngram_range must be [min, max] with 1 <= min <= max <= \
                             {max}, got {got}"
                        ));
                    }
                }
            }
            if !(b.weight.is_finite() && b.weight >= 0.0) {
                return bad(format!(
                    "{name}: weight must be a number >= 0, got {}",
                    b.weight
                ));
            }
            if b.min_df == Some(0) || b.max_features == Some(0) {
                return bad(format!(
                    "{name}: min_df and max_features must be at least 1"
                ));
            }
            if let Some(m) = b.max_df {
                if !(m > 0.0 && m <= 1.0) {
                    return bad(format!("{name}: max_df must be in (0, 1], got {m}"));
                }
            }
        }
        Ok(())
    }
}
