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

/// A folder's files are ids by their paths, and two files that would share an id keep
/// their extensions. Two ways were left where they still shared one, with exit 0: a kept
/// extension meeting another file's id (`a.txt` and `a.md` are `a.txt` and `a.md`, and
/// `a.txt.md` was `a.txt` too), and names that differ in bytes that are not UTF-8, read
/// lossily (`b\xFF.txt` and `b\xFE.txt` were both `b\u{fffd}`, or with their extensions
/// `b\u{fffd}.txt`).
#[test]
fn the_files_of_a_folder_never_share_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    std::fs::create_dir(&folder).unwrap();
    let texts = [
        ("a.txt", "Russian troops remain in occupied Abkhazia."),
        ("a.md", "Talks were held in Geneva."),
        (
            "a.txt.md",
            "The Republic of South Ossetia marked its independence.",
        ),
    ];
    for (name, text) in texts {
        write(&folder, name, text);
    }
    let mut names: Vec<std::ffi::OsString> = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        for (bytes, text) in [
            (&b"b\xfe.txt"[..], "Talks were held in Geneva."),
            (
                &b"b\xff.txt"[..],
                "Russian troops remain in occupied Abkhazia.",
            ),
        ] {
            let name = std::ffi::OsStr::from_bytes(bytes);
            std::fs::write(folder.join(name), text).unwrap();
            names.push(name.into());
        }
    }
    let (code, out, err) = run(stancer()
        .args(["score", "--level", "document"])
        .arg(&folder));
    assert_eq!(code, 0, "{out}\n{err}");
    let rows = json_lines(&out);
    let ids: Vec<&str> = rows.iter().map(|r| r["doc_id"].as_str().unwrap()).collect();
    let mut expected = vec!["a.md", "a.txt", "a.txt.md"];
    if !names.is_empty() {
        expected.extend([r"b\xFE", r"b\xFF"]);
    }
    assert_eq!(ids, expected, "{out}");
}

/// An article-label file whose header names its stance column twice (`doc_id,stance,stance`,
/// two annotators' columns joined) was read by its first without a word; the sentence
/// files say it. Now the article labels say it too.
#[test]
fn a_doc_labels_column_named_twice_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [2, 2, 2];
    let data = write(dir.path(), "s.csv", labeled_corpus("a", docs, true));
    let twice: String = doc_labels("a", docs)
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => "doc_id,stance,stance\n".to_string(),
            _ => format!("{l},georgian\n"),
        })
        .collect();
    let labels = write(dir.path(), "docs.csv", twice);
    let (code, _, err) = run(stancer()
        .args(["eval", "--folds", "2", "--data"])
        .arg(&data)
        .arg("--doc-labels")
        .arg(&labels));
    assert_eq!(code, 0, "{err}");
    let warning = warning_with(&err, &["docs.csv: line 1", "more than once"]);
    assert!(
        warning.contains("column `stance` appears more than once in the header (columns 2 and 3); the first is read"),
        "{warning}"
    );
}

/// `stancer score` warns when its CSV holds cells a spreadsheet program would run as
/// formulas (`=HYPERLINK(...)` scraped into a text, an id starting with `=`); `eval
/// --predictions` writes the data's groups and texts into a CSV too, and said nothing.
#[test]
fn eval_predictions_warn_of_cells_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = labeled_corpus("a", [2, 2, 2], true).replacen(
        "a0_0,0,Russian",
        "a0_0,0,=HYPERLINK(1) Russian",
        1,
    );
    let data = write(dir.path(), "s.csv", corpus);
    let predictions = dir.path().join("p.csv");
    let (code, _, err) = run(stancer()
        .args(["eval", "--folds", "2", "--data"])
        .arg(&data)
        .arg("--predictions")
        .arg(&predictions));
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&predictions).unwrap();
    assert!(
        written.contains(",=HYPERLINK(1) Russian"),
        "as it is: {written}"
    );
    let warning = warning_with(&err, &["--predictions", "formulas"]);
    // Its sentence stance and frame rows.
    assert!(warning.contains("2 of its "), "{warning}");

    // Without such cells, no warning.
    let clean = write(dir.path(), "c.csv", labeled_corpus("a", [2, 2, 2], true));
    let (code, _, err) = run(stancer()
        .args(["eval", "--folds", "2", "--data"])
        .arg(&clean)
        .arg("--predictions")
        .arg(dir.path().join("q.csv")));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("formulas"), "{err}");
}

/// A labeled file saved as UTF-16 (Excel's "Unicode text") failed as `invalid UTF-8 at
/// byte offset 0` with the hint to read it as Latin-1 or lossy UTF-8, which read NULs
/// into every name; without a byte-order mark it is valid UTF-8, and the error was a
/// missing `doc_id` among columns full of NULs. It is named as UTF-16 now, as `stancer
/// score` names it, in the sentence files and in the article labels, whatever
/// `--encoding` says.
#[test]
fn a_utf16_labeled_file_is_named_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [2, 2, 2];
    let utf16 = |s: &str, bom: bool| -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    let good = write(dir.path(), "s.csv", labeled_corpus("a", docs, true));
    for bom in [true, false] {
        let data = write(
            dir.path(),
            "s16.csv",
            utf16(&labeled_corpus("a", docs, true), bom),
        );
        let labels = write(dir.path(), "d16.csv", utf16(&doc_labels("a", docs), bom));
        for encoding in ["utf8", "latin1", "lossy-utf8"] {
            let (code, _, err) = run(stancer()
                .args(["train", "--encoding", encoding, "--data"])
                .arg(&data)
                .arg("--out")
                .arg(dir.path().join("m.json")));
            assert_eq!(code, 2, "{err}");
            assert!(
                err.contains("s16.csv: line 1: UTF-16 (little-endian) text"),
                "bom {bom}, {encoding}: {err}"
            );
            let (code, _, err) = run(stancer()
                .args(["eval", "--folds", "2", "--encoding", encoding, "--data"])
                .arg(&good)
                .arg("--doc-labels")
                .arg(&labels));
            assert_eq!(code, 2, "{err}");
            assert!(
                err.contains("d16.csv: line 1: UTF-16 (little-endian) text"),
                "bom {bom}, {encoding}: {err}"
            );
        }
    }
}
