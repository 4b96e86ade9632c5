//! What the guide reads in an article beyond its sentences' stance.
//!
//! "A document is `neutral_wire` when it reports in wire style, attributing positions and
//! using mostly neutral descriptors, even if a few sentences carry a marker ... It is
//! `georgian` or `pro_tskhinvali` when its own narration takes one side's vocabulary
//! without neutral offsetting, or when it is a partisan or official statement in its own
//! voice." So the article head ([`DocumentAggregator::Guide`](super::DocumentAggregator))
//! sees, beside its sentences' stance probabilities, how many sentences carry each side's
//! markers in the text's own voice, how many report someone else's, how many use neutral
//! descriptors, and whether the text speaks in the first person (a ministry, a delegation)
//! or reports speech (a wire). A score of a few numbers, not of the article's words: the
//! head cannot learn an outlet's topics or names, which is what failed on real outlets.

use serde::{Deserialize, Serialize};

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
    /// "we", "our", "us" outside quotation marks: a ministry, a delegation, an op-ed.
    pub first_person: bool,
    /// A verb of saying: the sentence reports someone's words.
    pub speech: bool,
}

/// Names of the cue columns, in [`guide_row`] order after the probability summary.
pub const CUE_COLUMNS: [&str; 7] = [
    "share:own_georgian",
    "share:own_pro_tskhinvali",
    "share:own_neutral",
    "share:reported",
    "share:first_person",
    "share:speech",
    "share:both_sides",
];

impl SentenceCues {
    /// The cues of `text`, whose frame-term hits are `hits`.
    pub fn of(text: &str, hits: &[FrameHit]) -> Self {
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
                "georgian" => c.own_georgian = true,
                "pro_tskhinvali" => c.own_pro = true,
                _ => c.own_neutral = true,
            }
        }
        let quotes = QuoteSpans::of(text);
        let mut start = None;
        for (i, ch) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (ch.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let w = text[s..i].to_ascii_lowercase();
                    if matches!(w.as_str(), "we" | "our" | "us") && !quotes.is_inside(s, i) {
                        c.first_person = true;
                    }
                    if crate::features::voice::is_speech_verb(&w) {
                        c.speech = true;
                    }
                    start = None;
                }
                _ => {}
            }
        }
        c
    }
}

/// An article's row for the guide head: per stance label its mean sentence probability,
/// its share of the sentences' top labels and its largest probability, then the shares of
/// sentences with each cue, and the share with both sides' own markers (a balanced text).
pub fn guide_row(
    labels: &[String],
    probs: &[Vec<f64>],
    cues: &[SentenceCues],
) -> Vec<(usize, f64)> {
    let k = labels.len();
    let mut row = super::aggregate::summary(labels, probs);
    let n = cues.len().max(1) as f64;
    let share = |f: fn(&SentenceCues) -> bool| cues.iter().filter(|c| f(c)).count() as f64 / n;
    let values = [
        share(|c| c.own_georgian),
        share(|c| c.own_pro),
        share(|c| c.own_neutral),
        share(|c| c.reported),
        share(|c| c.first_person),
        share(|c| c.speech),
        share(|c| c.own_georgian).min(share(|c| c.own_pro)),
    ];
    for (j, v) in values.into_iter().enumerate() {
        row.push((3 * k + j, v));
    }
    row
}

/// The number of columns of [`guide_row`] for `k` stance labels.
pub fn guide_width(k: usize) -> usize {
    3 * k + CUE_COLUMNS.len()
}
