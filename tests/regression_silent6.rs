//! Regressions of the sixth "nothing silent, nothing unsafe" audit, through the real
//! binary. One test per finding; each failed before its fix.

mod common;

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;

/// Serves `data` to the first reader of the FIFO at `path`; a reader that opens it again
/// reads nothing (an open and a close with no write, which leaves a first reader still
/// reading undisturbed), until `done`.
fn serve_fifo(path: &Path, data: &[u8], done: &AtomicBool) {
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.write_all(data).unwrap();
    drop(f);
    while !done.load(Ordering::SeqCst) {
        // Non-blocking: fails at once while no reader has the FIFO open.
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(0o4000) // O_NONBLOCK
            .open(path);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// `--model FILE` was read twice, once to parse and once (on another thread) to hash for
/// the `model` column: a file replaced between the reads (a retrain writing over it, a
/// FIFO) gave rows whose id named other bytes than the model that scored them, or two
/// readers split one stream. It is read once and hashed from the same bytes.
#[test]
fn a_model_file_is_read_once_for_the_model_and_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("model.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let bytes = std::fs::read(seed_model()).unwrap();
    let id = stancer::score::model_id(&bytes);
    let article = write(dir.path(), "a.txt", "Russian troops occupied Abkhazia.\n");
    let done = AtomicBool::new(false);
    let (code, out, err) = std::thread::scope(|s| {
        s.spawn(|| serve_fifo(&fifo, &bytes, &done));
        let r = run(stancer()
            .args(["score", "--format", "csv", "--model"])
            .arg(&fifo)
            .arg(&article)
            .timeout(std::time::Duration::from_secs(60)));
        done.store(true, Ordering::SeqCst);
        r
    });
    assert_eq!(code, 0, "{err}");
    let row = out.lines().nth(1).unwrap();
    assert!(row.ends_with(&format!(",ok,,{id}")), "{row}");
}

/// `--encoding latin1` over a labeled file that is UTF-8 (a data set re-saved, or a folder
/// of files of both kinds) read “ as `â€œ` and trained on the mojibake without a word,
/// where `score` warned. `train`, `eval` and `bench` now warn once per file, naming its
/// first such line; a Latin-1 file (like SemEval-2016's training file, whose stray bytes
/// are not UTF-8) is not warned about.
#[test]
fn utf8_labels_read_as_latin1_are_warned_about_once_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut utf8 = String::from("doc_id,text,stance\n");
    let mut latin1: Vec<u8> = b"doc_id,text,stance\n".to_vec();
    for i in 0..12 {
        let g = ["georgian", "neutral_wire", "pro_tskhinvali"][i % 3];
        utf8.push_str(&format!("d{i},Tskhinvali held talks number {i}.,{g}\n"));
        latin1.extend(format!("e{i},Sukhumi held talks number {i}.,{g}\n").as_bytes());
    }
    utf8.push_str("d12,The so-called “elections” in Tskhinvali.,georgian\n");
    utf8.push_str("d13,Another “quoted” line.,georgian\n");
    latin1.extend(b"e12,The so-called \x93elections\x94 in Sukhumi (caf\xe9).,georgian\n");
    let u = write(d, "utf8.csv", &utf8);
    let l = write(d, "latin1.csv", &latin1);
    let flags = ["--any-labels", "--frame-col", "", "--encoding", "latin1"];
    let out = d.join("m.json");
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .args([&u, &l])
        .args(flags)
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("read as Latin-1"))
        .collect();
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].starts_with(&format!(
            "stancer: warning: {}: line 14: read as Latin-1 (--encoding latin1), but the text \
             is UTF-8 with non-ASCII characters",
            u.display()
        )),
        "{err}"
    );
    // eval reads the same way, and says the same.
    let (code, _, err) = run(stancer()
        .args(["eval", "--data"])
        .arg(&u)
        .args(flags)
        .args(["--folds", "2"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("read as Latin-1").count(), 1, "{err}");
    // A Latin-1 file alone: nothing to say.
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(&l)
        .args(flags)
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("read as Latin-1"), "{err}");
    // (Its “ ” are Windows-1252's 0x93 0x94, control characters in Latin-1: that is said
    // since the thirteenth audit, `windows_1252_read_as_latin1_is_warned_about...`.)
    assert_eq!(
        err.matches("expected --encoding cp1252").count(),
        1,
        "{err}"
    );
}

/// Rows whose group cell is empty (an export that lost some article ids) were one group
/// between them, without a word: kept whole in every split, and one "article" of unrelated
/// sentences at the article level. `train`, `eval` and `bench` now say how many and
/// where the first is.
#[test]
fn rows_without_a_group_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("doc_id,text,stance\n");
    for i in 0..12 {
        let g = ["georgian", "neutral_wire", "pro_tskhinvali"][i % 3];
        let doc = if (4..9).contains(&i) {
            if i == 6 {
                " ".to_string()
            } else {
                String::new()
            }
        } else {
            format!("d{}", i / 2)
        };
        body.push_str(&format!("{doc},Talks in Sukhumi number {i}.,{g}\n"));
    }
    let f = write(dir.path(), "labels.csv", &body);
    let flags = ["--any-labels", "--frame-col", ""];
    let expected = format!(
        "stancer: warning: {}: line 6: 5 row(s) have an empty group (column `doc_id`; this is \
         the first): they are read as one group",
        f.display()
    );
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(&f)
        .args(flags)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&expected), "{err}");
    let (code, _, err) = run(stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(flags)
        .args(["--folds", "2"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&expected), "{err}");
    // A file whose every row has a group: nothing to say.
    let full = write(
        dir.path(),
        "full.csv",
        body.replace("\n,", "\nx,").replace("\n ,", "\ny,"),
    );
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(&full)
        .args(flags)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("empty group"), "{err}");
}

/// A label of the run's label set that no row carries (`--labels A,B,C` over data
/// without C, or the guide's labels over a filtered file) gave a model without that
/// class, and `train` listed the classes it had without a word about the missing one.
/// It is now listed with 0 and warned about.
#[test]
fn a_label_of_the_label_set_without_examples_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(stancer()
        .args([
            "train",
            "--data",
            "labels/seed_sentences.csv",
            "--frame-col",
            "",
        ])
        .args([
            "--labels",
            "georgian,neutral_wire,pro_tskhinvali,other",
            "--out",
        ])
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("stance classes: georgian 15, neutral_wire 155, other 0, pro_tskhinvali 40"),
        "{err}"
    );
    assert!(
        err.contains(
            "stancer: warning: stance class `other` has no example: the model cannot predict it"
        ),
        "{err}"
    );
    // The guide's labels (the default) over a file without one of the frames.
    let seed = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut lines = seed.lines();
    let mut body = format!("{}\n", lines.next().unwrap());
    for l in lines.filter(|l| !l.contains(",independent,")) {
        body.push_str(l);
        body.push('\n');
    }
    let f = write(dir.path(), "no_independent.csv", &body);
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(&f)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("frame classes: independent 0, "), "{err}");
    assert!(
        err.contains("warning: frame class `independent` has no example"),
        "{err}"
    );
    assert_eq!(err.matches("has no example").count(), 1, "{err}");
}

/// `-o scores.txt` wrote JSONL with no word: the extension names no format. Now a warning
/// says what is written; `--format`, a `.jsonl` name or a device (`/dev/null`) say nothing.
#[test]
fn an_output_whose_extension_names_no_format_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Russian troops remain in the occupied Tskhinvali region.\n",
    )
    .unwrap();
    let out = dir.path().join("scores.txt");
    let (code, _, err) = run(stancer().arg("score").arg(&article).arg("-o").arg(&out));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: writing JSONL to") && err.contains("scores.txt"),
        "{err}"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.starts_with('{'),
        "JSONL, as the warning says: {written}"
    );
    for extra in [
        vec![
            "-o".to_string(),
            out.display().to_string(),
            "--format".into(),
            "jsonl".into(),
        ],
        vec![
            "-o".to_string(),
            dir.path().join("s.jsonl").display().to_string(),
        ],
        vec!["-o".to_string(), "/dev/null".into()],
    ] {
        let (code, _, err) = run(stancer().arg("score").arg(&article).args(&extra));
        assert_eq!(code, 0, "{extra:?}: {err}");
        assert!(!err.contains("warning"), "{extra:?}: {err}");
    }
}

/// `--metric f_avg:FAVOR,FAVOR` was taken, and weighed one class twice in the mean.
#[test]
fn an_f_avg_that_names_a_class_twice_is_refused() {
    let (code, _, err) = run(stancer().args([
        "eval",
        "--data",
        "labels/seed_sentences.csv",
        "--folds",
        "2",
        "--metric",
        "f_avg:georgian,georgian",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("f_avg names `georgian` twice"), "{err}");
}

/// `agreement` over a second file that holds part of the first (a blind second pass on a
/// sample, or a file that lost rows) compared the shared items without saying that the
/// rest were left out. Now a note says how many, on stderr; the table is unchanged.
#[test]
fn agreement_says_how_many_items_of_the_first_file_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.csv");
    let second = dir.path().join("second.csv");
    std::fs::write(
        &first,
        "doc_id,sent_id,stance,frame\nd,0,georgian,occupied\nd,1,neutral_wire,none\n\
         d,2,neutral_wire,none\nd,3,pro_tskhinvali,independent\n",
    )
    .unwrap();
    std::fs::write(
        &second,
        "doc_id,sent_id,stance,frame\nd,0,georgian,occupied\nd,3,pro_tskhinvali,independent\n",
    )
    .unwrap();
    let (code, table, err) = run(stancer().arg("agreement").arg(&first).arg(&second));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("note: 2 of the 4 items of") && err.contains("kappa is over the 2 items"),
        "{err}"
    );
    assert!(
        table.lines().nth(1).unwrap().starts_with("stance"),
        "{table}"
    );
    let copy = dir.path().join("copy.csv");
    std::fs::copy(&first, &copy).unwrap();
    let (code, _, err) = run(stancer().arg("agreement").arg(&first).arg(&copy));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("note:"), "the same items: {err}");
}

/// Under `--any-labels` every value is a class, so a quote left open in a label cell of
/// `--doc-labels` (`a,"georgian`) read the rows after it into one label, a class of its
/// own, and the articles after it lost theirs, in silence. Now it is an error naming the
/// file and line.
#[test]
fn a_label_cell_that_runs_over_a_line_break_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write(
        dir.path(),
        "docs.csv",
        "doc_id,stance\n000_3ebba1561d9546a9,\"georgian\n001_6feb405e64e5681e,georgian\n",
    );
    let (code, _, err) = run(stancer()
        .args([
            "train",
            "--data",
            "labels/seed_sentences.csv",
            "--any-labels",
        ])
        .arg("--doc-labels")
        .arg(&docs)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("docs.csv: line 2: the label in column `stance` runs over a line break"),
        "{err}"
    );
    assert!(!dir.path().join("m.json").exists());
}
