//! Regressions of the thirteenth "nothing silent" audit, through the real binary:
//! Windows-1252 files read as Latin-1, and `reproduce`'s reading of its config. One test
//! per finding; each failed before its fix.

mod common;

use common::*;

/// An article saved by a Windows program ("ANSI", which most files called Latin-1 are):
/// “independence” and Russia’s as the bytes 0x93/0x94 and 0x92.
const CP1252_ARTICLE: &[u8] =
    b"Talks resumed in Geneva.\nThe so-called \x93independence\x94 of South Ossetia is \
      recognized by Moscow. Russia\x92s troops remain.\n";

/// `--encoding latin1` reads the bytes 0x80-0x9F as invisible C1 control characters: the
/// quotation marks of a Windows-1252 file were dropped, its scare-quoted `independence`
/// was scored as not quoted and `Russia’s` as `Russias`, without a word. Each source with
/// such a byte is warned about now (once, with its first such line), in every reader, and
/// `--encoding cp1252` reads the file as written.
#[test]
fn windows_1252_read_as_latin1_is_warned_about_and_cp1252_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("news");
    std::fs::create_dir(&d).unwrap();
    write(&d, "story.txt", CP1252_ARTICLE);
    let mut csv = b"id,text\n1,Talks resumed.\n2,".to_vec();
    csv.extend_from_slice(&CP1252_ARTICLE[25..CP1252_ARTICLE.len() - 1]);
    csv.extend_from_slice(b"\n3,Talks \x96 again.\n");
    write(&d, "wire.csv", &csv);
    write(&d, "feed.jsonl", b"{\"text\": \"An \x93election\x94.\"}\n");
    write(&d, "plain.txt", "Talks resumed in Geneva, caf\u{e9}.\n");
    let (code, _, err) = run(stancer()
        .args(["score", "--encoding", "latin1", "--level", "document"])
        .arg(&d));
    assert_eq!(code, 0, "{err}");
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("Windows-1252")).collect();
    assert_eq!(warned.len(), 3, "one per file that holds such bytes: {err}");
    for (file, line, byte) in [
        ("story.txt", 2, "0x93"),
        ("wire.csv", 3, "0x93"),
        ("feed.jsonl", 1, "0x93"),
    ] {
        assert!(
            warned.iter().any(|w| w.contains(file)
                && w.contains(&format!("line {line}: byte {byte}"))
                && w.contains("expected --encoding cp1252")),
            "{file}: {err}"
        );
    }
    // Read as what it is, the quoted term is found and quoted.
    let out = stdout_of(
        stancer()
            .args(["score", "--encoding", "cp1252"])
            .arg(d.join("story.txt")),
    );
    let rows = json_lines(&out);
    let text: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert!(
        text.contains(&"The so-called “independence” of South Ossetia is recognized by Moscow."),
        "{out}"
    );
    assert!(text.contains(&"Russia’s troops remain."), "{out}");
    let quoted = rows
        .iter()
        .flat_map(|r| r["terms"].as_array().unwrap())
        .any(|t| t["matched"] == "independence" && t["quoted"] == true && t["frame"] == "occupied");
    assert!(quoted, "{out}");
    // Nothing to say about a file read as the encoding it is in.
    let (code, _, err) = run(stancer()
        .args(["score", "--encoding", "cp1252"])
        .arg(d.join("story.txt")));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
}

/// `train` and `eval` read labeled files with the same rule: a Windows-1252 file given with
/// `--encoding latin1` is warned about, naming its first such line.
#[test]
fn labeled_windows_1252_read_as_latin1_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = labeled_corpus("c", [2, 2, 2], false).into_bytes();
    data.extend_from_slice(b"c0_9,0,The so-called \x93elections\x94 in Tskhinvali.,georgian\n");
    let data = write(dir.path(), "cp.csv", &data);
    let out = dir.path().join("m.json");
    let (code, _, err) = run(stancer()
        .args(["train", "--encoding", "latin1", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    warning_with(&err, &["cp.csv: line 20: byte 0x93", "--encoding cp1252"]);
    let (code, _, err) = run(stancer()
        .args(["train", "--encoding", "cp1252", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("Windows-1252"), "{err}");
}

/// A labels folder whose sentence file holds no rows: `reproduce` stops on it, after the
/// config (now read first).
fn labels_without_rows(dir: &std::path::Path) -> std::path::PathBuf {
    let labels = dir.join("labels");
    std::fs::create_dir(&labels).unwrap();
    write(&labels, "seed_sentences.csv", "");
    labels
}

/// `reproduce --config FILE` took a file that is not there (a typo, or the default
/// `eval/default.toml` when run outside the repository with `--labels`) for the built-in
/// defaults, and rebuilt the model and its report with settings nobody asked for. It is an
/// error naming the file now, before any data are read.
#[test]
fn reproduce_refuses_a_config_file_that_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels");
    std::fs::create_dir(&labels).unwrap();
    std::fs::copy(
        repo_path("labels/seed_sentences.csv"),
        labels.join("seed_sentences.csv"),
    )
    .unwrap();
    let missing = dir.path().join("mine.toml");
    let model = dir.path().join("model.json");
    let eval_dir = dir.path().join("eval");
    let err = stderr_of(
        stancer()
            .arg("reproduce")
            .arg("--labels")
            .arg(&labels)
            .arg("--config")
            .arg(&missing)
            .arg("--out")
            .arg(&model)
            .arg("--eval-dir")
            .arg(&eval_dir),
        2,
    );
    assert!(
        err.contains(&format!("{}: no such config file", missing.display())),
        "{err}"
    );
    assert!(!err.contains("[1/4]"), "stopped before the work: {err}");
    assert!(!model.exists() && !eval_dir.exists());
}

/// `reproduce` read a config's stop-word file from the working directory (`train --config`
/// reads it beside the config), so `reproduce --config cfg/c.toml` with `stop_words =
/// "stop.txt"` failed on a file it never looked for, or read another one, and its other
/// config checks (settings the article rule never reads, stop words that drop nothing) were
/// not said. It reads the config as `train` does now.
#[test]
fn reproduce_reads_its_config_as_train_does() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    write(&cfg, "stop.txt", "de facto\n");
    let config = write(&cfg, "c.toml", "[features]\nstop_words = \"stop.txt\"\n");
    let labels = labels_without_rows(dir.path());
    let err = stderr_of(
        stancer()
            .arg("reproduce")
            .arg("--labels")
            .arg(&labels)
            .arg("--config")
            .arg(&config)
            .arg("--out")
            .arg(dir.path().join("model.json"))
            .arg("--eval-dir")
            .arg(dir.path().join("eval")),
        2,
    );
    // The stop word was read from cfg/stop.txt (the run is in the repository's root).
    warning_with(&err, &["c.toml", "stop_words", "`de facto`"]);
    assert!(err.contains("seed_sentences.csv"), "{err}");
}

/// A setting out of range in a config file is named with the file ("min_df must be at least
/// 1" named no file, so a user with several configs did not know which to mend); the same
/// value from a flag names none.
#[test]
fn a_config_setting_out_of_range_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "t.csv",
        b"doc_id,text,stance\n1,Talks resumed.,neutral_wire\n",
    );
    let config = write(dir.path(), "mine.toml", b"[features]\nmin_df = 0\n");
    let err = stderr_of(
        stancer()
            .args(["train", "--data"])
            .arg(&data)
            .arg("--config")
            .arg(&config)
            .arg("-o")
            .arg(dir.path().join("m.json")),
        2,
    );
    assert!(
        err.contains(&format!(
            "{}: invalid configuration: min_df",
            config.display()
        )),
        "{err}"
    );
}

/// A semicolon CSV (what Excel writes where the decimal mark is a comma) read with commas
/// is one column, `id;text`: the missing-column error now says which delimiter to pass, in
/// `score` and in `train`, and the file scores with it.
#[test]
fn a_header_of_one_column_with_semicolons_suggests_the_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let scored = write(dir.path(), "news.csv", b"id;text\n1;Talks resumed.\n");
    let err = stderr_of(stancer().arg("score").arg(&scored), 2);
    assert!(
        err.contains("the columns are: id;text (one column: if the file is separated by `;`, pass --delimiter ';')"),
        "{err}"
    );
    let labeled = write(
        dir.path(),
        "mine.csv",
        b"doc_id;text;stance\n1;Talks resumed.;neutral_wire\n",
    );
    let err = stderr_of(
        stancer()
            .args(["train", "--data"])
            .arg(&labeled)
            .arg("-o")
            .arg(dir.path().join("m.json")),
        2,
    );
    assert!(err.contains("pass --delimiter ';'"), "{err}");
    let out = stdout_of(
        stancer()
            .arg("score")
            .args(["--delimiter", ";"])
            .arg(&scored),
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    // A comma file missing its column gets no such hint.
    let plain = write(dir.path(), "plain.csv", b"id,body\n1,Talks resumed.\n");
    let err = stderr_of(stancer().arg("score").arg(&plain), 2);
    assert!(!err.contains("--delimiter"), "{err}");
}
