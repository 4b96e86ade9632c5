//! Reading real data sets as they come (issue 5): tab-separated files with CRLF line ends,
//! stray non-UTF-8 bytes, two text columns, row filters, foreign label sets, one model per
//! group, and the headline metric. Every fixture is small and written here for the purpose.

mod common;

use std::path::{Path, PathBuf};

use common::{stancer, write};
use predicates::prelude::*;

/// The bytes that make two lines of SemEval-2016's training file invalid UTF-8: a valid
/// two-byte sequence (U+0362) followed by stray high bytes.
const STRAY: &[u8] = b"\xcd\xa2\x91\x84\x91\xee";

const FAVOR: [&str; 4] = [
    "love this great cause, support it",
    "proud to support, great news",
    "so great, we love and support them",
    "support and love, a great day",
];
const AGAINST: [&str; 4] = [
    "hate this terrible idea, oppose it",
    "oppose them, terrible and wrong",
    "terrible, we hate it and oppose",
    "wrong and terrible, oppose now",
];
const NONE: [&str; 4] = [
    "the weather at lunch today",
    "lunch was late, weather grey",
    "today the bus and the weather",
    "a bus ride at lunch today",
];

/// A SemEval-like TSV (header `ID Target Tweet Stance`, CRLF) with two targets and
/// `stray` bytes in the third data row's tweet when given.
fn semeval_tsv(dir: &Path, name: &str, targets: &[&str], stray: Option<&[u8]>) -> PathBuf {
    let mut body: Vec<u8> = b"ID\tTarget\tTweet\tStance\tOpinion towards\r\n".to_vec();
    let mut id = 100;
    for target in targets {
        for (label, texts) in [("FAVOR", FAVOR), ("AGAINST", AGAINST), ("NONE", NONE)] {
            for t in texts {
                id += 1;
                body.extend(format!("{id}\t{target}\t{t} #SemST").as_bytes());
                if id == 103 {
                    if let Some(bytes) = stray {
                        body.extend(b" \"quoted ");
                        body.extend(bytes);
                        body.extend(b" hitchens\"");
                    }
                }
                body.extend(format!("\t{label}\tTARGET\r\n").as_bytes());
            }
        }
    }
    write(dir, name, body)
}

const SEMEVAL_FLAGS: [&str; 10] = [
    "-d",
    "tab",
    "--text-col",
    "Tweet",
    "--stance-col",
    "Stance",
    "--group-col",
    "ID",
    "--labels",
    "FAVOR,AGAINST,NONE",
];

#[test]
fn invalid_utf8_is_an_error_naming_file_line_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let f = semeval_tsv(dir.path(), "train.txt", &["Atheism"], Some(STRAY));
    let bytes = std::fs::read(&f).unwrap();
    let offset = bytes.windows(2).position(|w| w == b"\xa2\x91").unwrap() + 1;
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(SEMEVAL_FLAGS)
        .args(["--folds", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("train.txt: line 4: invalid UTF-8"))
        .stderr(predicate::str::contains(format!("byte offset {offset}")))
        .stderr(predicate::str::contains("0x91"))
        .stderr(predicate::str::contains(
            "--encoding latin1 or --lossy-utf8",
        ));
}

#[test]
fn latin1_and_lossy_utf8_read_the_stray_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let f = semeval_tsv(dir.path(), "train.txt", &["Atheism"], Some(STRAY));
    for how in [&["--encoding", "latin1"][..], &["--lossy-utf8"][..]] {
        stancer()
            .args(["eval", "--data"])
            .arg(&f)
            .args(SEMEVAL_FLAGS)
            .args(how)
            .args(["--folds", "2", "--no-lexicon-features"])
            .assert()
            .success()
            .stdout(predicate::str::contains("12 sentences"));
    }
}

#[test]
fn tsv_needs_its_delimiter_and_crlf_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = semeval_tsv(dir.path(), "train.txt", &["Atheism"], None);
    // Read as CSV, the whole header is one column: the error lists it.
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(["--text-col", "Tweet", "--stance-col", "Stance"])
        .args(["--group-col", "ID", "--labels", "FAVOR,AGAINST,NONE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing column `Tweet`"))
        .stderr(predicate::str::contains("ID\tTarget\tTweet"));
    // Read as TSV: CRLF ends do not leak into labels (`NONE\r` would be an unknown label).
    let model = dir.path().join("m.json");
    stancer()
        .args(["train", "--data"])
        .arg(&f)
        .args(&SEMEVAL_FLAGS[2..])
        .args(["--delimiter", "\\t", "--out"])
        .arg(&model)
        .assert()
        .success();
    assert!(model.exists());
}

#[test]
fn foreign_labels_need_labels_flag_and_are_checked_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = semeval_tsv(dir.path(), "train.txt", &["Atheism"], None);
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(["-d", "tab", "--text-col", "Tweet", "--stance-col", "Stance"])
        .args(["--group-col", "ID"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("label `FAVOR`"))
        .stderr(predicate::str::contains("--labels A,B,C or --any-labels"));
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(["-d", "tab", "--text-col", "Tweet", "--stance-col", "Stance"])
        .args(["--group-col", "ID", "--labels", "FAVOR,AGAINST"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 10: label `NONE`"))
        .stderr(predicate::str::contains("FAVOR, AGAINST"));
}

#[test]
fn per_group_models_are_pooled_with_the_headline_metric_first() {
    let dir = tempfile::tempdir().unwrap();
    let f = semeval_tsv(dir.path(), "train.txt", &["Atheism", "Hillary"], None);
    let json = dir.path().join("r.json");
    let out = stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(SEMEVAL_FLAGS)
        .args([
            "--per-group",
            "Target",
            "--folds",
            "2",
            "--no-lexicon-features",
        ])
        .args(["--metric", "f_avg:FAVOR,AGAINST", "--json"])
        .arg(&json)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("one model per group (2): Atheism, Hillary"),
        "{text}"
    );
    let headline = text.find("headline f_avg:FAVOR,AGAINST = ").unwrap();
    assert!(headline < text.find("level").unwrap(), "{text}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["stance"]["model"]["n"], 24);
    assert_eq!(report["model_groups"].as_array().unwrap().len(), 2);
    let h = &report["stance"]["headline"];
    assert_eq!(h["metric"], "f_avg:FAVOR,AGAINST");
    let f1 = |label: &str| {
        report["stance"]["model"]["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["label"] == label)
            .unwrap()["f1"]
            .as_f64()
            .unwrap()
    };
    let expected = (f1("FAVOR") + f1("AGAINST")) / 2.0;
    assert!((h["model"]["value"].as_f64().unwrap() - expected).abs() < 1e-12);
}

#[test]
fn per_group_train_then_test_needs_every_test_group_in_training() {
    let dir = tempfile::tempdir().unwrap();
    let train = semeval_tsv(dir.path(), "train.txt", &["Atheism"], None);
    let test = semeval_tsv(dir.path(), "test.txt", &["Atheism", "Hillary"], None);
    stancer()
        .args(["eval", "--train-data"])
        .arg(&train)
        .arg("--test")
        .arg(&test)
        .args(SEMEVAL_FLAGS)
        .args(["--per-group", "Target"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`Hillary` has test rows but no training rows",
        ));
    stancer()
        .args(["eval", "--train-data"])
        .arg(&train)
        .arg("--test")
        .arg(&train)
        .args(SEMEVAL_FLAGS)
        .args(["--per-group", "Target", "--metric", "macro_f1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("tested once"))
        .stdout(predicate::str::contains("headline macro_f1 = "));
}

#[test]
fn metric_parsing_and_checking() {
    let dir = tempfile::tempdir().unwrap();
    let f = semeval_tsv(dir.path(), "train.txt", &["Atheism"], None);
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(SEMEVAL_FLAGS)
        .args(["--metric", "auc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown metric `auc`"));
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(SEMEVAL_FLAGS)
        .args(["--metric", "f_avg:PRO,CON", "--folds", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PRO, CON"))
        .stderr(predicate::str::contains("AGAINST, FAVOR, NONE"));
}

/// An Emergent-like CSV: claim, headline, stance, a claim id and the paper's split column.
fn emergent_csv(dir: &Path) -> PathBuf {
    let mut body = String::from("id,claim_id,claim_headline,article_headline,stance,split\n");
    let mut id = 0;
    for claim in 0..8 {
        let split = if claim < 6 { "train" } else { "test" };
        let c = format!("Claim number {claim} about a giant squid");
        for (stance, h) in [
            ("for", "Giant squid found, experts confirm"),
            ("against", "Giant squid story is a hoax, debunked"),
            ("observing", "Reports say a giant squid may have been seen"),
        ] {
            body += &format!("{id},c{claim},{c},\"{h} ({claim})\",{stance},{split}\n");
            id += 1;
        }
    }
    write(dir, "emergent.csv", body)
}

#[test]
fn two_text_columns_and_row_filters() {
    let dir = tempfile::tempdir().unwrap();
    let f = emergent_csv(dir.path());
    let flags = [
        "--text-col",
        "claim_headline,article_headline",
        "--group-col",
        "claim_id",
        "--labels",
        "for,against,observing",
        "--no-lexicon-features",
    ];
    // Cross-validation on the train rows only: 6 claims, 18 headlines.
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(flags)
        .args([
            "--where",
            "split=train",
            "--folds",
            "3",
            "--metric",
            "accuracy",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("18 sentences in 6 groups"))
        .stdout(predicate::str::contains("headline accuracy = "));
    // Train on split=train, test once on split=test (6 headlines).
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(flags)
        .args(["--train-where", "split=train", "--where", "split=test"])
        .assert()
        .success()
        .stdout(predicate::str::contains("6 sentences in 2 groups"));
    // A filter that matches nothing, and a second text column that is not there.
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(flags)
        .args(["--where", "split=dev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "none of the 24 rows matches split=dev",
        ));
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args([
            "--text-col",
            "claim_headline,body",
            "--group-col",
            "claim_id",
        ])
        .args(["--labels", "for,against,observing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing column `body`"));
    // --train-where without a test filter would test on the training rows.
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(flags)
        .args(["--train-where", "split=train"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--train-where needs"));
}

#[test]
fn groups_by_url_host() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("id,title,text,hyperpartisan,url\n");
    let hosts = [
        "https://www.a.com/x",
        "http://a.com/y",
        "https://b.org/z",
        "https://c.net/q",
    ];
    for (i, url) in hosts.iter().cycle().take(16).enumerate() {
        let (label, text) = if i % 2 == 0 {
            ("true", "outrage traitors destroy nation")
        } else {
            ("false", "the committee met on tuesday")
        };
        body += &format!("{i},Title {i},{text} {i},{label},{url}{i}\n");
    }
    let f = write(dir.path(), "hp.csv", body);
    stancer()
        .args(["eval", "--data"])
        .arg(&f)
        .args(["--text-col", "title,text", "--stance-col", "hyperpartisan"])
        .args([
            "--group-col",
            "url",
            "--group-by-host",
            "--labels",
            "true,false",
        ])
        .args([
            "--folds",
            "3",
            "--no-lexicon-features",
            "--metric",
            "accuracy",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("16 sentences in 3 groups"));
}
