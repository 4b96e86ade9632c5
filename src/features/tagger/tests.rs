//! Unit tests of matching and of the quote rules, on a small lexicon of plain terms.

use super::*;
use crate::features::lexicon::LexiconEntry;

fn lexicon() -> Lexicon {
    let e = |term: &str, frame: &str, stance: &str| LexiconEntry {
        term: term.into(),
        frame: frame.into(),
        stance: stance.into(),
        kind: Default::default(),
        tokens: vec![],
    };
    Lexicon::new(vec![
        e("occupied", "occupied", "georgian"),
        e("occupation", "occupied", "georgian"),
        e("occupation line", "occupied", "georgian"),
        e("independence", "independent", "pro_tskhinvali"),
        e("Republic of South Ossetia", "independent", "pro_tskhinvali"),
        e("breakaway", "none", "neutral_wire"),
    ])
}

#[test]
fn longest_term_wins_and_offsets_point_into_text() {
    let lex = lexicon();
    let t = "Detained near the Occupation Line, in occupied Akhalgori.";
    let hits = FrameTagger::new(&lex).tag(t);
    let found: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.term.as_str(), &t[h.start..h.end]))
        .collect();
    assert_eq!(
        found,
        vec![
            ("occupation line", "Occupation Line"),
            ("occupied", "occupied")
        ]
    );
}

#[test]
fn scare_quoted_independence_is_occupied() {
    let lex = lexicon();
    let hits = FrameTagger::new(&lex).tag("Russia recognised the region’s “independence”.");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].frame, "occupied");
    assert_eq!(hits[0].stance, "georgian");
    assert!(hits[0].quoted && hits[0].scare_quoted);
}

#[test]
fn plain_independence_is_independent_and_long_quotes_keep_frame() {
    let lex = lexicon();
    let tagger = FrameTagger::new(&lex);
    let plain = tagger.tag("The Republic of South Ossetia marked its independence.");
    assert!(plain.iter().all(|h| h.frame == "independent" && !h.quoted));
    assert_eq!(plain.len(), 2);
    let speech = tagger.tag("He said “we will defend our independence for ever and ever”.");
    assert_eq!(speech[0].frame, "independent");
    assert!(speech[0].quoted && !speech[0].scare_quoted);
}

#[test]
fn reported_words_are_attributed_not_scare_quoted() {
    let lex = lexicon();
    let tagger = FrameTagger::new(&lex);
    let h = tagger.tag("The Georgian delegation spoke of “occupation” again.");
    assert!(h[0].attributed && h[0].quoted && !h[0].scare_quoted);
    assert_eq!(
        (h[0].frame.as_str(), h[0].stance.as_str()),
        ("occupied", "georgian")
    );
    let h = tagger.tag("He crossed what Tbilisi calls the occupation line.");
    assert!(h[0].attributed && !h[0].quoted);
    let h = tagger.tag("The region’s “independence” is a fiction.");
    assert!(!h[0].attributed && h[0].scare_quoted);
    let h = tagger.tag("Ten of the occupied villages were cut off.");
    assert!(!h[0].attributed, "a bare `of` is not a report");
}

/// Real wire copy quotes over several sentences; the segmenter cuts the quotation, so a
/// sentence may close a quote it did not open or open one it does not close. Its terms
/// are the speaker's, and a short tail of a quotation is not a scare quote.
#[test]
fn a_quotation_cut_at_a_sentence_end_is_speech() {
    let lex = lexicon();
    let tagger = FrameTagger::new(&lex);
    for t in [
        "We will help the Republic of South Ossetia,” Lavrov said.",
        "We respect their independence.\" He left.",
        "“The Republic of South Ossetia is recognized by us.",
        "Lavrov added: \"We respect their independence.",
    ] {
        let h = tagger.tag(t);
        assert_eq!(h.len(), 1, "{t}");
        assert!(h[0].quoted && !h[0].scare_quoted, "{t}");
        assert_eq!(h[0].frame, "independent", "{t}");
    }
    // Two words of a quotation's tail are not scare quotes: no flip.
    let h = tagger.tag("Their independence.” The talks ended.");
    assert!(h[0].quoted && !h[0].scare_quoted);
    assert_eq!(h[0].stance, "pro_tskhinvali");
}

#[test]
fn no_match_inside_longer_tokens() {
    let lex = lexicon();
    assert!(FrameTagger::new(&lex)
        .tag("a plan for de-occupation")
        .is_empty());
}

#[test]
fn south_georgia_the_island_does_not_name_the_conflict() {
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    let names = |t: &str| tagger.names_the_conflict(t, &tagger.tag(t), true);
    assert!(!names(
        "Argentina seized South Georgia Island in April 1982."
    ));
    assert!(!names(
        "The fleet sailed for SOUTH GEORGIA'S old whaling station."
    ));
    assert!(names(
        "Russian troops remain in South Ossetia and Georgia's west."
    ));
    assert!(names("The south of Georgia saw heavy fighting."));
    assert!(names("Georgia said the vote was illegal."));
}
