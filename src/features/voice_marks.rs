//! Voice marks: a reported or neutralized frame term enters the n-grams as its own token.
//!
//! The lexicon columns know whose voice a term speaks in; the word n-grams do not. Without
//! this, "occupied" in "Tbilisi calls the regions occupied" is the same feature as the
//! outlet's own "occupied", and the word block, trained on text whose markers mostly stand
//! in its own voice, calls every wire story that reports Tbilisi's view Georgian. So before
//! the n-grams are formed, each word of a reported term (quoted speech, attributed) is
//! prefixed `xrep` and each word of a term about something else (Kosovo's "independence",
//! "occupied Crimea", the fact of recognition) `xctx`: "calls the regions xrepoccupied".
//! Offsets, frame terms and the lexicon columns still come from the original text.

use super::config::FeatureConfig;
use super::reading::{is_off_topic, is_unadopted};
use super::tagger::FrameHit;

/// Prefix of the words of a reported term.
pub const REPORTED: &str = "xrep";
/// Prefix of the words of a term about something other than the regions' status.
pub const CONTEXT: &str = "xctx";
/// Prefix of the words of a reported term in a sentence whose article does not adopt it
/// (`unadopted_apart`; see [`crate::features::reading::is_unadopted`]).
pub const UNADOPTED: &str = "xrepna";

/// Prefix of the words of every term in a sentence of an article about something else
/// (`topic_gate`): no labeled article is one, so these words have no column and the terms
/// count for nothing, not even as another country's word (`xctx`), whose learned weight
/// is about statehood elsewhere in this conflict's news.
pub const OFF_TOPIC: &str = "xoff";

/// How the article's reading marked a sentence, as far as its features tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceMark {
    /// Counted as the terms' voice says.
    Plain,
    /// Its reported terms counted apart: the settings ask for it (`unadopted_apart`) and
    /// the sentence carries an unadopted article mark.
    Unadopted,
    /// No term counts (`topic_gate`, the sentence carries the off-topic mark).
    OffTopic,
}

/// The mark of a read sentence under `config`.
pub(crate) fn sentence_mark(config: &FeatureConfig, text: &str) -> SentenceMark {
    if config.topic_gate && is_off_topic(text) {
        SentenceMark::OffTopic
    } else if config.unadopted_apart && is_unadopted(text) {
        SentenceMark::Unadopted
    } else {
        SentenceMark::Plain
    }
}

/// Whether a hit is someone else's word: quoted speech (not a scare quote) or attributed.
pub fn is_reported(hit: &FrameHit) -> bool {
    (hit.quoted && !hit.scare_quoted) || hit.attributed
}

/// The prefix a hit's words take, if any.
fn prefix(hit: &FrameHit, sentence: SentenceMark) -> Option<&'static str> {
    let unadopted = sentence == SentenceMark::Unadopted;
    if sentence == SentenceMark::OffTopic {
        Some(OFF_TOPIC)
    } else if hit.neutral_context {
        Some(CONTEXT)
    } else if is_reported(hit) {
        Some(if unadopted { UNADOPTED } else { REPORTED })
    } else {
        None
    }
}

/// `text` with the words of its reported and neutralized hits prefixed; `None` when no hit
/// needs a mark (the text is used as it is). `sentence` (`sentence_mark`) gives
/// reported words the [`UNADOPTED`] prefix, or every term's words the [`OFF_TOPIC`] one.
pub fn mark(text: &str, hits: &[FrameHit], sentence: SentenceMark) -> Option<String> {
    let marks = marks(text, hits, sentence);
    (!marks.is_empty()).then(|| apply(text, &marks))
}

/// Where [`mark`] puts its prefixes: `(byte offset, prefix)`, sorted (a word two hits
/// mark takes both prefixes, in this order); empty when no hit needs a mark.
pub fn marks(text: &str, hits: &[FrameHit], sentence: SentenceMark) -> Vec<(usize, &'static str)> {
    let mut marks: Vec<(usize, &'static str)> = Vec::new();
    for hit in hits {
        let Some(p) = prefix(hit, sentence) else {
            continue;
        };
        let span = &text[hit.start..hit.end];
        let mut prev: Option<char> = None;
        for (i, c) in span.char_indices() {
            // A word starts at an alphanumeric character that does not continue a word
            // (the tokenizer keeps internal hyphens and apostrophes: "de-facto" is one).
            let continues =
                prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '\'' | '’'));
            if c.is_alphanumeric() && !continues {
                marks.push((hit.start + i, p));
            }
            prev = Some(c);
        }
    }
    marks.sort_unstable();
    marks
}

/// `text` with the prefixes of [`marks`] put in.
pub fn apply(text: &str, marks: &[(usize, &'static str)]) -> String {
    let mut out = String::with_capacity(text.len() + 4 * marks.len());
    let mut at = 0;
    for &(pos, p) in marks {
        out.push_str(&text[at..pos]);
        out.push_str(p);
        at = pos;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(start: usize, end: usize, attributed: bool, neutral_context: bool) -> FrameHit {
        FrameHit {
            term: String::new(),
            matched: String::new(),
            start,
            end,
            frame: "occupied".into(),
            stance: "georgian".into(),
            quoted: false,
            scare_quoted: false,
            attributed,
            neutral_context,
        }
    }

    #[test]
    fn reported_and_neutral_words_are_prefixed_own_words_are_not() {
        let t = "Tbilisi calls them occupied territories; de-facto rule in occupied Crimea.";
        let rep = t.find("occupied territories").unwrap();
        let own = t.find("de-facto").unwrap();
        let ctx = t.find("occupied Crimea").unwrap();
        let hits = vec![
            hit(rep, rep + "occupied territories".len(), true, false),
            hit(own, own + "de-facto".len(), false, false),
            hit(ctx, ctx + "occupied".len(), false, true),
        ];
        assert_eq!(
            mark(t, &hits, SentenceMark::Plain).unwrap(),
            "Tbilisi calls them xrepoccupied xrepterritories; de-facto rule in xctxoccupied Crimea."
        );
        assert_eq!(mark(t, &hits[1..2], SentenceMark::Plain), None);
        // In an article that does not adopt it, the reported term is another feature.
        assert_eq!(
            mark(t, &hits, SentenceMark::Unadopted).unwrap(),
            "Tbilisi calls them xrepnaoccupied xrepnaterritories; de-facto rule in xctxoccupied Crimea."
        );
        // In an article about something else, no term is this conflict's.
        assert_eq!(
            mark(t, &hits, SentenceMark::OffTopic).unwrap(),
            "Tbilisi calls them xoffoccupied xoffterritories; xoffde-facto rule in xoffoccupied Crimea."
        );
    }
}
