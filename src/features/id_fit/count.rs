//! Document and corpus frequencies of the n-gram keys of a fit, counted once.

use rayon::prelude::*;

use super::Tokens;
use crate::features::config::FeatureConfig;
use crate::features::fxhash::FxHashMap;
use crate::features::ngram_index::{pack, quote_key};

/// A feature's document frequency and corpus frequency while counting. A document counts
/// once in `df` by the stamp of the last document that held the feature, so the keys of a
/// document need no sorting.
#[derive(Debug, Clone, Copy, Default)]
struct Stat {
    df: u32,
    /// The last document (numbered from 1) that held the feature.
    last: u32,
    tf: u64,
}

impl Stat {
    #[inline]
    fn see(&mut self, doc: u32) {
        if self.last != doc {
            self.df += 1;
            self.last = doc;
        }
        self.tf += 1;
    }
}

/// The features that survive `min_df` and `max_df` (at most `max_count` documents), as
/// `(key, df, tf)`. Each of the pool's threads counts one partition of the keys (so no
/// map is duplicated) and the unigrams of its share of the word ids in an array; all counts
/// are integers, so the result does not depend on the partition.
pub(super) fn count(
    config: &FeatureConfig,
    n_words: usize,
    toks: &[Tokens],
    max_count: f64,
) -> Vec<(u64, u32, u64)> {
    let parts = rayon::current_num_threads().max(1) as u64;
    let [lo, hi] = config.word_ngrams;
    let keep = |k: u64, s: Stat| {
        (s.df > 0 && s.df as usize >= config.min_df && s.df as f64 <= max_count)
            .then_some((k, s.df, s.tf))
    };
    (0..parts)
        .into_par_iter()
        .flat_map_iter(|p| {
            let mut words = vec![Stat::default(); if lo == 1 { n_words } else { 0 }];
            let mut counts: FxHashMap<u64, Stat> = FxHashMap::default();
            let mut doc = 0u32;
            for t in toks {
                for d in 0..t.n_docs() {
                    doc += 1;
                    let (ids, quoted) = t.doc(d);
                    if lo == 1 {
                        for &id in ids.iter().filter(|&&id| u64::from(id) % parts == p) {
                            words[id as usize].see(doc);
                        }
                    }
                    for n in lo.max(2)..=hi {
                        if n > ids.len() {
                            break;
                        }
                        for k in ids.windows(n).map(pack) {
                            if partition(k, parts) == p {
                                counts.entry(k).or_default().see(doc);
                            }
                        }
                    }
                    for (&id, _) in ids.iter().zip(quoted).filter(|(_, &q)| q) {
                        let k = quote_key(id);
                        if partition(k, parts) == p {
                            counts.entry(k).or_default().see(doc);
                        }
                    }
                }
            }
            let words = words
                .into_iter()
                .enumerate()
                .filter_map(move |(id, s)| keep(pack(&[id as u32]), s));
            words
                .chain(counts.into_iter().filter_map(move |(k, s)| keep(k, s)))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn partition(key: u64, parts: u64) -> u64 {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) % parts
}
