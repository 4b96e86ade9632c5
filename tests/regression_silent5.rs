//! Regressions of the fifth "nothing silent, nothing unsafe" audit, through the real
//! binary. One test per finding; each failed before its fix.

mod common;

use common::*;

/// A CSV without the default text column said "missing column `text` (named by
/// --text-col)" to a user who never passed --text-col; the message now says the name is
/// the default and how to choose another. A column the user named keeps naming the flag.
#[test]
fn a_missing_default_text_column_is_called_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "news.csv", "id,body\n1,Talks resumed.\n");
    let (code, _, err) = run(stancer().args(["score"]).arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "no column `text` (the default; choose one with --text-col); the columns are: id, body"
        ),
        "{err}"
    );
    assert!(!err.contains("named by --text-col"), "{err}");
    let (code, _, err) = run(stancer().args(["score", "--text-col", "content"]).arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("missing column `content` (named by --text-col)"),
        "{err}"
    );
}

/// A text file (or a line) holding only a UTF-8 byte-order mark was "scored" with no
/// sentence and no row: `read 2 records: 2 scored ...; 1 rows written`, and at the
/// document level an `ok` row of the model's prior for an article with nothing in it.
/// It is an empty input, as a 0-byte file is: one error row.
#[test]
fn a_file_holding_only_a_byte_order_mark_is_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("folder")).unwrap();
    write(d, "folder/a.txt", b"\xEF\xBB\xBF");
    write(d, "folder/b.txt", b"\xEF\xBB\xBF \r\n\n");
    write(d, "folder/c.txt", "Russian troops occupied Abkhazia.\n");
    let (code, out, err) = run(stancer()
        .args(["score", "--format", "csv"])
        .arg(d.join("folder")));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("read 3 records: 1 scored (1 sentences), 2 errored; 3 rows written"),
        "{err}"
    );
    assert!(out.contains("folder/a.txt: empty file"), "{out}");
    for level in ["sentence", "document"] {
        let (code, out, err) = run(stancer()
            .args(["score", "--level", level])
            .arg(d.join("folder/a.txt")));
        assert_eq!(code, 1, "{err}");
        assert!(out.contains("\"status\":\"error\""), "{out}");
    }
    // One article per line: a first line holding only the mark is a blank line, no record.
    let lines = write(
        d,
        "lines",
        b"\xEF\xBB\xBF\r\nRussian troops occupied Abkhazia.\r\n",
    );
    let (code, out, err) = run(stancer()
        .args(["score", "--input-format", "lines", "--format", "csv"])
        .arg(&lines));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("read 1 records: 1 scored (1 sentences), 0 errored; 1 rows written"),
        "{err}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");
}

/// `--keep-cols p_georgian` wrote a CSV header with `p_georgian` twice, the kept column
/// first: pandas renames the second `p_georgian.1`, so `df["p_georgian"]` read the input's
/// value as the model's probability. Every output column of the model (its `p_<label>`,
/// `p_frame_<label>`) is refused as a kept name, as the fixed ones are.
#[test]
fn a_kept_column_named_as_a_label_column_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "news.csv",
        "id,text,p_georgian,p_frame_none\n1,Russian troops occupied Abkhazia.,0.5,0.1\n",
    );
    for keep in ["p_georgian", "p_frame_none"] {
        let (code, out, err) = run(stancer()
            .args([
                "score",
                "--format",
                "csv",
                "--id-col",
                "id",
                "--keep-cols",
                keep,
            ])
            .arg(&f));
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains(&format!(
                "--keep-cols {keep}: the output has a column of that name"
            )),
            "{err}"
        );
    }
    // At the document level there is no frame column, and JSONL nests the probabilities.
    let (code, _, err) = run(stancer()
        .args([
            "score", "--level", "document", "--format", "csv", "--id-col", "id",
        ])
        .args(["--keep-cols", "p_frame_none"])
        .arg(&f));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(stancer()
        .args(["score", "--id-col", "id", "--keep-cols", "p_georgian"])
        .arg(&f));
    assert_eq!(code, 0, "{err}");
}

/// `--encoding latin1`, given for the cp1252 files of a folder, read its UTF-8 files as
/// Latin-1 too: “ became â€œ and the scare quotes were gone, in silence. Each source whose
/// text is UTF-8 with non-ASCII characters is now warned about once, at its first such line
/// (CSV, JSONL, a lines file, a text file); Latin-1 bytes and plain ASCII are not.
#[test]
fn utf8_text_read_as_latin1_is_warned_about_once_per_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("news");
    std::fs::create_dir(&d).unwrap();
    let quoted = "The so-called “independence” of the region.";
    write(
        &d,
        "wire.csv",
        format!("id,text\n1,Talks resumed.\n2,{quoted}\n3,{quoted}\n"),
    );
    write(
        &d,
        "feed.jsonl",
        format!("{}\n", serde_json::json!({ "text": quoted })),
    );
    write(&d, "story.txt", format!("Talks resumed.\n{quoted}\n"));
    // cp1252: “ is 0x93, ” is 0x94 (not UTF-8), and plain ASCII.
    write(
        &d,
        "old.txt",
        b"The so-called \x93independence\x94 of the region.\n",
    );
    write(&d, "plain.txt", "Talks resumed in Geneva.\n");
    let (code, _, err) = run(stancer().args(["score", "--encoding", "latin1"]).arg(&d));
    assert_eq!(code, 0, "{err}");
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("read as Latin-1"))
        .collect();
    assert_eq!(warned.len(), 3, "{err}");
    for (file, line) in [("wire.csv", 3), ("feed.jsonl", 1), ("story.txt", 2)] {
        assert!(
            warned
                .iter()
                .any(|w| w.contains(file) && w.contains(&format!("line {line}: "))),
            "{file}: {err}"
        );
    }
    assert!(
        warned[0].contains("leave --encoding out for UTF-8 files"),
        "{err}"
    );
    // Without the flag nothing is read as Latin-1.
    let (code, _, err) = run(stancer().arg("score").arg(d.join("wire.csv")));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("Latin-1"), "{err}");
}
