//! Inter-annotator agreement: Cohen's kappa between two labelings of the same items.
//!
//! Raw agreement flatters a skewed label set (most sentences are neutral), so the corpus
//! README reports kappa, which discounts the agreement two annotators would reach by
//! chance given their label frequencies.

use std::collections::BTreeMap;

use serde::Serialize;

/// Agreement on one label column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub n: usize,
    pub observed: f64,
    pub expected: f64,
    /// `None` (JSON `null`) where kappa is undefined: no items, or chance agreement 1 (both
    /// annotators gave every item one and the same label), where `(p_o − p_e) / (1 − p_e)`
    /// is 0/0. scikit-learn's `cohen_kappa_score` returns NaN there.
    pub kappa: Option<f64>,
}

/// Cohen's kappa of two equally long label sequences: `(p_o − p_e) / (1 − p_e)`. When both
/// annotators use a single identical label throughout, chance agreement is 1 and kappa is
/// undefined (`None`): perfect agreement on one label says nothing about telling labels
/// apart.
pub fn cohen_kappa(a: &[String], b: &[String]) -> Agreement {
    let n = a.len().min(b.len());
    if n == 0 {
        return Agreement {
            n: 0,
            observed: 0.0,
            expected: 0.0,
            kappa: None,
        };
    }
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    let mut ca: BTreeMap<&str, usize> = BTreeMap::new();
    let mut cb: BTreeMap<&str, usize> = BTreeMap::new();
    for (x, y) in a.iter().zip(b) {
        *ca.entry(x).or_default() += 1;
        *cb.entry(y).or_default() += 1;
    }
    let nf = n as f64;
    let observed = agree as f64 / nf;
    let expected: f64 = ca
        .iter()
        .map(|(l, &c)| c as f64 / nf * cb.get(l).copied().unwrap_or(0) as f64 / nf)
        .sum();
    let kappa = if (1.0 - expected).abs() < 1e-12 {
        None
    } else {
        Some((observed - expected) / (1.0 - expected))
    };
    Agreement {
        n,
        observed,
        expected,
        kappa,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn textbook_example() {
        // 50 items: both "yes" 20, both "no" 15, a-yes/b-no 5, a-no/b-yes 10.
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (x, y, n) in [
            ("yes", "yes", 20),
            ("no", "no", 15),
            ("yes", "no", 5),
            ("no", "yes", 10),
        ] {
            for _ in 0..n {
                a.push(x.to_string());
                b.push(y.to_string());
            }
        }
        let k = cohen_kappa(&a, &b);
        assert!((k.observed - 0.7).abs() < 1e-12);
        assert!((k.expected - 0.5).abs() < 1e-12);
        assert!((k.kappa.unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn perfect_and_chance_agreement() {
        assert_eq!(
            cohen_kappa(&s(&["a", "b", "a"]), &s(&["a", "b", "a"])).kappa,
            Some(1.0)
        );
        let k = cohen_kappa(&s(&["a", "a", "b", "b"]), &s(&["a", "b", "a", "b"]));
        assert!(k.kappa.unwrap().abs() < 1e-12);
    }

    #[test]
    fn one_label_throughout_is_undefined() {
        // scikit-learn: cohen_kappa_score(["a"] * 3, ["a"] * 3) is nan; ["a"] * 3 against
        // ["b"] * 3 is 0.0 (chance agreement 0).
        let k = cohen_kappa(&s(&["a", "a", "a"]), &s(&["a", "a", "a"]));
        assert_eq!((k.observed, k.expected, k.kappa), (1.0, 1.0, None));
        assert_eq!(
            serde_json::to_value(&k).unwrap()["kappa"],
            serde_json::Value::Null
        );
        let k = cohen_kappa(&s(&["a", "a", "a"]), &s(&["b", "b", "b"]));
        assert_eq!(k.kappa, Some(0.0));
    }
}
