//! Text with HTML character references, as RSS descriptions and page sources hold it:
//! scored as written it loses its quotation marks, so scoring warns, and `--unescape-html`
//! reads it as the plain text it stands for.

mod common;

use common::*;

const PLAIN: &str = "The so-called “independence” of the region is recognised only by Moscow.";
const ESCAPED: &str =
    "The so-called &ldquo;independence&rdquo; of the region is recognised only by Moscow.";

fn jsonl(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
        .collect()
}

#[test]
fn html_character_references_are_warned_about_and_decoded_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plain = write(d, "plain.jsonl", jsonl(&[PLAIN]));
    let escaped = write(
        d,
        "escaped.jsonl",
        jsonl(&[ESCAPED, "Talks resumed in Geneva."]),
    );

    let want = json_lines(&stdout_of(stancer().arg("score").arg(&plain)));
    assert_eq!(want[0]["stance"], "georgian", "{want:?}");

    // As written: the quotes are not seen, and stderr says so, naming the flag.
    let out = stancer().arg("score").arg(&escaped).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "stancer: warning: 1 of 2 records hold HTML character references (&quot;, &#8220; ...)"
        ) && stderr.contains("--unescape-html"),
        "{stderr}"
    );
    assert!(stderr.contains("1 warning(s)"), "{stderr}");

    // Decoded: the rows are the plain text's, stance, probabilities, terms and offsets
    // alike, and nothing is warned about.
    let out = stancer()
        .args(["score", "--unescape-html"])
        .arg(&escaped)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    let got = json_lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(got.len(), 2);
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("doc_id");
        v
    };
    assert_eq!(strip(&got[0]), strip(&want[0]));
    assert_eq!(got[0]["text"], PLAIN);
}

#[test]
fn plain_text_with_ampersands_is_not_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "news.jsonl",
        jsonl(&["Trade & investment talks between Tbilisi and Moscow resumed in Geneva."]),
    );
    let out = stancer().arg("score").arg(&f).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("HTML"), "{stderr}");
}
