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
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::json;

use crate::data::{Record, RecordError, RecordResult};
use crate::features::FrameHit;
use crate::model::{DocumentPrediction, SentencePrediction, StanceModel};

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
    let mut records = records;
    sink.header()?;
    let batch_size = opts.batch_size.max(1);
    let mut next: Vec<RecordResult> = records.by_ref().take(batch_size).collect();
    let mut done: Option<Vec<Result<Scored, RecordError>>> = None;
    // A three-stage pipeline: while the rayon pool scores batch N (scoring and JSON
    // rendering), this thread writes batch N−1 and reads batch N+1, so reading and writing
    // (which the record iterator and the writer keep on one thread) overlap the parallel
    // work. Output order is input order; memory holds at most three batches.
    loop {
        if next.is_empty() && done.is_none() {
            break;
        }
        let batch = std::mem::take(&mut next);
        let (written, scored) = std::thread::scope(|scope| {
            let job = (!batch.is_empty()).then(|| scope.spawn(|| score_batch(model, opts, batch)));
            let written = match done.take() {
                Some(items) => write_batch(&mut sink, &mut summary, opts, items),
                None => Ok(()),
            };
            if written.is_ok() {
                next = records.by_ref().take(batch_size).collect();
            }
            let scored = job.map(|j| j.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            (written, scored)
        });
        written?;
        if done.is_none() && scored.is_none() {
            break;
        }
        done = scored;
        progress(&summary);
    }
    sink.flush()?;
    Ok(summary)
}

/// Scores one batch in parallel, in input order; JSONL rows are rendered here too.
fn score_batch(
    model: &StanceModel,
    opts: &ScoreOptions,
    batch: Vec<RecordResult>,
) -> Vec<Result<Scored, RecordError>> {
    batch
        .into_par_iter()
        .map_init(
            || model.analyzer(),
            |analyzer, r| {
                r.map(|rec| {
                    let p = model.predict_document(&rec.text, analyzer);
                    let rendered = (opts.format == OutputFormat::Jsonl)
                        .then(|| render_jsonl(model, opts.level, &rec.id, &p));
                    Scored {
                        rec,
                        pred: p,
                        rendered,
                    }
                })
            },
        )
        .collect()
}

/// Writes a scored batch and counts it; stops at a bad record under `--on-error fail`.
fn write_batch<W: Write>(
    sink: &mut Sink<'_, W>,
    summary: &mut ScoreSummary,
    opts: &ScoreOptions,
    items: Vec<Result<Scored, RecordError>>,
) -> Result<(), ScoreError> {
    for item in items {
        summary.read += 1;
        match item {
            Ok(Scored {
                rec,
                pred,
                rendered,
            }) => {
                summary.scored += 1;
                summary.sentences += pred.sentences.len() as u64;
                summary.rows_written += match rendered {
                    Some((bytes, rows)) => sink.write_rendered(&bytes, rows)?,
                    None => sink.prediction(&rec.id, &pred)?,
                };
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
    Ok(())
}

/// A scored record, with its JSONL rows already rendered (bytes, row count).
struct Scored {
    rec: Record,
    pred: DocumentPrediction,
    rendered: Option<(Vec<u8>, u64)>,
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
            (level, None) => {
                let (bytes, rows) = render_jsonl(self.model, level, id, p);
                self.write_rendered(&bytes, rows)?
            }
        };
        self.drain()?;
        Ok(rows)
    }

    fn write_rendered(&mut self, bytes: &[u8], rows: u64) -> std::io::Result<u64> {
        if let Some(out) = self.out.as_mut() {
            out.write_all(bytes)?;
        }
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

    fn json_line(&mut self, v: &serde_json::Value) -> std::io::Result<()> {
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

/// The JSONL rows of one scored article (one per sentence, or one for the article) and
/// their count. Keys are written in sorted order, as `serde_json`'s map would write them.
fn render_jsonl(
    model: &StanceModel,
    level: Level,
    id: &str,
    p: &DocumentPrediction,
) -> (Vec<u8>, u64) {
    let stance_labels = model.stance_labels();
    let frame_labels = model.frame_labels().unwrap_or(&[]);
    let mut out = Vec::with_capacity(512 * p.sentences.len().max(1));
    let rows = match level {
        Level::Sentence => {
            for s in &p.sentences {
                let row = SentenceRow::new(Some(id), s, stance_labels, frame_labels);
                // Serializing plain data into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut out, &row);
                out.push(b'\n');
            }
            p.sentences.len() as u64
        }
        Level::Document => {
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
            let _ = serde_json::to_writer(&mut out, &row);
            out.push(b'\n');
            1
        }
    };
    (out, rows)
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
    sent_id: usize,
    stance: &'a str,
    stance_probs: Probs<'a>,
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
            sent_id: s.sent_id,
            stance: &s.stance,
            stance_probs: Probs(stance_labels, &s.stance_probs),
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
