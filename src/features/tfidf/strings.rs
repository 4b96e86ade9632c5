//! The general path of the vectorizer: features as strings, fitted and looked up in the
//! vocabulary. Every configuration can take it (any n-gram length, character n-grams,
//! punctuation and pair features); the id paths are tested against it.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{idf, Analyzer, SparseRow, TfidfVectorizer};
use crate::error::{Result, StancerError};
use crate::features::config::FeatureConfig;
use crate::features::lexicon::Lexicon;
use crate::features::vocabulary::Vocabulary;

impl TfidfVectorizer {
    /// The general path: features as strings (any n-gram length, character n-grams).
    pub(super) fn fit_strings(
        config: &FeatureConfig,
        lexicon: &Lexicon,
        docs: &[&str],
    ) -> Result<Self> {
        let n = docs.len();
        let analyzed: Vec<Vec<String>> = docs
            .par_iter()
            .map_init(
                || Analyzer::new(config),
                |a, d| {
                    let mut f = a.features(d);
                    f.sort_unstable();
                    f
                },
            )
            .collect();
        // Document frequency and corpus term frequency of every feature.
        let mut stats: HashMap<&str, (usize, usize)> = HashMap::new();
        for feats in &analyzed {
            let mut prev: Option<&str> = None;
            for f in feats {
                let e = stats.entry(f.as_str()).or_insert((0, 0));
                e.1 += 1;
                if prev != Some(f.as_str()) {
                    e.0 += 1;
                }
                prev = Some(f.as_str());
            }
        }
        // Filtered per block: each keeps its own min_df, max_df and max_features.
        let blocks = config
            .ngram_blocks()
            .unwrap_or_else(|| vec![config.joint_spec()]);
        let mut kept: Vec<Vec<(&str, usize, usize)>> = vec![Vec::new(); blocks.len()];
        for (t, (df, tf)) in stats {
            let Some(b) = FeatureConfig::block_of(&blocks, t) else {
                continue;
            };
            let max_count = blocks[b].max_df * n as f64;
            if df >= blocks[b].min_df && df as f64 <= max_count {
                kept[b].push((t, df, tf));
            }
        }
        for (spec, kept) in blocks.iter().zip(&mut kept) {
            if let Some(limit) = spec.max_features {
                // By corpus frequency; under `binary` the counts are presences, so by
                // document frequency (scikit-learn ranks the binarized counts).
                let freq = |e: &(&str, usize, usize)| if spec.binary { e.1 } else { e.2 };
                kept.sort_unstable_by(|a, b| freq(b).cmp(&freq(a)).then_with(|| a.0.cmp(b.0)));
                kept.truncate(limit);
            }
            if kept.is_empty() {
                let block = match config.is_union() {
                    true => format!("block {:?}: ", spec.analyzer).to_lowercase(),
                    false => String::new(),
                };
                return Err(StancerError::Data(format!(
                    "{block}no feature survives min_df={} and max_df={} on {n} texts",
                    spec.min_df, spec.max_df
                )));
            }
        }
        let kept: Vec<(&str, usize, usize)> = kept.into_iter().flatten().collect();
        let df: HashMap<&str, usize> = kept.iter().map(|&(t, df, _)| (t, df)).collect();
        let vocabulary = Vocabulary::new(kept.iter().map(|&(t, _, _)| t.to_string()).collect());
        let idf = vocabulary
            .terms()
            .iter()
            .map(|t| {
                let b = FeatureConfig::block_of(&blocks, t).unwrap_or(0);
                idf(n, df[t.as_str()], blocks[b].smooth_idf)
            })
            .collect();
        Ok(Self::assemble(config, lexicon, vocabulary, idf))
    }

    /// The general path: feature strings looked up in the vocabulary.
    pub(super) fn string_features(&self, text: &str, analyzer: &Analyzer) -> SparseRow {
        let mut counts: HashMap<usize, f64> = HashMap::new();
        for f in analyzer.features(text) {
            if let Some(c) = self.vocabulary.get(&f) {
                *counts.entry(c).or_insert(0.0) += 1.0;
            }
        }
        let mut counts: Vec<(usize, f64)> = counts.into_iter().collect();
        counts.sort_unstable_by_key(|&(c, _)| c);
        self.weigh_counts(&counts)
    }
}
