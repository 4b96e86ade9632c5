//! The scikit-learn options through the real binary: configs that name them, models that
//! carry them, and the messages a wrong setting gets.

mod common;

use common::*;

/// A stop-word file named in a config is read relative to the config's folder, and the
/// model stores the words, so scoring needs no file.
#[test]
fn stop_word_file_is_read_from_the_config_folder_and_stored_in_the_model() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stop.txt",
        "# dropped before n-grams\nthe\nof\n",
    );
    let config = write(
        dir.path(),
        "c.toml",
        "[features]\nstop_words = \"stop.txt\"\nlexicon_features = false\nmin_df = 1\n",
    );
    let (model, json) = train_with_config(dir.path(), "labels/seed_sentences.csv", &config, &[]);
    let stored = &json["vectorizer"]["config"]["stop_words"];
    assert_eq!(stored, &serde_json::json!(["the", "of"]), "{stored}");
    let terms = vocabulary(&json);
    assert!(terms.iter().any(|t| t == "occupied"));
    assert!(!terms
        .iter()
        .any(|t| t.split(' ').any(|w| w == "the" || w == "of")));
    std::fs::remove_file(dir.path().join("stop.txt")).unwrap();
    assert!(score_seed_article(&model).len() >= 8);
}

/// A config that cannot be used is refused before training, naming what is wrong; a setting
/// that would change nothing is refused, not ignored.
#[test]
fn a_missing_stop_word_file_and_a_bad_block_are_named() {
    let dir = tempfile::tempdir().unwrap();
    for (name, toml, expected) in [
        (
            "c.toml",
            "[features]\nstop_words = \"nope.txt\"\n",
            &["c.toml", "nope.txt"][..],
        ),
        (
            "b.toml",
            "[[features.blocks]]\nanalyzer = \"char\"\n",
            &["needs ngram_range"][..],
        ),
        (
            "u.toml",
            "[features]\nlexicon_columns = \"voice\"\nunadopted_apart = true\n",
            &["unadopted_apart needs article_context"][..],
        ),
        (
            "t.toml",
            "[features]\ntopic_gate = true\n",
            &["topic_gate needs article_context"][..],
        ),
    ] {
        let config = write(dir.path(), name, toml);
        let err = stderr_of(
            stancer()
                .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
                .arg(&config),
            2,
        );
        for e in expected {
            assert!(err.contains(e), "{name}: {err}");
        }
    }
}

/// scikit-learn's default `token_pattern`, as a config gives it.
const SKLEARN_PATTERN: &str = r"(?u)\b\w\w+\b";

/// How many vocabulary terms hold a one-letter word.
fn with_one_letter_words(terms: &[String]) -> usize {
    terms
        .iter()
        .filter(|t| t.split(' ').any(|w| w.chars().count() == 1))
        .count()
}

/// `token_pattern` cuts words as scikit-learn does (its default drops one-letter words,
/// which stancer's tokenizer keeps); the model stores the pattern, so scoring cuts them
/// the same way, and `eval` records it in its report.
#[test]
fn token_pattern_cuts_words_in_train_score_and_eval() {
    let dir = tempfile::tempdir().unwrap();
    let own = write(
        dir.path(),
        "own.toml",
        "[features]\nlexicon_features = false\n",
    );
    let (_, json) = train_with_config(dir.path(), "labels/seed_sentences.csv", &own, &[]);
    assert!(with_one_letter_words(&vocabulary(&json)) > 0);
    assert!(json["vectorizer"]["config"].get("token_pattern").is_none());
    let config = write(
        dir.path(),
        "sk.toml",
        format!("[features]\nlexicon_features = false\ntoken_pattern = '{SKLEARN_PATTERN}'\n"),
    );
    let (model, json) = train_with_config(dir.path(), "labels/seed_sentences.csv", &config, &[]);
    assert_eq!(
        json["vectorizer"]["config"]["token_pattern"],
        SKLEARN_PATTERN
    );
    let terms = vocabulary(&json);
    assert_eq!(with_one_letter_words(&terms), 0, "{terms:?}");
    assert!(terms.iter().any(|t| t == "russia"));
    assert!(score_seed_article(&model).len() >= 8);
    let report = dir.path().join("r.json");
    stancer()
        .args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "--folds",
            "3",
        ])
        .arg("--config")
        .arg(&config)
        .arg("--json")
        .arg(&report)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["params"]["features"]["token_pattern"], SKLEARN_PATTERN);
}

/// A pattern that is not a regular expression (or has two groups) is refused when the
/// config is read, naming the file, the key and what is wrong: in a `train` config and
/// in a `bench` set.
#[test]
fn a_bad_token_pattern_names_the_config_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "bad_pattern.toml",
        "[features]\ntoken_pattern = '(?<=#)\\w+'\n",
    );
    let err = stderr_of(
        stancer()
            .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
            .arg(&config),
        2,
    );
    assert!(err.contains("bad_pattern.toml"), "{err}");
    assert!(err.contains("token_pattern `(?<=#)\\w+`"), "{err}");
    assert!(err.contains("look-around"), "{err}");
    let bench = write(
        dir.path(),
        "bench.toml",
        "[[set]]\nname = \"own\"\n[[set]]\nname = \"two_groups\"\n[set.features]\ntoken_pattern = '(\\w)(\\w+)'\n",
    );
    let err = stderr_of(
        stancer()
            .args(["bench", "--data", "labels/seed_sentences.csv", "--config"])
            .arg(&bench),
        2,
    );
    assert!(err.contains("bench.toml"), "{err}");
    assert!(err.contains("set `two_groups`"), "{err}");
    assert!(
        err.contains("token_pattern `(\\w)(\\w+)` has 2 capturing groups"),
        "{err}"
    );
}

/// A linear SVM on pattern-cut words gives the same model bytes on one thread and two.
#[test]
fn linear_svm_with_a_token_pattern_is_the_same_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "sk.toml",
        format!("[features]\ntoken_pattern = '{SKLEARN_PATTERN}'\n[stance]\nmodel = \"linear_svm\"\nc = 100.0\n"),
    );
    let bytes: Vec<Vec<u8>> = ["1", "2"]
        .iter()
        .map(|threads| {
            let model = dir.path().join(format!("m{threads}.json"));
            stancer()
                .env("RAYON_NUM_THREADS", threads)
                .args(["train", "--data", "labels/composed_sentences.csv"])
                .args(["--frame-col", "", "--config"])
                .arg(&config)
                .arg("--out")
                .arg(&model)
                .assert()
                .success();
            std::fs::read(&model).unwrap()
        })
        .collect();
    assert!(!bytes[0].is_empty());
    assert!(
        bytes[0] == bytes[1],
        "the models differ between 1 and 2 threads"
    );
}

/// A union of a word block and a character block (across words) trains, scores, and
/// stores its blocks.
#[test]
fn a_feature_union_trains_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "u.toml",
        r#"[features]
lexicon_features = false
[[features.blocks]]
analyzer = "word"
ngram_range = [1, 2]
[[features.blocks]]
analyzer = "char"
ngram_range = [2, 4]
weight = 0.5
min_df = 2
"#,
    );
    let (model, json) = train_with_config(dir.path(), "labels/seed_sentences.csv", &config, &[]);
    let blocks = &json["vectorizer"]["config"]["blocks"];
    assert_eq!(blocks[1]["analyzer"], "char");
    assert_eq!(blocks[1]["weight"], 0.5);
    assert!(score_seed_article(&model).len() >= 8);
}

/// A linear SVM model trains, scores with its decision scores beside calibrated
/// probabilities, and evaluates.
#[test]
fn linear_svm_trains_scores_and_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("svm.json");
    stancer()
        .args([
            "train",
            "--data",
            "labels/seed_sentences.csv",
            "--classifier",
        ])
        .args(["linear_svm", "--C", "1", "--out"])
        .arg(&model)
        .assert()
        .success();
    let csv = stdout_of(
        stancer()
            .args([
                "score",
                "labels/seed_articles/003_a2c1f8a07762f669.txt",
                "--model",
            ])
            .arg(&model)
            .args(["--format", "csv"]),
    );
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "p_georgian",
        "score_georgian",
        "p_frame_none",
        "score_frame_none",
    ] {
        assert!(header.contains(&col), "{col} missing from {header:?}");
    }
    let rows = score_seed_article(&model);
    for r in &rows {
        let probs = r["stance_probs"].as_object().unwrap();
        let sum: f64 = probs.values().map(|v| v.as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        // The label is the largest decision score.
        let scores = r["stance_scores"].as_object().unwrap();
        let best = scores
            .iter()
            .max_by(|a, b| a.1.as_f64().unwrap().total_cmp(&b.1.as_f64().unwrap()))
            .unwrap()
            .0;
        assert_eq!(r["stance"].as_str().unwrap(), best);
    }
    let out = stdout_of(stancer().args([
        "eval",
        "--data",
        "labels/seed_sentences.csv",
        "--folds",
        "3",
        "--classifier",
        "linear_svm",
    ]));
    assert!(out.contains("sentence stance"), "{out}");
}

/// A two-class linear SVM head has one calibration sigmoid (for the second class's score),
/// and a model holding one loads and scores.
#[test]
fn a_two_class_linear_svm_model_loads_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["doc_id", "sent_id", "text", "stance"])
        .unwrap();
    for r in rows.records() {
        let r = r.unwrap();
        if &r[3] != "pro_tskhinvali" {
            w.write_record([&r[0], &r[1], &r[2], &r[3]]).unwrap();
        }
    }
    let data = write(dir.path(), "two.csv", w.into_inner().unwrap());
    let model = dir.path().join("svm2.json");
    stancer()
        .args(["train", "--any-labels", "--frame-col", "", "--data"])
        .arg(&data)
        .args(["--classifier", "linear_svm", "--out"])
        .arg(&model)
        .assert()
        .success();
    let rows = score_seed_article(&model);
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r["stance_probs"].as_object().unwrap().len(), 2, "{r}");
    }
}

/// `[search]` chooses C in every outer fold from inner folds of that fold's training
/// rows only; the report records each choice and the inner folds.
#[test]
fn inner_search_chooses_on_training_rows_only_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "s.toml",
        "[features]\nlexicon_features = false\n[search]\nc = [0.1, 10.0]\nfolds = 3\nmetric = \"macro_f1\"\n",
    );
    let json = dir.path().join("r.json");
    let out = stdout_of(
        stancer()
            .args([
                "eval",
                "--data",
                "labels/composed_sentences.csv",
                "--frame-col",
                "",
            ])
            .args(["--folds", "3", "--config"])
            .arg(&config)
            .arg("--json")
            .arg(&json),
    );
    assert!(
        out.contains(
            "settings chosen by inner 3-fold CV on each training side (macro_f1), over 3 model(s)"
        ),
        "{out}"
    );
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let search = r["search"].as_array().unwrap();
    assert_eq!(search.len(), 3);
    for rec in search {
        let fold = &r["folds"][rec["fold"].as_u64().unwrap() as usize];
        let test: Vec<&str> = fold["test_groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        let inner = rec["inner_test_groups"].as_array().unwrap();
        assert_eq!(inner.len(), 3);
        for g in inner.iter().flat_map(|f| f.as_array().unwrap()) {
            assert!(
                !test.contains(&g.as_str().unwrap()),
                "outer test group {g} in inner CV"
            );
        }
        let c = rec["chosen"]["c"].as_f64().unwrap();
        let means: Vec<f64> = rec["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["mean"].as_f64().unwrap())
            .collect();
        let best = means.iter().copied().fold(f64::MIN, f64::max);
        assert!(rec["chosen"]["mean"].as_f64().unwrap() == best && [0.1, 10.0].contains(&c));
    }
    // A model trained with the search records it, with the winner's C in its params.
    let model = dir.path().join("m.json");
    stancer()
        .args([
            "train",
            "--data",
            "labels/composed_sentences.csv",
            "--frame-col",
            "",
        ])
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&model)
        .assert()
        .success();
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    let winner = &m["search"]["candidates"][m["search"]["chosen"].as_u64().unwrap() as usize];
    assert_eq!(m["params"]["stance"]["c"], winner["c"]);
}

/// `bench` ranks model families beside feature sets, per group where asked.
#[test]
fn bench_ranks_model_families_per_group() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "f.toml",
        r#"
reference = "logistic"
folds = 3
[base.features]
lexicon_features = false
[[set]]
name = "logistic"
[[set]]
name = "svm"
[set.stance]
model = "linear_svm"
c = 0.5
[[set]]
name = "searched"
[set.search]
c = [0.1, 1.0]
model = ["logistic", "linear_svm"]
folds = 2
"#,
    );
    // Two topics, each holding every class: alternate rows of the composed corpus.
    let text = std::fs::read_to_string(repo_path("labels/composed_sentences.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["doc_id", "sent_id", "text", "stance", "topic"])
        .unwrap();
    for (i, r) in rows.records().enumerate() {
        let r = r.unwrap();
        let topic = if i % 2 == 0 { "even" } else { "odd" };
        w.write_record([&r[0], &r[1], &r[2], &r[3], topic]).unwrap();
    }
    let data = write(dir.path(), "topics.csv", w.into_inner().unwrap());
    let out = dir.path().join("out");
    let stdout = stdout_of(
        stancer()
            .args(["bench", "--frame-col", "", "--data"])
            .arg(&data)
            .args(["--per-group", "topic", "--config"])
            .arg(&config)
            .arg("--out")
            .arg(&out),
    );
    assert!(stdout.contains("Best per model family: "), "{stdout}");
    assert!(stdout.contains("searched: inner CV chose "), "{stdout}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let sets = r["sets"].as_array().unwrap();
    assert_eq!(sets[1]["model"], "linear_svm");
    let mut ranks: Vec<u64> = sets.iter().map(|s| s["rank"].as_u64().unwrap()).collect();
    ranks.sort_unstable();
    assert_eq!(ranks[0], 1);
    // Three folds, one model per topic in each: every choice counted.
    let chosen: u64 = sets[2]["chosen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_u64().unwrap())
        .sum();
    assert_eq!(chosen, 6);
}
