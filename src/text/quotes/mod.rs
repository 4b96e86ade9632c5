//! Where quotation marks open and close inside a sentence.
//!
//! Scare quotes flip a frame ("independence" asserted is `independent`, “independence” in
//! quotes is `occupied`), and long quotations are someone else's voice. Both the tokenizer
//! and the frame tagger need to know which bytes stand inside quotes, and they must agree,
//! so the rule lives here once.
//!
//! Curly and guillemet quotes pair by shape; a straight `"` toggles; a single `‘` opens at a
//! word start and `’` closes only when it is not an apostrophe (followed by a letter).
//!
//! A quotation often runs over several sentences (“We respect their choice. We will help
//! them,” Lavrov said.), and the segmenter cuts it at its own sentence ends, so one sentence
//! opens a quote it does not close and the next closes one it did not open. Both halves are
//! the speaker's words: a double quote left open at a sentence's end reaches to the end, and
//! a closing double quote with none open reaches back to the start. Such a span is
//! [`carried`](QuoteSpans::is_carried): a quotation, never a scare quote, however few words
//! of it the sentence holds. The composed corpus has no such quotes; real wire copy is full
//! of them.

use super::segment::Span;

mod middles;
mod scan;
pub use middles::{quotation_middles, read_in_quotation, QUOTATION_OPEN};

/// The byte ranges of `text` that stand inside quotation marks (the marks excluded).
pub fn quoted_spans(text: &str) -> Vec<Span> {
    marked_spans(text, true)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// [`quoted_spans`], each with whether it is carried over a sentence end; `carry: false`
/// pairs marks within the sentence only, as models trained before carried quotes did
/// (`cross_sentence_quotes` off).
fn marked_spans(text: &str, carry: bool) -> Vec<(Span, bool)> {
    let (paired, open, orphan) = paired_spans(text, carry);
    if !carry {
        return paired.into_iter().map(|s| (s, false)).collect();
    }
    let mut spans: Vec<(Span, bool)> = paired.into_iter().map(|s| (s, false)).collect();
    if let Some(end) = orphan {
        spans.push((Span { start: 0, end }, true));
    }
    if let Some(start) = open {
        // An opening mark with words after it: a quotation going on past the sentence.
        if text[start..].chars().any(char::is_alphanumeric) {
            spans.push((
                Span {
                    start,
                    end: text.len(),
                },
                true,
            ));
        }
    }
    spans.sort_by_key(|(s, _)| s.start);
    spans
}

/// Whether a straight `"` between `prev` and `next` reads as a closing mark: after a word or
/// a stop, before a space, a stop or the end (`...relations." He`), not before a word.
fn closes_straight(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| !p.is_whitespace() && !matches!(p, '(' | '[' | '—' | '–' | ':'))
        && next.is_none_or(|n| !n.is_alphanumeric())
}

/// The paired spans, the start of a double quote left open at the end, and the position of
/// the first closing double quote that had none open (only looked for with `carry`: without
/// it a straight mark with none open opens, as it always did).
fn paired_spans(text: &str, carry: bool) -> (Vec<Span>, Option<usize>, Option<usize>) {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut double_open: Option<usize> = None;
    let mut single_open: Option<usize> = None;
    let mut orphan: Option<usize> = None;
    // A closer can be an orphan only before anything has been quoted in the sentence.
    let mut seen_double = false;
    // Only a quote character changes anything: jump from one byte that may start one
    // (`"`, `'`, or the lead byte of `«` `»` and of `“` `”` `„` `‘` `’`) to the next, and
    // decode the characters around it only there. Char by char, this scan was 5% of
    // scoring's instructions.
    let mut at = 0;
    while let Some(i) = scan::next_quote_start(bytes, at) {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let after = i + c.len_utf8();
        at = after;
        let prev = text[..i].chars().next_back();
        let next = text[after..].chars().next();
        match c {
            '“' | '«' | '„' if double_open.is_none() => {
                double_open = Some(after);
                seen_double = true;
            }
            '”' | '»' => match double_open.take() {
                Some(s) => spans.push(Span { start: s, end: i }),
                None if !seen_double => {
                    orphan = Some(i);
                    seen_double = true;
                }
                None => {}
            },
            '"' => match double_open.take() {
                Some(s) => spans.push(Span { start: s, end: i }),
                None if carry && !seen_double && closes_straight(prev, next) => {
                    orphan = Some(i);
                    seen_double = true;
                }
                None => {
                    double_open = Some(after);
                    seen_double = true;
                }
            },
            '‘' if single_open.is_none() && prev.is_none_or(|p| !p.is_alphanumeric()) => {
                single_open = Some(after)
            }
            '’' | '\'' if single_open.is_some() && next.is_none_or(|n| !n.is_alphanumeric()) => {
                if let Some(s) = single_open.take() {
                    spans.push(Span { start: s, end: i });
                }
            }
            '\'' if single_open.is_none()
                && prev.is_none_or(|p| p.is_whitespace())
                && next.is_some_and(char::is_alphanumeric) =>
            {
                single_open = Some(after);
            }
            _ => {}
        }
    }
    spans.sort_by_key(|s| s.start);
    (spans, double_open, orphan)
}

/// The quoted spans of a text, indexed so that "which span encloses `[start, end)`" is two
/// binary searches rather than a scan of every span: asked once per token, a scan made
/// scoring quadratic in the number of quotes (1.3 MB of `"a ` took 48 s).
///
/// Spans are kept in [`quoted_spans`]'s order (by start), with the running maximum of their
/// ends: the spans before index `k` reach `end` exactly when that maximum does, and the
/// first of them to do so is the first enclosing span in order.
#[derive(Debug, Clone, Default)]
pub struct QuoteSpans {
    spans: Vec<Span>,
    max_end: Vec<usize>,
    /// The starts of the spans carried over a sentence end (at most two: one reaching back
    /// to the start, one reaching on to the end).
    carried: Vec<usize>,
}

impl QuoteSpans {
    /// The quoted spans of `text`.
    pub fn of(text: &str) -> Self {
        Self::of_with(text, true)
    }

    /// The quoted spans of `text`, carried over sentence ends or not (`marked_spans`).
    pub fn of_with(text: &str, carry: bool) -> Self {
        let mut q = QuoteSpans::default();
        q.fill_with(text, carry);
        q
    }

    /// Replaces the spans with those of `text`, reusing the buffers.
    pub fn fill(&mut self, text: &str) {
        self.fill_with(text, true)
    }

    /// [`fill`](Self::fill), carried over sentence ends or not.
    pub fn fill_with(&mut self, text: &str, carry: bool) {
        self.clear();
        for (span, carried) in marked_spans(text, carry) {
            if carried {
                self.carried.push(span.start);
            }
            self.spans.push(span);
        }
        let mut max = 0;
        self.max_end.extend(self.spans.iter().map(|s| {
            max = max.max(s.end);
            max
        }));
    }

    pub fn clear(&mut self) {
        self.spans.clear();
        self.max_end.clear();
        self.carried.clear();
    }

    /// Whether `span` (one of these spans) is a quotation carried over a sentence end. A
    /// start names its span: a pair starts after its opening mark, so never at 0 (where the
    /// span reaching back starts), and no two marks share a position.
    pub fn is_carried(&self, span: Span) -> bool {
        self.carried.contains(&span.start)
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The spans, sorted by start.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The first span (by start) containing the byte range `[start, end)`, if any.
    pub fn enclosing(&self, start: usize, end: usize) -> Option<Span> {
        let k = self.spans.partition_point(|s| s.start <= start);
        if k == 0 || self.max_end[k - 1] < end {
            return None;
        }
        let j = self.max_end[..k].partition_point(|&m| m < end);
        Some(self.spans[j])
    }

    /// The first span (by start) that opens strictly inside `(start, end)` and closes by
    /// `end + 3`: quotes around the last part of a term (the Abkhaz “president”).
    pub fn first_opening_within(&self, start: usize, end: usize) -> Option<Span> {
        let k = self.spans.partition_point(|s| s.start <= start);
        self.spans
            .get(k)
            .copied()
            .filter(|s| s.start < end && s.end <= end + 3)
    }

    /// Whether the byte range `[start, end)` lies inside a quoted span.
    pub fn is_inside(&self, start: usize, end: usize) -> bool {
        let k = self.spans.partition_point(|s| s.start <= start);
        k > 0 && self.max_end[k - 1] >= end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(t: &str) -> Vec<&str> {
        quoted_spans(t).iter().map(|s| s.slice(t)).collect()
    }

    #[test]
    fn curly_straight_and_single_quotes() {
        assert_eq!(
            quoted("the “independence” of the \"state\" and ‘border’"),
            vec!["independence", "state", "border"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("Russia’s stance and Georgia's view").is_empty());
        assert_eq!(quoted("‘Moscow’s plan’ failed"), vec!["Moscow’s plan"]);
    }

    #[test]
    fn a_quote_left_open_reaches_the_sentence_end() {
        let t = "He said: “We respect their choice.";
        assert_eq!(quoted(t), vec!["We respect their choice."]);
        let q = QuoteSpans::of(t);
        assert!(q.is_carried(q.spans()[0]));
        // Straight quotes alike; a mark with no words after it quotes nothing.
        assert_eq!(
            quoted("\"The Republic is recognized by us."),
            vec!["The Republic is recognized by us."]
        );
        assert!(quoted("he said “").is_empty());
        // Off (models saved before): only what the sentence opens and closes itself, and
        // a straight mark with none open opens, as it always did.
        assert!(QuoteSpans::of_with(t, false).is_empty());
        let old = QuoteSpans::of_with("relations.\" He said \"no\".", false);
        assert_eq!(
            old.spans()[0].slice("relations.\" He said \"no\"."),
            " He said "
        );
    }

    #[test]
    fn a_closing_quote_with_none_open_reaches_back_to_the_start() {
        let t = "We will help them,” Lavrov said.";
        assert_eq!(quoted(t), vec!["We will help them,"]);
        let t = "We will help them.\" He left.";
        assert_eq!(quoted(t), vec!["We will help them."]);
        let q = QuoteSpans::of(t);
        assert!(q.is_carried(q.spans()[0]));
        // A straight mark before a word opens; balanced quotes are not carried.
        assert_eq!(quoted("they call it \"occupation\"."), vec!["occupation"]);
        let q = QuoteSpans::of("they call it “occupation”.");
        assert!(!q.is_carried(q.spans()[0]));
        // A closer after a quote of the sentence's own closes nothing more.
        assert_eq!(quoted("the “state” and more” here"), vec!["state"]);
    }

    /// The scans the index replaced: the first span in order that contains the range.
    fn enclosing_by_scan(spans: &[Span], start: usize, end: usize) -> Option<Span> {
        spans
            .iter()
            .copied()
            .find(|s| s.start <= start && end <= s.end)
    }

    /// The scan before it jumped between quote bytes: the reference it must agree with.
    fn paired_spans_by_chars(text: &str, carry: bool) -> (Vec<Span>, Option<usize>, Option<usize>) {
        let mut spans = Vec::new();
        let mut double_open: Option<usize> = None;
        let mut single_open: Option<usize> = None;
        let mut orphan: Option<usize> = None;
        let mut seen_double = false;
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            let after = i + c.len_utf8();
            match c {
                '“' | '«' | '„' if double_open.is_none() => {
                    double_open = Some(after);
                    seen_double = true;
                }
                '”' | '»' => match double_open.take() {
                    Some(s) => spans.push(Span { start: s, end: i }),
                    None if !seen_double => {
                        orphan = Some(i);
                        seen_double = true;
                    }
                    None => {}
                },
                '"' => match double_open.take() {
                    Some(s) => spans.push(Span { start: s, end: i }),
                    None if carry && !seen_double && closes_straight(prev, next) => {
                        orphan = Some(i);
                        seen_double = true;
                    }
                    None => {
                        double_open = Some(after);
                        seen_double = true;
                    }
                },
                '‘' if single_open.is_none() && prev.is_none_or(|p| !p.is_alphanumeric()) => {
                    single_open = Some(after)
                }
                '’' | '\''
                    if single_open.is_some() && next.is_none_or(|n| !n.is_alphanumeric()) =>
                {
                    if let Some(s) = single_open.take() {
                        spans.push(Span { start: s, end: i });
                    }
                }
                '\'' if single_open.is_none()
                    && prev.is_none_or(|p| p.is_whitespace())
                    && next.is_some_and(char::is_alphanumeric) =>
                {
                    single_open = Some(after);
                }
                _ => {}
            }
            prev = Some(c);
        }
        spans.sort_by_key(|s| s.start);
        (spans, double_open, orphan)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn jumping_between_quote_bytes_finds_the_spans_of_the_char_scan(
            text in "[a1 .,\"“”«»„‘’'—éЖ]{0,80}",
        ) {
            for carry in [false, true] {
                proptest::prop_assert_eq!(
                    paired_spans(&text, carry),
                    paired_spans_by_chars(&text, carry)
                );
            }
        }

        /// On text dense with every kind of quote (nested, crossing, unclosed), the index
        /// answers every range exactly as the scan of all spans did.
        #[test]
        fn index_answers_as_the_linear_scan(
            text in "[a \"“”«»„‘’']{0,80}",
            ranges in proptest::collection::vec((0usize..90, 0usize..12), 0..40),
        ) {
            let q = QuoteSpans::of(&text);
            let all = quoted_spans(&text);
            proptest::prop_assert_eq!(q.spans(), all.as_slice());
            for (start, len) in ranges {
                let end = start + len;
                let want = enclosing_by_scan(q.spans(), start, end);
                proptest::prop_assert_eq!(q.enclosing(start, end), want, "{} {}..{}", text, start, end);
                proptest::prop_assert_eq!(q.is_inside(start, end), want.is_some());
            }
        }
    }
}
