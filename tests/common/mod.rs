//! A small harness for driving the real `stancer` binary: a temp dir per test, paths into
//! the repo's shipped labels, and a trained seed model shared by the tests of one file.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo_path(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// The binary, run from the repository root (so `labels/frame_terms.csv` resolves).
pub fn stancer() -> Command {
    let mut c = Command::cargo_bin("stancer").expect("binary builds");
    c.current_dir(repo());
    c
}

/// A model trained once on the seed sentences, for tests that need any model.
pub fn seed_model() -> &'static Path {
    static MODEL: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = MODEL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seed.json");
        stancer()
            .args(["train", "--data", "labels/seed_sentences.csv"])
            .args([
                "--doc-labels",
                "labels/seed_documents.csv",
                "--min-df",
                "1",
                "--out",
            ])
            .arg(&path)
            .assert()
            .success();
        (dir, path)
    });
    path
}

/// Writes `body` to `name` inside `dir` and returns the path.
pub fn write(dir: &Path, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// The stdout of a command that must succeed.
/// Exit code, stdout and stderr of a finished command.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Parses JSON Lines.
pub fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The stderr of a command that must exit with `code`.
pub fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

/// `stancer train --data DATA --config CONFIG ARGS --out DIR/model.json`, which must
/// succeed: the model file and its JSON.
pub fn train_with_config(
    dir: &Path,
    data: &str,
    config: &Path,
    args: &[&str],
) -> (PathBuf, serde_json::Value) {
    let model = dir.join("model.json");
    stancer()
        .args(["train", "--data", data, "--config"])
        .arg(config)
        .args(args)
        .arg("--out")
        .arg(&model)
        .assert()
        .success();
    let json = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    (model, json)
}

/// The vocabulary of a model's JSON.
pub fn vocabulary(model: &serde_json::Value) -> Vec<String> {
    model["vectorizer"]["vocabulary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

/// The JSON Lines of scoring one of the seed articles with `model`.
pub fn score_seed_article(model: &Path) -> Vec<serde_json::Value> {
    json_lines(&stdout_of(
        stancer()
            .args([
                "score",
                "labels/seed_articles/003_a2c1f8a07762f669.txt",
                "--model",
            ])
            .arg(model),
    ))
}

/// The first warning line of `err` that holds every one of `needles`; the test fails,
/// showing `err`, when there is none.
pub fn warning_with<'e>(err: &'e str, needles: &[&str]) -> &'e str {
    err.lines()
        .find(|l| l.contains("warning") && needles.iter().all(|n| l.contains(n)))
        .unwrap_or_else(|| panic!("no warning with {needles:?}: {err}"))
}

/// Sentences of one stance and frame, by article: enough text for every head to learn.
pub const SENTENCES: [(&str, &str, &str); 3] = [
    (
        "georgian",
        "occupied",
        "Russian occupying troops detained residents near the occupation line in Ergneti.",
    ),
    (
        "neutral_wire",
        "none",
        "Officials in Tbilisi said talks on the crossing would resume in Geneva next month.",
    ),
    (
        "pro_tskhinvali",
        "independent",
        "The Republic of South Ossetia marked the anniversary of its independence in Tskhinvali.",
    ),
];

/// A labeled CSV of `docs[k]` articles of the k-th stance of [`SENTENCES`] (`prefix` names
/// them), three sentences each; `frame` adds the frame column.
pub fn labeled_corpus(prefix: &str, docs: [usize; 3], frame: bool) -> String {
    let mut s = String::from(if frame {
        "doc_id,sent_id,text,stance,frame\n"
    } else {
        "doc_id,sent_id,text,stance\n"
    });
    for (k, (stance, fr, text)) in SENTENCES.iter().enumerate() {
        for d in 0..docs[k] {
            for j in 0..3 {
                let text = format!("{text} Report {d} of {prefix}{k} item {j}.");
                s += &format!("{prefix}{k}_{d},{j},{text},{stance}");
                if frame {
                    s += &format!(",{fr}");
                }
                s += "\n";
            }
        }
    }
    s
}
