//! Rows of a scored article as output bytes (CSV or JSONL), rendered inside the batch
//! jobs so that formatting runs on every core and the writing thread only copies bytes.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::json;

use super::{Level, OnError, OutputFormat, ScoreOptions};
use crate::data::{RecordError, RecordResult};
use crate::features::FrameHit;
use crate::model::{DocumentPrediction, SentencePrediction, StanceModel};

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
    /// Set when the record could not be read.
    pub error: Option<RecordError>,
}

/// The output buffer of one batch: a CSV writer or plain JSONL bytes.
enum Out {
    Csv(Box<csv::Writer<Vec<u8>>>),
    Jsonl(Vec<u8>),
}

impl Out {
    /// Bytes written so far (a CSV writer is flushed into its vector first).
    fn len(&mut self) -> usize {
        match self {
            Out::Csv(w) => {
                // Flushing into a Vec cannot fail.
                let _ = w.flush();
                w.get_ref().len()
            }
            Out::Jsonl(v) => v.len(),
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Out::Csv(w) => w
                .into_inner()
                .unwrap_or_else(|e| e.into_inner().get_ref().clone()),
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
}

impl<'m> Renderer<'m> {
    pub fn new(model: &'m StanceModel, opts: &ScoreOptions) -> Self {
        Renderer {
            model,
            format: opts.format,
            level: opts.level,
            on_error: opts.on_error,
        }
    }

    /// The CSV columns; error rows take the same width.
    fn csv_columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = vec!["doc_id".into()];
        if self.level == Level::Sentence {
            cols.extend(["sent_id", "start", "end", "text"].map(String::from));
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
        cols
    }

    fn out(&self) -> Out {
        match self.format {
            OutputFormat::Csv => Out::Csv(Box::new(csv::Writer::from_writer(Vec::with_capacity(
                1 << 16,
            )))),
            OutputFormat::Jsonl => Out::Jsonl(Vec::with_capacity(1 << 16)),
        }
    }

    /// The CSV header row (nothing for JSONL).
    pub fn header(&self) -> Vec<u8> {
        let mut out = self.out();
        if let Out::Csv(w) = &mut out {
            let _ = w.write_record(self.csv_columns());
        }
        out.into_bytes()
    }

    /// Scores and renders one batch, in input order, on the calling thread.
    pub fn batch(&self, batch: Vec<RecordResult>) -> Rendered {
        let model = self.model;
        let analyzer = model.analyzer();
        let mut out = self.out();
        let mut items = Vec::with_capacity(batch.len());
        for r in batch {
            let item = match r {
                Ok(rec) => {
                    // Sentence rows do not print the article's verdict: not computed then.
                    let (rows, sentences) = match self.level {
                        Level::Sentence => {
                            let s = model.predict_sentences(&rec.text, &analyzer);
                            (self.sentence_rows(&mut out, &rec.id, &s), s.len())
                        }
                        Level::Document => {
                            let p = model.predict_document(&rec.text, &analyzer);
                            (self.document_row(&mut out, &rec.id, &p), p.sentences.len())
                        }
                    };
                    Item {
                        end: out.len(),
                        rows,
                        sentences: sentences as u64,
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

    /// Writes one row per sentence of an article; returns how many.
    fn sentence_rows(&self, out: &mut Out, id: &str, sentences: &[SentencePrediction]) -> u64 {
        let stance_labels = self.model.stance_labels();
        let frame_labels = self.model.frame_labels().unwrap_or(&[]);
        // Writing into a Vec cannot fail, so results are ignored below.
        match out {
            Out::Csv(w) => {
                for s in sentences {
                    let mut rec = vec![
                        id.to_string(),
                        s.sent_id.to_string(),
                        s.start.to_string(),
                        s.end.to_string(),
                        s.text.clone(),
                        s.stance.clone(),
                    ];
                    rec.extend(s.stance_probs.iter().map(|v| format!("{v:.6}")));
                    rec.extend(s.stance_scores.iter().flatten().map(|v| format!("{v:.6}")));
                    if let (Some(f), Some(fp)) = (&s.frame, &s.frame_probs) {
                        rec.push(f.clone());
                        rec.extend(fp.iter().map(|v| format!("{v:.6}")));
                        rec.extend(s.frame_scores.iter().flatten().map(|v| format!("{v:.6}")));
                    }
                    rec.extend([term_cells(&s.terms).join(";"), "ok".into(), String::new()]);
                    let _ = w.write_record(&rec);
                }
            }
            Out::Jsonl(v) => {
                for s in sentences {
                    let row = SentenceRow::new(Some(id), s, stance_labels, frame_labels);
                    let _ = serde_json::to_writer(&mut *v, &row);
                    v.push(b'\n');
                }
            }
        }
        sentences.len() as u64
    }

    /// Writes the one row of an article; returns 1.
    fn document_row(&self, out: &mut Out, id: &str, p: &DocumentPrediction) -> u64 {
        let stance_labels = self.model.stance_labels();
        let frame_labels = self.model.frame_labels().unwrap_or(&[]);
        match out {
            Out::Csv(w) => {
                let mut rec = vec![
                    id.to_string(),
                    p.sentences.len().to_string(),
                    p.stance.clone(),
                ];
                rec.extend(p.stance_probs.iter().map(|v| format!("{v:.6}")));
                let terms: Vec<String> = p
                    .sentences
                    .iter()
                    .flat_map(|s| term_cells(&s.terms))
                    .collect();
                rec.extend([terms.join(";"), "ok".into(), String::new()]);
                let _ = w.write_record(&rec);
            }
            Out::Jsonl(v) => {
                let row = DocumentRow {
                    doc_id: id,
                    n_sentences: p.sentences.len(),
                    sentences: p
                        .sentences
                        .iter()
                        .map(|s| SentenceRow::new(None, s, stance_labels, frame_labels))
                        .collect(),
                    stance: &p.stance,
                    stance_probs: Probs(stance_labels, &p.stance_probs),
                    status: "ok",
                };
                let _ = serde_json::to_writer(&mut *v, &row);
                v.push(b'\n');
            }
        }
        1
    }

    /// Writes the error row of a record that could not be read.
    fn error(&self, out: &mut Out, e: &RecordError) -> u64 {
        let message = e.to_string();
        match out {
            Out::Csv(w) => {
                let width = self.csv_columns().len();
                let mut rec = vec![String::new(); width];
                rec[0] = e.id.clone();
                rec[width - 2] = "error".into();
                rec[width - 1] = message;
                let _ = w.write_record(&rec);
            }
            Out::Jsonl(v) => {
                let row = json!({"doc_id": e.id, "status": "error", "error": message});
                let _ = serde_json::to_writer(&mut *v, &row);
                v.push(b'\n');
            }
        }
        1
    }
}

fn term_cells(terms: &[crate::features::FrameHit]) -> Vec<String> {
    terms
        .iter()
        .map(|t| {
            format!(
                "{}@{}-{}:{}{}",
                t.matched,
                t.start,
                t.end,
                t.frame,
                if t.quoted { ":quoted" } else { "" }
            )
        })
        .collect()
}

/// Label → probability, in label order (labels are sorted, so this is key order).
struct Probs<'a>(&'a [String], &'a [f64]);

impl Serialize for Probs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len().min(self.1.len())))?;
        for (l, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(l, v)?;
        }
        m.end()
    }
}

/// A frame hit with its keys in sorted order.
#[derive(Serialize)]
struct HitRow<'a> {
    attributed: bool,
    end: usize,
    frame: &'a str,
    matched: &'a str,
    quoted: bool,
    scare_quoted: bool,
    stance: &'a str,
    start: usize,
    term: &'a str,
}

impl<'a> From<&'a FrameHit> for HitRow<'a> {
    fn from(h: &'a FrameHit) -> Self {
        HitRow {
            attributed: h.attributed,
            end: h.end,
            frame: &h.frame,
            matched: &h.matched,
            quoted: h.quoted,
            scare_quoted: h.scare_quoted,
            stance: &h.stance,
            start: h.start,
            term: &h.term,
        }
    }
}

/// A sentence row with its keys in sorted order; `doc_id` and `status` only at sentence
/// level.
#[derive(Serialize)]
struct SentenceRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_id: Option<&'a str>,
    end: usize,
    frame: Option<&'a str>,
    frame_probs: Option<Probs<'a>>,
    /// A linear SVM frame head's decision scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    frame_scores: Option<Probs<'a>>,
    sent_id: usize,
    stance: &'a str,
    stance_probs: Probs<'a>,
    /// A linear SVM stance head's decision scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    stance_scores: Option<Probs<'a>>,
    start: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    terms: Vec<HitRow<'a>>,
    text: &'a str,
}

impl<'a> SentenceRow<'a> {
    fn new(
        id: Option<&'a str>,
        s: &'a SentencePrediction,
        stance_labels: &'a [String],
        frame_labels: &'a [String],
    ) -> Self {
        SentenceRow {
            doc_id: id,
            end: s.end,
            frame: s.frame.as_deref(),
            frame_probs: s.frame_probs.as_deref().map(|p| Probs(frame_labels, p)),
            frame_scores: s.frame_scores.as_deref().map(|p| Probs(frame_labels, p)),
            sent_id: s.sent_id,
            stance: &s.stance,
            stance_probs: Probs(stance_labels, &s.stance_probs),
            stance_scores: s.stance_scores.as_deref().map(|p| Probs(stance_labels, p)),
            start: s.start,
            status: id.map(|_| "ok"),
            terms: s.terms.iter().map(HitRow::from).collect(),
            text: &s.text,
        }
    }
}

/// An article row with its keys in sorted order.
#[derive(Serialize)]
struct DocumentRow<'a> {
    doc_id: &'a str,
    n_sentences: usize,
    sentences: Vec<SentenceRow<'a>>,
    stance: &'a str,
    stance_probs: Probs<'a>,
    status: &'a str,
}
