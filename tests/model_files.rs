//! Stored model files with one defect each (`tests/data/models/bad/`, made from
//! `base.json` by `tests/data/models/make.py`): every one is refused at load with one line
//! on stderr that names the file and the defect, and exit code 2; none panics or scores.

mod common;

use common::*;

/// Each stored variant and a fragment of the message it must give.
const BAD: &[(&str, &str)] = &[
    (
        "article_head_label.json",
        "label `unheard_of` is not one of the stance labels",
    ),
    (
        "article_head_rows.json",
        "article stance (document_tfidf): the vectorizer gives",
    ),
    (
        "article_head_stacked_shape.json",
        "article stance (stacked): the vectorizer gives 9 features",
    ),
    (
        "article_rule_unknown_label.json",
        "label `neutral` is not one of the stance labels",
    ),
    ("char_ngrams_zero.json", "char_ngrams must be [min, max]"),
    ("format_version_99.json", "model format version 99"),
    ("frame_intercepts.json", "data and dimension must match"),
    (
        "frame_labels_empty.json",
        "frame head: labels []; a head needs at least two",
    ),
    ("idf_negative.json", "idf value -1"),
    ("idf_short.json", "but idf has"),
    ("not_json.json", "not a readable stancer model"),
    ("stance_head_rows.json", "stance head: the vectorizer gives"),
    (
        "stance_labels_duplicate.json",
        "stance head: duplicate labels",
    ),
    ("stance_labels_empty.json", "stance head: labels []"),
    ("stance_weight_huge.json", "a weight or intercept of 1e300"),
    ("truncated.json", "truncated or corrupted JSON"),
    ("unknown_key.json", "unknown field `calibration`"),
    ("word_ngrams_huge.json", "got [1, 100000]"),
    ("word_ngrams_zero.json", "got [0, 2]"),
];

#[test]
fn the_base_model_loads_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.txt", "Russian troops occupied the region.\n");
    let out = stdout_of(stancer().arg("score").arg(&input).args([
        "--level",
        "document",
        "--model",
        "tests/data/models/base.json",
    ]));
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn every_stored_bad_model_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.txt", "Russian troops occupied the region.\n");
    let stored: usize = std::fs::read_dir(repo_path("tests/data/models/bad"))
        .unwrap()
        .count();
    assert_eq!(stored, BAD.len(), "every stored variant is listed here");
    for (name, fragment) in BAD {
        let path = format!("tests/data/models/bad/{name}");
        for level in ["sentence", "document"] {
            let out = stancer()
                .arg("score")
                .arg(&input)
                .args(["--level", level, "--model", &path])
                .assert()
                .code(2)
                .get_output()
                .clone();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.stdout.is_empty(), "{name}: wrote rows");
            assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
            assert!(
                stderr.starts_with(&format!("stancer: {path}: ")),
                "{name}: {stderr}"
            );
            assert!(stderr.contains(fragment), "{name}: {stderr}");
        }
    }
}
