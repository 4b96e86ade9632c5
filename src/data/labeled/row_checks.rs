//! The checks and messages of a labeled file's rows and cells: a label against the allowed
//! classes, a quoted field that swallowed rows, cells left empty. Kept apart from the
//! reading loop (`read.rs`) so that the loop reads as the order of its steps.

use std::path::Path;

use crate::data::csv_checks::{line_col, swallow_message, swallowed, LongQuote, Swallow};
use crate::error::{Result, StancerError};

/// Rows with an empty group cell are one group between them, which every split keeps
/// whole and the article level reads as one article: said, as `score` says empty ids.
pub(super) fn groupless_warning(path: &Path, column: &str, (n, line): (usize, u64)) -> String {
    format!(
        "{}: line {line}: {n} row(s) have an empty group (column `{column}`; this is the \
         first): they are read as one group, kept whole in every split and read as one \
         article; expected each row's group (its article id)",
        path.display()
    )
}

/// Rows with an empty `--split-col` or `--per-group` cell are one value between them (a
/// held-out unit, or a model of their own) where each was meant to have its own: said, as
/// an empty group is, since nothing else shows it (`eval --per-group` lists the value as
/// an empty name, `bench` not at all).
pub(super) fn empty_cell_warning(
    path: &Path,
    column: &str,
    flag: &str,
    read_as: &str,
    (n, line): (usize, u64),
) -> String {
    format!(
        "{}: line {line}: {n} row(s) have an empty cell in column `{column}` ({flag}; this \
         is the first): they are {read_as}; expected each row's value",
        path.display()
    )
}

/// A quoted field that ran across lines and closed with text after its closing quote is an
/// error (a stray quote read the rows after it into one field, and the field count may
/// still come out right); one whose every line reads as a row of `width` fields is a
/// warning.
pub(super) fn check_swallowed(
    path: &Path,
    bytes: &[u8],
    quotes: &[LongQuote],
    delimiter: u8,
    width: usize,
    warnings: &mut Vec<String>,
) -> Result<()> {
    for q in quotes {
        let Some(s) = swallowed(bytes, q, delimiter, width) else {
            continue;
        };
        let (line, col) = line_col(bytes, q.open);
        let first = match s {
            Swallow::RowsInside { first, .. } => line_col(bytes, first).0,
            Swallow::TextAfterClose => line + 1,
        };
        let message = swallow_message(s, col, first);
        match s {
            Swallow::TextAfterClose => {
                return Err(StancerError::Input {
                    path: path.into(),
                    line,
                    message,
                })
            }
            Swallow::RowsInside { .. } => {
                warnings.push(format!("{}: line {line}: {message}", path.display()))
            }
        }
    }
    Ok(())
}

/// A label cell checked against the classes (`allowed`; `None` under --any-labels): one
/// label per row, not empty, and one of the classes.
pub(super) fn check_label(
    path: &Path,
    line: u64,
    column: &str,
    label: &str,
    allowed: Option<&[String]>,
) -> Result<()> {
    // Under --any-labels any value is a class, and a quote left open in a label cell
    // (`a,"georgian`) reads the rows after it into one label that names no class.
    if let Some(cut) = label.find(['\n', '\r']) {
        return Err(StancerError::DataFile {
            path: path.into(),
            message: format!(
                "line {line}: the label in column `{column}` runs over a line break \
                 (`{}` ...): a quotation mark left open reads the rows after it into this \
                 cell; expected one label per row",
                &label[..cut]
            ),
        });
    }
    if label.is_empty() {
        return Err(StancerError::EmptyLabel {
            path: path.into(),
            line,
            column: column.into(),
        });
    }
    // Under --any-labels (no set) every non-empty label is a class.
    match allowed {
        Some(set) if !set.iter().any(|a| a == label) => Err(StancerError::UnknownLabel {
            path: path.into(),
            line,
            column: column.into(),
            label: label.into(),
            allowed: set.join(", "),
        }),
        _ => Ok(()),
    }
}

/// A column a reader reads (`read`, repeats allowed) named twice in the header: the first is
/// read, as `score` reads it, and said (it was read without a word). Shared by the sentence
/// files and the `--doc-labels` files (`doc_id,stance,stance`, as a join writes two
/// annotators' columns).
pub(super) fn repeated_column_warnings(
    path: &Path,
    headers: &csv::StringRecord,
    read: &[usize],
) -> Vec<String> {
    let name = |j: usize| headers[j].trim_start_matches('\u{feff}').trim();
    let mut warnings = Vec::new();
    for (n, &i) in read.iter().enumerate() {
        if read[..n].contains(&i) {
            continue;
        }
        let others: Vec<String> = (i + 1..headers.len())
            .filter(|&j| name(j) == name(i))
            .map(|j| (j + 1).to_string())
            .collect();
        if !others.is_empty() {
            warnings.push(format!(
                "{}: line 1: column `{}` appears more than once in the header (columns {} and \
                 {}); the first is read",
                path.display(),
                name(i),
                i + 1,
                others.join(", ")
            ));
        }
    }
    warnings
}
