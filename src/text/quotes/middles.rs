//! Quotations over several sentences: which of an article's sentences are a quotation's
//! middle, with no quote mark of their own, and how such a sentence is read.

use super::paired_spans;

/// How many sentences a quotation's middle may run without a quote mark: a longer stretch
/// is more likely a stray mark's than one quotation's.
const MAX_MIDDLE: usize = 4;

/// The opening mark put before a quotation's middle sentence when it is read: the
/// sentence then opens a quote it does not close, as its first sentence did.
pub const QUOTATION_OPEN: &str = "“";

/// Which of an article's sentences (in reading order) stand wholly inside a quotation
/// begun in an earlier sentence and closed in a later one: no quote mark of their own, the
/// nearest earlier sentence with a double quote mark leaves one open at its end, and the
/// nearest later one closes a quote it did not open, each at most `MAX_MIDDLE`
/// sentences away. Such a middle sentence ("It wants the world to forget.") holds no mark
/// at all, so only its neighbours tell that it is someone's speech; read alone it would be
/// the outlet's own voice.
pub fn quotation_middles<S: AsRef<str>>(sentences: &[S]) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum Marks {
        None,
        /// Has marks; whether it opens a quote it leaves open, and whether it closes
        /// one it did not open.
        Some {
            opens: bool,
            closes: bool,
        },
    }
    let marks: Vec<Marks> = sentences
        .iter()
        .map(|s| {
            let s = s.as_ref();
            if !has_double_mark(s) {
                return Marks::None;
            }
            let (_, open, orphan) = paired_spans(s, true);
            Marks::Some {
                opens: open.is_some_and(|o| s[o..].chars().any(char::is_alphanumeric)),
                closes: orphan.is_some(),
            }
        })
        .collect();
    let n = marks.len();
    (0..n)
        .map(|i| {
            if marks[i] != Marks::None {
                return false;
            }
            let before = (i.saturating_sub(MAX_MIDDLE)..i)
                .rev()
                .find(|&j| marks[j] != Marks::None);
            let after = (i + 1..(i + 1 + MAX_MIDDLE).min(n)).find(|&k| marks[k] != Marks::None);
            matches!(
                before.map(|j| marks[j]),
                Some(Marks::Some { opens: true, .. })
            ) && matches!(
                after.map(|k| marks[k]),
                Some(Marks::Some { closes: true, .. })
            )
        })
        .collect()
}

/// Whether `s` holds a double quote mark (`"` `“` `”` `«` `»` `„`). Jumps with `memchr` from
/// one byte that may start one (`"`, and the lead bytes `0xC2` of `«` `»` and `0xE2` of
/// `“` `”` `„`) to the next and looks at the bytes after it there: `contains` with an
/// array of chars decoded every character of every sentence, and was most of reading an
/// article's quotations (33M of 46M instructions on 500 seed articles).
fn has_double_mark(s: &str) -> bool {
    let b = s.as_bytes();
    let mut at = 0;
    while let Some(off) = memchr::memchr3(b'"', 0xC2, 0xE2, &b[at..]) {
        let i = at + off;
        let found = match b[i] {
            b'"' => true,
            // `«` is C2 AB, `»` C2 BB.
            0xC2 => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
            // `“` `”` `„` are E2 80 9C, 9D, 9E.
            _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C..=0x9E)),
        };
        if found {
            return true;
        }
        at = i + 1;
    }
    false
}

/// A quotation's middle sentence as it is read: behind [`QUOTATION_OPEN`]. Offsets into
/// the result are `QUOTATION_OPEN.len()` bytes past those of `sentence`.
pub fn read_in_quotation(sentence: &str) -> String {
    format!("{QUOTATION_OPEN}{sentence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::quotes::QuoteSpans;

    #[test]
    fn double_marks_are_found_as_contains_finds_them() {
        let marks = ['"', '“', '”', '«', '»', '„'];
        let others = [
            "",
            "plain",
            "it’s ‘so-called’",
            "a — b … c",
            "é ü ß",
            "Цхинвали",
            "\u{201F}‟ \u{AC}",
        ];
        for t in others {
            assert!(!has_double_mark(t), "{t:?}");
            for m in marks {
                for s in [format!("{m}{t}"), format!("{t}{m}"), format!("{t}{m}{t}")] {
                    assert!(has_double_mark(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn middles_are_the_unmarked_sentences_between_an_open_and_a_close() {
        let article = [
            "Lavrov spoke on Monday.",
            "“We respect their choice.",
            "They are a state.",
            "We will help them,” he said.",
            "The talks ended.",
        ];
        assert_eq!(
            quotation_middles(&article),
            vec![false, false, true, false, false]
        );
        // Straight marks alike; no close after it, no middle.
        assert_eq!(
            quotation_middles(&["He said: \"We stay.", "They go.", "Done.\" He left."]),
            vec![false, true, false]
        );
        assert_eq!(
            quotation_middles(&["He said: “We stay.", "They go.", "Done."]),
            vec![false, false, false]
        );
        // A balanced quote before does not open anything.
        assert_eq!(
            quotation_middles(&["He said “no”.", "They go.", "Done,” he said."]),
            vec![false, false, false]
        );
        let read = read_in_quotation("They are a state.");
        let q = QuoteSpans::of(&read);
        assert!(q.is_carried(q.spans()[0]));
        assert_eq!(q.spans()[0].slice(&read), "They are a state.");
    }
}
