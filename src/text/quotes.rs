//! Where quotation marks open and close inside a sentence.
//!
//! Scare quotes flip a frame ("independence" asserted is `independent`, “independence” in
//! quotes is `occupied`), and long quotations are someone else's voice. Both the tokenizer
//! and the frame tagger need to know which bytes stand inside quotes, and they must agree,
//! so the rule lives here once.
//!
//! Curly and guillemet quotes pair by shape; a straight `"` toggles; a single `‘` opens at a
//! word start and `’` closes only when it is not an apostrophe (followed by a letter).

use super::segment::Span;

/// The byte ranges of `text` that stand inside quotation marks (the marks excluded).
pub fn quoted_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    quoted_spans_into(text, &mut spans);
    spans
}

/// [`quoted_spans`] into `spans` (emptied first), reusing its buffer.
fn quoted_spans_into(text: &str, spans: &mut Vec<Span>) {
    spans.clear();
    let bytes = text.as_bytes();
    let mut double_open: Option<usize> = None;
    let mut single_open: Option<usize> = None;
    // Only a quote character changes anything: jump from one byte that may start one
    // (`"`, `'`, or the lead byte of `«` `»` and of `“` `”` `„` `‘` `’`) to the next, and
    // decode the characters around it only there. Char by char, this scan was 5% of
    // scoring's instructions.
    let mut at = 0;
    while let Some(off) = bytes[at..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | 0xC2 | 0xE2))
    {
        let i = at + off;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let after = i + c.len_utf8();
        at = after;
        let prev = text[..i].chars().next_back();
        let next = text[after..].chars().next();
        match c {
            '“' | '«' | '„' if double_open.is_none() => double_open = Some(after),
            '”' | '»' => {
                if let Some(s) = double_open.take() {
                    spans.push(Span { start: s, end: i });
                }
            }
            '"' => match double_open.take() {
                Some(s) => spans.push(Span { start: s, end: i }),
                None => double_open = Some(after),
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
}

impl QuoteSpans {
    /// The quoted spans of `text`.
    pub fn of(text: &str) -> Self {
        let mut q = QuoteSpans::default();
        q.fill(text);
        q
    }

    /// Replaces the spans with those of `text`, reusing the buffers.
    pub fn fill(&mut self, text: &str) {
        self.clear();
        quoted_spans_into(text, &mut self.spans);
        let mut max = 0;
        self.max_end.extend(self.spans.iter().map(|s| {
            max = max.max(s.end);
            max
        }));
    }

    pub fn clear(&mut self) {
        self.spans.clear();
        self.max_end.clear();
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
    fn unclosed_quote_yields_nothing() {
        assert!(quoted("he said “we will").is_empty());
    }

    /// The scans the index replaced: the first span in order that contains the range.
    fn enclosing_by_scan(spans: &[Span], start: usize, end: usize) -> Option<Span> {
        spans
            .iter()
            .copied()
            .find(|s| s.start <= start && end <= s.end)
    }

    /// The scan before it jumped between quote bytes: the reference it must agree with.
    fn quoted_spans_by_chars(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut double_open: Option<usize> = None;
        let mut single_open: Option<usize> = None;
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            let after = i + c.len_utf8();
            match c {
                '“' | '«' | '„' if double_open.is_none() => double_open = Some(after),
                '”' | '»' => {
                    if let Some(s) = double_open.take() {
                        spans.push(Span { start: s, end: i });
                    }
                }
                '"' => match double_open.take() {
                    Some(s) => spans.push(Span { start: s, end: i }),
                    None => double_open = Some(after),
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
        spans
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn jumping_between_quote_bytes_finds_the_spans_of_the_char_scan(
            text in "[a1 .,\"“”«»„‘’'—éЖ]{0,80}",
        ) {
            proptest::prop_assert_eq!(quoted_spans(&text), quoted_spans_by_chars(&text));
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
