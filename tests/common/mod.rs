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
