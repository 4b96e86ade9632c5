//! How one match becomes a [`FrameHit`]: the rules that read a matched term in its place.
//!
//! Finding where a term's tokens match is cheap and the same for every term; what the
//! match reports is not. Here overlapping matches are settled (longer entries first), a
//! surname is kept only behind a plain title, and the quotes, attribution, qualifiers and
//! neutral context around the match (read by [`crate::features::voice`]) decide its frame
//! and side, including the scare-quote flip the tagger's module documentation describes.

use super::token_search::{first_token_from, tokens_within};
use super::{FrameHit, FrameTagger, Tok, SCARE_QUOTE_MAX_TOKENS};
use crate::features::lexicon::TermKind;
use crate::features::voice::{QualifierTarget, Voice};
use crate::text::quotes::QuoteSpans;
use crate::text::Span;

impl FrameTagger<'_> {
    /// [`tag_candidates`](Self::tag_candidates) given every `(entry, token)` where the
    /// entry's tokens match, in any order (a caller with word ids finds them by id).
    pub fn tag_matches(
        &self,
        text: &str,
        tokens: &[Tok<'_>],
        quotes: &QuoteSpans,
        mut candidates: Vec<(usize, usize)>,
        lists: Option<&[u64]>,
    ) -> Vec<FrameHit> {
        let mut hits = Vec::new();
        if candidates.is_empty() {
            // Most sentences hold no term: the voice index is the dearest part of tagging.
            return hits;
        }
        let entries = self.lexicon.entries();
        let mut taken = vec![false; tokens.len()];
        // In the order the rule applies them: entries in lexicon order (longest first),
        // positions left to right.
        candidates.sort_unstable();
        let voice = Voice::new(text, tokens, lists).agency_tails(self.agency_tails);
        for (e, i) in candidates {
            let entry = &entries[e];
            let n = entry.tokens.len();
            if taken[i..i + n].iter().any(|&t| t) {
                continue;
            }
            // A de facto official's surname is a marker only behind a plain title, and the
            // hit then spans the title too ("President Anatoly Bibilov").
            let first_tok = match entry.kind {
                TermKind::Person => match voice.plain_title(i) {
                    Some(title) if !taken[title..i].iter().any(|&t| t) => title,
                    _ => continue,
                },
                _ => i,
            };
            let last_tok = i + n - 1;
            let (start, end) = (tokens[first_tok].start, tokens[last_tok].end);
            let span = quotes.enclosing(start, end);
            // The cue may stand before the opening quote: look before the quoted span.
            let first = span.map_or(first_tok, |s| {
                first_token_from(tokens, s.start).unwrap_or(first_tok)
            });
            let attributed = if entry.kind.is_name() {
                voice.named_by_other(first)
            } else {
                voice.attributed(first, last_tok)
            };
            // A quotation carried over a sentence end is speech, however little of it
            // this sentence holds.
            let short = |s: Span| {
                !quotes.is_carried(s) && tokens_within(tokens, s) <= SCARE_QUOTE_MAX_TOKENS
            };
            // Short quotes around the term, or around part of a name (the Abkhaz
            // “president”).
            let inner = if span.is_none() && entry.kind.is_name() {
                quotes.first_opening_within(start, end)
            } else {
                None
            };
            let in_short_quotes = span.is_some_and(short) || inner.is_some_and(short);
            let scare = !attributed && in_short_quotes;
            // A neutral phrase whose last word stands in scare quotes ("recognized the
            // “independence”") is the writer's distancing, not the neutral fact: the quoted
            // word is left to its own entry, which the quotes flip.
            if entry.stance == "neutral_wire"
                && n > 1
                && span.is_none()
                && quotes.first_opening_within(start, end).is_some_and(short)
            {
                continue;
            }
            if entry.kind == TermKind::ScareOnly && !scare {
                continue;
            }
            // "de facto President of Abkhazia", "the so-called Republic": the qualifier is
            // the marker, not the naming it qualifies.
            if entry.stance == "pro_tskhinvali" && !scare && voice.qualified(first_tok) {
                continue;
            }
            taken[first_tok..=last_tok]
                .iter_mut()
                .for_each(|t| *t = true);
            // A bare qualifier frames what it is put on (voice/target.rs).
            let target = (!scare)
                .then(|| voice.qualifier_target(first_tok, last_tok))
                .flatten();
            let neutral_context = voice.off_topic()
                || voice.neutral_context(first_tok, last_tok, &entry.frame, scare)
                || target == Some(QualifierTarget::Elsewhere)
                || (!scare && voice.about_elsewhere(first_tok, last_tok))
                // In the text's own voice only: a quoted "our country" is the speaker's,
                // whoever the article speaks for, and a word quoted as the other side's
                // ("marking a “state border”") names the regions' claim.
                || (span.is_none()
                    && !attributed
                    && !in_short_quotes
                    && voice.state_elsewhere(&entry.term));
            let doubted = !scare
                && target.is_none()
                && entry.stance == "georgian"
                && voice.doubted(first_tok);
            let (frame, stance) = match (scare, entry.frame.as_str(), entry.stance.as_str()) {
                _ if neutral_context => ("none", "neutral_wire"),
                _ if target == Some(QualifierTarget::GeorgiasTerm) || doubted => {
                    ("none", "pro_tskhinvali")
                }
                // Written for its scare-quoted sense: no flip.
                _ if entry.kind == TermKind::ScareOnly => {
                    (entry.frame.as_str(), entry.stance.as_str())
                }
                (true, "independent", _) => ("occupied", "georgian"),
                (true, "occupied", _) | (true, _, "georgian") => ("none", "pro_tskhinvali"),
                (true, _, "pro_tskhinvali") => ("none", "georgian"),
                // A scare-quoted neutral word (“border”, “leader”) distances the writer
                // from it as from an institution: the guide's Georgian scare quotes.
                (true, _, "neutral_wire") => ("occupied", "georgian"),
                (_, f, s) => (f, s),
            };
            hits.push(FrameHit {
                term: entry.term.clone(),
                matched: text[start..end].to_string(),
                start,
                end,
                frame: frame.to_string(),
                stance: stance.to_string(),
                quoted: span.is_some(),
                scare_quoted: scare,
                attributed,
                neutral_context,
            });
        }
        hits.sort_by_key(|h| h.start);
        hits
    }
}
