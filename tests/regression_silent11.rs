//! Regressions of the eleventh "nothing silent" audit: what the tenth left open (frames on
//! one side of a train/test evaluation, the article-label files' read options, failed
//! out-of-fold fits, identical bench sets), through the real binary. One test per finding;
//! each failed before its fix.

mod common;

use common::*;

/// A labeled CSV of `docs` articles per stance (`prefix` names them), three sentences
/// each; `frame` adds the frame column; `sep` separates the fields.
fn corpus(prefix: &str, docs: &[usize; 3], frame: bool, sep: char) -> String {
    labeled_corpus(prefix, *docs, frame).replace(',', &sep.to_string())
}

/// The article labels of `corpus(prefix, docs, ..)`.
fn doc_labels(prefix: &str, docs: &[usize; 3], sep: char) -> String {
    let mut s = format!("doc_id{sep}stance\n");
    for (k, (stance, _, _)) in SENTENCES.iter().enumerate() {
        for d in 0..docs[k] {
            s += &format!("{prefix}{k}_{d}{sep}{stance}\n");
        }
    }
    s
}

/// `eval --train-data A --data B` where only one side has the (default) frame column: the
/// frame head was trained but not evaluated, or not trained while the test side's frame
/// labels were read, and the report simply had no frame section. Said now, both ways.
#[test]
fn frames_on_one_side_of_a_train_test_evaluation_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let with = |name: &str, p: &str| write(dir.path(), name, corpus(p, &[4, 4, 4], true, ','));
    let without = |name: &str, p: &str| write(dir.path(), name, corpus(p, &[4, 4, 4], false, ','));
    let cases = [
        (
            with("train_f.csv", "a"),
            without("test_n.csv", "b"),
            "not evaluated",
        ),
        (
            without("train_n.csv", "a"),
            with("test_f.csv", "b"),
            "not trained",
        ),
    ];
    for (train, test, what) in cases {
        let (code, _, err) = run(stancer()
            .args(["eval", "--train-data"])
            .arg(&train)
            .arg("--data")
            .arg(&test));
        assert_eq!(code, 0, "{err}");
        let warning = warning_with(&err, &["`frame`", what]);
        let names = |p: &std::path::Path| p.file_name().unwrap().to_str().unwrap().to_string();
        assert!(warning.contains(&names(&train)), "{warning}");
        assert!(warning.contains(&names(&test)), "{warning}");
    }
    // Both sides with frames, or neither: nothing to say.
    let (code, _, err) = run(stancer()
        .args(["eval", "--train-data"])
        .arg(with("t2.csv", "a"))
        .arg("--data")
        .arg(with("d2.csv", "b")));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("frame column"), "{err}");
}

/// `-d` and `--encoding` apply to the --data files; --doc-labels files were read as
/// comma-separated UTF-8 whatever was given, so a tab-separated (or Latin-1) article-label
/// file beside tab-separated (Latin-1) sentences failed with "missing column `doc_id`; the
/// columns are: doc_id<TAB>stance". They are read with the same flags now, and a file
/// separated otherwise is told so.
#[test]
fn doc_labels_are_read_with_the_data_files_delimiter_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [4, 4, 4];
    // Latin-1 ids (`é` as one byte) in both files.
    let latin1 = |s: String| -> Vec<u8> {
        s.replace("a0_", "é0_")
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    };
    let data = write(dir.path(), "s.tsv", latin1(corpus("a", &docs, true, '\t')));
    let labels = write(dir.path(), "d.tsv", latin1(doc_labels("a", &docs, '\t')));
    let (code, out, err) = run(stancer()
        .args(["eval", "--data"])
        .arg(&data)
        .args(["-d", "tab", "--encoding", "latin1", "--folds", "2"])
        .arg("--doc-labels")
        .arg(&labels));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("document stance"), "{out}");
    assert!(!err.contains("no article label"), "{err}");

    // Comma-separated article labels beside -d tab: a clear error naming the delimiter.
    let csv_labels = write(dir.path(), "d.csv", latin1(doc_labels("a", &docs, ',')));
    let (code, _, err) = run(stancer()
        .args(["eval", "--data"])
        .arg(&data)
        .args(["-d", "tab", "--encoding", "latin1", "--folds", "2"])
        .arg("--doc-labels")
        .arg(&csv_labels));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("d.csv"), "{err}");
    assert!(err.contains("delimiter"), "{err}");
}

/// The article rule is fitted on out-of-fold predictions; a fold whose fit failed (its
/// training side held one stance class) predicted nothing, and its articles were left out
/// of the rule's fit without a word. `train` and `eval` say how many, and why.
#[test]
fn failed_out_of_fold_fits_of_the_article_rule_are_said() {
    let dir = tempfile::tempdir().unwrap();
    // One neutral article among six Georgian ones: the fold that holds it out trains on
    // Georgian sentences only.
    let docs = [6, 1, 0];
    let data = write(dir.path(), "s.csv", corpus("a", &docs, false, ','));
    let labels = write(dir.path(), "d.csv", doc_labels("a", &docs, ','));
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(&data)
        .arg("--doc-labels")
        .arg(&labels)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    let warning = warning_with(&err, &["out-of-fold", "failed"]);
    assert!(warning.contains("1 of the 5"), "{warning}");
    assert!(warning.contains("of the 7 labeled articles"), "{warning}");
    assert!(warning.contains("only one class"), "{warning}");

    // Two neutral articles: each outer fold trains on one, and the inner fold that holds
    // it out fails.
    let docs = [6, 2, 0];
    let data = write(dir.path(), "s2.csv", corpus("a", &docs, false, ','));
    let labels = write(dir.path(), "d2.csv", doc_labels("a", &docs, ','));
    let (code, _, err) = run(stancer()
        .args(["eval", "--data"])
        .arg(&data)
        .arg("--doc-labels")
        .arg(&labels)
        .args(["--folds", "2"]));
    assert_eq!(code, 0, "{err}");
    warning_with(&err, &["out-of-fold", "failed", "fold "]);
}

/// Two bench sets with the same settings under different names (a copied `[[set]]`)
/// fit the same models; the table showed them as two results, equal by construction,
/// and nothing said so. Warned now, naming both.
#[test]
fn identical_bench_sets_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "b.toml",
        "folds = 2\n[base.features]\nmin_df = 1\n\
         [[set]]\nname = \"one\"\n\
         [[set]]\nname = \"two\"\n[set.features]\nmin_df = 1\n\
         [[set]]\nname = \"three\"\n[set.features]\nword_ngrams = [1, 1]\n",
    );
    let (code, _, err) = run(stancer()
        .args(["bench", "--data"])
        .arg(repo_path("labels/seed_sentences.csv"))
        .arg("--config")
        .arg(&config));
    assert_eq!(code, 0, "{err}");
    warning_with(&err, &["`one`", "`two`", "same settings"]);
    assert!(!err.contains("`three`"), "{err}");
}

/// The same for `eval --model M --test FILE`: a model with a frame head tested on a file
/// without the frame column, or the reverse, gave a report without frame scores and said
/// nothing of the frame labels on the one side.
#[test]
fn a_model_and_test_files_that_differ_in_frames_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [4, 4, 4];
    let with = write(dir.path(), "with.csv", corpus("a", &docs, true, ','));
    let without = write(dir.path(), "without.csv", corpus("b", &docs, false, ','));
    for (train, test, what) in [
        (&with, &without, "has a frame head, but"),
        (&without, &with, "has no frame head"),
    ] {
        let model = dir.path().join("m.json");
        stancer()
            .args(["train", "--data"])
            .arg(train)
            .arg("--out")
            .arg(&model)
            .assert()
            .success();
        let (code, _, err) = run(stancer()
            .args(["eval", "--model"])
            .arg(&model)
            .arg("--test")
            .arg(test));
        assert_eq!(code, 0, "{err}");
        let warning = warning_with(&err, &[what]);
        assert!(warning.contains("m.json"), "{warning}");
    }
}
