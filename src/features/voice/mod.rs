//! Whose voice a frame term speaks in, and what it is about.
//!
//! The guide labels a sentence by the words the text uses in its own voice: a marker inside
//! a claim attributed to someone ("Tbilisi says the regions are occupied", "Russia is the
//! guarantor of peace, Gagloev said") is the holder's, a marker about another country
//! ("Georgia's sovereignty", "Kosovo's independence", "occupied Crimea") frames nothing
//! here, and "Russia recognised their independence" is a neutral fact. Real wire copy is
//! full of all three; composed text states its markers plainly. These rules read the
//! tokens around a hit, so the tagger reports each hit's voice instead of its bare frame.
//!
//! The rules are deliberately shallow (no parser): they look for the reporting verb, the
//! "as" of a view, the comma before a tail "he said". Where they misjudge, the model still
//! sees the words; the lexicon columns only tell it what the rules found.

mod attribution;
mod context;
mod lists;
mod target;
pub use context::{unanchored, young_states_anaphor, Unanchored};
pub use target::QualifierTarget;
mod words;

use super::reading::is_reading_mark;
use super::tagger::Tok;
use lists::{lists_of, List};
use words::*;

/// The voice rules' word lists `w` belongs to, as a bit set: what [`Voice::new`] is given
/// per token by a caller that looked the words up already (the n-gram index).
pub(crate) fn word_lists(w: &str) -> u64 {
    lists_of(w)
}

/// Every word of the voice rules' lists: a word outside them belongs to none.
pub(crate) fn list_words() -> impl Iterator<Item = &'static str> {
    lists::all_words()
}

/// Whether `w` (lowercase) names one of the regions or their peoples.
pub fn is_region_word(w: &str) -> bool {
    lists_of(w) & List::RegionWords.bit() != 0
}

/// Whether `w` (lowercase) puts an article in this conflict ([`words::TOPIC_NAMES`]), a
/// possessive too ("Georgia's").
pub fn is_topic_word(w: &str) -> bool {
    let name = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    lists_of(name) & List::Topic.bit() != 0
}

/// Whether `w` (lowercase) is a word only this conflict uses ([`words::CONFLICT_WORDS`]).
pub fn is_conflict_word(w: &str) -> bool {
    lists_of(w) & List::ConflictWords.bit() != 0
}

/// Whether `w` (lowercase) is a verb of saying: in [`SAY`] or [`TAIL`]. The article head's
/// cue scan asks [`cue_word`], which reads this from the same lookup as the word's actor;
/// this is the tests' reference for it.
#[cfg(test)]
pub fn is_speech_verb(w: &str) -> bool {
    w.len() <= SPEECH_VERB_MAX_LEN && lists_of(w) & (List::Say.bit() | List::Tail.bit()) != 0
}

/// A side of the conflict, as the speaker of a reported view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Georgia, its government and its people.
    Georgia,
    /// Russia, the de facto authorities, the separatists.
    Other,
}

/// What a word is to the question "whose views does this sentence report?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A verb that reports a side's words or views: of saying, viewing, blaming, naming, or
    /// of a response ("dismissed", "welcomed", "recognised"; [`RESPOND`]).
    Verb,
    /// A name of one side as a speaker: "Tbilisi", "Georgian" ([`GEORGIA`], "georgians")
    /// or "Moscow", "Sukhumi", "Abkhaz" ([`OTHER_SIDE`]).
    Speaker(Side),
}

/// Whether `w` (lowercase, a whole word) is a verb of saying ([`is_speech_verb`]) and what
/// it is as an [`Actor`]: one lookup of its list bits for both, since the article head asks
/// them of every word of every sentence.
pub fn cue_word(w: &str) -> (bool, Option<Actor>) {
    const SPEECH: u64 = List::Say.bit() | List::Tail.bit();
    const VERBS: u64 = List::Say.bit()
        | List::Tail.bit()
        | List::View.bit()
        | List::Accuse.bit()
        | List::Name.bit()
        | List::Speak.bit()
        | List::Respond.bit();
    let bits = lists_of(w);
    let actor = if bits & VERBS != 0 {
        Some(Actor::Verb)
    } else if bits & List::Georgia.bit() != 0 || w == "georgians" {
        Some(Actor::Speaker(Side::Georgia))
    } else if bits & List::OtherSide.bit() != 0 {
        Some(Actor::Speaker(Side::Other))
    } else {
        None
    };
    (bits & SPEECH != 0, actor)
}

/// The longest word [`cue_word`] knows as an [`Actor`], in bytes: no longer word is one.
pub const ACTOR_WORD_MAX_LEN: usize = {
    let lists = [
        SAY, TAIL, VIEW, ACCUSE, NAME, SPEAK, RESPOND, GEORGIA, OTHER_SIDE,
    ];
    let (mut max, mut i) = (0, 0);
    while i < lists.len() {
        let m = max_len(lists[i]);
        if m > max {
            max = m;
        }
        i += 1;
    }
    max
};

/// The longest verb of saying, in bytes: no longer word is one (the tests' reference
/// [`is_speech_verb`] reads it; the cue scan's bound is [`ACTOR_WORD_MAX_LEN`]).
#[cfg(test)]
pub const SPEECH_VERB_MAX_LEN: usize = {
    let (say, tail) = (max_len(SAY), max_len(TAIL));
    if say > tail {
        say
    } else {
        tail
    }
};

const fn max_len(words: &[&str]) -> usize {
    let (mut max, mut i) = (0, 0);
    while i < words.len() {
        if words[i].len() > max {
            max = words[i].len();
        }
        i += 1;
    }
    max
}

/// The tokens of one text, read for voice and target.
///
/// The rules ask "is there a verb of saying before this term, with no clause break
/// between?" for every hit; scanning back from each hit would make a text full of terms
/// quadratic, so the positions they ask about are indexed once, as the latest such
/// position at or before each token.
pub(crate) struct Voice<'t, 'a> {
    text: &'t str,
    tokens: &'t [Tok<'a>],
    /// Per token: its word lists and the latest positions before it (one allocation per
    /// text: nine vectors of them were a third of indexing).
    at: Vec<At>,
    /// The first token after the last break (comma, closing quote, dash) of the text.
    final_break: Option<usize>,
    /// Whether that break closes a quotation ("...,” the committee said ...").
    final_quote: bool,
    /// Read a news agency's tail verbs ([`words::AGENCY_TAIL`]) and a speaker named by a
    /// long title as attribution: the `agency_tails` feature setting.
    agency_tails: bool,
    /// The sentence's first word, and one past its last: without the marks its article's
    /// reading put before or after it (`features::reading`), which are not the writer's
    /// words.
    opening: usize,
    closing: usize,
}

/// What the rules know at token `k`: the lists its word belongs to ([`List::bit`]) and
/// the latest positions of each kind at or before it ([`NONE`] for none).
#[derive(Clone, Copy)]
struct At {
    lists: u64,
    /// The latest token `j <= k` with a clause break in the gap before it.
    brk: usize,
    /// The latest token `j <= k` with a comma in the gap before it.
    comma: usize,
    /// The latest verb of saying (not in the first person) before `k`.
    say: usize,
    accuse: usize,
    view: usize,
    according: usize,
    /// The latest "as" / "of" / "for" before `k` (the complement of a view or a charge),
    /// and the latest "as" / compare-"to" / "be".
    charge: usize,
    view_link: usize,
}

/// No such position.
const NONE: usize = usize::MAX;

fn pos(p: usize) -> Option<usize> {
    (p != NONE).then_some(p)
}

/// What the gap between two tokens holds, read in one pass.
#[derive(Default)]
struct Gap {
    /// `;` `:` `—` `–`
    clause: bool,
    comma: bool,
    /// `,` `”` `"` `;` `—` `–`
    closing: bool,
}

impl Gap {
    fn of(gap: &str) -> Self {
        let mut g = Gap::default();
        if gap == " " {
            return g;
        }
        for c in gap.chars() {
            match c {
                ';' | '—' | '–' => {
                    g.clause = true;
                    g.closing = true;
                }
                ':' => g.clause = true,
                ',' => {
                    g.comma = true;
                    g.closing = true;
                }
                '”' | '"' => g.closing = true,
                _ => {}
            }
        }
        g
    }
}

impl<'t, 'a> Voice<'t, 'a> {
    /// The index of `tokens` (of `text`); `lists`, when given, holds each token's
    /// [`word_lists`] (else they are looked up here).
    pub fn new(text: &'t str, tokens: &'t [Tok<'a>], lists: Option<&[u64]>) -> Self {
        let mut v = Voice {
            text,
            tokens,
            at: Vec::with_capacity(tokens.len()),
            final_break: None,
            final_quote: false,
            agency_tails: false,
            opening: tokens
                .iter()
                .take_while(|t| is_reading_mark(t.text))
                .count(),
            closing: tokens.len()
                - tokens
                    .iter()
                    .rev()
                    .take_while(|t| is_reading_mark(t.text))
                    .count(),
        };
        let verbs = List::Say.bit() | List::Accuse.bit() | List::View.bit();
        let mut last = At {
            lists: 0,
            brk: NONE,
            comma: NONE,
            say: NONE,
            accuse: NONE,
            view: NONE,
            according: NONE,
            charge: NONE,
            view_link: NONE,
        };
        for (k, t) in tokens.iter().enumerate() {
            let lists = match lists {
                Some(l) => l[k],
                None => lists_of(t.text),
            };
            if k > 0 {
                let raw = &text[tokens[k - 1].end..t.start];
                let gap = Gap::of(raw);
                if gap.clause || (gap.comma && lists & List::Contrast.bit() != 0) {
                    last.brk = k;
                }
                if gap.comma {
                    last.comma = k;
                }
                if gap.closing {
                    v.final_break = Some(k);
                    v.final_quote = closes_quote(raw);
                }
            }
            // Verbs before k: stored before k's own word is looked at.
            last.lists = lists;
            v.at.push(last);
            // Only a verb asks whether its subject is the speaker.
            let own = lists & verbs != 0 && !v.first_person(k);
            let is = |list: List| lists & list.bit() != 0;
            if is(List::Say) && own {
                last.say = k;
            }
            if is(List::Accuse) && own {
                last.accuse = k;
            }
            if is(List::View) && own {
                last.view = k;
            }
            if is(List::According) {
                last.according = k;
            }
            if is(List::Charge) {
                last.charge = k;
            }
            let view = pos(last.view);
            let compare_to = is(List::To) && view.is_some_and(|j| v.is(j, List::Compare));
            let be = is(List::Be) && view.is_some_and(|j| k > j + 1);
            if is(List::As) || compare_to || be {
                last.view_link = k;
            }
        }
        v
    }

    /// With `agency_tails` (see the field).
    pub fn agency_tails(mut self, on: bool) -> Self {
        self.agency_tails = on;
        self
    }

    fn word(&self, i: usize) -> &str {
        self.tokens[i].text
    }

    fn is(&self, i: usize, list: List) -> bool {
        self.at[i].lists & list.bit() != 0
    }

    /// Whether token `k` starts with a capital: a name, or a sentence's first word.
    fn capitalized(&self, k: usize) -> bool {
        self.text[self.tokens[k].start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// The text between token `k - 1` and token `k`.
    fn gap(&self, k: usize) -> &str {
        &self.text[self.tokens[k - 1].end..self.tokens[k].start]
    }

    /// Whether the latest position `p` before token `first` is still in its clause (no
    /// clause break after it up to `first`).
    fn in_clause(&self, p: Option<usize>, first: usize) -> Option<usize> {
        p.filter(|&p| pos(self.at[first].brk).is_none_or(|b| b <= p))
    }

    /// A verb at `v` whose subject is the speaker ("we call on", "I believe", "this paper
    /// argues") reports nothing.
    fn first_person(&self, v: usize) -> bool {
        (v.saturating_sub(2)..v).any(|k| {
            self.is(k, List::FirstPerson)
                || (self.is(k, List::SelfRef) && k > 0 && self.is(k - 1, List::This))
        })
    }
}

/// A gap that ends a quotation: terminal or clause punctuation, then a closing quote mark.
fn closes_quote(gap: &str) -> bool {
    let mut prev = None;
    for c in gap.chars() {
        if matches!(c, '”' | '"' | '’') && matches!(prev, Some(',' | '.' | '?' | '!')) {
            return true;
        }
        if !c.is_whitespace() {
            prev = Some(c);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verbs_are_the_words_of_say_and_tail() {
        let all: Vec<&str> = lists::all_words()
            .chain(["", "said.", "SAID", "xyzzy"])
            .collect();
        for w in all {
            assert_eq!(
                is_speech_verb(w),
                SAY.contains(&w) || TAIL.contains(&w),
                "{w}"
            );
        }
        assert!(SAY
            .iter()
            .chain(TAIL)
            .all(|w| w.len() <= SPEECH_VERB_MAX_LEN));
        // The cue scan bounds its words by the actor lists, which hold the verbs of saying.
        const { assert!(SPEECH_VERB_MAX_LEN <= ACTOR_WORD_MAX_LEN) };
    }
}
