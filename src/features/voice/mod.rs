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

mod context;
mod lists;
mod target;
pub use target::QualifierTarget;
mod words;

use super::tagger::Tok;
use lists::{lists_of, List};
use words::*;

/// Whether `w` (lowercase) is a verb of saying, for the article head's cues.
pub fn is_speech_verb(w: &str) -> bool {
    SAY.contains(&w) || TAIL.contains(&w)
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
    /// Per token: the word lists it belongs to ([`List::bit`]).
    lists: Vec<u32>,
    /// Per token `k`: the latest token `j <= k` with a clause break in the gap before it.
    last_break: Vec<Option<usize>>,
    /// Per token `k`: the latest token `j <= k` with a comma in the gap before it.
    last_comma: Vec<Option<usize>>,
    /// Per token `k`: the latest verb of saying (not in the first person) before `k`.
    last_say: Vec<Option<usize>>,
    last_accuse: Vec<Option<usize>>,
    last_view: Vec<Option<usize>>,
    last_according: Vec<Option<usize>>,
    /// Per token `k`: the latest "as" / "of" / "for" before `k` (the complement of a view
    /// or a charge), and the latest "as" / compare-"to" / "be".
    last_charge: Vec<Option<usize>>,
    last_view_link: Vec<Option<usize>>,
    /// The first token after the last break (comma, closing quote, dash) of the text.
    final_break: Option<usize>,
    /// Whether that break closes a quotation ("...,” the committee said ...").
    final_quote: bool,
}

impl<'t, 'a> Voice<'t, 'a> {
    pub fn new(text: &'t str, tokens: &'t [Tok<'a>]) -> Self {
        let mut v = Voice {
            text,
            tokens,
            lists: tokens.iter().map(|t| lists_of(t.text)).collect(),
            last_break: Vec::with_capacity(tokens.len()),
            last_comma: Vec::with_capacity(tokens.len()),
            last_say: Vec::with_capacity(tokens.len()),
            last_accuse: Vec::with_capacity(tokens.len()),
            last_view: Vec::with_capacity(tokens.len()),
            last_according: Vec::with_capacity(tokens.len()),
            last_charge: Vec::with_capacity(tokens.len()),
            last_view_link: Vec::with_capacity(tokens.len()),
            final_break: None,
            final_quote: false,
        };
        let n = tokens.len();
        let verbs = List::Say.bit() | List::Accuse.bit() | List::View.bit();
        let (mut brk, mut comma) = (None, None);
        let (mut say, mut accuse, mut view, mut according) = (None, None, None, None);
        let (mut charge, mut link) = (None, None);
        for k in 0..n {
            if k > 0 {
                let gap = v.gap(k);
                if gap.contains([';', ':', '—', '–'])
                    || (gap.contains(',')
                        && matches!(v.word(k), "while" | "whereas" | "but" | "yet"))
                {
                    brk = Some(k);
                }
                if gap.contains(',') {
                    comma = Some(k);
                }
                if gap.contains([',', '”', '"', ';', '—', '–']) {
                    let quote = closes_quote(gap);
                    v.final_break = Some(k);
                    v.final_quote = quote;
                }
            }
            v.last_break.push(brk);
            v.last_comma.push(comma);
            // Verbs before k: pushed before k's own word is looked at.
            v.last_say.push(say);
            v.last_accuse.push(accuse);
            v.last_view.push(view);
            v.last_according.push(according);
            v.last_charge.push(charge);
            v.last_view_link.push(link);
            // Only a verb asks whether its subject is the speaker.
            let own = v.lists[k] & verbs != 0 && !v.first_person(k);
            if v.is(k, List::Say) && own {
                say = Some(k);
            }
            if v.is(k, List::Accuse) && own {
                accuse = Some(k);
            }
            if v.is(k, List::View) && own {
                view = Some(k);
            }
            if v.word(k) == "according" {
                according = Some(k);
            }
            if matches!(v.word(k), "as" | "of" | "for") {
                charge = Some(k);
            }
            let compare_to = v.word(k) == "to" && view.is_some_and(|j| v.is(j, List::Compare));
            let be = v.word(k) == "be" && view.is_some_and(|j| k > j + 1);
            if v.word(k) == "as" || compare_to || be {
                link = Some(k);
            }
        }
        v
    }

    fn word(&self, i: usize) -> &str {
        self.tokens[i].text
    }

    fn is(&self, i: usize, list: List) -> bool {
        self.lists[i] & list.bit() != 0
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
        p.filter(|&p| self.last_break[first].is_none_or(|b| b <= p))
    }

    /// Whether the term at tokens `[first, last]` (`first` at the opening quote when it
    /// stands in quotes) is someone else's word.
    pub fn attributed(&self, first: usize, last: usize) -> bool {
        self.after_say(first)
            || self.after_accuse(first)
            || self.after_view(first)
            || self.after_name(first)
            || self.after_speak(first)
            || self.after_according(first)
            || self.before_tail(last)
            || self.in_view_of(first)
    }

    /// Whether a name or descriptor at tokens `[first, ..]` is given as someone else's
    /// name for a thing: "who call the district Leningor", "described the crisis as an
    /// internal affair of the occupation regime". A report of what they said about it
    /// ("according to the de facto authorities") leaves the name the outlet's own.
    pub fn named_by_other(&self, first: usize) -> bool {
        self.after_view(first) || self.after_name(first)
    }

    /// A verb at `v` whose subject is the speaker ("we call on", "I believe", "this paper
    /// argues") reports nothing.
    fn first_person(&self, v: usize) -> bool {
        (v.saturating_sub(2)..v).any(|k| {
            self.is(k, List::FirstPerson)
                || (self.is(k, List::SelfRef) && k > 0 && self.word(k - 1) == "this")
        })
    }

    /// After a verb of saying, in the same clause.
    fn after_say(&self, first: usize) -> bool {
        self.in_clause(self.last_say[first], first).is_some()
    }

    /// After a verb of blame and its "of" / "for" ("accused Moscow of annexation").
    fn after_accuse(&self, first: usize) -> bool {
        self.in_clause(self.last_accuse[first], first)
            .is_some_and(|v| self.last_charge[first].is_some_and(|c| c > v))
    }

    /// After a verb of viewing and the "as" / "to be" / compare-"to" of its view, in the
    /// same clause without a comma ("the Kremlin presents the work as marking a “state
    /// border”, language meant to make the annexation look routine": the annexation is
    /// the outlet's).
    fn after_view(&self, first: usize) -> bool {
        self.in_clause(self.last_view[first], first)
            .is_some_and(|v| {
                self.last_comma[first].is_none_or(|c| c <= v)
                    && self.last_view_link[first].is_some_and(|l| l > v)
            })
    }

    /// Within a few tokens after a verb that names its object ("calls them occupied"; not
    /// "calls on Russia", "called for talks").
    fn after_name(&self, first: usize) -> bool {
        (first.saturating_sub(NAME_WINDOW)..first).any(|v| {
            self.is(v, List::Name)
                && !self.first_person(v)
                && !matches!(
                    self.tokens.get(v + 1).map(|t| t.text),
                    Some("on" | "for" | "upon")
                )
        })
    }

    /// After "talks of", "spoke about", "tell ... about" (within a few tokens, same clause).
    fn after_speak(&self, first: usize) -> bool {
        (first.saturating_sub(6)..first).any(|v| {
            self.is(v, List::Speak)
                && !self.first_person(v)
                && self.in_clause(Some(v), first).is_some()
                && (v + 1..first).any(|k| matches!(self.word(k), "of" | "about"))
        })
    }

    /// After "according to X," — not inside X itself ("according to the de facto
    /// authorities" is the outlet's own description of its source).
    fn after_according(&self, first: usize) -> bool {
        self.last_according[first].is_some_and(|v| self.last_comma[first].is_some_and(|c| c > v))
    }

    /// "for Tbilisi ..." within six tokens before the term.
    fn in_view_of(&self, first: usize) -> bool {
        (first.saturating_sub(6)..first)
            .any(|k| self.word(k) == "for" && k + 1 < first && self.is(k + 1, List::ViewHolders))
    }

    /// A short tail after the last comma or closing quote of the text, behind the term,
    /// holding a verb of saying that ends the sentence: "..., Gagloev said on Tuesday.",
    /// "“...,” said the minister.", "..., according to the ministry." Not the main verb of
    /// a subject that holds the term ("X, who heads the separatist government, said he
    /// hoped ...").
    fn before_tail(&self, last: usize) -> bool {
        let n = self.tokens.len();
        let Some(from) = self.final_break.filter(|&f| f > last) else {
            return false;
        };
        let len = n - from;
        // After a closed quotation the tail is the quote's attribution, however it is
        // worded ("a spokesman for the committee said in a written statement"); elsewhere
        // a long tail is more likely a clause of the text's own.
        let (max_len, max_after) = if self.final_quote { (14, 8) } else { (9, 5) };
        (from..n).any(|v| {
            self.is(v, List::Tail)
                && n - v - 1 <= max_after
                && (v > from || len <= 4)
                && len <= max_len
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
