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

use serde::{Deserialize, Serialize};

use super::lexicon::{Lexicon, TermKind};
use super::voice::{QualifierTarget, Voice};
use crate::text::quotes::QuoteSpans;
use crate::text::{Span, Tokenizer};

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
}

impl<'a> FrameTagger<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Self {
            lexicon,
            tokenizer: Tokenizer::new(false),
            carry_quotes: true,
        }
    }

    /// With `false`, quotes are what each sentence opens and closes itself, as a model
    /// trained without `cross_sentence_quotes` read them.
    pub fn carry_quotes(mut self, carry: bool) -> Self {
        self.carry_quotes = carry;
        self.tokenizer = self.tokenizer.carry_quotes(carry);
        self
    }

    /// Whether `text` names one of the regions (a word of
    /// [`crate::features::voice`]'s region list), as the voice rules read its tokens.
    pub fn names_a_region(&self, text: &str) -> bool {
        self.tokenizer
            .tokenize(text)
            .iter()
            .any(|t| super::voice::is_region_word(&t.text))
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
        let voice = Voice::new(text, tokens, lists);
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
            let neutral_context = voice.neutral_context(first_tok, last_tok, &entry.frame, scare)
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

/// The first token starting at or after byte `at`. Tokens are in text order and do not
/// overlap, so starts (and ends) are sorted: a binary search, where a scan per hit made
/// tagging quadratic on text full of quoted terms.
fn first_token_from(tokens: &[Tok<'_>], at: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.start < at);
    (i < tokens.len()).then_some(i)
}

/// How many tokens lie wholly inside `span` (binary searches, as in [`first_token_from`]).
fn tokens_within(tokens: &[Tok<'_>], span: Span) -> usize {
    let from = tokens.partition_point(|t| t.start < span.start);
    let to = tokens.partition_point(|t| t.end <= span.end);
    to.saturating_sub(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::lexicon::LexiconEntry;

    fn lexicon() -> Lexicon {
        let e = |term: &str, frame: &str, stance: &str| LexiconEntry {
            term: term.into(),
            frame: frame.into(),
            stance: stance.into(),
            kind: Default::default(),
            tokens: vec![],
        };
        Lexicon::new(vec![
            e("occupied", "occupied", "georgian"),
            e("occupation", "occupied", "georgian"),
            e("occupation line", "occupied", "georgian"),
            e("independence", "independent", "pro_tskhinvali"),
            e("Republic of South Ossetia", "independent", "pro_tskhinvali"),
            e("breakaway", "none", "neutral_wire"),
        ])
    }

    #[test]
    fn longest_term_wins_and_offsets_point_into_text() {
        let lex = lexicon();
        let t = "Detained near the Occupation Line, in occupied Akhalgori.";
        let hits = FrameTagger::new(&lex).tag(t);
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (h.term.as_str(), &t[h.start..h.end]))
            .collect();
        assert_eq!(
            found,
            vec![
                ("occupation line", "Occupation Line"),
                ("occupied", "occupied")
            ]
        );
    }

    #[test]
    fn scare_quoted_independence_is_occupied() {
        let lex = lexicon();
        let hits = FrameTagger::new(&lex).tag("Russia recognised the region’s “independence”.");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].frame, "occupied");
        assert_eq!(hits[0].stance, "georgian");
        assert!(hits[0].quoted && hits[0].scare_quoted);
    }

    #[test]
    fn plain_independence_is_independent_and_long_quotes_keep_frame() {
        let lex = lexicon();
        let tagger = FrameTagger::new(&lex);
        let plain = tagger.tag("The Republic of South Ossetia marked its independence.");
        assert!(plain.iter().all(|h| h.frame == "independent" && !h.quoted));
        assert_eq!(plain.len(), 2);
        let speech = tagger.tag("He said “we will defend our independence for ever and ever”.");
        assert_eq!(speech[0].frame, "independent");
        assert!(speech[0].quoted && !speech[0].scare_quoted);
    }

    #[test]
    fn reported_words_are_attributed_not_scare_quoted() {
        let lex = lexicon();
        let tagger = FrameTagger::new(&lex);
        let h = tagger.tag("The Georgian delegation spoke of “occupation” again.");
        assert!(h[0].attributed && h[0].quoted && !h[0].scare_quoted);
        assert_eq!(
            (h[0].frame.as_str(), h[0].stance.as_str()),
            ("occupied", "georgian")
        );
        let h = tagger.tag("He crossed what Tbilisi calls the occupation line.");
        assert!(h[0].attributed && !h[0].quoted);
        let h = tagger.tag("The region’s “independence” is a fiction.");
        assert!(!h[0].attributed && h[0].scare_quoted);
        let h = tagger.tag("Ten of the occupied villages were cut off.");
        assert!(!h[0].attributed, "a bare `of` is not a report");
    }

    fn voice_lexicon() -> Lexicon {
        let e = |term: &str, frame: &str, stance: &str, kind: TermKind| LexiconEntry {
            term: term.into(),
            frame: frame.into(),
            stance: stance.into(),
            kind,
            tokens: vec![],
        };
        Lexicon::new(vec![
            e("occupied", "occupied", "georgian", TermKind::Term),
            e("occupation", "occupied", "georgian", TermKind::Term),
            e(
                "independence",
                "independent",
                "pro_tskhinvali",
                TermKind::Term,
            ),
            e(
                "sovereignty",
                "independent",
                "pro_tskhinvali",
                TermKind::Term,
            ),
            e("de facto", "occupied", "georgian", TermKind::Naming),
            e("Leningor", "none", "pro_tskhinvali", TermKind::Naming),
            e(
                "President of Abkhazia",
                "none",
                "pro_tskhinvali",
                TermKind::Naming,
            ),
            e("guarantor", "none", "pro_tskhinvali", TermKind::Term),
            e(
                "independent state",
                "independent",
                "pro_tskhinvali",
                TermKind::Term,
            ),
            e(
                "recognized the independence",
                "none",
                "neutral_wire",
                TermKind::Term,
            ),
            e("elections", "occupied", "georgian", TermKind::ScareOnly),
            e("Bibilov", "none", "pro_tskhinvali", TermKind::Person),
        ])
    }

    /// (matched, stance, attributed, neutral_context) of every hit.
    fn voices(text: &str) -> Vec<(String, String, bool, bool)> {
        let lex = voice_lexicon();
        FrameTagger::new(&lex)
            .tag(text)
            .into_iter()
            .map(|h| (h.matched, h.stance, h.attributed, h.neutral_context))
            .collect()
    }

    fn hit(m: &str, stance: &str, attributed: bool, neutral: bool) -> (String, String, bool, bool) {
        (m.into(), stance.into(), attributed, neutral)
    }

    #[test]
    fn claims_after_a_verb_of_saying_or_a_view_are_attributed() {
        assert_eq!(
            voices("Georgia and its allies say the regions are occupied."),
            vec![hit("occupied", "georgian", true, false)]
        );
        assert_eq!(
            voices("Tbilisi regards the two regions as occupied by Russia."),
            vec![hit("occupied", "georgian", true, false)]
        );
        assert_eq!(
            voices("Russia is the only guarantor of peace, Gagloev said on Tuesday."),
            vec![hit("guarantor", "pro_tskhinvali", true, false)]
        );
        // A closed quotation's attribution may be long; without the quotation a long
        // tail stays the text's own clause.
        assert_eq!(
            voices("“The occupation must end,” a spokesman for the ministry said in a written statement."),
            vec![hit("occupation", "georgian", true, false)]
        );
        assert_eq!(
            voices("The occupation must end, and a spokesman for the ministry said so in a written statement."),
            vec![hit("occupation", "georgian", false, false)]
        );
        // The speaker's own words, and a clause after the report ends.
        assert_eq!(
            voices("We call on Russia to end the occupation."),
            vec![hit("occupation", "georgian", false, false)]
        );
        assert_eq!(
            voices("Tbilisi talks of talks; the occupation goes on."),
            vec![hit("occupation", "georgian", false, false)]
        );
    }

    #[test]
    fn names_stay_the_outlets_own_inside_a_report_unless_named_as_someone_elses() {
        assert_eq!(
            voices("Ten men were detained, according to the de facto authorities."),
            vec![hit("de facto", "georgian", false, false)]
        );
        assert_eq!(
            voices("The authorities, who call the district Leningor, settled families there."),
            vec![hit("Leningor", "pro_tskhinvali", true, false)]
        );
    }

    #[test]
    fn other_countries_and_the_recognition_fact_are_neutral_context() {
        assert_eq!(
            voices("NATO said it violated Georgia's sovereignty."),
            vec![hit("sovereignty", "neutral_wire", true, true)]
        );
        assert_eq!(
            voices("Moscow recognised their independence in 2008."),
            vec![hit("independence", "neutral_wire", false, true)]
        );
        assert_eq!(
            voices("Russian forces occupied Crimea in 2014."),
            vec![hit("occupied", "neutral_wire", false, true)]
        );
        assert_eq!(
            voices("Protesters occupied the parliament building in Sukhumi."),
            vec![hit("occupied", "neutral_wire", false, true)]
        );
        // Scare quotes are the writer's own: the recognition fact does not excuse them.
        let h = voices("No state followed Moscow in recognising the region's “independence”.");
        assert_eq!(h, vec![hit("independence", "georgian", false, false)]);
    }

    #[test]
    fn plain_titles_scare_only_words_and_qualified_names() {
        assert_eq!(
            voices("President Anatoly Bibilov opened the session."),
            vec![hit(
                "President Anatoly Bibilov",
                "pro_tskhinvali",
                false,
                false
            )]
        );
        assert!(voices("Bibilov opened the session.").is_empty());
        assert_eq!(
            voices("The de facto President of Abkhazia spoke first."),
            vec![hit("de facto", "georgian", false, false)]
        );
        assert!(voices("The elections were held in May.").is_empty());
        assert_eq!(
            voices("The “elections” were held in May."),
            vec![hit("elections", "georgian", false, false)]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The binary searches give what the scans of every token they replaced gave.
        #[test]
        fn token_searches_answer_as_the_scans(
            text in "[a-c “”\"]{0,60}",
            at in 0usize..70,
            len in 0usize..20,
        ) {
            let tokens = Tokenizer::new(false).tokenize(&text);
            let toks: Vec<Tok<'_>> = tokens
                .iter()
                .map(|t| Tok { text: &t.text, start: t.start, end: t.end })
                .collect();
            let span = Span { start: at, end: at + len };
            proptest::prop_assert_eq!(
                first_token_from(&toks, at),
                toks.iter().position(|t| t.start >= at)
            );
            proptest::prop_assert_eq!(
                tokens_within(&toks, span),
                toks.iter().filter(|t| t.start >= span.start && t.end <= span.end).count()
            );
        }
    }

    /// Real wire copy quotes over several sentences; the segmenter cuts the quotation, so a
    /// sentence may close a quote it did not open or open one it does not close. Its terms
    /// are the speaker's, and a short tail of a quotation is not a scare quote.
    #[test]
    fn a_quotation_cut_at_a_sentence_end_is_speech() {
        let lex = lexicon();
        let tagger = FrameTagger::new(&lex);
        for t in [
            "We will help the Republic of South Ossetia,” Lavrov said.",
            "We respect their independence.\" He left.",
            "“The Republic of South Ossetia is recognized by us.",
            "Lavrov added: \"We respect their independence.",
        ] {
            let h = tagger.tag(t);
            assert_eq!(h.len(), 1, "{t}");
            assert!(h[0].quoted && !h[0].scare_quoted, "{t}");
            assert_eq!(h[0].frame, "independent", "{t}");
        }
        // Two words of a quotation's tail are not scare quotes: no flip.
        let h = tagger.tag("Their independence.” The talks ended.");
        assert!(h[0].quoted && !h[0].scare_quoted);
        assert_eq!(h[0].stance, "pro_tskhinvali");
    }

    #[test]
    fn independence_wanted_georgias_own_or_the_victims_frames_nothing() {
        for t in [
            "Voters overwhelmingly backed independence from Georgia.",
            "The referendum on independence was held in 2006.",
            "At that time, Georgia defended its independence against Russia.",
        ] {
            assert_eq!(
                voices(t),
                vec![hit("independence", "neutral_wire", false, true)],
                "{t}"
            );
        }
        assert_eq!(
            voices("It was an act of aggression by Russia against an independent state."),
            vec![hit("independent state", "neutral_wire", false, true)]
        );
        // The region's own: still a marker.
        assert_eq!(
            voices("Georgian aggression against South Ossetia, an independent state."),
            vec![hit("independent state", "pro_tskhinvali", false, false)]
        );
        assert_eq!(
            voices("South Ossetia celebrates its independence."),
            vec![hit("independence", "pro_tskhinvali", false, false)]
        );
    }

    #[test]
    fn scare_quotes_inside_a_neutral_phrase_and_doubted_occupation() {
        let lex = voice_lexicon();
        let tagger = FrameTagger::new(&lex);
        // "recognized the independence" is a neutral fact; with the word scare-quoted it
        // is the writer's distancing.
        let h = tagger.tag("Moscow recognized the \"independence\" of these regions.");
        assert_eq!(h.len(), 1);
        assert_eq!(
            (h[0].stance.as_str(), h[0].frame.as_str()),
            ("georgian", "occupied")
        );
        let h = tagger.tag("Moscow recognized the independence of these regions.");
        assert_eq!(
            (h[0].stance.as_str(), h[0].frame.as_str()),
            ("neutral_wire", "none")
        );
        // Doubted occupation is the Tskhinvali side's disbelief.
        for t in [
            "Tbilisi promises to return the allegedly occupied territories.",
            "The alleged occupation is a myth.",
        ] {
            let h = tagger.tag(t);
            assert_eq!(
                (h[0].stance.as_str(), h[0].frame.as_str()),
                ("pro_tskhinvali", "none"),
                "{t}"
            );
        }
        assert_eq!(
            tagger.tag("The occupation continues.")[0].stance,
            "georgian"
        );
    }

    #[test]
    fn so_called_unhyphenated_and_the_aggression_against_georgia() {
        // The shipped lexicon: "so called" is read by the rules of "so-called", and "the
        // aggression against Georgia" is the guide's Georgian narrative without its subject.
        let lex = Lexicon::guide();
        let tagger = FrameTagger::new(&lex);
        let side = |t: &str| {
            let h = tagger.tag(t);
            assert_eq!(h.len(), 1, "{t}: {h:?}");
            (h[0].stance.clone(), h[0].frame.clone())
        };
        let georgian = ("georgian".to_string(), "occupied".to_string());
        assert_eq!(
            side("The so called authorities detained two men."),
            georgian
        );
        assert_eq!(
            side("The so-called authorities detained two men."),
            georgian
        );
        assert_eq!(
            side("Tbilisi keeps talking about the so called refugees."),
            ("pro_tskhinvali".into(), "none".into())
        );
        assert_eq!(
            side("The West's weak reaction to the aggression against Georgia emboldened Moscow."),
            ("georgian".into(), "none".into())
        );
        assert!(tagger
            .tag("The region, so to speak, called for talks.")
            .is_empty());
    }

    #[test]
    fn our_country_in_a_georgian_claim_is_not_the_de_facto_sides() {
        let lex = Lexicon::guide();
        let tagger = FrameTagger::new(&lex);
        let ours = |t: &str| {
            tagger
                .tag(t)
                .into_iter()
                .find(|h| h.matched.to_lowercase().starts_with("our"))
                .map(|h| (h.stance, h.neutral_context))
        };
        for t in [
            "Russia continues to occupy 20 percent of our country's territory.",
            "The occupied regions remain an inalienable part of our country.",
            "We call on all to respect the territorial integrity of our country.",
        ] {
            assert_eq!(ours(t), Some(("neutral_wire".into(), true)), "{t}");
        }
        for t in [
            "Our country welcomes the decision of Nicaragua.",
            "The Georgian occupiers were driven out of our country in 1993.",
        ] {
            assert_eq!(ours(t), Some(("pro_tskhinvali".into(), false)), "{t}");
        }
    }

    #[test]
    fn a_term_that_names_a_region_is_about_it_whoever_else_the_sentence_names() {
        let lex = Lexicon::guide();
        let tagger = FrameTagger::new(&lex);
        let hits = tagger.tag(
            "Russia strengthens the security of the Republic of South Ossetia on the border of \
             Georgia.",
        );
        let named: Vec<_> = hits
            .iter()
            .filter(|h| h.term == "Republic of South Ossetia")
            .map(|h| (h.stance.as_str(), h.neutral_context))
            .collect();
        assert_eq!(named, [("pro_tskhinvali", false)]);
        // Georgia's own sovereignty is still Georgia's.
        let georgia = tagger.tag("We respect the sovereignty of Georgia.");
        assert!(georgia.iter().all(|h| h.neutral_context), "{georgia:?}");
    }

    #[test]
    fn no_match_inside_longer_tokens() {
        let lex = lexicon();
        assert!(FrameTagger::new(&lex)
            .tag("a plan for de-occupation")
            .is_empty());
    }
}
