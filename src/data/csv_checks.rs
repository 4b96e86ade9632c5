//! Checks a labeled CSV's bytes before the `csv` crate parses them, for the two faults the
//! parser cannot name well: invalid UTF-8 (it reports the byte inside a field, not in the
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

/// An error naming the byte offset of the first invalid UTF-8 sequence.
pub(crate) fn check_utf8(path: &Path, bytes: &[u8]) -> Result<(), StancerError> {
    let Err(e) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let at = e.valid_up_to();
    let (line, col) = line_col(bytes, at);
    Err(StancerError::Input {
        path: path.into(),
        line,
        message: format!(
            "invalid UTF-8 at byte offset {at} (column {col}); expected UTF-8 text \
             (save the file as \"CSV UTF-8\")"
        ),
    })
}

/// A quoted field that crosses a line break, or never closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LongQuote {
    /// Byte offset of the opening quote.
    pub open: usize,
    pub closed: bool,
}

/// The quoted fields that cross a line break or never close, under the `csv` crate's
/// default rules: a `"` opens a quoted field only at the start of a field, `""` inside one
/// is a literal quote, `,` separates fields and `\r` or `\n` ends a record.
pub(crate) fn long_quotes(bytes: &[u8]) -> Vec<LongQuote> {
    #[derive(Clone, Copy)]
    enum S {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let ends_field = |b: u8| matches!(b, b',' | b'\n' | b'\r');
    let mut out = Vec::new();
    let (mut state, mut open, mut crossed) = (S::FieldStart, 0, false);
    for (i, &b) in bytes.iter().enumerate() {
        state = match state {
            S::FieldStart if b == b'"' => {
                (open, crossed) = (i, false);
                S::Quoted
            }
            S::FieldStart | S::Unquoted if ends_field(b) => S::FieldStart,
            S::FieldStart | S::Unquoted => S::Unquoted,
            S::Quoted if b == b'"' => S::QuoteInQuoted,
            S::Quoted => {
                crossed |= b == b'\n' || b == b'\r';
                S::Quoted
            }
            S::QuoteInQuoted if b == b'"' => S::Quoted,
            S::QuoteInQuoted => {
                if crossed {
                    out.push(LongQuote { open, closed: true });
                }
                if ends_field(b) {
                    S::FieldStart
                } else {
                    S::Unquoted
                }
            }
        };
    }
    match state {
        S::Quoted => out.push(LongQuote {
            open,
            closed: false,
        }),
        S::QuoteInQuoted if crossed => out.push(LongQuote { open, closed: true }),
        _ => {}
    }
    out
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
        assert!(long_quotes(ok).is_empty());
        let multi = b"a,\"b\nc\",d\n";
        assert_eq!(
            long_quotes(multi),
            [LongQuote {
                open: 2,
                closed: true
            }]
        );
        let open = b"a,b\nc,\"d,e\nf,g\n";
        assert_eq!(
            long_quotes(open),
            [LongQuote {
                open: 6,
                closed: false
            }]
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let b = "ab\nçé\"x".as_bytes();
        assert_eq!(line_col(b, 7), (2, 3));
        assert_eq!(line_col(b, 0), (1, 1));
    }
}
