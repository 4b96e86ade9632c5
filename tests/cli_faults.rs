//! Faults and reproducibility through the real binary: the same data give byte-identical
//! models, reports and scores whatever the thread count, and a `train` killed mid-run
//! leaves the previous model file untouched.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The binary with `RAYON_NUM_THREADS=threads`, run in `dir`.
fn stancer_in(dir: &Path, threads: usize) -> assert_cmd::Command {
    let mut c = stancer();
    c.current_dir(dir)
        .env("RAYON_NUM_THREADS", threads.to_string());
    c
}

fn data_args() -> Vec<std::ffi::OsString> {
    let mut v: Vec<std::ffi::OsString> = vec!["--data".into()];
    v.push(repo_path("labels/seed_sentences.csv").into());
    v.push(repo_path("labels/composed_sentences.csv").into());
    v.push("--doc-labels".into());
    v.push(repo_path("labels/seed_documents.csv").into());
    v.push(repo_path("labels/composed_documents.csv").into());
    v.push("--lexicon".into());
    v.push(repo_path("labels/frame_terms.csv").into());
    v.push("--config".into());
    v.push(repo_path("eval/default.toml").into());
    v
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    // Each run writes to the same relative names in its own folder, so the command line
    // recorded in the report is the same too.
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    for (dir, threads) in dirs.iter().zip([1, 2]) {
        let d = dir.path();
        // The sparse solver (all labels) and the dense one (seed sentences only).
        stancer_in(d, threads)
            .arg("train")
            .args(data_args())
            .args(["--out", "full.json"])
            .assert()
            .success();
        stancer_in(d, threads)
            .args(["train", "--min-df", "1", "--data"])
            .arg(repo_path("labels/seed_sentences.csv"))
            .arg("--lexicon")
            .arg(repo_path("labels/frame_terms.csv"))
            .args(["--out", "seed.json"])
            .assert()
            .success();
        stancer_in(d, threads)
            .arg("eval")
            .args(data_args())
            .args([
                "--folds",
                "3",
                "--json",
                "report.json",
                "--markdown",
                "report.md",
            ])
            .assert()
            .success();
        stancer_in(d, threads)
            .args(["score", "--model", "full.json", "-t", &threads.to_string()])
            .arg(repo_path("labels/seed_articles"))
            .args(["--batch-size", "2", "-o", "scores.jsonl"])
            .assert()
            .success();
    }
    for name in [
        "full.json",
        "seed.json",
        "report.json",
        "report.md",
        "scores.jsonl",
    ] {
        let a = std::fs::read(dirs[0].path().join(name)).unwrap();
        let b = std::fs::read(dirs[1].path().join(name)).unwrap();
        assert!(!a.is_empty(), "{name} is empty");
        assert!(a == b, "{name} differs between 1 and 2 threads");
    }
}

/// A labeled CSV of `n` sentences in `n / 50` documents, words drawn from a fixed
/// pseudo-random sequence so that the vocabulary is large and training takes a while.
fn generated_csv(n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "ti", "so", "re", "mu", "na", "lo", "vi", "de", "sha", "ro", "gu", "ze", "pa", "ni",
        "tsk",
    ];
    const MARKERS: [(&str, &str); 3] = [
        ("occupied", "georgian"),
        ("talks", "neutral_wire"),
        ("republic", "pro_tskhinvali"),
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut out = String::from("doc_id,sent_id,text,stance,frame\n");
    for i in 0..n {
        let (marker, stance) = MARKERS[(i * 7 + i / 50) % 3];
        let mut text = String::new();
        for _ in 0..14 {
            let len = 2 + next() % 3;
            for _ in 0..len {
                text.push_str(SYLLABLES[next() % SYLLABLES.len()]);
            }
            text.push(' ');
        }
        text.push_str(marker);
        out.push_str(&format!("d{},{},{text},{stance},none\n", i / 50, i % 50));
    }
    out
}

#[test]
fn killing_train_leaves_the_old_model_intact() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    std::fs::copy(seed_model(), &model).unwrap();
    let old = std::fs::read(&model).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("stancer");
    let wait_before_kill = Duration::from_millis(400);
    // Start with an input that trains for a few seconds on a slow machine; if training
    // still finished before the kill, the test would prove nothing, so grow it and retry.
    let mut n = 6000;
    for attempt in 0.. {
        assert!(
            attempt < 4,
            "train finished within {wait_before_kill:?} even on {n} sentences: cannot test a kill"
        );
        let data = write(dir.path(), "big.csv", generated_csv(n));
        let mut child = Command::new(&bin)
            .current_dir(repo())
            .args(["train", "--frame-col", "", "--data"])
            .arg(&data)
            .arg("--out")
            .arg(&model)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        std::thread::sleep(wait_before_kill);
        if let Some(status) = child.try_wait().unwrap() {
            // Finished (and so replaced the model): restore it and try a bigger input.
            assert!(status.success(), "train failed: {status}");
            std::fs::write(&model, &old).unwrap();
            n *= 2;
            continue;
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "train was killed after {:?}",
            started.elapsed()
        );
        break;
    }
    assert!(
        std::fs::read(&model).unwrap() == old,
        "the old model changed"
    );
    // SIGKILL gives no chance to clean up, so a hidden temp file may remain; nothing else.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "model.json" || name == "big.csv" || name.starts_with(".model.json."),
            "unexpected file {name}"
        );
    }
}
