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

/// Breaks before a lowercase word needed to call a text wrapped: one such break is what
/// scraped text with a stray line break also has (seed 001 has one). Two of about the
/// same length, at least [`MIN_WIDTH`] long, are not something scraping makes: neither the
/// real seed and MFA pages nor the 645 Hyperpartisan articles hold two, while a wrapped
/// brief of four lines may hold no more (on 3,000 20 Newsgroups posts, 2,113 read as
/// wrapped with two against 1,789 with three; the posts that two adds are wrapped).
const MIN_PROVEN_BREAKS: usize = 2;

/// Widths below this are not prose wrapping (a column of words, a verse, a table).
const MIN_WIDTH: usize = 30;

/// The lengths in characters of the lines of `text` that break before a lowercase word
/// without ending a sentence: the breaks only a wrap makes.
fn breaks_before_lowercase(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut lines = text.lines().map(str::trim).peekable();
    std::iter::from_fn(move || {
        while let Some(line) = lines.next() {
            let next = lines.peek()?;
            if !line.is_empty()
                && !super::ends_terminal(line)
                && next.chars().next().is_some_and(char::is_lowercase)
            {
                return Some(line.chars().count());
            }
        }
        None
    })
}

/// A wrapped text's width, read once per text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WrapWidth(usize);

impl WrapWidth {
    /// The width `text` was wrapped at, if it was: the longest line that breaks before a
    /// lowercase word, provided there are [`MIN_PROVEN_BREAKS`] of them and two in three
    /// are within a quarter of the longest (wrapping fills lines; stray breaks do not).
    pub(super) fn of(text: &str) -> Option<WrapWidth> {
        // Two passes rather than a list of the widths: a 32 MiB record of one-letter lines
        // would make that list 128 MB.
        let (n, width) = breaks_before_lowercase(text).fold((0, 0), |(n, w), l| (n + 1, w.max(l)));
        if n < MIN_PROVEN_BREAKS || width < MIN_WIDTH {
            return None;
        }
        let full = breaks_before_lowercase(text)
            .filter(|&w| 4 * w >= 3 * width)
            .count();
        (3 * full >= 2 * n).then_some(WrapWidth(width))
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
