//! The frame-term tagger: every lexicon term found in a text, where, with which frame, and
//! whether it stood in quotes.
//!
//! Matching is on tokens, not raw strings, so "Occupied" and "occupied," match alike and
//! "occupation" does not fire inside "de-occupation". Longer terms win ("occupation line"
//! over "occupation"). A term alone in short quotes (at most [`SCARE_QUOTE_MAX_TOKENS`]
//! tokens) is a scare quote and flips: “independence” carries `occupied` (the guide's rule),
//! and a scare-quoted Georgian term (“occupation”) distances from it, so it signals
//! `pro_tskhinvali` with no frame. A term inside a long quotation is the speaker's voice:
//! it keeps its frame but is reported `quoted`, so callers can discount it.
//!
//! The tagger reads in two steps. This file finds where terms match: [`FrameTagger::tag`]
//! tokenizes, and each entry point below it takes more of the work as already done by the
//! caller. `hit_rules` then reads each match in its place (which of overlapping matches
//! stands, the quotes around it, whose voice it is, what it is about) and decides the
//! frame and side it reports.

use serde::{Deserialize, Serialize};

use super::config::FeatureConfig;
use super::lexicon::Lexicon;
use crate::text::quotes::QuoteSpans;
use crate::text::Tokenizer;

mod hit_rules;
mod token_search;

#[cfg(test)]
mod target_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod voice_tests;

/// Quoted spans up to this many tokens are scare quotes rather than quotations.
pub const SCARE_QUOTE_MAX_TOKENS: usize = 4;

/// One frame term found in a text. Offsets are bytes into the text that was tagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameHit {
    /// The lexicon term that matched.
    pub term: String,
    /// The text as it appeared.
    pub matched: String,
    pub start: usize,
    pub end: usize,
    /// The frame the term carries here, after the scare-quote rule.
    pub frame: String,
    /// The side the term signals here, after the scare-quote rule.
    pub stance: String,
    /// Inside quotation marks of any length.
    pub quoted: bool,
    /// Inside short quotes that distance the writer from the word.
    pub scare_quoted: bool,
    /// Introduced as someone else's word ("spoke of", "what it calls", "Tbilisi says ...",
    /// "..., Gagloev said"): the holder's voice, not the text's. Such a hit keeps its frame
    /// but is not scare-quote flipped.
    pub attributed: bool,
    /// About something other than the regions' status: the fact of recognition ("Russia
    /// recognised their independence"), another country ("Georgia's sovereignty", "occupied
    /// Crimea"), a building protesters occupied. Reported with no frame, `neutral_wire`.
    #[serde(default)]
    pub neutral_context: bool,
}

/// A token as the tagger sees it: lowercase text and byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Finds lexicon terms in text.
#[derive(Debug)]
pub struct FrameTagger<'a> {
    lexicon: &'a Lexicon,
    tokenizer: Tokenizer,
    carry_quotes: bool,
    agency_tails: bool,
}

impl<'a> FrameTagger<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Self {
            lexicon,
            tokenizer: Tokenizer::new(false),
            carry_quotes: true,
            agency_tails: true,
        }
    }

    /// The tagger as a model with feature settings `config` reads: its quotation reading
    /// (`cross_sentence_quotes`) and its tail verbs (`agency_tails`), each off in models
    /// saved before it, which then score as they did. [`new`](Self::new) reads with both.
    pub fn for_features(lexicon: &'a Lexicon, config: &FeatureConfig) -> Self {
        Self::new(lexicon)
            .carry_quotes(config.cross_sentence_quotes)
            .agency_tails(config.agency_tails)
    }

    /// With `false`, only the tail verbs of the models saved before `agency_tails` ("said",
    /// "told", "added" ...) attribute what came before them; with `true` (the default), a
    /// news agency's too ("stressed", "noted") and a speaker named by a long title.
    pub fn agency_tails(mut self, on: bool) -> Self {
        self.agency_tails = on;
        self
    }

    /// With `false`, quotes are what each sentence opens and closes itself, as a model
    /// trained without `cross_sentence_quotes` read them.
    pub fn carry_quotes(mut self, carry: bool) -> Self {
        self.carry_quotes = carry;
        self.tokenizer = self.tokenizer.carry_quotes(carry);
        self
    }

    /// Whether `text` names one of the regions (a word of
    /// `crate::features::voice`'s region list), as the voice rules read its tokens.
    pub fn names_a_region(&self, text: &str) -> bool {
        self.any_token(text, super::voice::is_region_word)
    }

    /// Whether any token of `text` is one `is` accepts (scanned without a token list).
    fn any_token(&self, text: &str, is: impl Fn(&str) -> bool) -> bool {
        let mut found = false;
        self.tokenizer.scan(text, &mut String::new(), |w, _, _, _| {
            found = found || is(w)
        });
        found
    }

    /// Whether `text`, whose hits are `hits`, puts its article in this conflict: it names a
    /// region, a town, its people or Georgia, or holds a de facto official behind a plain
    /// title; with `conflict_words`, also a word only this conflict uses or a de facto
    /// official's surname, title or not. "South Georgia" is the island in the South
    /// Atlantic, not the country: a post on the Falklands war that named it was read as on
    /// topic and its "so-called" as Georgian.
    pub fn names_the_conflict(&self, text: &str, hits: &[FrameHit], conflict_words: bool) -> bool {
        let person = |h: &FrameHit| {
            self.lexicon
                .entries()
                .iter()
                .any(|e| e.term == h.term && e.kind == super::lexicon::TermKind::Person)
        };
        let named = |w: &str| {
            super::voice::is_topic_word(w)
                || (conflict_words
                    && (super::voice::is_conflict_word(w) || self.lexicon.is_person_name(w)))
        };
        if hits.iter().any(person) {
            return true;
        }
        let (mut found, mut after_south) = (false, false);
        self.tokenizer.scan(text, &mut String::new(), |w, _, _, _| {
            let island = after_south && is_georgia(w);
            found = found || (!island && named(w));
            after_south = w == "south";
        });
        found
    }

    /// All non-overlapping lexicon hits in `text`, in order of position.
    pub fn tag(&self, text: &str) -> Vec<FrameHit> {
        let tokens = self.tokenizer.tokenize(text);
        let toks: Vec<Tok<'_>> = tokens
            .iter()
            .map(|t| Tok {
                text: &t.text,
                start: t.start,
                end: t.end,
            })
            .collect();
        self.tag_tokens(text, &toks, &QuoteSpans::of_with(text, self.carry_quotes))
    }

    /// [`tag`](Self::tag) on tokens already at hand: `tokens` must be `text`'s unstemmed
    /// tokens and `quotes` its quoted spans.
    pub fn tag_tokens(&self, text: &str, tokens: &[Tok<'_>], quotes: &QuoteSpans) -> Vec<FrameHit> {
        let all: Vec<usize> = (0..self.lexicon.entries().len()).collect();
        let starts: Vec<(usize, &[usize])> = (0..tokens.len())
            .map(|i| {
                (
                    i,
                    self.lexicon.starting_with(tokens[i].text).unwrap_or(&all),
                )
            })
            .collect();
        self.tag_candidates(text, tokens, quotes, &starts, None)
    }

    /// [`tag_tokens`](Self::tag_tokens) given, for the tokens where a term may start,
    /// the entries to try there (from [`Lexicon::starting_with`]); other tokens start none.
    /// `lists`, when given, holds each token's voice word lists (from the n-gram index),
    /// which the voice rules would otherwise look up by its text.
    pub fn tag_candidates(
        &self,
        text: &str,
        tokens: &[Tok<'_>],
        quotes: &QuoteSpans,
        starts: &[(usize, &[usize])],
        lists: Option<&[u64]>,
    ) -> Vec<FrameHit> {
        // Every (entry, position) where the entry's tokens match.
        let entries = self.lexicon.entries();
        let matches_at = |e: usize, i: usize| {
            let want = &entries[e].tokens;
            i + want.len() <= tokens.len()
                && tokens[i..i + want.len()]
                    .iter()
                    .zip(want)
                    .all(|(t, w)| t.text == w)
        };
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for &(i, es) in starts {
            candidates.extend(es.iter().filter(|&&e| matches_at(e, i)).map(|&e| (e, i)));
        }
        self.tag_matches(text, tokens, quotes, candidates, lists)
    }
}

/// "georgia" or its possessive, a lowercase token.
fn is_georgia(w: &str) -> bool {
    let name = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    name == "georgia"
}
