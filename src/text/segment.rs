//! Sentence segmentation tuned for news copy.
//!
//! News breaks the textbook rules: headlines and datelines stand on their own line without a
//! full stop, initials ("A. M. Dzhioev") and dotted acronyms ("U.N.") are not sentence ends,
//! a quotation can close a sentence (`.”`), and scraped text wraps lines mid-sentence. The
//! segmenter works in two passes: lines are grouped into blocks (a blank line, a line that
//! ends a sentence, or a headline-like line followed by a capitalised line closes a block;
//! in hard-wrapped text, not a line the wrap broke), then each block is cut at terminal
//! punctuation that is followed by a sentence start.
//!
//! Spans are byte offsets into the input, so the tagger and the scorer can point back into
//! the original article, and every non-whitespace character lands in exactly one sentence.

mod wrap;

use wrap::WrapWidth;

/// A sentence as a byte range of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "st", "jr", "sr",
    "rev", "hon", "gov", "sen", "rep", "amb", "pres", "vs", "etc", "e.g", "i.e", "cf", "approx",
    "no", "nos", "vol", "inc", "ltd", "co", "corp", "dept", "est", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri",
    "sat", "sun", "fig", "p", "pp",
];

/// Capitalised words that very often open a sentence. After a dotted acronym ("the U.S.")
/// one of these signals a sentence end; a name or a noun ("U.N. General Assembly") does not.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "however",
    "meanwhile",
    "as",
    "after",
    "before",
    "according",
    "there",
    "his",
    "her",
    "their",
    "our",
    "when",
    "while",
    "if",
    "for",
    "since",
    "some",
    "many",
    "most",
    "both",
    "russia",
    "georgia",
    "moscow",
    "tbilisi",
];

const CLOSERS: &[char] = &['"', '”', '’', '\'', ')', ']', '»', '»'];
const OPENERS: &[char] = &['"', '“', '‘', '\'', '(', '[', '«', '„'];

/// Splits articles into sentences. Stateless; `Segmenter::default()` is all most callers need.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    _private: (),
}

impl Segmenter {
    pub fn new() -> Self {
        Self::default()
    }

    /// The sentences of `text`, as trimmed byte spans in reading order. A "sentence" longer
    /// than [`MAX_SENTENCE_BYTES`] (text without full stops: a scraped table, a run of
    /// words) is cut at the last whitespace before that length.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        for block in blocks(text) {
            let from = out.len();
            split_block(text, block, &mut out);
            if out[from..]
                .iter()
                .any(|s| s.end - s.start > MAX_SENTENCE_BYTES)
            {
                let long: Vec<Span> = out.drain(from..).collect();
                for s in long {
                    cut_long(text, s, &mut out);
                }
            }
        }
        out
    }

    /// The sentences of `text` as string slices.
    pub fn sentences<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.split(text).iter().map(|s| s.slice(text)).collect()
    }
}

/// The longest sentence: the work and memory of scoring one grow with its length, and
/// the n-grams of a sentence 16 KiB long are as many as those of its pieces.
pub const MAX_SENTENCE_BYTES: usize = 16 << 10;

/// Pushes `s` cut into pieces of at most [`MAX_SENTENCE_BYTES`], at the last whitespace
/// before the limit (or the last character boundary where there is none), trimmed.
fn cut_long(text: &str, s: Span, out: &mut Vec<Span>) {
    let mut start = s.start;
    while s.end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let piece = &text[start..limit];
        let cut = piece
            .rfind(char::is_whitespace)
            .filter(|&p| p > 0)
            .map_or(limit, |p| start + p);
        push_trimmed(0, &text[start..cut], start, out);
        start = cut;
    }
    push_trimmed(0, &text[start..s.end], start, out);
}

/// Groups lines into blocks that may hold several sentences but never straddle a boundary.
fn blocks(text: &str) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut current: Option<Span> = None;
    let mut offset = 0;
    // Read the first time a line would close its block: a text where none does (one line,
    // or lines joined by lowercase continuations) never pays for it.
    let mut width: Option<Option<WrapWidth>> = None;
    // Lines are looked at with the next one, not collected: a text of many short lines
    // would otherwise hold a slice per line.
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = Span {
            start: start + lead,
            end: start + lead + trimmed.len(),
        };
        current = Some(match current {
            Some(b) => Span {
                start: b.start,
                end: span.end,
            },
            None => span,
        });
        let next = lines.peek().map(|l| l.trim()).unwrap_or("");
        if next.is_empty()
            || (line_closes_block(trimmed, next)
                && !width
                    .get_or_insert_with(|| WrapWidth::of(text))
                    .is_some_and(|w| w.broke(trimmed, next)))
        {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
        }
    }
    if let Some(b) = current {
        blocks.push(b);
    }
    blocks
}

/// A line ends its block when it ends a sentence, or when it has no terminal punctuation
/// (a headline, a dateline) and the next line starts like a new sentence. A lowercase next
/// line is a wrapped continuation. In hard-wrapped text, `blocks` keeps a line the wrap
/// broke in its block whatever this says ([`WrapWidth::broke`]).
fn line_closes_block(line: &str, next: &str) -> bool {
    let ends_terminal = ends_terminal(line);
    let next_starts = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || OPENERS.contains(&c));
    ends_terminal || next_starts
}

/// Whether `line` ends with terminal punctuation or a colon, closing quotes and brackets
/// aside.
fn ends_terminal(line: &str) -> bool {
    line.trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', '…', ':'])
}

/// The terminal punctuation char starting at byte `i` (`.`, `!`, `?` or `…`), if any.
#[inline]
fn terminal_at(b: &[u8], i: usize) -> Option<(char, usize)> {
    match b[i] {
        b'.' => Some(('.', 1)),
        b'!' => Some(('!', 1)),
        b'?' => Some(('?', 1)),
        0xE2 if b.get(i + 1..i + 3) == Some(&[0x80, 0xA6]) => Some(('…', 3)),
        _ => None,
    }
}

/// Cuts a block at terminal punctuation followed by a sentence start. Scans bytes (every
/// candidate is ASCII or the lead byte of `…`, so positions stay on char boundaries) and
/// decodes chars only around candidates.
fn split_block(text: &str, block: Span, out: &mut Vec<Span>) {
    let s = &text[block.start..block.end];
    let b = s.as_bytes();
    let char_at = |at: usize| s[at..].chars().next();
    let mut sent_start = 0;
    let mut i = 0;
    // Jump from candidate to candidate with memchr; `…` is found by its lead byte.
    let mut next_e2 = memchr::memchr(0xE2, b).unwrap_or(b.len());
    loop {
        if next_e2 < i {
            next_e2 = memchr::memchr(0xE2, &b[i..]).map_or(b.len(), |p| i + p);
        }
        i = memchr::memchr3(b'.', b'!', b'?', &b[i..next_e2.max(i)]).map_or(next_e2, |p| i + p);
        if i >= b.len() {
            break;
        }
        let Some((c, len)) = terminal_at(b, i) else {
            i += 1;
            continue;
        };
        // Swallow runs of terminal punctuation and closing quotes/brackets.
        let mut j = i + len;
        while let Some((_, l)) = (j < b.len()).then(|| terminal_at(b, j)).flatten() {
            j += l;
        }
        while let Some(ch) = char_at(j).filter(|ch| CLOSERS.contains(ch)) {
            j += ch.len_utf8();
        }
        if char_at(j).is_some_and(|ch| !ch.is_whitespace()) {
            i += len;
            continue;
        }
        let mut k = j;
        while let Some(ch) = char_at(k).filter(|ch| ch.is_whitespace()) {
            k += ch.len_utf8();
        }
        let Some(next) = char_at(k) else {
            break;
        };
        let next_starts = next.is_uppercase() || next.is_numeric() || OPENERS.contains(&next);
        let is_break = next_starts && (c != '.' || !is_non_final_period(s, i, k));
        if is_break {
            push_trimmed(block.start, &s[sent_start..j], sent_start, out);
            sent_start = k;
        }
        i = j;
    }
    push_trimmed(block.start, &s[sent_start..], sent_start, out);
}

/// Decides whether the full stop at `dot` belongs to an abbreviation, an initial or an
/// acronym rather than ending the sentence; `next` is the byte offset of the first char of
/// the next word (a byte offset, so the lookup does not rescan the block from its start).
fn is_non_final_period(s: &str, dot: usize, next: usize) -> bool {
    let before = &s[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || OPENERS.contains(&c))
        .map(|p| p + before[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // An ASCII word is compared without a lowercased copy (the same test: the list is
    // lowercase ASCII).
    let abbreviation = if word.is_ascii() {
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        ABBREVIATIONS.contains(&word.to_lowercase().as_str())
    };
    if abbreviation {
        return true;
    }
    // A single capital letter is an initial ("A. M. Dzhioev"); dotted letters are an acronym.
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let is_acronym = word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() <= 2 && !p.is_empty());
    if !(is_initial || is_acronym) {
        // The next word only matters after an initial or an acronym: not copied otherwise.
        return false;
    }
    let next_word: String = s[next..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    !SENTENCE_STARTERS.contains(&next_word.as_str())
}

fn push_trimmed(base: usize, piece: &str, offset: usize, out: &mut Vec<Span>) {
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    let start = base + offset + lead;
    out.push(Span {
        start,
        end: start + trimmed.len(),
    });
}

#[cfg(test)]
mod tests;
