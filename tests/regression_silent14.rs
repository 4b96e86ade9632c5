//! Regressions of the fourteenth "nothing silent" audit, through the real binary: files
//! joined with `cat` (a second header row, a second byte-order mark). One test per
//! finding; each failed before its fix.

mod common;

use common::*;

/// `cat a.csv b.csv > all.csv` keeps b's header as a row. Scored, it was an article whose
/// text is `text` and id `id`, with exit 0; in labeled data read with `--any-labels` it
/// was a class named `stance`, warned about only as a class with few examples. Now it is
/// an error row (scoring) or an error (labeled data), naming the line, whether the second
/// header starts with a byte-order mark or not.
#[test]
fn a_row_that_repeats_the_header_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let joined = write(
        dir.path(),
        "all.csv",
        "id,text\na,Russian troops remain in occupied Abkhazia.\n\u{feff}id,text\n\
         b,Talks were held in Geneva.\n",
    );
    let (code, out, err) = run(stancer()
        .args(["score", "--id-col", "id", "--level", "document"])
        .arg(&joined));
    assert_eq!(code, 1, "an error row: {err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3, "one row per record: {out}");
    assert_eq!(rows[1]["status"], "error", "{out}");
    let message = rows[1]["error"].as_str().unwrap();
    assert!(
        message.contains("all.csv: line 3: this row repeats the header row")
            && message.contains("cat a.csv b.csv"),
        "{message}"
    );
    assert_eq!(rows[2]["doc_id"], "b", "the rows after it are read: {out}");
    assert!(err.contains("2 scored (2 sentences), 1 errored"), "{err}");

    // Labeled: the second file's header as a row of a class of its own.
    let (first, second) = (
        labeled_corpus("d", [2, 2, 2], true),
        labeled_corpus("e", [2, 2, 2], true),
    );
    let labeled = write(dir.path(), "labels.csv", format!("{first}{second}"));
    let out_model = dir.path().join("m.json");
    let (code, _, err) = run(stancer()
        .args(["train", "--any-labels", "--data"])
        .arg(&labeled)
        .arg("--out")
        .arg(&out_model));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("labels.csv: line 20: this row repeats the header row"),
        "{err}"
    );
    assert!(!out_model.exists(), "no model from it");
}

/// `cat a.jsonl b.jsonl` keeps b's byte-order mark at the start of a line in the middle.
/// The lines reader drops a mark on any line; the JSON Lines reader only on line 1, and
/// the record after it was an error row `malformed JSON at column 1: expected value`.
#[test]
fn a_byte_order_mark_at_the_start_of_a_later_json_line_is_read_past() {
    let dir = tempfile::tempdir().unwrap();
    let joined = write(
        dir.path(),
        "all.jsonl",
        "\u{feff}{\"id\": \"a\", \"text\": \"Russian troops remain in occupied Abkhazia.\"}\n\
         \u{feff}{\"id\": \"b\", \"text\": \"Talks were held in Geneva.\"}\n",
    );
    let (code, out, err) = run(stancer()
        .args(["score", "--id-col", "id", "--level", "document"])
        .arg(&joined));
    assert_eq!(code, 0, "{out}\n{err}");
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows.iter().map(|r| r["doc_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b"], "{out}");
    assert!(rows.iter().all(|r| r["status"] == "ok"), "{out}");
}

/// `reproduce --eval-dir` naming a file (or `--out` naming a folder) stopped the run only
/// where it first wrote there: after the cross-validation, minutes into the run. Both are
/// refused before the data are read now, as `train --out` is.
#[test]
fn reproduce_refuses_outputs_it_cannot_write_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels");
    std::fs::create_dir(&labels).unwrap();
    write(
        &labels,
        "seed_sentences.csv",
        labeled_corpus("d", [5, 5, 5], true),
    );
    std::fs::copy(
        repo_path("labels/frame_terms.csv"),
        labels.join("frame_terms.csv"),
    )
    .unwrap();
    let file = write(dir.path(), "eval.txt", "not a folder\n");
    for (out, eval_dir, named) in [
        (dir.path().join("m.json"), file.clone(), "eval.txt"),
        (
            dir.path().to_path_buf(),
            dir.path().join("eval"),
            "is a folder",
        ),
    ] {
        let (code, _, err) = run(stancer()
            .arg("reproduce")
            .arg("--labels")
            .arg(&labels)
            .arg("--config")
            .arg(repo_path("eval/default.toml"))
            .arg("--out")
            .arg(&out)
            .arg("--eval-dir")
            .arg(&eval_dir));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(named), "{err}");
        assert!(!err.contains("[1/4]"), "refused before the work: {err}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder\n");
}

/// `agreement` read a second header row as an item of its own (`doc_id/sent_id`, labeled
/// `stance` and `frame` by both files), counted in n and in the agreement, with exit 0.
#[test]
fn agreement_refuses_a_row_that_repeats_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let header = "doc_id,sent_id,stance,frame\n";
    let body = |j: usize| format!("d,{j},georgian,occupied\ne,{j},neutral_wire,none\n");
    let first = write(
        dir.path(),
        "a.csv",
        format!("{header}{}{header}{}", body(0), body(1)),
    );
    let second = write(
        dir.path(),
        "b.csv",
        format!("{header}{}{}", body(0), body(1)),
    );
    let (code, out, err) = run(stancer().arg("agreement").arg(&first).arg(&second));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("a.csv: line 4: this row repeats the header row"),
        "{err}"
    );
}
