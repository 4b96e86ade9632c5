//! Which of the voice rules' word lists a token belongs to, found once per token.
//!
//! The rules ask "is this token a verb of saying?" (and of viewing, blaming, a first-person
//! pronoun, ...) for every token of every sentence that holds a frame term; scanning the
//! lists for each question was a quarter of scoring time. A token's lists are one bit set,
//! from one hash lookup (or, when scoring, read by word id from the n-gram index, which
//! computes it once per word with this function). The few single words the voice index compares tokens with ("as",
//! "of", "according", ...) are lists of their own here, so that indexing a text compares
//! no strings.

use std::sync::OnceLock;

use super::words::*;
use crate::features::fxhash::FxHashMap;
use crate::features::ngram_index::InlineWord;

/// A word list of the voice rules ([`super::words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum List {
    Say,
    Accuse,
    View,
    Name,
    Speak,
    Tail,
    AgencyTail,
    FirstPerson,
    SelfRef,
    Compare,
    Recognition,
    OtherPolities,
    Georgia,
    RegionWords,
    ViewHolders,
    Occupy,
    Occupants,
    OccupiedThings,
    Titles,
    Qualifiers,
    Distancing,
    Inverting,
    GeorgiasTerms,
    StatusWords,
    Narrative,
    Statehood,
    StateNames,
    Universal,
    StatesNouns,
    SentenceOpeners,
    ConflictAnchors,
    /// "while", "whereas", "but", "yet": a clause break after a comma.
    Contrast,
    According,
    /// "as", "of", "for": the complement of a view or a charge.
    Charge,
    As,
    To,
    Be,
    This,
    Aspiration,
    Doubting,
    Topic,
    ConflictWords,
    Respond,
    OtherSide,
}

/// The keyword lists' words (see [`List::Contrast`] and the ones after it).
const CONTRAST: &[&str] = &["while", "whereas", "but", "yet"];
const CHARGE: &[&str] = &["as", "of", "for"];

impl List {
    const ALL: [List; 44] = [
        List::Say,
        List::Accuse,
        List::View,
        List::Name,
        List::Speak,
        List::Tail,
        List::AgencyTail,
        List::FirstPerson,
        List::SelfRef,
        List::Compare,
        List::Recognition,
        List::OtherPolities,
        List::Georgia,
        List::RegionWords,
        List::ViewHolders,
        List::Occupy,
        List::Occupants,
        List::OccupiedThings,
        List::Titles,
        List::Qualifiers,
        List::Distancing,
        List::Inverting,
        List::GeorgiasTerms,
        List::StatusWords,
        List::Narrative,
        List::Statehood,
        List::StateNames,
        List::Universal,
        List::StatesNouns,
        List::SentenceOpeners,
        List::ConflictAnchors,
        List::Contrast,
        List::According,
        List::Charge,
        List::As,
        List::To,
        List::Be,
        List::This,
        List::Aspiration,
        List::Doubting,
        List::Topic,
        List::ConflictWords,
        List::Respond,
        List::OtherSide,
    ];

    fn words(self) -> &'static [&'static str] {
        match self {
            List::Say => SAY,
            List::Accuse => ACCUSE,
            List::View => VIEW,
            List::Name => NAME,
            List::Speak => SPEAK,
            List::Tail => TAIL,
            List::AgencyTail => AGENCY_TAIL,
            List::FirstPerson => FIRST_PERSON,
            List::SelfRef => SELF,
            List::Compare => COMPARE,
            List::Recognition => RECOGNITION,
            List::OtherPolities => OTHER_POLITIES,
            List::Georgia => GEORGIA,
            List::RegionWords => REGION_WORDS,
            List::ViewHolders => VIEW_HOLDERS,
            List::Occupy => OCCUPY,
            List::Occupants => OCCUPANTS,
            List::OccupiedThings => OCCUPIED_THINGS,
            List::Titles => TITLES,
            List::Qualifiers => QUALIFIERS,
            List::Distancing => DISTANCING,
            List::Inverting => INVERTING,
            List::GeorgiasTerms => GEORGIAS_TERMS,
            List::StatusWords => STATUS_WORDS,
            List::Narrative => NARRATIVE,
            List::Statehood => STATEHOOD,
            List::StateNames => STATE_NAMES,
            List::Universal => UNIVERSAL,
            List::StatesNouns => STATES_NOUNS,
            List::SentenceOpeners => SENTENCE_OPENERS,
            List::ConflictAnchors => CONFLICT_ANCHORS,
            List::Contrast => CONTRAST,
            List::According => &["according"],
            List::Charge => CHARGE,
            List::As => &["as"],
            List::To => &["to"],
            List::Be => &["be"],
            List::This => &["this"],
            List::Aspiration => ASPIRATION,
            List::Doubting => DOUBTING,
            List::Topic => TOPIC_NAMES,
            List::ConflictWords => CONFLICT_WORDS,
            List::Respond => RESPOND,
            List::OtherSide => OTHER_SIDE,
        }
    }

    /// This list's bit in a token's set.
    pub(super) const fn bit(self) -> u64 {
        1 << self as u32
    }
}

/// The words of every list (with repeats).
pub(super) fn all_words() -> impl Iterator<Item = &'static str> {
    List::ALL
        .into_iter()
        .flat_map(|l| l.words().iter().copied())
}

/// The set of lists `word` belongs to.
pub(super) fn lists_of(word: &str) -> u64 {
    /// Short words by their [`InlineWord`], longer ones by their text.
    type Maps = (FxHashMap<InlineWord, u64>, FxHashMap<&'static str, u64>);
    static MAPS: OnceLock<Maps> = OnceLock::new();
    let (short, long) = MAPS.get_or_init(|| {
        let mut maps: Maps = Default::default();
        for list in List::ALL {
            for &w in list.words() {
                match InlineWord::new(w) {
                    Some(k) => *maps.0.entry(k).or_default() |= list.bit(),
                    None => *maps.1.entry(w).or_default() |= list.bit(),
                }
            }
        }
        maps
    });
    match InlineWord::new(word) {
        Some(k) => short.get(&k).copied().unwrap_or(0),
        None => long.get(word).copied().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_in_exactly_the_lists_that_hold_it() {
        for list in List::ALL {
            for &w in list.words() {
                assert!(lists_of(w) & list.bit() != 0, "{w} in {list:?}");
            }
        }
        for list in List::ALL {
            for other in List::ALL {
                for &w in other.words() {
                    let member = list.words().contains(&w);
                    assert_eq!(lists_of(w) & list.bit() != 0, member, "{w}, {list:?}");
                }
            }
        }
        assert_eq!(lists_of("xyzzy"), 0);
    }
}
