//! Unit tests of `target.rs`.

use crate::features::lexicon::{Lexicon, LexiconEntry, TermKind};
use crate::features::tagger::FrameTagger;

fn lexicon() -> Lexicon {
    let e = |term: &str, frame: &str, stance: &str| LexiconEntry {
        term: term.into(),
        frame: frame.into(),
        stance: stance.into(),
        kind: TermKind::Naming,
        tokens: vec![],
    };
    Lexicon::new(vec![
        e("so-called", "occupied", "georgian"),
        e("so called", "occupied", "georgian"),
        e("de facto", "occupied", "georgian"),
        e("self-proclaimed", "occupied", "georgian"),
        e("the two countries", "independent", "pro_tskhinvali"),
        e("the two states", "independent", "pro_tskhinvali"),
        e("genocide", "none", "pro_tskhinvali"),
        e("guarantor", "none", "pro_tskhinvali"),
        e("separatists", "occupied", "georgian"),
        e("occupation", "occupied", "georgian"),
        e("ethnic cleansing", "none", "georgian"),
        e("southern neighbor", "none", "pro_tskhinvali"),
        e("sovereignty", "independent", "pro_tskhinvali"),
        e("sovereign", "independent", "pro_tskhinvali"),
        e("interstate", "independent", "pro_tskhinvali"),
        e("independence", "independent", "pro_tskhinvali"),
        e("sovereign states", "independent", "pro_tskhinvali"),
        e("independent states", "independent", "pro_tskhinvali"),
    ])
}

/// (matched, frame, stance) of every hit.
fn tags(text: &str) -> Vec<(String, String, String)> {
    let lex = lexicon();
    FrameTagger::new(&lex)
        .tag(text)
        .into_iter()
        .map(|h| (h.matched, h.frame, h.stance))
        .collect()
}

fn hit(m: &str, frame: &str, stance: &str) -> Vec<(String, String, String)> {
    vec![(m.into(), frame.into(), stance.into())]
}

#[test]
fn a_qualifier_on_the_regions_institutions_is_the_georgian_marker() {
    for text in [
        "The so-called parliamentary elections were announced.",
        "The de facto authorities closed the crossing.",
        "Abkhazia's self-proclaimed government met.",
        "The so-called “president” of the region.",
        "The so-called foreign minister of the region spoke.",
        "The so-called defence ministry of the region spoke.",
        "The talks in Sukhumi with the so-called mediators ended.",
    ] {
        let want = if text.contains("de facto") {
            "de facto"
        } else if text.contains("self") {
            "self-proclaimed"
        } else {
            "so-called"
        };
        assert_eq!(tags(text), hit(want, "occupied", "georgian"), "{text}");
    }
}

#[test]
fn so_called_on_georgias_own_terms_speaks_for_tskhinvali() {
    assert_eq!(
        tags("Tbilisi keeps issuing so-called neutral passports."),
        hit("so-called", "none", "pro_tskhinvali")
    );
    assert_eq!(
        tags("They speak of the so-called territorial integrity of Georgia."),
        hit("so-called", "none", "pro_tskhinvali")
    );
    // "de facto" does not invert: a de facto annexation is the Georgian charge.
    assert_eq!(
        tags("Moscow carried out a de facto annexation of the region."),
        hit("de facto", "occupied", "georgian")
    );
}

#[test]
fn a_qualifier_on_anything_else_frames_nothing() {
    for text in [
        "The so-called rules-based order replaces international law.",
        "The ministry imposed a de facto ban on imports.",
        "Tbilisi accuses Moscow of giving de facto support to the referendum.",
        "A self-proclaimed expert spoke on television, with no notes.",
        "Russia is to withdraw from so-called buffer zones around South Ossetia.",
        "Syria suffers first of all from the so-called foreign well-wishers.",
        "Syria suffers first of all from the so called foreign well-wishers.",
    ] {
        let h = tags(text);
        assert_eq!(h.len(), 1, "{text}");
        assert_eq!(
            (h[0].1.as_str(), h[0].2.as_str()),
            ("none", "neutral_wire"),
            "{text}"
        );
    }
}

#[test]
fn the_two_countries_are_a_marker_only_when_no_other_pair_is_named() {
    assert_eq!(
        tags("Georgia and Tuvalu agreed to expand ties between the two countries."),
        hit("the two countries", "none", "neutral_wire")
    );
    assert_eq!(
        tags("Russia and South Ossetia signed a treaty; the two countries will cooperate."),
        hit("the two countries", "independent", "pro_tskhinvali")
    );
    assert_eq!(
        tags("Tbilisi will not use force against the two states it refuses to recognise."),
        hit("the two states", "independent", "pro_tskhinvali")
    );
    assert_eq!(
        tags("The foreign ministers of the two countries meet regularly."),
        hit("the two countries", "independent", "pro_tskhinvali")
    );
}

#[test]
fn words_about_elsewhere_frame_nothing() {
    for text in [
        "The world failed to prevent the genocide in Rwanda.",
        "We remember the Armenian genocide.",
        "France is a guarantor of the Dayton agreement.",
        "Catalan separatists staged a protest.",
        "The Israeli occupation of the West Bank must end.",
        "Millions were displaced by the ethnic cleansing in Bosnia.",
        "Ukraine's southern neighbor Moldova applied to join.",
        "Sudan's sovereignty must be respected.",
        "We reaffirm the sovereignty and territorial integrity of all States.",
        "The Charter enshrines the sovereign equality of Member States.",
        "Interstate conflicts have returned.",
        "Independence Day was celebrated in Kyiv with a parade.",
        "We call on the West to stop interfering in the affairs of sovereign states.",
        "Trade between independent states needs rules.",
    ] {
        let h = tags(text);
        assert_eq!(h.len(), 1, "{text}");
        assert_eq!(h[0].2, "neutral_wire", "{text}");
    }
    // About this conflict, or about nothing named: the marker stands.
    for (text, stance) in [
        (
            "Georgia committed genocide against the Ossetian people.",
            "pro_tskhinvali",
        ),
        (
            "Russia remains the guarantor of peace in the region.",
            "pro_tskhinvali",
        ),
        (
            "Remembrance of the Victims of the Genocide of 1920.",
            "pro_tskhinvali",
        ),
        (
            "The world would now be discussing another genocide.",
            "pro_tskhinvali",
        ),
        ("The separatists shelled Georgian villages.", "georgian"),
        ("The Russian occupation of Abkhazia goes on.", "georgian"),
        (
            "Our southern neighbor still threatens us.",
            "pro_tskhinvali",
        ),
        (
            "The sovereignty of the Republic is not negotiable.",
            "pro_tskhinvali",
        ),
        ("An interstate treaty was signed in 2014.", "pro_tskhinvali"),
        (
            "Abkhazia and South Ossetia are sovereign states.",
            "pro_tskhinvali",
        ),
        (
            "The treaty binds the two sovereign states.",
            "pro_tskhinvali",
        ),
        (
            "They have lived as independent states since 2008.",
            "pro_tskhinvali",
        ),
    ] {
        let h = tags(text);
        assert_eq!(h.len(), 1, "{text}");
        assert_eq!(h[0].2, stance, "{text}");
    }
}

/// Every phrase the rules read, cut after each of its words: the rules' look-ahead
/// meets the end of the text at every position.
#[test]
fn rules_read_every_cut_of_their_phrases() {
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    for phrase in [
        "the Republic of South Ossetia and the Republic of South Africa",
        "the so-called neutral passports of the de facto authorities",
        "Georgia and Tuvalu and the two countries",
        "the Armenian genocide in Rwanda of the guarantor of the Dayton agreement",
    ] {
        let words: Vec<&str> = phrase.split(' ').collect();
        for cut in 1..=words.len() {
            let text = words[..cut].join(" ");
            for hit in tagger.tag(&text) {
                assert!(hit.end <= text.len(), "{text}");
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    /// The context rules look a few tokens either side of a hit; at a text's edges
    /// there are none. Any text built from the words they look for, in any order and
    /// cut anywhere, tags without a panic, and every hit lies inside the text.
    #[test]
    fn rules_stay_inside_the_text(words in proptest::collection::vec(0usize..WORDS.len(), 0..14)) {
        let text = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        let lex = Lexicon::guide();
        for hit in FrameTagger::new(&lex).tag(&text) {
            proptest::prop_assert!(hit.start < hit.end && hit.end <= text.len());
        }
    }
}

const WORDS: &[&str] = &[
    "the",
    "Republic",
    "of",
    "South",
    "Ossetia",
    "Abkhazia",
    "so-called",
    "de",
    "facto",
    "two",
    "countries",
    "states",
    "and",
    "Georgia",
    "Tuvalu",
    "genocide",
    "guarantor",
    "separatists",
    "Catalan",
    "in",
    "Rwanda",
    "independence",
    "occupied",
    "said",
    ",",
    "“",
    "”",
    ".",
    "President",
    "Bibilov",
    "recognised",
    "Kosovo",
    "neutral",
    "passports",
];
