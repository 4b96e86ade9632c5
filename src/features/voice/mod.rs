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
mod words;

use super::tagger::Tok;
use words::*;

/// Whether `w` (lowercase) is a verb of saying, for the article head's cues.
pub fn is_speech_verb(w: &str) -> bool {
    SAY.contains(&w) || TAIL.contains(&w)
}

/// The tokens of one text, read for voice and target.
pub(crate) struct Voice<'t, 'a> {
    text: &'t str,
    tokens: &'t [Tok<'a>],
}

impl<'t, 'a> Voice<'t, 'a> {
    pub fn new(text: &'t str, tokens: &'t [Tok<'a>]) -> Self {
        Voice { text, tokens }
    }

    fn word(&self, i: usize) -> &str {
        self.tokens[i].text
    }

    fn is(&self, i: usize, set: &[&str]) -> bool {
        set.contains(&self.word(i))
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

    /// A verb at `v` whose subject is the speaker ("we call on", "I believe") reports
    /// nothing.
    fn first_person(&self, v: usize) -> bool {
        (v.saturating_sub(2)..v).any(|k| {
            self.is(k, FIRST_PERSON) || (self.is(k, SELF) && k > 0 && self.word(k - 1) == "this")
        })
    }

    /// Whether a clause break stands between tokens `a` and `b` (`a < b`): a semicolon,
    /// a colon, a dash, or a comma before "while", "whereas", "but", "yet". A report ends
    /// there ("Tbilisi regards them as occupied, while Moscow ...").
    fn clause_break(&self, a: usize, b: usize) -> bool {
        (a + 1..=b).any(|k| {
            let gap = &self.text[self.tokens[k - 1].end..self.tokens[k].start];
            gap.contains([';', ':', '—', '–'])
                || (gap.contains(',')
                    && matches!(self.word(k), "while" | "whereas" | "but" | "yet"))
        })
    }

    /// After a verb of saying, in the same clause.
    fn after_say(&self, first: usize) -> bool {
        (0..first).any(|v| self.is(v, SAY) && !self.first_person(v) && !self.clause_break(v, first))
    }

    /// After a verb of blame and its "of" / "for" ("accused Moscow of annexation"), or
    /// the "as" of a condemnation ("condemned the treaty as annexation").
    fn after_accuse(&self, first: usize) -> bool {
        (0..first).any(|v| {
            self.is(v, ACCUSE)
                && !self.first_person(v)
                && !self.clause_break(v, first)
                && (v + 1..first).any(|k| matches!(self.word(k), "of" | "for" | "as"))
        })
    }

    /// After a verb of viewing and the "as" / "to be" / "to" of its view, in the same
    /// clause without a comma ("the Kremlin presents the work as marking a “state border”,
    /// language meant to make the annexation look routine": the annexation is the
    /// outlet's).
    fn after_view(&self, first: usize) -> bool {
        (0..first).any(|v| {
            self.is(v, VIEW)
                && !self.first_person(v)
                && !self.clause_break(v, first)
                && !self.text[self.tokens[v].end..self.tokens[first].start].contains(',')
                && (v + 1..first).any(|k| {
                    self.word(k) == "as"
                        || (self.word(k) == "to" && self.is(v, COMPARE))
                        || (self.word(k) == "be" && k > v + 1)
                })
        })
    }

    /// Within a few tokens after a verb that names its object ("calls them occupied"; not
    /// "calls on Russia", "called for talks").
    fn after_name(&self, first: usize) -> bool {
        (first.saturating_sub(NAME_WINDOW)..first).any(|v| {
            self.is(v, NAME)
                && !self.first_person(v)
                && !matches!(
                    self.tokens.get(v + 1).map(|t| t.text),
                    Some("on" | "for" | "upon")
                )
        })
    }

    /// After "talks of", "spoke about", "tell ... about" (within the same clause).
    fn after_speak(&self, first: usize) -> bool {
        (first.saturating_sub(6)..first).any(|v| {
            self.is(v, SPEAK)
                && !self.first_person(v)
                && !self.clause_break(v, first)
                && (v + 1..first).any(|k| matches!(self.word(k), "of" | "about"))
        })
    }

    /// After "according to X," — not inside X itself ("according to the de facto
    /// authorities" is the outlet's own description of its source).
    fn after_according(&self, first: usize) -> bool {
        (0..first).any(|v| {
            self.word(v) == "according"
                && self.text[self.tokens[v].end..self.tokens[first].start].contains(',')
        })
    }

    /// "for Tbilisi ..." within six tokens before the term.
    fn in_view_of(&self, first: usize) -> bool {
        (first.saturating_sub(6)..first)
            .any(|k| self.word(k) == "for" && k + 1 < first && self.is(k + 1, VIEW_HOLDERS))
    }

    /// A short tail after the last comma or closing quote following the term, holding a
    /// verb of saying that ends the sentence: "..., Gagloev said on Tuesday.", "“...,” said
    /// the minister.", "..., according to the ministry." Not the main verb of a subject
    /// that holds the term ("X, who heads the separatist government, said he hoped ...").
    fn before_tail(&self, last: usize) -> bool {
        let n = self.tokens.len();
        let end = self.tokens[last].end;
        // The first token after the last break (comma, closing quote, dash) behind the term.
        let Some(from) = (last + 1..n).rev().find(|&k| {
            let gap_start = self.tokens[k - 1].end.max(end);
            self.text[gap_start..self.tokens[k].start].contains([',', '”', '"', ';', '—', '–'])
        }) else {
            return false;
        };
        let len = n - from;
        (from..n).any(|v| self.is(v, TAIL) && n - v - 1 <= 5 && (v > from || len <= 4) && len <= 9)
    }
}
