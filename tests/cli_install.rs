//! The binary as installed (`cargo install --path .`): copied out of the build folder and
//! run from a folder that holds only the user's own files, so nothing of the repository
//! (`models/`, `labels/`, `eval/`) is within reach by relative path. The shipped model, the
//! guide's lexicon and the bench's feature sets must come from inside the binary.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use common::{json_lines, write};

/// The built binary copied into a folder of its own, once for all the tests here: a copy
/// made while another test's thread forks a child would be held open for writing in that
/// child, and running it then fails with "Text file busy".
fn installed_binary() -> &'static Path {
    static BIN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, bin) = BIN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("stancer");
        std::fs::copy(env!("CARGO_BIN_EXE_stancer"), &bin).unwrap();
        (dir, bin)
    });
    bin
}

/// The installed binary, and an empty working folder of the test's own.
struct Installed {
    _root: tempfile::TempDir,
    bin: PathBuf,
    work: PathBuf,
}

impl Installed {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let work = root.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        Installed {
            _root: root,
            bin: installed_binary().to_path_buf(),
            work,
        }
    }

    /// The installed binary, run in the working folder.
    fn stancer(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.current_dir(&self.work).env_remove("CARGO_MANIFEST_DIR");
        c
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self
            .stancer()
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stdout).unwrap()
    }

    fn file(&self, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
        write(&self.work, name, body)
    }
}

/// The repository's labeled seed sentences, as a researcher's own file would be.
fn labeled_csv() -> Vec<u8> {
    std::fs::read(common::repo_path("labels/seed_sentences.csv")).unwrap()
}

const ARTICLE: &str = "Russian troops remain in the occupied Tskhinvali region. \
                       Officials in Tskhinvali said the Republic of South Ossetia would hold elections.";

#[test]
fn score_uses_the_built_in_model_from_any_folder() {
    let inst = Installed::new();
    inst.file("article.txt", ARTICLE);
    let rows = json_lines(&inst.stdout(&["score", "article.txt"]));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["status"], "ok");
    // The built-in model carries the guide's lexicon: "occupied" is tagged.
    let terms = rows[0]["terms"].as_array().unwrap();
    assert!(terms.iter().any(|t| t["matched"] == "occupied"), "{rows:?}");
}

#[test]
fn train_eval_and_bench_need_no_repository() {
    let inst = Installed::new();
    inst.file("mine.csv", labeled_csv());
    inst.file("article.txt", ARTICLE);
    // Without --out: model.json in the current folder, and no models/ folder is made.
    inst.stancer()
        .args(["train", "--data", "mine.csv", "--min-df", "1"])
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote model.json"));
    assert!(inst.work.join("model.json").is_file());
    assert!(!inst.work.join("models").exists());
    let rows = json_lines(&inst.stdout(&["score", "--model", "model.json", "article.txt"]));
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["matched"] == "occupied"));

    let eval = inst.stdout(&[
        "eval", "--data", "mine.csv", "--folds", "2", "--min-df", "1",
    ]);
    assert!(eval.contains("sentence stance"), "{eval}");
    let bench = inst.stdout(&["bench", "--data", "mine.csv", "--folds", "2"]);
    // The built-in eval/feature_sets.toml: its reference set and the shipped one.
    assert!(bench.contains("uni+bigram"), "{bench}");
    assert!(bench.contains("shipped (+lexicon +quotes)"), "{bench}");
}

#[test]
fn train_without_out_never_touches_the_shipped_model() {
    let inst = Installed::new();
    inst.file("mine.csv", labeled_csv());
    std::fs::create_dir_all(inst.work.join("models")).unwrap();
    let shipped = inst.file("models/default.json", "the shipped model\n");
    inst.stancer()
        .args(["train", "--data", "mine.csv", "--min-df", "1"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&shipped).unwrap(),
        "the shipped model\n"
    );
    assert!(inst.work.join("model.json").is_file());
}

/// Two labels of a data set's own, with South Ossetia framing words in the text.
fn own_labels_csv() -> String {
    let mut body = String::from("doc_id,sent_id,text,stance\n");
    for i in 0..16 {
        let (t, l) = if i % 2 == 0 {
            ("We favour the plan for the occupied territories", "FAVOR")
        } else {
            ("We oppose the plan for the breakaway region", "AGAINST")
        };
        body += &format!("d{},{i},{t} {i},{l}\n", i / 4);
    }
    body
}

fn terms_of(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .flat_map(|r| r["terms"].as_array().unwrap().clone())
        .map(|t| format!("{}:{}", t["matched"], t["frame"]))
        .collect()
}

#[test]
fn a_model_on_other_labels_gets_no_lexicon_unless_asked() {
    let inst = Installed::new();
    inst.file("own.csv", own_labels_csv());
    inst.file(
        "text.txt",
        "They favour the plan for the occupied territories.",
    );
    for flags in [&["--labels", "FAVOR,AGAINST"][..], &["--any-labels"][..]] {
        inst.stancer()
            .args([
                "train",
                "--data",
                "own.csv",
                "--min-df",
                "1",
                "--frame-col",
                "",
            ])
            .args(flags)
            .args(["--out", "own.json"])
            .assert()
            .success();
        let rows = json_lines(&inst.stdout(&["score", "--model", "own.json", "text.txt"]));
        assert_eq!(rows.len(), 1);
        assert_eq!(terms_of(&rows), Vec::<String>::new(), "{flags:?}");
    }
    // Asked for: the named lexicon is used, and travels inside the model file.
    let lexicon = inst.file(
        "terms.csv",
        "term,frame,note\noccupied territories,occupied,stance:georgian\n",
    );
    inst.stancer()
        .args([
            "train",
            "--data",
            "own.csv",
            "--min-df",
            "1",
            "--frame-col",
            "",
        ])
        .args([
            "--any-labels",
            "--lexicon",
            "terms.csv",
            "--out",
            "own.json",
        ])
        .assert()
        .success();
    std::fs::remove_file(lexicon).unwrap();
    let rows = json_lines(&inst.stdout(&["score", "--model", "own.json", "text.txt"]));
    assert_eq!(
        terms_of(&rows),
        vec!["\"occupied territories\":\"occupied\""]
    );
}

#[test]
fn a_trained_model_carries_its_lexicon_to_another_folder() {
    let inst = Installed::new();
    inst.file("mine.csv", labeled_csv());
    let lexicon = inst.file(
        "terms.csv",
        "term,frame,note\nbreakaway,none,stance:neutral_wire\n",
    );
    inst.stancer()
        .args([
            "train",
            "--data",
            "mine.csv",
            "--min-df",
            "1",
            "--lexicon",
            "terms.csv",
        ])
        .args(["--out", "m.json"])
        .assert()
        .success();
    std::fs::remove_file(lexicon).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::rename(inst.work.join("m.json"), elsewhere.path().join("m.json")).unwrap();
    write(
        elsewhere.path(),
        "a.txt",
        "The breakaway region held a vote.",
    );
    let out = Command::new(&inst.bin)
        .current_dir(elsewhere.path())
        .args(["score", "--model", "m.json", "a.txt"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = json_lines(&String::from_utf8(out).unwrap());
    assert_eq!(terms_of(&rows), vec!["\"breakaway\":\"none\""]);
}

fn stderr_of(c: &mut Command) -> String {
    let out = c.assert().code(2).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn messages_name_the_flag_that_helps() {
    let inst = Installed::new();
    inst.file("a.txt", ARTICLE);
    inst.file("mine.csv", labeled_csv());
    let e = stderr_of(
        inst.stancer()
            .args(["score", "--model", "models/default.json", "a.txt"]),
    );
    assert!(e.contains("models/default.json: No such file"), "{e}");
    assert!(e.contains("leave out --model"), "{e}");
    let e = stderr_of(inst.stancer().args([
        "train",
        "--data",
        "mine.csv",
        "--lexicon",
        "labels/frame_terms.csv",
    ]));
    assert!(e.contains("labels/frame_terms.csv"), "{e}");
    assert!(e.contains("leave out --lexicon"), "{e}");
    let e = stderr_of(inst.stancer().arg("reproduce"));
    assert!(e.contains("--labels DIR"), "{e}");
    assert!(!Path::new(&inst.work.join("model.json")).exists());
}
