//! Where a byte offset or a quoted span falls among a text's tokens.
//!
//! The hit rules ask this of every quoted hit; tokens are in text order and do not
//! overlap, so binary searches answer it, and a property test holds them to the scans
//! they replaced.

use super::Tok;
use crate::text::Span;

/// The first token starting at or after byte `at`. Tokens are in text order and do not
/// overlap, so starts (and ends) are sorted: a binary search, where a scan per hit made
/// tagging quadratic on text full of quoted terms.
pub(super) fn first_token_from(tokens: &[Tok<'_>], at: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.start < at);
    (i < tokens.len()).then_some(i)
}

/// How many tokens lie wholly inside `span` (binary searches, as in [`first_token_from`]).
pub(super) fn tokens_within(tokens: &[Tok<'_>], span: Span) -> usize {
    let from = tokens.partition_point(|t| t.start < span.start);
    let to = tokens.partition_point(|t| t.end <= span.end);
    to.saturating_sub(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokenizer;

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
}
