//! The quote scanner: where quoted fields open and close under the `csv` crate's rules,
//! fed any chunks of bytes.

/// A quoted field that crosses a line break, or never closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LongQuote {
    /// Byte offset of the opening quote.
    pub open: usize,
    pub closed: bool,
    /// Byte offset of the closing quote (the input's length if it never closes).
    pub close: usize,
    /// Whether text (not a delimiter, line end or blank) follows the closing quote: the
    /// parser goes on reading it into the field, but a well-formed CSV never has it. After
    /// a field that ran across lines it is the mark of a stray quote closed by the opening
    /// quote of a later row's field.
    pub text_after: bool,
}

/// Text after the closing quote of a quoted field that stays on one line (`"abc"def`,
/// `"So-called" elections`): the parser reads the text into the field and drops the
/// quotes, so a field that merely began with a quote mark loses its quote marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextAfterQuote {
    /// The 0-based field of its row.
    pub field: usize,
    /// The line and column of the opening quote.
    pub line: u64,
    pub open_col: usize,
    /// The column of the first character after the closing quote that is not a blank.
    pub col: usize,
}

/// The quoted fields that cross a line break or never close, under the `csv` crate's
/// default rules (see [`QuoteScanner`]).
pub(crate) fn long_quotes(bytes: &[u8], delimiter: u8) -> Vec<LongQuote> {
    let mut scanner = QuoteScanner::new(delimiter, true);
    scanner.feed(bytes);
    scanner.finish()
}

/// [`long_quotes`], and every quoted field on one line that text follows, in one scan.
pub(crate) fn scan_quotes(bytes: &[u8], delimiter: u8) -> (Vec<LongQuote>, Vec<TextAfterQuote>) {
    let mut scanner = QuoteScanner::new(delimiter, true);
    scanner.feed(bytes);
    let after = scanner.take_text_after();
    (scanner.finish(), after)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
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
    /// Offset of the quote that may close the current field (a `"` inside it).
    last_quote: usize,
    long: Vec<LongQuote>,
    /// The field of its row the scan is in (0-based).
    field: usize,
    /// Only blanks since a one-line quoted field closed: text now is [`TextAfterQuote`].
    after_close: bool,
    text_after: Vec<TextAfterQuote>,
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
            last_quote: 0,
            long: Vec::new(),
            field: 0,
            after_close: false,
            text_after: Vec::new(),
        }
    }

    /// The quoted fields on one line that text followed, since the last call.
    pub(crate) fn take_text_after(&mut self) -> Vec<TextAfterQuote> {
        std::mem::take(&mut self.text_after)
    }

    /// Text at column `col` of the current line, after a one-line quoted field.
    fn note_text_after(&mut self, col: usize) {
        self.after_close = false;
        self.text_after.push(TextAfterQuote {
            field: self.field,
            line: self.open.1,
            open_col: self.open.2,
            col,
        });
    }

    /// The byte `b` ends a field: a delimiter starts the row's next one, a line end a row.
    fn end_field(&mut self, b: u8) {
        self.after_close = false;
        self.field = if b == self.delimiter {
            self.field + 1
        } else {
            0
        };
    }

    /// Starts again at a record boundary: byte `offset` of the input, on `line`.
    pub(crate) fn restart(&mut self, offset: usize, line: u64) {
        self.state = State::FieldStart;
        self.offset = offset;
        (self.line, self.col) = (line, 1);
        self.crossed = false;
        self.long.clear();
        self.field = 0;
        self.after_close = false;
        self.text_after.clear();
    }

    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            // Runs of bytes that change nothing but the position (the rest of an unquoted
            // field; a quoted field up to its next quote or line break) are skipped with
            // memchr and their characters counted at once: byte by byte, this scan was a
            // third of reading a labeled CSV.
            let run = match self.state {
                State::Unquoted => memchr::memchr3(self.delimiter, b'\n', b'\r', &bytes[i..]),
                State::Quoted => memchr::memchr3(b'"', b'\n', b'\r', &bytes[i..]),
                State::FieldStart | State::QuoteInQuoted => Some(0),
            }
            .unwrap_or(bytes.len() - i);
            if run > 0 {
                let span = &bytes[i..i + run];
                if self.after_close {
                    if let Some(p) = span.iter().position(|&b| b != b' ' && b != b'\t') {
                        let chars = span[..p].iter().filter(|&&b| b & 0xC0 != 0x80).count();
                        self.note_text_after(self.col + chars);
                    }
                }
                self.offset += run;
                self.col += span.iter().filter(|&&b| b & 0xC0 != 0x80).count();
                i += run;
                continue;
            }
            let b = bytes[i];
            i += 1;
            let ends_field = b == self.delimiter || b == b'\n' || b == b'\r';
            self.state = match self.state {
                State::FieldStart if b == b'"' => {
                    self.open = (self.offset, self.line, self.col);
                    self.crossed = false;
                    State::Quoted
                }
                State::FieldStart | State::Unquoted if ends_field => {
                    self.end_field(b);
                    State::FieldStart
                }
                State::FieldStart | State::Unquoted => {
                    if self.after_close && b != b' ' && b != b'\t' {
                        self.note_text_after(self.col);
                    }
                    State::Unquoted
                }
                State::Quoted if b == b'"' => {
                    self.last_quote = self.offset;
                    State::QuoteInQuoted
                }
                State::Quoted => {
                    self.crossed |= b == b'\n' || b == b'\r';
                    State::Quoted
                }
                State::QuoteInQuoted if b == b'"' => State::Quoted,
                State::QuoteInQuoted => {
                    let blank = b == b' ' || b == b'\t';
                    self.close(!ends_field && !blank);
                    if ends_field {
                        self.end_field(b);
                        State::FieldStart
                    } else {
                        if !self.crossed {
                            self.after_close = true;
                            if !blank {
                                self.note_text_after(self.col);
                            }
                        }
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

    fn close(&mut self, text_after: bool) {
        if self.collect && self.crossed {
            self.long.push(LongQuote {
                open: self.open.0,
                closed: true,
                close: self.last_quote,
                text_after,
            });
        }
    }

    /// Where a quoted field still open at this point opened: line and column.
    pub(crate) fn unclosed(&self) -> Option<(u64, usize)> {
        (self.state == State::Quoted).then_some((self.open.1, self.open.2))
    }

    /// Byte offset of the opening quote of a quoted field still open at this point.
    pub(crate) fn unclosed_offset(&self) -> Option<usize> {
        (self.state == State::Quoted).then_some(self.open.0)
    }

    /// The end of the input: the collected quoted fields, an unclosed one last.
    pub(crate) fn finish(mut self) -> Vec<LongQuote> {
        match self.state {
            State::Quoted => self.long.push(LongQuote {
                open: self.open.0,
                closed: false,
                close: self.offset,
                text_after: false,
            }),
            State::QuoteInQuoted => self.close(false),
            _ => {}
        }
        self.long
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanner one byte at a time, as it was before runs were skipped: the reference
    /// the skipping must agree with.
    fn feed_bytewise(s: &mut QuoteScanner, bytes: &[u8]) {
        for &b in bytes {
            let ends_field = b == s.delimiter || b == b'\n' || b == b'\r';
            s.state = match s.state {
                State::FieldStart if b == b'"' => {
                    s.open = (s.offset, s.line, s.col);
                    s.crossed = false;
                    State::Quoted
                }
                State::FieldStart | State::Unquoted if ends_field => {
                    s.end_field(b);
                    State::FieldStart
                }
                State::FieldStart | State::Unquoted => {
                    if s.after_close && b != b' ' && b != b'\t' {
                        s.note_text_after(s.col);
                    }
                    State::Unquoted
                }
                State::Quoted if b == b'"' => {
                    s.last_quote = s.offset;
                    State::QuoteInQuoted
                }
                State::Quoted => {
                    s.crossed |= b == b'\n' || b == b'\r';
                    State::Quoted
                }
                State::QuoteInQuoted if b == b'"' => State::Quoted,
                State::QuoteInQuoted => {
                    let blank = b == b' ' || b == b'\t';
                    s.close(!ends_field && !blank);
                    if ends_field {
                        s.end_field(b);
                        State::FieldStart
                    } else {
                        if !s.crossed {
                            s.after_close = true;
                            if !blank {
                                s.note_text_after(s.col);
                            }
                        }
                        State::Unquoted
                    }
                }
            };
            s.offset += 1;
            if b == b'\n' {
                (s.line, s.col) = (s.line + 1, 1);
            } else if b & 0xC0 != 0x80 {
                s.col += 1;
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn skipping_runs_scans_as_byte_by_byte(
            text in "[ab é,;\"\n\r\t]{0,60}",
            cut in 0usize..60,
        ) {
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            let (mut fast, mut slow) = (QuoteScanner::new(b',', true), QuoteScanner::new(b',', true));
            fast.feed(&bytes[..cut]);
            fast.feed(&bytes[cut..]);
            feed_bytewise(&mut slow, bytes);
            proptest::prop_assert_eq!(fast.unclosed(), slow.unclosed());
            proptest::prop_assert_eq!(
                (fast.offset, fast.line, fast.col, fast.state),
                (slow.offset, slow.line, slow.col, slow.state)
            );
            proptest::prop_assert_eq!(fast.take_text_after(), slow.take_text_after());
            proptest::prop_assert_eq!(fast.finish(), slow.finish());
        }
    }

    #[test]
    fn finds_only_quotes_that_cross_lines_or_never_close() {
        let ok = b"a,\"b,c\",\"d\"\"e\"\nx,y\"z,w\n";
        assert!(long_quotes(ok, b',').is_empty());
        let multi = b"a,\"b\nc\",d\n";
        assert_eq!(
            long_quotes(multi, b','),
            [LongQuote {
                open: 2,
                closed: true,
                close: 6,
                text_after: false
            }]
        );
        let open = b"a,b\nc,\"d,e\nf,g\n";
        assert_eq!(
            long_quotes(open, b','),
            [LongQuote {
                open: 6,
                closed: false,
                close: 15,
                text_after: false
            }]
        );
    }

    #[test]
    fn finds_text_after_a_closing_quote_on_one_line() {
        let (long, after) = scan_quotes(
            "id,text\n1,\"So-called\" elections,\"a\"\"b\"\n2,\"é\"x,\"c\" \r\n3,\"d\nx\"y,z\n"
                .as_bytes(),
            b',',
        );
        let at = |field, line, open_col, col| TextAfterQuote {
            field,
            line,
            open_col,
            col,
        };
        assert_eq!(after, [at(1, 2, 3, 15), at(1, 3, 3, 6)]);
        // The quote that crosses a line is a long quote's business.
        assert_eq!(long.len(), 1);
        assert!(long[0].text_after);
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
}
