//! JSON lines scored with the CLI's rules, where something else read the lines: Spark's
//! `read.json` (PERMISSIVE) turned a malformed line into a row of nulls ("no text", no
//! line number), and took a number or an object for text (`{"text": 12}` read as `"12"`).
//! Here each line is parsed as `stancer score --input-format jsonl` parses it, and a bad
//! one is an error row naming its file and line.

use std::borrow::Cow;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use stancer::data::input::{InputOptions, Record, RecordError};
use stancer::data::jsonl::JsonlRecords;

use super::{arrow_in, parse_level, user_warnings, Model};

/// What the first line of a file is when it is not UTF-8 text (UTF-16 or UTF-32), as the
/// CLI names it, or None: such a file is one error row, its first line's, and the rest of
/// it is not read (`stancer._spark_lines` drops its other lines, which Spark's reader cut
/// at `\n` bytes).
#[pyfunction]
pub fn not_text(head: &[u8]) -> Option<String> {
    stancer::data::jsonl::not_text(head)
}

/// The `keep` fields' values of each record, field by field (None on error rows).
type KeptFields = Vec<Vec<Option<String>>>;

/// Scores JSON lines (`lines`, an Arrow binary column: the file's bytes, decoded here as
/// `encoding` so that invalid UTF-8 is the CLI's error row, not U+FFFD) read from
/// `sources` at `line_numbers`; ids are prefixed with `prefixes` (`FILE:`) as the CLI does
/// for files in a folder. A null line with line number 0 stands for a file without a line
/// that is not blank: its one error row, as the CLI gives a named file without records.
/// Blank lines give no row, as in the CLI. Returns the output columns (`row` indexes the
/// records) and the `keep` fields' values of each record (None on error rows).
#[pyfunction]
#[pyo3(signature = (model, lines, sources, line_numbers, prefixes, text_field, id_field=None,
    keep=Vec::new(), level="sentence", unescape_html=false, encoding="utf8"))]
#[allow(clippy::too_many_arguments)]
pub fn score_jsonl_lines(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    lines: arrow_in::ArrowStrings<'_>,
    sources: Vec<String>,
    line_numbers: Vec<u64>,
    prefixes: Vec<Option<String>>,
    text_field: String,
    id_field: Option<String>,
    keep: Vec<String>,
    level: &str,
    unescape_html: bool,
    encoding: &str,
) -> PyResult<(Vec<Py<PyAny>>, KeptFields)> {
    let level = parse_level(level)?;
    let encoding = encoding.parse().map_err(PyValueError::new_err)?;
    let lines = arrow_in::bytes(lines, "lines").map_err(PyValueError::new_err)?;
    let n = lines.len();
    if sources.len() != n || line_numbers.len() != n || prefixes.len() != n {
        return Err(PyValueError::new_err(format!(
            "{n} lines, {} sources, {} line numbers, {} prefixes",
            sources.len(),
            line_numbers.len(),
            prefixes.len()
        )));
    }
    let opts = InputOptions {
        text_field,
        text_field_given: true,
        id_field,
        keep: keep.clone(),
        encoding,
        ..InputOptions::default()
    };
    let reader = |i: usize| {
        JsonlRecords::new(
            sources[i].clone(),
            Box::new(std::io::empty()),
            &opts,
            prefixes[i].clone(),
        )
    };
    let mut records: Vec<(Result<Record, RecordError>, usize)> = Vec::with_capacity(n);
    // One reader per run of lines of one file (its rules and messages name that file).
    let mut current: Option<(usize, JsonlRecords)> = None;
    for i in 0..n {
        let line = line_numbers[i];
        let same_file = |(j, _): &(usize, JsonlRecords)| {
            sources[*j] == sources[i] && prefixes[*j] == prefixes[i]
        };
        if !current.as_ref().is_some_and(same_file) {
            if let Some((_, mut done)) = current.take() {
                done.note_ids();
            }
            current = Some((i, reader(i)));
        }
        let Some((_, file)) = current.as_mut() else {
            continue;
        };
        let item = match lines[i] {
            Some(bytes) if line > 0 => file.parse_line(line, bytes),
            _ => reader(i).require_records().next(),
        };
        records.extend(item.map(|r| (r, i)));
    }
    if let Some((_, mut done)) = current.take() {
        done.note_ids();
    }
    // What reading noticed beside the records, as the CLI prints it: empty or repeated ids,
    // an `id` field left unread (ids are then line numbers), UTF-8 read as Latin-1. (They
    // went to notes that nobody read.)
    let noted = opts.notes.take();
    let mut warnings = noted.warnings;
    if noted.n_warnings > warnings.len() as u64 {
        warnings.push(format!(
            "... and {} more warning(s)",
            noted.n_warnings - warnings.len() as u64
        ));
    }
    user_warnings(py, &warnings)?;
    let places: Vec<String> = records
        .iter()
        .map(|(_, i)| format!("{}: line {}", sources[*i], line_numbers[*i]))
        .collect();
    let strs: Vec<Result<&str, String>> = records
        .iter()
        .map(|(r, _)| match r {
            Ok(rec) => Ok(rec.text.as_str()),
            Err(e) => Err(e.to_string()),
        })
        .collect();
    let ids: Vec<Cow<'_, str>> = records
        .iter()
        .map(|(r, _)| match r {
            Ok(rec) => Cow::Borrowed(rec.id.as_str()),
            Err(e) => Cow::Borrowed(e.id.as_str()),
        })
        .collect();
    let kept: KeptFields = (0..keep.len())
        .map(|k| {
            records
                .iter()
                .map(|(r, _)| r.as_ref().ok().map(|rec| rec.keep[k].clone()))
                .collect()
        })
        .collect();
    let columns = model.score_strs(py, &strs, Some(ids), level, unescape_html, Some(&places))?;
    Ok((columns, kept))
}
