//! Stage 5, scoring: a stream of articles in, a stream of rows out.
//!
//! The reading thread cuts the input into batches and hands each to the `rayon` pool,
//! which scores *and renders* it (CSV or JSONL bytes); the same thread writes finished
//! batches in input order. A bounded number of batches is in flight, so memory stays flat
//! on any input size, cores never wait on a batch barrier, and the output is the same bytes
//! whatever the thread count. Every input record yields its rows or one error row
//! (`--on-error record`), and the [`ScoreSummary`] counts add up. The public entry is
//! [`score_stream`]; it writes to any `io::Write`, so stdin-to-stdout streaming (Spark's
//! `pipe`) and files are the same code.

mod decimal;
mod json;
mod records;
mod render;
mod rows;

pub(crate) use render::formula_like;

use std::collections::BTreeMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;

use serde::Serialize;

use crate::data::{RecordError, RecordResult};
use crate::model::StanceModel;
pub use records::{score_text, score_texts, Scored, TooManySentences};
pub use render::RESERVED as OUTPUT_COLUMNS;
use render::{Rendered, Renderer};

/// A batch also ends once its texts reach this many bytes, so that a few long articles
/// still spread over the cores and a batch of them stays small in memory.
pub const BATCH_BYTES: usize = 1 << 17;

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

/// The most sentences one record may have: beyond it the record is an error row, so that
/// the work and memory of a record stay bounded by more than its bytes (8 MB of `A. ` is
/// 2.7 million one-word sentences, each with its row and probabilities).
pub const MAX_SENTENCES: usize = 100_000;

/// The id every output row names its model by (`model`): the first 12 hex digits of the
/// SHA-256 of the model file's bytes, short enough for every row and naming the exact file
/// that scored it (the built-in model's are the bytes compiled in).
pub fn model_id(model_file: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let hex = format!("{:x}", Sha256::digest(model_file));
    hex[..12].to_string()
}

#[derive(Debug, Clone)]
pub struct ScoreOptions {
    pub format: OutputFormat,
    pub level: Level,
    pub on_error: OnError,
    /// Records per batch: the unit of parallel work and, with [`BATCH_BYTES`], the bound
    /// on memory.
    pub batch_size: usize,
    /// Names of the input columns carried through ([`Record::keep`](crate::data::Record)),
    /// written after `doc_id`.
    pub keep: Vec<String>,
    /// A short id of the model (e.g. the first 12 hex digits of its file's SHA-256),
    /// written in every row as `model`; none if empty.
    pub model_id: String,
    /// A record with more sentences is an error row ([`MAX_SENTENCES`]).
    pub max_sentences: usize,
    /// Decode HTML character references (`&quot;`, `&#8220;`) in each text before scoring
    /// ([`crate::text::html`]); rows then give the decoded text and its offsets.
    pub unescape_html: bool,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            format: OutputFormat::Jsonl,
            level: Level::Sentence,
            on_error: OnError::Record,
            batch_size: 1024,
            keep: Vec::new(),
            model_id: String::new(),
            max_sentences: MAX_SENTENCES,
            unescape_html: false,
        }
    }
}

impl ScoreOptions {
    /// Refuses a kept column named as an output column: one of [`OUTPUT_COLUMNS`], or in
    /// CSV one of this model's label columns (`p_georgian`, `p_frame_none`, `score_...`).
    /// Its header had the name twice, the kept column first, so a reader by name (pandas
    /// renames the second `p_georgian.1`) took the input's value for the model's.
    pub fn check_keep(&self, model: &StanceModel) -> crate::error::Result<()> {
        let columns = Renderer::new(
            model,
            &ScoreOptions {
                keep: Vec::new(),
                ..self.clone()
            },
        )
        .columns();
        let Some(clash) = self
            .keep
            .iter()
            .find(|k| OUTPUT_COLUMNS.contains(&k.as_str()) || columns.contains(k))
        else {
            return Ok(());
        };
        let mut named: Vec<&str> = OUTPUT_COLUMNS.to_vec();
        for c in &columns {
            if !named.contains(&c.as_str()) {
                named.push(c);
            }
        }
        Err(crate::error::StancerError::Refused(format!(
            "--keep-cols {clash}: the output has a column of that name; rename the input \
             column (the output columns are: {})",
            named.join(", ")
        )))
    }
}

/// Counts of a scoring run: `read == scored + errored`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScoreSummary {
    pub read: u64,
    pub scored: u64,
    pub errored: u64,
    pub sentences: u64,
    /// Of `sentences`, those holding no feature of the model (see
    /// [`SentencePrediction::no_known_word`](crate::model::SentencePrediction)).
    pub no_known_word: u64,
    /// Of `scored`, the records whose text held HTML character references, left as they
    /// were (none when they are decoded).
    pub html_escaped: u64,
    /// Of `scored`, the records whose CSV rows hold a cell that a spreadsheet program
    /// would read as a formula (an id, a kept column or a sentence's text starting with
    /// `=`, `+`, `-` or `@`), written as it is.
    pub formula_like: u64,
    pub rows_written: u64,
}

impl ScoreSummary {
    /// The warning when most scored sentences hold no feature of the model: their rows are
    /// its prior, the same confident label for each, so the text read is likely not the
    /// articles' text (a text column naming a date or an id column), and a row per record
    /// hides it. `text_column` is how the caller names its text-column setting.
    pub fn no_known_word_warning(&self, text_column: &str) -> Option<String> {
        let (n, u) = (self.sentences, self.no_known_word);
        (n > 0 && 2 * u > n).then(|| {
            format!(
                "{u} of {n} sentences hold no word the model knows, so their scores are its \
                 prior alone; expected English text about the regions (is {text_column} the \
                 articles' text?)"
            )
        })
    }

    /// The warning when CSV rows hold cells that a spreadsheet program opening the file
    /// would run as formulas (a scraped `=HYPERLINK(...)`): they are written as they are,
    /// since the offsets and ids must stay the input's.
    pub fn formula_warning(&self) -> Option<String> {
        let (n, f) = (self.scored, self.formula_like);
        (f > 0).then(|| {
            format!(
                "{f} of {n} records give CSV cells (an id, a kept column or a sentence's text) \
                 that start with `=`, `+`, `-` or `@`, which a spreadsheet program may run as \
                 formulas when it opens the file; they are written as they are (import the \
                 file with every column as text, or score to JSONL)"
            )
        })
    }

    /// The warning when scored texts held HTML character references: their quotation
    /// marks and apostrophes were not read as such. `flag` is how the caller names the
    /// setting that decodes them.
    pub fn html_escaped_warning(&self, flag: &str) -> Option<String> {
        let (n, h) = (self.scored, self.html_escaped);
        (h > 0).then(|| {
            format!(
                "{h} of {n} records hold HTML character references (&quot;, &#8220; ...), \
                 scored as written, so quotation marks and apostrophes written that way were \
                 not read as such; expected plain text (decode them with {flag})"
            )
        })
    }
}

/// Why scoring stopped early.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("{0}")]
    BadRecord(RecordError),
    /// The OS error is part of the message, not a `source`: a chained report (`{:#}`)
    /// would print it twice.
    #[error("writing output: {0}")]
    Write(std::io::Error),
}

impl From<std::io::Error> for ScoreError {
    fn from(e: std::io::Error) -> Self {
        ScoreError::Write(e)
    }
}

impl ScoreError {
    /// A closed pipe (`stancer score ... | head`) is how a reader says "enough".
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, ScoreError::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Scores every record and writes rows to `out`, in input order. Returns the counts;
/// `progress` sees them after every written batch.
pub fn score_stream<W: Write>(
    model: &StanceModel,
    records: impl Iterator<Item = RecordResult>,
    mut out: W,
    opts: &ScoreOptions,
    mut progress: impl FnMut(&ScoreSummary),
) -> Result<ScoreSummary, ScoreError> {
    let renderer = Renderer::new(model, opts);
    out.write_all(&renderer.header())?;
    let mut summary = ScoreSummary::default();
    let mut records = records.fuse();
    let batch_size = opts.batch_size.max(1);
    // Enough batches in flight to keep every worker busy while this thread writes.
    let max_in_flight = 2 * rayon::current_num_threads() as u64 + 2;
    let (tx, rx) = std::sync::mpsc::channel::<(u64, std::thread::Result<Rendered>)>();
    rayon::in_place_scope(|scope| -> Result<(), ScoreError> {
        let renderer = &renderer;
        let mut done: BTreeMap<u64, Rendered> = BTreeMap::new();
        let (mut sent, mut written) = (0u64, 0u64);
        loop {
            while sent - written < max_in_flight {
                let batch = next_batch(&mut records, batch_size);
                if batch.is_empty() {
                    break;
                }
                let (tx, seq) = (tx.clone(), sent);
                scope.spawn(move |_| {
                    // A panic is carried back and re-raised here, not left to hang `recv`.
                    let r = std::panic::catch_unwind(AssertUnwindSafe(|| renderer.batch(batch)));
                    let _ = tx.send((seq, r));
                });
                sent += 1;
            }
            if written == sent {
                return Ok(());
            }
            let (seq, r) = rx.recv().expect("a batch job always reports back");
            done.insert(seq, r.unwrap_or_else(|e| std::panic::resume_unwind(e)));
            while let Some(batch) = done.remove(&written) {
                written += 1;
                let result = write_batch(&mut out, &mut summary, opts, batch);
                progress(&summary);
                result?;
            }
        }
    })?;
    out.flush()?;
    Ok(summary)
}

/// The next records up to `batch_size` of them or [`BATCH_BYTES`] of text.
fn next_batch(records: &mut impl Iterator<Item = RecordResult>, n: usize) -> Vec<RecordResult> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < n && bytes < BATCH_BYTES {
        let Some(r) = records.next() else { break };
        bytes += r.as_ref().map_or(0, |rec| rec.text.len());
        batch.push(r);
    }
    batch
}

/// Writes a rendered batch and counts it; under `--on-error fail`, or at a fatal error (a
/// named column missing), writes the rows before the bad record and stops there.
fn write_batch<W: Write>(
    out: &mut W,
    summary: &mut ScoreSummary,
    opts: &ScoreOptions,
    batch: Rendered,
) -> Result<(), ScoreError> {
    let mut from = 0;
    for item in batch.items {
        summary.read += 1;
        summary.rows_written += item.rows;
        match item.error {
            None => {
                summary.scored += 1;
                summary.sentences += item.sentences;
                summary.no_known_word += item.no_known_word;
                summary.html_escaped += u64::from(item.html_escaped);
                summary.formula_like += u64::from(item.formula_like);
            }
            Some(e) => {
                summary.errored += 1;
                if opts.on_error == OnError::Fail || e.fatal {
                    out.write_all(&batch.bytes[..from])?;
                    out.flush()?;
                    return Err(ScoreError::BadRecord(e));
                }
            }
        }
        from = item.end;
    }
    out.write_all(&batch.bytes)?;
    Ok(())
}
