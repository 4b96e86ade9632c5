//! JSON Lines input: one article per line, the text in a named field.

use std::io::{BufReader, Read};
use std::sync::Arc;

use super::bounded::{binary_in_line, sniff_start, Fault, Lines};
use super::decode::{decode_bytes, invalid_utf8_at, misread, Encoding};
use super::id_notes::IdNotes;
use super::input::{InputOptions, Record, RecordError, RecordResult};
use super::notes::ReadNotes;

/// Iterates the records of a JSONL stream; a bad line is an error item, and reading goes on.
pub struct JsonlRecords {
    source: String,
    id_prefix: Option<String>,
    lines: Lines<BufReader<Box<dyn Read + Send>>>,
    line_no: u64,
    text_field: String,
    id_field: Option<String>,
    keep: Vec<String>,
    encoding: Encoding,
    cap: usize,
    notes: Arc<ReadNotes>,
    /// Records whose id field was empty or null: how many, and the first one's line.
    ids: IdNotes,
    /// Whether a stream without a single record is an error (a named file) or just
    /// nothing to do (standard input, an empty partition under Spark's `RDD.pipe`).
    require_records: bool,
    any_line: bool,
    /// [`parse_line`](Self::parse_line) met a first line in another encoding.
    stopped: bool,
}

/// What the first bytes of a file are when they are not UTF-8 text (UTF-16 or UTF-32, by
/// a byte-order mark or NUL in every other byte), as a message; reading such a file gives
/// this one error and stops. For readers that split a file into lines elsewhere (Spark),
/// to read no further line of it.
pub fn not_text(head: &[u8]) -> Option<String> {
    sniff_start(head)
}

impl JsonlRecords {
    /// `id_prefix` is put before every id (`FILE:`) for files read from inside a folder.
    pub fn new(
        source: String,
        reader: Box<dyn Read + Send>,
        opts: &InputOptions,
        id_prefix: Option<String>,
    ) -> Self {
        JsonlRecords {
            source,
            id_prefix,
            lines: Lines::new(BufReader::new(reader), opts.max_record_bytes),
            line_no: 0,
            text_field: opts.text_field.clone(),
            id_field: opts.id_field.clone(),
            keep: opts.keep.clone(),
            encoding: opts.encoding,
            cap: opts.max_record_bytes,
            notes: Arc::clone(&opts.notes),
            ids: IdNotes::default(),
            require_records: false,
            any_line: false,
            stopped: false,
        }
    }

    /// Makes a stream without a single record one error item: a named file that holds
    /// nothing is a failed export more often than a file with nothing to say.
    pub fn require_records(mut self) -> Self {
        self.require_records = true;
        self
    }

    /// Numbers the lines from `first`: the stream is a piece of the file that starts at
    /// its line `first` (see [`StdinAs`](super::input::StdinAs)).
    pub fn first_line(mut self, first: u64) -> Self {
        self.lines.set_first_line(first);
        self
    }

    /// Hands the warnings about the ids read so far (empty ones, repeated ones) to the
    /// run's notes, as reading to the end of the file does: for a caller that gives the
    /// lines to [`parse_line`](Self::parse_line), when it is done with this source.
    pub fn note_ids(&mut self) {
        let field = format!("field `{}`", self.id_field.as_deref().unwrap_or(""));
        for w in self.ids.warnings(&self.source, "record(s)", &field) {
            self.notes.warn(w);
        }
    }

    /// Line `line` of this source, read elsewhere (Spark's lines of a file, numbered
    /// there), with this reader's rules and messages; `reader` of [`new`](Self::new) is
    /// not read. A blank line is `None`, as reading skips it. A first line that opens a
    /// file of another encoding (UTF-16) is the one error of the file, as reading it
    /// stops there: this reader gives nothing for its later lines, and the caller should
    /// not read them (see [`not_text`]).
    pub fn parse_line(&mut self, line: u64, bytes: &[u8]) -> Option<RecordResult> {
        if self.stopped || bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        self.line_no = line;
        self.any_line = true;
        // What reading the file checks as the bytes come in, with the same messages: a
        // record over the cap, (on the first line) text in another encoding, which stops
        // reading, and a NUL byte.
        let fault = if bytes.len() > self.cap {
            Some(Fault::TooLarge {
                seen: bytes.len() as u64,
                stopped: false,
            })
        } else if let Some(what) = (line == 1).then(|| not_text(bytes)).flatten() {
            self.stopped = true;
            Some(Fault::NotText {
                what,
                stopped: true,
            })
        } else {
            memchr::memchr(0, bytes).map(|at| Fault::NotText {
                what: binary_in_line(bytes, at),
                stopped: false,
            })
        };
        if let Some(f) = fault {
            let id = self.prefixed(line.to_string());
            let message = f.message(self.cap);
            return Some(Err(RecordError::new(
                id,
                self.source.clone(),
                line,
                message,
            )));
        }
        Some(self.parse(bytes))
    }

    fn prefixed(&self, id: String) -> String {
        match &self.id_prefix {
            Some(p) => format!("{p}:{id}"),
            None => id,
        }
    }

    fn parse(&mut self, bytes: &[u8]) -> RecordResult {
        let line = self.line_no;
        let fallback_id = self.prefixed(line.to_string());
        let err = |id: String, m: String| RecordError::new(id, self.source.clone(), line, m);
        // A UTF-8 BOM (Windows tools write one) is not JSON; accept it at the start of any
        // line, as the lines reader does: files joined with `cat` carry the second one's
        // mid-stream, where it made a good record `malformed JSON at column 1`.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Some(m) = misread(bytes, self.encoding) {
            self.notes.misread(&self.source, line, self.encoding, m);
        }
        let text = decode_bytes(bytes, self.encoding)
            .map_err(|at| err(fallback_id.clone(), invalid_utf8_at(bytes, at, 0, "")))?;
        let cells = self
            .id_field
            .as_deref()
            .into_iter()
            .chain(self.keep.iter().map(String::as_str));
        let read_fields = std::iter::once(self.text_field.as_str()).chain(cells.clone());
        let Parsed { value, twice, raw } = parse_record(&text, read_fields, cells)
            .map_err(|e| err(fallback_id.clone(), malformed(&e)))?;
        // An id or kept field as the line writes it: `12.50` stays `12.50`, and an integer
        // past 64 bits keeps its digits (serde_json's number would be `12.5`, `1.2e23`).
        let cell = |name: &str, v: &serde_json::Value| match raw.iter().find(|(k, _)| k == name) {
            Some((_, text)) if !v.is_null() => (*text).to_string(),
            _ => as_text(v),
        };
        // serde_json keeps the last of a key given twice; a field this run reads must not
        // be one of two (which one a tool meant is not ours to guess).
        if let Some(f) = twice {
            return Err(err(
                fallback_id,
                format!("field `{f}` is given twice; expected each field once"),
            ));
        }
        let fields = || match &value {
            serde_json::Value::Object(m) => m.keys().cloned().collect::<Vec<_>>().join(", "),
            other => format!("none: the line is {}", kind(other)),
        };
        let missing = |what: &str, name: &str| {
            format!("missing {what} `{name}`; the fields are: {}", fields())
        };
        let id = match self.id_field.as_deref() {
            None => {
                if let serde_json::Value::Object(m) = &value {
                    self.notes
                        .unread_id(&self.source, line, "field", m.keys().map(String::as_str));
                }
                fallback_id.clone()
            }
            Some(f) => match value.get(f) {
                None => return Err(err(fallback_id, missing("id field", f))),
                Some(v) => {
                    let id = cell(f, v);
                    self.ids.see(&id, line);
                    self.prefixed(id)
                }
            },
        };
        let text = match value.get(&self.text_field) {
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => {
                return Err(err(
                    id,
                    format!(
                        "empty text in field `{}`; expected the article's text",
                        self.text_field
                    ),
                ))
            }
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(err(
                    id,
                    format!(
                        "field `{}` is {}, expected a string",
                        self.text_field,
                        kind(other)
                    ),
                ))
            }
            None => return Err(err(id, missing("text field", &self.text_field))),
        };
        let mut keep = Vec::with_capacity(self.keep.len());
        for k in &self.keep {
            match value.get(k) {
                Some(v) => keep.push(cell(k, v)),
                None => return Err(err(id, missing("field", k))),
            }
        }
        Ok(Record { id, text, keep })
    }
}

/// A parsed record: the value, the first read field given twice, and the raw text of each
/// non-string value of the cell fields (id and kept fields).
struct Parsed<'l> {
    value: serde_json::Value,
    twice: Option<String>,
    raw: Vec<(String, &'l str)>,
}

/// Parses one record as serde_json does, and names the first of `read` (the fields this
/// run reads) that the top-level object gives more than once. Keys are compared as parsed,
/// escapes undone, so `"t\u0065xt"` is `text`. The top-level object is built here, key by
/// key as serde_json's own `Value` does it, with one comparison of each key against the
/// few read fields: no second pass over the line. The values of `cells` that are not
/// strings are also kept as the line writes them.
fn parse_record<'l, 'r>(
    line: &'l str,
    read: impl Iterator<Item = &'r str> + Clone,
    cells: impl Iterator<Item = &'r str> + Clone,
) -> Result<Parsed<'l>, serde_json::Error> {
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
    use serde_json::value::RawValue;
    use serde_json::{Map, Value};
    struct Top<I, C>(I, C);
    impl<'de, 'r, I, C> Visitor<'de> for Top<I, C>
    where
        I: Iterator<Item = &'r str> + Clone,
        C: Iterator<Item = &'r str> + Clone,
    {
        type Value = Parsed<'de>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Map::new();
            let mut twice = None;
            let mut raw = Vec::new();
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                let value: Value = if self.1.clone().any(|f| f == key) {
                    let text: &'de RawValue = map.next_value()?;
                    let text = text.get();
                    if !text.starts_with('"') {
                        raw.push((key.to_string(), text));
                    }
                    serde_json::from_str(text).map_err(A::Error::custom)?
                } else {
                    map.next_value()?
                };
                let read = self.0.clone().any(|f| f == key);
                let key = key.into_owned();
                if read && twice.is_none() && out.contains_key(&key) {
                    twice = Some(key.clone());
                }
                out.insert(key, value);
            }
            Ok(Parsed {
                value: Value::Object(out),
                twice,
                raw,
            })
        }
    }
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = if line
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with('{')
    {
        de.deserialize_map(Top(read, cells))?
    } else {
        Parsed {
            value: Value::deserialize(&mut de)?,
            twice: None,
            raw: Vec::new(),
        }
    };
    de.end()?;
    Ok(parsed)
}

/// A JSON value as a cell: a string as it is, null as nothing, anything else as JSON.
fn as_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// `malformed JSON at column C: what`, without serde_json's "at line 1" (each record is
/// one line; the line number is the file's, given by the caller).
fn malformed(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(what, _)| what);
    if e.column() > 0 {
        format!("malformed JSON at column {}: {what}", e.column())
    } else {
        format!("malformed JSON: {what}")
    }
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl Iterator for JsonlRecords {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            let Some((n, bytes)) = self.lines.next_line() else {
                self.note_ids();
                if self.require_records && !self.any_line {
                    self.any_line = true;
                    return Some(Err(RecordError::new(
                        self.prefixed("1".into()),
                        self.source.clone(),
                        0,
                        format!(
                            "no records (the file is empty or blank); expected one JSON object \
                             per line with a `{}` field",
                            self.text_field
                        ),
                    )));
                }
                return None;
            };
            self.line_no = n;
            match bytes {
                Err(f) => {
                    self.any_line = true;
                    let id = self.prefixed(n.to_string());
                    return Some(Err(RecordError::new(
                        id,
                        self.source.clone(),
                        n,
                        f.message(self.cap),
                    )));
                }
                Ok(b) if b.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(b) => {
                    self.any_line = true;
                    return Some(self.parse(&b));
                }
            }
        }
    }
}
