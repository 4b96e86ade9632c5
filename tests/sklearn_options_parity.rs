//! Parity of the scikit-learn vectorizer options with scikit-learn 1.9.1: `binary`,
//! `max_features` (ranked by corpus frequency, by document frequency under `binary`),
//! `lowercase`, `stop_words`, `token_pattern` (scikit-learn's default and one with a
//! capturing group), `analyzer="char"` (character n-grams across word
//! boundaries, with scikit-learn's whitespace rule) and a `FeatureUnion` of a word and a
//! character block, each normalized on its own, with `transformer_weights`. The numbers
//! below were computed once with this script (word cases keep one-letter words, as
//! stancer's tokenizer does) and are stored here so the test needs no Python:
//!
//! ```python
//! import numpy as np
//! from sklearn.feature_extraction.text import TfidfVectorizer
//! from sklearn.pipeline import FeatureUnion
//! DOCS = [
//!     "Occupied  region talks held in Geneva.",
//!     "Independent state?  Talks held\tagain!",
//!     "talks held in Geneva, Geneva talks",
//!     "The occupied region of the Occupied territories",
//! ]
//! TP = r"(?u)\b\w+\b"
//! def full(name, v):
//!     X = v.fit_transform(DOCS).toarray()
//!     names = v.get_feature_names_out()
//!     print(f"// {name}")
//!     print("vocab:", "[" + ", ".join(f'"{t}"' for t in names) + "]")
//!     for i, row in enumerate(X):
//!         print(f"row {i}:", "&[" + ", ".join(f'("{names[j]}", {row[j]:.12f})' for j in np.nonzero(row)[0]) + "],")
//! def summary(name, v):
//!     X = v.fit_transform(DOCS).toarray()
//!     names = list(v.get_feature_names_out())
//!     print(f"// {name}: {len(names)} features")
//!     for i, row in enumerate(X):
//!         nz = np.nonzero(row)[0]
//!         picks = sorted(set([nz[0], nz[1], nz[np.argmax(row[nz])], nz[np.argmin(row[nz])]]))
//!         print(f"({len(nz)}, {row.sum():.12f}, &[" + ", ".join(f'({names[j]!r}, {row[j]:.12f})' for j in picks) + "]),")
//! full("binary, max_features=3", TfidfVectorizer(binary=True, max_features=3, token_pattern=TP, ngram_range=(1, 2)))
//! full("binary", TfidfVectorizer(binary=True, token_pattern=TP, sublinear_tf=True))
//! full("max_features=5", TfidfVectorizer(max_features=5, token_pattern=TP, ngram_range=(1, 2)))
//! full("lowercase=False", TfidfVectorizer(lowercase=False, token_pattern=TP))
//! full("stop_words", TfidfVectorizer(stop_words=["the", "of", "in"], token_pattern=TP, ngram_range=(1, 2), sublinear_tf=True))
//! summary("char 2-4", TfidfVectorizer(analyzer="char", ngram_range=(2, 4)))
//! summary("union", FeatureUnion([
//!     ("word", TfidfVectorizer(token_pattern=TP, ngram_range=(1, 2), sublinear_tf=True)),
//!     ("char", TfidfVectorizer(analyzer="char", ngram_range=(2, 4), sublinear_tf=True, binary=True)),
//! ], transformer_weights={"word": 1.0, "char": 0.5}))
//! DOCS = TOKEN_DOCS  # below: one-letter words, apostrophes, hyphens, digits, non-ASCII
//! full("token_pattern default", TfidfVectorizer(ngram_range=(1, 2)))
//! full("token_pattern group", TfidfVectorizer(token_pattern=r"(\w+)'s\b"))
//! ```
//!
//! Small vocabularies are compared whole; for character n-grams each row is pinned by its
//! number of non-zeros, the sum of its values and a few named values.

use std::collections::BTreeMap;

use stancer::features::{
    BlockAnalyzer, BlockConfig, FeatureConfig, Lexicon, StopWords, TfidfVectorizer,
};
use stancer::text::TokenPattern;

const DOCS: [&str; 4] = [
    "Occupied  region talks held in Geneva.",
    "Independent state?  Talks held\tagain!",
    "talks held in Geneva, Geneva talks",
    "The occupied region of the Occupied territories",
];

/// Texts whose words scikit-learn's default `token_pattern` cuts unlike stancer's tokenizer.
const TOKEN_DOCS: [&str; 3] = [
    "I don't think a de-facto state is Russia's 2nd \u{201c}puppet\u{201d}",
    "A state? Tbilisi's talks: I'd say 2 x 2nd talks.",
    "\u{c9}TAT de-facto, I think",
];

/// A whole vocabulary and every row's non-zeros.
struct Full {
    vocab: &'static [&'static str],
    rows: &'static [&'static [(&'static str, f64)]],
}

/// A row's number of non-zeros, the sum of its values, and some of its values.
type Summary = (usize, f64, &'static [(&'static str, f64)]);

/// scikit-learn: binary, max_features=3
const BINARY_MAX_FEATURES_3: Full = Full {
    vocab: &["held", "talks", "talks held"],
    rows: &[
        &[
            ("held", 0.577350269190),
            ("talks", 0.577350269190),
            ("talks held", 0.577350269190),
        ],
        &[
            ("held", 0.577350269190),
            ("talks", 0.577350269190),
            ("talks held", 0.577350269190),
        ],
        &[
            ("held", 0.577350269190),
            ("talks", 0.577350269190),
            ("talks held", 0.577350269190),
        ],
        &[],
    ],
};

/// scikit-learn: binary
const BINARY: Full = Full {
    vocab: &[
        "again",
        "geneva",
        "held",
        "in",
        "independent",
        "occupied",
        "of",
        "region",
        "state",
        "talks",
        "territories",
        "the",
    ],
    rows: &[
        &[
            ("geneva", 0.433927916079),
            ("held", 0.351302045675),
            ("in", 0.433927916079),
            ("occupied", 0.433927916079),
            ("region", 0.433927916079),
            ("talks", 0.351302045675),
        ],
        &[
            ("again", 0.511991716175),
            ("held", 0.326797680305),
            ("independent", 0.511991716175),
            ("state", 0.511991716175),
            ("talks", 0.326797680305),
        ],
        &[
            ("geneva", 0.549578354187),
            ("held", 0.444931042532),
            ("in", 0.549578354187),
            ("talks", 0.444931042532),
        ],
        &[
            ("occupied", 0.382742722417),
            ("of", 0.485460611816),
            ("region", 0.382742722417),
            ("territories", 0.485460611816),
            ("the", 0.485460611816),
        ],
    ],
};

/// scikit-learn: max_features=5
const MAX_FEATURES_5: Full = Full {
    vocab: &["geneva", "held", "occupied", "talks", "talks held"],
    rows: &[
        &[
            ("geneva", 0.502120326015),
            ("held", 0.406509678608),
            ("occupied", 0.502120326015),
            ("talks", 0.406509678608),
            ("talks held", 0.406509678608),
        ],
        &[
            ("held", 0.577350269190),
            ("talks", 0.577350269190),
            ("talks held", 0.577350269190),
        ],
        &[
            ("geneva", 0.710105374994),
            ("held", 0.287445750361),
            ("talks", 0.574891500723),
            ("talks held", 0.287445750361),
        ],
        &[("occupied", 1.000000000000)],
    ],
};

/// scikit-learn: lowercase=False
const LOWERCASE_FALSE: Full = Full {
    vocab: &[
        "Geneva",
        "Independent",
        "Occupied",
        "Talks",
        "The",
        "again",
        "held",
        "in",
        "occupied",
        "of",
        "region",
        "state",
        "talks",
        "territories",
        "the",
    ],
    rows: &[
        &[
            ("Geneva", 0.420501154449),
            ("Occupied", 0.420501154449),
            ("held", 0.340431924965),
            ("in", 0.420501154449),
            ("region", 0.420501154449),
            ("talks", 0.420501154449),
        ],
        &[
            ("Independent", 0.476330352417),
            ("Talks", 0.476330352417),
            ("again", 0.476330352417),
            ("held", 0.304035493760),
            ("state", 0.476330352417),
        ],
        &[
            ("Geneva", 0.643641725710),
            ("held", 0.260541724265),
            ("in", 0.321820862855),
            ("talks", 0.643641725710),
        ],
        &[
            ("Occupied", 0.315536663299),
            ("The", 0.400218247517),
            ("occupied", 0.400218247517),
            ("of", 0.400218247517),
            ("region", 0.315536663299),
            ("territories", 0.400218247517),
            ("the", 0.400218247517),
        ],
    ],
};

/// scikit-learn: stop_words
const STOP_WORDS: Full = Full {
    vocab: &[
        "again",
        "geneva",
        "geneva geneva",
        "geneva talks",
        "held",
        "held again",
        "held geneva",
        "independent",
        "independent state",
        "occupied",
        "occupied region",
        "occupied territories",
        "region",
        "region occupied",
        "region talks",
        "state",
        "state talks",
        "talks",
        "talks held",
        "territories",
    ],
    rows: &[
        &[
            ("geneva", 0.341492694783),
            ("held", 0.276467767606),
            ("held geneva", 0.341492694783),
            ("occupied", 0.341492694783),
            ("occupied region", 0.341492694783),
            ("region", 0.341492694783),
            ("region talks", 0.433140182243),
            ("talks", 0.276467767606),
            ("talks held", 0.276467767606),
        ],
        &[
            ("again", 0.372103976075),
            ("held", 0.237509147847),
            ("held again", 0.372103976075),
            ("independent", 0.372103976075),
            ("independent state", 0.372103976075),
            ("state", 0.372103976075),
            ("state talks", 0.372103976075),
            ("talks", 0.237509147847),
            ("talks held", 0.237509147847),
        ],
        &[
            ("geneva", 0.528229708709),
            ("geneva geneva", 0.395708308143),
            ("geneva talks", 0.395708308143),
            ("held", 0.252575487245),
            ("held geneva", 0.311980975295),
            ("talks", 0.427647474107),
            ("talks held", 0.252575487245),
        ],
        &[
            ("occupied", 0.543831402340),
            ("occupied region", 0.321195586883),
            ("occupied territories", 0.407395874534),
            ("region", 0.321195586883),
            ("region occupied", 0.407395874534),
            ("territories", 0.407395874534),
        ],
    ],
};

/// scikit-learn: char 2-4
const CHAR_2_4: [Summary; 4] = [
    (
        103,
        10.029790509817,
        &[
            (" g", 0.100266631523),
            (" ge", 0.100266631523),
            (" t", 0.066365456043),
            ("d ", 0.162348959178),
        ],
    ),
    (
        96,
        9.441207889961,
        &[
            ("\ta", 0.104924803613),
            ("\tag", 0.104924803613),
            (" t", 0.054754115264),
            ("de", 0.209849607226),
        ],
    ),
    (
        72,
        8.010664096447,
        &[
            (" g", 0.174290292874),
            (" ge", 0.174290292874),
            (" t", 0.057680479511),
        ],
    ),
    (
        98,
        9.280306349961,
        &[
            (" o", 0.234186098396),
            (" oc", 0.156124065598),
            ("n ", 0.049825984352),
        ],
    ),
];

/// scikit-learn: union
const UNION: [Summary; 4] = [
    (
        114,
        8.323710603768,
        &[
            ("word__geneva", 0.307509531133),
            ("word__held", 0.248955467829),
            ("word__region talks", 0.390036848199),
            ("char__ t", 0.033858794481),
        ],
    ),
    (
        105,
        7.755930448173,
        &[
            ("word__again", 0.372103976075),
            ("word__held", 0.237509147847),
            ("char__ t", 0.029512010846),
        ],
    ),
    (
        81,
        7.089609371013,
        &[
            ("word__geneva", 0.483281185273),
            ("word__geneva geneva", 0.362036396341),
            ("char__ t", 0.039551179339),
        ],
    ),
    (
        108,
        7.950164541027,
        &[
            ("word__occupied", 0.359881954530),
            ("word__occupied region", 0.212552079738),
            ("word__the", 0.456464626484),
            ("char__ t", 0.029200171529),
        ],
    ),
];

/// scikit-learn: token_pattern default (on TOKEN_DOCS, ngram_range=(1, 2))
const TOKEN_PATTERN_DEFAULT: Full = Full {
    vocab: &[
        "2nd",
        "2nd puppet",
        "2nd talks",
        "de",
        "de facto",
        "don",
        "don think",
        "facto",
        "facto state",
        "facto think",
        "is",
        "is russia",
        "puppet",
        "russia",
        "russia 2nd",
        "say",
        "say 2nd",
        "state",
        "state is",
        "state tbilisi",
        "talks",
        "talks say",
        "tbilisi",
        "tbilisi talks",
        "think",
        "think de",
        "\u{e9}tat",
        "\u{e9}tat de",
    ],
    rows: &[
        &[
            ("2nd", 0.199928044643),
            ("2nd puppet", 0.262881352738),
            ("de", 0.199928044643),
            ("de facto", 0.199928044643),
            ("don", 0.262881352738),
            ("don think", 0.262881352738),
            ("facto", 0.199928044643),
            ("facto state", 0.262881352738),
            ("is", 0.262881352738),
            ("is russia", 0.262881352738),
            ("puppet", 0.262881352738),
            ("russia", 0.262881352738),
            ("russia 2nd", 0.262881352738),
            ("state", 0.199928044643),
            ("state is", 0.262881352738),
            ("think", 0.199928044643),
            ("think de", 0.262881352738),
        ],
        &[
            ("2nd", 0.218124435876),
            ("2nd talks", 0.286807420493),
            ("say", 0.286807420493),
            ("say 2nd", 0.286807420493),
            ("state", 0.218124435876),
            ("state tbilisi", 0.286807420493),
            ("talks", 0.573614840986),
            ("talks say", 0.286807420493),
            ("tbilisi", 0.286807420493),
            ("tbilisi talks", 0.286807420493),
        ],
        &[
            ("de", 0.329928321457),
            ("de facto", 0.329928321457),
            ("facto", 0.329928321457),
            ("facto think", 0.433816094216),
            ("think", 0.329928321457),
            ("\u{e9}tat", 0.433816094216),
            ("\u{e9}tat de", 0.433816094216),
        ],
    ],
};

/// scikit-learn: token_pattern=r"(\w+)'s\b" (on TOKEN_DOCS): the group is the token.
const TOKEN_PATTERN_GROUP: Full = Full {
    vocab: &["russia", "tbilisi"],
    rows: &[&[("russia", 1.0)], &[("tbilisi", 1.0)], &[]],
};

/// Word features only, scikit-learn's defaults (no sublinear tf, smooth idf, l2).
fn words(ngrams: [usize; 2]) -> FeatureConfig {
    FeatureConfig {
        word_ngrams: ngrams,
        quote_markers: false,
        lexicon_features: false,
        sublinear_tf: false,
        ..FeatureConfig::default()
    }
}

fn block(analyzer: BlockAnalyzer, ngram_range: [usize; 2]) -> BlockConfig {
    BlockConfig::new(analyzer, Some(ngram_range))
}

/// Each row as scikit-learn names its features: character n-grams without stancer's
/// prefix, and with `word__` / `char__` in a union.
fn rows_by_name(config: &FeatureConfig, docs: &[&str]) -> Vec<BTreeMap<String, f64>> {
    let v = TfidfVectorizer::fit(config, &Lexicon::default(), docs).unwrap();
    let name = |c: usize| {
        let t = v.feature_name(c);
        match (t.strip_prefix('¤'), config.blocks.len() > 1) {
            (Some(ch), true) => format!("char__{ch}"),
            (Some(ch), false) => ch.to_string(),
            (None, true) => format!("word__{t}"),
            (None, false) => t.to_string(),
        }
    };
    v.transform_rows(docs)
        .into_iter()
        .map(|row| row.into_iter().map(|(c, x)| (name(c), x)).collect())
        .collect()
}

fn assert_full(case: &str, config: &FeatureConfig, want: &Full) {
    assert_full_on(case, config, &DOCS, want);
}

fn assert_full_on(case: &str, config: &FeatureConfig, docs: &[&str], want: &Full) {
    let v = TfidfVectorizer::fit(config, &Lexicon::default(), docs).unwrap();
    assert_eq!(v.vocabulary().terms(), want.vocab, "{case}: vocabulary");
    let got = rows_by_name(config, docs);
    assert_eq!(got.len(), want.rows.len(), "{case}: rows");
    for (i, (got, want)) in got.iter().zip(want.rows).enumerate() {
        assert_eq!(got.len(), want.len(), "{case}: row {i} {got:?}");
        for &(term, x) in *want {
            let g = got.get(term).copied().unwrap_or(f64::NAN);
            assert!((g - x).abs() < 1e-9, "{case}: row {i} `{term}`: {g} vs {x}");
        }
    }
}

fn assert_summary(case: &str, config: &FeatureConfig, n_features: usize, want: &[Summary; 4]) {
    let v = TfidfVectorizer::fit(config, &Lexicon::default(), &DOCS).unwrap();
    assert_eq!(v.n_features(), n_features, "{case}: features");
    for (i, (got, &(nnz, sum, values))) in rows_by_name(config, &DOCS).iter().zip(want).enumerate()
    {
        assert_eq!(got.len(), nnz, "{case}: row {i} non-zeros");
        let s: f64 = got.values().sum();
        assert!((s - sum).abs() < 1e-9, "{case}: row {i} sum {s} vs {sum}");
        for &(term, x) in values {
            let g = got.get(term).copied().unwrap_or(f64::NAN);
            assert!((g - x).abs() < 1e-9, "{case}: row {i} `{term}`: {g} vs {x}");
        }
    }
}

#[test]
fn binary_matches_scikit_learn() {
    let config = FeatureConfig {
        binary: true,
        sublinear_tf: true,
        ..words([1, 1])
    };
    assert_full("binary", &config, &BINARY);
}

#[test]
fn max_features_ranks_like_scikit_learn() {
    let by_tf = FeatureConfig {
        max_features: Some(5),
        ..words([1, 2])
    };
    assert_full("max_features", &by_tf, &MAX_FEATURES_5);
    // Under `binary`, by document frequency: a different top three.
    let by_df = FeatureConfig {
        max_features: Some(3),
        binary: true,
        ..words([1, 2])
    };
    assert_full("binary max_features", &by_df, &BINARY_MAX_FEATURES_3);
}

#[test]
fn lowercase_false_matches_scikit_learn() {
    let config = FeatureConfig {
        lowercase: false,
        ..words([1, 1])
    };
    assert_full("lowercase", &config, &LOWERCASE_FALSE);
}

#[test]
fn stop_words_match_scikit_learn() {
    let config = FeatureConfig {
        stop_words: Some(StopWords::List(
            ["the", "of", "in"].map(String::from).to_vec(),
        )),
        sublinear_tf: true,
        ..words([1, 2])
    };
    assert_full("stop_words", &config, &STOP_WORDS);
}

#[test]
fn char_analyzer_matches_scikit_learn() {
    // One block of character n-grams across word boundaries: scikit-learn's
    // TfidfVectorizer(analyzer="char"), whitespace runs and a lone tab included.
    let config = FeatureConfig {
        blocks: vec![block(BlockAnalyzer::Char, [2, 4])],
        ..words([1, 1])
    };
    assert_summary("char", &config, 238, &CHAR_2_4);
}

#[test]
fn feature_union_matches_scikit_learn() {
    let config = FeatureConfig {
        sublinear_tf: true,
        blocks: vec![
            block(BlockAnalyzer::Word, [1, 2]),
            BlockConfig {
                weight: 0.5,
                binary: Some(true),
                ..block(BlockAnalyzer::Char, [2, 4])
            },
        ],
        ..words([1, 1])
    };
    assert_summary("union", &config, 264, &UNION);
}

#[test]
fn token_pattern_matches_scikit_learn() {
    let config = FeatureConfig {
        token_pattern: Some(TokenPattern::sklearn_default()),
        ..words([1, 2])
    };
    assert_full_on(
        "token_pattern default",
        &config,
        &TOKEN_DOCS,
        &TOKEN_PATTERN_DEFAULT,
    );
    let config = FeatureConfig {
        token_pattern: Some(TokenPattern::new(r"(\w+)'s\b").unwrap()),
        ..words([1, 1])
    };
    assert_full_on(
        "token_pattern group",
        &config,
        &TOKEN_DOCS,
        &TOKEN_PATTERN_GROUP,
    );
}
