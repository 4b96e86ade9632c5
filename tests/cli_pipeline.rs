//! train → score → eval through the real binary, checking properties a researcher relies on.

mod common;

use common::*;

#[test]
fn retraining_gives_a_byte_identical_model() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for out in [&a, &b] {
        stancer()
            .args(["train", "--data", "labels/seed_sentences.csv"])
            .args(["--doc-labels", "labels/seed_documents.csv", "--out"])
            .arg(out)
            .assert()
            .success();
    }
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a.len() > 1000);
    assert!(a == b, "two trainings on the same data differ");
}

#[test]
fn sentence_probabilities_sum_to_one_and_both_heads_are_present() {
    let out = stdout_of(
        stancer()
            .arg("score")
            .arg("labels/seed_articles/003_a2c1f8a07762f669.txt")
            .arg("--model")
            .arg(seed_model()),
    );
    let rows = json_lines(&out);
    assert!(
        rows.len() >= 8,
        "expected one row per sentence, got {}",
        rows.len()
    );
    for r in &rows {
        for key in ["stance_probs", "frame_probs"] {
            let sum: f64 = r[key]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-9, "{key} sums to {sum}");
        }
        assert_eq!(r["doc_id"], "003_a2c1f8a07762f669");
        assert_eq!(r["status"], "ok");
    }
}

#[test]
fn one_output_row_per_input_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let lines = "Talks were held in Geneva on Tuesday.\nThe occupied Tskhinvali region saw new fences.\nThe Republic of South Ossetia marked its independence day.\n";
    let input = write(dir.path(), "in.txt", lines);
    let out = stdout_of(
        stancer()
            .args([
                "score",
                "--input-format",
                "lines",
                "--format",
                "csv",
                "--model",
            ])
            .arg(seed_model())
            .arg(&input),
    );
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let headers = rdr.headers().unwrap().clone();
    let stance = headers.iter().position(|h| h == "stance").unwrap();
    assert_eq!(&rows[1][stance], "georgian");
}

#[test]
fn tagger_finds_occupied_in_seed_000_and_quoted_independence_in_seed_001() {
    let out = stdout_of(
        stancer()
            .args(["score", "--level", "document", "--model"])
            .arg(seed_model())
            .arg("labels/seed_articles/000_3ebba1561d9546a9.txt")
            .arg("labels/seed_articles/001_6feb405e64e5681e.txt"),
    );
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2);
    let terms = |d: &serde_json::Value| -> Vec<serde_json::Value> {
        d["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["terms"].as_array().unwrap().clone())
            .collect()
    };
    let seed0 = std::fs::read_to_string(repo_path("labels/seed_articles/000_3ebba1561d9546a9.txt"))
        .unwrap();
    let occupied: Vec<_> = terms(&docs[0])
        .into_iter()
        .filter(|t| t["term"] == "occupied")
        .collect();
    assert!(!occupied.is_empty());
    for t in &occupied {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&seed0[s..e], "occupied", "offsets point into the article");
        assert_eq!(t["frame"], "occupied");
    }
    let quoted: Vec<_> = terms(&docs[1])
        .into_iter()
        .filter(|t| t["term"] == "independence")
        .collect();
    assert!(
        quoted
            .iter()
            .any(|t| t["quoted"] == true && t["frame"] == "occupied"),
        "{quoted:?}"
    );
}

#[test]
fn eval_never_puts_a_document_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    for split in [
        vec!["--test-frac", "0.3"],
        vec!["--folds", "3"],
        vec!["--leave-one-group-out"],
    ] {
        stancer()
            .args([
                "eval",
                "--data",
                "labels/seed_sentences.csv",
                "--doc-labels",
                "labels/seed_documents.csv",
            ])
            .args(&split)
            .arg("--json")
            .arg(&json)
            .assert()
            .success()
            .stdout(predicates::str::contains("macro f1"))
            .stdout(predicates::str::contains("model macro-F1 [95% CI]"))
            .stdout(predicates::str::contains("stratified"))
            .stdout(predicates::str::contains("lexicon"));
        let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let folds = r["folds"].as_array().unwrap();
        assert!(!folds.is_empty());
        let mut tested = 0;
        for f in folds {
            let train: Vec<&str> = f["train_groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let test: Vec<&str> = f["test_groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert!(
                test.iter().all(|g| !train.contains(g)),
                "{split:?}: {test:?} in training"
            );
            tested += test.len();
        }
        assert!(tested >= 1);
        assert!(r["stance"]["model"]["n"].as_u64().unwrap() > 0);
        let ci = &r["stance"]["ci"]["macro_f1"];
        let (lo, v, hi) = (
            ci["lo"].as_f64().unwrap(),
            ci["value"].as_f64().unwrap(),
            ci["hi"].as_f64().unwrap(),
        );
        assert!(
            lo <= v && v <= hi,
            "the interval holds the estimate: {lo} {v} {hi}"
        );
        assert!(r["stance"]["calibration"]["log_loss"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn retrain_with_other_column_names_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("article;sentence;label\n");
    for i in 0..12 {
        let (t, l) = if i % 2 == 0 {
            ("We favour the plan strongly", "FAVOR")
        } else {
            ("We oppose the plan firmly", "AGAINST")
        };
        body += &format!("a{};{t} {i};{l}\n", i / 2);
    }
    let csv_path = write(dir.path(), "mine.csv", body.replace(';', ","));
    let model = dir.path().join("m.json");
    stancer()
        .args([
            "train",
            "--text-col",
            "sentence",
            "--stance-col",
            "label",
            "--frame-col",
            "",
        ])
        .args([
            "--group-col",
            "article",
            "--sent-col",
            "",
            "--any-labels",
            "--min-df",
            "1",
            "--data",
        ])
        .arg(&csv_path)
        .arg("--out")
        .arg(&model)
        .assert()
        .success();
    let out = stdout_of(
        stancer()
            .args(["score", "-", "--model"])
            .arg(&model)
            .write_stdin("We oppose the plan firmly.\n"),
    );
    let rows = json_lines(&out);
    assert_eq!(rows[0]["stance"], "AGAINST");
    assert!(rows[0]["frame"].is_null());
}

#[test]
fn score_writes_csv_files_atomically_and_reports_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scores.csv");
    stancer()
        .args([
            "score",
            "labels/seed_articles",
            "--level",
            "document",
            "--format",
            "csv",
            "--model",
        ])
        .arg(seed_model())
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains("read 5 records: 5 scored"))
        .stderr(predicates::str::contains("0 errored"));
    let body = std::fs::read_to_string(&out).unwrap();
    assert_eq!(body.lines().count(), 6);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn eval_a_trained_model_on_a_file_it_never_saw() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("ext.json");
    stancer()
        .args(["eval", "--model"])
        .arg(seed_model())
        .args([
            "--test",
            "labels/composed_sentences.csv",
            "--doc-labels",
            "labels/composed_documents.csv",
            "--json",
        ])
        .arg(&json)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "training-data check: 0 test sentences occur in the model's training data",
        ));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(r["split"]["kind"], "external");
    assert_eq!(r["n_sentences"].as_u64(), Some(1180));
    assert_eq!(r["document"]["model"]["n"].as_u64(), Some(96));
    let f1 = r["stance"]["model"]["macro_f1"].as_f64().unwrap();
    assert!(
        f1 > r["stance"]["majority"]["macro_f1"].as_f64().unwrap(),
        "the model beats the majority class"
    );
}

#[test]
fn split_col_holds_a_style_out_while_documents_aggregate_by_doc_id() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("loso.json");
    stancer()
        .args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "labels/composed_sentences.csv",
        ])
        .args([
            "--doc-labels",
            "labels/seed_documents.csv",
            "labels/composed_documents.csv",
        ])
        .args(["--split-col", "style", "--leave-one-group-out", "--json"])
        .arg(&json)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let folds = r["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 8, "one fold per style");
    for f in folds {
        assert_eq!(f["test_groups"].as_array().unwrap().len(), 1);
    }
    assert_eq!(
        r["document"]["model"]["n"].as_u64(),
        Some(101),
        "every article scored once"
    );
}

#[test]
fn agreement_reports_kappa() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        "doc_id,sent_id,stance\nd,0,x\nd,1,x\nd,2,y\nd,3,y\n",
    );
    let b = write(
        dir.path(),
        "b.csv",
        "doc_id,sent_id,stance\nd,0,x\nd,1,y\nd,2,x\nd,3,y\n",
    );
    stancer()
        .arg("agreement")
        .arg(&a)
        .arg(&b)
        .args(["--cols", "stance", "--list-disagreements"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "stance         4     0.500     0.500   0.000",
        ))
        .stdout(predicates::str::contains("d/1 | x | y"));
}

#[test]
fn leakage_check_flags_a_planted_duplicate_and_dedupe_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("labels/seed_sentences.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(seed.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    // Plant sentence 0 of article 000 into every other article, lowercased.
    for (k, doc) in [
        "001_6feb405e64e5681e",
        "002_542e7e2be2bb0ae4",
        "003_a2c1f8a07762f669",
        "004_b4298a1ee8ced51e",
    ]
    .iter()
    .enumerate()
    {
        let mut r: Vec<String> = rows[1].iter().map(str::to_string).collect();
        r[0] = doc.to_string();
        r[1] = format!("{}", 900 + k);
        r[2] = r[2].to_lowercase();
        w.write_record(&r).unwrap();
    }
    let planted = write(dir.path(), "planted.csv", w.into_inner().unwrap());
    let json = dir.path().join("r.json");
    let run = |dedupe: bool| {
        let mut c = stancer();
        c.args(["eval", "--folds", "5", "--data"])
            .arg(&planted)
            .arg("--json")
            .arg(&json);
        if dedupe {
            c.arg("--dedupe");
        }
        let out = stdout_of(&mut c);
        let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        (out, r)
    };
    let (out, r) = run(false);
    assert!(out.contains("leakage check: 5 exact"), "{out}");
    assert_eq!(r["leakage"]["exact"].as_u64(), Some(5));
    let n_kept = r["stance"]["model"]["n"].as_u64().unwrap();
    let (out, r) = run(true);
    assert!(out.contains("removed before scoring"), "{out}");
    assert_eq!(r["stance"]["model"]["n"].as_u64().unwrap(), n_kept - 5);
}

#[test]
fn report_dir_holds_markdown_json_and_every_figure_it_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rep");
    stancer()
        .args([
            "eval",
            "--data",
            "labels/seed_sentences.csv",
            "labels/composed_sentences.csv",
        ])
        .args([
            "--doc-labels",
            "labels/seed_documents.csv",
            "labels/composed_documents.csv",
        ])
        .args(["--folds", "3", "--report"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    // Every figure the Markdown links exists, is an SVG, and there is one per head and kind.
    let links: Vec<&str> = md
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|s| s.ends_with(".svg"))
        .collect();
    assert_eq!(links.len(), 3 * 3 + 1, "links: {links:?}");
    for l in &links {
        let svg = std::fs::read_to_string(out.join(l)).unwrap_or_else(|e| panic!("{l}: {e}"));
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{l}");
    }
    // The rules table compares the same articles: every rule scored all of them.
    let methods = json["document_methods"].as_array().unwrap();
    let names: Vec<&str> = methods
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"stacked") && names.contains(&"document_tfidf"),
        "{names:?}"
    );
    for m in methods {
        assert_eq!(
            m["report"]["n"], json["document"]["model"]["n"],
            "{}",
            m["method"]
        );
    }
    assert_eq!(methods.iter().filter(|m| m["shipped"] == true).count(), 1);
    // Top features name real vocabulary for each stance class.
    let top = json["top_features"]["stance"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    assert!(md.contains("## Top-weighted stance features"));
    assert!(md.contains("## Article stance: rules compared on the same folds"));
}

#[test]
fn article_probabilities_agree_with_the_article_label() {
    let out = stdout_of(
        stancer()
            .args(["score", "--level", "document", "labels/seed_articles"])
            .arg("--model")
            .arg(repo_path("models/default.json")),
    );
    for r in json_lines(&out) {
        let probs = r["stance_probs"].as_object().unwrap();
        let (best, _) = probs
            .iter()
            .max_by(|a, b| a.1.as_f64().unwrap().total_cmp(&b.1.as_f64().unwrap()))
            .unwrap();
        assert_eq!(r["stance"].as_str().unwrap(), best, "{}", r["doc_id"]);
    }
}

#[test]
fn repeated_kfold_runs_every_repeat_and_tests_each_sentence_once_per_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    stancer()
        .args(["eval", "--data", "labels/composed_sentences.csv"])
        .args(["--folds", "3", "--repeats", "2", "--json"])
        .arg(&json)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "stratified grouped 3-fold, repeated 2 times",
        ));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(r["folds"].as_array().unwrap().len(), 6);
    assert_eq!(r["stance"]["fold_macro_f1"].as_array().unwrap().len(), 6);
    let n = r["n_sentences"].as_u64().unwrap();
    assert_eq!(r["stance"]["model"]["n"].as_u64().unwrap(), 2 * n);
}

/// CSV rows are written cell by cell into the output bytes (`score::render::cells`), not
/// through `csv::Writer`: on text that needs quoting (quotes, commas, line ends, tabs,
/// leading spaces, non-ASCII, formula-like cells, an empty text's error row), on 1 and 2
/// threads, at both levels, the file is exactly what `csv::Writer` writes for its own
/// parsed rows, and every cell says what the JSONL row of the same run says.
#[test]
fn csv_rows_are_the_bytes_csv_writes_and_agree_with_the_jsonl_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "outlet", "text"]).unwrap();
    let texts = [
        "Russian troops \"occupied\" Tskhinvali, the so-called \"republic\", in 2008.",
        "The de-facto authorities of South Ossetia said:\n“independence” is final.",
        "Грузия и Абхазия.\tTabs,\r\nCRLF and 😀 emoji; the occupation line moved.",
        "",
        " Leading space, trailing space. =SUM(A1) is not a sentence here.",
    ];
    let ids = ["a,1", "b \"2\"", "c\n3", "=d4", " e5"];
    let outlets = ["", "Civil, \"Georgia\"", "TASS\nRU", "-3", "Эхо"];
    for ((id, outlet), text) in ids.iter().zip(outlets).zip(texts) {
        w.write_record([*id, outlet, text]).unwrap();
    }
    let input = write(dir.path(), "odd.csv", w.into_inner().unwrap());
    for level in ["sentence", "document"] {
        let score = |format: &str, threads: &str| {
            let out = dir.path().join(format!("out{threads}.{format}"));
            let (code, _, err) = run(stancer()
                .args([
                    "score",
                    "--id-col",
                    "id",
                    "--keep-cols",
                    "outlet",
                    "--level",
                    level,
                ])
                .args(["-t", threads, "-m"])
                .arg(seed_model())
                .arg(&input)
                .arg("-o")
                .arg(&out));
            // The empty text is an error row, which makes the exit status 1.
            assert_eq!(code, 1, "{err}");
            std::fs::read(out).unwrap()
        };
        let (csv1, jsonl1) = (score("csv", "1"), score("jsonl", "1"));
        assert_eq!(csv1, score("csv", "2"), "{level}: CSV on 1 and 2 threads");
        assert_eq!(
            jsonl1,
            score("jsonl", "2"),
            "{level}: JSONL on 1 and 2 threads"
        );

        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&csv1[..]);
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        let mut again = csv::Writer::from_writer(Vec::new());
        for r in &rows {
            again.write_record(r).unwrap();
        }
        let again = again.into_inner().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&csv1),
            String::from_utf8_lossy(&again),
            "{level}: the CSV bytes are not csv::Writer's"
        );
        // An id with a comma, quoted.
        assert!(csv1.windows(6).any(|w| w == b"\"a,1\","));

        let jsonl = json_lines(std::str::from_utf8(&jsonl1).unwrap());
        let (header, rows) = rows.split_first().unwrap();
        assert_eq!(
            rows.len(),
            jsonl.len(),
            "{level}: one CSV row per JSONL row"
        );
        assert!(rows.iter().any(|r| r.iter().any(|c| c.contains('"'))));
        assert!(jsonl.iter().any(|j| j["status"] == "error"));
        for (row, j) in rows.iter().zip(&jsonl) {
            for (col, cell) in header.iter().zip(row) {
                assert_eq!(cell, expected_cell(j, col), "{level}: column {col} of {j}");
            }
        }
    }
}

/// The CSV cell of column `col` for the JSONL row `j` (empty where the row has no value).
fn expected_cell(j: &serde_json::Value, col: &str) -> String {
    let fixed6 = |v: &serde_json::Value| format!("{:.6}", v.as_f64().unwrap());
    let hit = |t: &serde_json::Value| {
        format!(
            "{}@{}-{}/{}-{}:{}{}",
            t["matched"].as_str().unwrap(),
            t["start"],
            t["end"],
            t["start_char"],
            t["end_char"],
            t["frame"].as_str().unwrap(),
            if t["quoted"] == true { ":quoted" } else { "" }
        )
    };
    let sentences = match j.get("sentences") {
        Some(s) => s.as_array().unwrap().clone(),
        None => vec![j.clone()],
    };
    let value = if let Some(label) = col.strip_prefix("p_frame_") {
        j.get("frame_probs").map(|p| fixed6(&p[label]))
    } else if let Some(label) = col.strip_prefix("p_") {
        j.get("stance_probs").map(|p| fixed6(&p[label]))
    } else if col == "frame_terms" {
        (j["status"] == "ok").then(|| {
            let hits: Vec<String> = sentences
                .iter()
                .flat_map(|s| s["terms"].as_array().unwrap().iter().map(hit))
                .collect();
            hits.join(";")
        })
    } else {
        j.get(col).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        })
    };
    value.unwrap_or_default()
}
