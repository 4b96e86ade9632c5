//! A labeling to compare (`stancer agreement`): items named by key columns, each with its
//! labels.
//!
//! Kappa counts items, so an item must be counted once: a key that comes twice (a row
//! pasted twice, or two labels for one sentence) is an error naming both lines, not a
//! silent "last one wins" or a double count. Keys and labels are trimmed, as everywhere
//! labels are read, so `georgian ` agrees with `georgian`; an empty label is an error, and
//! so is a file without rows (kappa over no items is no figure).

use std::collections::HashMap;
use std::path::Path;

use super::csv_checks::{header_again_message, repeats_header};
use super::LineCounter;
use crate::error::{Result, StancerError};
use crate::features::lexicon::csv_error;

/// The items of one file, in file order, with their labels.
#[derive(Debug, Clone, Default)]
pub struct Labeling {
    /// The key of every item, in file order.
    pub order: Vec<Vec<String>>,
    /// Key → the labels of the label columns, in the order the columns were asked for.
    pub labels: HashMap<Vec<String>, Vec<String>>,
}

impl Labeling {
    /// Refuses to compare a file with itself (under any path, symlink or hard link): its
    /// kappa is 1 by construction, which a typo in a command would report as agreement.
    pub fn refuse_same_file(first: &Path, second: &Path) -> Result<()> {
        use crate::output::FileId;
        match (FileId::of_path(first), FileId::of_path(second)) {
            (Some(a), Some(b)) if a == b => Err(StancerError::Refused(format!(
                "{}: is the same file as {}; its agreement with itself is 1 by construction; \
                 expected a second labeling",
                second.display(),
                first.display()
            ))),
            _ => Ok(()),
        }
    }

    /// Reads `path`, whose rows are keyed by the `key` columns, keeping the `cols` labels.
    pub fn read(path: &Path, key: &[String], cols: &[String]) -> Result<Labeling> {
        let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(StancerError::Input {
                path: path.into(),
                line: 1,
                message: "the file is empty; expected a header row and labeled rows".into(),
            });
        }
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let find = |name: &str| super::labeled::find_column(path, &headers, name);
        let key_i: Vec<usize> = key.iter().map(|c| find(c)).collect::<Result<_>>()?;
        let col_i: Vec<usize> = cols.iter().map(|c| find(c)).collect::<Result<_>>()?;
        let lines = LineCounter::new(&bytes);
        let mut out = Labeling::default();
        let mut first_line: HashMap<Vec<String>, u64> = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(path, e))?;
            let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
            if repeats_header(&record, &headers) {
                // (The header of a second file: it was an item of its own, `doc_id/sent_id`
                // labeled `stance`, counted in n and in the agreement.)
                let message = header_again_message("a labeled row");
                return Err(StancerError::Input {
                    path: path.into(),
                    line,
                    message,
                });
            }
            let get = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let k: Vec<String> = key_i.iter().map(|&i| get(i)).collect();
            let mut labels = Vec::with_capacity(col_i.len());
            for (&i, name) in col_i.iter().zip(cols) {
                let l = get(i);
                if l.is_empty() {
                    return Err(StancerError::Input {
                        path: path.into(),
                        line,
                        message: format!("empty label in column `{name}`; expected a label"),
                    });
                }
                labels.push(l);
            }
            if let Some(first) = first_line.get(&k) {
                return Err(StancerError::Input {
                    path: path.into(),
                    line,
                    message: format!(
                        "item {} is already on line {first}; expected each item ({}) once",
                        k.join("/"),
                        key.join(", ")
                    ),
                });
            }
            first_line.insert(k.clone(), line);
            out.order.push(k.clone());
            out.labels.insert(k, labels);
        }
        if out.order.is_empty() {
            // Nothing to compare: kappa over no items is no figure.
            return Err(StancerError::Input {
                path: path.into(),
                line: 2,
                message: "the file has a header but no rows; expected labeled rows".into(),
            });
        }
        Ok(out)
    }
}
