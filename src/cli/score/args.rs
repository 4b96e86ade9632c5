//! The flags of `stancer score`, with the names researchers know from `xan` and pandas.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use stancer::data::{Encoding, DEFAULT_MAX_RECORD_BYTES};

/// `-t` may ask for at most this many threads per core: more only adds memory (every
/// thread holds batches in flight) and switching.
pub(super) const THREADS_PER_CORE: usize = 4;

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
    /// Input layout; by default from the extension (stdin: lines, or what --label's extension says).
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
    /// error row naming the line and byte offset), latin1, cp1252 (Windows-1252: what
    /// Windows programs save as "ANSI"; its quotes are control characters in latin1), or
    /// lossy-utf8.
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
    /// Name standard input NAME in messages and error rows, and read it as that file: a
    /// stream without a record is then an error row, as an empty named file is, and
    /// NAME's extension gives the format unless --input-format does. For a file
    /// that reaches stancer through a pipe, such as each split of it under Spark's
    /// `RDD.pipe` (examples/spark_score.py).
    #[arg(long, value_name = "NAME")]
    pub label: Option<String>,
    /// The number of standard input's first line (default 1), for a piece of a file that
    /// starts at that line: messages and line-number ids count from it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub first_line: Option<u64>,
    /// Put `PREFIX:` before the id of every record read from standard input, as the
    /// records of a CSV or JSONL file inside a folder get the file's path.
    #[arg(long, value_name = "PREFIX")]
    pub id_prefix: Option<String>,
    /// Write here instead of stdout (`-o -` is stdout).
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
    pub(super) fn name(self) -> &'static str {
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
