//! Checks on the shipped labeled corpus: schema, label consistency with LABELING.md, no
//! composed sentence copied from a seed (no shared 8-word window), no near-duplicates.

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

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn windows(text: &str, n: usize) -> HashSet<String> {
    words(text).windows(n).map(|w| w.join(" ")).collect()
}

#[test]
fn sentence_labels_follow_the_guide() {
    for file in ["seed_sentences.csv", "composed_sentences.csv"] {
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
    for (sents, docs) in [
        ("seed_sentences.csv", "seed_documents.csv"),
        ("composed_sentences.csv", "composed_documents.csv"),
    ] {
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

#[test]
fn no_composed_sentence_shares_an_8_word_window_with_a_seed() {
    let mut seed_windows = HashSet::new();
    for entry in std::fs::read_dir(repo_path("labels/seed_articles")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        seed_windows.extend(windows(&text, 8));
    }
    assert!(seed_windows.len() > 1000);
    for r in rows("composed_sentences.csv") {
        let shared: Vec<String> = windows(&r["text"], 8)
            .intersection(&seed_windows)
            .cloned()
            .collect();
        assert!(
            shared.is_empty(),
            "{} {} copies a seed: {:?}",
            r["doc_id"],
            r["sent_id"],
            shared
        );
    }
}

#[test]
fn no_two_composed_sentences_are_near_duplicates() {
    let rows = rows("composed_sentences.csv");
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
