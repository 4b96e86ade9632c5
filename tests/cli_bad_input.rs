//! More bad input through the real binary (the first cases are in `cli_errors.rs`): CSV
//! quoting, encodings and line ends, duplicate ids, splits without enough documents,
//! JSONL faults under `--on-error fail`, unreadable files and symlink loops in folders,
//! and unknown settings in a config file. Every error exits 2 with a message naming the
//! file and the line, and leaves no output file behind.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use predicates::str::contains;

const HEADER: &str = "doc_id,sent_id,text,stance,frame\n";

/// `stancer train` on `csv` in `dir`, writing `model.json` there.
fn train(dir: &Path, csv: &Path) -> assert_cmd::assert::Assert {
    stancer()
        .args(["train", "--data"])
        .arg(csv)
        .arg("--out")
        .arg(dir.join("model.json"))
        .assert()
}

/// The names of the files in `dir`.
fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Asserts that a failed run left nothing in `dir` but `inputs`.
fn assert_no_output(dir: &Path, inputs: &[&str]) {
    let mut want: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(files_in(dir), want, "a failed run left a file behind");
}

#[test]
fn csv_unbalanced_quote_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    // A stray quote that never closes: the csv parser alone would swallow the rest.
    let p = write(
        dir.path(),
        "quote.csv",
        format!(
            "{HEADER}d,0,\"Talks resumed,georgian,none\ne,0,Occupied land.,georgian,occupied\n"
        ),
    );
    train(dir.path(), &p)
        .code(2)
        .stderr(contains("quote.csv: line 2: unbalanced quote at column 5"))
        .stderr(contains("expected a closing `\"`"));
    assert_no_output(dir.path(), &["quote.csv"]);

    // A stray quote closed by another one lines later: the field count is wrong, and the
    // message points at the quote.
    let p = write(
        dir.path(),
        "quote2.csv",
        format!("{HEADER}d,0,\"Talks resumed,georgian,none\ne,0,Occupied land\",georgian\nf,0,x,georgian,none\n"),
    );
    train(dir.path(), &p)
        .code(2)
        .stderr(contains("quote2.csv: line 2: expected 5 fields, found 4"))
        .stderr(contains("quoted field opened on line 2, column 5"));
    assert_no_output(dir.path(), &["quote.csv", "quote2.csv"]);
}

#[test]
fn csv_unbalanced_quote_in_scoring_input_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "news.csv",
        "id,text\na,\"Talks were held,\nin Geneva.\"\nb,\"Talks resumed.\nc,Occupied region.\n",
    );
    let out = stancer()
        .args(["score", "--level", "document", "--id-col", "id", "--model"])
        .arg(seed_model())
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains(
            "read 3 records: 2 scored (2 sentences), 1 errored",
        ))
        .get_output()
        .stdout
        .clone();
    let rows = json_lines(&String::from_utf8(out).unwrap());
    assert_eq!(rows[0]["status"], "ok", "a multi-line quoted field is fine");
    assert_eq!(rows[1]["doc_id"], "b");
    // The line the unclosed quote swallowed is read again as a row of its own.
    assert_eq!(
        (rows[2]["doc_id"].as_str(), rows[2]["status"].as_str()),
        (Some("c"), Some("ok"))
    );
    let err = rows[1]["error"].as_str().unwrap();
    assert!(
        err.contains("news.csv: line 4: unbalanced quote at column 3"),
        "{err}"
    );
    stancer()
        .args(["score", "--on-error", "fail", "--id-col", "id", "--model"])
        .arg(seed_model())
        .arg(&p)
        .arg("-o")
        .arg(dir.path().join("out.jsonl"))
        .assert()
        .code(2)
        .stderr(contains("news.csv: line 4: unbalanced quote at column 3"));
    assert_no_output(dir.path(), &["news.csv"]);
}

/// Three documents, one per stance, with `eol` line ends.
fn three_docs(eol: &str, header: &str) -> String {
    [
        header,
        "d,0,Russian troops remain in the occupied region.,georgian,occupied",
        "e,0,\"Talks were held in Geneva, officials said.\",neutral_wire,none",
        "f,0,The Republic of South Ossetia held elections.,pro_tskhinvali,independent",
        "",
    ]
    .join(eol)
}

#[test]
fn csv_utf8_bom_is_accepted_and_its_column_found() {
    let dir = tempfile::tempdir().unwrap();
    // The BOM sits in front of `doc_id`, a required column: it must still be found.
    let body = format!("\u{feff}{}", three_docs("\n", HEADER.trim_end()));
    let p = write(dir.path(), "bom.csv", body);
    train(dir.path(), &p)
        .success()
        .stderr(contains("trained on 3 sentences in 3 groups"));
    assert!(dir.path().join("model.json").exists());

    // And the BOM must not hide the sentence id column from the duplicate check.
    let body =
        "\u{feff}sent_id,doc_id,text,stance,frame\n0,d,x,georgian,none\n0,d,y,neutral_wire,none\n";
    let p = write(dir.path(), "bom_dup.csv", body);
    train(dir.path(), &p)
        .code(2)
        .stderr(contains("bom_dup.csv: line 3: duplicate (doc_id, sent_id)"));
}

#[test]
fn csv_crlf_line_ends_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = three_docs("\r\n", HEADER.trim_end());
    assert!(crlf.contains("\r\n"));
    let p = write(dir.path(), "crlf.csv", &crlf);
    train(dir.path(), &p)
        .success()
        .stderr(contains("trained on 3 sentences in 3 groups"));
    // The same model as from the LF file (only the training record, whose data hash covers
    // the raw bytes and whose sources name the file, differs).
    let lf_dir = tempfile::tempdir().unwrap();
    let lf = write(lf_dir.path(), "lf.csv", three_docs("\n", HEADER.trim_end()));
    train(lf_dir.path(), &lf).success();
    let load = |d: &Path| -> serde_json::Value {
        let mut v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join("model.json")).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("training");
        v
    };
    assert_eq!(load(dir.path()), load(lf_dir.path()));
}

#[test]
fn csv_invalid_utf8_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = format!("{HEADER}d,0,ok,georgian,none\ne,0,bad ").into_bytes();
    let offset = body.len();
    body.extend_from_slice(b"\xff here,georgian,none\n");
    let p = write(dir.path(), "latin1.csv", body);
    train(dir.path(), &p)
        .code(2)
        .stderr(contains(format!(
            "latin1.csv: line 3: invalid UTF-8 at byte offset {offset} (column 9): 0xff"
        )))
        .stderr(contains("expected UTF-8 text"));
    assert_no_output(dir.path(), &["latin1.csv"]);
}

#[test]
fn duplicate_doc_and_sentence_ids() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "dup.csv",
        format!("{HEADER}d,0,x,georgian,none\nd,1,y,georgian,none\nd,0,z,neutral_wire,none\n"),
    );
    train(dir.path(), &p).code(2).stderr(contains(
        "dup.csv: line 4: duplicate (doc_id, sent_id) = (d, 0); first seen on line 2",
    ));
    assert_no_output(dir.path(), &["dup.csv"]);
}

#[test]
fn a_grouped_split_needs_two_documents() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "onedoc.csv",
        format!(
            "{HEADER}d,0,Occupied land.,georgian,occupied\nd,1,Talks held.,neutral_wire,none\n\
             d,2,The Republic voted.,pro_tskhinvali,independent\n"
        ),
    );
    for split in [
        &["--folds", "2"][..],
        &["--test-frac", "0.5"],
        &["--leave-one-group-out"],
    ] {
        stancer()
            .arg("eval")
            .arg("--data")
            .arg(&p)
            .args(split)
            .arg("--json")
            .arg(dir.path().join("report.json"))
            .assert()
            .code(2)
            .stderr(contains(
                "onedoc.csv: a grouped split needs at least two groups",
            ))
            .stderr(contains("found 1 (`d`)"));
    }
    assert_no_output(dir.path(), &["onedoc.csv"]);
}

#[test]
fn more_folds_than_documents() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "three.csv", three_docs("\n", HEADER.trim_end()));
    stancer()
        .args(["eval", "--folds", "4", "--data"])
        .arg(&p)
        .arg("--json")
        .arg(dir.path().join("report.json"))
        .assert()
        .code(2)
        .stderr(contains(
            "--folds must be between 2 and the number of groups (3), got 4",
        ));
    assert_no_output(dir.path(), &["three.csv"]);
}

/// Scores `body` as `in.jsonl` with `--on-error fail -o out.jsonl`.
fn score_jsonl_failing(body: &str) -> (tempfile::TempDir, assert_cmd::assert::Assert) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "in.jsonl", body);
    let a = stancer()
        .args(["score", "--on-error", "fail", "--model"])
        .arg(seed_model())
        .arg(&p)
        .arg("-o")
        .arg(dir.path().join("out.jsonl"))
        .assert();
    (dir, a)
}

#[test]
fn jsonl_malformed_line_names_line_and_column() {
    let (dir, a) =
        score_jsonl_failing("{\"text\": \"Talks were held.\"}\n{\"text\": \"x\", oops}\n");
    a.code(2).stderr(contains(
        "in.jsonl: line 2: malformed JSON at column 15: key must be a string",
    ));
    assert_no_output(dir.path(), &["in.jsonl"]);
}

#[test]
fn jsonl_missing_text_field_names_line_and_field() {
    let (dir, a) = score_jsonl_failing("{\"text\": \"Talks were held.\"}\n{\"body\": \"x\"}\n");
    a.code(2)
        .stderr(contains("in.jsonl: line 2: missing text field `text`"));
    assert_no_output(dir.path(), &["in.jsonl"]);
}

#[test]
fn jsonl_non_string_text_says_what_it_is() {
    for (value, kind) in [
        ("5", "a number"),
        ("null", "null"),
        ("[\"a\"]", "an array"),
        ("{\"a\": 1}", "an object"),
    ] {
        let (dir, a) = score_jsonl_failing(&format!(
            "{{\"text\": \"Talks were held.\"}}\n{{\"text\": {value}}}\n"
        ));
        a.code(2).stderr(contains(format!(
            "in.jsonl: line 2: field `text` is {kind}, expected a string"
        )));
        assert_no_output(dir.path(), &["in.jsonl"]);
    }
}

#[test]
fn jsonl_with_a_bom_and_crlf_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bom.jsonl",
        "\u{feff}{\"text\": \"Talks were held.\"}\r\n{\"text\": \"The occupied region.\"}\r\n",
    );
    stancer()
        .args(["score", "--level", "document", "--model"])
        .arg(seed_model())
        .arg(&p)
        .assert()
        .success()
        .stderr(contains("read 2 records: 2 scored"));
}

/// Whether this process can read a file whose mode is 000 (root can).
fn can_read_mode_000(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let p = write(dir, "probe", "x");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&p).is_ok();
    std::fs::remove_file(&p).unwrap();
    readable
}

#[test]
fn unreadable_files_in_a_folder_become_error_rows() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(&docs, "a.txt", "Talks were held in Geneva.");
    // A dangling link is unreadable for everyone, root included.
    std::os::unix::fs::symlink(docs.join("gone.txt"), docs.join("b.txt")).unwrap();
    let out = stancer()
        .args(["score", "--level", "document", "--model"])
        .arg(seed_model())
        .arg(&docs)
        .assert()
        .code(1)
        .stderr(contains("read 2 records: 1 scored"))
        .stderr(contains("1 errored"))
        .get_output()
        .stdout
        .clone();
    let rows = json_lines(&String::from_utf8(out).unwrap());
    assert_eq!(rows.len(), 2);
    let err = rows[1]["error"].as_str().unwrap();
    assert!(err.contains("b.txt: cannot open"), "{err}");

    if can_read_mode_000(dir.path()) {
        eprintln!("skipped the chmod 000 case: this process (root?) can read a file with mode 000");
        return;
    }
    let locked = write(&docs, "c.txt", "Occupied land.");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = stancer()
        .args(["score", "--level", "document", "--model"])
        .arg(seed_model())
        .arg(&docs)
        .assert()
        .code(1)
        .stderr(contains("read 3 records: 1 scored"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("c.txt: cannot open") && text.contains("ermission denied"),
        "{text}"
    );
}

#[test]
fn symlink_loops_end_with_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    write(&docs, "a.txt", "Talks were held in Geneva.");
    std::os::unix::fs::symlink("..", docs.join("sub").join("up")).unwrap();
    let out_file = dir.path().join("out.jsonl");
    stancer()
        .args(["score", "--level", "document", "--model"])
        .arg(seed_model())
        .arg(&docs)
        .arg("-o")
        .arg(&out_file)
        .assert()
        .code(1)
        .stderr(contains("read 2 records: 1 scored"))
        .stderr(contains("1 errored"));
    let rows = json_lines(&std::fs::read_to_string(&out_file).unwrap());
    let errors: Vec<&str> = rows
        .iter()
        .filter(|r| r["status"] == "error")
        .map(|r| r["error"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 1, "{rows:?}");
    assert!(errors[0].contains(&format!(
        "{}: symlink loop",
        docs.join("sub").join("up").display()
    )));
    // The real file is scored once, not once per trip round the loop.
    assert_eq!(rows.iter().filter(|r| r["doc_id"] == "a").count(), 1);
}

fn config(dir: &Path, body: &str) -> PathBuf {
    write(dir, "settings.toml", body)
}

#[test]
fn unknown_options_in_a_config_file() {
    let cases = [
        (
            "[features]\nngram_max = 2\n",
            "line 2, column 1",
            "unknown field `ngram_max`, expected one of `word_ngrams`",
        ),
        (
            "seed = 1\n[stance]\nCC = 2.0\n",
            "line 3, column 1",
            "unknown field `CC`, expected one of `c`",
        ),
        (
            "[featurez]\nstem = true\n",
            "line 1, column 2",
            "unknown field `featurez`, expected one of `features`",
        ),
        (
            "[features]\nmin_df = \"two\"\n",
            "line 2, column 10",
            "invalid type",
        ),
    ];
    for (body, at, what) in cases {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), body);
        stancer()
            .args(["train", "--data", "labels/seed_sentences.csv", "--config"])
            .arg(&cfg)
            .arg("--out")
            .arg(dir.path().join("model.json"))
            .assert()
            .code(2)
            .stderr(contains("settings.toml: invalid config"))
            .stderr(contains(at))
            .stderr(contains(what));
        assert_no_output(dir.path(), &["settings.toml"]);
    }
}
