//! Regressions of the twelfth "nothing silent" audit: `bench`'s unconverged fits, stop-word
//! files and stop words that drop nothing, flags a config's blocks or `[search]` override,
//! and empty `--split-col` / `--per-group` cells, through the real binary. One test per
//! finding; each failed before its fix.

mod common;

use common::*;

/// `train` and `eval` warn of a head stopped at `max_iterations` before converging;
/// `bench` ranked and tested such a set on its unconverged fits without a word. Each such
/// set is named now, with how many of its fits stopped, in stderr and in results.json.
#[test]
fn bench_warns_of_sets_whose_fits_did_not_converge() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "d.csv", labeled_corpus("a", [4, 4, 4], false));
    let config = write(
        dir.path(),
        "sets.toml",
        "folds = 3\n[[set]]\nname = \"short\"\n[set.stance]\nmax_iterations = 1\n\
         [[set]]\nname = \"full\"\n",
    );
    let out = dir.path().join("results");
    let (code, _, err) = run(stancer()
        .args(["bench", "--data"])
        .arg(&data)
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let warning = warning_with(&err, &["set `short`", "max_iterations", "3 of 3 fits"]);
    assert!(!warning.contains("`full`"), "{warning}");
    assert!(
        !err.lines().any(|l| l.contains("set `full`")),
        "the converged set is not named: {err}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let sets = report["sets"].as_array().unwrap();
    assert_eq!(sets[0]["unconverged_fits"], serde_json::json!([3, 3]));
    assert!(sets[1].get("unconverged_fits").is_none(), "{}", sets[1]);
}

/// A stop-word file saved by a Windows editor starts with a byte order mark, which was
/// kept as part of the first word (`\u{feff}the`): no token is that, so `the` was never
/// dropped. The mark is not part of the word now.
#[test]
fn a_stop_word_file_with_a_byte_order_mark_drops_its_first_word() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "stop.txt", "\u{feff}the\nof\n");
    let config = write(
        dir.path(),
        "c.toml",
        "[features]\nstop_words = \"stop.txt\"\n",
    );
    let (_, model) = train_with_config(dir.path(), "labels/seed_sentences.csv", &config, &[]);
    assert_eq!(
        model["vectorizer"]["config"]["stop_words"],
        serde_json::json!(["the", "of"])
    );
    assert!(!vocabulary(&model).iter().any(|f| f == "the"));
}

/// A stop word that no token can equal (`The` when tokens are lowercased, `de facto`,
/// two tokens) drops nothing; scikit-learn warns of such stop words ("may be inconsistent
/// with your preprocessing"), stancer kept them in the model without a word.
#[test]
fn stop_words_no_token_can_equal_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "c.toml",
        "[features]\nstop_words = [\"The\", \"of\", \"de facto\"]\n",
    );
    let model = dir.path().join("m.json");
    let (code, _, err) = run(stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&model));
    assert_eq!(code, 0, "{err}");
    warning_with(&err, &["c.toml", "stop_words", "2 of 3", "`The`", "`the`"]);
    // Words the tokens can equal: nothing to say.
    let fine = write(
        dir.path(),
        "ok.toml",
        "[features]\nstop_words = [\"the\", \"of\"]\n",
    );
    let (code, _, err) = run(stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
        .arg(&fine)
        .arg("--out")
        .arg(&model));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("stop_words"), "{err}");
}

/// Flags the config takes the place of were set in the model's recorded settings and
/// ignored by the fit: `--ngram-max` beside `[[features.blocks]]` (the word block's range
/// rules), `--no-lexicon-features` beside a lexicon block, `--C` beside `[search] c` (the
/// stance head's C was the searched one). So was `--split-col` beside `eval --model`,
/// which splits nothing. Each is refused now, naming the flag.
#[test]
fn flags_the_config_takes_the_place_of_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let blocks = write(
        dir.path(),
        "blocks.toml",
        "[[features.blocks]]\nanalyzer = \"word\"\nngram_range = [1, 2]\n\
         [[features.blocks]]\nanalyzer = \"lexicon\"\n",
    );
    let search = write(
        dir.path(),
        "search.toml",
        "[search]\nc = [0.1, 1.0]\nfolds = 2\n",
    );
    let cases: [(&std::path::Path, &[&str], &str); 3] = [
        (&blocks, &["--ngram-max", "1"], "--ngram-max"),
        (&blocks, &["--no-lexicon-features"], "--no-lexicon-features"),
        (&search, &["--C", "50"], "--C"),
    ];
    for (config, flags, named) in cases {
        let err = stderr_of(
            stancer()
                .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
                .arg(config)
                .args(flags)
                .arg("--out")
                .arg(dir.path().join("m.json")),
            2,
        );
        assert!(
            err.contains(&format!("stancer: {named}:")) && err.contains("would"),
            "{named}: {err}"
        );
    }
    assert!(!dir.path().join("m.json").exists());
    // The same flags beside a config they do not collide with still train.
    stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
        .arg(&search)
        .args(["--ngram-max", "1", "--no-lexicon-features", "--out"])
        .arg(dir.path().join("ok.json"))
        .assert()
        .success();
    let err = stderr_of(
        stancer().args(["eval", "--model"]).arg(seed_model()).args([
            "--test",
            "labels/composed_sentences.csv",
            "--split-col",
            "style",
        ]),
        2,
    );
    assert!(err.contains("--split-col"), "{err}");
}

/// Rows with an empty `--split-col` cell were held out together as one more value, and
/// rows with an empty `--per-group` cell trained a model of their own named `` (`bench`
/// did not even list it), without a word, where each was meant to have its own value.
/// Said now, as an empty group is: how many rows, the first one's line and the column.
#[test]
fn empty_split_and_per_group_cells_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::new();
    for (i, line) in labeled_corpus("a", [4, 4, 4], false).lines().enumerate() {
        let cell = match i {
            0 => "target",
            // The first two articles of each stance: rows 1-6, 13-18, 25-30.
            _ if (i - 1) % 12 < 6 => "",
            _ => "t",
        };
        csv += &format!("{line},{cell}\n");
    }
    let data = write(dir.path(), "d.csv", csv);
    for flags in [
        &["eval", "--folds", "2", "--split-col", "target"][..],
        &["eval", "--folds", "2", "--per-group", "target"][..],
        &["bench", "--folds", "2", "--per-group", "target"][..],
    ] {
        let (code, _, err) = run(stancer()
            .args(&flags[..1])
            .arg("--data")
            .arg(&data)
            .args(&flags[1..]));
        assert_eq!(code, 0, "{flags:?}: {err}");
        warning_with(
            &err,
            &["d.csv: line 2:", "18 row(s)", "column `target`", flags[3]],
        );
    }
}

/// `--split-col` beside `--train-data` split nothing (the test rows are given) and was
/// taken without a word unless a config's `[search]` read it for its inner folds.
/// Refused now without a `[search]`; with one it still runs.
#[test]
fn split_col_beside_train_data_without_a_search_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let train_test = [
        "eval",
        "--train-data",
        "labels/seed_sentences.csv",
        "--data",
        "labels/composed_short_sentences.csv",
        "--split-col",
        "style",
    ];
    let err = stderr_of(stancer().args(train_test), 2);
    assert!(
        err.contains("--split-col style:") && err.contains("[search]"),
        "{err}"
    );
    let search = write(
        dir.path(),
        "search.toml",
        "[search]\nc = [0.1, 1.0]\nfolds = 2\n",
    );
    stancer()
        .args(train_test)
        .arg("--config")
        .arg(&search)
        .assert()
        .success();
}
