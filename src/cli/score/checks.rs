//! What `stancer score` checks before it reads a record: the output format, the model,
//! the thread count, and flags that cannot apply to the inputs given.

use std::path::Path;

use anyhow::{bail, Context, Result};
use stancer::data::InputFormat;
use stancer::error::StancerError;
use stancer::model::StanceModel;
use stancer::output::{refuse_outputs_over_inputs, RunFile};
use stancer::score::{OutputFormat, OUTPUT_COLUMNS};

use super::args::*;

/// The output format: as asked, else from the output file's extension, else JSONL.
pub(super) fn output_format(asked: Option<Format>, output: Option<&Path>) -> Result<OutputFormat> {
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
        (None, None) => {
            // "-o scores.txt": JSONL, which a reader of the name would not guess.
            if let Some(p) = output.filter(|p| !is_stream(p)) {
                eprintln!(
                    "stancer: warning: writing JSONL to {}: its extension names no format \
                     (.csv or .jsonl); pass --format jsonl to say so, or --format csv",
                    p.display()
                );
            }
            Format::Jsonl
        }
    };
    Ok(match format {
        Format::Csv => OutputFormat::Csv,
        Format::Jsonl => OutputFormat::Jsonl,
    })
}

/// Whether `path` is a device or a pipe (`/dev/stdout`, `/dev/null`, a FIFO), which has
/// no extension to read a format from.
fn is_stream(path: &Path) -> bool {
    path.starts_with("/dev") || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The id every row names the model by ([`stancer::score::model_id`]) of a model file.
pub(crate) fn model_id(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(stancer::score::model_id(&bytes))
}

/// A model file and its id, from one read ([`StanceModel::load_with_id`]); a missing file
/// says how to score with the built-in model instead.
pub(super) fn load_model(path: &Path) -> Result<(StanceModel, String)> {
    StanceModel::load_with_id(path).map_err(|e| match e {
        StancerError::Io { .. } => {
            anyhow::anyhow!("{e}\nhint: leave out --model to score with the built-in model")
        }
        e => e.into(),
    })
}

/// Refuses thread counts far beyond the machine, which only cost memory.
pub(super) fn check_threads(t: usize) -> Result<()> {
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
pub(super) fn refuse_output_over_inputs(a: &ScoreArgs) -> Result<()> {
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
pub(super) fn check_input_flags(a: &ScoreArgs, format: Option<InputFormat>) -> Result<()> {
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
            ("-", None) => InputFormat::for_stdin(None, a.label.as_deref()),
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
        if input == "-" {
            check_stdin_flags(a, f)?;
        }
    }
    let stdin_flag = [
        ("--label", a.label.is_some()),
        ("--first-line", a.first_line.is_some()),
        ("--id-prefix", a.id_prefix.is_some()),
    ]
    .into_iter()
    .find_map(|(flag, given)| given.then_some(flag));
    if let (Some(flag), false) = (stdin_flag, a.inputs.iter().any(|i| i == "-")) {
        bail!(
            "{flag} is about standard input, and no input is `-`; leave it out (or read the \
             file from standard input: `stancer score - --label FILE < FILE`)"
        );
    }
    Ok(())
}

/// `--first-line` and `--id-prefix` for standard input read as `format`: lines are
/// numbered in JSONL and one-article-per-line input only (a CSV piece has no header), and
/// only records read line by line or as CSV rows have ids to prefix.
fn check_stdin_flags(a: &ScoreArgs, format: InputFormat) -> Result<()> {
    let read_as = match format {
        InputFormat::Text => "one text (--input-format text)",
        InputFormat::Csv => "CSV, whose header is its first line",
        InputFormat::Lines | InputFormat::Jsonl => return Ok(()),
    };
    if a.first_line.is_some() {
        bail!(
            "--first-line numbers the lines of standard input read as JSONL or one article \
             per line, and it is read as {read_as}; leave it out"
        );
    }
    if a.id_prefix.is_some() && format == InputFormat::Text {
        bail!(
            "--id-prefix prefixes the ids of records read line by line or as CSV rows, and \
             standard input is read as {read_as}; leave it out"
        );
    }
    Ok(())
}
