//! Test sentences that training has already seen, verbatim or nearly.
//!
//! Grouped splits keep an article on one side, but the same sentence can recur across
//! articles (a boilerplate paragraph, a wire story republished): a model then "predicts"
//! what it memorized. The check normalizes text (lowercase, letters and digits only) and
//! reports exact matches and near-duplicates by word-trigram Jaccard similarity, found
//! through an inverted index of shingles so that only candidate pairs are compared.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// Near-duplicate threshold on word-trigram Jaccard similarity.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// One test sentence that also occurs (nearly) in training.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leak {
    /// Row index of the test sentence in the corpus.
    pub test: usize,
    /// Row index of its closest training sentence.
    pub train: usize,
    pub jaccard: f64,
    /// Identical after normalization.
    pub exact: bool,
}

/// Lowercased alphanumeric words.
pub fn normalize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn shingles(words: &[String]) -> HashSet<String> {
    if words.len() < 3 {
        return std::iter::once(words.join(" ")).collect();
    }
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// Every test row whose text nearly equals a training row's, with its best match.
pub fn find_leaks(texts: &[&str], train: &[usize], test: &[usize]) -> Vec<Leak> {
    let train_sh: Vec<(usize, Vec<String>, HashSet<String>)> = train
        .iter()
        .map(|&i| {
            let w = normalize(texts[i]);
            let s = shingles(&w);
            (i, w, s)
        })
        .collect();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (_, _, sh)) in train_sh.iter().enumerate() {
        for s in sh {
            index.entry(s.as_str()).or_default().push(k);
        }
    }
    let mut leaks = Vec::new();
    for &t in test {
        let words = normalize(texts[t]);
        if words.is_empty() {
            continue;
        }
        let sh = shingles(&words);
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for s in &sh {
            for &k in index.get(s.as_str()).into_iter().flatten() {
                *shared.entry(k).or_default() += 1;
            }
        }
        let best = shared
            .into_iter()
            .map(|(k, inter)| {
                let union = sh.len() + train_sh[k].2.len() - inter;
                (k, inter as f64 / union as f64)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((k, j)) = best {
            if j >= NEAR_DUPLICATE {
                leaks.push(Leak {
                    test: t,
                    train: train_sh[k].0,
                    jaccard: j,
                    exact: train_sh[k].1 == words,
                });
            }
        }
    }
    leaks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_planted_duplicate_and_a_near_duplicate_only() {
        let texts = [
            "Russian border guards detained two villagers near Khurvaleti on Tuesday.",
            "The talks in Geneva ended without agreement on the return of displaced people.",
            "Talks were held in Geneva.",
            // planted: same sentence, other case and punctuation
            "russian border guards detained two villagers near Khurvaleti, on Tuesday!",
            // near: one word changed at the end
            "The talks in Geneva ended without agreement on the return of displaced persons.",
            // unrelated
            "A new road to Gagra opened in June.",
        ];
        let leaks = find_leaks(&texts, &[0, 1, 2], &[3, 4, 5]);
        assert_eq!(leaks.len(), 2, "{leaks:?}");
        assert_eq!(
            (leaks[0].test, leaks[0].train, leaks[0].exact),
            (3, 0, true)
        );
        assert_eq!(
            (leaks[1].test, leaks[1].train, leaks[1].exact),
            (4, 1, false)
        );
        assert!(leaks[1].jaccard >= NEAR_DUPLICATE && leaks[1].jaccard < 1.0);
    }
}
