//! Transfer through the binary: out-of-fold predictions (`eval --predictions`), feature sets
//! ranked with a style held out (`bench --leave-one-group-out`), and `reproduce`'s transfer
//! suite on a labels folder of its own.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;

const SENTENCES: [&str; 2] = ["labels/seed_sentences.csv", "labels/composed_sentences.csv"];
const DOCUMENTS: [&str; 2] = ["labels/seed_documents.csv", "labels/composed_documents.csv"];

fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn predictions_hold_one_out_of_fold_row_per_sentence_and_article() {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.csv");
    stancer()
        .arg("eval")
        .arg("--data")
        .args(SENTENCES)
        .arg("--doc-labels")
        .args(DOCUMENTS)
        .args([
            "--split-col",
            "style",
            "--leave-one-group-out",
            "--predictions",
        ])
        .arg(&pred)
        .assert()
        .success();
    let rows = rows(&pred);
    let mut by_level: BTreeMap<&str, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &rows {
        by_level.entry(r["level"].as_str()).or_default().push(r);
    }
    assert_eq!(by_level["sentence stance"].len(), 1390);
    assert_eq!(by_level["sentence frame"].len(), 1390);
    assert_eq!(by_level["document stance"].len(), 101);
    // Each sentence predicted exactly once, by the fold that held its style out.
    let ids: BTreeSet<&str> = by_level["sentence stance"]
        .iter()
        .map(|r| r["row"].as_str())
        .collect();
    assert_eq!(ids.len(), 1390);
    let styles: BTreeSet<&str> = by_level["sentence stance"]
        .iter()
        .map(|r| r["split"].as_str())
        .collect();
    assert_eq!(styles.len(), 8, "the split column is the held-out style");
    for r in &rows {
        assert_eq!(r["correct"] == "true", r["gold"] == r["predicted"], "{r:?}");
    }
    for r in &by_level["sentence stance"] {
        let p: f64 = ["p_georgian", "p_neutral_wire", "p_pro_tskhinvali"]
            .iter()
            .map(|c| r[*c].parse::<f64>().unwrap())
            .sum();
        assert!((p - 1.0).abs() < 1e-4, "probabilities sum to one: {r:?}");
    }
    // Not a copy of the gold labels: a held-out style costs something.
    let wrong = rows.iter().filter(|r| r["correct"] == "false").count();
    assert!(wrong > 0);
}

#[test]
fn bench_ranks_feature_sets_with_each_style_held_out() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "sets.toml",
        r#"
reference = "words"
[base.features]
min_df = 2
lexicon_features = false
[[set]]
name = "words"
[[set]]
name = "with lexicon"
[set.features]
lexicon_features = true
"#,
    );
    let out = dir.path().join("out");
    stancer()
        .arg("bench")
        .arg("--data")
        .args(SENTENCES)
        .arg("--config")
        .arg(&config)
        .args(["--split-col", "style", "--leave-one-group-out", "--out"])
        .arg(&out)
        .assert()
        .success();
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let sets = results["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 2);
    for set in sets {
        let folds = set["fold_headline"].as_array().unwrap();
        assert_eq!(folds.len(), 8, "one fold per style, the same for every set");
    }
    assert_eq!(results["config"]["leave_one_group_out"], true);
    let md = std::fs::read_to_string(out.join("results.md")).unwrap();
    assert!(md.contains("with lexicon") && md.contains("words"), "{md}");
}

#[test]
fn reproduce_writes_the_transfer_suite_for_any_labels_folder() {
    let dir = tempfile::tempdir().unwrap();
    let labels = labels_folder(dir.path());
    let eval_dir = dir.path().join("eval");
    let model = dir.path().join("model.json");
    reproduce(&labels, &eval_dir, &model)
        .assert()
        .success()
        .stderr(predicates::str::contains("no seed articles to score"));
    assert!(model.exists());
    // No seed_articles/ in the folder: nothing scored, and no error row written for it.
    assert!(!eval_dir.join("seed_scores.jsonl").exists());
    let t: serde_json::Value =
        serde_json::from_slice(&std::fs::read(eval_dir.join("report/transfer.json")).unwrap())
            .unwrap();
    let styles = t["style"]["units"].as_array().expect("style units");
    assert_eq!(styles.len(), 8, "one unit per style");
    let sentences: u64 = styles
        .iter()
        .map(|u| u["stance"]["n"].as_u64().unwrap())
        .sum();
    assert_eq!(sentences, 1390, "every sentence held out once");
    for u in styles {
        let gold = u["stance"]["macro_f1"]["value"].as_f64().unwrap();
        let strict = u["stance"]["strict_macro_f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&gold));
        // Averaging over more labels (the gold and the predicted ones) never raises it.
        assert!(strict <= gold + 1e-12, "{u}");
    }
    let sources = t["source"]["units"].as_array().expect("source units");
    let names: BTreeSet<&str> = sources
        .iter()
        .map(|u| u["unit"].as_str().unwrap())
        .collect();
    assert_eq!(names, BTreeSet::from(["composed", "seed"]));
    let report = std::fs::read_to_string(eval_dir.join("report/report.md")).unwrap();
    assert!(
        report.contains("leave-one-style-out, pooled (8 styles)"),
        "{report}"
    );
    assert!(std::fs::read_to_string(eval_dir.join("report/transfer.md"))
        .unwrap()
        .contains("| western_wire |"));
}

/// A seed article that cannot be scored fails `reproduce` as it fails `stancer score`
/// (exit 1), after the good ones are scored and the error row is written; before, the run
/// exited 0 with "1 errored" on stderr.
#[test]
fn reproduce_fails_when_a_seed_article_cannot_be_scored() {
    let dir = tempfile::tempdir().unwrap();
    let labels = labels_folder(dir.path());
    let seeds = labels.join("seed_articles");
    std::fs::create_dir(&seeds).unwrap();
    std::fs::write(
        seeds.join("a.txt"),
        "Russian troops remain in the occupied region.\n",
    )
    .unwrap();
    std::fs::write(seeds.join("b.txt"), b"Tskhinvali \xff\xfe news.\n").unwrap();
    let eval_dir = dir.path().join("eval");
    reproduce(&labels, &eval_dir, &dir.path().join("model.json"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("1 errored"));
    let rows = json_lines(&std::fs::read_to_string(eval_dir.join("seed_scores.jsonl")).unwrap());
    let status: Vec<&str> = rows.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["ok", "error"]);
}

/// A labels folder in `dir` with the shipped sentence and article files of `SENTENCES` and
/// `DOCUMENTS` and the lexicon, and no seed articles.
fn labels_folder(dir: &Path) -> std::path::PathBuf {
    let labels = dir.join("labels");
    std::fs::create_dir(&labels).unwrap();
    for f in SENTENCES
        .iter()
        .chain(&DOCUMENTS)
        .chain(&["labels/frame_terms.csv"])
    {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(repo_path(f), labels.join(name)).unwrap();
    }
    labels
}

/// `stancer reproduce` on `labels` with the shipped settings, writing to `eval_dir` and `out`.
fn reproduce(labels: &Path, eval_dir: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = stancer();
    cmd.arg("reproduce")
        .arg("--labels")
        .arg(labels)
        .arg("--eval-dir")
        .arg(eval_dir)
        .arg("--out")
        .arg(out)
        .args(["--config", "eval/default.toml"]);
    cmd
}

/// Writes `article` to `dir/name.txt` and scores it: the file and its sentence rows.
fn scored_sentences(
    dir: &Path,
    name: &str,
    article: &str,
) -> (std::path::PathBuf, Vec<serde_json::Value>) {
    let path = dir.join(format!("{name}.txt"));
    std::fs::write(&path, article).unwrap();
    let out = stdout_of(stancer().args(["score", "--format", "jsonl"]).arg(&path));
    (path, json_lines(&out))
}

/// The term of sentence row `row` whose `key` is `value`.
fn term_of(row: &serde_json::Value, key: &str, value: &str) -> serde_json::Value {
    row["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t[key] == value)
        .unwrap_or_else(|| panic!("{row}"))
        .clone()
}

/// World-news and UN-debate wording that names a side's words about somewhere else: every
/// such term comes out of `score` with `neutral_context` and no stance, while the same word
/// about the regions keeps its marker. The tagger's output, not a model's probabilities.
#[test]
fn score_reports_terms_about_elsewhere_as_neutral_context() {
    let input = [
        "The so-called rules-based order replaces international law.",
        "The world failed to prevent the genocide in Rwanda.",
        "We reaffirm the sovereignty and territorial integrity of all States.",
        "The Israeli occupation of the West Bank must end.",
        "Georgia and Tuvalu agreed to expand ties between the two countries.",
        "The so-called elections were a farce.",
    ]
    .join("\n");
    let out = stdout_of(
        stancer()
            .args(["score", "--input-format", "lines", "--format", "jsonl", "-"])
            .write_stdin(input),
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 6);
    for (i, row) in rows.iter().enumerate() {
        let terms = row["terms"].as_array().unwrap();
        // The Charter's "sovereignty and territorial integrity" is two terms, both the
        // general sense; every other row holds one.
        assert_eq!(terms.len(), if i == 2 { 2 } else { 1 }, "row {i}: {row}");
        let (neutral, stance) = (&terms[0]["neutral_context"], &terms[0]["stance"]);
        if i < 5 {
            for term in terms {
                assert_eq!(
                    (&term["neutral_context"], term["stance"].as_str()),
                    (&true.into(), Some("neutral_wire")),
                    "row {i}"
                );
            }
        } else {
            assert_eq!(
                (neutral, stance.as_str()),
                (&false.into(), Some("georgian")),
                "row {i}"
            );
        }
    }
}

/// A quotation that runs over several sentences is the speaker's voice in each of them:
/// the sentence that opens it, the middle one, the one that closes it. Scored as an
/// article (the segmenter cuts the quotation), every term inside is reported `quoted` and
/// none is taken for a scare quote.
#[test]
fn score_reads_a_quotation_cut_over_sentences_as_quoted() {
    let article = "Lavrov spoke in Sochi on Monday. \
        \"The Republic of South Ossetia is recognized by us. \
        We respect its independence.\" He did not take questions.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, article).unwrap();
    let out = stdout_of(stancer().args(["score", "--format", "jsonl"]).arg(&path));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 4, "{out}");
    for i in [1, 2] {
        let terms = rows[i]["terms"].as_array().unwrap();
        assert_eq!(terms.len(), 1, "row {i}: {}", rows[i]);
        assert_eq!(terms[0]["quoted"], true, "row {i}");
        assert_eq!(terms[0]["scare_quoted"], false, "row {i}");
        assert_eq!(terms[0]["frame"], "independent", "row {i}");
    }
}

/// With `article_context` (on in the shipped model), a quotation's marker is read with how
/// the rest of its article narrates, so the same quoted sentence is the minister's in a
/// wire story and the ministry's own voice on its site; the mark is a reading, not text:
/// every reported term still points at its words in the article.
#[test]
fn score_reads_a_quotation_by_how_its_article_narrates() {
    let quote = "“The Republic of South Ossetia will never return to Georgia,” the minister said.";
    let wire = format!(
        "South Ossetia is a breakaway region of Georgia. {quote} Talks resume in Geneva.\n"
    );
    let ministry = format!(
        "The Republic of South Ossetia marked the anniversary of its recognition. {quote} \
         President Gagloev laid flowers.\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut p_pro = Vec::new();
    for (name, article) in [("wire", &wire), ("ministry", &ministry)] {
        let path = dir.path().join(format!("{name}.txt"));
        std::fs::write(&path, article).unwrap();
        let out = stdout_of(stancer().args(["score", "--format", "jsonl"]).arg(&path));
        let rows = json_lines(&out);
        assert_eq!(rows.len(), 3, "{out}");
        assert_eq!(
            rows[1]["text"], quote,
            "the sentence is reported as written"
        );
        for row in &rows {
            for t in row["terms"].as_array().unwrap() {
                let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
                assert_eq!(&article[s as usize..e as usize], t["matched"], "{row}");
            }
        }
        p_pro.push(rows[1]["stance_probs"]["pro_tskhinvali"].as_f64().unwrap());
        if name == "wire" {
            assert_eq!(rows[1]["stance"], "neutral_wire", "{}", rows[1]);
        }
    }
    assert!(
        p_pro[1] > p_pro[0] + 0.2,
        "ministry {} vs wire {}",
        p_pro[1],
        p_pro[0]
    );
}

/// With `unadopted_apart` (on in the shipped model), a quoted partisan marker in an article
/// that does not adopt it is a feature of its own, not the ministry's quotation of its
/// principal: Lavrov's "sovereignty of the Republic of South Ossetia" is his in a wire story
/// and in a Georgian one, the text's own on the ministry's site. (The model before it called
/// the wire story's and the Georgian story's sentence pro-Tskhinvali, at 0.50 and 0.57.)
#[test]
fn score_counts_a_quotation_its_article_does_not_adopt_apart() {
    let quote = "\"Russia respects the sovereignty of the Republic of South Ossetia and will \
                 guarantee its security,\" Lavrov told reporters.";
    let articles = [
        (
            "wire",
            "Russian Foreign Minister Sergei Lavrov met the breakaway region's leader in Moscow \
             on Tuesday.",
            "Georgia says the region is occupied by Russia. EU monitors patrol the boundary line.",
            "neutral_wire",
        ),
        (
            "georgian",
            "Russia continues the occupation of the Tskhinvali region.",
            "The occupation regime keeps building fences along the line.",
            "neutral_wire",
        ),
        (
            "ministry",
            "Minister of Foreign Affairs of the Republic of South Ossetia Akhsar Jioev met \
             Sergei Lavrov in Moscow.",
            "The sides discussed interstate cooperation.",
            "pro_tskhinvali",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, before, after, expected) in articles {
        let path = dir.path().join(format!("{name}.txt"));
        std::fs::write(&path, format!("{before} {quote} {after}\n")).unwrap();
        let out = stdout_of(stancer().args(["score", "--format", "jsonl"]).arg(&path));
        let rows = json_lines(&out);
        let row = rows
            .iter()
            .find(|r| r["text"] == quote)
            .unwrap_or_else(|| panic!("{name}: no row holds the quotation: {out}"));
        assert_eq!(row["stance"], expected, "{name}: {row}");
        let p = row["stance_probs"][expected].as_f64().unwrap();
        assert!(p > 0.8, "{name}: {expected} at {p}: {row}");
        // The term report is the tagger's, whatever the model counts: quoted speech.
        let sovereignty = row["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["matched"] == "sovereignty")
            .unwrap_or_else(|| panic!("{name}: {row}"));
        assert_eq!(sovereignty["quoted"], true, "{name}: {row}");
    }
}

/// With `topic_gate` (on in the shipped model), an article that names neither region, nor
/// Georgia, nor a de facto official is about something else: its marker words frame nothing
/// and the article is `neutral_wire`. The same sentence scored alone has no article and is
/// read by the guide's list. (The model before it called the first two sentences Georgian.)
#[test]
fn score_reads_an_article_about_something_else_as_framing_nothing() {
    let chant = "Protesters chanted “not my President” outside the tower.";
    let leader = "A self-proclaimed leader of the march blamed the “deep state”.";
    let article = format!("{chant} {leader} The march ended at noon.\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("us.txt");
    std::fs::write(&path, &article).unwrap();
    let out = stdout_of(stancer().args(["score", "--format", "jsonl"]).arg(&path));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3, "{out}");
    let mut terms = 0;
    for row in &rows {
        assert_eq!(row["stance"], "neutral_wire", "{row}");
        assert_eq!(row["frame"], "none", "{row}");
        for t in row["terms"].as_array().unwrap() {
            terms += 1;
            assert_eq!(t["neutral_context"], true, "{row}");
            let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
            assert_eq!(&article[s as usize..e as usize], t["matched"], "{row}");
        }
    }
    assert!(terms >= 3, "the terms are still reported: {out}");
    let doc = article_row(&path);
    assert_eq!(doc["stance"], "neutral_wire", "{doc}");
    // Alone, the sentence is read by the list.
    let alone = stdout_of(
        stancer()
            .args(["score", "--input-format", "lines", "--format", "jsonl", "-"])
            .write_stdin(format!("{leader}\n")),
    );
    let row = &json_lines(&alone)[0];
    assert_eq!(row["stance"], "georgian", "{row}");
}

/// Georgia's security service names a village on the line, not the region or Georgia: the
/// topic gate took such statements for text about something else until `conflict_words`.
#[test]
fn score_reads_a_statement_that_names_only_a_village_on_the_line_as_georgian() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sss.txt");
    std::fs::write(
        &path,
        "The occupation regime is continuing illegal borderization near the village of \
         Khurvaleti. The State Security Service has informed the EU Monitoring Mission \
         through the hotline.\n",
    )
    .unwrap();
    let doc = article_row(&path);
    assert_eq!(doc["stance"], "georgian", "{doc}");
    let first = &doc["sentences"][0];
    assert_eq!(first["frame"], "occupied", "{doc}");
    assert!(
        first["terms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["neutral_context"] == false),
        "{doc}"
    );
}

/// The guide's wire story "attributes positions": a story that reports the other side's
/// words beside Georgia's is read as more neutral than the same story with that sentence
/// replaced by a plain one (the article head's `article:both_sides_voiced`). The model
/// before the cue moved 0.04 between the two; the shipped one moves 0.15.
#[test]
fn score_reads_a_wire_story_that_quotes_both_sides_as_neutral() {
    let dir = tempfile::tempdir().unwrap();
    let story = |middle: &str, name: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "Russian border guards detained two villagers on Tuesday near the occupied \
                 village of Ditsi, Georgia's foreign ministry said. {middle} The villagers were \
                 released after their families paid a fine. Such detentions happen dozens of \
                 times a year.\n"
            ),
        )
        .unwrap();
        article_row(&path)
    };
    let both = story(
        "Moscow said the men had crossed the border illegally.",
        "both.txt",
    );
    let one = story(
        "The two men had gone to collect firewood near the line.",
        "one.txt",
    );
    let neutral = |doc: &serde_json::Value| doc["stance_probs"]["neutral_wire"].as_f64().unwrap();
    assert_eq!(both["stance"], "neutral_wire", "{both}");
    assert!(
        neutral(&both) - neutral(&one) >= 0.10,
        "both sides {} against one side {}",
        neutral(&both),
        neutral(&one)
    );
}

/// Real text often comes hard-wrapped (e-mail, PDFs, UN speeches saved as plain text). The
/// segmenter read a wrapped line followed by a capitalised word ("... its troops from" /
/// "South Ossetia") as a headline and cut the sentence there: the seed articles wrapped
/// at 60 to 80 columns kept 454 of their 669 sentences, and seed 002 at 80 columns fell
/// from p(pro-Tskhinvali) 0.81 to 0.53. Wrapped, each seed now reads as it does unwrapped.
#[test]
fn score_reads_a_hard_wrapped_article_as_the_unwrapped_one() {
    let dir = tempfile::tempdir().unwrap();
    for seed in ["002_542e7e2be2bb0ae4", "003_a2c1f8a07762f669"] {
        let original = std::path::PathBuf::from(format!("labels/seed_articles/{seed}.txt"));
        let text = std::fs::read_to_string(&original).unwrap();
        for width in [60, 72, 80] {
            let wrapped = dir.path().join(format!("{seed}_{width}.txt"));
            std::fs::write(&wrapped, wrap(&text, width)).unwrap();
            let (a, b) = (article_row(&original), article_row(&wrapped));
            let words = |doc: &serde_json::Value| -> Vec<(String, String)> {
                doc["sentences"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| {
                        let t = s["text"].as_str().unwrap().split_whitespace();
                        (t.collect::<Vec<_>>().join(" "), s["stance"].to_string())
                    })
                    .collect()
            };
            assert_eq!(words(&a), words(&b), "{seed} at {width} columns");
            assert_eq!(a["stance"], b["stance"], "{seed} at {width} columns");
            for (label, p) in a["stance_probs"].as_object().unwrap() {
                let q = b["stance_probs"][label].as_f64().unwrap();
                assert!(
                    (p.as_f64().unwrap() - q).abs() < 1e-9,
                    "{seed} {width} {label}"
                );
            }
        }
    }
}

/// Greedy wrapping at `width` columns, as e-mail clients and `fmt` do, one paragraph a
/// line; words longer than the width stand on their own line.
fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out.join("\n")
}

/// "our country" and the other statehood words that name no region ("the head of state",
/// "interstate") are the regions' only where the article's own voice takes their side: in
/// Georgia's and a third state's UN speeches they are those states' own, and neither the
/// sentence nor the article is pro-Tskhinvali; on a de facto ministry's page they are.
#[test]
fn score_reads_our_country_as_whoever_the_article_speaks_for() {
    let welcome = "Our country welcomes the decision of the European Council.";
    let georgia = format!(
        "Twenty percent of the territory of Georgia remains under Russian occupation. {welcome} \
         We will never accept the annexation of Abkhazia and the Tskhinvali region.\n"
    );
    let third = format!(
        "Mr. President, it is an honour to address the Assembly. {welcome} \
         The head of state of Kazakhstan spoke of interstate relations in Central Asia.\n"
    );
    let ministry = format!(
        "Minister of Foreign Affairs of the Republic of South Ossetia Akhsar Jioev received the \
         Ambassador of Nicaragua. {welcome} The sides discussed interstate relations.\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut verdicts = BTreeMap::new();
    for (name, article) in [
        ("georgia", &georgia),
        ("third", &third),
        ("ministry", &ministry),
    ] {
        let (path, rows) = scored_sentences(dir.path(), name, article);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1]["text"], welcome);
        let ours = term_of(&rows[1], "matched", "Our country");
        let (s, e) = (
            ours["start"].as_u64().unwrap(),
            ours["end"].as_u64().unwrap(),
        );
        assert_eq!(&article[s as usize..e as usize], "Our country");
        // Whether the last sentence's statehood words were read as another state's.
        let last_elsewhere: Vec<bool> = rows[2]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["term"] == "head of state" || t["term"] == "interstate")
            .map(|t| t["neutral_context"].as_bool().unwrap())
            .collect();
        let doc = article_row(&path);
        verdicts.insert(
            name,
            (
                rows[1]["stance"].as_str().unwrap().to_string(),
                ours["frame"].as_str().unwrap().to_string(),
                last_elsewhere,
                doc["stance"].as_str().unwrap().to_string(),
            ),
        );
    }
    let v = |s: &str, f: &str, last: &[bool], doc: &str| {
        (s.to_string(), f.to_string(), last.to_vec(), doc.to_string())
    };
    assert_eq!(
        verdicts["georgia"],
        v("neutral_wire", "none", &[], "georgian")
    );
    assert_eq!(
        verdicts["third"],
        v("neutral_wire", "none", &[true, true], "neutral_wire")
    );
    assert_eq!(
        verdicts["ministry"],
        v("pro_tskhinvali", "independent", &[false], "pro_tskhinvali")
    );
}

/// "These young states" in a Russian UN speech point back to the South Ossetia and Abkhazia
/// an earlier sentence named: the regions' statehood, as the guide's "the two states". In a
/// speech that names no region they stay other states' (the model before it read the
/// first speech's last sentence as another state's, and the speech as neutral).
#[test]
fn score_reads_these_young_states_as_the_regions_an_earlier_sentence_named() {
    let young = "Russia will continue to guarantee the security of these young states.";
    let russia = format!(
        "We urge Tbilisi to sign agreements on the non-use of force with Abkhazia and South \
         Ossetia. Our Western partners must accept the new realities. {young}\n"
    );
    let elsewhere = format!(
        "Decolonization is not finished in Africa. Our Western partners must accept the new \
         realities. {young}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for (name, article) in [("russia", &russia), ("elsewhere", &elsewhere)] {
        let (_, rows) = scored_sentences(dir.path(), name, article);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[2]["text"], young);
        let term = term_of(&rows[2], "term", "young states");
        seen.push((
            rows[2]["stance"].as_str().unwrap().to_string(),
            term["neutral_context"].as_bool().unwrap(),
        ));
    }
    assert_eq!(
        seen,
        [
            ("pro_tskhinvali".to_string(), false),
            ("neutral_wire".to_string(), true)
        ]
    );
}

/// A wire story's own voice slips one side's marker ("the separatist region") beside its
/// neutral descriptors ("a Russian-backed breakaway region"); with `wire_narration` (on in
/// the shipped model) it does not thereby adopt the Georgian officials' "creeping
/// occupation" it reports: that sentence is the officials' (`neutral_wire`), the own-voice
/// one stays Georgian, and the story is `neutral_wire`. (The model before it read the
/// report as adopted: neutral at 0.905, and the article at 0.72.)
#[test]
fn score_reads_a_wire_storys_report_as_the_speakers_despite_one_marker_of_its_own() {
    let report =
        "Officials in Tbilisi described the detentions as part of Russia's creeping occupation \
         of Georgian land.";
    let own = "The separatist region's only road link to Russia runs through the Roki tunnel.";
    let article = format!(
        "Russian border guards detained two farmers near the village of Khurvaleti, the \
         Georgian interior ministry said on Monday. The men were taken to Tskhinvali, the main \
         town of South Ossetia, a Russian-backed breakaway region of Georgia. {report} {own} \
         EU monitors said they were in contact with both sides.\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.txt");
    std::fs::write(&path, &article).unwrap();
    let out = stdout_of(stancer().args(["score", "--format", "jsonl"]).arg(&path));
    let rows = json_lines(&out);
    let row = |text: &str| {
        rows.iter()
            .find(|r| r["text"] == text)
            .unwrap_or_else(|| panic!("no row holds {text:?}: {out}"))
            .clone()
    };
    let reported = row(report);
    assert_eq!(reported["stance"], "neutral_wire", "{reported}");
    let p = reported["stance_probs"]["neutral_wire"].as_f64().unwrap();
    assert!(p > 0.95, "neutral_wire at {p}: {reported}");
    assert_eq!(row(own)["stance"], "georgian", "{out}");
    let doc = article_row(&path);
    assert_eq!(doc["stance"], "neutral_wire", "{doc}");
}

/// A wire brief of two or three sentences whose only own-voice marker is one of the words
/// wire copy narrates with ("de facto authorities", "separatist officials"): the sentence
/// is Georgian by the guide, the brief `neutral_wire`. The whole-article word head read
/// those words as a Georgian outlet's and, in so short a text, carried the mean: a model
/// trained on the same labels without `wire_words_guide_only` called both briefs Georgian
/// (0.51 and 0.61).
#[test]
fn score_reads_a_short_wire_brief_with_one_wire_word_as_neutral() {
    let briefs = [
        (
            "The de facto authorities in South Ossetia reopened the Odzisi crossing on Monday \
             after a six-month closure.",
            "Residents of nearby villages had been unable to collect their pensions. EU \
             monitors welcomed the move.",
        ),
        (
            "Separatist officials in Abkhazia said on Friday they had detained a Georgian man \
             near the Enguri river.",
            "Tbilisi demanded his release.",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (own, rest)) in briefs.iter().enumerate() {
        let path = dir.path().join(format!("brief{i}.txt"));
        std::fs::write(&path, format!("{own} {rest}\n")).unwrap();
        let rows = json_lines(&stdout_of(
            stancer().args(["score", "--format", "jsonl"]).arg(&path),
        ));
        let marked = rows
            .iter()
            .find(|r| r["text"] == *own)
            .expect("the own sentence");
        assert_eq!(marked["stance"], "georgian", "{marked}");
        let doc = article_row(&path);
        assert_eq!(doc["stance"], "neutral_wire", "{doc}");
    }
}

/// The article row `stancer score --level document` writes for the text file `path`.
fn article_row(path: &std::path::Path) -> serde_json::Value {
    let out = stdout_of(
        stancer()
            .args(["score", "--level", "document", "--format", "jsonl"])
            .arg(path),
    );
    json_lines(&out).remove(0)
}

/// `eval`'s article figure is the verdict `score` gives: on an article the topic gate reads
/// as about something else, `eval` re-read its sentences from their terms and lost the
/// off-topic mark, so the word head saw another row (p(neutral) 0.52 in `eval` against 0.97
/// in `score` for this club story, with the model before the fix).
#[test]
fn eval_reads_an_off_topic_article_as_score_does() {
    let dir = tempfile::tempdir().unwrap();
    let sentences = [
        "The so-called reform of the club's board was pushed through by its self-proclaimed \
         president on Monday.",
        "Members said the occupied clubhouse would stay closed until the vote.",
        "The club's independence from the city council is not in question, its lawyer said.",
    ];
    let mut labeled = String::from("doc_id,sent_id,text,stance,frame\n");
    for (i, s) in sentences.iter().enumerate() {
        labeled += &format!("g1,{i},\"{s}\",neutral_wire,none\n");
    }
    let test = write(dir.path(), "club.csv", labeled);
    let docs = write(
        dir.path(),
        "club_docs.csv",
        "doc_id,stance\ng1,neutral_wire\n",
    );
    let article = write(
        dir.path(),
        "club.jsonl",
        format!(
            "{}\n",
            serde_json::json!({"id": "g1", "text": sentences.join(" ")})
        ),
    );
    let model = repo_path("models/default.json");
    let predictions = dir.path().join("p.csv");
    stdout_of(
        stancer()
            .arg("eval")
            .arg("--model")
            .arg(&model)
            .arg("--test")
            .arg(&test)
            .arg("--doc-labels")
            .arg(&docs)
            .arg("--predictions")
            .arg(&predictions),
    );
    let by_eval = rows(&predictions)
        .into_iter()
        .find(|r| r["level"] == "document stance")
        .expect("an article row");
    let scored = json_lines(&stdout_of(
        stancer()
            .args([
                "score", "--id-col", "id", "--level", "document", "--format", "jsonl",
            ])
            .arg("--model")
            .arg(&model)
            .arg(&article),
    ));
    let by_score = &scored[0];
    // The predictions carry the probabilities of the labels the test file holds.
    let e: f64 = by_eval["p_neutral_wire"].parse().unwrap();
    let s = by_score["stance_probs"]["neutral_wire"].as_f64().unwrap();
    assert!((e - s).abs() < 1e-6, "eval {e}, score {s}");
    assert_eq!(by_eval["predicted"], by_score["stance"].as_str().unwrap());
}
