//! CSV input for scoring: one article per row, the text in a named column.
//!
//! Parsed with `csv_core` rather than the `csv` crate's record reader, because every row
//! must come out as a record or an error of its own, whatever is wrong with its neighbours:
//! fields are decoded here, so an invalid byte is that row's error and reading goes on; a
//! row's memory is bounded (`--max-record-bytes`: past it the row's bytes are skipped, not
//! stored); and the lines a broken quote swallowed are read again as rows. A quote that
//! never closes, or that closes with text after it on a later line, makes its row an error,
//! and the lines after the one it opened on are parsed again (the row's raw bytes are kept
//! for that, up to the cap); a quoted field whose every line reads as a row is a warning.

mod header;
mod raw;

use std::io::{BufReader, Read};
use std::sync::Arc;

use super::bounded::binary_at;
use super::csv_checks::{
    field_starts, header_again_message, line_col, long_quotes, repeats_header, swallow_message,
    swallowed, text_after_quote_message, QuoteScanner, Swallow, TextAfterQuote,
};
use super::decode::{decode_bytes, invalid_utf8_at, misread, Encoding};
use super::id_notes::IdNotes;
use super::input::{InputOptions, Record, RecordError, RecordResult};
use super::notes::ReadNotes;
use header::Header;
use raw::{Raw, RecordBuf, Replay};

/// A row may have at most this many fields (each costs a `usize` beside its bytes).
const MAX_FIELDS: usize = 1 << 16;

/// Iterates the rows of a CSV stream as records or error items.
pub struct CsvRecords {
    source: String,
    id_prefix: Option<String>,
    input: Replay,
    core: csv_core::Reader,
    quotes: QuoteScanner,
    delimiter: u8,
    encoding: Encoding,
    cap: usize,
    text_field: String,
    text_field_given: bool,
    id_field: Option<String>,
    keep: Vec<String>,
    notes: Arc<ReadNotes>,
    header: Option<Header>,
    /// Line and byte offset of the next byte to be read.
    line: u64,
    offset: usize,
    done: bool,
    rows: u64,
    /// Rows whose id column was empty: how many, and the first one's line.
    ids: IdNotes,
    buf: RecordBuf,
}

impl CsvRecords {
    /// `id_prefix` is put before every id (`FILE:`) for files read from inside a folder.
    pub fn new(
        source: String,
        reader: Box<dyn Read + Send>,
        opts: &InputOptions,
        id_prefix: Option<String>,
        delimiter: u8,
    ) -> Self {
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        CsvRecords {
            source,
            id_prefix,
            input: Replay {
                reader: BufReader::with_capacity(1 << 16, reader),
                front: Vec::new(),
                pos: 0,
            },
            core,
            quotes: QuoteScanner::new(delimiter, false),
            delimiter,
            encoding: opts.encoding,
            cap: opts.max_record_bytes.max(1),
            text_field: opts.text_field.clone(),
            text_field_given: opts.text_field_given,
            id_field: opts.id_field.clone(),
            keep: opts.keep.clone(),
            notes: Arc::clone(&opts.notes),
            header: None,
            line: 1,
            offset: 0,
            done: false,
            rows: 0,
            ids: IdNotes::default(),
            buf: RecordBuf {
                out: vec![0; 1 << 12],
                ends: vec![0; 64],
                scratch_out: vec![0; 1 << 12],
                scratch_ends: vec![0; 64],
                ..RecordBuf::default()
            },
        }
    }

    fn error(&self, id: String, line: u64, message: String) -> RecordError {
        RecordError {
            id,
            source: self.source.clone(),
            line,
            message,
            fatal: false,
        }
    }

    /// The id of a row without one: its line, after the file's prefix.
    fn line_id(&self, line: u64) -> String {
        self.prefixed(line.to_string())
    }

    fn prefixed(&self, id: String) -> String {
        match &self.id_prefix {
            Some(p) => format!("{p}:{id}"),
            None => id,
        }
    }

    /// Field `i` as text, or the error naming the line (counted from the row's first)
    /// and the column of its first invalid byte.
    fn decode(&self, raw: &Raw, body: usize, i: usize) -> Result<String, (u64, String)> {
        let bytes = self.field(i, raw.fields).unwrap_or_default();
        if memchr::memchr(0, bytes).is_some() {
            // Binary content, as a NUL byte is in a text or lines file (only the start of
            // a CSV is sniffed for it; one further on went into the text).
            let record = &self.buf.raw[body..];
            let starts = field_starts(record, self.delimiter);
            let from = starts.get(i).copied().unwrap_or(0).min(record.len());
            let at = from + memchr::memchr(0, &record[from..]).unwrap_or(0);
            let lines = memchr::memchr_iter(b'\n', &record[..at]).count() as u64;
            let place = self.header.as_ref().map_or_else(
                || format!("field {}", i + 1),
                |h| format!("field `{}`", h.names[i]),
            );
            let offset = (raw.start + body + at) as u64;
            return Err((
                lines,
                format!("{} in {place}; expected UTF-8 text", binary_at(offset)),
            ));
        }
        if let Some(m) = misread(bytes, self.encoding) {
            self.notes.misread(&self.source, raw.line, self.encoding, m);
        }
        match decode_bytes(bytes, self.encoding) {
            Ok(s) => Ok(s.into_owned()),
            Err(valid) => {
                // Find the byte in the row as read, to name its line and column.
                let record = &self.buf.raw[body..];
                let starts = field_starts(record, self.delimiter);
                let from = starts.get(i).copied().unwrap_or(0);
                let to = starts.get(i + 1).map_or(record.len(), |&s| s - 1);
                let at = match std::str::from_utf8(&record[from..to]) {
                    Err(e) => from + e.valid_up_to(),
                    // Not found as read (cannot happen): point at the field.
                    Ok(_) => from + valid.min(to - from),
                };
                let lines = memchr::memchr_iter(b'\n', &record[..at]).count() as u64;
                let base = (raw.start + body) as u64;
                let place = self.header.as_ref().map_or_else(
                    || format!("field {}", i + 1),
                    |h| format!("field `{}`", h.names[i]),
                );
                Err((lines, invalid_utf8_at(record, at, base, &place)))
            }
        }
    }

    /// A parsed row as a record or an error item; `after` are its one-line quoted fields
    /// that text follows.
    fn record(&mut self, raw: &Raw, after: &[TextAfterQuote]) -> RecordResult {
        let body = self
            .buf
            .raw
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let line = raw.line + memchr::memchr_iter(b'\n', &self.buf.raw[..body]).count() as u64;
        let header = self.header.as_ref().expect("the header is read first");
        let (width, text_i, id_i) = (header.names.len(), header.text, header.id);
        let id = id_i
            .and_then(|i| self.field(i, raw.fields))
            .and_then(|b| decode_bytes(b, self.encoding).ok())
            .map(|s| s.into_owned());
        let err_id = id
            .clone()
            .filter(|id| !id.is_empty())
            .map_or_else(|| self.line_id(line), |id| self.prefixed(id));
        if raw.too_large {
            let unclosed = match (raw.eof, self.quotes.unclosed()) {
                (true, Some((l, c))) => format!(
                    "; a quote opened on line {l}, column {c} is never closed, so the rest of \
                     the input was read into this row"
                ),
                _ => String::new(),
            };
            let message = format!(
                "row larger than --max-record-bytes {}; expected a row of at most that size \
                 (raise --max-record-bytes to read it){unclosed}",
                self.cap
            );
            return Err(self.error(err_id, line, message));
        }
        if raw.eof {
            if let (Some(open), Some((l, c))) =
                (self.quotes.unclosed_offset(), self.quotes.unclosed())
            {
                let at = open.saturating_sub(raw.start).min(self.buf.raw.len());
                self.reread_after(raw, at, l);
                let message = format!(
                    "unbalanced quote at column {c}: the quoted field that opens here is never \
                     closed; expected a closing `\"` (write a literal quote inside a field as \
                     `\"\"`); the lines after it are read as rows again"
                );
                return Err(self.error(err_id, l, message));
            }
        }
        if let Some(e) = self.check_long_quotes(raw, body, line, width, &err_id) {
            return Err(e);
        }
        // Text after a closing quote in a field this run reads: the field would lose its
        // quotes (`"So-called" elections` reads as `So-called elections`).
        let header = self.header.as_ref().expect("the header is read first");
        let read = |i: usize| i == text_i || id_i == Some(i) || header.keep.contains(&i);
        if let Some(t) = after.iter().find(|t| read(t.field)) {
            let message = text_after_quote_message(
                t,
                &format!("field in column `{}`", header.names[t.field]),
            );
            return Err(self.error(err_id, t.line, message));
        }
        if raw.fields != width {
            let message = format!(
                "expected {width} fields (as the header has), found {}; is a delimiter or a \
                 quote missing?",
                raw.fields
            );
            return Err(self.error(err_id, line, message));
        }
        let text = match self.decode(raw, body, text_i) {
            Ok(t) => t,
            Err((dl, m)) => return Err(self.error(err_id, line + dl, m)),
        };
        let header = self.header.as_ref().expect("the header is read first");
        if repeats_header([text.as_str()], [header.names[text_i].as_str()])
            && self.repeats_header(raw)
        {
            let message = header_again_message("an article's row");
            return Err(self.error(self.line_id(line), line, message));
        }
        if text.trim().is_empty() {
            let message = format!(
                "empty text in column `{}`; expected the article's text",
                header.names[text_i]
            );
            return Err(self.error(err_id, line, message));
        }
        let mut keep = Vec::with_capacity(header.keep.len());
        for k in header.keep.clone() {
            match self.decode(raw, body, k) {
                Ok(v) => keep.push(v),
                Err((dl, m)) => return Err(self.error(err_id, line + dl, m)),
            }
        }
        let id = match (id_i, id) {
            (None, _) => err_id,
            (Some(i), None) => match self.decode(raw, body, i) {
                Err((dl, m)) => return Err(self.error(err_id, line + dl, m)),
                Ok(id) => {
                    self.ids.see(&id, line);
                    self.prefixed(id)
                }
            },
            (Some(_), Some(id)) => {
                self.ids.see(&id, line);
                self.prefixed(id)
            }
        };
        Ok(Record { id, text, keep })
    }

    /// Checks the quoted fields of a row that ran across lines: one closed with text after
    /// it makes the row an error (and its lines are read again); one whose every line reads
    /// as a row is a warning.
    fn check_long_quotes(
        &mut self,
        raw: &Raw,
        body: usize,
        line: u64,
        width: usize,
        err_id: &str,
    ) -> Option<RecordError> {
        let record = &self.buf.raw[body..];
        let inner_breaks = record
            .iter()
            .rev()
            .skip_while(|&&b| b == b'\n' || b == b'\r')
            .any(|&b| b == b'\n' || b == b'\r');
        if !inner_breaks {
            return None;
        }
        for q in long_quotes(record, self.delimiter) {
            let Some(s) = swallowed(record, &q, self.delimiter, width) else {
                continue;
            };
            let (ql, col) = line_col(record, q.open);
            let open_line = line + ql - 1;
            let first_line = match s {
                Swallow::RowsInside { first, .. } => line + line_col(record, first).0 - 1,
                Swallow::TextAfterClose => open_line + 1,
            };
            let message = swallow_message(s, col, first_line);
            match s {
                Swallow::TextAfterClose => {
                    self.reread_after(raw, body + q.open, open_line);
                    let message = format!("{message}; the lines after it are read as rows again");
                    return Some(self.error(err_id.to_string(), open_line, message));
                }
                Swallow::RowsInside { .. } => self
                    .notes
                    .warn(format!("{}: line {open_line}: {message}", self.source)),
            }
        }
        None
    }

    /// What the end of the file says: a header without rows is an error; empty ids are a
    /// warning.
    fn finish(&mut self) -> Option<RecordResult> {
        let column = format!("column `{}`", self.id_field.as_deref().unwrap_or(""));
        for w in self.ids.warnings(&self.source, "row(s)", &column) {
            self.notes.warn(w);
        }
        match (&self.header, self.rows) {
            (None, _) => Some(Err(self.error(
                self.line_id(1),
                0,
                "empty file; expected a header row and rows".into(),
            ))),
            (Some(_), 0) => Some(Err(self.error(
                self.line_id(2),
                2,
                "the file has a header but no rows".into(),
            ))),
            _ => None,
        }
    }
}

impl Iterator for CsvRecords {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            if self.done {
                return None;
            }
            let raw = match self.read_raw() {
                Ok(Some(raw)) => raw,
                Ok(None) => {
                    self.done = true;
                    return self.finish();
                }
                Err(e) => {
                    self.done = true;
                    let message = if e.kind() == std::io::ErrorKind::InvalidData {
                        format!("{e}; expected UTF-8 text")
                    } else {
                        format!("read error: {e}")
                    };
                    return Some(Err(self.error(self.line_id(self.line), self.line, message)));
                }
            };
            let after = self.quotes.take_text_after();
            if self.header.is_none() {
                if let Err(e) = self.read_header(&raw, &after) {
                    self.done = true;
                    return Some(Err(e));
                }
                continue;
            }
            self.rows += 1;
            return Some(self.record(&raw, &after));
        }
    }
}
