//! Hard-wrapped text: prose broken into lines of a fixed width (e-mail, newsgroup posts,
//! text pulled out of PDFs, UN speeches as plain text).
//!
//! The block rule of the segmenter reads a line without a full stop followed by a
//! capitalised line as a headline. In wrapped prose that line is most often a sentence
//! broken before a name ("... the withdrawal of its troops from\nSouth Ossetia"): seed
//! articles wrapped at 72 columns lost four sentences in ten that way. A wrapped text
//! shows itself by lines that break before a lowercase word, all about as long; once
//! its width is known, a line that stops where the next word would not have fitted was
//! broken by the wrap, not by the writer, and whether a sentence ends there is left to
//! the punctuation, as in unwrapped prose. A shorter line (a headline, a dateline, the
//! last line of a paragraph) still closes its block.

/// Breaks before a lowercase word needed to call a text wrapped: one or two such breaks
/// are what scraped text with an inline link or a stray line break also has.
const MIN_PROVEN_BREAKS: usize = 3;

/// Widths below this are not prose wrapping (a column of words, a verse, a table).
const MIN_WIDTH: usize = 30;

/// A wrapped text's width, read once per text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WrapWidth(usize);

impl WrapWidth {
    /// The width `text` was wrapped at, if it was: the longest line that breaks before a
    /// lowercase word, provided there are [`MIN_PROVEN_BREAKS`] of them and two in three
    /// are within a quarter of the longest (wrapping fills lines; stray breaks do not).
    pub(super) fn of(text: &str) -> Option<WrapWidth> {
        let mut widths = Vec::new();
        let mut lines = text.lines().map(str::trim).peekable();
        while let Some(line) = lines.next() {
            let Some(next) = lines.peek() else { break };
            if line.is_empty() || next.is_empty() || super::ends_terminal(line) {
                continue;
            }
            if next.chars().next().is_some_and(char::is_lowercase) {
                widths.push(line.chars().count());
            }
        }
        let width = widths.iter().copied().max()?;
        let full = widths.iter().filter(|&&w| 4 * w >= 3 * width).count();
        (widths.len() >= MIN_PROVEN_BREAKS && width >= MIN_WIDTH && 3 * full >= 2 * widths.len())
            .then_some(WrapWidth(width))
    }

    /// Whether `line` (trimmed) was ended by the wrap: the first word of `next` would not
    /// have fitted after it (within a sixth of the width, for proportional fonts in PDF
    /// text), and it is not much longer than the width (the width is read from a few
    /// lines, so it can fall a little short; a line far longer was not wrapped).
    pub(super) fn broke(self, line: &str, next: &str) -> bool {
        let len = line.chars().count();
        let word = next
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        4 * len <= 5 * self.0 && 6 * (len + 1 + word) > 5 * self.0
    }
}
