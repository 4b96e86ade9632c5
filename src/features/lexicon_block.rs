//! The lexicon block: counts of frame-term hits appended after the TF-IDF columns.
//!
//! Two schemes. `basic` (the first models' six columns) counts own-voice hits by frame and
//! side and lumps every quoted or attributed hit into one column. `voice` keeps the side of
//! reported hits and counts the hits the tagger neutralized, because on real outlets the
//! same "occupied" is the Georgian side in an op-ed's narration, a neutral report after
//! "Tbilisi says", and nothing at all in "occupied Crimea": a model that sees one count for
//! all three learns whichever the composed corpus happened to hold.

use serde::{Deserialize, Serialize};

use super::config::FeatureConfig;
use super::tagger::FrameHit;
use super::voice_marks::{is_reported, SentenceMark};

/// Which lexicon-count columns a model has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LexiconColumns {
    #[default]
    Basic,
    Voice,
}

impl LexiconColumns {
    pub fn is_basic(&self) -> bool {
        *self == LexiconColumns::Basic
    }
}

/// The lexicon column names `config` asks for, in column order.
pub fn names(config: &FeatureConfig) -> &'static [&'static str] {
    match config.lexicon_columns {
        LexiconColumns::Basic => &BASIC,
        LexiconColumns::Voice if config.unadopted_apart => &VOICE_UNADOPTED,
        LexiconColumns::Voice => &VOICE_UNADOPTED[..VOICE_UNADOPTED.len() - 3],
    }
}

const BASIC: [&str; 6] = [
    "lex:frame=occupied",
    "lex:frame=independent",
    "lex:stance=georgian",
    "lex:stance=pro_tskhinvali",
    "lex:stance=neutral_wire",
    "lex:quoted_speech",
];

/// `voice`, and with `unadopted_apart` three more columns at the end.
const VOICE_UNADOPTED: [&str; 13] = [
    "lex:frame=occupied",
    "lex:frame=independent",
    "lex:stance=georgian",
    "lex:stance=pro_tskhinvali",
    "lex:stance=neutral_wire",
    "lex:reported=georgian",
    "lex:reported=pro_tskhinvali",
    "lex:reported=neutral_wire",
    "lex:neutral_context",
    "lex:scare_quoted",
    "lex:unadopted=georgian",
    "lex:unadopted=pro_tskhinvali",
    "lex:unadopted=neutral_wire",
];

/// The number of lexicon columns `config` asks for (0 without lexicon features).
pub fn width(config: &FeatureConfig) -> usize {
    if config.lexicon_features {
        names(config).len()
    } else {
        0
    }
}

/// Appends the lexicon columns of `hits` to `row`, starting at column `base`, as
/// `ln(1 + count)`; zero counts are left out. Nothing without lexicon features.
/// `sentence` ([`super::voice_marks::sentence_mark`]): an unadopted sentence's reported
/// hits go to the `lex:unadopted=` columns; an off-topic sentence's hits count nowhere.
pub(crate) fn push_counts(
    config: &FeatureConfig,
    base: usize,
    hits: &[FrameHit],
    sentence: SentenceMark,
    row: &mut Vec<(usize, f64)>,
) {
    if !config.lexicon_features || sentence == SentenceMark::OffTopic {
        return;
    }
    let unadopted = sentence == SentenceMark::Unadopted;
    let mut counts = [0.0; 13];
    match config.lexicon_columns {
        LexiconColumns::Basic => basic(hits, &mut counts),
        LexiconColumns::Voice => voice(hits, unadopted, &mut counts),
    }
    let n = names(config).len();
    for (k, &c) in counts[..n].iter().enumerate() {
        if c > 0.0 {
            row.push((base + k, (1.0 + c).ln()));
        }
    }
}

fn side(stance: &str) -> usize {
    match stance {
        "georgian" => 0,
        "pro_tskhinvali" => 1,
        _ => 2,
    }
}

fn basic(hits: &[FrameHit], counts: &mut [f64; 13]) {
    for hit in hits {
        if is_reported(hit) {
            counts[5] += 1.0;
            continue;
        }
        own(hit, counts);
    }
}

fn own(hit: &FrameHit, counts: &mut [f64; 13]) {
    match hit.frame.as_str() {
        "occupied" => counts[0] += 1.0,
        "independent" => counts[1] += 1.0,
        _ => {}
    }
    counts[2 + side(&hit.stance)] += 1.0;
}

fn voice(hits: &[FrameHit], unadopted: bool, counts: &mut [f64; 13]) {
    let reported = if unadopted { 10 } else { 5 };
    for hit in hits {
        if hit.neutral_context {
            counts[8] += 1.0;
        } else if is_reported(hit) {
            counts[reported + side(&hit.stance)] += 1.0;
        } else {
            own(hit, counts);
            if hit.scare_quoted {
                counts[9] += 1.0;
            }
        }
    }
}
