//! Regressions of the eighth "nothing silent, nothing unsafe" audit, through the real
//! binary. One test per finding; each failed before its fix.

mod common;

use common::*;

/// A NUL byte in a JSONL line was named by its offset in the stream read: a piece of the
/// file on standard input (`--first-line`, what `stancer.spark.pipe_jsonl` runs) named
/// another byte than the file did, and neither said where in the line it was. It is now
/// named within its line, as invalid UTF-8 is, so the file and any piece of it agree.
#[test]
fn a_nul_byte_in_a_line_is_named_within_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<&[u8]> = vec![
        br#"{"id": "a1", "text": "Russian troops remain in occupied Abkhazia."}"#,
        br#"{"id": "a2", "text": "Sukhumi held elections."}"#,
        b"{\"id\": \"a3\", \"text\": \"nul \x00 here\"}",
        br#"{"id": "a4", "text": "Tbilisi protested."}"#,
    ];
    let whole = [lines.join(&b'\n'), b"\n".to_vec()].concat();
    let file = write(dir.path(), "news.jsonl", &whole);
    let name = file.to_string_lossy().into_owned();
    let expected = format!(
        "{name}: line 3: binary content (a NUL byte at byte offset 26 (column 27)); expected UTF-8 text"
    );
    let (code, out, err) = run(stancer()
        .args(["score", "--id-col", "id", "--level", "document"])
        .arg(&file));
    assert_eq!(code, 1, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2]["error"], expected.as_str(), "{out}");
    let (code, piece, err) = run(stancer()
        .args(["score", "-", "--input-format", "jsonl", "--id-col", "id"])
        .args(["--level", "document", "--label", &name, "--first-line", "2"])
        .write_stdin([lines[1..].join(&b'\n'), b"\n".to_vec()].concat()));
    assert_eq!(code, 1, "{err}");
    assert_eq!(json_lines(&piece), rows[1..].to_vec());
    // One article per line names it alike.
    let text = write(
        dir.path(),
        "lines.txt",
        b"Sukhumi voted.\nab\xc3\xa9 \x00 x\n",
    );
    let (_, out, _) = run(stancer()
        .args(["score", "--input-format", "lines", "--level", "document"])
        .arg(&text));
    assert!(
        out.contains("line 2: binary content (a NUL byte at byte offset 5 (column 5))"),
        "{out}"
    );
}
