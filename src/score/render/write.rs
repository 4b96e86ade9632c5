//! One record's rows, written as CSV cells or JSON lines: a row per sentence, a row per
//! article, or the error row that stands for a record that could not be read.

use super::super::decimal;
use super::super::json;
use super::super::rows::{CharOffsets, SentenceChars};
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
        // Writing into a Vec cannot fail, so results are ignored below.
        match out {
            Out::Csv(w) => {
                // Fields are written one by one from reused buffers: a String per cell
                // (and a format! per probability) was a fifth of CSV scoring's work.
                let mut num = String::new();
                let mut terms = String::new();
                for s in sentences {
                    let c = SentenceChars::of(s, &mut chars);
                    let _ = w.write_field(&rec.id);
                    for i in 0..self.keep.len() {
                        let _ = w.write_field(rec.keep.get(i).map_or("", String::as_str));
                    }
                    for n in [s.sent_id, s.start, s.end, c.start, c.end] {
                        num.clear();
                        decimal::push_usize(&mut num, n);
                        let _ = w.write_field(&num);
                    }
                    let _ = w.write_field(&s.text);
                    let _ = w.write_field(&s.stance);
                    let mut probs = |w: &mut csv::Writer<Vec<u8>>, values: &[f64]| {
                        for &v in values {
                            num.clear();
                            decimal::push_fixed6(&mut num, v);
                            let _ = w.write_field(&num);
                        }
                    };
                    probs(w, &s.stance_probs);
                    probs(w, s.stance_scores.as_deref().unwrap_or_default());
                    if let (Some(f), Some(fp)) = (&s.frame, &s.frame_probs) {
                        let _ = w.write_field(f);
                        probs(w, fp);
                        probs(w, s.frame_scores.as_deref().unwrap_or_default());
                    }
                    terms.clear();
                    for (k, cell) in term_cells(&s.terms, &c.terms).iter().enumerate() {
                        if k > 0 {
                            terms.push(';');
                        }
                        terms.push_str(cell);
                    }
                    let _ = w.write_field(&terms);
                    let _ = w.write_field("ok");
                    let _ = w.write_field("");
                    if let Some(m) = &self.model_id {
                        let _ = w.write_field(m);
                    }
                    let _ = w.write_record(None::<&[u8]>);
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
                let mut cells = self.lead_cells(rec);
                cells.push(p.sentences.len().to_string());
                cells.push(p.stance.clone());
                cells.extend(p.stance_probs.iter().map(|&v| {
                    let mut cell = String::new();
                    decimal::push_fixed6(&mut cell, v);
                    cell
                }));
                let terms: Vec<String> = p
                    .sentences
                    .iter()
                    .zip(&offsets)
                    .flat_map(|(s, c)| term_cells(&s.terms, &c.terms))
                    .collect();
                cells.push(terms.join(";"));
                self.tail_cells(&mut cells);
                let _ = w.write_record(&cells);
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
                let cols = self.csv_columns();
                let mut cells = vec![String::new(); cols.len()];
                cells[0] = e.id.clone();
                let status = cols.len() - 2 - usize::from(self.model_id.is_some());
                cells[status] = "error".into();
                cells[status + 1] = message;
                if let Some(m) = &self.model_id {
                    cells[status + 2] = m.clone();
                }
                let _ = w.write_record(&cells);
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

/// `matched@start-end/start_char-end_char:frame[:quoted]`: offsets in bytes, then in
/// characters.
fn term_cells(terms: &[FrameHit], chars: &[(usize, usize)]) -> Vec<String> {
    terms
        .iter()
        .zip(chars)
        .map(|(t, (cs, ce))| {
            format!(
                "{}@{}-{}/{cs}-{ce}:{}{}",
                t.matched,
                t.start,
                t.end,
                t.frame,
                if t.quoted { ":quoted" } else { "" }
            )
        })
        .collect()
}
