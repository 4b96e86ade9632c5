//! Regressions of issue 15, part B ("nothing silent, nothing unsafe"): output files, model
//! files, `eval --model`, and what training says about itself. One test per item of the
//! issue, named after it, each through the real binary.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use common::*;

/// A short article to score.
fn article(dir: &Path) -> PathBuf {
    write(
        dir,
        "article.txt",
        "Russian troops remain in the occupied region. Tbilisi called for talks.\n",
    )
}

/// The lines written into a FIFO by `run`, read back through one descriptor that holds
/// both ends (opening a FIFO read-write never blocks on Linux, so neither side waits).
fn through_fifo(fifo: &Path, run: impl FnOnce()) -> Vec<String> {
    let mut end = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(fifo)
        .unwrap();
    run();
    end.write_all(b"END\n").unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(&end).lines() {
        let line = line.unwrap();
        if line == "END" {
            break;
        }
        lines.push(line);
    }
    lines
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success());
}

/// Item 1: `-o` never replaces a special file. A FIFO, a symlink to it and `/dev/null` are
/// written in place and stay what they were (renaming a finished temp file over them made
/// `/dev/null` a regular file when run as root).
#[test]
fn item1_special_files_are_written_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = article(dir.path());
    let fifo = dir.path().join("scores.fifo");
    mkfifo(&fifo);
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for target in [&fifo, &link] {
        let lines = through_fifo(&fifo, || {
            stancer()
                .arg("score")
                .arg(&input)
                .args(["--format", "csv", "-o"])
                .arg(target)
                .assert()
                .success();
        });
        assert_eq!(lines.len(), 3, "header and two sentence rows: {lines:?}");
        assert!(lines[0].starts_with("doc_id,"), "{lines:?}");
        let meta = std::fs::metadata(&fifo).unwrap();
        assert!(
            meta.file_type().is_fifo(),
            "{} was replaced",
            fifo.display()
        );
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    // A character device; checked after the FIFO, whose failure stops the test first.
    stancer()
        .arg("score")
        .arg(&input)
        .args(["-o", "/dev/null"])
        .assert()
        .success();
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
    // The anchor script, which wrote `-o /dev/null`, writes to its work folder now.
    let script = std::fs::read_to_string(repo_path("benches/anchor/run.sh")).unwrap();
    assert!(!script.contains("-o /dev/null"));
}

/// Symlinks at every temp name the old code could use (`.NAME.PID.tmp`) for each of
/// `names`, all pointing to `victim`.
fn plant_symlinks(dir: &Path, names: &[&str], victim: &Path) {
    let pid_max: u32 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(32768);
    // Every pid where there are few; else the next 20,000 from now (pids are handed out
    // in order and wrap around to 300).
    let pids: Vec<u32> = if pid_max <= 1 << 16 {
        (1..pid_max).collect()
    } else {
        let now = std::process::Command::new("true").spawn().unwrap().id();
        (1..=20_000)
            .map(|k| {
                let p = now + k;
                if p >= pid_max {
                    p - pid_max + 300
                } else {
                    p
                }
            })
            .collect()
    };
    for name in names {
        for pid in &pids {
            std::os::unix::fs::symlink(victim, dir.join(format!(".{name}.{pid}.tmp"))).unwrap();
        }
    }
}

/// Item 2: temp files are created exclusively under unpredictable names, so a symlink
/// planted at a name the old code would have used (`.NAME.PID.tmp`) is never followed.
#[test]
fn item2_planted_temp_symlinks_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let input = article(dir.path());
    let victim = write(dir.path(), "victim.txt", "precious\n");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    plant_symlinks(
        &out,
        &["scores.jsonl", "model.json", "report.json"],
        &victim,
    );
    stancer()
        .arg("score")
        .arg(&input)
        .arg("-o")
        .arg(out.join("scores.jsonl"))
        .assert()
        .success();
    stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--out"])
        .arg(out.join("model.json"))
        .assert()
        .success();
    stancer()
        .args(["eval", "--data", "labels/seed_sentences.csv", "--json"])
        .arg(out.join("report.json"))
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    for name in ["scores.jsonl", "model.json", "report.json"] {
        let p = out.join(name);
        let meta = std::fs::symlink_metadata(&p).unwrap();
        assert!(meta.is_file(), "{} is not a regular file", p.display());
    }
    assert_eq!(
        json_lines(&std::fs::read_to_string(out.join("scores.jsonl")).unwrap()).len(),
        2
    );
    // Nothing but the planted links and the three outputs is left behind.
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().unwrap().is_symlink())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
}

/// Write errors name the path once, and the OS's reason once (the reason was printed
/// twice, and the path not at all: `writing output: X (os error 20): X (os error 20)`).
#[test]
fn write_errors_name_the_path_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = article(dir.path());
    let file = write(dir.path(), "plain", "a file, not a folder\n");
    let target = file.join("out.csv");
    let model = file.join("model.json");
    let runs = [
        stancer()
            .arg("score")
            .arg(&input)
            .arg("-o")
            .arg(&target)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone(),
        stancer()
            .args(["train", "--data", "labels/seed_sentences.csv", "--out"])
            .arg(&model)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone(),
    ];
    for (stderr, path) in runs.iter().zip([&target, &model]) {
        // (`train` prints its class counts first.)
        let stderr = String::from_utf8_lossy(stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("stancer:"))
            .collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        let shown = path.display().to_string();
        assert_eq!(stderr.matches(&shown).count(), 1, "{stderr}");
        assert_eq!(stderr.matches("(os error").count(), 1, "{stderr}");
        assert!(errors[0].ends_with("(os error 17)") || errors[0].ends_with("(os error 20)"));
    }
}

/// A missing output folder is created (like `mkdir -p`), for every command that writes.
#[test]
fn missing_output_folders_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let input = article(dir.path());
    let new = dir.path().join("new");
    stancer()
        .arg("score")
        .arg(&input)
        .arg("-o")
        .arg(new.join("a/scores.jsonl"))
        .assert()
        .success();
    stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--out"])
        .arg(new.join("b/model.json"))
        .assert()
        .success();
    stancer()
        .args(["eval", "--data", "labels/seed_sentences.csv", "--markdown"])
        .arg(new.join("c/report.md"))
        .arg("--report")
        .arg(new.join("d/report"))
        .assert()
        .success();
    for p in [
        "a/scores.jsonl",
        "b/model.json",
        "c/report.md",
        "d/report/report.md",
    ] {
        assert!(new.join(p).is_file(), "{p} was not written");
    }
}

fn report_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `eval --report DIR` replaces the folder's files as a set: a second report leaves no
/// figure of the first behind, and a report that cannot be written (here: the folder
/// holds a file that is not a report's) changes nothing.
#[test]
fn report_folder_is_replaced_as_a_set() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let eval = |doc_labels: bool| {
        let mut c = stancer();
        c.args(["eval", "--data", "labels/seed_sentences.csv"]);
        if doc_labels {
            c.args(["--doc-labels", "labels/seed_documents.csv"]);
        }
        c.arg("--report").arg(&report);
        c
    };
    eval(true).assert().success();
    let first = report_files(&report);
    assert!(first.iter().any(|f| f.contains("document")), "{first:?}");
    eval(false).assert().success();
    let second = report_files(&report);
    assert!(
        second.iter().all(|f| !f.contains("document")),
        "figures of the first report left beside the second: {second:?}"
    );
    let md = std::fs::read_to_string(report.join("report.md")).unwrap();
    write(&report, "notes.txt", "mine\n");
    let out = eval(true).assert().code(2).get_output().stderr.clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(report.join("report.md")).unwrap(),
        md
    );
    assert!(report.join("notes.txt").is_file());
    // No staging folder is left beside it.
    assert_eq!(report_files(dir.path()), vec!["report".to_string()]);
}

/// Item 3: a model is fully validated at load. Stored models that the scorer once used as
/// they were (a whole-article head of the wrong shape, an article rule naming a label the
/// stance head lacks, duplicate labels, a weight that overflows the softmax to NaN,
/// n-gram ranges that panic or need gigabytes) are each one line on stderr and exit 2,
/// for `score` and for `eval --model`. (`tests/model_files.rs` loads every stored variant.)
#[test]
fn item3_bad_models_are_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = article(dir.path());
    for name in [
        "article_head_rows.json",
        "article_head_stacked_shape.json",
        "article_rule_unknown_label.json",
        "stance_labels_duplicate.json",
        "stance_weight_huge.json",
        "idf_negative.json",
        "char_ngrams_zero.json",
        "word_ngrams_huge.json",
    ] {
        let model = format!("tests/data/models/bad/{name}");
        let score = stancer()
            .arg("score")
            .arg(&input)
            .args(["--level", "document", "--model", &model])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let eval = stancer()
            .args([
                "eval",
                "--model",
                &model,
                "--test",
                "labels/seed_sentences.csv",
            ])
            .assert()
            .code(2)
            .get_output()
            .clone();
        for out in [score, eval] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.stdout.is_empty(), "{name}: printed results");
            assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
            assert!(
                stderr.starts_with(&format!("stancer: {model}: ")),
                "{stderr}"
            );
        }
    }
}

/// Item 3: a model file truncated while it is being loaded ends in an error (or a model
/// read whole before the cut), never in SIGBUS, as it did while the file was
/// memory-mapped. The file is padded with whitespace so that loading takes a while.
#[test]
fn item3_a_model_cut_while_loading_is_no_sigbus() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let input = article(dir.path());
    let base = std::fs::read(repo_path("tests/data/models/base.json")).unwrap();
    let mut padded = vec![b'{'];
    padded.resize(96 << 20, b' ');
    padded.extend_from_slice(&base[1..]);
    for delay_ms in [5, 20, 60, 150] {
        let model = write(dir.path(), "big.json", &padded);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stancer"))
            .current_dir(repo())
            .arg("score")
            .arg(&input)
            .arg("--model")
            .arg(&model)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        std::fs::OpenOptions::new()
            .write(true)
            .open(&model)
            .unwrap()
            .set_len(4096)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            None,
            "killed by a signal after {delay_ms} ms"
        );
        assert!(matches!(status.code(), Some(0 | 2)), "{status:?}");
    }
}

/// Item 8: `eval --model M --test FILE` checks what a split would guarantee. The model's
/// own training file is refused (it printed "a file it never saw" and macro-F1 1.000);
/// a file that holds its training sentences among others is warned about loudly, and
/// `--dedupe` drops them; labels the model never saw are refused, not averaged in.
#[test]
fn item8_eval_of_a_trained_model_checks_its_training_data() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("seed.json");
    stancer()
        .args(["train", "--data", "labels/seed_sentences.csv", "--out"])
        .arg(&model)
        .assert()
        .success();
    let eval = |extra: &[&str]| {
        let mut c = stancer();
        c.args(["eval", "--model"])
            .arg(&model)
            .arg("--test")
            .args(extra);
        c
    };
    // The training file itself.
    let out = eval(&["labels/seed_sentences.csv"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("this is the data"), "{stderr}");
    assert!(out.stdout.is_empty());
    // The same sentences in another file (a copy, reordered).
    let text = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    let copy = write(dir.path(), "copy.csv", lines.join("\n") + "\n");
    let out = eval(&[copy.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("every test sentence occurs"), "{stderr}");
    // Training sentences among others: a warning, and --dedupe drops them.
    let both = ["labels/seed_sentences.csv", "labels/composed_sentences.csv"];
    let out = eval(&both).assert().success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: 210 of the 1390 test sentences occur in the training data"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("never saw"), "{stdout}");
    assert!(stdout.contains("210 test sentences occur in the model's training data; kept"));
    let out = eval(&both)
        .arg("--dedupe")
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("eval: 1180 sentences"), "{stdout}");
    assert!(
        stdout.contains("removed before scoring (--dedupe)"),
        "{stdout}"
    );
    // A label the model never saw (a typo in the test file).
    let typo = write(
        dir.path(),
        "typo.csv",
        std::fs::read_to_string(repo_path("labels/composed_sentences.csv"))
            .unwrap()
            .replacen(",neutral_wire,", ",neutral_wyre,", 3),
    );
    let out = eval(&[typo.to_str().unwrap(), "--any-labels"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`neutral_wyre` (3) never seen by"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Item 11: training says how it settled. `train` prints the examples per class of every
/// label set and warns about classes under 5 examples (a one-off typo accepted by
/// `--any-labels` shows at once); `train` and `eval` warn when L-BFGS stops at
/// `max_iterations` before converging.
#[test]
fn item11_training_reports_classes_and_convergence() {
    let dir = tempfile::tempdir().unwrap();
    let typo = write(
        dir.path(),
        "typo.csv",
        std::fs::read_to_string(repo_path("labels/seed_sentences.csv"))
            .unwrap()
            .replacen(",neutral_wire,", ",neutral_wyre,", 1),
    );
    let out = stancer()
        .args(["train", "--any-labels", "--data"])
        .arg(&typo)
        .arg("--out")
        .arg(dir.path().join("typo.json"))
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "stance classes: georgian 15, neutral_wire 154, neutral_wyre 1, pro_tskhinvali 40"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("frame classes: independent 17, none 179, occupied 14"));
    assert!(
        stderr.contains("warning: stance class `neutral_wyre` has 1 example (fewer than 5)"),
        "{stderr}"
    );
    // A converged fit says nothing about iterations; two iterations are not enough.
    assert!(!stderr.contains("max_iterations"), "{stderr}");
    for args in [
        &["train", "--data", "labels/seed_sentences.csv", "--out"][..],
        &["eval", "--data", "labels/seed_sentences.csv", "--json"][..],
    ] {
        let out = stancer()
            .args(args)
            .arg(dir.path().join("out.json"))
            .args(["--max-iter", "2"])
            .assert()
            .success()
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("warning:"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("max_iterations") && stderr.contains("before converging"),
            "{args:?}: {stderr}"
        );
    }
    let report = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(
        report.contains("\"not_converged\""),
        "the JSON report records it"
    );
}

/// The report's "Reproduce with" line is quoted for a shell, so it can be pasted back: an
/// empty `--frame-col ''` stays an argument (it was printed as `--frame-col --markdown`).
#[test]
fn reproduce_line_can_be_pasted_back() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("with space.md");
    stancer()
        .args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "--frame-col",
            "",
        ])
        .arg("--markdown")
        .arg(&md)
        .assert()
        .success();
    let first = std::fs::read_to_string(&md).unwrap();
    let command = first
        .split("Reproduce with:\n\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a Reproduce with block")
        .to_string();
    assert!(command.contains("--frame-col ''"), "{command}");
    std::fs::remove_file(&md).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("stancer");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = std::process::Command::new("sh")
        .args(["-c", &command])
        .current_dir(repo())
        .env("PATH", path)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{command}");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), first);
}

/// Every `--flag` that a `stancer SUBCOMMAND` line of the README uses (continuation lines
/// included) exists under that name in the subcommand's `--help`, and the help states the
/// defaults the README's settings story rests on.
#[test]
fn help_and_readme_agree() {
    // The README and docs/TRANSFER.md, where the README's history of the transfer work
    // moved, with the commands that measured it.
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap()
        + &std::fs::read_to_string(repo_path("docs/TRANSFER.md")).unwrap();
    let help = |sub: &str| stdout_of(stancer().args([sub, "--help"]));
    let flag_re = |line: &str| -> Vec<String> {
        line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let mut checked = 0;
    let mut lines = readme.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(at) = line.find("stancer ") else {
            continue;
        };
        let sub = line[at + 8..].split_whitespace().next().unwrap_or("");
        if !["train", "eval", "score", "bench", "agreement", "reproduce"].contains(&sub) {
            continue;
        }
        let mut command = line[at..].to_string();
        let mut last = line.to_string();
        while last.trim_end().ends_with('\\') {
            match lines.next() {
                Some(l) => {
                    command.push(' ');
                    command.push_str(l);
                    last = l.to_string();
                }
                None => break,
            }
        }
        let text = help(sub);
        for flag in flag_re(&command) {
            let named = text.contains(&format!("{flag} ")) || text.contains(&format!("{flag}\n"));
            assert!(
                named,
                "README: `stancer {sub} ... {flag}` is not in `stancer {sub} --help`"
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} flags found in the README");
    let eval = help("eval");
    assert!(eval.contains("--model <MODEL>"), "{eval}");
    assert!(
        eval.contains("--C <C>") && eval.contains("the key `c`"),
        "{eval}"
    );
    assert!(eval.contains("[default: 1, scikit-learn's"), "{eval}");
    assert!(
        readme.contains("min_df = 1"),
        "the README tells the min_df story too"
    );
}

/// The labeling guide ships in the repository (the README linked `../shared/LABELING.md`,
/// outside any clone): every relative link of the README and of labels/README.md resolves.
#[test]
fn labeling_guide_ships_in_the_repo() {
    assert!(repo_path("docs/LABELING.md").is_file());
    for (file, base) in [
        ("README.md", ""),
        ("labels/README.md", "labels/"),
        ("docs/TRANSFER.md", "docs/"),
    ] {
        let text = std::fs::read_to_string(repo_path(file)).unwrap();
        assert!(
            file == "docs/TRANSFER.md" || text.contains("docs/LABELING.md"),
            "{file} links the guide"
        );
        for link in text.split("](").skip(1) {
            let target = link.split(')').next().unwrap().split('#').next().unwrap();
            if target.starts_with("http") || target.is_empty() {
                continue;
            }
            let path = repo_path(&format!("{base}{target}"));
            assert!(path.exists(), "{file}: link {target} does not resolve");
            assert!(
                path.canonicalize()
                    .unwrap()
                    .starts_with(repo().canonicalize().unwrap()),
                "{file}: link {target} leaves the repository"
            );
        }
    }
    let labels = std::fs::read_to_string(repo_path("labels/README.md")).unwrap();
    assert!(labels.contains("the project's copy"));
}
