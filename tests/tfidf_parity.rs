//! TF-IDF parity with scikit-learn 1.9.1. The expected values were computed once with
//!
//! ```python
//! TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=SUB, smooth_idf=SMOOTH, norm="l2",
//!                 token_pattern=r"(?u)\b\w+\b").fit_transform(DOCS)
//! ```
//!
//! (the token pattern keeps one-letter words, as stancer's tokenizer does) and stored here,
//! the way linfa pins its numbers, so the test needs no Python.

use stancer::features::{FeatureConfig, Lexicon, TfidfVectorizer};

const DOCS: [&str; 4] = [
    "occupied region talks held",
    "independent state talks",
    "talks held in geneva geneva",
    "occupied occupied region",
];

const FEATURES: [&str; 17] = [
    "geneva",
    "geneva geneva",
    "held",
    "held in",
    "in",
    "in geneva",
    "independent",
    "independent state",
    "occupied",
    "occupied occupied",
    "occupied region",
    "region",
    "region talks",
    "state",
    "state talks",
    "talks",
    "talks held",
];

const IDF_SMOOTH: [f64; 17] = [
    1.916290731874,
    1.916290731874,
    1.510825623766,
    1.916290731874,
    1.916290731874,
    1.916290731874,
    1.916290731874,
    1.916290731874,
    1.510825623766,
    1.916290731874,
    1.510825623766,
    1.510825623766,
    1.916290731874,
    1.916290731874,
    1.916290731874,
    1.223143551314,
    1.510825623766,
];

const IDF_RAW: [f64; 17] = [
    2.38629436112,
    2.38629436112,
    1.69314718056,
    2.38629436112,
    2.38629436112,
    2.38629436112,
    2.38629436112,
    2.38629436112,
    1.69314718056,
    2.38629436112,
    1.69314718056,
    1.69314718056,
    2.38629436112,
    2.38629436112,
    2.38629436112,
    1.287682072452,
    1.69314718056,
];

/// (sublinear_tf, smooth_idf, idf, row 2, row 3) as scikit-learn printed them.
type Case = (
    bool,
    bool,
    &'static [f64; 17],
    &'static [(usize, f64)],
    &'static [(usize, f64)],
);

const CASES: [Case; 4] = [
    (
        true,
        true,
        &IDF_SMOOTH,
        &[
            (15, 0.218707643133),
            (2, 0.270147449989),
            (16, 0.270147449989),
            (4, 0.342647785761),
            (0, 0.580153132386),
            (3, 0.342647785761),
            (5, 0.342647785761),
            (1, 0.342647785761),
        ],
        &[
            (8, 0.665361175799),
            (11, 0.392973028829),
            (10, 0.392973028829),
            (9, 0.498436458302),
        ],
    ),
    (
        true,
        false,
        &IDF_RAW,
        &[
            (15, 0.188847793518),
            (2, 0.248312154057),
            (16, 0.248312154057),
            (4, 0.34996714983),
            (0, 0.592545893023),
            (3, 0.34996714983),
            (5, 0.34996714983),
            (1, 0.34996714983),
        ],
        &[
            (8, 0.646771463589),
            (11, 0.381993645334),
            (10, 0.381993645334),
            (9, 0.538375690141),
        ],
    ),
    (
        false,
        true,
        &IDF_SMOOTH,
        &[
            (15, 0.205465528706),
            (2, 0.253790804224),
            (16, 0.253790804224),
            (4, 0.321901454621),
            (0, 0.643802909242),
            (3, 0.321901454621),
            (5, 0.321901454621),
            (1, 0.321901454621),
        ],
        &[
            (8, 0.725058003885),
            (11, 0.362529001943),
            (10, 0.362529001943),
            (9, 0.459822070483),
        ],
    ),
    (
        false,
        false,
        &IDF_RAW,
        &[
            (15, 0.176965531037),
            (2, 0.232688406821),
            (16, 0.232688406821),
            (4, 0.327947292161),
            (0, 0.655894584322),
            (3, 0.327947292161),
            (5, 0.327947292161),
            (1, 0.327947292161),
        ],
        &[
            (8, 0.70771023087),
            (11, 0.353855115435),
            (10, 0.353855115435),
            (9, 0.498717699389),
        ],
    ),
];

#[test]
fn tfidf_matches_scikit_learn() {
    for (sublinear, smooth, idf, row2, row3) in CASES {
        let config = FeatureConfig {
            word_ngrams: [1, 2],
            quote_markers: false,
            lexicon_features: false,
            sublinear_tf: sublinear,
            smooth_idf: smooth,
            ..FeatureConfig::default()
        };
        let v = TfidfVectorizer::fit(&config, &Lexicon::default(), &DOCS).unwrap();
        assert_eq!(
            v.vocabulary().terms(),
            FEATURES.map(String::from).as_slice()
        );
        for (got, want) in v.idf().iter().zip(idf.iter()) {
            assert!(
                (got - want).abs() < 1e-9,
                "idf {got} vs {want} (sublinear={sublinear}, smooth={smooth})"
            );
        }
        let x = v.transform(&DOCS);
        for (row, expected) in [(2, row2), (3, row3)] {
            let nonzero = x.row(row).iter().filter(|v| **v != 0.0).count();
            assert_eq!(nonzero, expected.len());
            for &(col, want) in expected {
                let got = x[[row, col]];
                assert!(
                    (got - want).abs() < 1e-9,
                    "row {row} col {col}: {got} vs {want}"
                );
            }
        }
    }
}
