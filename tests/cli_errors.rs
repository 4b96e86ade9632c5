//! Bad input through the real binary: exit code 2 and a message naming file, line and what
//! was expected; per-record problems in scoring become error rows with exit code 1.

mod common;

use common::*;
use predicates::str::contains;

fn train_on(path: &std::path::Path) -> assert_cmd::assert::Assert {
    let out = path.with_extension("model.json");
    stancer()
        .args(["train", "--data"])
        .arg(path)
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn missing_file() {
    stancer()
        .args(["train", "--data", "no/such/file.csv"])
        .assert()
        .code(2)
        .stderr(contains("no/such/file.csv"));
}

#[test]
fn empty_file_and_header_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.csv", "");
    train_on(&p)
        .code(2)
        .stderr(contains("empty.csv"))
        .stderr(contains("empty"));
    let p = write(
        dir.path(),
        "header.csv",
        "doc_id,sent_id,text,stance,frame\n",
    );
    train_on(&p)
        .code(2)
        .stderr(contains("header.csv"))
        .stderr(contains("no rows"));
}

#[test]
fn missing_column_lists_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "cols.csv",
        "doc_id,body,stance,frame\nd,x,georgian,none\n",
    );
    train_on(&p)
        .code(2)
        .stderr(contains("missing column `text`"))
        .stderr(contains("doc_id, body, stance, frame"));
}

#[test]
fn wrong_number_of_fields_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "ragged.csv",
        "doc_id,sent_id,text,stance,frame\nd,0,x,georgian,none\nd,1,y,georgian\n",
    );
    train_on(&p)
        .code(2)
        .stderr(contains("ragged.csv: line 3"))
        .stderr(contains("expected 5 fields, found 4"));
}

#[test]
fn label_outside_the_allowed_set() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "lab.csv",
        "doc_id,sent_id,text,stance,frame\nd,0,x,georgian,none\nd,1,y,georgia,none\n",
    );
    train_on(&p)
        .code(2)
        .stderr(contains("lab.csv: line 3"))
        .stderr(contains("`georgia`"))
        .stderr(contains("georgian, neutral_wire, pro_tskhinvali"));
}

#[test]
fn empty_text_cell() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "blank.csv",
        "doc_id,sent_id,text,stance,frame\nd,0,,georgian,none\n",
    );
    train_on(&p)
        .code(2)
        .stderr(contains("blank.csv: line 2: empty text"));
}

#[test]
fn one_class_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "one.csv",
        "doc_id,sent_id,text,stance,frame\nd,0,a b,georgian,none\ne,0,a c,georgian,occupied\n",
    );
    train_on(&p)
        .code(2)
        .stderr(contains("only one class (georgian)"));
}

#[test]
fn split_options_out_of_range() {
    let base = ["eval", "--data", "labels/seed_sentences.csv"];
    stancer()
        .args(base)
        .args(["--test-frac", "1.5"])
        .assert()
        .code(2)
        .stderr(contains("--test-frac must be between 0 and 1"));
    stancer()
        .args(base)
        .args(["--folds", "9"])
        .assert()
        .code(2)
        .stderr(contains(
            "--folds must be between 2 and the number of groups (5)",
        ));
    stancer()
        .args(base)
        .args(["--folds", "1"])
        .assert()
        .code(2)
        .stderr(contains("--folds must be between 2"));
}

#[test]
fn bad_model_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(seed_model()).unwrap();
    let truncated = write(dir.path(), "trunc.json", &good[..good.len() / 2]);
    let other_version = write(
        dir.path(),
        "v9.json",
        good.replacen("\"format_version\":1", "\"format_version\":9", 1),
    );
    let not_model = write(dir.path(), "x.json", "{\"hello\": 1}");
    let cases = [
        (truncated, "truncated or corrupted"),
        (other_version, "format version 9"),
        (not_model, "not a stancer model"),
    ];
    for (path, msg) in cases {
        stancer()
            .args(["score", "labels/seed_articles", "--model"])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(contains(path.file_name().unwrap().to_str().unwrap()))
            .stderr(contains(msg));
    }
    stancer()
        .args(["score", "x.txt", "--model", "no/model.json"])
        .assert()
        .code(2)
        .stderr(contains("no/model.json"));
    let empty = write(dir.path(), "empty.json", "");
    stancer()
        .args(["score", "labels/seed_articles", "--model"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(contains("empty.json"))
        .stderr(contains("truncated or corrupted"));
    // A folder (the model is memory-mapped, and mapping a folder gives a bare OS error).
    stancer()
        .args(["score", "labels/seed_articles", "--model", "labels"])
        .assert()
        .code(2)
        .stderr(contains("labels: is a folder; expected a model file"));
    // An OS error is said once, not once per link of the error chain.
    let out = stancer()
        .args(["score", "x.txt", "--model", "no/model.json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn shape_mismatch_in_a_model_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let mut model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(seed_model()).unwrap()).unwrap();
    model["vectorizer"]["idf"].as_array_mut().unwrap().pop();
    let p = write(
        dir.path(),
        "shape.json",
        serde_json::to_vec(&model).unwrap(),
    );
    stancer()
        .args(["score", "labels/seed_articles", "--model"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(contains("idf has"));
}

#[test]
fn bad_jsonl_lines_become_error_rows_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "in.jsonl",
        "{\"id\": \"a\", \"text\": \"Talks were held.\"}\n{not json\n{\"id\": \"c\"}\n{\"id\": \"d\", \"text\": 5}\n{\"id\": \"e\", \"text\": \"The occupied region.\"}\n",
    );
    let out = stancer()
        .args(["score", "--level", "document", "--id-col", "id", "--model"])
        .arg(seed_model())
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains("read 5 records: 2 scored"))
        .stderr(contains("3 errored"))
        .get_output()
        .stdout
        .clone();
    let rows = json_lines(&String::from_utf8(out).unwrap());
    assert_eq!(rows.len(), 5);
    let status: Vec<&str> = rows.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["ok", "error", "error", "error", "ok"]);
    assert!(rows[1]["error"]
        .as_str()
        .unwrap()
        .contains("line 2: malformed JSON"));
    assert!(rows[2]["error"]
        .as_str()
        .unwrap()
        .contains("missing text field `text`"));
    assert!(rows[3]["error"]
        .as_str()
        .unwrap()
        .contains("is a number, expected a string"));
    assert_eq!(rows[2]["doc_id"], "c");
}

#[test]
fn on_error_fail_stops_and_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "in.jsonl", "{\"text\": \"fine\"}\n{oops\n");
    let out = dir.path().join("out.jsonl");
    stancer()
        .args(["score", "--on-error", "fail", "--model"])
        .arg(seed_model())
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("in.jsonl: line 2: malformed JSON"));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left behind"
    );
}

#[test]
fn binary_files_and_empty_folders() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", "Talks were held in Geneva.");
    write(dir.path(), "bin.txt", [0u8, 159, 146, 150, 0, 1]);
    stancer()
        .arg("score")
        .arg(dir.path())
        .arg("--model")
        .arg(seed_model())
        .assert()
        .code(1)
        .stdout(contains("binary content (a NUL byte at byte offset 0)"))
        .stderr(contains("1 scored"))
        .stderr(contains("1 errored"));
    let empty = tempfile::tempdir().unwrap();
    stancer()
        .arg("score")
        .arg(empty.path())
        .arg("--model")
        .arg(seed_model())
        .assert()
        .code(1)
        .stdout(contains("folder holds no"));
}

#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("stancer");
    let mut child = Command::new(bin)
        .current_dir(repo())
        .args(["score", "-", "--model"])
        .arg(seed_model())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        for _ in 0..20000 {
            if stdin
                .write_all(b"The occupied region held talks in Geneva today.\n")
                .is_err()
            {
                break;
            }
        }
    });
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
