//! Checks on the shipped labeled corpus: schema, label consistency with LABELING.md, no
//! composed sentence copied from a seed or from any public data set in `../shared/datasets`
//! (no shared 8-word window), no near-duplicates.

mod common;

use std::collections::{HashMap, HashSet};

use common::repo_path;

fn rows(name: &str) -> Vec<HashMap<String, String>> {
    let path = repo_path(&format!("labels/{name}"));
    assert!(path.exists(), "{} is missing", path.display());
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every sentence file, with its document file.
const FILES: [(&str, &str); 7] = [
    ("seed_sentences.csv", "seed_documents.csv"),
    ("composed_sentences.csv", "composed_documents.csv"),
    ("composed_hard_sentences.csv", "composed_hard_documents.csv"),
    (
        "composed_quotes_sentences.csv",
        "composed_quotes_documents.csv",
    ),
    (
        "composed_short_sentences.csv",
        "composed_short_documents.csv",
    ),
    ("mfa_rso_sentences.csv", "mfa_rso_documents.csv"),
    (
        "composed_titles_sentences.csv",
        "composed_titles_documents.csv",
    ),
];

/// The files written for the project (the rest is real text).
const COMPOSED: [&str; 5] = [
    "composed_sentences.csv",
    "composed_hard_sentences.csv",
    "composed_quotes_sentences.csv",
    "composed_short_sentences.csv",
    "composed_titles_sentences.csv",
];

/// Official names count as one word for the copy check: it looks for copied prose, and a
/// composed ministry teaser cannot avoid "the Ministry of Foreign Affairs of the Republic
/// of South Ossetia" (the same list as the labeling helpers' checker).
const NAMES: [&str; 11] = [
    "ministry of foreign affairs of the russian federation",
    "international committee of the red cross",
    "incident prevention and response mechanism",
    "president of the russian federation",
    "european union monitoring mission",
    "geneva international discussions",
    "united nations general assembly",
    "extraordinary and plenipotentiary",
    "ministry of foreign affairs",
    "republic of south ossetia",
    "republic of abkhazia",
];

fn words(text: &str) -> Vec<String> {
    let mut t: String = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    for name in NAMES {
        t = t.replace(name, &format!("N{}", name.replace(' ', "")));
    }
    t.split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn windows(text: &str, n: usize) -> HashSet<String> {
    words(text).windows(n).map(|w| w.join(" ")).collect()
}

#[test]
fn sentence_labels_follow_the_guide() {
    for (file, _) in FILES {
        let rows = rows(file);
        for (i, r) in rows.iter().enumerate() {
            let line = i + 2;
            let (stance, frame) = (r["stance"].as_str(), r["frame"].as_str());
            assert!(
                ["georgian", "neutral_wire", "pro_tskhinvali"].contains(&stance),
                "{file}:{line}: stance {stance}"
            );
            assert!(
                ["occupied", "independent", "none"].contains(&frame),
                "{file}:{line}: frame {frame}"
            );
            if frame == "occupied" {
                assert_eq!(
                    stance, "georgian",
                    "{file}:{line}: occupied goes with georgian"
                );
            }
            if frame == "independent" {
                assert_eq!(
                    stance, "pro_tskhinvali",
                    "{file}:{line}: independent goes with pro_tskhinvali"
                );
            }
            if stance == "neutral_wire" {
                assert_eq!(
                    frame, "none",
                    "{file}:{line}: a neutral sentence has no frame"
                );
            }
            assert!(!r["text"].trim().is_empty(), "{file}:{line}: empty text");
        }
    }
}

#[test]
fn every_labeled_document_has_sentences_and_a_document_stance() {
    for (sents, docs) in FILES {
        let doc_ids: HashSet<String> = rows(docs)
            .into_iter()
            .map(|r| r["doc_id"].clone())
            .collect();
        let sent_docs: HashSet<String> = rows(sents)
            .into_iter()
            .map(|r| r["doc_id"].clone())
            .collect();
        assert_eq!(
            doc_ids, sent_docs,
            "{sents} and {docs} name different documents"
        );
    }
}

/// The 8-word windows of every seed article and of every text file in
/// `../shared/datasets` (when the folder is there: it is beside the repository on the
/// development machines and in CI, not in a bare clone).
fn outside_windows() -> HashSet<String> {
    let mut seen = HashSet::new();
    for entry in std::fs::read_dir(repo_path("labels/seed_articles")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        seen.extend(windows(&text, 8));
    }
    assert!(seen.len() > 1000);
    let datasets = repo_path("../shared/datasets");
    if let Ok(dirs) = std::fs::read_dir(&datasets) {
        for dir in dirs.flatten().filter(|d| d.path().is_dir()) {
            for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "md") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                for line in String::from_utf8_lossy(&bytes).lines() {
                    seen.extend(windows(line, 8));
                }
            }
        }
    }
    seen
}

#[test]
fn no_composed_sentence_shares_an_8_word_window_with_a_seed_or_a_dataset() {
    let outside = outside_windows();
    for file in COMPOSED {
        for r in rows(file) {
            let shared: Vec<String> = windows(&r["text"], 8)
                .intersection(&outside)
                .cloned()
                .collect();
            assert!(
                shared.is_empty(),
                "{file}: {} {} copies a seed or a data set: {:?}",
                r["doc_id"],
                r["sent_id"],
                shared
            );
        }
    }
}

#[test]
fn no_two_composed_sentences_are_near_duplicates() {
    let rows: Vec<_> = COMPOSED.into_iter().flat_map(rows).collect();
    let shingles: Vec<HashSet<String>> = rows.iter().map(|r| windows(&r["text"], 3)).collect();
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let (a, b) = (&shingles[i], &shingles[j]);
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let inter = a.intersection(b).count() as f64;

            let exact = inter / (a.union(b).count() as f64);
            assert!(
                exact < 0.8,
                "near-duplicates (Jaccard {exact:.2}): {} / {}",
                rows[i]["text"],
                rows[j]["text"]
            );
        }
    }
}
