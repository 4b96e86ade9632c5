//! CSV input for scoring: one article per row, the text in a named column.

use std::io::Read;
use std::sync::{Arc, Mutex};

use super::csv_checks::QuoteScanner;
use super::input::{InputOptions, Record, RecordError, RecordResult};

/// Iterates the rows of a CSV stream. A row that cannot be parsed is an error item; a
/// missing text column is one error item for the whole file. A quote that never closes
/// (the parser would silently read the rest of the input as one field) turns the last
/// record into an error item, so every record is held back until the next one is read.
pub struct CsvRecords {
    source: String,
    records: csv::StringRecordsIntoIter<Box<dyn Read + Send>>,
    text_i: Option<usize>,
    id_i: Option<usize>,
    header_error: Option<String>,
    done: bool,
    quotes: Arc<Mutex<QuoteScanner>>,
    pending: Option<RecordResult>,
}

/// Feeds the bytes the CSV parser reads through a [`QuoteScanner`].
struct Watched {
    inner: Box<dyn Read + Send>,
    quotes: Arc<Mutex<QuoteScanner>>,
}

impl Read for Watched {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut q) = self.quotes.lock() {
            q.feed(&buf[..n]);
        }
        Ok(n)
    }
}

impl CsvRecords {
    pub fn new(source: String, reader: Box<dyn Read + Send>, opts: &InputOptions) -> Self {
        let quotes = Arc::new(Mutex::new(QuoteScanner::new(opts.delimiter, false)));
        let reader: Box<dyn Read + Send> = Box::new(Watched {
            inner: reader,
            quotes: Arc::clone(&quotes),
        });
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
            quotes,
            pending: None,
        }
    }

    /// The last record, or an error if the input ended inside a quoted field.
    fn check_last(&self, item: RecordResult) -> RecordResult {
        let Some((line, col)) = self.quotes.lock().ok().and_then(|q| q.unclosed()) else {
            return item;
        };
        let id = match &item {
            Ok(r) => r.id.clone(),
            Err(e) => e.id.clone(),
        };
        Err(RecordError {
            id,
            source: self.source.clone(),
            line,
            message: format!(
                "unbalanced quote at column {col}: the quoted field that opens here is never \
                 closed, so everything from here to the end of the input was read as one field; \
                 expected a closing `\"`"
            ),
        })
    }

    fn next_row(&mut self) -> Option<RecordResult> {
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

impl Iterator for CsvRecords {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            match self.next_row() {
                Some(item) => {
                    if let Some(previous) = self.pending.replace(item) {
                        return Some(previous);
                    }
                }
                None => {
                    let last = self.pending.take()?;
                    return Some(self.check_last(last));
                }
            }
        }
    }
}
