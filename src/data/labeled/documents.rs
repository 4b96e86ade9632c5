//! Article labels (`--doc-labels`): one stance per article, read as strictly as the
//! sentence labels, and checked against the sentences they go with.
//!
//! An article label nobody can predict, or a file whose ids name no article of the data,
//! does not fail loudly downstream: evaluation would count `Georgian` as a class of its
//! own, and training would fit no article head. So both are errors here, named by file
//! and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::row_checks::{check_label, repeated_column_warnings};
use super::LabeledCorpus;
use crate::data::csv_checks::{header_again_message, repeats_header};
use crate::data::decode::{decode, ReadOptions};
use crate::data::LineCounter;
use crate::error::{Result, StancerError};
use crate::features::lexicon::csv_error;

/// Article id → stance, with where each was read.
#[derive(Debug, Clone, Default)]
pub struct DocumentLabels {
    /// Article id (a value of the group column) → stance label.
    pub labels: BTreeMap<String, String>,
    /// Where each article's label was read: index into `paths`, and line (0: given as a
    /// mapping, not read from a file).
    origin: BTreeMap<String, (usize, u64)>,
    paths: Vec<PathBuf>,
    id_col: String,
    /// What reading the files found to say (a column it reads named twice in a header),
    /// given with [`check_against`](Self::check_against)'s warnings.
    read_warnings: Vec<String>,
}

impl DocumentLabels {
    /// Reads `id_col` and `stance_col` of every file. Labels are trimmed, as in the
    /// sentence files; with `allowed`, a label outside it is an error naming its line, as
    /// is an empty label, and an article labeled twice differently.
    pub fn read(
        paths: &[PathBuf],
        id_col: &str,
        stance_col: &str,
        allowed: Option<&[String]>,
    ) -> Result<Self> {
        Self::read_with(paths, id_col, stance_col, allowed, &ReadOptions::default())
    }

    /// [`read`](Self::read) with the delimiter, quoting and encoding of the sentence files
    /// (`-d`, `--no-quoting`, `--encoding` apply to `--doc-labels` too: read as plain
    /// comma-separated UTF-8, a tab-separated or Latin-1 file failed with a puzzling
    /// message while the flags that fit it were given). Row filters are not applied:
    /// they name sentence columns.
    pub fn read_with(
        paths: &[PathBuf],
        id_col: &str,
        stance_col: &str,
        allowed: Option<&[String]>,
        opts: &ReadOptions,
    ) -> Result<Self> {
        let mut out = DocumentLabels {
            paths: paths.to_vec(),
            id_col: id_col.to_string(),
            ..DocumentLabels::default()
        };
        for (file, path) in paths.iter().enumerate() {
            let raw = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
            let text = decode(path, &raw, opts.encoding)?;
            let bytes = text.as_bytes();
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(opts.delimiter)
                .quoting(opts.quoting)
                .from_reader(bytes);
            let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
            let find = |name: &str| {
                super::find_column(path, &headers, name)
                    .map_err(|e| delimiter_hint(e, path, &headers, opts.delimiter))
            };
            let (id_i, st_i) = (find(id_col)?, find(stance_col)?);
            // A column it reads named twice (`doc_id,stance,stance`, as a join writes two
            // annotators' columns): the first is read, and said, as the sentence files say
            // it; it was read without a word.
            out.read_warnings
                .extend(repeated_column_warnings(path, &headers, &[id_i, st_i]));
            let lines = LineCounter::new(bytes);
            for record in reader.records() {
                let record = record.map_err(|e| csv_error(path, e))?;
                let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                // The header of a second file (`cat a.csv b.csv`): read as an article
                // `doc_id` labeled `stance`, an unknown label, or under --any-labels a
                // label of its own, warned about only as naming no article.
                if repeats_header(&record, &headers) {
                    return Err(StancerError::Input {
                        path: path.clone(),
                        line,
                        message: header_again_message("an article id and its label"),
                    });
                }
                let id = record.get(id_i).unwrap_or("");
                let label = record.get(st_i).unwrap_or("").trim();
                check_label(path, line, stance_col, label, allowed)?;
                if let Some(first) = out.labels.get(id) {
                    if first != label {
                        let (f, l) = out.origin[id];
                        let there = if f == file {
                            format!("on line {l}")
                        } else {
                            format!("in {} on line {l}", paths[f].display())
                        };
                        return Err(StancerError::Input {
                            path: path.clone(),
                            line,
                            message: format!(
                                "article `{id}` is labeled `{label}` here and `{first}` {there}; \
                                 expected one label per article"
                            ),
                        });
                    }
                    continue;
                }
                out.labels.insert(id.to_string(), label.to_string());
                out.origin.insert(id.to_string(), (file, line));
            }
        }
        Ok(out)
    }

    /// Article labels given as a mapping (the Python package's `doc_labels=`), checked as
    /// [`read`](Self::read) checks a file's; `name` stands for them in messages.
    pub fn from_map(
        name: &str,
        map: BTreeMap<String, String>,
        id_col: &str,
        allowed: Option<&[String]>,
    ) -> Result<Self> {
        let path = PathBuf::from(name);
        let mut out = DocumentLabels {
            paths: vec![path.clone()],
            id_col: id_col.into(),
            ..DocumentLabels::default()
        };
        for (id, label) in map {
            let label = label.trim().to_string();
            check_label(&path, 0, "stance", &label, allowed).map_err(|e| match e {
                StancerError::UnknownLabel { label, allowed, .. } => StancerError::DataFile {
                    path: path.clone(),
                    message: format!("article `{id}`: label `{label}` is not one of: {allowed}"),
                },
                StancerError::EmptyLabel { .. } => StancerError::DataFile {
                    path: path.clone(),
                    message: format!("article `{id}`: empty label; expected an article stance"),
                },
                e => e,
            })?;
            out.origin.insert(id.clone(), (0, 0));
            out.labels.insert(id, label);
        }
        Ok(out)
    }

    /// Checks the labels against the sentences of `corpora`: some label must name one of
    /// their articles (groups), and each such article's label must be one of their
    /// sentence stance labels. `group_col` names the column the articles come from. The
    /// warnings returned say what goes unused: labels that name no article of the data,
    /// and articles of the data that no label names (the article level leaves them out).
    pub fn check_against(
        &self,
        corpora: &[&LabeledCorpus],
        group_col: &str,
    ) -> Result<Vec<String>> {
        let groups: BTreeSet<&str> = corpora.iter().flat_map(|c| c.groups()).collect();
        let stances: BTreeSet<&str> = corpora
            .iter()
            .flat_map(|c| c.sentences().map(|s| s.stance))
            .collect();
        let mut matched = 0;
        // Labels that name no article: how many, and the first read (file, line, id).
        let mut unmatched: (usize, Option<(usize, u64, &str)>) = (0, None);
        for (id, label) in &self.labels {
            if !groups.contains(id.as_str()) {
                let (f, line) = self.origin[id];
                unmatched.0 += 1;
                if unmatched.1.is_none_or(|(f0, l0, _)| (f, line) < (f0, l0)) {
                    unmatched.1 = Some((f, line, id));
                }
                continue;
            }
            matched += 1;
            if !stances.contains(label.as_str()) {
                let (f, line) = self.origin[id];
                let message = format!(
                    "article label `{label}` is not a sentence stance label ({}); article \
                     labels must be among them",
                    stances.iter().copied().collect::<Vec<_>>().join(", ")
                );
                let path = self.paths[f].clone();
                return Err(match line {
                    0 => StancerError::DataFile {
                        path,
                        message: format!("article `{id}`: {message}"),
                    },
                    line => StancerError::Input {
                        path,
                        line,
                        message,
                    },
                });
            }
        }
        if matched == 0 {
            let files: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
            let data: Vec<String> = corpora.iter().flat_map(|c| c.source_names()).collect();
            let example = groups.iter().next().copied().unwrap_or("");
            return Err(StancerError::DataFile {
                path: PathBuf::from(files.join(", ")),
                message: format!(
                    "none of its {} article ids (column `{}`) is a group of the data ({}, \
                     column `{group_col}`, e.g. `{example}`); expected the same ids",
                    self.labels.len(),
                    self.id_col,
                    data.join(", ")
                ),
            });
        }
        let mut warnings = self.read_warnings.clone();
        if let (n, Some((f, line, id))) = unmatched {
            let at = match line {
                0 => format!("{}", self.paths[f].display()),
                line => format!("{}: line {line}", self.paths[f].display()),
            };
            warnings.push(format!(
                "{at}: {n} of the {} article labels name no article of the data (column \
                 `{group_col}`; this is the first: `{id}`); they are not used",
                self.labels.len()
            ));
        }
        let unlabeled: Vec<&str> = groups
            .iter()
            .copied()
            .filter(|g| !self.labels.contains_key(*g))
            .collect();
        if let Some(first) = unlabeled.first() {
            warnings.push(format!(
                "{} of the {} articles of the data have no article label (the first is \
                 `{first}`); the article level leaves them out",
                unlabeled.len(),
                groups.len()
            ));
        }
        Ok(warnings)
    }
}

/// A missing column of an article-label file whose header holds it when split at another
/// delimiter (commonly: comma-separated article labels beside `-d tab` sentence files):
/// the error says which delimiter was used and why.
fn delimiter_hint(
    e: StancerError,
    path: &std::path::Path,
    headers: &csv::StringRecord,
    delimiter: u8,
) -> StancerError {
    let StancerError::MissingColumn { column, .. } = &e else {
        return e;
    };
    let other = [b',', b'\t', b';', b'|']
        .into_iter()
        .filter(|&d| d != delimiter)
        .find(|&d| {
            headers
                .iter()
                .any(|h| h.split(d as char).any(|f| f.trim() == column))
        });
    match other {
        Some(d) => StancerError::DataFile {
            path: path.into(),
            message: format!(
                "missing column `{column}`: the header was split at {}, the --data files' \
                 delimiter (-d), which applies to --doc-labels too, but it looks separated by \
                 {}; expected the same delimiter as the --data files",
                show_delimiter(delimiter),
                show_delimiter(d)
            ),
        },
        None => e,
    }
}

fn show_delimiter(d: u8) -> String {
    match d {
        b'\t' => "tabs".into(),
        d => format!("`{}`", d as char),
    }
}

/// Article labels (`doc_id → stance`) of any label set, for evaluating article stance.
pub fn read_document_labels(
    paths: &[PathBuf],
    id_col: &str,
    stance_col: &str,
) -> Result<BTreeMap<String, String>> {
    Ok(DocumentLabels::read(paths, id_col, stance_col, None)?.labels)
}
