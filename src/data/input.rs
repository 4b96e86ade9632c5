//! Articles to score, read as a stream from files, folders, CSV, JSONL or stdin.
//!
//! Everything is an iterator of records, so scoring a 10 GB dump needs no more memory than
//! one batch, and `stancer score - ` can sit under Spark's `pipe`. A record that cannot be
//! read becomes an error item carrying its source and line, never a silent skip: the
//! scorer turns it into an error row so that output rows match input rows one to one.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

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
    /// The format a path's extension implies; folders and unknown extensions are text.
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
        {
            Some(e) if e == "csv" || e == "tsv" => InputFormat::Csv,
            Some(e) if e == "jsonl" || e == "ndjson" => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }
}

/// How to read inputs: the forced format (else by extension; stdin is `Lines`), and which
/// column or field holds the text and the id.
#[derive(Debug, Clone)]
pub struct InputOptions {
    pub format: Option<InputFormat>,
    pub text_field: String,
    pub id_field: Option<String>,
    pub delimiter: u8,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            text_field: "text".into(),
            id_field: None,
            delimiter: b',',
        }
    }
}

/// One article to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub text: String,
}

/// An input record that could not be read, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub id: String,
    pub source: String,
    pub line: u64,
    pub message: String,
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
        let format = opts.format.unwrap_or(InputFormat::Lines);
        let reader: Box<dyn Read + Send> = Box::new(std::io::stdin());
        return from_reader("<stdin>", "stdin", reader, format, opts);
    }
    let path = PathBuf::from(input);
    if path.is_dir() {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        let mut visited = HashSet::new();
        walk(&path, &mut visited, &mut files, &mut errors);
        if files.is_empty() && errors.is_empty() {
            errors.push(RecordError {
                id: input.to_string(),
                source: input.to_string(),
                line: 0,
                message: "folder holds no .txt, .csv or .jsonl files".into(),
            });
        }
        let opts = opts.clone();
        let err_iter = errors.into_iter().map(Err);
        return Box::new(err_iter.chain(files.into_iter().flat_map(move |f| {
            let s = f.to_string_lossy().into_owned();
            open_input(&s, &opts)
        })));
    }
    let format = opts.format.unwrap_or_else(|| InputFormat::from_path(&path));
    let source = input.to_string();
    let id = path
        .file_stem()
        .map_or(source.clone(), |s| s.to_string_lossy().into_owned());
    match File::open(&path) {
        Ok(f) => from_reader(&source, &id, Box::new(f), format, opts),
        Err(e) => Box::new(std::iter::once(Err(RecordError {
            id,
            source,
            line: 0,
            message: format!("cannot open: {e}"),
        }))),
    }
}

fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<RecordError>,
) {
    let err = |p: &Path, m: String| RecordError {
        id: p.to_string_lossy().into_owned(),
        source: p.to_string_lossy().into_owned(),
        line: 0,
        message: m,
    };
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => return errors.push(err(dir, format!("cannot resolve folder: {e}"))),
    };
    if !visited.insert(canonical) {
        return errors.push(err(dir, "symlink loop: folder already visited".into()));
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => return errors.push(err(dir, format!("cannot read folder: {e}"))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, visited, files, errors);
        } else {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "txt" | "csv" | "tsv" | "jsonl" | "ndjson") {
                files.push(p);
            }
        }
    }
}

fn from_reader(
    source: &str,
    id: &str,
    reader: Box<dyn Read + Send>,
    format: InputFormat,
    opts: &InputOptions,
) -> Box<dyn Iterator<Item = RecordResult> + Send> {
    let source = source.to_string();
    let id = id.to_string();
    match format {
        InputFormat::Text => Box::new(std::iter::once(read_text(&source, &id, reader))),
        InputFormat::Lines => {
            let mut line_no = 0u64;
            let reader = BufReader::new(reader);
            Box::new(reader.split(b'\n').filter_map(move |line| {
                line_no += 1;
                let err = |m: String| RecordError {
                    id: line_no.to_string(),
                    source: source.clone(),
                    line: line_no,
                    message: m,
                };
                match line {
                    Err(e) => Some(Err(err(format!("read error: {e}")))),
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Err(e) => Some(Err(err(format!(
                            "invalid UTF-8 at byte {} of the line",
                            e.utf8_error().valid_up_to()
                        )))),
                        Ok(s) if s.trim().is_empty() => None,
                        Ok(s) => Some(Ok(Record {
                            id: line_no.to_string(),
                            text: s.trim_end_matches('\r').to_string(),
                        })),
                    },
                }
            }))
        }
        InputFormat::Jsonl => Box::new(super::jsonl::JsonlRecords::new(source, reader, opts)),
        InputFormat::Csv => Box::new(super::csv_input::CsvRecords::new(source, reader, opts)),
    }
}

fn read_text(source: &str, id: &str, mut reader: Box<dyn Read + Send>) -> RecordResult {
    let err = |m: String| RecordError {
        id: id.to_string(),
        source: source.to_string(),
        line: 0,
        message: m,
    };
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(err("binary file (NUL bytes); expected UTF-8 text".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "invalid UTF-8 at byte {}; expected UTF-8 text",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(err("empty file; expected article text".into()));
    }
    Ok(Record {
        id: id.to_string(),
        text: text.trim_start_matches('\u{feff}').to_string(),
    })
}
