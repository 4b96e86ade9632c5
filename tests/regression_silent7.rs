//! Regressions of the seventh "nothing silent, nothing unsafe" audit, through the real
//! binary. One test per finding; each failed before its fix.

mod common;

use common::*;

/// A file cut into pieces, each scored from standard input (Spark's `RDD.pipe` gives every
/// split of a file to a process of its own): the error rows named `<stdin>` and the line
/// within the piece, which points nowhere in the file, and ids numbered by line restarted
/// at 1 in every piece. `--label`, `--first-line` and `--id-prefix` make each piece's rows
/// the rows of the whole file read from a folder.
#[test]
fn a_piece_of_a_file_on_stdin_names_the_file_and_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<&[u8]> = vec![
        br#"{"text": "Russian troops remain in occupied Abkhazia."}"#,
        br#"{"text": "Sukhumi held elections."}"#,
        b"",
        br#"{"text": "unclosed"#,
        b"{\"text\": \"bad \xff byte\"}",
        br#"{"text": "Tbilisi protested."}"#,
    ];
    let whole: Vec<u8> = lines.join(&b'\n');
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let file = write(
        dir.path(),
        "in/news.jsonl",
        [whole.as_slice(), b"\n"].concat(),
    );
    let (code, from_folder, err) = run(stancer()
        .args(["score", "--level", "document"])
        .arg(dir.path().join("in")));
    assert_eq!(code, 1, "{err}");
    let name = file.to_string_lossy().into_owned();
    let mut pieces = String::new();
    for (first, piece) in [(1, &lines[..3]), (4, &lines[3..])] {
        let (code, out, err) = run(stancer()
            .args([
                "score",
                "-",
                "--input-format",
                "jsonl",
                "--level",
                "document",
            ])
            .args(["--label", &name, "--first-line", &first.to_string()])
            .args(["--id-prefix", "news"])
            .write_stdin([piece.join(&b'\n'), b"\n".to_vec()].concat()));
        assert!(code == 0 || code == 1, "{err}");
        pieces += &out;
    }
    assert!(
        pieces.contains(&format!("{name}: line 5: invalid UTF-8 at byte offset 14")),
        "{pieces}"
    );
    let rows = json_lines(&pieces);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows, json_lines(&from_folder));
    assert_eq!(rows[2]["doc_id"], "news:4");
}

/// `--label` reads standard input as the named file: a piece without a record is an error
/// row, as an empty named file is (standard input without a label stays zero records,
/// an empty partition).
#[test]
fn a_labeled_stdin_without_records_is_an_error_row() {
    let (code, out, _) = run(stancer()
        .args([
            "score",
            "-",
            "--input-format",
            "jsonl",
            "--label",
            "news.jsonl",
        ])
        .write_stdin("\n\n"));
    assert_eq!(code, 1);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("news.jsonl: no records"));
    let (code, out, _) = run(stancer()
        .args(["score", "-", "--input-format", "jsonl"])
        .write_stdin("\n\n"));
    assert_eq!((code, out.as_str()), (0, ""));
}

/// The flags name standard input; with no `-` among the inputs, or for input whose lines
/// are not records, they would change nothing and are refused.
#[test]
fn stdin_flags_that_would_change_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.jsonl", "{\"text\": \"Sukhumi.\"}\n");
    let err = stderr_of(
        stancer().args(["score", "--label", "x.jsonl"]).arg(&file),
        2,
    );
    assert!(
        err.contains("--label is about standard input, and no input is `-`"),
        "{err}"
    );
    let err = stderr_of(
        stancer()
            .args(["score", "-", "--input-format", "csv", "--first-line", "3"])
            .write_stdin("text\nSukhumi.\n"),
        2,
    );
    assert!(
        err.contains("--first-line numbers the lines of standard input"),
        "{err}"
    );
    let err = stderr_of(
        stancer()
            .args(["score", "-", "--first-line", "0"])
            .write_stdin("Sukhumi.\n"),
        2,
    );
    assert!(err.contains("--first-line"), "{err}");
}
