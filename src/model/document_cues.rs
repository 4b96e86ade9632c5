//! What the guide reads in an article beyond its sentences' stance.
//!
//! "A document is `neutral_wire` when it reports in wire style, attributing positions and
//! using mostly neutral descriptors, even if a few sentences carry a marker ... It is
//! `georgian` or `pro_tskhinvali` when its own narration takes one side's vocabulary
//! without neutral offsetting, or when it is a partisan or official statement in its own
//! voice." So the article head ([`DocumentAggregator::Guide`](super::DocumentAggregator))
//! sees, among the sentences that frame anything, how many carry each side's markers in
//! the text's own voice, how many report someone else's, how many use neutral descriptors,
//! and whether the text speaks in the first person (a ministry, a delegation) or reports
//! speech (a wire). Own-voice markers are counted twice: all of them, and those Western
//! wire copy does not narrate with (not "separatist", "self-proclaimed", "de facto",
//! "Russian-occupied" or a plain title such as "President Kokoity"), because real wire stories use those words and
//! the guide still calls them `neutral_wire`; on composed text the two counts say the same,
//! on real outlets they do not. A score of a few numbers, not of the article's words: the
//! head cannot learn an outlet's topics or names, which is what failed on real outlets.

use serde::{Deserialize, Serialize};

use crate::features::voice::{self, Actor, Side};
use crate::features::voice_marks;
use crate::features::FrameHit;
use crate::text::quotes::QuoteSpans;

/// The cues of one sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceCues {
    /// A Georgian-side marker in the text's own voice.
    pub own_georgian: bool,
    /// A Tskhinvali-side marker in the text's own voice.
    pub own_pro: bool,
    /// A neutral descriptor in the text's own voice ("breakaway", "Russian-backed").
    pub own_neutral: bool,
    /// A partisan marker someone else is reported to use.
    pub reported: bool,
    /// "we", "our", "us", "my" outside quotation marks: a ministry, a delegation ("My
    /// Government has declared ..."), an op-ed.
    pub first_person: bool,
    /// A verb of saying: the sentence reports someone's words.
    pub speech: bool,
    /// A Georgian-side marker in the text's own voice that Western wire copy does not use.
    #[serde(default)]
    pub own_georgian_hard: bool,
    /// A Tskhinvali-side marker in the text's own voice other than a plain title.
    #[serde(default)]
    pub own_pro_hard: bool,
    /// The sentence reports what Georgia's side says or thinks ("Tbilisi said", "according
    /// to Georgia's foreign ministry", "Georgian officials dismissed ...").
    #[serde(default)]
    pub voices_georgia: bool,
    /// The sentence reports what the other side says or thinks ("Moscow welcomed",
    /// "Lavrov said", "the Abkhaz side rejected").
    #[serde(default)]
    pub voices_other: bool,
}

/// How many words before a reporting verb its speaker may stand ("Georgia's foreign
/// ministry spokesman Paata Zakareishvili said"), and after it ("..., said Georgia's
/// foreign ministry", "according to the Georgian side").
const SPEAKER_BEFORE: usize = 6;
const SPEAKER_AFTER: usize = 4;

/// Georgian-side terms that Western wire copy uses in its own narration ("separatist
/// leader", "the self-declared republic", "de facto authorities", "the Russian-occupied
/// region"): the guide marks such a sentence `georgian`, and calls a story that uses them
/// among neutral reporting `neutral_wire`. The compound "Russian-occupied" is the wire's
/// (`labels/` has it only in Western wire stories, all `neutral_wire`; leave-one-style-out
/// called two of them Georgian for it); "occupied", "occupation" and "the occupied
/// regions" alone stay an outlet's side.
const WIRE_GEORGIAN: [&str; 13] = [
    "separatist",
    "separatists",
    "separatist regime",
    "separatist-controlled",
    "separatist-held",
    "separatist-run",
    "self-proclaimed",
    "self-declared",
    "self-styled",
    "de facto",
    "de-facto",
    "russian-occupied",
    "russia-occupied",
];

/// Words of a plain title ("President Eduard Kokoity", "Abkhaz Foreign Minister"): the
/// pro-Tskhinvali marker wire copy uses most, and the weakest sign of an outlet's side.
const TITLE_WORDS: [&str; 11] = [
    "president",
    "minister",
    "ministry",
    "ambassador",
    "embassy",
    "parliament",
    "government",
    "assembly",
    "envoy",
    "head of state",
    "mfa",
];

fn is_wire_georgian(h: &FrameHit) -> bool {
    WIRE_GEORGIAN.iter().any(|t| h.term.eq_ignore_ascii_case(t))
}

fn is_plain_title(h: &FrameHit) -> bool {
    if h.frame != "none" {
        return false;
    }
    let m = h.matched.to_ascii_lowercase();
    TITLE_WORDS.iter().any(|t| m.contains(t))
}

/// Whether an article's only own-voice markers are the Georgian words Western wire copy
/// narrates with (`WIRE_GEORGIAN`: "separatist", "de facto", "self-declared"), with no
/// other marker of either side in its own voice and no first person (not a ministry or a
/// delegation speaking). The guide calls such a story `neutral_wire` ("even if a few
/// sentences carry a marker"); the whole-article word head cannot tell it from a Georgian
/// outlet's, since both use those words, and in a brief of two or three sentences they are
/// most of its row. On the fourth composition round's briefs, cross-validated, the word head
/// gave such stories Georgian at 0.66 to 0.98, the guide head at 0.20 to 0.50.
pub fn only_wire_words(cues: &[SentenceCues]) -> bool {
    cues.iter().any(|c| c.own_georgian)
        && !cues
            .iter()
            .any(|c| c.own_georgian_hard || c.own_pro || c.first_person)
}

/// The position of `share:framing` among [`CUE_COLUMNS`]: the framing sentences over all
/// of the article's, the one cue that neutral padding moves.
pub const FRAMING_SHARE: usize = 7;

/// Names of the cue columns, in [`guide_row`] order after the probability summary.
pub const CUE_COLUMNS: [&str; 12] = [
    "framing:own_georgian",
    "framing:own_pro_tskhinvali",
    "framing:own_neutral",
    "framing:reported",
    "framing:both_sides",
    "share:first_person",
    "share:speech",
    "share:framing",
    "count:framing",
    "framing:own_georgian_hard",
    "framing:own_pro_tskhinvali_hard",
    "article:both_sides_voiced",
];

impl SentenceCues {
    /// The cues of `text`, whose frame-term hits are `hits`; `carry_quotes` as the model's
    /// `cross_sentence_quotes` (which words stand outside quotes).
    pub fn of(text: &str, hits: &[FrameHit], carry_quotes: bool) -> Self {
        let mut c = SentenceCues::default();
        for h in hits {
            if h.neutral_context {
                continue;
            }
            if voice_marks::is_reported(h) {
                c.reported |= h.stance != "neutral_wire";
                continue;
            }
            match h.stance.as_str() {
                "georgian" => {
                    c.own_georgian = true;
                    c.own_georgian_hard |= !is_wire_georgian(h);
                }
                "pro_tskhinvali" => {
                    c.own_pro = true;
                    c.own_pro_hard |= !is_plain_title(h);
                }
                _ => c.own_neutral = true,
            }
        }
        // The quoted spans only once a first-person word asks (few sentences have one),
        // and each word short enough to be a cue word lowercased into one reused buffer.
        let mut quotes: Option<QuoteSpans> = None;
        // The reporting verbs and the speakers of either side, by word number: read for who
        // the sentence says speaks once the words are classed (most words are neither, and
        // a sentence without one allocates nothing).
        let mut actors: Vec<(usize, Actor)> = Vec::new();
        let mut word = 0;
        let mut w = String::new();
        let mut start = None;
        let bytes = text.as_bytes();
        let mut next = 0;
        while next <= bytes.len() {
            // Words are runs of alphanumeric characters; an ASCII byte is classed without
            // decoding it, and the text's end closes the last word.
            let i = next;
            let (alnum, len) = match bytes.get(i) {
                None => (false, 1),
                Some(b) if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
                Some(_) => {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    (ch.is_alphanumeric(), ch.len_utf8())
                }
            };
            next += len;
            match (alnum, start) {
                (true, None) => start = Some(i),
                // A word longer than any it is compared with is none of them.
                (false, Some(s)) if i - s > WORD_MAX_LEN => {
                    word += 1;
                    start = None;
                }
                (false, Some(s)) => {
                    w.clear();
                    w.push_str(&text[s..i]);
                    w.make_ascii_lowercase();
                    if matches!(w.as_str(), "we" | "our" | "us" | "my")
                        && !quotes
                            .get_or_insert_with(|| QuoteSpans::of_with(text, carry_quotes))
                            .is_inside(s, i)
                    {
                        c.first_person = true;
                    }
                    let (speech, actor) = voice::cue_word(&w);
                    c.speech |= speech;
                    if let Some(a) = actor {
                        actors.push((word, a));
                    }
                    word += 1;
                    start = None;
                }
                _ => {}
            }
        }
        (c.voices_georgia, c.voices_other) = speakers(&actors);
        c
    }
}

/// The longest word the cue scan compares with anything, in bytes: the actor lists hold
/// the verbs of saying, and "we", "our", "us", "my" are shorter.
const WORD_MAX_LEN: usize = voice::ACTOR_WORD_MAX_LEN;

/// Whether the sentence reports Georgia's side and the other side: a speaker of that side
/// within [`SPEAKER_BEFORE`] words before a reporting verb or [`SPEAKER_AFTER`] after it.
/// Shallow on purpose (no parser), like the voice rules: "Georgian police said Russian
/// troops ..." counts both, which the article-level cue tolerates, since it asks only
/// whether both sides are reported somewhere in the article.
fn speakers(actors: &[(usize, Actor)]) -> (bool, bool) {
    let (mut georgia, mut other) = (false, false);
    for &(at, a) in actors {
        if a != Actor::Verb {
            continue;
        }
        let near = at.saturating_sub(SPEAKER_BEFORE)..=at + SPEAKER_AFTER;
        for &(by, b) in actors {
            match b {
                Actor::Speaker(Side::Georgia) if near.contains(&by) => georgia = true,
                Actor::Speaker(Side::Other) if near.contains(&by) => other = true,
                _ => {}
            }
        }
    }
    (georgia, other)
}

/// An article's row for the guide head. Its "framing" sentences are those with a cue or a
/// top label other than `neutral_wire`: the ones the guide weighs. Per stance label: its
/// mean probability and its share of top labels over the framing sentences, and its largest
/// probability; then the shares of framing sentences with each voice cue and with both
/// sides' own markers (a balanced text), the shares of all sentences in the first person
/// and reporting speech, the framing sentences' share of the article and their count
/// (log-scaled); then the shares with own-voice markers of each side other than the wire
/// markers; last, 1 when the article voices both sides ([`SentenceCues::voices_georgia`]
/// and [`SentenceCues::voices_other`] somewhere in it), the guide's "attributing
/// positions" (each appended, so that heads saved before them read the columns they know).
///
/// Over the framing sentences, not all of them, because the guide's test is whether the
/// text's own wording takes a side "without neutral offsetting", and neutral factual
/// sentences are not offsetting: a Georgian statement padded with thirty neutral sentences
/// is still Georgian. Shares over all sentences made the head read length: on the second
/// composition round held out, ten neutral sentences added to each article turned 63% of
/// the Georgian articles neutral (`eval/transfer/padding.md`).
pub fn guide_row(
    labels: &[String],
    probs: &[Vec<f64>],
    cues: &[SentenceCues],
) -> Vec<(usize, f64)> {
    let k = labels.len();
    let neutral = labels.iter().position(|l| l == "neutral_wire");
    let top = |p: &[f64]| {
        let mut best = 0;
        for (i, &v) in p.iter().enumerate() {
            if v > p[best] {
                best = i;
            }
        }
        best
    };
    let none = SentenceCues::default();
    let framing: Vec<usize> = (0..probs.len())
        .filter(|&i| {
            let c = cues.get(i).unwrap_or(&none);
            let cued = c.own_georgian || c.own_pro || c.own_neutral || c.reported;
            cued || (!probs[i].is_empty() && Some(top(&probs[i])) != neutral)
        })
        .collect();
    let nf = framing.len().max(1) as f64;
    let mut row = vec![0.0; 3 * k];
    for &i in &framing {
        for (j, &v) in probs[i].iter().enumerate().take(k) {
            row[j] += v / nf;
        }
        if !probs[i].is_empty() {
            row[k + top(&probs[i])] += 1.0 / nf;
        }
    }
    for p in probs {
        for (j, &v) in p.iter().enumerate().take(k) {
            row[2 * k + j] = f64::max(row[2 * k + j], v);
        }
    }
    let in_framing = |f: fn(&SentenceCues) -> bool| {
        framing
            .iter()
            .filter(|&&i| cues.get(i).is_some_and(f))
            .count() as f64
            / nf
    };
    let n = cues.len().max(1) as f64;
    let share = |f: fn(&SentenceCues) -> bool| cues.iter().filter(|c| f(c)).count() as f64 / n;
    let values = [
        in_framing(|c| c.own_georgian),
        in_framing(|c| c.own_pro),
        in_framing(|c| c.own_neutral),
        in_framing(|c| c.reported),
        in_framing(|c| c.own_georgian).min(in_framing(|c| c.own_pro)),
        share(|c| c.first_person),
        share(|c| c.speech),
        framing.len() as f64 / probs.len().max(1) as f64,
        // ln(1 + count) / ln(51): 1 at fifty framing sentences.
        (framing.len() as f64).ln_1p() / 51f64.ln(),
        in_framing(|c| c.own_georgian_hard),
        in_framing(|c| c.own_pro_hard),
        f64::from(cues.iter().any(|c| c.voices_georgia) && cues.iter().any(|c| c.voices_other)),
    ];
    let mut out: Vec<(usize, f64)> = row.into_iter().enumerate().collect();
    for (j, v) in values.into_iter().enumerate() {
        out.push((3 * k + j, v));
    }
    out
}

/// The cue columns of guide heads saved before the two wire-marker cues were appended.
const CUE_COLUMNS_BEFORE_WIRE_CUES: usize = 9;

/// The cue columns of guide heads fitted without the both-sides cue (`guide_both_sides`
/// off, and every model saved before it).
const CUE_COLUMNS_BEFORE_BOTH_SIDES: usize = 11;

/// The width of a guide head fitted without the both-sides cue, for `k` stance labels.
pub fn guide_width_before_both_sides(k: usize) -> usize {
    3 * k + CUE_COLUMNS_BEFORE_BOTH_SIDES
}

/// The width of a guide head saved before the wire-marker cues, for `k` stance labels.
pub fn guide_width_before_wire_cues(k: usize) -> usize {
    3 * k + CUE_COLUMNS_BEFORE_WIRE_CUES
}

/// The number of columns of [`guide_row`] for `k` stance labels.
pub fn guide_width(k: usize) -> usize {
    3 * k + CUE_COLUMNS.len()
}

#[cfg(test)]
mod tests;
