//! Checks a CSV's bytes beside the `csv` crate's parser, for the two faults it cannot name
//! well: invalid UTF-8 (it reports the byte inside a field, not in the
//! file) and an unbalanced quote (it silently swallows the rest of the file into one field,
//! or reports a wrong field count on a line far from the stray quote).

use std::path::Path;

use crate::error::StancerError;

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

/// A quoted field that crosses a line break, or never closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LongQuote {
    /// Byte offset of the opening quote.
    pub open: usize,
    pub closed: bool,
}

/// The quoted fields that cross a line break or never close, under the `csv` crate's
/// default rules (see [`QuoteScanner`]).
pub(crate) fn long_quotes(bytes: &[u8], delimiter: u8) -> Vec<LongQuote> {
    let mut scanner = QuoteScanner::new(delimiter, true);
    scanner.feed(bytes);
    scanner.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Follows the `csv` crate's quoting over bytes fed in any chunks: a `"` opens a quoted
/// field only at the start of a field, `""` inside one is a literal quote, the delimiter
/// separates fields and `\r` or `\n` ends a record. Memory is constant unless it is asked
/// to collect the quoted fields that cross lines.
#[derive(Debug, Clone)]
pub(crate) struct QuoteScanner {
    delimiter: u8,
    collect: bool,
    state: State,
    offset: usize,
    line: u64,
    col: usize,
    /// The opening quote of the current quoted field: byte offset, line, column.
    open: (usize, u64, usize),
    crossed: bool,
    long: Vec<LongQuote>,
}

impl QuoteScanner {
    pub(crate) fn new(delimiter: u8, collect: bool) -> Self {
        QuoteScanner {
            delimiter,
            collect,
            state: State::FieldStart,
            offset: 0,
            line: 1,
            col: 1,
            open: (0, 1, 1),
            crossed: false,
            long: Vec::new(),
        }
    }

    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let ends_field = b == self.delimiter || b == b'\n' || b == b'\r';
            self.state = match self.state {
                State::FieldStart if b == b'"' => {
                    self.open = (self.offset, self.line, self.col);
                    self.crossed = false;
                    State::Quoted
                }
                State::FieldStart | State::Unquoted if ends_field => State::FieldStart,
                State::FieldStart | State::Unquoted => State::Unquoted,
                State::Quoted if b == b'"' => State::QuoteInQuoted,
                State::Quoted => {
                    self.crossed |= b == b'\n' || b == b'\r';
                    State::Quoted
                }
                State::QuoteInQuoted if b == b'"' => State::Quoted,
                State::QuoteInQuoted => {
                    self.close();
                    if ends_field {
                        State::FieldStart
                    } else {
                        State::Unquoted
                    }
                }
            };
            self.offset += 1;
            if b == b'\n' {
                (self.line, self.col) = (self.line + 1, 1);
            } else if b & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                self.col += 1;
            }
        }
    }

    fn close(&mut self) {
        if self.collect && self.crossed {
            self.long.push(LongQuote {
                open: self.open.0,
                closed: true,
            });
        }
    }

    /// Where a quoted field still open at this point opened: line and column.
    pub(crate) fn unclosed(&self) -> Option<(u64, usize)> {
        (self.state == State::Quoted).then_some((self.open.1, self.open.2))
    }

    /// The end of the input: the collected quoted fields, an unclosed one last.
    pub(crate) fn finish(mut self) -> Vec<LongQuote> {
        match self.state {
            State::Quoted => self.long.push(LongQuote {
                open: self.open.0,
                closed: false,
            }),
            State::QuoteInQuoted => self.close(),
            _ => {}
        }
        self.long
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_quotes_that_cross_lines_or_never_close() {
        let ok = b"a,\"b,c\",\"d\"\"e\"\nx,y\"z,w\n";
        assert!(long_quotes(ok, b',').is_empty());
        let multi = b"a,\"b\nc\",d\n";
        assert_eq!(
            long_quotes(multi, b','),
            [LongQuote {
                open: 2,
                closed: true
            }]
        );
        let open = b"a,b\nc,\"d,e\nf,g\n";
        assert_eq!(
            long_quotes(open, b','),
            [LongQuote {
                open: 6,
                closed: false
            }]
        );
    }

    #[test]
    fn chunked_feeding_finds_the_same_quotes() {
        let text = b"a,\"b\nc\",d\ne,\"f,g\nh\n";
        let whole = long_quotes(text, b',');
        let mut s = QuoteScanner::new(b',', true);
        for chunk in text.chunks(3) {
            s.feed(chunk);
        }
        assert_eq!(s.unclosed(), Some((3, 3)));
        assert_eq!(s.finish(), whole);
    }

    #[test]
    fn line_and_column_count_characters() {
        let b = "ab\nçé\"x".as_bytes();
        assert_eq!(line_col(b, 7), (2, 3));
        assert_eq!(line_col(b, 0), (1, 1));
    }
}
