//! JSON Lines input: one article per line, the text in a named field.

use std::io::{BufRead, BufReader, Read};

use super::input::{InputOptions, Record, RecordError, RecordResult};

/// Iterates the records of a JSONL stream; a bad line is an error item, and reading goes on.
pub struct JsonlRecords {
    source: String,
    lines: std::io::Split<BufReader<Box<dyn Read + Send>>>,
    line_no: u64,
    text_field: String,
    id_field: Option<String>,
}

impl JsonlRecords {
    pub fn new(source: String, reader: Box<dyn Read + Send>, opts: &InputOptions) -> Self {
        JsonlRecords {
            source,
            lines: BufReader::new(reader).split(b'\n'),
            line_no: 0,
            text_field: opts.text_field.clone(),
            id_field: opts.id_field.clone(),
        }
    }

    fn parse(&self, bytes: &[u8]) -> RecordResult {
        let line = self.line_no;
        let fallback_id = format!("{}:{line}", self.source);
        let err = |id: String, m: String| RecordError {
            id,
            source: self.source.clone(),
            line,
            message: m,
        };
        // A UTF-8 BOM (Windows tools write one) is not JSON; accept it on the first line.
        let bytes = match (line, bytes.strip_prefix(b"\xEF\xBB\xBF")) {
            (1, Some(rest)) => rest,
            _ => bytes,
        };
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| err(fallback_id.clone(), malformed(&e)))?;
        let id = match self.id_field.as_deref().and_then(|f| value.get(f)) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) if !v.is_null() => v.to_string(),
            _ => line.to_string(),
        };
        match value.get(&self.text_field) {
            Some(serde_json::Value::String(s)) => Ok(Record {
                id,
                text: s.clone(),
            }),
            Some(other) => Err(err(
                id,
                format!(
                    "field `{}` is {}, expected a string",
                    self.text_field,
                    kind(other)
                ),
            )),
            None => Err(err(id, format!("missing text field `{}`", self.text_field))),
        }
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
            let bytes = self.lines.next()?;
            self.line_no += 1;
            match bytes {
                Err(e) => {
                    return Some(Err(RecordError {
                        id: self.line_no.to_string(),
                        source: self.source.clone(),
                        line: self.line_no,
                        message: format!("read error: {e}"),
                    }))
                }
                Ok(b) if b.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(b) => return Some(self.parse(&b)),
            }
        }
    }
}
