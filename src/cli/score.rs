//! `stancer score`: a stream of articles in, one row per sentence (or article) out.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use stancer::data::{read_inputs, InputFormat, InputOptions};
use stancer::error::StancerError;
use stancer::model::StanceModel;
use stancer::score::{
    score_stream, Level, OnError, OutputFormat, ScoreError, ScoreOptions, ScoreSummary,
};

/// Score articles.
///
/// INPUT is a .txt file, a folder of them, a .csv/.jsonl file, or `-` for stdin (one
/// article per line unless --input-format says otherwise). Output goes to stdout unless
/// -o is given; a file is written to a temp name and renamed when complete.
///
/// Examples:
///   stancer score labels/seed_articles/ --format csv
///   stancer score news.jsonl --text-col body --id-col url --level document -o scored.jsonl
///   cat articles.jsonl | stancer score - --input-format jsonl
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Inputs: files, folders, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// The model file (default: the shipped model, built into stancer).
    #[arg(long, short = 'm')]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// One row per sentence or one per article.
    #[arg(long, value_enum, default_value_t = LevelArg::Sentence)]
    pub level: LevelArg,
    /// Input layout; by default from the extension (stdin: lines).
    #[arg(long, value_enum)]
    pub input_format: Option<InFormat>,
    /// Column (CSV) or field (JSONL) holding the article text.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Column or field holding the article id (default: file name or line number).
    #[arg(long)]
    pub id_col: Option<String>,
    /// CSV delimiter (one byte; `\t` for tab).
    #[arg(long, short = 'd', default_value = ",")]
    pub delimiter: String,
    /// Write here instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// What to do with an input record that cannot be read.
    #[arg(long, value_enum, default_value_t = OnErrorArg::Record)]
    pub on_error: OnErrorArg,
    /// Records per batch, the unit of parallel work; a batch also ends at 128 KiB of text,
    /// so this only binds on short records (one sentence each), where bigger batches
    /// spread the per-batch cost.
    #[arg(long, default_value_t = 1024)]
    pub batch_size: usize,
    /// Threads (default: all cores).
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LevelArg {
    Sentence,
    Document,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InFormat {
    Text,
    Lines,
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnErrorArg {
    Record,
    Skip,
    Fail,
}

pub fn run(a: ScoreArgs) -> Result<i32> {
    if let Some(t) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()
            .ok();
    }
    let model = match &a.model {
        None => stancer::shipped::model()?,
        Some(path) => StanceModel::load(path).map_err(|e| match e {
            StancerError::Io { .. } => {
                anyhow::anyhow!("{e}\nhint: leave out --model to score with the built-in model")
            }
            e => e.into(),
        })?,
    };
    let delimiter = match a.delimiter.as_str() {
        "\\t" | "tab" => b'\t',
        d if d.len() == 1 => d.as_bytes()[0],
        d => anyhow::bail!("--delimiter must be one byte, got `{d}`"),
    };
    let opts = InputOptions {
        format: a.input_format.map(|f| match f {
            InFormat::Text => InputFormat::Text,
            InFormat::Lines => InputFormat::Lines,
            InFormat::Csv => InputFormat::Csv,
            InFormat::Jsonl => InputFormat::Jsonl,
        }),
        text_field: a.text_col.clone(),
        id_field: a.id_col.clone(),
        delimiter,
    };
    let score_opts = ScoreOptions {
        format: match a.format {
            Format::Csv => OutputFormat::Csv,
            Format::Jsonl => OutputFormat::Jsonl,
        },
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
    };
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
    match result {
        Ok(summary) => {
            eprintln!(
                "read {} records: {} scored ({} sentences), {} errored; {} rows written",
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

/// Streams into a temp file beside `path` and renames it only when scoring succeeded.
fn score_to_file(
    model: &StanceModel,
    records: impl Iterator<Item = stancer::data::RecordResult>,
    path: &std::path::Path,
    opts: &ScoreOptions,
    progress: &Progress,
) -> Result<ScoreSummary, ScoreError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let file = std::fs::File::create(&tmp)?;
    let mut out = BufWriter::new(file);
    let result = score_stream(model, records, &mut out, opts, |s| progress.tick(s)).and_then(|s| {
        out.flush()?;
        out.get_ref().sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(s)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
