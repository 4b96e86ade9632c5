//! Regressions of flags that did something other than what their convention promises,
//! through the real binary. Each test failed before its fix.

mod common;

use common::*;

/// `-o -` wrote the rows to a file named `-` in the working folder, with a warning that
/// its extension named no format, and printed nothing: every tool that takes `-o` reads
/// `-` as standard output.
#[test]
fn dash_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "news.jsonl",
        "{\"text\": \"Russian troops remain in the occupied regions.\"}\n",
    );
    let (code, out, err) = run(stancer()
        .current_dir(dir.path())
        .args(["score", "--model"])
        .arg(seed_model())
        .arg(&input)
        .args(["--format", "csv", "-o", "-"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("doc_id,sent_id,"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(!dir.path().join("-").exists(), "a file named - was written");
    assert!(!err.contains("warning"), "{err}");
}

/// An input with an `id` field or column, scored without `--id-col`, gave rows numbered by
/// line (`doc_id` 1, 2 ...) without a word: a researcher joining the rows back by id met
/// the wrong articles. One warning per run names the field and the flag.
#[test]
fn an_id_field_left_unread_is_warned_about_once() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"x9\", \"text\": \"Tskhinvali is calm.\"}\n\
         {\"id\": \"x4\", \"text\": \"Sukhumi is calm.\"}\n",
    );
    let csv = write(dir.path(), "b.csv", "Doc_ID,text\nx7,Tskhinvali is calm.\n");
    let (code, out, err) = score(&jsonl, &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(err.matches("looks like the article id").count(), 1, "{err}");
    assert!(
        err.contains("a.jsonl: line 1: field `id`") && err.contains("--id-col id"),
        "{err}"
    );
    assert!(err.contains("1 warning(s)"), "{err}");

    let (code, _, err) = score(&csv, &["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("b.csv: line 1: column `Doc_ID`") && err.contains("--id-col Doc_ID"),
        "{err}"
    );

    // Named, the id is read and nothing is warned about.
    let (code, out, err) = score(&jsonl, &["--format", "jsonl", "--id-col", "id"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out)[0]["doc_id"], "x9");
    assert!(!err.contains("warning"), "{err}");
}

/// Exit code, stdout and stderr of `stancer score` with the seed model over `input`.
fn score(input: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    run(stancer()
        .args(["score", "--model"])
        .arg(seed_model())
        .arg(input)
        .args(args))
}

/// An article-head setting the chosen rule never reads (`guide_both_sides` beside
/// `document = "document_tfidf"`) was accepted without a word: the researcher believed it
/// on. It is named now, and the model still trains.
#[test]
fn a_config_setting_the_article_rule_never_reads_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "words.toml",
        "document = \"document_tfidf\"\nguide_both_sides = true\n",
    );
    let model = dir.path().join("m.json");
    let (code, _, err) = run(stancer()
        .args(["train", "--data"])
        .arg(repo_path("labels/seed_sentences.csv"))
        .arg("--doc-labels")
        .arg(repo_path("labels/seed_documents.csv"))
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&model));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "words.toml: `guide_both_sides` has no effect with document = \"document_tfidf\""
        ),
        "{err}"
    );
    assert!(model.exists());
}
