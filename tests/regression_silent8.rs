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

/// A model file's parts took keys they did not know without a word: a hand-edited
/// `wire_words_guide_onyl` in the article head (or a newer stancer's part) scored every
/// article as if the rule were off, and a head's misspelled `modle = "linear_svm"` read
/// an SVM's scores as a logistic head's. Only the top level refused them; now every part
/// of the model does, naming the key.
#[test]
fn a_key_a_model_part_does_not_know_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shipped: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo_path("models/default.json")).unwrap()).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 4] = [
        ("wire_words_guide_onyl", |m| {
            let agg = m["aggregator"].as_object_mut().unwrap();
            let v = agg.remove("wire_words_guide_only").unwrap();
            agg.insert("wire_words_guide_onyl".into(), v);
        }),
        ("modle", |m| {
            m["stance"]["modle"] = "linear_svm".into();
        }),
        ("idf_scale", |m| {
            m["vectorizer"]["idf_scale"] = 2.0.into();
        }),
        ("platt_a", |m| {
            m["aggregator"]["guide"]["platt_a"] = 1.0.into();
        }),
    ];
    for (key, edit) in edits {
        let mut model = shipped.clone();
        edit(&mut model);
        let path = write(
            dir.path(),
            &format!("{key}.json"),
            serde_json::to_vec(&model).unwrap(),
        );
        let err = stderr_of(
            stancer()
                .args(["score", "--model"])
                .arg(&path)
                .arg(repo_path("labels/seed_articles/003_a2c1f8a07762f669.txt")),
            2,
        );
        assert!(
            err.contains(&format!("unknown field `{key}`")) && err.contains(&format!("{key}.json")),
            "{key}: {err}"
        );
    }
}
