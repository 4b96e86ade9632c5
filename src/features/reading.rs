//! How the sentences of one article are read before their features are taken.
//!
//! A sentence is scored alone, but two things about it are only in its article:
//! - a quotation's middle sentence holds no quote mark; it is read behind the quotation's
//!   opening mark (`cross_sentence_quotes`, [`crate::text::quotes::quotation_middles`]);
//! - whether a quoted or attributed marker is the text's own (`article_context`). The guide:
//!   a direct quotation "sets the sentence label only when the article adopts it", and "on
//!   an official site reporting its own principal ... the principal's words are the text's
//!   own voice". A minister's "Republic of South Ossetia" quoted on the ministry's site,
//!   whose own narration says "Republic of South Ossetia" too, is pro-Tskhinvali; the same
//!   words quoted in a wire story that narrates with "breakaway" are the minister's. A
//!   sentence model sees the same words in both. So a sentence with a reported partisan
//!   marker is read with one more word saying how the rest of its article narrates:
//!   [`SAME`] (its own voice takes the side the quotation takes), [`OTHER`] (the other
//!   side) or [`NONE`] (no side). The word is put outside the sentence's quotes, so it is
//!   one feature however the sentence is quoted.
//!
//! The scorer reads an article's sentences as found in it; training reads a labeled file's
//! consecutive rows of one article. Both go through [`ArticleReading::read`], so they read
//! alike. The mark depends on the article's words only, never on a label.

use std::borrow::Cow;

use super::config::FeatureConfig;
use super::lexicon::Lexicon;
use super::tagger::{FrameHit, FrameTagger};
use super::voice::{unanchored, young_states_anaphor, Unanchored};
use super::voice_marks::is_reported;
use crate::text::quotes::{quotation_middles, read_in_quotation, QuoteSpans, QUOTATION_OPEN};

/// The mark of a reported marker whose side the rest of the article narrates with.
pub const SAME: &str = "xartsame";
/// The mark of a reported marker of one side in an article narrated with the other's.
pub const OTHER: &str = "xartother";
/// The mark of a reported marker in an article whose own voice takes no side.
pub const NONE: &str = "xartnone";

/// The mark of a sentence with a Tskhinvali-side word that names no region ("our
/// country", "the head of state", "interstate", "sovereignty") in the text's own voice
/// (a quoted one is its speaker's, and [`SAME`]/[`OTHER`]/[`NONE`] read it), in an article whose own
/// voice takes the regions' side by no marker of its own. Georgia's prime minister at the
/// UN ("Our country welcomes the decision of the European Council") and a third state's
/// envoy ("the head of state of Kazakhstan") use these words of their own states; a de
/// facto ministry's teaser uses them beside "Republic of South Ossetia". Only the article
/// tells which. The tagger reads a so-marked word as about another state
/// (`crate::features::voice::unanchored`).
pub const STATE_ELSE: &str = "xstateelse";

/// The mark of every sentence with a frame term in an article (of more than one sentence)
/// that names neither region, nor their towns or peoples, nor Georgia, nor a de facto
/// official behind a plain title (`topic_gate`). Such an article is about something else:
/// the "deep state" and "not my President" of American politics, "a self-proclaimed
/// leader" of a protest, the Occupy movement. The guide's markers frame the regions; its
/// list read word by word called such sentences Georgian. The tagger reads every term of a
/// so-marked sentence as about something else (`neutral_context`, no frame).
pub const OFF_TOPIC: &str = "xofftopic";

/// Whether `w` is one of the words the reading puts into a sentence ([`SAME`], [`OTHER`],
/// [`NONE`], [`STATE_ELSE`], [`OFF_TOPIC`]): no word of the writer's.
pub fn is_reading_mark(w: &str) -> bool {
    matches!(w, SAME | OTHER | NONE | STATE_ELSE | OFF_TOPIC)
}

/// A sentence of an article as read: its text, and how many bytes were put before the
/// sentence as written (offsets into the text are that many bytes past the sentence's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSentence<'t> {
    pub text: Cow<'t, str>,
    pub shift: usize,
}

/// The reading a model's feature settings ask for.
pub struct ArticleReading<'l> {
    across: bool,
    /// `topic_gate`.
    topic_gate: bool,
    /// `conflict_words`.
    conflict_words: bool,
    /// `wire_narration`.
    wire_narration: bool,
    /// Only with `article_context`.
    tagger: Option<FrameTagger<'l>>,
}

/// The sides a sentence's markers take: in the text's own voice, and reported.
#[derive(Debug, Clone, Copy, Default)]
struct Sides {
    own_georgian: bool,
    own_pro: bool,
    reported_georgian: bool,
    reported_pro: bool,
}

impl<'l> ArticleReading<'l> {
    pub fn new(config: &FeatureConfig, lexicon: &'l Lexicon) -> Self {
        let across = config.cross_sentence_quotes;
        ArticleReading {
            across,
            topic_gate: config.topic_gate,
            conflict_words: config.conflict_words,
            wire_narration: config.wire_narration,
            tagger: config
                .article_context
                .then(|| FrameTagger::for_features(lexicon, config)),
        }
    }

    /// Whether reading changes anything (else every sentence is read as written).
    pub fn is_plain(&self) -> bool {
        !self.across && self.tagger.is_none()
    }

    /// `cross_sentence_quotes`.
    pub fn across(&self) -> bool {
        self.across
    }

    /// `article_context`: a sentence's reading depends on its article's other sentences.
    pub fn has_context(&self) -> bool {
        self.tagger.is_some()
    }

    /// The sentences of one article, in order, as read. `middles` are the quotation
    /// middles when the caller knows them (a labeled file's, found when it was read);
    /// `None` finds them among `sentences`.
    pub fn read<'t>(
        &self,
        sentences: &[&'t str],
        middles: Option<&[bool]>,
    ) -> Vec<ReadSentence<'t>> {
        let mut read = self.read_quotations(sentences, middles);
        if let Some(tagger) = &self.tagger {
            let hits: Vec<Vec<FrameHit>> = read.iter().map(|r| tagger.tag(&r.text)).collect();
            self.mark_all(&mut read, &hits);
        }
        read
    }

    /// The first part of [`read`](Self::read): quotation middles behind their opening mark,
    /// every other sentence as written. A scorer that tags these texts anyway finishes the
    /// reading with [`mark_all`](Self::mark_all) and the hits it found, tagging once.
    pub fn read_quotations<'t>(
        &self,
        sentences: &[&'t str],
        middles: Option<&[bool]>,
    ) -> Vec<ReadSentence<'t>> {
        let found;
        let middles: &[bool] = match (self.across, middles) {
            (false, _) => &[],
            (true, Some(m)) => m,
            (true, None) => {
                found = quotation_middles(sentences);
                &found
            }
        };
        sentences
            .iter()
            .enumerate()
            .map(|(i, &s)| match middles.get(i) {
                Some(true) => ReadSentence {
                    text: Cow::Owned(read_in_quotation(s)),
                    shift: QUOTATION_OPEN.len(),
                },
                _ => ReadSentence {
                    text: Cow::Borrowed(s),
                    shift: 0,
                },
            })
            .collect()
    }

    /// The second part of [`read`](Self::read): with `article_context`, the mark of each
    /// sentence of `read` (as [`read_quotations`](Self::read_quotations) left it) whose
    /// hits (`hits[i]`, the frame terms of `read[i]`) hold a reported partisan marker.
    /// Returns which sentences were marked.
    pub fn mark_all<H: AsRef<[FrameHit]>>(
        &self,
        read: &mut [ReadSentence<'_>],
        hits: &[H],
    ) -> Vec<bool> {
        let Some(tagger) = &self.tagger else {
            return vec![false; read.len()];
        };
        if self.topic_gate && read.len() > 1 {
            let framing = |h: &[FrameHit]| h.iter().any(|h| h.stance != "neutral_wire");
            let off_topic = hits.iter().any(|h| framing(h.as_ref()))
                && !hits.iter().zip(read.iter()).any(|(h, r)| {
                    tagger.names_the_conflict(&r.text, h.as_ref(), self.conflict_words)
                });
            if off_topic {
                // Every term is about something else: no side, so no article mark either.
                return read
                    .iter_mut()
                    .zip(hits)
                    .map(|(r, h)| {
                        let marked = !h.as_ref().is_empty();
                        if marked {
                            put_outside_quotes(r, OFF_TOPIC, self.across);
                        }
                        marked
                    })
                    .collect();
            }
        }
        // Words that name no region are the regions' only if a marker of the article's
        // own voice takes their side. Decided from terms that name a place, which no mark
        // changes: a scorer hands the terms found after the marks, training those before.
        // A topic word counts where its sentence names a region ("the young states of
        // Abkhazia and South Ossetia").
        // So does "these young states" after a sentence that names one (voice::young_states_anaphor).
        let anchored = hits.iter().zip(read.iter()).enumerate().any(|(i, (h, r))| {
            let mut names_a_region = None;
            h.as_ref().iter().any(|h| {
                let own = h.stance == "pro_tskhinvali" && !h.neutral_context && !is_reported(h);
                own && match unanchored(&h.term) {
                    None => true,
                    Some(Unanchored::Speaker) => false,
                    Some(Unanchored::Topic) => {
                        *names_a_region.get_or_insert_with(|| tagger.names_a_region(&r.text))
                            || (i > 0
                                && young_states_anaphor(&r.text, &h.term)
                                && read[..i].iter().any(|p| tagger.names_a_region(&p.text)))
                    }
                }
            })
        });
        let mut marked = vec![false; read.len()];
        let mut retagged: Vec<Option<Vec<FrameHit>>> = vec![None; read.len()];
        // A lone sentence has no article to tell: it is read by the guide's list.
        if !anchored && read.len() > 1 {
            for (i, r) in read.iter_mut().enumerate() {
                let loose = hits[i]
                    .as_ref()
                    .iter()
                    .any(|h| !h.quoted && !h.attributed && unanchored(&h.term).is_some());
                if loose {
                    put_outside_quotes(r, STATE_ELSE, self.across);
                    retagged[i] = Some(tagger.tag(&r.text));
                    marked[i] = true;
                }
            }
        }
        // Each sentence's hits as now read, and the sides they take.
        let now: Vec<&[FrameHit]> = hits
            .iter()
            .zip(&retagged)
            .map(|(h, again)| again.as_deref().unwrap_or(h.as_ref()))
            .collect();
        let sides: Vec<Sides> = now.iter().map(|h| sides(h)).collect();
        // A wire story's own voice may slip one side's marker ("the separatist region")
        // beside its neutral descriptors; it adopts no quotation for that.
        let wire = self.wire_narration && now.iter().any(|h| uses_wire_descriptor(h));
        for (i, r) in read.iter_mut().enumerate() {
            if let Some(m) = mark(&sides, i, wire) {
                put_outside_quotes(r, m, self.across);
                marked[i] = true;
            }
        }
        marked
    }
}

fn sides(hits: &[FrameHit]) -> Sides {
    let mut s = Sides::default();
    for h in hits {
        if h.neutral_context {
            continue;
        }
        let (georgian, pro) = (h.stance == "georgian", h.stance == "pro_tskhinvali");
        if is_reported(h) {
            s.reported_georgian |= georgian;
            s.reported_pro |= pro;
        } else {
            s.own_georgian |= georgian;
            s.own_pro |= pro;
        }
    }
    s
}

/// The wire's neutral descriptors of the regions and their authorities (lowercase terms of
/// the guide's `neutral_wire` list): words a partisan text does not narrate with. City
/// names, "border" and "leader" are not among them; both sides' official sites use them.
pub const WIRE_DESCRIPTORS: [&str; 13] = [
    "breakaway",
    "breakaway region",
    "russian-backed",
    "russia-backed",
    "kremlin-backed",
    "moscow-backed",
    "partially recognised",
    "partially recognized",
    "largely unrecognised",
    "largely unrecognized",
    "unrecognised",
    "unrecognized",
    "rebel",
];

/// Whether one of `hits` is a wire descriptor in the text's own voice, about the regions.
fn uses_wire_descriptor(hits: &[FrameHit]) -> bool {
    hits.iter().any(|h| {
        !h.neutral_context
            && !is_reported(h)
            && WIRE_DESCRIPTORS
                .iter()
                .any(|d| d.eq_ignore_ascii_case(&h.term))
    })
}

/// The mark of sentence `i`, if it holds a reported partisan marker: how the other
/// sentences of its article narrate. In an article narrated as wire copy (`wire`), no side.
fn mark(sides: &[Sides], i: usize, wire: bool) -> Option<&'static str> {
    let me = sides[i];
    if !(me.reported_georgian || me.reported_pro) {
        return None;
    }
    if wire {
        return Some(NONE);
    }
    let rest = sides
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .fold((false, false), |(g, p), (_, s)| {
            (g || s.own_georgian, p || s.own_pro)
        });
    Some(
        if (me.reported_georgian && rest.0) || (me.reported_pro && rest.1) {
            SAME
        } else if rest.0 || rest.1 {
            OTHER
        } else {
            NONE
        },
    )
}

/// Whether a read sentence carries the mark of a reported marker that its article does not
/// adopt ([`OTHER`] or [`NONE`]). The mark stands first or last (`put_outside_quotes`,
/// which may also have put [`STATE_ELSE`] on the same side, nearer the sentence).
pub fn is_unadopted(text: &str) -> bool {
    marked_with(text, &[OTHER, NONE])
}

/// Whether a read sentence carries the off-topic mark ([`OFF_TOPIC`]).
pub fn is_off_topic(text: &str) -> bool {
    marked_with(text, &[OFF_TOPIC])
}

/// Whether the first or the last word of a read sentence, where `put_outside_quotes` puts
/// a mark, is one of `marks` (words without whitespace). Compared at both ends of the text
/// rather than found by `split_whitespace`, which decoded the last word backwards for every
/// sentence scored (asked twice of each, a sixtieth of scoring).
fn marked_with(text: &str, marks: &[&str]) -> bool {
    // Nearly every sentence starts and ends with an ASCII byte that is no space and starts
    // (ends) no mark: then neither end word is one, with nothing trimmed or compared.
    let bytes = text.as_bytes();
    let cannot = |b: Option<&u8>, edge: fn(&[u8]) -> Option<&u8>| {
        b.is_none_or(|&b| {
            b.is_ascii()
                && !char::from(b).is_whitespace()
                && marks.iter().all(|m| edge(m.as_bytes()) != Some(&b))
        })
    };
    if cannot(bytes.first(), <[u8]>::first) && cannot(bytes.last(), <[u8]>::last) {
        return false;
    }
    let head = text.trim_start();
    let tail = text.trim_end();
    marks.iter().any(|m| {
        head.strip_prefix(m)
            .is_some_and(|rest| rest.chars().next().is_none_or(char::is_whitespace))
            || tail
                .strip_suffix(m)
                .is_some_and(|rest| rest.chars().next_back().is_none_or(char::is_whitespace))
    })
}

/// Puts `mark` before the sentence when its start stands outside quotes, else after it
/// when its end does ("...,” he said."), else after it.
fn put_outside_quotes(r: &mut ReadSentence<'_>, mark: &str, carry: bool) {
    let text = r.text.as_ref();
    let quotes = QuoteSpans::of_with(text, carry);
    let first = text.char_indices().find(|(_, c)| !c.is_whitespace());
    let start_inside = first.is_some_and(|(b, c)| quotes.is_inside(b, b + c.len_utf8()));
    if !start_inside {
        r.text = Cow::Owned(format!("{mark} {text}"));
        r.shift += mark.len() + 1;
    } else {
        r.text = Cow::Owned(format!("{text} {mark}"));
    }
}

#[cfg(test)]
mod tests;
