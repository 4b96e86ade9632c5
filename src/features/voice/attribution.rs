//! Whose word a frame term is: the reporting cues before it ("Tbilisi says", "accused
//! Moscow of", "what it calls", "according to X,") and the tail after it ("..., Gagloev
//! said"), read from the positions [`Voice::new`] indexed.

use super::lists::List;
use super::words::*;
use super::{pos, Voice};

/// How many capitalized words (a title and a name) may stand between a tail's break and
/// its verb of saying.
const LONG_SPEAKER: usize = 8;

/// How far before a quoted name a verb that only names may stand.
const QUOTED_NAME_WINDOW: usize = 28;

/// The verbs that only name ("calls", "dubbed", "termed", "brands", "labelled").
const DIRECT_NAMING: &[&str] = &["call", "dub", "term", "brand", "label"];

/// Words that open a new clause after a comma.
const CONJUNCTIONS: &[&str] = &[
    "and", "but", "while", "whereas", "although", "though", "yet", "as", "so", "when",
];

impl Voice<'_, '_> {
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

    /// After a verb of saying, in the same clause.
    fn after_say(&self, first: usize) -> bool {
        self.in_clause(pos(self.at[first].say), first).is_some()
    }

    /// After a verb of blame and its "of" / "for" ("accused Moscow of annexation").
    fn after_accuse(&self, first: usize) -> bool {
        let at = self.at[first];
        self.in_clause(pos(at.accuse), first)
            .is_some_and(|v| pos(at.charge).is_some_and(|c| c > v))
    }

    /// After a verb of viewing and the "as" / "to be" / compare-"to" of its view, in the
    /// same clause without a comma ("the Kremlin presents the work as marking a “state
    /// border”, language meant to make the annexation look routine": the annexation is
    /// the outlet's).
    fn after_view(&self, first: usize) -> bool {
        let at = self.at[first];
        self.in_clause(pos(at.view), first).is_some_and(|v| {
            pos(at.comma).is_none_or(|c| c <= v) && pos(at.view_link).is_some_and(|l| l > v)
        })
    }

    /// Within a few tokens after a verb that names its object ("calls them occupied"; not
    /// "calls on Russia", "called for talks"). A quoted name may stand further off, behind
    /// a long object ("Tbilisi calls the slow, village-by-village advance of fences along
    /// the line “borderisation”"): the quotes are the namer's, not the writer's scare
    /// quotes. Only a verb that does nothing but name reaches that far ("calls", "dubs";
    /// not "considered"), and a clause break or a comma before a conjunction ends it.
    fn after_name(&self, first: usize) -> bool {
        let names = |v: usize| {
            self.is(v, List::Name)
                && !self.first_person(v)
                && !matches!(
                    self.tokens.get(v + 1).map(|t| t.text),
                    Some("on" | "for" | "upon")
                )
        };
        if (first.saturating_sub(NAME_WINDOW)..first).any(names) {
            return true;
        }
        if first == 0 || !self.gap(first).contains(['“', '"', '‘']) {
            return false;
        }
        (first.saturating_sub(QUOTED_NAME_WINDOW)..first)
            .rev()
            .take_while(|&k| {
                let gap = self.gap(k + 1);
                let clause_break = gap.contains([';', ':', '—', '–', '(', '.'])
                    || (gap.contains(',') && CONJUNCTIONS.contains(&self.word(k + 1)));
                !clause_break
            })
            .any(|v| names(v) && DIRECT_NAMING.iter().any(|p| self.word(v).starts_with(p)))
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
        let at = self.at[first];
        pos(at.according).is_some_and(|v| pos(at.comma).is_some_and(|c| c > v))
    }

    /// "for Tbilisi ..." within six tokens before the term.
    /// Not "support for Georgia's territorial integrity": a possessive holder with no
    /// comma after its phrase owns a noun, it holds no view ("For Georgia's government,
    /// ..." does).
    fn in_view_of(&self, first: usize) -> bool {
        (first.saturating_sub(6)..first).any(|k| {
            self.word(k) == "for"
                && k + 1 < first
                && self.is(k + 1, List::ViewHolders)
                && (!self.possessive(k + 1) || (k + 2..=first).any(|j| self.gap(j).contains(',')))
        })
    }

    /// Whether token `k` stood with a possessive "'s" (which the tokenizer drops).
    fn possessive(&self, k: usize) -> bool {
        let rest = &self.text[self.tokens[k].end..];
        rest.starts_with("'s") || rest.starts_with("’s")
    }

    /// A short tail after the last comma or closing quote of the text, behind the term,
    /// holding a verb of saying that ends the sentence: "..., Gagloev said on Tuesday.",
    /// "“...,” said the minister.", "..., according to the ministry." Not the main verb of
    /// a subject that holds the term ("X, who heads the separatist government, said he
    /// hoped ...").
    fn before_tail(&self, last: usize) -> bool {
        let n = self.closing.max(self.opening);
        let Some(from) = self.final_break.filter(|&f| f > last) else {
            return false;
        };
        let len = n - from;
        // After a closed quotation the tail is the quote's attribution, however it is
        // worded ("a spokesman for the committee said in a written statement"); elsewhere
        // a long tail is more likely a clause of the text's own.
        let (max_len, max_after) = if self.final_quote { (14, 8) } else { (9, 5) };
        (from..n).any(|v| {
            let tail =
                self.is(v, List::Tail) || (self.agency_tails && self.is(v, List::AgencyTail));
            // A speaker named by a long title is still a speaker: "..., Russian Foreign
            // Ministry Spokeswoman Maria Zakharova said at a briefing on Thursday."
            let named = || {
                self.agency_tails
                    && v - from <= LONG_SPEAKER
                    && (from..v).all(|k| self.capitalized(k))
            };
            tail && n - v - 1 <= max_after && (v > from || len <= 4) && (len <= max_len || named())
        })
    }
}
