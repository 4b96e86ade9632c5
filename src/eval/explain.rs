//! Why the model said what it said: the top-weighted features of each class, and for a
//! wrong prediction the features that pushed it there (weight × value, predicted class
//! minus gold class).

use serde::Serialize;

use crate::features::tfidf::SparseRow;
use crate::features::TfidfVectorizer;
use crate::model::LogisticHead;

/// A feature and its weight (or its contribution to one decision).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weighted {
    pub feature: String,
    pub weight: f64,
}

/// The strongest features of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassFeatures {
    pub label: String,
    pub top: Vec<Weighted>,
}

/// A wrong prediction and what drove it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misclassified {
    pub group: String,
    pub text: String,
    pub gold: String,
    pub predicted: String,
    pub confidence: f64,
    pub pushed_by: Vec<Weighted>,
}

/// The `k` largest positive weights of every class of `head`.
pub fn top_features(head: &LogisticHead, vec: &TfidfVectorizer, k: usize) -> Vec<ClassFeatures> {
    let w = head.weights();
    head.labels()
        .iter()
        .enumerate()
        .map(|(j, label)| {
            let mut col: Vec<(usize, f64)> = (0..w.nrows()).map(|i| (i, w[[i, j]])).collect();
            col.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ClassFeatures {
                label: label.clone(),
                top: col
                    .into_iter()
                    .take(k)
                    .map(|(i, weight)| Weighted {
                        feature: vec.feature_name(i).to_string(),
                        weight,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The `k` features of `row` that moved the score most from `gold` toward `predicted`.
pub fn pushed_by(
    head: &LogisticHead,
    vec: &TfidfVectorizer,
    row: &SparseRow,
    predicted: &str,
    gold: &str,
    k: usize,
) -> Vec<Weighted> {
    let idx = |l: &str| head.labels().iter().position(|x| x == l);
    let (Some(p), g) = (idx(predicted), idx(gold)) else {
        return Vec::new();
    };
    let w = head.weights();
    let mut c: Vec<Weighted> = row
        .iter()
        .filter(|&&(col, _)| col < w.nrows())
        .map(|&(col, v)| Weighted {
            feature: vec.feature_name(col).to_string(),
            weight: v * (w[[col, p]] - g.map_or(0.0, |g| w[[col, g]])),
        })
        .filter(|c| c.weight > 0.0)
        .collect();
    c.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.feature.cmp(&b.feature))
    });
    c.truncate(k);
    c
}
