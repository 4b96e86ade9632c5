//! The header row of a CSV to score: the text, id and kept columns it names, found once
//! before the first record.

use super::super::csv_checks::{repeats_header, text_after_quote_message, TextAfterQuote};
use super::super::decode::{decode_bytes, invalid_utf8_at};
use super::super::input::RecordError;
use super::raw::Raw;
use super::CsvRecords;

/// The columns the header names.
pub(super) struct Header {
    pub(super) names: Vec<String>,
    pub(super) text: usize,
    pub(super) id: Option<usize>,
    pub(super) keep: Vec<usize>,
}

impl CsvRecords {
    /// The header row: the columns named, or a fatal error naming the columns there are.
    pub(super) fn read_header(
        &mut self,
        raw: &Raw,
        after: &[TextAfterQuote],
    ) -> Result<(), RecordError> {
        let fatal = |this: &Self, message: String| RecordError {
            fatal: true,
            ..this.error(this.source.clone(), raw.line, message)
        };
        if raw.too_large {
            return Err(fatal(
                self,
                format!(
                    "the header row is larger than --max-record-bytes {}; expected a header row",
                    self.cap
                ),
            ));
        }
        if let (true, Some((_, col))) = (raw.eof, self.quotes.unclosed()) {
            return Err(fatal(
                self,
                format!("unbalanced quote at column {col} of the header; expected a closing `\"`"),
            ));
        }
        if let Some(t) = after.first() {
            let message = text_after_quote_message(t, &format!("header field {}", t.field + 1));
            return Err(RecordError {
                line: t.line,
                ..fatal(self, message)
            });
        }
        let mut names = Vec::with_capacity(raw.fields);
        for i in 0..raw.fields {
            let bytes = self.field(i, raw.fields).unwrap_or_default();
            match decode_bytes(bytes, self.encoding) {
                Ok(s) => names.push(s.into_owned()),
                Err(at) => {
                    let message = format!(
                        "cannot read the header: {}",
                        invalid_utf8_at(bytes, at, 0, &format!("header field {}", i + 1))
                    );
                    return Err(fatal(self, message));
                }
            }
        }
        // `flag` is None for the text column left at its default: the user named no flag.
        let find = |name: &str, flag: Option<&str>| -> Result<usize, RecordError> {
            let mut at = names.iter().enumerate().filter(|(_, n)| *n == name);
            let Some((i, _)) = at.next() else {
                let missing = match flag {
                    Some(flag) => format!("missing column `{name}` (named by {flag})"),
                    None => format!("no column `{name}` (the default; choose one with --text-col)"),
                };
                return Err(fatal(
                    self,
                    format!(
                        "{missing}; the columns are: {}{}",
                        names.join(", "),
                        crate::data::csv_checks::delimiter_hint(names.iter().map(String::as_str))
                    ),
                ));
            };
            let others: Vec<String> = at.map(|(j, _)| (j + 1).to_string()).collect();
            if !others.is_empty() {
                self.notes.warn(format!(
                    "{}: line {}: column `{name}` appears more than once in the header \
                     (columns {} and {}); the first is read",
                    self.source,
                    raw.line,
                    i + 1,
                    others.join(", ")
                ));
            }
            Ok(i)
        };
        let text = find(
            &self.text_field,
            self.text_field_given.then_some("--text-col"),
        )?;
        let id = match &self.id_field {
            Some(f) => Some(find(f, Some("--id-col"))?),
            None => {
                let names = names.iter().map(String::as_str);
                self.notes
                    .unread_id(&self.source, raw.line, "column", names);
                None
            }
        };
        let keep = self
            .keep
            .iter()
            .map(|k| find(k, Some("--keep-cols")))
            .collect::<Result<_, _>>()?;
        self.header = Some(Header {
            names,
            text,
            id,
            keep,
        });
        Ok(())
    }

    /// Whether the row just parsed (`raw`) holds the header's names again: see
    /// [`repeats_header`].
    pub(super) fn repeats_header(&self, raw: &Raw) -> bool {
        let Some(h) = &self.header else {
            return false;
        };
        let cells: Option<Vec<String>> = (0..raw.fields)
            .map(|i| {
                let bytes = self.field(i, raw.fields)?;
                decode_bytes(bytes, self.encoding)
                    .ok()
                    .map(|s| s.into_owned())
            })
            .collect();
        cells.is_some_and(|c| {
            repeats_header(
                c.iter().map(String::as_str),
                h.names.iter().map(String::as_str),
            )
        })
    }
}
