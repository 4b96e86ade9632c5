//! Segmenter and tokenizer on arbitrary UTF-8.
//!
//! `Segmenter::split` must return spans in reading order, inside the text, on char
//! boundaries, and every non-whitespace char must fall in exactly one span.
//! `Tokenizer::tokenize` must not panic and its token offsets must be char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancer::text::{Segmenter, Tokenizer};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    let spans = Segmenter::new().split(text);
    let mut prev_end = 0usize;
    for (k, s) in spans.iter().enumerate() {
        assert!(s.start <= s.end, "span {k} {s:?} has start > end");
        assert!(s.end <= text.len(), "span {k} {s:?} ends past the text ({})", text.len());
        assert!(
            s.start >= prev_end,
            "span {k} {s:?} starts before the previous span's end {prev_end} (out of order or overlapping)"
        );
        assert!(text.is_char_boundary(s.start), "span {k} {s:?}: start not on a char boundary");
        assert!(text.is_char_boundary(s.end), "span {k} {s:?}: end not on a char boundary");
        prev_end = s.end;
    }
    // Spans are ordered and disjoint, so "in some span" means "in exactly one span".
    let mut si = 0usize;
    for (i, c) in text.char_indices() {
        while si < spans.len() && spans[si].end <= i {
            si += 1;
        }
        let covered = si < spans.len() && spans[si].start <= i && i < spans[si].end;
        if !c.is_whitespace() {
            assert!(
                covered,
                "non-whitespace char {c:?} at byte {i} is in no sentence span; spans = {spans:?}"
            );
        }
    }
    // The slice helper must not panic either.
    for s in &spans {
        let _ = s.slice(text);
    }

    let tokens = Tokenizer::new(true).tokenize(text);
    for t in &tokens {
        assert!(t.start <= t.end && t.end <= text.len(), "token {t:?} out of range");
        assert!(text.is_char_boundary(t.start), "token {t:?}: start not on a char boundary");
        assert!(text.is_char_boundary(t.end), "token {t:?}: end not on a char boundary");
    }
});
