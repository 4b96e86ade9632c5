//! One record's rows, written as CSV cells or JSON lines: a row per sentence, a row per
//! article, or the error row that stands for a record that could not be read.

use super::super::decimal;
use super::super::json;
use super::super::rows::{CharOffsets, SentenceChars};
use super::cells::CsvRows;
use super::{Out, Renderer};
use crate::data::{Record, RecordError};
use crate::features::FrameHit;
use crate::model::{DocumentPrediction, SentencePrediction};

impl Renderer<'_> {
    /// Writes one row per sentence of an article; returns how many.
    pub(super) fn sentence_rows(
        &self,
        out: &mut Out,
        rec: &Record,
        sentences: &[SentencePrediction],
    ) -> u64 {
        let mut chars = CharOffsets::new(&rec.text);
        match out {
            Out::Csv(w) => {
                for s in sentences {
                    let c = SentenceChars::of(s, &mut chars);
                    self.lead_cells(w, rec);
                    for n in [s.sent_id, s.start, s.end, c.start, c.end] {
                        w.usize(n);
                    }
                    w.text(&s.text);
                    w.text(&s.stance);
                    let probs = |w: &mut CsvRows, values: &[f64]| {
                        for &v in values {
                            w.fixed6(v);
                        }
                    };
                    probs(w, &s.stance_probs);
                    probs(w, s.stance_scores.as_deref().unwrap_or_default());
                    if let (Some(f), Some(fp)) = (&s.frame, &s.frame_probs) {
                        w.text(f);
                        probs(w, fp);
                        probs(w, s.frame_scores.as_deref().unwrap_or_default());
                    }
                    w.text_with(|b| term_cells(b, s.terms.iter().zip(&c.terms)));
                    self.tail_cells(w);
                    w.end_row();
                }
            }
            Out::Jsonl(v) => {
                let meta = self.meta(rec);
                for s in sentences {
                    let c = SentenceChars::of(s, &mut chars);
                    json::sentence(v, Some(&meta), s, &c, &self.stance_keys, &self.frame_keys);
                    v.push(b'\n');
                }
            }
        }
        sentences.len() as u64
    }

    /// Writes the one row of an article; returns 1.
    pub(super) fn document_row(&self, out: &mut Out, rec: &Record, p: &DocumentPrediction) -> u64 {
        match out {
            Out::Csv(w) => {
                let mut chars = CharOffsets::new(&rec.text);
                let offsets: Vec<SentenceChars> = p
                    .sentences
                    .iter()
                    .map(|s| SentenceChars::of(s, &mut chars))
                    .collect();
                self.lead_cells(w, rec);
                w.usize(p.sentences.len());
                w.text(&p.stance);
                for &v in &p.stance_probs {
                    w.fixed6(v);
                }
                w.text_with(|b| {
                    let hits = p.sentences.iter().zip(&offsets);
                    term_cells(b, hits.flat_map(|(s, c)| s.terms.iter().zip(&c.terms)))
                });
                self.tail_cells(w);
                w.end_row();
            }
            Out::Jsonl(v) => {
                let meta = self.meta(rec);
                json::document(v, &meta, p, &rec.text, &self.stance_keys, &self.frame_keys);
                v.push(b'\n');
            }
        }
        1
    }

    /// Writes the error row of a record that could not be read.
    pub(super) fn error(&self, out: &mut Out, e: &RecordError) -> u64 {
        let message = e.to_string();
        match out {
            Out::Csv(w) => {
                // The id, empty cells up to the status, the status, the message, the model.
                let width = self.csv_columns().len();
                let status = width - 2 - usize::from(self.model_id.is_some());
                w.text(&e.id);
                for _ in 1..status {
                    w.text("");
                }
                w.text("error");
                w.text(&message);
                if let Some(m) = &self.model_id {
                    w.text(m);
                }
                w.end_row();
            }
            Out::Jsonl(v) => {
                let mut row = serde_json::Map::new();
                row.insert("doc_id".into(), e.id.clone().into());
                row.insert("error".into(), message.into());
                if let Some(m) = &self.model_id {
                    row.insert("model".into(), m.clone().into());
                }
                row.insert("status".into(), "error".into());
                let _ = serde_json::to_writer(&mut *v, &row);
                v.push(b'\n');
            }
        }
        1
    }
}

/// The frame terms cell: `matched@start-end/start_char-end_char:frame[:quoted]` per hit
/// (offsets in bytes, then in characters), joined by `;`, written into `out` unquoted.
fn term_cells<'h>(
    out: &mut Vec<u8>,
    hits: impl Iterator<Item = (&'h FrameHit, &'h (usize, usize))>,
) {
    for (k, (t, &(cs, ce))) in hits.enumerate() {
        if k > 0 {
            out.push(b';');
        }
        out.extend_from_slice(t.matched.as_bytes());
        out.push(b'@');
        decimal::push_usize(out, t.start);
        out.push(b'-');
        decimal::push_usize(out, t.end);
        out.push(b'/');
        decimal::push_usize(out, cs);
        out.push(b'-');
        decimal::push_usize(out, ce);
        out.push(b':');
        out.extend_from_slice(t.frame.as_bytes());
        if t.quoted {
            out.extend_from_slice(b":quoted");
        }
    }
}
