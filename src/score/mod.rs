//! Stage 5, scoring: a stream of articles in, a stream of rows out.
//!
//! Records are read in bounded batches, each batch scored in parallel with `rayon` and
//! written in input order, so memory stays flat on any input size and the output order is
//! the input order whatever the thread count. Every input record yields its rows or one
//! error row (`--on-error record`), and the [`ScoreSummary`] counts add up. The public
//! entry is [`score_stream`]; it writes to any `io::Write`, so stdin-to-stdout streaming
//! (Spark's `pipe`) and files are the same code.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::data::{Record, RecordError, RecordResult};
use crate::model::{DocumentPrediction, StanceModel};

/// Output layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Csv,
    Jsonl,
}

/// One row per sentence, or one per article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Sentence,
    Document,
}

/// What to do with a record that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Write an error row and go on (the default: nothing is lost silently).
    Record,
    /// Count it, write nothing, go on.
    Skip,
    /// Stop at the first bad record.
    Fail,
}

#[derive(Debug, Clone)]
pub struct ScoreOptions {
    pub format: OutputFormat,
    pub level: Level,
    pub on_error: OnError,
    /// Records per batch: the unit of parallelism and the bound on memory.
    pub batch_size: usize,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            format: OutputFormat::Jsonl,
            level: Level::Sentence,
            on_error: OnError::Record,
            batch_size: 256,
        }
    }
}

/// Counts of a scoring run: `read == scored + errored`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScoreSummary {
    pub read: u64,
    pub scored: u64,
    pub errored: u64,
    pub sentences: u64,
    pub rows_written: u64,
}

/// Why scoring stopped early.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("{0}")]
    BadRecord(RecordError),
    #[error("writing output: {0}")]
    Write(#[from] std::io::Error),
}

impl ScoreError {
    /// A closed pipe (`stancer score ... | head`) is how a reader says "enough".
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, ScoreError::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Scores every record and writes rows to `out`. Returns the counts, also when stopping
/// on an error (inside the error's context the caller already has them via `progress`).
pub fn score_stream<W: Write>(
    model: &StanceModel,
    records: impl Iterator<Item = RecordResult>,
    out: W,
    opts: &ScoreOptions,
    mut progress: impl FnMut(&ScoreSummary),
) -> Result<ScoreSummary, ScoreError> {
    let mut sink = Sink::new(out, model, opts);
    let mut summary = ScoreSummary::default();
    let mut records = records.peekable();
    sink.header()?;
    while records.peek().is_some() {
        let batch: Vec<RecordResult> = records.by_ref().take(opts.batch_size.max(1)).collect();
        let scored: Vec<Result<(Record, DocumentPrediction), RecordError>> = batch
            .into_par_iter()
            .map_init(
                || model.analyzer(),
                |analyzer, r| {
                    r.map(|rec| {
                        let p = model.predict_document(&rec.text, analyzer);
                        (rec, p)
                    })
                },
            )
            .collect();
        for item in scored {
            summary.read += 1;
            match item {
                Ok((rec, pred)) => {
                    summary.scored += 1;
                    summary.sentences += pred.sentences.len() as u64;
                    summary.rows_written += sink.prediction(&rec.id, &pred)?;
                }
                Err(e) => {
                    summary.errored += 1;
                    match opts.on_error {
                        OnError::Fail => {
                            sink.flush()?;
                            return Err(ScoreError::BadRecord(e));
                        }
                        OnError::Skip => {}
                        OnError::Record => summary.rows_written += sink.error(&e)?,
                    }
                }
            }
        }
        progress(&summary);
    }
    sink.flush()?;
    Ok(summary)
}

/// Formats rows for one output layout.
struct Sink<'m, W: Write> {
    out: Option<W>,
    csv: Option<csv::Writer<W>>,
    model: &'m StanceModel,
    opts: ScoreOptions,
}

impl<'m, W: Write> Sink<'m, W> {
    fn new(out: W, model: &'m StanceModel, opts: &ScoreOptions) -> Self {
        let (out, csv) = match opts.format {
            OutputFormat::Csv => (None, Some(csv::Writer::from_writer(out))),
            OutputFormat::Jsonl => (Some(out), None),
        };
        Sink {
            out,
            csv,
            model,
            opts: opts.clone(),
        }
    }

    fn header(&mut self) -> std::io::Result<()> {
        let Some(w) = self.csv.as_mut() else {
            return Ok(());
        };
        let mut cols: Vec<String> = vec!["doc_id".into()];
        if self.opts.level == Level::Sentence {
            cols.extend(["sent_id", "start", "end", "text"].map(String::from));
        } else {
            cols.push("n_sentences".into());
        }
        cols.push("stance".into());
        cols.extend(self.model.stance_labels().iter().map(|l| format!("p_{l}")));
        if let Some(labels) = self.model.frame_labels() {
            if self.opts.level == Level::Sentence {
                cols.push("frame".into());
                cols.extend(labels.iter().map(|l| format!("p_frame_{l}")));
            }
        }
        cols.extend(["frame_terms", "status", "error"].map(String::from));
        w.write_record(&cols)?;
        self.drain()
    }

    fn prediction(&mut self, id: &str, p: &DocumentPrediction) -> std::io::Result<u64> {
        let stance_labels = self.model.stance_labels();
        let frame_labels = self.model.frame_labels().unwrap_or(&[]);
        let rows = match (self.opts.level, self.csv.as_mut()) {
            (Level::Document, Some(w)) => {
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
                w.write_record(&rec)?;
                1
            }
            (Level::Sentence, Some(w)) => {
                for s in &p.sentences {
                    let mut rec = vec![
                        id.to_string(),
                        s.sent_id.to_string(),
                        s.start.to_string(),
                        s.end.to_string(),
                        s.text.clone(),
                        s.stance.clone(),
                    ];
                    rec.extend(s.stance_probs.iter().map(|v| format!("{v:.6}")));
                    if let (Some(f), Some(fp)) = (&s.frame, &s.frame_probs) {
                        rec.push(f.clone());
                        rec.extend(fp.iter().map(|v| format!("{v:.6}")));
                    }
                    rec.extend([term_cells(&s.terms).join(";"), "ok".into(), String::new()]);
                    w.write_record(&rec)?;
                }
                p.sentences.len() as u64
            }
            (Level::Document, None) => {
                let sentences: Vec<Value> = p
                    .sentences
                    .iter()
                    .map(|s| sentence_json(None, s, stance_labels, frame_labels))
                    .collect();
                let v = json!({
                    "doc_id": id,
                    "status": "ok",
                    "stance": p.stance,
                    "stance_probs": probs_json(stance_labels, &p.stance_probs),
                    "n_sentences": p.sentences.len(),
                    "sentences": sentences,
                });
                self.json_line(&v)?;
                1
            }
            (Level::Sentence, None) => {
                for s in &p.sentences {
                    let v = sentence_json(Some(id), s, stance_labels, frame_labels);
                    self.json_line(&v)?;
                }
                p.sentences.len() as u64
            }
        };
        self.drain()?;
        Ok(rows)
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<u64> {
        let message = e.to_string();
        match self.csv.as_mut() {
            Some(w) => {
                let width = w_len(self.model, self.opts.level);
                let mut rec = vec![String::new(); width];
                rec[0] = e.id.clone();
                rec[width - 2] = "error".into();
                rec[width - 1] = message;
                w.write_record(&rec)?;
            }
            None => {
                let v = json!({"doc_id": e.id, "status": "error", "error": message});
                self.json_line(&v)?;
            }
        }
        self.drain()?;
        Ok(1)
    }

    fn json_line(&mut self, v: &Value) -> std::io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            serde_json::to_writer(&mut *out, v)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Row writes are buffered by the writers themselves; nothing to move.
    fn drain(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(w) = self.csv.as_mut() {
            w.flush()?;
        }
        if let Some(out) = self.out.as_mut() {
            out.flush()?;
        }
        Ok(())
    }
}

/// Number of CSV columns, to give error rows the same width as data rows.
fn w_len(model: &StanceModel, level: Level) -> usize {
    let base = match level {
        Level::Sentence => 5,
        Level::Document => 2,
    };
    let frame = match (level, model.frame_labels()) {
        (Level::Sentence, Some(l)) => 1 + l.len(),
        _ => 0,
    };
    base + 1 + model.stance_labels().len() + frame + 3
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

fn probs_json(labels: &[String], p: &[f64]) -> Value {
    let mut m = Map::new();
    for (l, v) in labels.iter().zip(p) {
        m.insert(l.clone(), json!(v));
    }
    Value::Object(m)
}

fn sentence_json(
    id: Option<&str>,
    s: &crate::model::SentencePrediction,
    stance_labels: &[String],
    frame_labels: &[String],
) -> Value {
    let mut v = json!({
        "sent_id": s.sent_id,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "stance": s.stance,
        "stance_probs": probs_json(stance_labels, &s.stance_probs),
        "frame": s.frame,
        "frame_probs": s.frame_probs.as_ref().map(|p| probs_json(frame_labels, p)),
        "terms": s.terms,
    });
    if let (Some(id), Value::Object(m)) = (id, &mut v) {
        m.insert("doc_id".into(), json!(id));
        m.insert("status".into(), json!("ok"));
    }
    v
}
