//! Regressions of the sixth "nothing silent, nothing unsafe" audit, through the real
//! binary. One test per finding; each failed before its fix.

mod common;

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;

/// Exit code, stdout and stderr of a finished command.
fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

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
