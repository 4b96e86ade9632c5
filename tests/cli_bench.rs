//! `stancer bench` through the binary: same folds for every set, honest paired tests.

mod common;

use common::*;

#[test]
fn bench_compares_sets_on_the_same_folds_and_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "sets.toml",
        r#"
reference = "words"
folds = 3
metric = "f_avg:georgian,pro_tskhinvali"
[base.features]
min_df = 1
lexicon_features = false
[[set]]
name = "words"
[[set]]
name = "words again"
[[set]]
name = "with lexicon"
[set.features]
lexicon_features = true
"#,
    );
    let out = dir.path().join("out");
    let stdout = stdout_of(
        stancer()
            .args([
                "bench",
                "--data",
                "labels/seed_sentences.csv",
                "labels/composed_sentences.csv",
            ])
            .arg("--config")
            .arg(&config)
            .arg("--out")
            .arg(&out),
    );
    assert!(stdout.contains("stratified grouped 3-fold"), "{stdout}");
    assert!(
        stdout.contains("f_avg:georgian,pro_tskhinvali [95% CI]"),
        "{stdout}"
    );
    for f in ["results.csv", "results.json", "results.md", "results.svg"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let sets = r["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 3);
    assert_eq!(r["config"]["metric"], "f_avg:georgian,pro_tskhinvali");
    // The headline is F_avg: the mean F1 of the two named classes.
    for s in sets {
        let f1 = |label: &str| {
            s["report"]["classes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["label"] == label)
                .unwrap()["f1"]
                .as_f64()
                .unwrap()
        };
        let favg = (f1("georgian") + f1("pro_tskhinvali")) / 2.0;
        assert!((s["headline"]["value"].as_f64().unwrap() - favg).abs() < 1e-12);
    }
    assert!(sets[0]["vs_reference"].is_null());
    // The same settings on the same folds give the same predictions: Δ is exactly 0 and
    // the randomization test cannot tell them apart.
    let same = &sets[1]["vs_reference"];
    assert_eq!(same["difference"]["value"].as_f64().unwrap(), 0.0);
    assert_eq!(same["p_value"].as_f64().unwrap(), 1.0);
    assert_eq!(sets[0]["report"], sets[1]["report"]);
    // Every set is scored on every sentence once.
    for s in sets {
        assert_eq!(s["report"]["n"], r["n_sentences"]);
        let p = s["vs_reference"]["p_value"].as_f64().unwrap_or(0.5);
        assert!((0.0..=1.0).contains(&p));
    }
    let lex = &sets[2]["vs_reference"]["difference"];
    let (v, lo, hi) = (
        lex["value"].as_f64().unwrap(),
        lex["lo"].as_f64().unwrap(),
        lex["hi"].as_f64().unwrap(),
    );
    assert!(lo <= v && v <= hi, "{lex}");
    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("set,model,rank,metric,value,value_lo,value_hi"));
}

#[test]
fn bench_config_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "bad.toml",
        "[[set]]\nname = \"a\"\n[set.features]\nngram = 2\n",
    );
    stancer()
        .args(["bench", "--data", "labels/seed_sentences.csv", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.toml"))
        .stderr(predicates::str::contains("ngram"));
}
