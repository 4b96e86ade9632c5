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

/// Labels that differ only in case or in `_`, `-` and spaces (`Neutral_wire` beside
/// `neutral_wire`, `pro-tskhinvali` beside `pro_tskhinvali`) were two classes under
/// `--any-labels`, and nothing said so when each had 5 examples or more: the model
/// learned to tell a spelling apart. Such classes are now named in a warning.
#[test]
fn classes_that_differ_only_in_spelling_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(seed.as_bytes());
    let mut out = String::from("article_id,sentence,label\n");
    for (i, r) in rdr.records().enumerate() {
        let r = r.unwrap();
        let label = match &r[3] {
            "neutral_wire" if i % 10 == 0 => "Neutral_wire".to_string(),
            "pro_tskhinvali" if i % 3 == 0 => "pro-tskhinvali".to_string(),
            l => l.to_string(),
        };
        let text = r[2].replace('"', "\"\"");
        out += &format!("{},\"{text}\",{label}\n", &r[0]);
    }
    let data = write(dir.path(), "mine.csv", out);
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(&data)
        .args([
            "--text-col",
            "sentence",
            "--stance-col",
            "label",
            "--frame-col",
            "",
        ])
        .args(["--group-col", "article_id", "--any-labels", "--out"])
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "stancer: warning: stance classes `Neutral_wire` (15) and `neutral_wire` (140) \
             differ only in case or in `_`, `-` and spaces: the model learns them as separate classes"
        ),
        "{err}"
    );
    assert!(
        err.contains("`pro-tskhinvali` (10) and `pro_tskhinvali` (30)"),
        "{err}"
    );
}

/// A CSV output cell that starts with `=`, `+`, `-` or `@` (a sentence's text, an id, a
/// kept column) is a formula to a spreadsheet program that opens the file: a scraped
/// `=HYPERLINK(...)` runs, and nothing said so. Such cells are written as they are (the
/// offsets and ids must stay the input's), with a warning counting their records.
#[test]
fn csv_cells_a_spreadsheet_would_run_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let news = write(
        dir.path(),
        "news.csv",
        "id,score,text\n\
         a1,-3,Russian troops remain in occupied Abkhazia.\n\
         a2,-0.5,\"=HYPERLINK(\"\"http://x.example\"\",\"\"Sukhumi\"\") Talks resumed.\"\n\
         @a3,+2,Tbilisi protested.\n",
    );
    let score = |format: &str| {
        run(stancer().arg("score").arg(&news).args([
            "--id-col",
            "id",
            "--keep-cols",
            "score",
            "--format",
            format,
        ]))
    };
    let (code, out, err) = score("csv");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"=HYPERLINK(\"\"http://x.example\"\""),
        "{out}"
    );
    assert!(
        err.contains(
            "stancer: warning: 2 of 3 records give CSV cells (an id, a kept column or a \
             sentence's text) that start with `=`, `+`, `-` or `@`"
        ),
        "{err}"
    );
    assert!(err.contains("; 1 warning(s)"), "{err}");
    // JSONL is no spreadsheet's, and numbers (`-3`, `+2`) are no formulas.
    let (_, _, err) = score("jsonl");
    assert!(!err.contains("warning"), "{err}");
    let plain = write(
        dir.path(),
        "plain.csv",
        "id,score,text\na1,-3,Sukhumi voted.\n",
    );
    let (_, _, err) = run(stancer().arg("score").arg(&plain).args([
        "--id-col",
        "id",
        "--keep-cols",
        "score",
        "--format",
        "csv",
    ]));
    assert!(!err.contains("warning"), "{err}");
}

/// A row whose label cell is empty stopped `train` with "label `` in column `label` is
/// not one of: any non-empty value" (or the label set listed, as if `` were a typo of
/// one), where `agreement` says "empty label". It now says what is wrong and what to do.
#[test]
fn an_empty_label_cell_is_named_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "mine.csv",
        "doc_id,text,label\nd1,Sukhumi voted.,a\nd2,Tbilisi protested.,\nd3,Talks.,b\n",
    );
    for labels in [&["--any-labels"][..], &["--labels", "a,b"][..]] {
        let err = stderr_of(
            stancer()
                .args(["train", "--data"])
                .arg(&data)
                .args(["--stance-col", "label", "--frame-col", ""])
                .args(labels)
                .arg("--out")
                .arg(dir.path().join("m.json")),
            2,
        );
        assert!(
            err.contains(
                "mine.csv: line 3: empty label in column `label`; expected a label on every \
                 row (label the row or leave it out)"
            ),
            "{err}"
        );
    }
}

/// `--label FILE` reads standard input as the named file, but its format stayed standard
/// input's default, one article per line: `cat news.jsonl | stancer score - --label
/// news.jsonl` scored each JSON line, braces and keys, as an article's text, and a CSV's
/// header as an article. Without `--input-format`, the label's extension now says how to
/// read it, as a named file's does.
#[test]
fn a_labeled_stdin_is_read_in_the_format_its_label_names() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "news.jsonl",
        "{\"id\": \"a1\", \"text\": \"Russian troops remain in occupied Abkhazia.\"}\n\
         {\"id\": \"a2\", \"text\": \"Sukhumi held elections.\"}\n",
    );
    let csv = write(
        dir.path(),
        "news.tsv",
        "id\ttext\na1\tRussian troops remain in occupied Abkhazia.\na2\tSukhumi voted.\n",
    );
    for file in [jsonl, csv] {
        let name = file.to_string_lossy().into_owned();
        let whole = stdout_of(stancer().arg("score").arg(&file).args(["--id-col", "id"]));
        let (code, piped, err) = run(stancer()
            .args(["score", "-", "--label", &name, "--id-col", "id"])
            .write_stdin(std::fs::read(&file).unwrap()));
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(piped, whole, "{name}");
        assert_eq!(json_lines(&piped)[0]["doc_id"], "a1");
    }
    // Other labels leave standard input one article per line.
    let (_, out, _) = run(stancer()
        .args(["score", "-", "--label", "notes.txt", "--level", "document"])
        .write_stdin("Sukhumi voted.\nTbilisi protested.\n"));
    assert_eq!(json_lines(&out).len(), 2);
}

/// Standard input is one article per line unless `--input-format` says otherwise, so
/// `cat news.jsonl | stancer score -` scored each JSON line, braces, keys and ids, as an
/// article's text, without a word. A first line that is a JSON object is now warned about
/// (the rows are still written: `--input-format lines` says it is meant).
#[test]
fn json_lines_on_stdin_read_as_text_are_warned_about() {
    let input = "{\"id\": \"a1\", \"text\": \"Russian troops remain in occupied Abkhazia.\"}\n";
    let (code, out, err) = run(stancer().args(["score", "-"]).write_stdin(input));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out).len(), 1);
    assert!(
        err.contains(
            "stancer: warning: <stdin>: line 1 is a JSON object, and standard input is read as \
             one article per line (its default), so each line's JSON is scored as text; pass \
             --input-format jsonl to read its `text` field"
        ),
        "{err}"
    );
    let (_, _, err) = run(stancer()
        .args(["score", "-", "--input-format", "lines"])
        .write_stdin(input));
    assert!(!err.contains("warning"), "{err}");
}
