//! Labeled sentences from a researcher's CSV, whatever its column names.
//!
//! Columns are chosen by name ([`Columns`]), the way xan and pandas users expect. Every
//! problem is reported with the file, the line and what was expected: a missing column lists
//! the columns that are there, a bad label lists the allowed ones.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Result, StancerError};
use crate::features::lexicon::csv_error;

/// Which CSV columns hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub text: String,
    pub stance: String,
    /// The frame column; `None` trains the stance head only.
    pub frame: Option<String>,
    /// The grouping column for splits (never a group on both sides): documents by default.
    pub group: String,
    /// A sentence id column, used to catch duplicate rows.
    pub sent: Option<String>,
    /// The column whose values are held out together in splits (e.g. `style`, `outlet`);
    /// `None` splits by the group column. Articles are still aggregated by `group`.
    pub split: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            stance: "stance".into(),
            frame: Some("frame".into()),
            group: "doc_id".into(),
            sent: Some("sent_id".into()),
            split: None,
        }
    }
}

/// Which label values a column may hold; `None` accepts whatever the data has.
#[derive(Debug, Clone, Default)]
pub struct AllowedLabels {
    pub stance: Option<Vec<String>>,
    pub frame: Option<Vec<String>>,
}

impl AllowedLabels {
    /// The label sets of `LABELING.md`.
    pub fn guide() -> Self {
        AllowedLabels {
            stance: Some(crate::features::lexicon::STANCES.map(String::from).to_vec()),
            frame: Some(crate::features::lexicon::FRAMES.map(String::from).to_vec()),
        }
    }
}

/// One labeled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabeledSentence {
    pub group: String,
    /// The split unit (the group unless a split column was chosen).
    pub split: String,
    pub text: String,
    pub stance: String,
    pub frame: Option<String>,
}

/// Labeled sentences, with the SHA-256 of the files they came from so that every model
/// and report can name its data exactly.
#[derive(Debug, Clone)]
pub struct LabeledCorpus {
    pub sources: Vec<PathBuf>,
    pub sentences: Vec<LabeledSentence>,
    pub sha256: String,
}

impl LabeledCorpus {
    /// Reads and concatenates labeled CSVs that share a column layout.
    pub fn from_csvs(paths: &[PathBuf], cols: &Columns, allowed: &AllowedLabels) -> Result<Self> {
        if paths.is_empty() {
            return Err(StancerError::Data("no labeled file given".into()));
        }
        let mut hasher = Sha256::new();
        let mut sentences = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
            hasher.update(&bytes);
            read_one(path, &bytes, cols, allowed, &mut sentences)?;
        }
        Ok(LabeledCorpus {
            sources: paths.to_vec(),
            sentences,
            sha256: format!("{:x}", hasher.finalize()),
        })
    }

    pub fn texts(&self) -> Vec<&str> {
        self.sentences.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn has_frames(&self) -> bool {
        !self.sentences.is_empty() && self.sentences.iter().all(|s| s.frame.is_some())
    }

    /// Distinct groups in first-seen order.
    pub fn groups(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.sentences
            .iter()
            .map(|s| s.group.as_str())
            .filter(|g| seen.insert(*g))
            .collect()
    }

    /// The sentences at `idx`, as a new corpus (same sources and hash).
    pub fn subset(&self, idx: &[usize]) -> LabeledCorpus {
        LabeledCorpus {
            sources: self.sources.clone(),
            sentences: idx.iter().map(|&i| self.sentences[i].clone()).collect(),
            sha256: self.sha256.clone(),
        }
    }
}

fn read_one(
    path: &Path,
    bytes: &[u8],
    cols: &Columns,
    allowed: &AllowedLabels,
    out: &mut Vec<LabeledSentence>,
) -> Result<()> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(StancerError::Input {
            path: path.into(),
            line: 1,
            message: "the file is empty; expected a header row and labeled rows".into(),
        });
    }
    super::csv_checks::check_utf8(path, bytes)?;
    let quotes = super::csv_checks::long_quotes(bytes);
    super::csv_checks::check_unclosed_quote(path, bytes, &quotes)?;
    let parse_error = |e: csv::Error| {
        let hint = match (e.kind(), e.position()) {
            (csv::ErrorKind::UnequalLengths { .. }, Some(pos)) => {
                super::csv_checks::quote_hint(bytes, &quotes, pos.byte() as usize)
            }
            _ => None,
        };
        match (csv_error(path, e), hint) {
            (
                StancerError::Input {
                    path,
                    line,
                    message,
                },
                Some(hint),
            ) => StancerError::Input {
                path,
                line,
                message: message + &hint,
            },
            (e, _) => e,
        }
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = reader.headers().map_err(parse_error)?.clone();
    let find = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| StancerError::MissingColumn {
                path: path.into(),
                column: name.into(),
                available: headers.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let text_i = find(&cols.text)?;
    let stance_i = find(&cols.stance)?;
    let frame_i = cols.frame.as_deref().map(find).transpose()?;
    let group_i = find(&cols.group)?;
    let split_i = cols.split.as_deref().map(find).transpose()?;
    let sent_i = match cols.sent.as_deref() {
        Some(name) => headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name),
        None => None,
    };
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    let before = out.len();
    for record in reader.records() {
        let record = record.map_err(parse_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| record.get(i).unwrap_or("").to_string();
        let text = get(text_i);
        if text.trim().is_empty() {
            return Err(StancerError::Input {
                path: path.into(),
                line,
                message: format!("empty text in column `{}`", cols.text),
            });
        }
        let stance = get(stance_i).trim().to_string();
        check_label(path, line, &cols.stance, &stance, allowed.stance.as_deref())?;
        let frame = match (frame_i, cols.frame.as_deref()) {
            (Some(i), Some(name)) => {
                let f = get(i).trim().to_string();
                check_label(path, line, name, &f, allowed.frame.as_deref())?;
                Some(f)
            }
            _ => None,
        };
        let group = get(group_i);
        if let Some(si) = sent_i {
            let key = (group.clone(), get(si));
            if let Some(first) = seen.insert(key.clone(), line) {
                return Err(StancerError::Input {
                    path: path.into(),
                    line,
                    message: format!(
                        "duplicate ({}, {}) = ({}, {}); first seen on line {first}",
                        cols.group,
                        cols.sent.as_deref().unwrap_or(""),
                        key.0,
                        key.1
                    ),
                });
            }
        }
        let split = split_i.map_or_else(|| group.clone(), get);
        out.push(LabeledSentence {
            split,
            group,
            text,
            stance,
            frame,
        });
    }
    if out.len() == before {
        return Err(StancerError::Input {
            path: path.into(),
            line: 2,
            message: "the file has a header but no rows".into(),
        });
    }
    Ok(())
}

fn check_label(
    path: &Path,
    line: u64,
    column: &str,
    label: &str,
    allowed: Option<&[String]>,
) -> Result<()> {
    let ok = match allowed {
        Some(set) => set.iter().any(|a| a == label),
        None => !label.is_empty(),
    };
    if ok {
        return Ok(());
    }
    Err(StancerError::UnknownLabel {
        path: path.into(),
        line,
        column: column.into(),
        label: label.into(),
        allowed: allowed.map_or("any non-empty value".into(), |s| s.join(", ")),
    })
}

/// Document-level labels (`doc_id → stance`), for evaluating article stance.
pub fn read_document_labels(
    paths: &[PathBuf],
    id_col: &str,
    stance_col: &str,
) -> Result<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    for path in paths {
        let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
        let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| StancerError::MissingColumn {
                    path: path.clone(),
                    column: name.into(),
                    available: headers.iter().collect::<Vec<_>>().join(", "),
                })
        };
        let (id_i, st_i) = (find(id_col)?, find(stance_col)?);
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(path, e))?;
            labels.insert(
                record.get(id_i).unwrap_or("").to_string(),
                record.get(st_i).unwrap_or("").to_string(),
            );
        }
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, body: &str) -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn maps_columns_by_name_and_accepts_bom_and_crlf() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "\u{feff}article,sentence,label\r\nd1,Occupied land.,georgian\r\nd2,Talks held.,neutral_wire\r\n",
        );
        let cols = Columns {
            text: "sentence".into(),
            stance: "label".into(),
            frame: None,
            group: "article".into(),
            sent: None,
            split: None,
        };
        let c = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::guide()).unwrap();
        assert_eq!(c.sentences.len(), 2);
        assert_eq!(c.sentences[0].group, "d1");
        assert_eq!(c.groups(), vec!["d1", "d2"]);
    }

    #[test]
    fn missing_column_lists_the_columns_there() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "a.csv", "doc_id,body,stance\nd1,x,georgian\n");
        let err = LabeledCorpus::from_csvs(&[p], &Columns::default(), &AllowedLabels::guide())
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column `text`"), "{err}");
        assert!(err.contains("doc_id, body, stance"), "{err}");
    }

    #[test]
    fn bad_label_names_line_and_allowed_set() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "doc_id,sent_id,text,stance,frame\nd1,0,x,georgian,none\nd1,1,y,pro_georgia,none\n",
        );
        let err = LabeledCorpus::from_csvs(&[p], &Columns::default(), &AllowedLabels::guide())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("pro_georgia"), "{err}");
        assert!(
            err.contains("georgian, neutral_wire, pro_tskhinvali"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_sentence_ids_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "doc_id,sent_id,text,stance,frame\nd1,0,x,georgian,none\nd1,0,y,georgian,none\n",
        );
        let err = LabeledCorpus::from_csvs(&[p], &Columns::default(), &AllowedLabels::guide())
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate") && err.contains("line 2"), "{err}");
    }
}
