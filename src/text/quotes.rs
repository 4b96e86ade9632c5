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
        prev = Some(c);
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// Whether the byte range `[start, end)` lies inside one of `spans`.
pub fn is_inside(spans: &[Span], start: usize, end: usize) -> bool {
    spans.iter().any(|s| s.start <= start && end <= s.end)
}

/// The quoted span containing `[start, end)`, if any.
pub fn enclosing(spans: &[Span], start: usize, end: usize) -> Option<Span> {
    spans
        .iter()
        .copied()
        .find(|s| s.start <= start && end <= s.end)
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
}
