//! Records that are not CSV or JSONL: one article per line, or a whole file (or stream)
//! as one article.

use std::io::{BufReader, Read};

use super::super::bounded::{self, Fault, Lines};
use std::sync::Arc;

use super::super::decode::{decode_bytes, first_misread_lines, invalid_utf8_at, misread, Encoding};
use super::super::notes::ReadNotes;
use super::{InputOptions, Record, RecordError, RecordResult, Source};

/// One article per line; blank lines are no records, and a named file of blank lines
/// only is one error item.
pub(super) struct LineRecords {
    source: Source,
    lines: Lines<BufReader<Box<dyn Read + Send>>>,
    encoding: Encoding,
    cap: usize,
    any_line: bool,
    notes: Arc<ReadNotes>,
    /// Standard input read as lines by default: a first line that is a JSON object is
    /// warned about (see [`LineRecords::by_default`]).
    by_default: bool,
}

impl LineRecords {
    pub(super) fn new(source: Source, reader: Box<dyn Read + Send>, opts: &InputOptions) -> Self {
        let mut lines = Lines::new(BufReader::new(reader), opts.max_record_bytes);
        lines.set_first_line(source.first_line);
        LineRecords {
            lines,
            source,
            encoding: opts.encoding,
            cap: opts.max_record_bytes,
            any_line: false,
            notes: Arc::clone(&opts.notes),
            by_default: false,
        }
    }

    /// Read as lines because nothing said otherwise (standard input's default): `cat
    /// news.jsonl | stancer score -` scored each JSON line, braces and keys, as text
    /// without a word; a first line that is a JSON object is now warned about.
    pub(super) fn by_default(mut self) -> Self {
        self.by_default = true;
        self
    }

    fn warn_if_json(&mut self, n: u64, text: &str) {
        self.by_default = false;
        let t = text.trim();
        if t.starts_with('{')
            && t.ends_with('}')
            && serde_json::from_str::<serde_json::Value>(t).is_ok_and(|v| v.is_object())
        {
            self.notes.warn(format!(
                "{}: line {n} is a JSON object, and standard input is read as one article per \
                 line (its default), so each line's JSON is scored as text; pass \
                 --input-format jsonl to read its `text` field",
                self.source.name
            ));
        }
    }
}

impl Iterator for LineRecords {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            let Some((n, line)) = self.lines.next_line() else {
                if self.source.stdin || self.any_line {
                    return None;
                }
                self.any_line = true;
                return Some(Err(RecordError::new(
                    self.source.record_id("1".into()),
                    &self.source.name,
                    0,
                    "no records (the file is empty or blank); expected one article per line".into(),
                )));
            };
            let id = self.source.record_id(n.to_string());
            let err = |m: String| Err(RecordError::new(id.clone(), &self.source.name, n, m));
            let item = match line {
                Err(f) => err(f.message(self.cap)),
                Ok(bytes) => {
                    let bytes = bytes.strip_suffix(b"\r").unwrap_or(&bytes);
                    if let Some(m) = misread(bytes, self.encoding) {
                        self.notes.misread(&self.source.name, n, self.encoding, m);
                    }
                    match decode_bytes(bytes, self.encoding) {
                        Err(at) => err(invalid_utf8_at(bytes, at, 0, "")),
                        // The mark is dropped before the blank test: a line of a mark alone
                        // became an empty record that yielded no row.
                        Ok(s) => match s.trim_start_matches('\u{feff}') {
                            t if t.trim().is_empty() => continue,
                            t => {
                                if self.by_default {
                                    self.warn_if_json(n, t);
                                }
                                Ok(Record::new(id, t.to_string()))
                            }
                        },
                    }
                }
            };
            self.any_line = true;
            return Some(item);
        }
    }
}

/// A whole file (or stream) as one article.
pub(super) fn read_text(
    source: &Source,
    mut reader: Box<dyn Read + Send>,
    opts: &InputOptions,
) -> RecordResult {
    let err = |m: String| RecordError::new(&source.id, &source.name, 0, m);
    let bytes = bounded::read_all(&mut reader, opts.max_record_bytes).map_err(|f| match f {
        Fault::Io(e) => err(format!("cannot read: {e}")),
        f => err(f.message(opts.max_record_bytes)),
    })?;
    for (line, m) in first_misread_lines(&bytes, opts.encoding) {
        opts.notes.misread(&source.name, line, opts.encoding, m);
    }
    let text = match decode_bytes(&bytes, opts.encoding) {
        Ok(t) => t,
        Err(at) => {
            let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64 + 1;
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let message =
                invalid_utf8_at(&bytes[line_start..], at - line_start, line_start as u64, "");
            return Err(RecordError::new(&source.id, &source.name, line, message));
        }
    };
    // The byte-order mark is dropped before the blank test: a file of a mark alone was
    // "scored" with no sentence and no row.
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(err("empty file; expected article text".into()));
    }
    Ok(Record::new(source.id.clone(), text.to_string()))
}
