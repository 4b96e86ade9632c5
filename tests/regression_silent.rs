//! Regressions of the "nothing silent, nothing unsafe" audit after issue 15: what a user
//! runs, tried through the real binary. One test per finding; each failed before its fix.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

fn article(dir: &Path, name: &str) -> std::path::PathBuf {
    write(
        dir,
        name,
        "Russian troops remain in the occupied region. Tbilisi called for talks.\n",
    )
}

/// `-o` (and every output flag) naming an input, by any path to the same file, is refused
/// before anything is written: the atomic rename used to replace the input with the output,
/// so `stancer score news.csv -o news.csv` lost the articles, `train --out` the labels.
#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = write(
        d,
        "news.csv",
        "id,text\n1,Russian troops remain in the occupied region.\n",
    );
    let link = d.join("link.csv");
    std::os::unix::fs::symlink(&csv, &link).unwrap();
    let hard = d.join("hard.csv");
    std::fs::hard_link(&csv, &hard).unwrap();
    let labels = std::fs::read(repo_path("labels/seed_sentences.csv")).unwrap();
    let data = write(d, "mine.csv", &labels);
    let before = std::fs::read(&csv).unwrap();
    let model = seed_model().to_path_buf();
    let model_copy = write(d, "model.json", std::fs::read(&model).unwrap());
    let runs: Vec<(Vec<std::ffi::OsString>, &Path)> = vec![
        (
            vec![
                "score".into(),
                csv.clone().into(),
                "-o".into(),
                csv.clone().into(),
            ],
            &csv,
        ),
        (
            vec![
                "score".into(),
                csv.clone().into(),
                "-o".into(),
                link.clone().into(),
            ],
            &csv,
        ),
        (
            vec![
                "score".into(),
                link.clone().into(),
                "-o".into(),
                hard.clone().into(),
            ],
            &csv,
        ),
        (
            vec![
                "score".into(),
                csv.clone().into(),
                "-m".into(),
                model_copy.clone().into(),
                "-o".into(),
                model_copy.clone().into(),
            ],
            &model_copy,
        ),
        (
            vec![
                "train".into(),
                "--data".into(),
                data.clone().into(),
                "--out".into(),
                data.clone().into(),
            ],
            &data,
        ),
        (
            vec![
                "eval".into(),
                "--data".into(),
                data.clone().into(),
                "--json".into(),
                data.clone().into(),
            ],
            &data,
        ),
    ];
    for (args, input) in &runs {
        let kept = std::fs::read(input).unwrap();
        let (code, _, err) = run(stancer().args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("is also an input"), "{args:?}: {err}");
        assert_eq!(
            std::fs::read(input).unwrap(),
            kept,
            "{args:?} changed its input"
        );
    }
    assert_eq!(std::fs::read(&csv).unwrap(), before);
    // `bench --out DIR` writes DIR/results.csv: not over the data it compares.
    let bench_dir = d.join("bench");
    std::fs::create_dir(&bench_dir).unwrap();
    let in_bench = write(&bench_dir, "results.csv", &labels);
    let (code, _, err) = run(stancer()
        .args(["bench", "--folds", "2", "--data"])
        .arg(&in_bench)
        .arg("--out")
        .arg(&bench_dir));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is also an input"), "{err}");
    assert_eq!(std::fs::read(&in_bench).unwrap(), labels);
}

/// Standard input or output redirected to the file named as output or input: `stancer
/// score - -o a.jsonl < a.jsonl` replaced its input, and `stancer score a.jsonl >> a.jsonl`
/// read its own rows back without end.
#[test]
fn redirected_standard_streams_are_checked_against_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "a.jsonl",
        "{\"text\": \"Russian troops remain in the occupied region.\"}\n",
    );
    let before = std::fs::read(&input).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("stancer");
    // (assert_cmd's `pipe_stdin` copies a file through a pipe: the file itself is wanted.)
    let out = std::process::Command::new(&bin)
        .current_dir(repo())
        .args(["score", "-", "--input-format", "jsonl", "-o"])
        .arg(&input)
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is also an input (standard input)"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let append = std::fs::OpenOptions::new()
        .append(true)
        .open(&input)
        .unwrap();
    let mut child = std::process::Command::new(&bin)
        .current_dir(repo())
        .arg("score")
        .arg(&input)
        .stdout(append)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("stancer kept reading its own output");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("is also an input"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

/// An output file inside a folder being scored is not read as an input: the second
/// `stancer score folder -o folder/out.csv` used to score the first run's rows again (as
/// `out:2`, `out:3` ...), and every run listed its own temp file as skipped.
#[test]
fn the_output_inside_a_scored_folder_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    article(&folder, "a.txt");
    let out = folder.join("out.csv");
    for run_no in 0..2 {
        let (code, _, err) = run(stancer()
            .args(["score", "--level", "document"])
            .arg(&folder)
            .arg("-o")
            .arg(&out));
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("read 1 records: 1 scored"), "{err}");
        assert!(!err.contains(".out.csv."), "{err}");
        // From the second run on, the first run's scores are there, and are not read.
        assert_eq!(
            err.contains("out.csv (the output of this run)"),
            run_no == 1,
            "{err}"
        );
    }
    let body = std::fs::read_to_string(&out).unwrap();
    assert_eq!(body.lines().count(), 2, "{body}");
}

/// A named JSONL or one-article-per-line file with no records is an error row, as an empty
/// CSV or text file already was; it used to give nothing and exit 0, so a failed export
/// went unnoticed. An empty standard input stays zero records (an empty partition under
/// Spark's `RDD.pipe`).
#[test]
fn an_empty_jsonl_or_lines_file_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, body, extra) in [
        ("empty.jsonl", "", &[][..]),
        ("blank.jsonl", "\n  \n\r\n", &[][..]),
        ("empty.txt", "", &["--input-format", "lines"][..]),
    ] {
        let f = write(d, name, body);
        let (code, out, err) = run(stancer().arg("score").args(extra).arg(&f));
        assert_eq!(code, 1, "{name}: {err}");
        let rows = json_lines(&out);
        assert_eq!(rows.len(), 1, "{name}: {out}");
        assert_eq!(rows[0]["status"], "error");
        let e = rows[0]["error"].as_str().unwrap();
        assert!(e.contains(name) && e.contains("no records"), "{e}");
        assert!(err.contains("read 1 records: 0 scored"), "{err}");
    }
    for format in ["jsonl", "lines"] {
        let (code, out, err) = run(stancer()
            .args(["score", "-", "--input-format", format])
            .write_stdin(""));
        assert_eq!((code, out.as_str()), (0, ""), "{err}");
        assert!(err.contains("read 0 records"), "{err}");
    }
}

/// A JSONL record that gives a field this run reads twice is an error row naming the field
/// (serde_json kept the last one, so one of two texts was scored without a word); a field
/// named inside a text, or a repeated field the run does not read, changes nothing.
#[test]
fn a_jsonl_field_given_twice_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.jsonl",
        concat!(
            "{\"id\": \"a\", \"text\": \"Troops occupied it.\", \"text\": \"Talks resumed.\"}\n",
            "{\"id\": \"b\", \"id\": \"c\", \"text\": \"Talks resumed.\"}\n",
            "{\"id\": \"d\", \"text\": \"He said \\\"text\\\" and \\\"id\\\".\", \"x\": 1, \"x\": 2}\n",
        ),
    );
    let (code, out, err) = run(stancer().arg("score").arg(&f).args(["--id-col", "id"]));
    assert_eq!(code, 1, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3, "{out}");
    for (row, field) in rows.iter().zip(["text", "id"]) {
        assert_eq!(row["status"], "error", "{row}");
        let e = row["error"].as_str().unwrap();
        assert!(
            e.contains(&format!("field `{field}` is given twice")),
            "{e}"
        );
    }
    assert_eq!(rows[2]["status"], "ok", "{}", rows[2]);
    assert_eq!(rows[2]["doc_id"], "d");
    assert!(err.contains("read 3 records: 1 scored"), "{err}");
}

/// The seed articles' labels with `edit` applied to the data rows (line 2 on).
fn seed_documents(dir: &Path, name: &str, edit: impl Fn(usize, &str) -> String) -> String {
    let body = std::fs::read_to_string(repo_path("labels/seed_documents.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in body.lines().enumerate() {
        out += &if i == 0 {
            line.to_string()
        } else {
            edit(i + 1, line)
        };
        out.push('\n');
    }
    write(dir, name, &out).to_string_lossy().into_owned()
}

/// `train` and `eval` with `--doc-labels FILE`: exit code, stdout and stderr.
fn with_doc_labels(cmd: &str, docs: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = stancer();
    c.args([cmd, "--data", "labels/seed_sentences.csv", "--min-df", "1"])
        .args(["--doc-labels", docs])
        .args(extra);
    if cmd == "train" {
        c.arg("--out").arg(dir.path().join("m.json"));
    } else {
        c.args(["--folds", "2"]);
    }
    run(&mut c)
}

/// Article labels are read as strictly as sentence labels: a value outside the label set
/// (`Georgian`, `pro-tskhinvali`) is an error naming the file and line, surrounding spaces
/// are ignored as in the sentence files, one article labeled twice differently is an error,
/// and a file whose ids name no article of the data is an error. `eval` used to count
/// `Georgian` as a class of its own (document macro-F1 0.375 instead of 1.0 on the seeds),
/// `train` named the sentence file, and ids that matched nothing dropped the article level
/// without a word.
#[test]
fn article_labels_are_checked_like_sentence_labels() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let clean = seed_documents(d, "clean.csv", |_, l| l.to_string());
    for bad in ["Georgian", "pro-tskhinvali", ""] {
        let docs = seed_documents(d, "bad.csv", |i, l| {
            if i == 3 {
                l.replacen(",georgian,", &format!(",{bad},"), 1)
            } else {
                l.to_string()
            }
        });
        for cmd in ["train", "eval"] {
            let (code, _, err) = with_doc_labels(cmd, &docs, &[]);
            assert_eq!(code, 2, "{cmd} {bad}: {err}");
            // An empty cell is named as empty (regression_silent8.rs).
            let said = if bad.is_empty() {
                "bad.csv: line 3: empty label in column `stance`".to_string()
            } else {
                format!("bad.csv: line 3: label `{bad}` in column `stance`")
            };
            assert!(err.contains(&said), "{cmd} {bad}: {err}");
        }
    }
    // Spaces around a label are ignored, as in the sentence files.
    let spaced = seed_documents(d, "spaced.csv", |_, l| {
        l.replacen(",georgian,", ",georgian ,", 1).replacen(
            ",pro_tskhinvali,",
            ", pro_tskhinvali,",
            1,
        )
    });
    let (code, out_clean, err) = with_doc_labels("eval", &clean, &[]);
    assert_eq!(code, 0, "{err}");
    let (code, out_spaced, err) = with_doc_labels("eval", &spaced, &[]);
    assert_eq!(code, 0, "{err}");
    let figures = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.starts_with("command:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(out_clean.contains("document stance"), "{out_clean}");
    assert_eq!(figures(&out_clean), figures(&out_spaced));
    // One article, two labels.
    let twice = format!(
        "{}000_3ebba1561d9546a9,x.txt,outlet,pro_tskhinvali,think_tank\n",
        std::fs::read_to_string(&clean).unwrap()
    );
    let twice = write(d, "twice.csv", twice);
    let (code, _, err) = with_doc_labels("train", twice.to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("twice.csv: line 7: article `000_3ebba1561d9546a9` is labeled `pro_tskhinvali` here and `georgian` on line 2"),
        "{err}"
    );
    // Ids that name no article of the data.
    let other = seed_documents(d, "other.csv", |i, l| {
        format!("x{i}{}", &l[l.find(',').unwrap()..])
    });
    for cmd in ["train", "eval"] {
        let (code, _, err) = with_doc_labels(cmd, &other, &[]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains(
                "other.csv: none of its 5 article ids (column `doc_id`) is a group of the data"
            ),
            "{cmd}: {err}"
        );
    }
    // A label the sentences never carry (accepted by --any-labels) names the article file.
    let odd = seed_documents(d, "odd.csv", |i, l| {
        if i == 2 {
            l.replacen(",georgian,", ",partisan,", 1)
        } else {
            l.to_string()
        }
    });
    let (code, _, err) = with_doc_labels("train", &odd, &["--any-labels"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("odd.csv: line 2: article label `partisan` is not a sentence stance label"),
        "{err}"
    );
    // A UTF-8 BOM before the header, as Excel writes it.
    let bom = format!("\u{feff}{}", std::fs::read_to_string(&clean).unwrap());
    let bom = write(d, "bom.csv", bom);
    let (code, _, err) = with_doc_labels("train", bom.to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{err}");
}

/// A sentence id column named with `--sent-col` must exist: a misspelt name used to turn
/// the duplicate-row check off without a word. (The default `sent_id` stays optional.)
#[test]
fn a_named_sentence_id_column_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(stancer()
        .args([
            "train",
            "--data",
            "labels/seed_sentences.csv",
            "--sent-col",
            "sentence",
        ])
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing column `sentence`"), "{err}");
}

/// Flags that would change nothing are refused with a sentence saying why: `eval --model`
/// took training settings (`--min-df`, `--C`, `--config`, `--seed`, `--lexicon`, even a
/// file that does not exist) and ignored them, `bench` ignored `--doc-labels`, and `score`
/// ignored `--id-col`, `--text-col` and `-d` on text input.
#[test]
fn flags_that_would_change_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let model = seed_model();
    for flag in [
        &["--min-df", "3"][..],
        &["--C", "2"],
        &["--config", "eval/default.toml"],
        &["--seed", "7"],
        &["--lexicon", "/nonexistent.csv"],
        &["--stem"],
        &["--classifier", "linear_svm"],
        &["--train-where", "origin=seed"],
    ] {
        let (code, _, err) = run(stancer()
            .args(["eval", "--model"])
            .arg(model)
            .args(["--data", "labels/composed_sentences.csv"])
            .args(flag));
        assert_eq!(code, 2, "{flag:?}: {err}");
        assert!(err.contains("cannot be used with"), "{flag:?}: {err}");
    }
    let (code, _, err) = run(stancer().args([
        "bench",
        "--data",
        "labels/seed_sentences.csv",
        "--doc-labels",
        "labels/seed_documents.csv",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--doc-labels"), "{err}");
    let txt = article(d, "a.txt");
    for flag in [
        &["--id-col", "url"][..],
        &["--text-col", "body"],
        &["-d", ";"],
    ] {
        let (code, out, err) = run(stancer().arg("score").arg(&txt).args(flag));
        assert_eq!((code, out.as_str()), (2, ""), "{flag:?}: {err}");
        assert!(err.contains("is read as text"), "{flag:?}: {err}");
    }
    // `-d` means nothing to JSONL either; the column flags do.
    let jsonl = write(
        d,
        "a.jsonl",
        "{\"body\": \"Talks were held.\", \"url\": \"u1\"}\n",
    );
    let (code, _, err) = run(stancer().arg("score").arg(&jsonl).args(["-d", ";"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("-d"), "{err}");
    let (code, out, err) =
        run(stancer()
            .arg("score")
            .arg(&jsonl)
            .args(["--text-col", "body", "--id-col", "url"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out)[0]["doc_id"], "u1");
}

/// `train --lexicon FILE` with `body` as the file: exit code and stderr.
fn train_with_lexicon(body: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let lex = write(dir.path(), "lex.csv", body);
    let (code, _, err) = run(stancer()
        .args([
            "train",
            "--data",
            "labels/seed_sentences.csv",
            "--min-df",
            "1",
        ])
        .arg("--lexicon")
        .arg(&lex)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    (code, err)
}

/// A lexicon row that can match nothing, two rows for one term with different frames, and a
/// lexicon without rows are errors naming the file and line: they used to be dropped, one
/// of the two silently chosen, and the model trained with no lexicon at all.
#[test]
fn lexicon_rows_that_cannot_work_are_refused() {
    for (body, expected) in [
        (
            "term,frame,note\noccupied,occupied,\n,none,\n",
            "lex.csv: line 3: empty term; expected a word or phrase",
        ),
        (
            "term,frame,note\noccupied,occupied,\n“”,none,\n",
            "lex.csv: line 3: term `“”` has no words to match",
        ),
        (
            "term,frame,note\noccupied,occupied,\nde facto,none,\nOccupied,independent,\n",
            "lex.csv: line 4: term `Occupied` is `occupied` again (line 2) with frame `independent` instead of `occupied`",
        ),
        (
            "term,frame,note\r\noccupied,occupied,\r\n,none,\r\n",
            "lex.csv: line 3: empty term; expected a word or phrase",
        ),
        (
            "term,frame,note\n",
            "lex.csv: the lexicon has no rows; expected `term,frame,note` rows",
        ),
    ] {
        let (code, err) = train_with_lexicon(body);
        assert_eq!(code, 2, "{body:?}: {err}");
        assert!(err.contains(expected), "{body:?}: {err}");
    }
    // The same term twice with the same meaning is harmless.
    let (code, err) =
        train_with_lexicon("term,frame,note\noccupied,occupied,\nOccupied,occupied,\n");
    assert_eq!(code, 0, "{err}");
}

/// A labeling for `agreement` in `dir`: the header `doc_id,sent_id,stance,frame`, then
/// `rows`.
fn labeling(dir: &Path, name: &str, rows: &str) -> std::path::PathBuf {
    write(dir, name, format!("doc_id,sent_id,stance,frame\n{rows}"))
}

/// `agreement`: an item twice in a file is an error naming both lines (it used to keep the
/// last of the first file's and count the second file's twice), an empty label is an
/// error, and spaces around keys and labels are ignored as everywhere else (`georgian `
/// used to disagree with `georgian`).
#[test]
fn agreement_counts_each_item_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let first = labeling(
        d,
        "first.csv",
        "d,0,georgian,none\nd,1,georgian,none\nd,0,neutral_wire,none\n",
    );
    let clean = labeling(d, "clean.csv", "d,0,georgian,none\nd,1,georgian,none\n");
    let (code, _, err) = run(stancer().arg("agreement").arg(&first).arg(&clean));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("first.csv: line 4: item d/0 is already on line 2"),
        "{err}"
    );
    let twice = labeling(
        d,
        "twice.csv",
        "d,0,georgian,none\nd,1,georgian,none\nd,1,georgian,none\n",
    );
    let (code, _, err) = run(stancer().arg("agreement").arg(&clean).arg(&twice));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("twice.csv: line 4: item d/1 is already on line 3"),
        "{err}"
    );
    let empty = labeling(d, "empty.csv", "d,0,,none\n");
    let (code, _, err) = run(stancer().arg("agreement").arg(&clean).arg(&empty));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("empty.csv: line 2: empty label in column `stance`"),
        "{err}"
    );
    let spaced = labeling(d, "spaced.csv", "d, 0,georgian ,none\nd,1, georgian,none\n");
    let (code, out, err) = run(stancer().arg("agreement").arg(&clean).arg(&spaced));
    assert_eq!(code, 0, "{err}");
    let stance = out.lines().find(|l| l.starts_with("stance")).unwrap();
    assert!(stance.contains(" 2 ") && stance.contains("1.000"), "{out}");
}

/// A read-only output file is not replaced: the rename used to swap a file the user had
/// protected with `chmod a-w` for a new one (a shell's `>` would have failed).
#[test]
fn a_read_only_output_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = article(d, "a.txt");
    let out = write(d, "kept.jsonl", "the previous scores\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = run(stancer().arg("score").arg(&input).arg("-o").arg(&out));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("kept.jsonl: is read-only"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous scores\n"
    );
    let model = write(d, "kept.json", "{}");
    std::fs::set_permissions(&model, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = run(stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--out"])
        .arg(&model));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("kept.json: is read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&model).unwrap(), "{}");
}

/// A labeled file given twice, or a copy of it, is refused: each file's (doc_id, sent_id)
/// pairs were checked alone, so `train --data a.csv a.csv` trained on every row twice
/// (420 sentences from 210) without a word.
#[test]
fn a_labeled_file_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let copy = write(
        dir.path(),
        "copy.csv",
        std::fs::read(repo_path("labels/seed_sentences.csv")).unwrap(),
    );
    let train = |second: &Path| {
        run(stancer()
            .args(["train", "--data", "labels/seed_sentences.csv"])
            .arg(second)
            .arg("--out")
            .arg(dir.path().join("m.json")))
    };
    let (code, _, err) = train(&repo_path("labels/seed_sentences.csv"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("given twice (also as labels/seed_sentences.csv)"),
        "{err}"
    );
    let (code, _, err) = train(&copy);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "copy.csv: line 2: duplicate (doc_id, sent_id) = (000_3ebba1561d9546a9, 0); \
             first seen in labels/seed_sentences.csv on line 2"
        ),
        "{err}"
    );
}

/// A JSONL field given twice is caught however its key is written: `"t\u0065xt"` is
/// `text` once parsed (serde_json kept the last of the two, and the check looked for the
/// field's name in the raw line, so an escaped key went by).
#[test]
fn a_jsonl_field_given_twice_with_an_escaped_key_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.jsonl",
        concat!(
            "{\"id\": \"a\", \"text\": \"Troops occupied it.\", \"t\\u0065xt\": \"Talks resumed.\"}\n",
            "{\"\\u0069d\": \"b\", \"id\": \"c\", \"text\": \"Talks resumed.\"}\n",
            "{\"id\": \"d\", \"o\\u0075tlet\": \"x\", \"outlet\": \"y\", \"text\": \"Talks resumed.\"}\n",
            "{\"id\": \"e\", \"t\\u0065xt\": \"Talks resumed.\", \"outlet\": \"z\"}\n",
        ),
    );
    let (code, out, err) = run(stancer().arg("score").arg(&f).args([
        "--id-col",
        "id",
        "--keep-cols",
        "outlet",
        "--level",
        "document",
    ]));
    assert_eq!(code, 1, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 4, "{out}");
    for (row, field) in rows.iter().zip(["text", "id", "outlet"]) {
        assert_eq!(row["status"], "error", "{row}");
        let e = row["error"].as_str().unwrap();
        assert!(
            e.contains(&format!("field `{field}` is given twice")),
            "{e}"
        );
    }
    assert_eq!(rows[3]["status"], "ok", "{}", rows[3]);
    assert_eq!(
        (&rows[3]["doc_id"], &rows[3]["outlet"]),
        (&"e".into(), &"z".into())
    );
    assert!(
        err.contains("read 4 records: 1 scored (1 sentences), 3 errored"),
        "{err}"
    );
}

/// A field that begins with a quote mark and goes on after its closing quote
/// (`"So-called" elections were held.`) was read without its quotes, as the CSV parsers
/// read it, so a scare quote the model reads vanished without a word. In a field the run
/// reads it is now an error naming the line and columns: an error row in `score`, an error
/// in `train`/`eval`; the same text quoted whole, or such a field in a column nobody reads,
/// is fine.
#[test]
fn text_after_a_closing_quote_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = write(
        d,
        "news.csv",
        concat!(
            "id,text,note\n",
            "1,\"So-called\" elections were held.,x\n",
            "2,\"\"\"So-called\"\" elections were held.\",\"seen\" twice\n",
            "3,\"Talks resumed.\" ,y\n",
        ),
    );
    let (code, out, err) = run(stancer()
        .arg("score")
        .arg(&f)
        .args(["--id-col", "id", "--level", "document"]));
    assert_eq!(code, 1, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3, "{out}");
    assert_eq!(rows[0]["status"], "error", "{}", rows[0]);
    let e = rows[0]["error"].as_str().unwrap();
    assert!(
        e.contains("news.csv: line 2: text follows the closing quote of the quoted field in column `text` (opened at column 3), at column 15"),
        "{e}"
    );
    assert_eq!(
        (&rows[1]["status"], &rows[2]["status"]),
        (&"ok".into(), &"ok".into())
    );
    assert!(err.contains("read 3 records: 2 scored"), "{err}");

    // train: the seed sentences with one such row.
    let body = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut lines: Vec<String> = body.lines().map(String::from).collect();
    lines[3] = "000_3ebba1561d9546a9,2,\"Independence\" is what Moscow calls it.,georgian,occupied,,seed,think_tank".into();
    let labeled = write(d, "labeled.csv", lines.join("\n") + "\n");
    let (code, _, err) = run(stancer()
        .args(["train", "--min-df", "1", "--data"])
        .arg(&labeled)
        .arg("--out")
        .arg(d.join("m.json")));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("labeled.csv: line 4: text follows the closing quote of the quoted field in column `text` (opened at column 24), at column 39"),
        "{err}"
    );
    assert!(!d.join("m.json").exists());
}

/// `score` reads each input once: the same file under two paths, a file inside a folder
/// also given, one folder twice or standard input twice is refused before anything is
/// read (each was scored twice, or read nothing, without a word), as a labeled file
/// given twice is. A file the folder's walk does not read (hidden) may be given beside it.
#[test]
fn a_score_input_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("x/.h")).unwrap();
    let a = write(d, "x/a.txt", "Troops occupied it.");
    let hidden = write(d, "x/.h/b.txt", "Talks resumed.");
    let dotted = d.join("x/./a.txt");
    let folder = d.join("x");
    for (inputs, expected) in [
        (vec![&a, &dotted], "is given twice (also as"),
        (vec![&folder, &a], "is inside the folder"),
        (vec![&folder, &folder], "is given twice;"),
    ] {
        let (code, out, err) = run(stancer().arg("score").args(&inputs));
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(
            err.contains(expected) && err.contains("expected each input once"),
            "{err}"
        );
    }
    let (code, _, err) = run(stancer().args(["score", "-", "-"]).write_stdin("Talks."));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("- (standard input) is given twice"), "{err}");
    let (code, out, err) = run(stancer().arg("score").arg(&folder).arg(&hidden));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out).len(), 2, "{out}");
}

/// Inputs named on the command line whose records get the same ids by construction are
/// warned about: files numbered by line (`1`, `2` ... in each) and text files that share
/// a name without their extension; their rows could not be told apart by id, without a
/// word (a folder keeps such ids apart).
#[test]
fn inputs_that_share_ids_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("x")).unwrap();
    std::fs::create_dir_all(d.join("y")).unwrap();
    let xa = write(d, "x/a.txt", "Troops occupied it.");
    let ya = write(d, "y/a.txt", "Talks resumed.");
    let j1 = write(
        d,
        "one.jsonl",
        "{\"id\": \"a\", \"text\": \"Talks resumed.\"}\n",
    );
    let j2 = write(
        d,
        "two.jsonl",
        "{\"id\": \"b\", \"text\": \"Talks resumed.\"}\n",
    );
    let (code, out, err) = run(stancer()
        .arg("score")
        .args([&xa, &ya, &j1, &j2])
        .args(["--level", "document"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out).len(), 4, "{out}");
    assert!(
        err.contains("one.jsonl, ")
            && err.contains("two.jsonl: the records of each are numbered by line"),
        "{err}"
    );
    assert!(err.contains("a.txt: all have id `a`"), "{err}");
    // And the `id` field the JSONL files hold, left unread (once per run).
    assert!(err.contains("one.jsonl: line 1: field `id`"), "{err}");
    assert!(err.contains("3 warning(s)"), "{err}");
    // With ids of their own, the JSONL files share nothing.
    let (code, _, err) = run(stancer()
        .arg("score")
        .args([&j1, &j2])
        .args(["--id-col", "id"]));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
}

/// `agreement` refuses a file compared with itself (any path to it): kappa 1 by
/// construction was reported as perfect agreement.
#[test]
fn agreement_of_a_file_with_itself_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        "doc_id,sent_id,stance,frame\nd,1,georgian,none\nd,2,neutral_wire,none\n",
    );
    let dotted = dir.path().join(".").join("a.csv");
    let (code, out, err) = run(stancer().arg("agreement").arg(&a).arg(&dotted));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("is the same file as") && err.contains("expected a second labeling"),
        "{err}"
    );
}

/// `eval --repeats` repeats grouped K-fold only: beside --test-frac,
/// --leave-one-group-out, --model or --train-data it changed nothing and passed without a
/// word (clap's `requires = "folds"` did not hold there); it is refused now.
#[test]
fn eval_repeats_without_folds_is_refused() {
    for extra in [
        &["--test-frac", "0.2"][..],
        &["--leave-one-group-out"],
        &["--model", "models/default.json"],
        &["--train-data", "labels/seed_sentences.csv"],
    ] {
        let (code, out, err) = run(stancer()
            .args([
                "eval",
                "--data",
                "labels/seed_sentences.csv",
                "--repeats",
                "3",
            ])
            .args(extra));
        assert_eq!((code, out.as_str()), (2, ""), "{extra:?}: {err}");
        assert!(
            err.contains("'--repeats <REPEATS>' cannot be used with")
                || err.contains("cannot be used with '--repeats <REPEATS>'"),
            "{extra:?}: {err}"
        );
    }
}

/// `score --batch-size 0` and `--max-record-bytes 0` are refused: they were read as 1
/// without a word (and the error rows of the second named a limit of 1 that nobody gave).
#[test]
fn score_counts_of_zero_are_refused() {
    for flag in ["--batch-size", "--max-record-bytes"] {
        let (code, out, err) = run(stancer()
            .args(["score", "-", flag, "0"])
            .write_stdin("Talks resumed.\n"));
        assert_eq!((code, out.as_str()), (2, ""), "{flag}: {err}");
        assert!(
            err.contains(&format!("invalid value '0' for '{flag}")) && err.contains("1.."),
            "{err}"
        );
    }
}

/// A labeled file whose header names a column the run reads twice (`stance` twice) is
/// read from the first, as before, but with a warning naming both columns, as `score`
/// warns about its inputs; it was read without a word.
#[test]
fn a_labeled_column_named_twice_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in body.lines().enumerate() {
        out += line;
        out += if i == 0 { ",stance\n" } else { ",georgian\n" };
    }
    let f = write(dir.path(), "dup.csv", out);
    let (code, _, err) = run(stancer()
        .args(["train", "--min-df", "1", "--data"])
        .arg(&f)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("dup.csv: line 1: column `stance` appears more than once in the header (columns 4 and 9); the first is read"),
        "{err}"
    );
    assert!(
        err.contains("stance classes: georgian 15, neutral_wire 155"),
        "{err}"
    );
}

/// A NUL byte in a CSV field the run reads is binary content, an error row naming the
/// byte, as it is in a text or one-per-line file: only a CSV's start was sniffed for it,
/// and one further on went into the text (and the output) without a word.
#[test]
fn a_nul_byte_in_a_csv_field_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "news.csv",
        "id,text,note\n1,Talks resumed.,x\n2,Troops occupied it.\0 More.,y\n3,Talks.,a\0b\n",
    );
    let (code, out, err) = run(stancer()
        .arg("score")
        .arg(&f)
        .args(["--id-col", "id", "--level", "document"]));
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains('\0') && !out.contains("\\u0000"), "{out}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3, "{out}");
    assert_eq!(rows[1]["status"], "error", "{}", rows[1]);
    let e = rows[1]["error"].as_str().unwrap();
    assert!(
        e.contains("news.csv: line 3: binary content (a NUL byte at byte offset 53) in field `text`; expected UTF-8 text"),
        "{e}"
    );
    // A field nobody reads may hold anything.
    assert_eq!(
        (&rows[0]["status"], &rows[2]["status"]),
        (&"ok".into(), &"ok".into())
    );
}

/// `score --keep-cols a,a` is refused: it wrote two output columns of one name (a JSONL
/// object with the key twice, which the reader itself refuses as input).
#[test]
fn a_kept_column_named_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "k.jsonl", "{\"text\": \"Talks.\", \"a\": 1}\n");
    let (code, out, err) = run(stancer().arg("score").arg(&f).args(["--keep-cols", "a,a"]));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("--keep-cols a,a: `a` is named twice (item 2)"),
        "{err}"
    );
}

/// An id given twice in one file (`--id-col`) is warned about, naming the first repeat and
/// where it was first given; every record is still scored, one row each.
#[test]
fn an_id_repeated_within_a_file_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = write(
        d,
        "news.csv",
        "url,text\nu1,Troops occupied it.\nu2,Talks resumed.\nu1,Another story.\nu2,More.\n",
    );
    let jsonl = write(
        d,
        "news.jsonl",
        "{\"url\": \"u1\", \"text\": \"A.\"}\n{\"url\": \"u2\", \"text\": \"B.\"}\n\
         {\"url\": \"u2\", \"text\": \"C.\"}\n",
    );
    for (path, first, line, before, n, what) in [
        (&csv, "u1", 4, 2, 2, "column `url`"),
        (&jsonl, "u2", 3, 2, 1, "field `url`"),
    ] {
        let (code, out, err) = run(stancer()
            .arg("score")
            .arg(path)
            .args(["--id-col", "url", "--level", "document"]));
        assert_eq!(code, 0, "{err}");
        assert_eq!(json_lines(&out).len(), n + 2, "{out}");
        assert!(
            err.contains(&format!(
                "line {line}: {n} record(s) repeat an earlier id in {what}; the first is \
                 `{first}`, first given at line {before}"
            )),
            "{err}"
        );
        assert!(err.contains("1 warning(s)"), "{err}");
    }
    // Distinct ids: no warning.
    let distinct = write(d, "ok.csv", "url,text\nu1,A.\nu2,B.\n");
    let (code, _, err) = run(stancer()
        .arg("score")
        .arg(&distinct)
        .args(["--id-col", "url"]));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
}

/// `agreement` where both files give every item one and the same label: chance agreement
/// is 1 and kappa is 0/0, which was printed as a perfect 1.000. It is `undefined` now, with
/// the reason under the table and as a warning on stderr (scikit-learn's
/// `cohen_kappa_score` gives NaN); the other columns are reported as before, exit code 0.
#[test]
fn agreement_on_one_label_throughout_has_no_kappa() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = labeling(
        d,
        "a.csv",
        "d,0,georgian,none\nd,1,georgian,none\nd,2,georgian,occupied\n",
    );
    let b = labeling(
        d,
        "b.csv",
        "d,0,georgian,none\nd,1,georgian,occupied\nd,2,georgian,occupied\n",
    );
    let (code, out, err) = run(stancer().arg("agreement").arg(&a).arg(&b));
    assert_eq!(code, 0, "{err}");
    let row = |col: &str| {
        out.lines()
            .find(|l| l.starts_with(col))
            .unwrap()
            .to_string()
    };
    assert!(row("stance").ends_with(" 1.000 undefined"), "{out}");
    assert!(row("frame").ends_with("0.400"), "{out}");
    let reason = "kappa for `stance` is undefined: both files give all 3 items the one label \
                  `georgian`: chance agreement is 1";
    assert!(out.contains(reason), "{out}");
    assert!(
        err.contains(&format!("stancer: warning: {reason}")),
        "{err}"
    );
    assert!(!out.contains("kappa for `frame`"), "{out}");
}

/// `agreement` with a file that has a header and no rows (or nothing at all) is an error
/// naming the file: a header-only second file printed n 0 with every figure 0.000 and
/// exit code 0, as if two annotators had agreed on nothing.
#[test]
fn agreement_with_an_empty_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let full = labeling(d, "full.csv", "d,0,georgian,none\nd,1,neutral_wire,none\n");
    let bare = labeling(d, "bare.csv", "");
    let blank = write(d, "blank.csv", "\n");
    for (first, second, expected) in [
        (
            &full,
            &bare,
            "bare.csv: line 2: the file has a header but no rows",
        ),
        (
            &bare,
            &full,
            "bare.csv: line 2: the file has a header but no rows",
        ),
        (&full, &blank, "blank.csv: line 1: the file is empty"),
    ] {
        let (code, out, err) = run(stancer().arg("agreement").arg(first).arg(second));
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

/// An article label that no test article carries and no rule predicts is not scored: the
/// article level was scored over every sentence stance label, so with no `neutral_wire`
/// article and every article right, article macro-F1 read 0.667 beside accuracy 1.000
/// (`neutral_wire` counted F1 0 on support 0 and no predictions; scikit-learn's report
/// leaves it out). A label predicted without gold support still counts, as there.
#[test]
fn an_article_label_nobody_carries_is_not_scored() {
    let dir = tempfile::tempdir().unwrap();
    let docs = seed_documents(dir.path(), "docs.csv", |_, l| {
        l.replacen(",neutral_wire,", ",georgian,", 1)
    });
    let json = dir.path().join("r.json");
    let (code, _, err) = run(stancer()
        .args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "--min-df",
            "1",
        ])
        .args(["--folds", "2", "--doc-labels", &docs, "--json"])
        .arg(&json));
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let mut reports = vec![("model", &r["document"]["model"])];
    for m in r["document_methods"].as_array().unwrap() {
        reports.push((m["method"].as_str().unwrap(), &m["report"]));
    }
    for (name, rep) in reports {
        let confusion = rep["confusion"].as_array().unwrap();
        for (j, c) in rep["classes"].as_array().unwrap().iter().enumerate() {
            let predicted: u64 = confusion.iter().map(|row| row[j].as_u64().unwrap()).sum();
            assert!(
                c["support"].as_u64().unwrap() > 0 || predicted > 0,
                "{name}: class {} is neither gold nor predicted: {rep}",
                c["label"]
            );
        }
    }
}

/// A class the model predicts where no test sentence carries it counts F1 0 in macro-F1
/// (recall 0/0, scikit-learn's `zero_division=0`): `eval --model` on georgian sentences
/// alone read macro-F1 0.49 beside accuracy 0.97 and a majority baseline of 1.000, without
/// a word. The text and Markdown reports now say so, with macro-F1 over the gold labels
/// alone, and so does a warning on stderr (scikit-learn warns there too).
#[test]
fn a_predicted_class_without_gold_examples_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let body = std::fs::read_to_string(repo_path("labels/composed_hard_sentences.csv")).unwrap();
    let mut lines = body.lines();
    let mut test = format!("{}\n", lines.next().unwrap());
    for l in lines.filter(|l| l.contains(",georgian,")).take(100) {
        test += l;
        test.push('\n');
    }
    let test = write(d, "georgian.csv", test);
    let md = d.join("r.md");
    let json = d.join("r.json");
    let (code, out, err) = run(stancer()
        .args(["eval", "--model"])
        .arg(seed_model())
        .arg("--data")
        .arg(&test)
        .arg("--markdown")
        .arg(&md)
        .arg("--json")
        .arg(&json));
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let model = &r["stance"]["model"];
    let (j, class) = model["classes"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find(|(_, c)| c["support"] == 0)
        .expect("the seed model predicts a label these sentences lack");
    let predicted: u64 = model["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[j].as_u64().unwrap())
        .sum();
    let note = format!(
        "sentence stance: `{}` is predicted {predicted} time(s) but no test sentence carries \
         it: its recall is 0/0, counted 0",
        class["label"].as_str().unwrap()
    );
    assert!(out.contains(&format!("note: {note}")), "{out}");
    assert!(
        std::fs::read_to_string(&md).unwrap().contains(&note),
        "markdown"
    );
    assert!(err.contains(&format!("warning: {note}")), "{err}");
    assert!(out.contains("over the gold labels alone it is"), "{out}");
    assert!(!out.contains("note: sentence frame"), "{out}");
}

/// The files one run writes (`bench --out`'s four results; `eval --json`, `--markdown`,
/// `--predictions` and `--report`) are opened before the run and replaced together after
/// it: a path that cannot be written (a folder where a file goes, a report folder holding
/// other files) used to stop the run only at its end, with the outputs before it already
/// replaced: new results beside old ones, exit code 2. Now nothing is replaced, and the
/// run stops before its work.
#[test]
fn the_outputs_of_a_run_are_replaced_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("bench");
    std::fs::create_dir_all(out.join("results.svg")).unwrap();
    write(&out, "results.csv", "the previous results\n");
    let (code, stdout, err) = run(stancer()
        .args([
            "bench",
            "--data",
            "labels/seed_sentences.csv",
            "--folds",
            "2",
            "--out",
        ])
        .arg(&out));
    assert_eq!((code, stdout.as_str()), (2, ""), "{err}");
    assert!(err.contains("results.svg: is a folder"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("results.csv")).unwrap(),
        "the previous results\n"
    );
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["results.csv", "results.svg"]);

    let json = d.join("r.json");
    let folder = d.join("folder");
    std::fs::create_dir(&folder).unwrap();
    let report = d.join("report");
    std::fs::create_dir(&report).unwrap();
    write(&report, "notes.txt", "mine");
    let eval = || {
        let mut c = stancer();
        c.args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "--min-df",
            "1",
        ])
        .args(["--folds", "2", "--json"])
        .arg(&json);
        c
    };
    for (extra, expected) in [
        (
            vec!["--markdown".into(), folder.clone()],
            "folder: is a folder",
        ),
        (
            vec!["--report".into(), report.clone()],
            "report: holds `notes.txt`",
        ),
        (
            vec!["--report".into(), d.to_path_buf()],
            "is inside the --report folder",
        ),
    ] {
        let (code, stdout, err) = run(eval().args(&extra));
        assert_eq!((code, stdout.as_str()), (2, ""), "{extra:?}: {err}");
        assert!(err.contains(expected), "{extra:?}: {err}");
        assert!(!json.exists(), "{extra:?}: --json was written");
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(&report).unwrap().count(), 1);
}

/// Two output flags naming one file (`eval --json r.out --markdown ./r.out`) are refused
/// before the run: the Markdown replaced the JSON without a word, exit code 0.
#[test]
fn two_outputs_naming_one_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("r.out");
    let dotted = dir.path().join(".").join("r.out");
    let (code, out, err) = run(stancer()
        .args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "--min-df",
            "1",
        ])
        .args(["--folds", "2", "--json"])
        .arg(&same)
        .arg("--markdown")
        .arg(&dotted));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("is the same file as --json")
            && err.contains("expected each output its own path"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// A JSONL id or kept field that is a number is written as the line writes it: serde_json
/// read it as a number and wrote it back, so `12.50` became `12.5`, `1e2` `100.0` and the
/// id `123456789012345678901234` `1.2345678901234567e+23`: rows that no longer join back to
/// their input, without a word.
#[test]
fn jsonl_numbers_in_ids_and_kept_fields_keep_their_digits() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "n.jsonl",
        concat!(
            "{\"id\": 12.50, \"text\": \"Talks resumed.\", \"v\": 1e2}\n",
            "{\"id\": 123456789012345678901234, \"text\": \"Talks resumed.\", \"v\": [1, 2.50]}\n",
            "{\"id\": \"s\", \"text\": \"Talks resumed.\", \"v\": null}\n",
        ),
    );
    for format in ["csv", "jsonl"] {
        let (code, out, err) = run(stancer().arg("score").arg(&f).args([
            "--id-col",
            "id",
            "--keep-cols",
            "v",
            "--level",
            "document",
            "-f",
            format,
        ]));
        assert_eq!(code, 0, "{err}");
        for cell in ["12.50", "1e2", "123456789012345678901234", "[1, 2.50]"] {
            // A JSON string; a CSV field quoted when it holds a comma.
            let quoted = if format == "jsonl" || cell.contains(',') {
                format!("\"{cell}\"")
            } else {
                cell.to_string()
            };
            assert!(out.contains(&quoted), "{format}: {cell}: {out}");
        }
    }
}

/// `eval --dedupe` that removes every test sentence is an error: it printed n 0 and every
/// figure as 0.000 (macro-F1, accuracy, the baselines) with exit code 0, as if a model had
/// been scored and got everything wrong.
#[test]
fn eval_with_nothing_left_to_score_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // Every seed article twice, under another id: each sentence's twin is in training.
    let body = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut lines = body.lines();
    let mut twice = format!("{}\n", lines.next().unwrap());
    for l in lines {
        twice += &format!("{l}\ndup_{l}\n");
    }
    let f = write(dir.path(), "twice.csv", twice);
    let (code, out, err) = run(stancer()
        .args([
            "eval", "--min-df", "1", "--folds", "2", "--dedupe", "--data",
        ])
        .arg(&f));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("twice.csv: --dedupe removed every test sentence (420 exact")
            && err.contains("nothing is left to score"),
        "{err}"
    );
}

/// Article labels that go unused are warned about: a label whose id names no article of
/// the data (a typo, a trailing space) and an article of the data with no label were left
/// out of the article level without a word (only a file naming no article at all was an
/// error).
#[test]
fn article_labels_left_unused_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let docs = seed_documents(dir.path(), "docs.csv", |i, l| {
        if i == 3 {
            l.replacen(',', " ,", 1)
        } else {
            l.to_string()
        }
    });
    let first = "001_6feb405e64e5681e";
    for cmd in ["train", "eval"] {
        let (code, _, err) = with_doc_labels(cmd, &docs, &[]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(
            err.contains(&format!(
                "docs.csv: line 3: 1 of the 5 article labels name no article of the data \
                 (column `doc_id`; this is the first: `{first} `); they are not used"
            )),
            "{cmd}: {err}"
        );
        assert!(
            err.contains(&format!(
                "1 of the 5 articles of the data have no article label (the first is \
                 `{first}`); the article level leaves them out"
            )),
            "{cmd}: {err}"
        );
    }
    // Every label used, every article labeled: no warning.
    let clean = seed_documents(dir.path(), "clean.csv", |_, l| l.to_string());
    let (code, _, err) = with_doc_labels("eval", &clean, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("article label"), "{err}");
}

/// A text column that holds no text (`--text-col date`) gave every row the same confident
/// `neutral_wire`, the model's prior, and said nothing. When most sentences hold no word the
/// model knows, scoring now warns (the rows are still written, one per input row).
#[test]
fn a_text_column_without_a_known_word_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let news = write(
        dir.path(),
        "news.csv",
        "id,date,text\n1,2008-08-08,Russian troops occupied the region.\n\
         2,2008-08-09,Talks resumed in Geneva.\n3,2008-08-10,The de facto authorities closed the crossing.\n",
    );
    let (code, out, err) =
        run(stancer()
            .arg("score")
            .arg(&news)
            .args(["--text-col", "date", "--id-col", "id"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out).len(), 3, "{out}");
    assert!(
        err.contains("3 of 3 sentences hold no word the model knows")
            && err.contains("--text-col")
            && err.contains("1 warning(s)"),
        "{err}"
    );
    // The text itself: no warning.
    let (code, _, err) = run(stancer().arg("score").arg(&news).args(["--id-col", "id"]));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
}

/// `--text-col text,text` joined the column with itself (each sentence read twice, with the
/// separator between), and trained on that without a word. It is refused, naming the column.
#[test]
fn a_text_column_named_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["train", "eval"] {
        let (code, _, err) = run(stancer()
            .current_dir(dir.path())
            .arg(cmd)
            .arg("--data")
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/seed_sentences.csv"))
            .args(["--text-col", "text,text"]));
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains("text column `text` is named twice (item 2 of text,text)"),
            "{cmd}: {err}"
        );
    }
}

/// `train --out` naming a folder (or a path that cannot be written) failed only after the
/// whole training. It is opened first now: the run stops before reading the data.
#[test]
fn a_train_output_that_cannot_be_written_stops_the_run_first() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("model.json");
    std::fs::create_dir(&folder).unwrap();
    let (code, _, err) = run(stancer()
        .arg("train")
        .arg("--data")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/seed_sentences.csv"))
        .arg("--out")
        .arg(&folder));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a folder"), "{err}");
    assert!(
        !err.contains("stance classes"),
        "the data was read first: {err}"
    );
    assert!(folder.is_dir());
}
