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
        FeatureConfig {
            word_ngrams: [2, 3],
            ..FeatureConfig::default()
        },
        FeatureConfig {
            cross_sentence_quotes: true,
            agency_tails: true,
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
                let hits = FrameTagger::for_features(&lexicon, &config).tag(d);
                let base = strings.vocabulary.len();
                let sentence = crate::features::voice_marks::sentence_mark(&config, d);
                crate::features::lexicon_block::push_counts(
                    &config, base, &hits, sentence, &mut row,
                );
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

/// The flat `char_analyzer = "char"` cuts the same n-grams as a `char` block, but
/// normalizes them together with the words; a union normalizes each block alone and
/// weighs it.
#[test]
fn char_analyzer_and_blocks() {
    use crate::features::{BlockAnalyzer, BlockConfig, CharAnalyzer};
    let docs = [
        "Talks  held in Geneva.",
        "Occupied region talks",
        "held again",
    ];
    let flat = FeatureConfig {
        word_ngrams: [1, 1],
        char_ngrams: Some([2, 3]),
        char_analyzer: CharAnalyzer::Char,
        quote_markers: false,
        lexicon_features: false,
        ..FeatureConfig::default()
    };
    let block = |analyzer, ngram_range, weight| BlockConfig {
        weight,
        ..BlockConfig::new(analyzer, Some(ngram_range))
    };
    let union = FeatureConfig {
        char_ngrams: None,
        blocks: vec![
            block(BlockAnalyzer::Word, [1, 1], 1.0),
            block(BlockAnalyzer::Char, [2, 3], 2.0),
        ],
        ..flat.clone()
    };
    let lexicon = Lexicon::default();
    let (f, u) = (
        TfidfVectorizer::fit(&flat, &lexicon, &docs).unwrap(),
        TfidfVectorizer::fit(&union, &lexicon, &docs).unwrap(),
    );
    assert_eq!(f.vocabulary(), u.vocabulary());
    assert!(
        f.vocabulary().terms().iter().any(|t| t == "¤s h"),
        "across words"
    );
    assert!(
        !f.vocabulary().terms().iter().any(|t| t == "¤s  "),
        "spaces collapsed"
    );
    let a = Analyzer::new(&flat);
    let sq = |row: &SparseRow, char: bool| -> f64 {
        row.iter()
            .filter(|(c, _)| f.vocabulary().terms()[*c].starts_with('¤') == char)
            .map(|(_, v)| v * v)
            .sum()
    };
    let (rf, ru) = (f.transform_one(docs[0], &a), u.transform_one(docs[0], &a));
    assert!((sq(&rf, true) + sq(&rf, false) - 1.0).abs() < 1e-12);
    assert!(
        (sq(&ru, false) - 1.0).abs() < 1e-12,
        "word block alone has norm 1"
    );
    assert!(
        (sq(&ru, true) - 4.0).abs() < 1e-12,
        "char block has norm = its weight 2"
    );
}

/// A lexicon block only weighs (and with `l2_norm`, normalizes) the lexicon's columns;
/// without one, a union has no lexicon columns at all.
#[test]
fn lexicon_block_weighs_the_lexicon_columns() {
    use crate::features::{BlockAnalyzer, BlockConfig};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lexicon = Lexicon::from_csv(&root.join("labels/frame_terms.csv")).unwrap();
    let docs = [
        "the occupied region and the occupation line",
        "the Republic of South Ossetia held elections",
    ];
    let word = BlockConfig::new(BlockAnalyzer::Word, Some([1, 1]));
    let lex = |weight, l2_norm| BlockConfig {
        analyzer: BlockAnalyzer::Lexicon,
        ngram_range: None,
        weight,
        l2_norm,
        ..word.clone()
    };
    let config = |blocks| FeatureConfig {
        blocks,
        ..FeatureConfig::default()
    };
    let fit = |c: &FeatureConfig| TfidfVectorizer::fit(c, &lexicon, &docs).unwrap();
    let plain = fit(&config(vec![word.clone(), lex(1.0, None)]));
    let heavy = fit(&config(vec![word.clone(), lex(3.0, None)]));
    let normed = fit(&config(vec![word.clone(), lex(1.0, Some(true))]));
    let none = fit(&config(vec![word.clone()]));
    let base = plain.vocabulary().len();
    assert_eq!(
        none.n_features(),
        base,
        "no lexicon block, no lexicon columns"
    );
    assert!(plain.n_features() > base);
    let a = Analyzer::new(plain.config());
    let lex_part = |v: &TfidfVectorizer| -> SparseRow {
        v.transform_one(docs[0], &a)
            .into_iter()
            .filter(|&(c, _)| c >= base)
            .collect()
    };
    let (p, h, n) = (lex_part(&plain), lex_part(&heavy), lex_part(&normed));
    assert!(!p.is_empty());
    for ((pc, pv), (hc, hv)) in p.iter().zip(&h) {
        assert_eq!(pc, hc);
        assert!((hv - 3.0 * pv).abs() < 1e-12);
    }
    let norm: f64 = n.iter().map(|(_, v)| v * v).sum();
    assert!((norm - 1.0).abs() < 1e-12);
}

#[test]
fn block_settings_are_checked() {
    use crate::features::{BlockAnalyzer, BlockConfig};
    let b = BlockConfig::new;
    let err = |blocks: Vec<BlockConfig>, char_ngrams| {
        FeatureConfig {
            blocks,
            char_ngrams,
            ..FeatureConfig::default()
        }
        .validate()
        .unwrap_err()
        .to_string()
    };
    let word = || b(BlockAnalyzer::Word, Some([1, 2]));
    assert!(err(vec![word(), word()], None).contains("one block per analyzer"));
    assert!(err(vec![b(BlockAnalyzer::Char, None)], None).contains("needs ngram_range"));
    assert!(err(vec![b(BlockAnalyzer::Lexicon, Some([1, 1]))], None).contains("no ngram_range"));
    assert!(err(vec![word()], Some([2, 5])).contains("char_ngrams and blocks"));
    let negative = BlockConfig {
        weight: -1.0,
        ..word()
    };
    assert!(err(vec![negative], None).contains("weight"));
}

/// The row of a voice-marked sentence from the tokens already found equals the row of the
/// marked text tokenized anew, and the fast path is taken where it applies.
#[test]
fn marked_rows_from_the_tokens_equal_marked_texts_tokenized() {
    let model = crate::shipped::model().unwrap();
    let v = model.vectorizer();
    assert!(v.config().voice_tokens);
    let a = model.analyzer();
    let index = v
        .index
        .0
        .as_deref()
        .expect("the shipped model keys n-grams by id");
    let texts = [
        "Tbilisi calls them occupied territories, the minister said.",
        "Georgia says the “occupied” regions are Russian-occupied territories.",
        "“The occupation of Abkhazia must end,” the Georgian foreign minister said.",
        "He said the so-called 'independence' of the occupied regions was a sham.",
        "Moscow recognised the independence of Abkhazia and South Ossetia, Lavrov said.",
        "Kosovo's independence is no precedent for occupied Crimea, officials said.",
        "Officials said Russia's OCCUPATION of Georgian land continues.",
        "The separatist leaders said the ‘republic’ would hold de-facto elections.",
        "Tbilisi called it anti-occupation\u{ad}policy, occu\u{200b}pied, the minister said.",
        "Tbilisi calls the regions оccupied (Cyrillic о), the minister said.",
        "“Occupied” — that is what Georgia’s president called Tskhinvali region.",
    ];
    let mut fast = 0;
    for t in texts {
        let (_, hits) = v.transform_tagged(t, &a, true);
        let sentence = crate::features::voice_marks::sentence_mark(&v.config, t);
        for sentence in [
            sentence,
            crate::features::voice_marks::SentenceMark::Unadopted,
        ] {
            let marks = crate::features::voice_marks::marks(t, &hits, sentence);
            if marks.is_empty() {
                continue;
            }
            let marked = crate::features::voice_marks::apply(t, &marks);
            let slow = v.word_features(&marked, &a, index, false).0;
            // The scratch holds the text's own tokens again.
            v.word_features(t, &a, index, true);
            if let Some(row) = v.marked_word_features(t, &marks, &a, index) {
                fast += 1;
                assert_eq!(row, slow, "{t:?} marked as {marked:?}");
            }
        }
    }
    assert!(fast >= 6, "the fast path ran {fast} times");
}
