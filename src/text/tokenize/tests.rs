//! Unit tests of `tokenize.rs`.

use super::*;

fn words(t: &str) -> Vec<String> {
    Tokenizer::new(false)
        .tokenize(t)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[test]
fn keeps_hyphenated_markers_and_drops_possessives() {
    assert_eq!(
        words("The de-facto, self-proclaimed Russia’s ‘so-called’ don't."),
        vec![
            "the",
            "de-facto",
            "self-proclaimed",
            "russia",
            "so-called",
            "don't"
        ]
    );
}

#[test]
fn marks_quoted_tokens() {
    let toks = Tokenizer::new(false).tokenize("its “independence” and independence");
    let flags: Vec<(String, bool)> = toks.into_iter().map(|t| (t.text, t.quoted)).collect();
    assert_eq!(
        flags,
        vec![
            ("its".into(), false),
            ("independence".into(), true),
            ("and".into(), false),
            ("independence".into(), false)
        ]
    );
}

#[test]
fn stems_when_asked() {
    let toks = Tokenizer::new(true).tokenize("occupied territories");
    assert_eq!(toks[0].text, "occupi");
    assert_eq!(toks[1].text, "territori");
}

#[test]
fn look_alikes_zero_width_and_compatibility_forms_are_normalized() {
    // A Cyrillic `о`, a soft hyphen, a zero-width space, fullwidth letters.
    let t =
        "the \u{43e}ccupied and occu\u{ad}pied and oc\u{200b}cupied and ｏｃｃｕｐｉｅｄ Цхинвали";
    let toks = Tokenizer::new(false).tokenize(t);
    let forms: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        forms,
        [
            "the",
            "occupied",
            "and",
            "occupied",
            "and",
            "occupied",
            "and",
            "occupied",
            "цхинвали"
        ]
    );
    // Offsets still point at the text as written.
    assert_eq!(&t[toks[1].start..toks[1].end], "\u{43e}ccupied");
    assert_eq!(&t[toks[3].start..toks[3].end], "occu\u{ad}pied");
}

#[test]
fn unicode_letters_and_offsets() {
    let t = "Цхинвали and Tskhinvali";
    let toks = Tokenizer::new(false).tokenize(t);
    assert_eq!(toks[0].text, "цхинвали");
    assert_eq!(&t[toks[0].start..toks[0].end], "Цхинвали");
}
