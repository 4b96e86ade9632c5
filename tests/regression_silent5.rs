//! Regressions of the fifth "nothing silent, nothing unsafe" audit, through the real
//! binary. One test per finding; each failed before its fix.

mod common;

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

/// A CSV without the default text column said "missing column `text` (named by
/// --text-col)" to a user who never passed --text-col; the message now says the name is
/// the default and how to choose another. A column the user named keeps naming the flag.
#[test]
fn a_missing_default_text_column_is_called_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "news.csv", "id,body\n1,Talks resumed.\n");
    let (code, _, err) = run(stancer().args(["score"]).arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no column `text` (the default; choose one with --text-col); the columns are: id, body"),
        "{err}"
    );
    assert!(!err.contains("named by --text-col"), "{err}");
    let (code, _, err) = run(stancer()
        .args(["score", "--text-col", "content"])
        .arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("missing column `content` (named by --text-col)"),
        "{err}"
    );
}
