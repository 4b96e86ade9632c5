//! `stancer score`: a stream of articles in, one row per sentence (or article) out.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use stancer::data::{
    read_inputs, refuse_inputs_given_twice, Encoding, InputFormat, InputOptions, Noted, ReadNotes,
    DEFAULT_MAX_RECORD_BYTES,
};
use stancer::error::StancerError;
use stancer::model::StanceModel;
use stancer::output::{refuse_outputs_over_inputs, AtomicFile, RunFile};
use stancer::score::{
    score_stream, Level, OnError, OutputFormat, ScoreError, ScoreOptions, ScoreSummary,
    OUTPUT_COLUMNS,
};

/// `-t` may ask for at most this many threads per core: more only adds memory (every
/// thread holds batches in flight) and switching.
const THREADS_PER_CORE: usize = 4;

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
///   stancer score news.csv --id-col url --keep-cols outlet,date -o scored.csv
///
/// Every row names the model that scored it (`model`: the first 12 hex digits of the
/// model file's SHA-256) and gives offsets in bytes (`start`, `end`) and in characters
/// (`start_char`, `end_char`, as Python and R index strings).
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Inputs: files, folders, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// The model file (default: the shipped model, built into stancer).
    #[arg(long, short = 'm')]
    pub model: Option<PathBuf>,
    /// Output format (default: from the -o file's extension, `.csv` or `.jsonl`; else JSONL).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// One row per sentence or one per article.
    #[arg(long, value_enum, default_value_t = LevelArg::Sentence)]
    pub level: LevelArg,
    /// Input layout; by default from the extension (stdin: lines).
    #[arg(long, value_enum)]
    pub input_format: Option<InFormat>,
    /// Column (CSV) or field (JSONL) holding the article text (default: `text`).
    #[arg(long)]
    pub text_col: Option<String>,
    /// Column or field holding the article id (default: file name or line number).
    #[arg(long)]
    pub id_col: Option<String>,
    /// Input columns (CSV) or fields (JSONL) to carry through to every output row,
    /// comma-separated (`--keep-cols outlet,date`), written after `doc_id`.
    #[arg(long, value_delimiter = ',')]
    pub keep_cols: Vec<String>,
    /// CSV delimiter (one byte; `\t` for tab); default: tab for `.tsv` files, else comma.
    #[arg(long, short = 'd')]
    pub delimiter: Option<String>,
    /// Text encoding of the inputs: utf8 (strict: an invalid byte makes its record an
    /// error row naming the line and byte offset), latin1, or lossy-utf8.
    #[arg(long, default_value = "utf8", value_parser = parse_encoding)]
    pub encoding: Encoding,
    /// Read invalid UTF-8 bytes as U+FFFD instead of failing (`--encoding lossy-utf8`).
    #[arg(long, conflicts_with = "encoding")]
    pub lossy_utf8: bool,
    /// Decode HTML character references (`&quot;`, `&#8220;`, `&rsquo;`) in the texts
    /// before scoring, as text from RSS feeds or page sources holds them; rows then give
    /// the decoded text and its offsets. Without it such records are scored as written,
    /// with a warning.
    #[arg(long)]
    pub unescape_html: bool,
    /// The most bytes one record (a text file, a line, a CSV row) may hold; a larger one is
    /// an error row, and its bytes are skipped without being stored.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_BYTES, value_parser = at_least_one())]
    pub max_record_bytes: usize,
    /// Write here instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// What to do with an input record that cannot be read.
    #[arg(long, value_enum, default_value_t = OnErrorArg::Record)]
    pub on_error: OnErrorArg,
    /// Records per batch, the unit of parallel work; a batch also ends at 128 KiB of text,
    /// so this only binds on short records (one sentence each), where bigger batches
    /// spread the per-batch cost.
    #[arg(long, default_value_t = 1024, value_parser = at_least_one())]
    pub batch_size: usize,
    /// Threads (default: all cores; at most 4 per core).
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
}

/// A count of at least 1: 0 is refused, not read as 1.
fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
}

fn parse_encoding(s: &str) -> std::result::Result<Encoding, String> {
    s.parse()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Jsonl => "JSONL",
        }
    }
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

/// The output format: as asked, else from the output file's extension, else JSONL.
fn output_format(asked: Option<Format>, output: Option<&Path>) -> Result<OutputFormat> {
    let ext = output
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let implied = match ext.as_deref() {
        Some("csv") => Some(Format::Csv),
        Some("jsonl" | "ndjson" | "json") => Some(Format::Jsonl),
        Some(e @ ("tsv" | "tab" | "xlsx" | "xls" | "parquet")) => {
            if asked.is_none() {
                bail!(
                    "-o {}: stancer writes CSV or JSONL, not .{e}; name a .csv or .jsonl file, \
                     or pass --format csv or --format jsonl",
                    output.map_or(String::new(), |p| p.display().to_string())
                );
            }
            None
        }
        _ => None,
    };
    let format = match (asked, implied) {
        (Some(a), Some(i)) if a != i => {
            eprintln!(
                "stancer: warning: writing {} to {} as --format asks",
                a.name(),
                output.map_or(String::new(), |p| p.display().to_string())
            );
            a
        }
        (Some(a), _) => a,
        (None, Some(i)) => i,
        (None, None) => Format::Jsonl,
    };
    Ok(match format {
        Format::Csv => OutputFormat::Csv,
        Format::Jsonl => OutputFormat::Jsonl,
    })
}

/// The id every row names the model by ([`stancer::score::model_id`]) of a model file.
pub(crate) fn model_id(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(stancer::score::model_id(&bytes))
}

/// A model file and its id (hashed while it is parsed); a missing file says how to score
/// with the built-in model instead.
fn load_model(path: &Path) -> Result<(StanceModel, String)> {
    let (model, model_id) = std::thread::scope(|s| {
        let id = s.spawn(|| model_id(path));
        let model = StanceModel::load(path);
        (model, id.join())
    });
    let model = model.map_err(|e| match e {
        StancerError::Io { .. } => {
            anyhow::anyhow!("{e}\nhint: leave out --model to score with the built-in model")
        }
        e => e.into(),
    })?;
    let model_id = model_id.unwrap_or_else(|_| Err(anyhow::anyhow!("hashing the model failed")))?;
    Ok((model, model_id))
}

/// Refuses thread counts far beyond the machine, which only cost memory.
fn check_threads(t: usize) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores * THREADS_PER_CORE;
    if t == 0 || t > most {
        bail!(
            "-t {t}: expected 1 to {most} threads ({THREADS_PER_CORE} per core, {cores} \
             core(s) here)"
        );
    }
    Ok(())
}

/// Refuses an output (`-o`, or standard output redirected to a file) that is an input
/// file, the model, or the file standard input reads.
fn refuse_output_over_inputs(a: &ScoreArgs) -> Result<()> {
    let mut inputs: Vec<RunFile> = a
        .inputs
        .iter()
        .map(|i| match i.as_str() {
            "-" => RunFile::stdin(),
            _ => RunFile::path("", Path::new(i)),
        })
        .collect();
    if let Some(m) = &a.model {
        inputs.push(RunFile::path("--model", m));
    }
    let output = match &a.output {
        Some(p) => RunFile::path("-o", p),
        None => RunFile::stdout(),
    };
    Ok(refuse_outputs_over_inputs(&[output], &inputs)?)
}

/// Flags that mean something only for some inputs, checked before any reading: a flag
/// that changes nothing is refused rather than ignored.
fn check_input_flags(a: &ScoreArgs, format: Option<InputFormat>) -> Result<()> {
    if let Some(clash) = a
        .keep_cols
        .iter()
        .find(|k| OUTPUT_COLUMNS.contains(&k.as_str()))
    {
        bail!(
            "--keep-cols {clash}: the output has a column of that name; rename the input \
             column (the output columns are: {})",
            OUTPUT_COLUMNS.join(", ")
        );
    }
    if let Some((i, twice)) = a
        .keep_cols
        .iter()
        .enumerate()
        .find(|(i, k)| a.keep_cols[..*i].contains(k))
    {
        bail!(
            "--keep-cols {}: `{twice}` is named twice (item {}); the output would have two \
             columns of that name; expected each column once",
            a.keep_cols.join(","),
            i + 1
        );
    }
    let tabular = [
        ("--keep-cols", !a.keep_cols.is_empty()),
        ("--text-col", a.text_col.is_some()),
        ("--id-col", a.id_col.is_some()),
    ]
    .into_iter()
    .find_map(|(flag, given)| given.then_some(flag));
    for input in &a.inputs {
        let path = Path::new(input);
        let f = match (input.as_str(), format) {
            (_, Some(f)) => f,
            ("-", None) => InputFormat::Lines,
            // A folder may hold CSV and JSONL files, which read these flags.
            (_, None) if path.is_dir() => continue,
            (_, None) => InputFormat::from_path(path),
        };
        let text = matches!(f, InputFormat::Text | InputFormat::Lines);
        if let (Some(flag), true) = (tabular, text) {
            bail!(
                "{flag} needs CSV or JSONL input, and {input} is read as text (pass \
                 --input-format csv or jsonl if it is one)"
            );
        }
        if a.delimiter.is_some() && f != InputFormat::Csv {
            bail!(
                "-d sets the CSV delimiter, and {input} is read as {}; leave it out (or pass \
                 --input-format csv if it is CSV)",
                if text { "text" } else { "JSONL" }
            );
        }
    }
    Ok(())
}

pub fn run(a: ScoreArgs) -> Result<i32> {
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
