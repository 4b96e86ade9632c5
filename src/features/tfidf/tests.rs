//! Unit tests of the vectorizer: the id paths against the string path, and the
//! analyzer's feature kinds.

use super::*;

/// Features the id paths cannot key (punctuation, claim/headline pairs) take the
/// string path in fitting and in transforming alike.
#[test]
fn punctuation_and_pair_features_take_the_string_path() {
    let lexicon = Lexicon::default();
    let docs = [
        "Is it true? xxsep Officials deny the report!",
        "Claim about a report xxsep The report is confirmed",
        "Another claim xxsep Is the report true?",
    ];
    for config in [
        FeatureConfig {
            punctuation: true,
            ..FeatureConfig::default()
        },
        FeatureConfig {
            pair_features: true,
            ..FeatureConfig::default()
        },
        FeatureConfig {
            pair_features: true,
            pair_mask: true,
            ..FeatureConfig::default()
        },
    ] {
        let strings = TfidfVectorizer::fit_strings(&config, &lexicon, &docs).unwrap();
        let (fitted, x) = TfidfVectorizer::fit_transform(&config, &lexicon, &docs).unwrap();
        assert_eq!(strings.vocabulary, fitted.vocabulary);
        assert!(fitted.index.0.is_none());
        let a = Analyzer::new(&config);
        for (i, d) in docs.iter().enumerate() {
            let row = fitted.transform_one(d, &a);
            assert_eq!(row, strings.transform_one(d, &a), "text {i}");
            let f32_row: SparseRow = row.iter().map(|&(c, v)| (c, f64::from(v as f32))).collect();
            assert_eq!(x.sparse_row(i), f32_row, "training row {i}");
        }
    }
}

/// The id paths (fit on token ids, transform by packed n-gram keys, frame terms from
/// the same tokens) give exactly what the string paths give.
#[test]
fn id_paths_match_string_paths_exactly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lexicon = Lexicon::from_csv(&root.join("labels/frame_terms.csv")).unwrap();
    let text = std::fs::read_to_string(root.join("labels/seed_sentences.csv")).unwrap();
    let mut docs: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().get(2).unwrap_or("").to_string())
        .collect();
    docs.push(
        "He spoke of “occupation” and the “state border”; Russia’s so-called ‘elections’.".into(),
    );
    docs.push("Цхинвали и Tskhinvali: de-facto authorities, don't".into());
    let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
    for config in [
        FeatureConfig::default(),
        FeatureConfig {
            min_df: 2,
            word_ngrams: [1, 3],
            ..FeatureConfig::default()
        },
        FeatureConfig {
            stem: true,
            quote_markers: false,
            max_features: Some(300),
            ..FeatureConfig::default()
        },
    ] {
        let strings = TfidfVectorizer::fit_strings(&config, &lexicon, &docs).unwrap();
        let (ids, x) = TfidfVectorizer::fit_transform(&config, &lexicon, &docs).unwrap();
        assert_eq!(strings.vocabulary, ids.vocabulary);
        assert_eq!(strings.idf, ids.idf);
        assert!(ids.index.0.is_some());
        let a = Analyzer::new(&config);
        for (i, d) in docs.iter().enumerate() {
            let by_strings = {
                let mut row = strings.string_features(d, &a);
                let hits = FrameTagger::new(&lexicon).tag(d);
                let base = strings.vocabulary.len();
                for (k, v) in lexicon_counts(&hits).into_iter().enumerate() {
                    if v > 0.0 {
                        row.push((base + k, (1.0 + v).ln()));
                    }
                }
                (row, hits)
            };
            let by_ids = ids.transform_tagged(d, &a, true);
            assert_eq!(by_strings, by_ids, "text {i}: {d}");
            let csr: SparseRow = x.sparse_row(i);
            let f32_row: SparseRow = by_ids
                .0
                .iter()
                .map(|&(c, v)| (c, f64::from(v as f32)))
                .collect();
            assert_eq!(csr, f32_row, "training row {i}");
        }
    }
}

#[test]
fn pair_features_use_the_second_text_and_the_overlap() {
    let config = FeatureConfig {
        word_ngrams: [1, 1],
        pair_features: true,
        punctuation: true,
        ..FeatureConfig::default()
    };
    let a = Analyzer::new(&config);
    let text = format!(
        "Apple sells watches{}Apple sells watches?",
        crate::data::TEXT_SEPARATOR
    );
    let f = a.features(&text);
    assert!(f.contains(&"⇄overlap5".to_string()), "{f:?}");
    assert!(f.contains(&"⟨?⟩".to_string()), "{f:?}");
    assert!(!f.iter().any(|x| x == "xxsep"), "{f:?}");
    assert_eq!(f.iter().filter(|x| *x == "apple").count(), 1, "{f:?}");
    let other = format!(
        "Apple sells watches{}Nobody knows",
        crate::data::TEXT_SEPARATOR
    );
    assert!(a.features(&other).contains(&"⇄overlap0".to_string()));
    // Without the option, both columns give n-grams and the separator is a token.
    let plain = Analyzer::new(&FeatureConfig::default()).features(&text);
    assert!(plain.iter().any(|x| x == "xxsep"));
}

/// `pair_mask` turns each run of the claim's words in the headline into one slot for
/// the word n-grams; the overlap feature and character n-grams still see the words.
#[test]
fn pair_mask_replaces_runs_of_claim_words_with_one_slot() {
    let config = FeatureConfig {
        word_ngrams: [1, 2],
        char_ngrams: Some([3, 3]),
        pair_features: true,
        pair_mask: true,
        ..FeatureConfig::default()
    };
    let text = format!(
        "Apple sells gold watches at cost{}Analyst denies Apple sells watches at all",
        crate::data::TEXT_SEPARATOR
    );
    let f = Analyzer::new(&config).features(&text);
    let has = |x: &str| f.iter().any(|y| y == x);
    for expected in [
        "analyst denies",
        "denies ⟨claim⟩",
        "⟨claim⟩ at",
        "at all",
        "⟨claim⟩",
    ] {
        assert!(has(expected), "{expected}: {f:?}");
    }
    // "apple sells watches" is one run, so one slot; the claim's words are no n-grams.
    assert_eq!(f.iter().filter(|x| *x == "⟨claim⟩").count(), 1, "{f:?}");
    assert!(!has("apple") && !has("sells watches") && !has("⟨claim⟩ ⟨claim⟩"));
    // Words of two letters or fewer are never claim words ("at" is in both, and stays).
    assert!(has("at"), "{f:?}");
    // Character n-grams and the overlap (3 of 5 claim words: 3 fifths) are unchanged.
    assert!(has("§app") && has("⇄overlap3"), "{f:?}");
    let unmasked = Analyzer::new(&FeatureConfig {
        pair_mask: false,
        ..config.clone()
    })
    .features(&text);
    assert!(unmasked.iter().any(|x| x == "⇄overlap3"));
    assert!(unmasked.iter().any(|x| x == "apple sells"));
    // Off by default, and meaningless without pair_features.
    assert!(!FeatureConfig::default().pair_mask);
    let err = FeatureConfig {
        pair_mask: true,
        ..FeatureConfig::default()
    }
    .validate()
    .unwrap_err();
    assert!(err.to_string().contains("pair_features"), "{err}");
}

#[test]
fn features_have_distinct_namespaces() {
    let cfg = FeatureConfig {
        char_ngrams: Some([2, 3]),
        ..FeatureConfig::default()
    };
    let f = Analyzer::new(&cfg).features("the “de facto” ab");
    assert!(f.contains(&"de facto".to_string()));
    assert!(f.contains(&"\"facto\"".to_string()));
    assert!(f.contains(&"§ab ".to_string()));
    assert!(!f.contains(&"ab ".to_string()));
}

#[test]
fn a_text_scores_the_same_alone_and_in_a_batch() {
    let docs = [
        "occupied region talks",
        "independent state talks",
        "talks held",
    ];
    let v = TfidfVectorizer::fit(&FeatureConfig::default(), &Lexicon::default(), &docs).unwrap();
    let batch = v.transform(&docs);
    let alone = v.transform(&docs[1..2]);
    assert_eq!(batch.row(1), alone.row(0));
}

#[test]
fn min_df_that_removes_everything_is_an_error() {
    let cfg = FeatureConfig {
        min_df: 5,
        ..FeatureConfig::default()
    };
    let err = TfidfVectorizer::fit(&cfg, &Lexicon::default(), &["a b", "c d"]).unwrap_err();
    assert!(err.to_string().contains("min_df=5"));
}
