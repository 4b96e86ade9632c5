//! Regressions of the fifteenth "nothing silent" audit, through the real binary. One test
//! per finding; each failed before its fix.

mod common;

use common::*;

/// Article labels of `labeled_corpus(prefix, docs, _)`: `doc_id,stance`, one row per article.
fn doc_labels(prefix: &str, docs: [usize; 3]) -> String {
    let mut s = String::from("doc_id,stance\n");
    for (k, (stance, _, _)) in SENTENCES.iter().enumerate() {
        for d in 0..docs[k] {
            s += &format!("{prefix}{k}_{d},{stance}\n");
        }
    }
    s
}

/// `cat a.csv b.csv` of two `--doc-labels` files keeps b's header as a row. It was read
/// as the article `doc_id` labeled `stance`: an unknown label (a message that did not say
/// why), or under --any-labels a label of its own, warned about only as one of the labels
/// that name no article, with exit 0. It is an error naming the line now, as in the
/// sentence files.
#[test]
fn a_doc_labels_row_that_repeats_the_header_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [2, 2, 2];
    let data = write(dir.path(), "s.csv", labeled_corpus("a", docs, true));
    let joined = write(
        dir.path(),
        "docs.csv",
        format!("{}\u{feff}{}", doc_labels("a", docs), doc_labels("a", docs)),
    );
    for any in [false, true] {
        let mut cmd = stancer();
        cmd.args(["eval", "--folds", "2", "--data"])
            .arg(&data)
            .arg("--doc-labels")
            .arg(&joined);
        if any {
            cmd.arg("--any-labels");
        }
        let (code, _, err) = run(&mut cmd);
        assert_eq!(code, 2, "--any-labels {any}: {err}");
        assert!(
            err.contains("docs.csv: line 8: this row repeats the header row")
                && err.contains("cat a.csv b.csv"),
            "--any-labels {any}: {err}"
        );
    }
    let out_model = dir.path().join("m.json");
    let (code, _, err) = run(stancer()
        .args(["train", "--any-labels", "--data"])
        .arg(&data)
        .arg("--doc-labels")
        .arg(&joined)
        .arg("--out")
        .arg(&out_model));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("docs.csv: line 8: this row repeats the header row"),
        "{err}"
    );
    assert!(!out_model.exists(), "no model from it");
}
