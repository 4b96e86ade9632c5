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
        let max_count = config.max_df * n as f64;
        let mut kept: Vec<(&str, usize, usize)> = stats
            .into_iter()
            .filter(|&(_, (df, _))| df >= config.min_df && df as f64 <= max_count)
            .map(|(t, (df, tf))| (t, df, tf))
            .collect();
        if let Some(limit) = config.max_features {
            kept.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
            kept.truncate(limit);
        }
        if kept.is_empty() {
            return Err(StancerError::Data(format!(
                "no feature survives min_df={} and max_df={} on {n} texts",
                config.min_df, config.max_df
            )));
        }
        let df: HashMap<&str, usize> = kept.iter().map(|&(t, df, _)| (t, df)).collect();
        let vocabulary = Vocabulary::new(kept.iter().map(|&(t, _, _)| t.to_string()).collect());
        let idf = vocabulary
            .terms()
            .iter()
            .map(|t| idf(n, df[t.as_str()], config.smooth_idf))
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
        let mut row: SparseRow = counts
            .into_iter()
            .map(|(c, tf)| {
                let tf = if self.config.sublinear_tf {
                    1.0 + tf.ln()
                } else {
                    tf
                };
                (c, tf * self.idf[c])
            })
            .collect();
        row.sort_unstable_by_key(|&(c, _)| c);
        if self.config.l2_norm {
            let norm = row.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, v)| *v /= norm);
            }
        }
        row
    }
}
