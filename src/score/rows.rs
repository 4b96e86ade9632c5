//! The character offsets written beside byte offsets, and (for the tests) the JSON shapes
//! of output rows as serde wrote them.

use crate::model::SentencePrediction;

/// Byte offsets into one text turned into character offsets (Unicode code points, what
/// Python's `str` and R's `substr` index by), for offsets asked in increasing order: each
/// byte is counted once per text, and pure-ASCII text costs nothing.
pub(super) struct CharOffsets<'t> {
    bytes: &'t [u8],
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    pub fn new(text: &'t str) -> Self {
        CharOffsets {
            bytes: text.as_bytes(),
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `b` (a char boundary).
    pub fn at(&mut self, b: usize) -> usize {
        if self.ascii {
            return b;
        }
        if b < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        let b = b.min(self.bytes.len());
        self.chars += count_chars(&self.bytes[self.byte..b]);
        self.byte = b;
        self.chars
    }
}

/// The characters of UTF-8 bytes: the bytes that are not continuation bytes (`10xxxxxx`),
/// counted eight at a time (a byte-by-byte filter was most of writing the offsets).
fn count_chars(bytes: &[u8]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0;
    // Per-byte counts in the lanes of `lanes`, summed (by one multiply, which needs their
    // total below 256) every 31 words.
    let mut lanes = 0u64;
    let mut in_lanes = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Bit 7 set and bit 6 clear, moved to bit 0 of each byte.
        lanes += ((w & !(w << 1)) >> 7) & LO;
        in_lanes += 1;
        if in_lanes == 31 {
            continuation += (lanes.wrapping_mul(LO) >> 56) as usize;
            (lanes, in_lanes) = (0, 0);
        }
    }
    continuation += (lanes.wrapping_mul(LO) >> 56) as usize;
    continuation += chunks
        .remainder()
        .iter()
        .filter(|&&x| x & 0xC0 == 0x80)
        .count();
    bytes.len() - continuation
}

/// A sentence's offsets in characters: its own, and each term's.
pub(super) struct SentenceChars {
    pub start: usize,
    pub end: usize,
    pub terms: Vec<(usize, usize)>,
}

impl SentenceChars {
    /// Offsets asked in text order: the sentence's start, its terms, its end.
    pub fn of(s: &SentencePrediction, chars: &mut CharOffsets<'_>) -> Self {
        let start = chars.at(s.start);
        let terms = s
            .terms
            .iter()
            .map(|t| (chars.at(t.start), chars.at(t.end)))
            .collect();
        SentenceChars {
            start,
            end: chars.at(s.end),
            terms,
        }
    }
}

#[cfg(test)]
mod count_tests {
    proptest::proptest! {
        /// Eight bytes at a time, the count of the byte-by-byte filter, at every cut.
        #[test]
        fn counts_what_the_filter_counts(text in "[a é€😀Ж\\u{80}]{0,700}") {
            let b = text.as_bytes();
            for cut in [0, 1, 7, 8, 9, b.len() / 2, b.len()] {
                let part = &b[cut.min(b.len())..];
                let want = part.iter().filter(|&&x| x & 0xC0 != 0x80).count();
                proptest::prop_assert_eq!(super::count_chars(part), want);
            }
        }
    }
}

/// The rows as serde's derived serializers wrote them, before [`super::json`] wrote them by
/// hand: the reference the hand-written rows are compared with, byte for byte.
#[cfg(test)]
pub(super) mod serde_rows {
    use serde::ser::SerializeMap;
    use serde::{Serialize, Serializer};

    use super::SentenceChars;
    use crate::features::FrameHit;
    use crate::model::SentencePrediction;

    /// Label → probability, in label order (labels are sorted, so this is key order).
    pub(crate) struct Probs<'a>(pub &'a [String], pub &'a [f64]);

    impl Serialize for Probs<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len().min(self.1.len())))?;
            for (l, v) in self.0.iter().zip(self.1) {
                m.serialize_entry(l, v)?;
            }
            m.end()
        }
    }

    /// The input columns carried through, as `name: value` entries of the row.
    pub(crate) struct Kept<'a>(pub &'a [String], pub &'a [String]);

    impl Serialize for Kept<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0.iter().zip(self.1) {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    /// A frame hit with its keys in sorted order.
    #[derive(Serialize)]
    pub(crate) struct HitRow<'a> {
        attributed: bool,
        end: usize,
        end_char: usize,
        frame: &'a str,
        matched: &'a str,
        neutral_context: bool,
        quoted: bool,
        scare_quoted: bool,
        stance: &'a str,
        start: usize,
        start_char: usize,
        term: &'a str,
    }

    impl<'a> HitRow<'a> {
        fn new(h: &'a FrameHit, (start_char, end_char): (usize, usize)) -> Self {
            HitRow {
                attributed: h.attributed,
                end: h.end,
                end_char,
                frame: &h.frame,
                matched: &h.matched,
                neutral_context: h.neutral_context,
                quoted: h.quoted,
                scare_quoted: h.scare_quoted,
                stance: &h.stance,
                start: h.start,
                start_char,
                term: &h.term,
            }
        }
    }

    /// What a row says beside its scores: the record's id, the model and the kept columns
    /// (sentence rows of an article row carry none of them).
    pub(crate) struct RowMeta<'a> {
        pub id: &'a str,
        pub model: Option<&'a str>,
        pub kept: Kept<'a>,
    }

    /// A sentence row with its keys in sorted order; `doc_id`, `model`, `status` and the kept
    /// columns only at sentence level.
    #[derive(Serialize)]
    pub(crate) struct SentenceRow<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        doc_id: Option<&'a str>,
        end: usize,
        end_char: usize,
        frame: Option<&'a str>,
        frame_probs: Option<Probs<'a>>,
        /// A linear SVM frame head's decision scores.
        #[serde(skip_serializing_if = "Option::is_none")]
        frame_scores: Option<Probs<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        model: Option<&'a str>,
        sent_id: usize,
        stance: &'a str,
        stance_probs: Probs<'a>,
        /// A linear SVM stance head's decision scores.
        #[serde(skip_serializing_if = "Option::is_none")]
        stance_scores: Option<Probs<'a>>,
        start: usize,
        start_char: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<&'a str>,
        terms: Vec<HitRow<'a>>,
        text: &'a str,
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        kept: Option<Kept<'a>>,
    }

    impl<'a> SentenceRow<'a> {
        pub fn new(
            meta: Option<RowMeta<'a>>,
            s: &'a SentencePrediction,
            chars: &SentenceChars,
            stance_labels: &'a [String],
            frame_labels: &'a [String],
        ) -> Self {
            let (doc_id, model, kept) = match meta {
                Some(m) => (Some(m.id), m.model, Some(m.kept)),
                None => (None, None, None),
            };
            SentenceRow {
                doc_id,
                end: s.end,
                end_char: chars.end,
                frame: s.frame.as_deref(),
                frame_probs: s.frame_probs.as_deref().map(|p| Probs(frame_labels, p)),
                frame_scores: s.frame_scores.as_deref().map(|p| Probs(frame_labels, p)),
                model,
                sent_id: s.sent_id,
                stance: &s.stance,
                stance_probs: Probs(stance_labels, &s.stance_probs),
                stance_scores: s.stance_scores.as_deref().map(|p| Probs(stance_labels, p)),
                start: s.start,
                start_char: chars.start,
                status: doc_id.map(|_| "ok"),
                terms: s
                    .terms
                    .iter()
                    .zip(&chars.terms)
                    .map(|(t, &c)| HitRow::new(t, c))
                    .collect(),
                text: &s.text,
                kept: kept.filter(|k| !k.0.is_empty()),
            }
        }
    }

    /// An article row with its keys in sorted order, the kept columns last.
    #[derive(Serialize)]
    pub(crate) struct DocumentRow<'a> {
        pub doc_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub model: Option<&'a str>,
        pub n_sentences: usize,
        pub sentences: Vec<SentenceRow<'a>>,
        pub stance: &'a str,
        pub stance_probs: Probs<'a>,
        pub status: &'a str,
        #[serde(flatten)]
        pub kept: Kept<'a>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let t = "Грузия — “occupied” 😀 x";
        let mut c = CharOffsets::new(t);
        let want = |b: usize| t[..b].chars().count();
        for b in [
            0,
            2,
            12,
            t.find('o').unwrap(),
            t.find('x').unwrap(),
            t.len(),
        ] {
            assert_eq!(c.at(b), want(b), "byte {b}");
        }
        // Asked out of order, it starts again and still answers right.
        assert_eq!(c.at(2), 1);
        let mut a = CharOffsets::new("plain");
        assert_eq!(a.at(4), 4);
    }
}
