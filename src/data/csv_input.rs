//! CSV input for scoring: one article per row, the text in a named column.

use std::io::Read;

use super::input::{InputOptions, Record, RecordError, RecordResult};

/// Iterates the rows of a CSV stream. A row that cannot be parsed is an error item; a
/// missing text column is one error item for the whole file.
pub struct CsvRecords {
    source: String,
    records: csv::StringRecordsIntoIter<Box<dyn Read + Send>>,
    text_i: Option<usize>,
    id_i: Option<usize>,
    header_error: Option<String>,
    done: bool,
}

impl CsvRecords {
    pub fn new(source: String, reader: Box<dyn Read + Send>, opts: &InputOptions) -> Self {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(opts.delimiter)
            .flexible(true)
            .from_reader(reader);
        let (text_i, id_i, header_error) = match rdr.headers() {
            Ok(h) => {
                let find = |n: &str| h.iter().position(|c| c.trim_start_matches('\u{feff}') == n);
                let text_i = find(&opts.text_field);
                let err = text_i.is_none().then(|| {
                    format!(
                        "missing text column `{}`; the columns are: {}",
                        opts.text_field,
                        h.iter().collect::<Vec<_>>().join(", ")
                    )
                });
                (text_i, opts.id_field.as_deref().and_then(find), err)
            }
            Err(e) => (None, None, Some(format!("cannot read the header: {e}"))),
        };
        CsvRecords {
            source,
            records: rdr.into_records(),
            text_i,
            id_i,
            header_error,
            done: false,
        }
    }
}

impl Iterator for CsvRecords {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        if self.done {
            return None;
        }
        if let Some(message) = self.header_error.take() {
            self.done = true;
            return Some(Err(RecordError {
                id: self.source.clone(),
                source: self.source.clone(),
                line: 1,
                message,
            }));
        }
        let text_i = self.text_i?;
        let row = self.records.next()?;
        Some(match row {
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                // A broken quote can leave the reader unable to resynchronize: stop here.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    self.done = true;
                }
                Err(RecordError {
                    id: format!("{}:{line}", self.source),
                    source: self.source.clone(),
                    line,
                    message: format!("malformed CSV row: {e}"),
                })
            }
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                let id = self
                    .id_i
                    .and_then(|i| r.get(i))
                    .map_or_else(|| line.to_string(), str::to_string);
                match r.get(text_i) {
                    Some(t) => Ok(Record {
                        id,
                        text: t.to_string(),
                    }),
                    None => Err(RecordError {
                        id,
                        source: self.source.clone(),
                        line,
                        message: format!("row has no field {} (the text column)", text_i + 1),
                    }),
                }
            }
        })
    }
}
