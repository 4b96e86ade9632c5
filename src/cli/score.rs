//! `stancer score`: a stream of articles in, one row per sentence (or article) out.

mod args;
mod checks;

use std::io::BufWriter;

use anyhow::Result;
use stancer::data::{
    read_inputs, refuse_inputs_given_twice, Encoding, InputFormat, InputOptions, Noted, ReadNotes,
    StdinAs,
};
use stancer::error::StancerError;
use stancer::model::StanceModel;
use stancer::output::AtomicFile;
use stancer::score::{score_stream, Level, OnError, ScoreError, ScoreOptions, ScoreSummary};

pub use args::ScoreArgs;
use args::{InFormat, LevelArg, OnErrorArg};
pub(crate) use checks::model_id;
use checks::*;

pub fn run(mut a: ScoreArgs) -> Result<i32> {
    // `-o -` is standard output, as for every tool that takes `-o`; it had written a file
    // named `-` in the working folder and printed nothing.
    if a.output.as_deref() == Some(std::path::Path::new("-")) {
        a.output = None;
    }
    if let Some(t) = a.threads {
        check_threads(t)?;
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()
            .ok();
    }
    let format = output_format(a.format, a.output.as_deref())?;
    refuse_output_over_inputs(&a)?;
    let input_format = a.input_format.map(|f| match f {
        InFormat::Text => InputFormat::Text,
        InFormat::Lines => InputFormat::Lines,
        InFormat::Csv => InputFormat::Csv,
        InFormat::Jsonl => InputFormat::Jsonl,
    });
    check_input_flags(&a, input_format)?;
    refuse_inputs_given_twice(&a.inputs, input_format.is_some())?;
    let delimiter = match a.delimiter.as_deref() {
        None => None,
        Some(d) => Some(stancer::data::decode::parse_delimiter(d).map_err(anyhow::Error::msg)?),
    };
    let (model, model_id) = match &a.model {
        None => (stancer::shipped::model()?, stancer::shipped::model_id()),
        Some(path) => load_model(path)?,
    };
    let notes = ReadNotes::shared();
    let opts = InputOptions {
        format: input_format,
        text_field: a.text_col.clone().unwrap_or_else(|| "text".into()),
        text_field_given: a.text_col.is_some(),
        id_field: a.id_col.clone(),
        delimiter,
        encoding: if a.lossy_utf8 {
            Encoding::LossyUtf8
        } else {
            a.encoding
        },
        keep: a.keep_cols.clone(),
        max_record_bytes: a.max_record_bytes,
        notes: std::sync::Arc::clone(&notes),
        outputs: a.output.iter().cloned().collect(),
        stdin_as: StdinAs {
            label: a.label.clone(),
            first_line: a.first_line,
            id_prefix: a.id_prefix.clone(),
        },
    };
    let score_opts = ScoreOptions {
        format,
        level: match a.level {
            LevelArg::Sentence => Level::Sentence,
            LevelArg::Document => Level::Document,
        },
        on_error: match a.on_error {
            OnErrorArg::Record => OnError::Record,
            OnErrorArg::Skip => OnError::Skip,
            OnErrorArg::Fail => OnError::Fail,
        },
        batch_size: a.batch_size,
        keep: a.keep_cols.clone(),
        model_id,
        unescape_html: a.unescape_html,
        ..ScoreOptions::default()
    };
    score_opts.check_keep(&model)?;
    let records = read_inputs(&a.inputs, &opts);
    let progress = Progress::new();
    let result = match &a.output {
        None => {
            let stdout = std::io::stdout().lock();
            score_stream(&model, records, BufWriter::new(stdout), &score_opts, |s| {
                progress.tick(s)
            })
        }
        Some(path) => score_to_file(&model, records, path, &score_opts, &progress),
    };
    progress.finish();
    let noted = notes.take();
    print_notes(&noted);
    match result {
        Ok(summary) => {
            let mut n_warnings = noted.n_warnings;
            let warnings = [
                summary.no_known_word_warning("--text-col"),
                summary.html_escaped_warning("--unescape-html"),
                summary.formula_warning(),
            ];
            for w in warnings.into_iter().flatten() {
                eprintln!("stancer: warning: {w}");
                n_warnings += 1;
            }
            let mut extra = String::new();
            if noted.n_skipped > 0 {
                extra += &format!("; {} file(s) in folders skipped", noted.n_skipped);
            }
            if n_warnings > 0 {
                extra += &format!("; {n_warnings} warning(s)");
            }
            eprintln!(
                "read {} records: {} scored ({} sentences), {} errored; {} rows written{extra}",
                summary.read,
                summary.scored,
                summary.sentences,
                summary.errored,
                summary.rows_written
            );
            Ok(if summary.errored > 0 { 1 } else { 0 })
        }
        Err(e) if e.is_broken_pipe() => Ok(0),
        Err(ScoreError::BadRecord(e)) => {
            eprintln!("stancer: {e}");
            Ok(2)
        }
        Err(e) => Err(e.into()),
    }
}

/// Warnings and skipped files, each on a line of its own, before the counts.
fn print_notes(n: &Noted) {
    for w in &n.warnings {
        eprintln!("stancer: warning: {w}");
    }
    if n.n_warnings > n.warnings.len() as u64 {
        eprintln!(
            "stancer: warning: ... and {} more warning(s)",
            n.n_warnings - n.warnings.len() as u64
        );
    }
    for s in &n.skipped {
        eprintln!("stancer: skipped {s}");
    }
    if n.n_skipped > n.skipped.len() as u64 {
        eprintln!(
            "stancer: skipped ... and {} more file(s)",
            n.n_skipped - n.skipped.len() as u64
        );
    }
}

/// Streams into `path` through [`AtomicFile`]: a regular file is replaced only when
/// scoring succeeded, a device or FIFO is written in place. Every write error names `path`.
fn score_to_file(
    model: &StanceModel,
    records: impl Iterator<Item = stancer::data::RecordResult>,
    path: &std::path::Path,
    opts: &ScoreOptions,
    progress: &Progress,
) -> Result<ScoreSummary, ScoreError> {
    let mut out = AtomicFile::create(path).map_err(write_error)?;
    let summary = score_stream(model, records, &mut out, opts, |s| progress.tick(s)).map_err(
        |e| match e {
            ScoreError::Write(error) => write_error(StancerError::Io {
                path: path.into(),
                error,
            }),
            e => e,
        },
    )?;
    out.commit().map_err(write_error)?;
    Ok(summary)
}

/// A write error that already names its file, keeping the OS error's kind (a closed pipe
/// must still read as one).
fn write_error(e: StancerError) -> ScoreError {
    let kind = match &e {
        StancerError::Io { error, .. } => error.kind(),
        _ => std::io::ErrorKind::Other,
    };
    ScoreError::Write(std::io::Error::new(kind, e.to_string()))
}

/// A progress line on stderr when it is a terminal; compiled out without `progress`.
struct Progress {
    #[cfg(feature = "progress")]
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        #[cfg(feature = "progress")]
        {
            use std::io::IsTerminal;
            let bar = std::io::stderr().is_terminal().then(|| {
                let b = indicatif::ProgressBar::new_spinner();
                b.set_style(
                    indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                );
                b
            });
            Progress { bar }
        }
        #[cfg(not(feature = "progress"))]
        Progress {}
    }

    fn tick(&self, _s: &ScoreSummary) {
        #[cfg(feature = "progress")]
        if let Some(b) = &self.bar {
            b.set_message(format!(
                "{} records scored, {} errored",
                _s.scored, _s.errored
            ));
        }
    }

    fn finish(&self) {
        #[cfg(feature = "progress")]
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
