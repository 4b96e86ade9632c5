//! Rows of a scored article as output bytes (CSV or JSONL), rendered inside the batch
//! jobs so that formatting runs on every core and the writing thread only copies bytes.

mod cells;
mod write;

use std::borrow::Cow;

use self::cells::CsvRows;
use super::json;
use super::records::{score_text, Scored};
use super::{Level, OnError, OutputFormat, ScoreOptions};
use crate::data::{Record, RecordError, RecordResult};
use crate::model::StanceModel;
use crate::text::html;

/// A rendered batch: its output bytes and, per input record, where its rows end.
pub(super) struct Rendered {
    pub bytes: Vec<u8>,
    pub items: Vec<Item>,
}

/// One input record's share of a [`Rendered`] batch.
pub(super) struct Item {
    /// Offset in `bytes` just past this record's rows.
    pub end: usize,
    pub rows: u64,
    pub sentences: u64,
    /// Of `sentences`, those with no feature of the model.
    pub no_known_word: u64,
    /// The record's text held HTML character references that were left as they were.
    pub html_escaped: bool,
    /// A CSV cell of its rows (id, kept column, sentence text) reads as a formula to a
    /// spreadsheet program (see [`formula_like`]).
    pub formula_like: bool,
    /// Set when the record could not be read.
    pub error: Option<RecordError>,
}

/// The output buffer of one batch: CSV rows (boxed: their quoting table is 256 bytes) or
/// JSONL bytes.
enum Out {
    Csv(Box<CsvRows>),
    Jsonl(Vec<u8>),
}

impl Out {
    /// Bytes written so far.
    fn len(&self) -> usize {
        match self {
            Out::Csv(w) => w.len(),
            Out::Jsonl(v) => v.len(),
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Out::Csv(w) => w.into_bytes(),
            Out::Jsonl(v) => v,
        }
    }
}

/// Scores records and formats their rows for one output layout and model.
pub(super) struct Renderer<'m> {
    model: &'m StanceModel,
    format: OutputFormat,
    level: Level,
    on_error: OnError,
    keep: Vec<String>,
    model_id: Option<String>,
    max_sentences: usize,
    unescape_html: bool,
    /// The heads' labels as JSON keys (no frame labels without a frame head).
    stance_keys: json::LabelKeys,
    frame_keys: json::LabelKeys,
}

/// The output columns that the kept input columns must not be named as (CSV and JSONL).
pub const RESERVED: &[&str] = &[
    "doc_id",
    "sent_id",
    "start",
    "end",
    "start_char",
    "end_char",
    "text",
    "n_sentences",
    "sentences",
    "stance",
    "stance_probs",
    "frame",
    "frame_probs",
    "stance_scores",
    "frame_scores",
    "frame_terms",
    "terms",
    "status",
    "error",
    "model",
];

impl<'m> Renderer<'m> {
    pub fn new(model: &'m StanceModel, opts: &ScoreOptions) -> Self {
        Renderer {
            model,
            format: opts.format,
            level: opts.level,
            on_error: opts.on_error,
            keep: opts.keep.clone(),
            model_id: (!opts.model_id.is_empty()).then(|| opts.model_id.clone()),
            max_sentences: opts.max_sentences.max(1),
            unescape_html: opts.unescape_html,
            stance_keys: json::LabelKeys::new(model.stance_labels()),
            frame_keys: json::LabelKeys::new(model.frame_labels().unwrap_or(&[])),
        }
    }

    /// The output's top-level columns: CSV's, or JSONL's fixed keys (its probabilities
    /// are nested objects).
    pub fn columns(&self) -> Vec<String> {
        match self.format {
            OutputFormat::Csv => self.csv_columns(),
            OutputFormat::Jsonl => Vec::new(),
        }
    }

    /// The CSV columns; error rows take the same width.
    fn csv_columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = vec!["doc_id".into()];
        cols.extend(self.keep.iter().cloned());
        if self.level == Level::Sentence {
            cols.extend(
                ["sent_id", "start", "end", "start_char", "end_char", "text"].map(String::from),
            );
        } else {
            cols.push("n_sentences".into());
        }
        cols.push("stance".into());
        cols.extend(self.model.stance_labels().iter().map(|l| format!("p_{l}")));
        // A linear SVM head's p_ columns are Platt-calibrated from its decision scores,
        // which follow as score_ columns (sentence rows).
        let scores = |head: Option<&crate::model::LogisticHead>| {
            self.level == Level::Sentence && head.is_some_and(|h| h.has_scores())
        };
        if scores(Some(self.model.stance_head())) {
            cols.extend(
                self.model
                    .stance_labels()
                    .iter()
                    .map(|l| format!("score_{l}")),
            );
        }
        if let Some(labels) = self.model.frame_labels() {
            if self.level == Level::Sentence {
                cols.push("frame".into());
                cols.extend(labels.iter().map(|l| format!("p_frame_{l}")));
                if scores(self.model.frame_head()) {
                    cols.extend(labels.iter().map(|l| format!("score_frame_{l}")));
                }
            }
        }
        cols.extend(["frame_terms", "status", "error"].map(String::from));
        if self.model_id.is_some() {
            cols.push("model".into());
        }
        cols
    }

    fn meta<'a>(&'a self, rec: &'a Record) -> json::Meta<'a> {
        json::Meta {
            id: &rec.id,
            model: self.model_id.as_deref(),
            keep: &self.keep,
            values: &rec.keep,
        }
    }

    /// The cells before a row's scores: its id and kept columns (empty for a column the
    /// record lacks).
    fn lead_cells(&self, w: &mut CsvRows, rec: &Record) {
        w.text(&rec.id);
        for i in 0..self.keep.len() {
            w.text(rec.keep.get(i).map_or("", String::as_str));
        }
    }

    /// The cells after a row's terms: status, error and model.
    fn tail_cells(&self, w: &mut CsvRows) {
        w.text("ok");
        w.text("");
        if let Some(m) = &self.model_id {
            w.text(m);
        }
    }

    fn out(&self) -> Out {
        self.out_for(0)
    }

    /// An output buffer with room for the rows of `text_bytes` of input: sentence rows
    /// repeat their text beside the scores and terms (JSONL about 5x the input on the seed
    /// articles, CSV about 2x), and growing the buffer by doubling copied it over again.
    fn out_for(&self, text_bytes: usize) -> Out {
        let per_byte = match (self.format, self.level) {
            (OutputFormat::Jsonl, Level::Sentence) => 6,
            _ => 2,
        };
        let capacity = (text_bytes * per_byte).max(1 << 16);
        match self.format {
            OutputFormat::Csv => Out::Csv(Box::new(CsvRows::new(capacity))),
            OutputFormat::Jsonl => Out::Jsonl(Vec::with_capacity(capacity)),
        }
    }

    /// The CSV header row (nothing for JSONL).
    pub fn header(&self) -> Vec<u8> {
        let mut out = self.out();
        if let Out::Csv(w) = &mut out {
            for c in self.csv_columns() {
                w.text(&c);
            }
            w.end_row();
        }
        out.into_bytes()
    }

    /// Scores and renders one batch, in input order, on the calling thread.
    pub fn batch(&self, batch: Vec<RecordResult>) -> Rendered {
        let model = self.model;
        let analyzer = model.analyzer();
        let text_bytes = batch.iter().flatten().map(|r| r.text.len()).sum();
        let mut out = self.out_for(text_bytes);
        let mut items = Vec::with_capacity(batch.len());
        for r in batch {
            let mut html_escaped = false;
            let r = r.and_then(|mut rec| {
                if self.unescape_html {
                    if let Cow::Owned(text) = html::unescape(&rec.text) {
                        rec.text = text;
                    }
                } else {
                    html_escaped = html::has_char_refs(&rec.text);
                }
                match score_text(model, &rec.text, &analyzer, self.level, self.max_sentences) {
                    Ok(scored) => Ok((rec, scored)),
                    Err(e) => Err(RecordError::new(
                        rec.id.clone(),
                        format!("record `{}`", rec.id),
                        0,
                        e.to_string(),
                    )),
                }
            });
            let item = match r {
                Ok((rec, scored)) => {
                    let no_known_word = scored.no_known_word();
                    let formula_like = self.format == OutputFormat::Csv
                        && (std::iter::once(&rec.id)
                            .chain(&rec.keep)
                            .any(|c| formula_like(c))
                            || (self.level == Level::Sentence
                                && scored.sentences().iter().any(|s| formula_like(&s.text))));
                    let (rows, sentences) = match scored {
                        Scored::Sentences(s) => (self.sentence_rows(&mut out, &rec, &s), s.len()),
                        Scored::Document(p) => {
                            (self.document_row(&mut out, &rec, &p), p.sentences.len())
                        }
                    };
                    Item {
                        end: out.len(),
                        rows,
                        sentences: sentences as u64,
                        no_known_word,
                        html_escaped,
                        formula_like,
                        error: None,
                    }
                }
                Err(e) => {
                    let rows = match self.on_error {
                        OnError::Record => self.error(&mut out, &e),
                        OnError::Skip | OnError::Fail => 0,
                    };
                    Item {
                        end: out.len(),
                        rows,
                        sentences: 0,
                        no_known_word: 0,
                        html_escaped: false,
                        formula_like: false,
                        error: Some(e),
                    }
                }
            };
            items.push(item);
        }
        Rendered {
            bytes: out.into_bytes(),
            items,
        }
    }
}

/// Whether a CSV cell reads as a formula to a spreadsheet program that opens the file
/// (Excel, LibreOffice, Google Sheets): it starts with `=`, `+`, `-` or `@` and is not a
/// number (`-3` is one).
pub(crate) fn formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@']) && cell.parse::<f64>().is_err()
}
