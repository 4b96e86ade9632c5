//! Regressions of issue 15, part A (the reading and scoring path), one test per item,
//! through the real binary. Each failed before its fix.

mod common;

use std::path::Path;

use common::*;
use sha2::{Digest, Sha256};

/// `stancer score ARGS --model SEED`: exit code, stdout, stderr.
fn score(args: &[&str]) -> (i32, String, String) {
    let out = stancer()
        .arg("score")
        .args(args)
        .arg("--model")
        .arg(seed_model())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// CSV rows `id,text`, with `text` quoted when asked.
fn csv_rows(rows: &[(&str, &str)]) -> String {
    let mut s = String::from("id,text\n");
    for (id, t) in rows {
        s += &format!("{id},{t}\n");
    }
    s
}

#[test]
fn item4_a_bad_byte_is_one_rows_error_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = b"id,note,text\n".to_vec();
    for i in 0..1000 {
        // A long quoted field in every row: the old reader named a bad byte on a large file
        // "unbalanced quote".
        let note = format!("\"{}\"", "long, quoted note ".repeat(20));
        body.extend(format!("{i},{note},Talks were held in Geneva").as_bytes());
        if i == 600 {
            body.extend(b" \x91today\x92");
        }
        body.extend(b".\n");
    }
    let f = write(dir.path(), "news.csv", &body);
    let (code, out, err) = score(&["--level", "document", "--id-col", "id", p(&f)]);
    assert_eq!(code, 1, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1000, "{err}");
    assert!(err.contains("read 1000 records: 999 scored"), "{err}");
    assert_eq!(rows[600]["status"], "error");
    assert_eq!(rows[600]["doc_id"], "600");
    let e = rows[600]["error"].as_str().unwrap();
    assert!(
        e.contains("news.csv: line 602: invalid UTF-8 at byte offset")
            && e.contains("in field `text`: 0x91"),
        "{e}"
    );
    assert!(rows[601..].iter().all(|r| r["status"] == "ok"));
    // Read as Latin-1 or lossily on request, as train does.
    for flag in [&["--encoding", "latin1"][..], &["--lossy-utf8"]] {
        let mut args = vec!["--level", "document", "--id-col", "id", p(&f)];
        args.extend(flag);
        let (code, out, err) = score(&args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(json_lines(&out).len(), 1000);
    }
}

#[test]
fn item5_a_quote_closing_on_a_later_row_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    // The stray quote is closed by the quote that opens row 2's text: 4 rows in, each
    // accounted for (the old reader wrote 3 and exited 0).
    let f = write(
        dir.path(),
        "a.csv",
        "id,text\n1,\"He said hello\n2,\"Goodbye\" was said\n3,Occupied region.\n4,Fine text.\n",
    );
    let (code, out, err) = score(&["--level", "document", "--id-col", "id", p(&f)]);
    let rows = json_lines(&out);
    assert_eq!(code, 1, "{err}");
    let ids: Vec<&str> = rows.iter().map(|r| r["doc_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(rows[0]["status"], "error");
    let e = rows[0]["error"].as_str().unwrap();
    assert!(
        e.contains("a.csv: line 2: the quoted field opened at column 3"),
        "{e}"
    );
    // Closed at the end of a later row: the record is kept, with a warning naming it.
    let f = write(dir.path(), "b.csv", "id,text\n1,\"a\n2,b\"\n3,c\n4,d\n");
    let (code, _, err) = score(&["--level", "document", "--id-col", "id", p(&f)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: ")
            && err.contains("b.csv: line 2: the quoted field opened at column 3"),
        "{err}"
    );
    assert!(err.contains("1 warning(s)"), "{err}");
    // The same in training data: an error naming the line, or a warning.
    let train = |name: &str, body: &str| {
        let f = write(dir.path(), name, body);
        stancer()
            .args([
                "train",
                "--frame-col",
                "",
                "--min-df",
                "1",
                "--data",
                p(&f),
                "--out",
            ])
            .arg(dir.path().join("m.json"))
            .output()
            .unwrap()
    };
    let out = train(
        "t1.csv",
        "doc_id,text,stance\nd,\"Talks resumed,georgian\ne,\"Occupied land\",georgian\nf,Elections held.,pro_tskhinvali\n",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("t1.csv: line 2: the quoted field opened at column 3"),
        "{err}"
    );
    let out = train(
        "t2.csv",
        "doc_id,text,stance\nd1,\"Talks resumed,georgian\nd2,Occupied land\",georgian\nd3,Elections held.,pro_tskhinvali\nd4,Talks.,neutral_wire\n",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: ") && err.contains("t2.csv: line 2:"),
        "{err}"
    );
}

#[test]
fn item6_empty_text_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "a.csv",
        csv_rows(&[
            ("a", "Talks were held."),
            ("b", "\"   \""),
            ("c", "Occupied land."),
        ]),
    );
    let jsonl = write(
        dir.path(),
        "a.jsonl",
        "{\"id\":\"a\",\"text\":\"Talks.\"}\n{\"id\":\"b\",\"text\":\" \\n \"}\n",
    );
    for level in ["sentence", "document"] {
        for f in [&csv, &jsonl] {
            let (code, out, err) = score(&["--level", level, "--id-col", "id", p(f)]);
            assert_eq!(code, 1, "{level} {err}");
            let rows = json_lines(&out);
            let b: Vec<_> = rows.iter().filter(|r| r["doc_id"] == "b").collect();
            assert_eq!(b.len(), 1, "{level}: {out}");
            assert_eq!(b[0]["status"], "error");
            assert!(
                b[0]["error"].as_str().unwrap().contains("empty text"),
                "{}",
                b[0]
            );
        }
    }
}

#[test]
fn item7_missing_columns_stop_the_run_and_duplicates_are_warned() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.csv",
        "id,body,body,outlet\n1,Talks were held.,x,o\n,Occupied land.,y,o\n",
    );
    for args in [
        vec!["--text-col", "body", "--id-col", "url"],
        vec!["--text-col", "body", "--keep-cols", "date"],
    ] {
        let mut args = args.clone();
        args.push(p(&f));
        let (code, out, err) = score(&args);
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("a.csv: line 1: missing column `"), "{err}");
        assert!(
            err.contains("the columns are: id, body, body, outlet"),
            "{err}"
        );
    }
    let (code, _, err) = score(&["--text-col", "body", "--id-col", "id", p(&f)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("column `body` appears more than once"),
        "{err}"
    );
    assert!(
        err.contains("1 row(s) have an empty id in column `id`"),
        "{err}"
    );
    // Forgetting --text-col on a file with long quoted fields: the missing column is named.
    let long = format!("\"{}\"", "Talks, held\nin Geneva. ".repeat(2000));
    let f = write(
        dir.path(),
        "b.csv",
        format!("id,body\n1,{long}\n2,{long}\n"),
    );
    let (code, _, err) = score(&[p(&f)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no column `text` (the default; choose one with --text-col)"),
        "{err}"
    );
    assert!(!err.contains("unbalanced"), "{err}");
}

#[test]
fn item9_folders_account_for_every_file_and_keep_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("x")).unwrap();
    std::fs::create_dir(d.join("y")).unwrap();
    for f in ["x/a.txt", "y/a.txt", "B.TXT", "notes.md", "README"] {
        write(d, f, "Talks were held in Geneva.");
    }
    write(d, "c.pdf", "%PDF-1.4");
    write(
        d,
        "n.csv",
        csv_rows(&[("r1", "Occupied land."), ("r2", "Talks.")]),
    );
    let (code, out, err) = score(&["--level", "document", "--id-col", "id", p(d)]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["B", "README", "n:r1", "n:r2", "notes", "x/a", "y/a"]);
    assert!(
        err.contains("skipped ") && err.contains("c.pdf (.pdf: not a text"),
        "{err}"
    );
    assert!(err.contains("1 file(s) in folders skipped"), "{err}");
}

#[test]
fn item10_rows_carry_kept_columns_char_offsets_and_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Грузия — страна. Russian troops remain in the “occupied” regions.";
    let f = write(
        dir.path(),
        "a.csv",
        format!("id,outlet,date,text\n1,Civil.ge,2008-08-08,{text}\n"),
    );
    let model_id = format!("{:x}", Sha256::digest(std::fs::read(seed_model()).unwrap()));
    let (code, out, err) = score(&["--id-col", "id", "--keep-cols", "outlet,date", p(&f)]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: &serde_json::Value, b: &serde_json::Value| -> String {
        chars[a.as_u64().unwrap() as usize..b.as_u64().unwrap() as usize]
            .iter()
            .collect()
    };
    for r in &rows {
        assert_eq!(
            (r["outlet"].as_str(), r["date"].as_str()),
            (Some("Civil.ge"), Some("2008-08-08"))
        );
        assert_eq!(r["model"].as_str(), Some(&model_id[..12]));
        assert_eq!(
            slice(&r["start_char"], &r["end_char"]),
            r["text"].as_str().unwrap()
        );
        for t in r["terms"].as_array().unwrap() {
            assert_eq!(
                slice(&t["start_char"], &t["end_char"]),
                t["matched"].as_str().unwrap()
            );
        }
    }
    assert!(rows[1]["terms"].as_array().is_some_and(|t| !t.is_empty()));
    let (code, out, err) = score(&[
        "--id-col",
        "id",
        "--keep-cols",
        "outlet",
        "-f",
        "csv",
        p(&f),
    ]);
    assert_eq!(code, 0, "{err}");
    let header = out.lines().next().unwrap();
    assert!(
        header.starts_with("doc_id,outlet,sent_id,start,end,start_char,end_char,text,"),
        "{header}"
    );
    assert!(header.ends_with(",status,error,model"), "{header}");
    assert!(out
        .lines()
        .nth(2)
        .unwrap()
        .contains(&format!("ok,,{}", &model_id[..12])));
}

#[test]
fn item12_quote_heavy_text_is_scored_with_its_quotes() {
    // The speed-up (1.3 MB of `"a ` from 81.6 s to 0.08 s of CPU) is pinned by property
    // tests against the scans it replaced (text::quotes, features::tagger), not by time;
    // through the binary, scare quotes among many quotes still flip the frame.
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}The region’s “independence” is a fiction.",
        "\"a ".repeat(20_000)
    );
    let f = write(dir.path(), "q.txt", text);
    let (code, out, err) = score(&["--level", "document", p(&f)]);
    assert_eq!(code, 0, "{err}");
    let row = &json_lines(&out)[0];
    let hit = row["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["terms"].as_array().unwrap().clone())
        .find(|t| t["matched"] == "independence")
        .expect("the term is found");
    assert_eq!(
        (hit["frame"].as_str(), hit["scare_quoted"].as_bool()),
        (Some("occupied"), Some(true))
    );
}

#[test]
fn item13_records_threads_and_endless_inputs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", "Talks were held. ".repeat(200));
    let (code, out, err) = score(&["--max-record-bytes", "1000", p(&big)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("record larger than --max-record-bytes 1000 (3400 bytes)"),
        "{out}"
    );
    // 8 MB of `A. ` took 2.2 GB; past the sentence cap a record is an error row.
    let many = write(dir.path(), "many.txt", "A. ".repeat(110_000));
    let (code, out, _) = score(&[p(&many)]);
    assert_eq!(code, 1);
    assert!(
        out.contains("110000 sentences, more than the 100000"),
        "{out}"
    );
    // An endless stream of zeros ends with an error at once.
    let (code, out, err) = score(&["/dev/zero"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("binary content"), "{out}");
    let (code, _, err) = score(&["-t", "100000", p(&big)]);
    assert_eq!(code, 2);
    assert!(err.contains("-t 100000: expected 1 to"), "{err}");
}

#[test]
fn utf16_input_is_named_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = "\u{feff}Talks were held in Geneva."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let f = write(dir.path(), "a.txt", &bytes);
    let c = write(dir.path(), "a.csv", &bytes);
    for f in [&f, &c] {
        let (code, out, _) = score(&[p(f)]);
        assert_eq!(code, 1);
        assert!(out.contains("UTF-16 (little-endian) text"), "{out}");
        assert!(!out.contains("binary"), "{out}");
    }
}

#[test]
fn output_format_follows_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", "Talks were held in Geneva.");
    let out = dir.path().join("out.csv");
    let (code, _, err) = score(&[p(&f), "-o", p(&out)]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("doc_id,sent_id,"));
    let tsv = dir.path().join("out.tsv");
    let (code, _, err) = score(&[p(&f), "-o", p(&tsv)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("stancer writes CSV or JSONL, not .tsv"),
        "{err}"
    );
    assert!(!tsv.exists());
}

#[test]
fn tsv_input_is_tab_separated() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.tsv",
        "id\ttext\n1\tTalks, in Geneva, were held.\n2\tOccupied land.\n",
    );
    let (code, out, err) = score(&["--level", "document", "--id-col", "id", p(&f)]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<_> = json_lines(&out)
        .iter()
        .map(|r| r["doc_id"].clone())
        .collect();
    assert_eq!(ids, ["1", "2"]);
}

#[test]
fn text_is_normalized_before_matching_and_offsets_stay_original() {
    let dir = tempfile::tempdir().unwrap();
    // A Cyrillic `о`, then a soft hyphen inside the word.
    let text = "Troops remain in the \u{43e}ccupied regions, the occu\u{ad}pied land.";
    let f = write(dir.path(), "a.txt", text);
    let (code, out, err) = score(&[p(&f)]);
    assert_eq!(code, 0, "{err}");
    let row = &json_lines(&out)[0];
    let terms = row["terms"].as_array().unwrap();
    let matched: Vec<&str> = terms
        .iter()
        .map(|t| t["matched"].as_str().unwrap())
        .collect();
    assert!(matched.contains(&"\u{43e}ccupied regions"), "{matched:?}");
    assert!(matched.contains(&"occu\u{ad}pied"), "{matched:?}");
    for t in terms {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], t["matched"].as_str().unwrap());
    }
}
