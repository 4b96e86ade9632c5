//! Baselines printed beside every figure: the majority class, and the lexicon rule (the
//! frame tagger alone, with no learning). A model that does not beat the lexicon rule has
//! learned nothing the lexicon did not already say.

use std::collections::BTreeMap;

use crate::features::{FrameHit, FrameTagger, Lexicon};

/// The most frequent label (ties: the alphabetically first).
pub fn majority(labels: &[&str]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    labels
        .iter()
        .for_each(|l| *counts.entry(l).or_insert(0) += 1);
    let mut best: Option<(&str, usize)> = None;
    for (l, c) in counts {
        if best.is_none_or(|(_, bc)| c > bc) {
            best = Some((l, c));
        }
    }
    best.map(|(l, _)| l.to_string()).unwrap_or_default()
}

/// Hits in the text's own voice: long quotations and reported words are someone else's.
fn own_voice(hits: Vec<FrameHit>) -> Vec<FrameHit> {
    hits.into_iter()
        .filter(|h| (!h.quoted || h.scare_quoted) && !h.attributed)
        .collect()
}

/// Sentence stance by the lexicon: the side with more own-voice markers, else neutral.
pub fn lexicon_stance(tagger: &FrameTagger, text: &str) -> String {
    let (mut g, mut p) = (0, 0);
    for h in own_voice(tagger.tag(text)) {
        match h.stance.as_str() {
            "georgian" => g += 1,
            "pro_tskhinvali" => p += 1,
            _ => {}
        }
    }
    match g.cmp(&p) {
        std::cmp::Ordering::Greater => "georgian".into(),
        std::cmp::Ordering::Less => "pro_tskhinvali".into(),
        std::cmp::Ordering::Equal => "neutral_wire".into(),
    }
}

/// Sentence frame by the lexicon: the frame with more own-voice terms, else none.
pub fn lexicon_frame(tagger: &FrameTagger, text: &str) -> String {
    let (mut o, mut i) = (0, 0);
    for h in own_voice(tagger.tag(text)) {
        match h.frame.as_str() {
            "occupied" => o += 1,
            "independent" => i += 1,
            _ => {}
        }
    }
    match o.cmp(&i) {
        std::cmp::Ordering::Greater => "occupied".into(),
        std::cmp::Ordering::Less => "independent".into(),
        std::cmp::Ordering::Equal => "none".into(),
    }
}

/// Article stance by counting marked sentences: a side needs at least two marked
/// sentences and twice as many as the other side.
pub fn lexicon_document(sentence_stances: &[String]) -> String {
    let g = sentence_stances.iter().filter(|s| *s == "georgian").count();
    let p = sentence_stances
        .iter()
        .filter(|s| *s == "pro_tskhinvali")
        .count();
    if g >= 2 && g >= 2 * p {
        "georgian".into()
    } else if p >= 2 && p >= 2 * g {
        "pro_tskhinvali".into()
    } else {
        "neutral_wire".into()
    }
}

/// A tagger over a lexicon, for callers that only hold the lexicon.
pub fn tagger(lexicon: &Lexicon) -> FrameTagger<'_> {
    FrameTagger::new(lexicon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_breaks_ties_alphabetically() {
        assert_eq!(majority(&["b", "a", "b", "a"]), "a");
        assert_eq!(majority(&["b", "b", "a"]), "b");
    }

    #[test]
    fn document_rule_needs_two_dominant_marks() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lexicon_document(&s(&["georgian", "neutral_wire"])),
            "neutral_wire"
        );
        assert_eq!(lexicon_document(&s(&["georgian", "georgian"])), "georgian");
        assert_eq!(
            lexicon_document(&s(&[
                "georgian",
                "georgian",
                "pro_tskhinvali",
                "pro_tskhinvali"
            ])),
            "neutral_wire"
        );
    }
}
