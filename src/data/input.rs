//! Articles to score, read as a stream from files, folders, CSV, JSONL or stdin.
//!
//! Everything is an iterator of records, so scoring a 10 GB dump needs no more memory than
//! one batch, and `stancer score - ` can sit under Spark's `pipe`. A record that cannot be
//! read becomes an error item carrying its source and line, never a silent skip: the
//! scorer turns it into an error row so that output rows match input rows one to one.
//! What is worth a word but is no record's error (a skipped file, a duplicated column
//! name) goes to the run's [`ReadNotes`].

mod checks;
mod lines;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::bounded::DEFAULT_MAX_RECORD_BYTES;
use super::decode::Encoding;
use super::folder::{walk, FolderFile};
use super::notes::ReadNotes;
pub use checks::refuse_inputs_given_twice;
use checks::warn_shared_ids;
use lines::{read_text, LineRecords};

/// How an input is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One article per file (`.txt` and folders of them).
    Text,
    /// One article per line.
    Lines,
    /// CSV with a text column.
    Csv,
    /// JSON Lines with a text field.
    Jsonl,
}

impl InputFormat {
    /// The format a path's extension implies (in any case); folders and other extensions
    /// are text.
    pub fn from_path(path: &Path) -> InputFormat {
        match extension(path).as_str() {
            "csv" | "tsv" => InputFormat::Csv,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }

    /// The format standard input is read as: `given` (`--input-format`), else the one the
    /// extension of `label` (`--label FILE`: standard input read as that file) implies when
    /// it is a CSV, TSV or JSONL file's, else one article per line. (A labeled `news.jsonl`
    /// was read line by line, each JSON line scored as an article's text.)
    pub fn for_stdin(given: Option<InputFormat>, label: Option<&str>) -> InputFormat {
        given.unwrap_or_else(
            || match label.map(|l| InputFormat::from_path(Path::new(l))) {
                Some(f @ (InputFormat::Csv | InputFormat::Jsonl)) => f,
                _ => InputFormat::Lines,
            },
        )
    }
}

/// A path's extension, lowercased (empty if none).
pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// How to read inputs: the forced format (else by extension; stdin is `Lines`), which
/// column or field holds the text and the id, which to carry through, and the bounds.
#[derive(Debug, Clone)]
pub struct InputOptions {
    pub format: Option<InputFormat>,
    pub text_field: String,
    /// Whether `text_field` was chosen (`--text-col`) rather than left at its default
    /// `text`: a message about a missing column must not name a flag the user never gave.
    pub text_field_given: bool,
    pub id_field: Option<String>,
    /// CSV delimiter; `None` is a tab for `.tsv` files and a comma otherwise.
    pub delimiter: Option<u8>,
    pub encoding: Encoding,
    /// Columns (CSV) or fields (JSONL) carried through to the output rows.
    pub keep: Vec<String>,
    /// A record's bytes beyond this are not stored: the record is an error row.
    pub max_record_bytes: usize,
    /// Where warnings and skipped files go.
    pub notes: Arc<ReadNotes>,
    /// The files this run writes: a folder walk leaves them (and their temp files) out.
    pub outputs: Vec<PathBuf>,
    /// What standard input is a piece of, if it is one.
    pub stdin_as: StdinAs,
}

/// Standard input read as (a piece of) a named file, as Spark's `RDD.pipe` hands each split
/// of a file to a process of its own: its error rows named `<stdin>` and the line within
/// the piece, which pointed nowhere in the file. With `label`, the stream is that file
/// (named in messages; without a record it is an error row, as a named file is), its
/// lines numbered from `first_line`, its ids prefixed as a folder's files' are.
#[derive(Debug, Clone, Default)]
pub struct StdinAs {
    pub label: Option<String>,
    pub first_line: Option<u64>,
    pub id_prefix: Option<String>,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            text_field: "text".into(),
            text_field_given: false,
            id_field: None,
            delimiter: None,
            encoding: Encoding::Utf8,
            keep: Vec::new(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            notes: ReadNotes::shared(),
            outputs: Vec::new(),
            stdin_as: StdinAs::default(),
        }
    }
}

/// One article to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub text: String,
    /// The values of [`InputOptions::keep`], in order.
    pub keep: Vec<String>,
}

impl Record {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Record {
            id: id.into(),
            text: text.into(),
            keep: Vec::new(),
        }
    }
}

/// An input record that could not be read, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub id: String,
    pub source: String,
    pub line: u64,
    pub message: String,
    /// Nothing more can be read as asked (a named column is missing): the run stops.
    pub fatal: bool,
}

impl RecordError {
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        line: u64,
        message: String,
    ) -> Self {
        RecordError {
            id: id.into(),
            source: source.into(),
            line,
            message,
            fatal: false,
        }
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}: line {}: {}", self.source, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.source, self.message)
        }
    }
}

pub type RecordResult = Result<Record, RecordError>;

/// Streams the records of every input in order. `-` is stdin.
pub fn read_inputs(
    inputs: &[String],
    opts: &InputOptions,
) -> Box<dyn Iterator<Item = RecordResult> + Send> {
    warn_shared_ids(inputs, opts);
    let opts = opts.clone();
    let inputs = inputs.to_vec();
    Box::new(
        inputs
            .into_iter()
            .flat_map(move |input| open_input(&input, &opts)),
    )
}

fn open_input(input: &str, opts: &InputOptions) -> Box<dyn Iterator<Item = RecordResult> + Send> {
    if input == "-" {
        let given = &opts.stdin_as;
        let format = InputFormat::for_stdin(opts.format, given.label.as_deref());
        let reader: Box<dyn Read + Send> = Box::new(std::io::stdin());
        let (name, id) = match &given.label {
            Some(label) => (label.as_str(), file_stem(label)),
            None => ("<stdin>", "stdin".to_string()),
        };
        let source = Source {
            stdin: given.label.is_none(),
            tsv: given
                .label
                .as_deref()
                .is_some_and(|l| extension(Path::new(l)) == "tsv"),
            prefix: given.id_prefix.clone(),
            first_line: given.first_line.unwrap_or(1),
            ..Source::new(name, &id)
        };
        if opts.format.is_none() && format == InputFormat::Lines {
            return Box::new(LineRecords::new(source, reader, opts).by_default());
        }
        return from_reader(source, reader, format, opts);
    }
    let path = PathBuf::from(input);
    if path.is_dir() {
        let walked = walk(&path, opts.format.is_some(), &opts.outputs);
        for s in &walked.skipped {
            opts.notes.skipped(s.clone());
        }
        let mut errors = walked.errors;
        if walked.files.is_empty() && errors.is_empty() {
            errors.push(RecordError::new(
                input,
                input,
                0,
                "folder holds no files to read (text, .csv, .tsv, .jsonl)".into(),
            ));
        }
        let opts = opts.clone();
        let err_iter = errors.into_iter().map(Err);
        return Box::new(
            err_iter.chain(
                walked
                    .files
                    .into_iter()
                    .flat_map(move |f| open_file(f, &opts)),
            ),
        );
    }
    let id = file_stem(input);
    open_file(
        FolderFile {
            path,
            id,
            in_folder: false,
        },
        opts,
    )
}

/// A path's file name without its extension: a text file's record id.
fn file_stem(input: &str) -> String {
    Path::new(input)
        .file_stem()
        .map_or(input.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Opens one file: a text file is one record with `file.id`; the records of a CSV or JSONL
/// file read from a folder have ids prefixed by it.
fn open_file(
    file: FolderFile,
    opts: &InputOptions,
) -> Box<dyn Iterator<Item = RecordResult> + Send> {
    let format = opts
        .format
        .unwrap_or_else(|| InputFormat::from_path(&file.path));
    let name = file.path.to_string_lossy().into_owned();
    let mut source = Source::new(&name, &file.id);
    if file.in_folder
        && matches!(
            format,
            InputFormat::Csv | InputFormat::Jsonl | InputFormat::Lines
        )
    {
        source.prefix = Some(file.id.clone());
    }
    source.tsv = extension(&file.path) == "tsv";
    match File::open(&file.path) {
        Ok(f) => from_reader(source, Box::new(f), format, opts),
        Err(e) => Box::new(std::iter::once(Err(RecordError::new(
            file.id,
            name,
            0,
            format!("cannot open: {e}"),
        )))),
    }
}

/// Where records come from: the name errors carry, the id of a whole-file record, and the
/// prefix of record ids for files inside folders. A named file must hold a record;
/// standard input may be empty.
struct Source {
    name: String,
    id: String,
    prefix: Option<String>,
    tsv: bool,
    stdin: bool,
    /// The number of the stream's first line (1 but for a piece of a file).
    first_line: u64,
}

impl Source {
    fn new(name: &str, id: &str) -> Self {
        Source {
            name: name.to_string(),
            id: id.to_string(),
            prefix: None,
            tsv: false,
            stdin: false,
            first_line: 1,
        }
    }

    fn record_id(&self, id: String) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{id}"),
            None => id,
        }
    }
}

fn from_reader(
    source: Source,
    reader: Box<dyn Read + Send>,
    format: InputFormat,
    opts: &InputOptions,
) -> Box<dyn Iterator<Item = RecordResult> + Send> {
    match format {
        InputFormat::Text => Box::new(std::iter::once(read_text(&source, reader, opts))),
        InputFormat::Lines => Box::new(LineRecords::new(source, reader, opts)),
        InputFormat::Jsonl => {
            let records = super::jsonl::JsonlRecords::new(
                source.name.clone(),
                reader,
                opts,
                source.prefix.clone(),
            )
            .first_line(source.first_line);
            match source.stdin {
                true => Box::new(records),
                false => Box::new(records.require_records()),
            }
        }
        InputFormat::Csv => {
            let delimiter = opts
                .delimiter
                .unwrap_or(if source.tsv { b'\t' } else { b',' });
            Box::new(super::csv_input::CsvRecords::new(
                source.name,
                reader,
                opts,
                source.prefix,
                delimiter,
            ))
        }
    }
}
