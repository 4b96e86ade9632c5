//! Checks a CSV's bytes beside the `csv` crate's parser, for the two faults it cannot name
//! well: invalid UTF-8 (it reports the byte inside a field, not in the
//! file) and an unbalanced quote (it silently swallows the rest of the file into one field,
//! or reports a wrong field count on a line far from the stray quote).

use std::path::Path;

use crate::error::StancerError;

mod quote_scan;

use quote_scan::State;
pub(crate) use quote_scan::{long_quotes, scan_quotes, LongQuote, QuoteScanner, TextAfterQuote};

/// The 1-based line and character column of byte `at`.
pub(crate) fn line_col(bytes: &[u8], at: usize) -> (u64, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, col)
}

/// An error at a quote that opens a field and never closes.
pub(crate) fn check_unclosed_quote(
    path: &Path,
    bytes: &[u8],
    quotes: &[LongQuote],
) -> Result<(), StancerError> {
    let Some(q) = quotes.iter().find(|q| !q.closed) else {
        return Ok(());
    };
    let (line, col) = line_col(bytes, q.open);
    Err(StancerError::Input {
        path: path.into(),
        line,
        message: format!(
            "unbalanced quote at column {col}: the quoted field that opens here is never \
             closed; expected a closing `\"` (write a literal quote inside a field as `\"\"`)"
        ),
    })
}

/// The error text for text after the closing quote of the one-line quoted field `t`;
/// `field` names it (`field in column `text``, `header field 2`).
pub(crate) fn text_after_quote_message(t: &TextAfterQuote, field: &str) -> String {
    format!(
        "text follows the closing quote of the quoted {field} (opened at column {}), at \
         column {}; it would be read without its quotes (`\"a\" b` as `a b`); expected a \
         delimiter or the line end after a closing quote (a field holding quote marks is \
         quoted whole, each mark doubled: `\"\"\"So-called\"\" elections\"`)",
        t.open_col, t.col
    )
}

/// How a quoted field that ran across line breaks seems to have swallowed rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swallow {
    /// Text follows its closing quote (see [`LongQuote::text_after`]): not well-formed CSV.
    TextAfterClose,
    /// The line it opens on reads as a full row if its opening quote is an ordinary
    /// character, and so does every line inside it: `lines` of them, the first at byte
    /// `first`. Well-formed CSV can look like this (a text field whose every line holds
    /// the right number of commas), so this is a warning, not an error.
    RowsInside { lines: usize, first: usize },
}

/// Whether the long quoted field `q` in `bytes` seems to have swallowed rows of a file whose
/// rows have `width` fields.
pub(crate) fn swallowed(
    bytes: &[u8],
    q: &LongQuote,
    delimiter: u8,
    width: usize,
) -> Option<Swallow> {
    if !q.closed {
        return None;
    }
    if q.text_after {
        return Some(Swallow::TextAfterClose);
    }
    if width < 2 {
        return None;
    }
    let line_start = bytes[..q.open]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let eol = |from: usize| memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p);
    let first_break = eol(q.open);
    if first_break >= q.close {
        return None;
    }
    let first_line = &bytes[line_start..first_break];
    if fields_on_line(first_line, delimiter, Some(q.open - line_start)) != width {
        return None;
    }
    let mut lines = 0;
    let mut at = first_break + 1;
    while at <= q.close && at < bytes.len() {
        let end = eol(at);
        if fields_on_line(&bytes[at..end], delimiter, None) != width {
            return None;
        }
        lines += 1;
        at = end + 1;
    }
    (lines > 0).then_some(Swallow::RowsInside {
        lines,
        first: first_break + 1,
    })
}

/// How many fields one line holds read alone, a quoted field ending at the line's end;
/// the quote at `literal` (if any) counts as an ordinary character.
fn fields_on_line(line: &[u8], delimiter: u8, literal: Option<usize>) -> usize {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut state = State::FieldStart;
    let mut fields = 1;
    for (i, &b) in line.iter().enumerate() {
        let quote = b == b'"' && literal != Some(i);
        state = match state {
            State::FieldStart if quote => State::Quoted,
            State::FieldStart | State::Unquoted | State::QuoteInQuoted if b == delimiter => {
                fields += 1;
                State::FieldStart
            }
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted if quote => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if quote => State::Quoted,
            State::QuoteInQuoted => State::Unquoted,
        };
    }
    fields
}

/// The warning or error text for a swallow: `col` is the opening quote's column and
/// `first_line` the line of the first line inside the field.
pub(crate) fn swallow_message(s: Swallow, col: usize, first_line: u64) -> String {
    match s {
        Swallow::TextAfterClose => format!(
            "the quoted field opened at column {col} runs across lines and its closing quote \
             is followed by text, so the rows from line {first_line} on were read into it; \
             expected a closing `\"` before a delimiter or line end (is a quote unbalanced? \
             write a literal quote inside a field as `\"\"`)"
        ),
        Swallow::RowsInside { lines, .. } => format!(
            "the quoted field opened at column {col} runs across {lines} line(s) from line \
             {first_line} on that read as rows of their own: is a quote unbalanced? They were \
             read as part of this row"
        ),
    }
}

/// Where each field of one row starts in its bytes as read (quotes and delimiters
/// included), under the same rules as [`QuoteScanner`].
pub(crate) fn field_starts(record: &[u8], delimiter: u8) -> Vec<usize> {
    let mut starts = vec![0];
    let mut state = State::FieldStart;
    for (i, &b) in record.iter().enumerate() {
        let ends_record = b == b'\n' || b == b'\r';
        state = match state {
            State::FieldStart if b == b'"' => State::Quoted,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            _ if ends_record => break,
            _ if b == delimiter => {
                starts.push(i + 1);
                State::FieldStart
            }
            _ => State::Unquoted,
        };
    }
    starts
}

/// For a record starting at byte `start` that has the wrong number of fields: a hint
/// naming the multi-line quoted field in it, which is most likely a stray quote.
pub(crate) fn quote_hint(bytes: &[u8], quotes: &[LongQuote], start: usize) -> Option<String> {
    let q = quotes.iter().find(|q| {
        q.open >= start
            && !bytes[start..q.open]
                .iter()
                .any(|&b| b == b'\n' || b == b'\r')
    })?;
    let (line, col) = line_col(bytes, q.open);
    Some(format!(
        "; the quoted field opened on line {line}, column {col} runs across lines: \
         is a quote unbalanced?"
    ))
}

/// A hint for a header read as one column that holds another delimiter: a semicolon CSV
/// (what Excel writes where the decimal mark is a comma), a tab- or bar-separated file read
/// with commas. The header is then one name, `id;text`, and the missing-column error alone
/// left the user to see why. Empty when the header does not look so.
pub(crate) fn delimiter_hint<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let [only] = names.as_slice() else {
        return String::new();
    };
    let Some(c) = [';', '\t', '|'].into_iter().find(|&c| only.contains(c)) else {
        return String::new();
    };
    let flag = if c == '\t' {
        "\\t".to_string()
    } else {
        c.to_string()
    };
    format!(" (one column: if the file is separated by `{flag}`, pass --delimiter '{flag}')")
}

/// Whether a row holds the header's names again (a byte-order mark and blanks aside): the
/// header of a second file, as `cat a.csv b.csv` joins two exports. Read as a row it was
/// an article whose text is the column's name, scored with exit 0, or a class named after
/// the label column (`--any-labels`).
pub(crate) fn repeats_header<'a>(
    row: impl IntoIterator<Item = &'a str>,
    header: impl IntoIterator<Item = &'a str>,
) -> bool {
    let clean = |s: &'a str| s.trim_start_matches('\u{feff}').trim();
    row.into_iter().map(clean).eq(header.into_iter().map(clean))
}

/// The message for a row that [`repeats_header`]; `expected` says what a row holds.
pub(crate) fn header_again_message(expected: &str) -> String {
    format!(
        "this row repeats the header row; expected {expected} (were files joined with their \
         headers, as `cat a.csv b.csv` does? keep the first file's header only)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swallowed_rows_are_told_from_multi_line_text() {
        let check = |text: &[u8], width| {
            let quotes = long_quotes(text, b',');
            assert_eq!(quotes.len(), 1, "{:?}", String::from_utf8_lossy(text));
            swallowed(text, &quotes[0], b',', width)
        };
        // A stray quote closed at the end of a later row: that row reads as a row.
        assert_eq!(
            check(b"id,text\n1,\"a\n2,b\"\n3,c\n", 2),
            Some(Swallow::RowsInside {
                lines: 1,
                first: 13
            })
        );
        // Closed by the opening quote of a later row's field: text follows the quote.
        assert_eq!(
            check(b"id,text\n1,\"a\n2,\"b, c\"\n", 2),
            Some(Swallow::TextAfterClose)
        );
        // Real multi-line text: its lines do not read as rows.
        assert_eq!(
            check(b"id,text\n1,\"Talks were held,\nin Geneva.\"\n", 2),
            None
        );
        assert_eq!(
            check(b"id,text,x\n1,\"para one\n\npara, two\",y\n", 3),
            None
        );
        // A blank after the closing quote is not text.
        assert_eq!(check(b"id,text\n1,\"a\nb\" \n", 2), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let b = "ab\nçé\"x".as_bytes();
        assert_eq!(line_col(b, 7), (2, 3));
        assert_eq!(line_col(b, 0), (1, 1));
    }
}
