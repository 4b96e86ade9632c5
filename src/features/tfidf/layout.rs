//! The arithmetic of a row, block by block: term frequencies (`binary`, `sublinear_tf`)
//! times idf, then each block's own l2 norm and weight, as a `FeatureUnion` of
//! `TfidfVectorizer`s stacks them. Without blocks there is one block, every column in it,
//! and the arithmetic is exactly the single vectorizer's (the same operations in the same
//! order, so models fitted before blocks existed score the same bits).

use super::{SparseRow, TfidfVectorizer};
use crate::features::blocks::BlockSpec;
use crate::features::config::FeatureConfig;

/// Which block each column is in, and each block's settings (derived from the
/// configuration and the vocabulary, never stored).
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    pub blocks: Vec<BlockSpec>,
    /// Block index by column; empty when there is one block.
    pub column_block: Vec<u8>,
    /// The lexicon block of a union, which weighs (and may normalize) the lexicon columns.
    pub lexicon: Option<BlockSpec>,
}

impl Layout {
    pub fn of(config: &FeatureConfig, terms: &[String]) -> Self {
        match config.ngram_blocks() {
            None => Layout {
                blocks: vec![config.joint_spec()],
                column_block: Vec::new(),
                lexicon: None,
            },
            Some(blocks) => {
                let column_block = terms
                    .iter()
                    .map(|t| FeatureConfig::block_of(&blocks, t).unwrap_or(0) as u8)
                    .collect();
                Layout {
                    blocks,
                    column_block,
                    lexicon: config.lexicon_block(),
                }
            }
        }
    }

    #[inline]
    fn block(&self, column: usize) -> usize {
        self.column_block.get(column).map_or(0, |&b| usize::from(b))
    }
}

impl TfidfVectorizer {
    /// TF-IDF values of `(column, count)` pairs sorted by column, normalized and weighted
    /// per block: the arithmetic of scikit-learn's `TfidfVectorizer`, and of its
    /// `FeatureUnion` when there are blocks.
    pub(super) fn weigh_counts(&self, counts: &[(usize, f64)]) -> SparseRow {
        let layout = &self.layout.0;
        let mut row: SparseRow = Vec::with_capacity(counts.len() + 6);
        if let [block] = layout.blocks.as_slice() {
            for &(c, n) in counts {
                row.push((c, block.tf(n) * self.idf[c]));
            }
            if block.l2_norm {
                let norm = row.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
                if norm > 0.0 {
                    row.iter_mut().for_each(|(_, v)| *v /= norm);
                }
            }
            if block.weight != 1.0 {
                row.iter_mut().for_each(|(_, v)| *v *= block.weight);
            }
            return row;
        }
        let mut sums = vec![0.0f64; layout.blocks.len()];
        for &(c, n) in counts {
            let b = layout.block(c);
            let v = layout.blocks[b].tf(n) * self.idf[c];
            sums[b] += v * v;
            row.push((c, v));
        }
        let scale: Vec<f64> = layout
            .blocks
            .iter()
            .zip(&sums)
            .map(|(spec, &sum)| match spec.l2_norm && sum > 0.0 {
                true => spec.weight / sum.sqrt(),
                false => spec.weight,
            })
            .collect();
        for (c, v) in &mut row {
            *v *= scale[layout.block(*c)];
        }
        row
    }

    /// The lexicon block of a union: its columns (after the vocabulary's) normalized if it
    /// says so, and weighted. Their values themselves are the lexicon's.
    pub(super) fn weigh_lexicon(&self, row: &mut SparseRow) {
        let Some(spec) = &self.layout.0.lexicon else {
            return;
        };
        let base = self.vocabulary.len();
        let from = row.partition_point(|&(c, _)| c < base);
        let part = &mut row[from..];
        let mut scale = spec.weight;
        if spec.l2_norm {
            let norm = part.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                scale /= norm;
            }
        }
        if scale != 1.0 {
            part.iter_mut().for_each(|(_, v)| *v *= scale);
        }
    }
}
