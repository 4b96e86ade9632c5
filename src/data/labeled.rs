//! Labeled sentences from a researcher's CSV, whatever its column names.
//!
//! Columns are chosen by name ([`Columns`]), the way xan and pandas users expect. Every
//! problem is reported with the file, the line and what was expected: a missing column lists
//! the columns that are there, a bad label lists the allowed ones.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::decode::{decode, url_host, ReadOptions};
use crate::error::{Result, StancerError};
use crate::features::lexicon::csv_error;

/// What joins several text columns into one text (`--text-col claim,headline`): a token of
/// its own, so that word n-grams across the join are told apart from n-grams inside either
/// column, and a model can learn what the first words after it (the second column's opening)
/// signal.
pub const TEXT_SEPARATOR: &str = " xxsep ";

/// How a row's group (the unit kept whole in splits and resampled by the bootstrap) is
/// taken from the group column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupKey {
    /// The column's value as it is.
    #[default]
    Value,
    /// The host of the URL in the column (`https://www.foxnews.com/x` → `foxnews.com`):
    /// the publisher, for data sets that must never put an outlet on both sides.
    UrlHost,
}

/// Which CSV columns hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The text column(s); several are joined with [`TEXT_SEPARATOR`] in the order given.
    pub text: Vec<String>,
    pub stance: String,
    /// The frame column; `None` trains the stance head only.
    pub frame: Option<String>,
    /// Whether a missing frame column means "no frame head" rather than an error.
    pub frame_optional: bool,
    /// The grouping column for splits (never a group on both sides): documents by default.
    pub group: String,
    /// How the group is read from the group column.
    pub group_key: GroupKey,
    /// A sentence id column, used to catch duplicate rows.
    pub sent: Option<String>,
    /// The column whose values are held out together in splits (e.g. `style`, `outlet`);
    /// `None` splits by the group column. Articles are still aggregated by `group`.
    pub split: Option<String>,
    /// A column whose values each get a model of their own (SemEval's `Target`):
    /// evaluation trains one model per value and pools the predictions.
    pub per_group: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: vec!["text".into()],
            stance: "stance".into(),
            frame: Some("frame".into()),
            frame_optional: false,
            group: "doc_id".into(),
            group_key: GroupKey::Value,
            sent: Some("sent_id".into()),
            split: None,
            per_group: None,
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
    /// The value of the per-group column, when models are trained per group.
    pub per_group: Option<String>,
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
        Self::from_csvs_with(paths, cols, allowed, &ReadOptions::default())
    }

    /// [`LabeledCorpus::from_csvs`] for files that are tab-separated, not UTF-8, or need
    /// rows filtered ([`ReadOptions`]).
    pub fn from_csvs_with(
        paths: &[PathBuf],
        cols: &Columns,
        allowed: &AllowedLabels,
        opts: &ReadOptions,
    ) -> Result<Self> {
        if paths.is_empty() {
            return Err(StancerError::Data("no labeled file given".into()));
        }
        let mut hasher = Sha256::new();
        let mut sentences = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
            hasher.update(&bytes);
            read_one(path, &bytes, cols, allowed, opts, &mut sentences)?;
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

    /// Whether models are to be trained per group (every row has a per-group value).
    pub fn is_per_group(&self) -> bool {
        !self.sentences.is_empty() && self.sentences.iter().all(|s| s.per_group.is_some())
    }

    /// Two corpora as one (sources, rows and hashes of both), e.g. a training and a test
    /// set that are evaluated together; `self`'s rows come first.
    pub fn concat(&self, other: &LabeledCorpus) -> LabeledCorpus {
        let mut hasher = Sha256::new();
        hasher.update(self.sha256.as_bytes());
        hasher.update(other.sha256.as_bytes());
        LabeledCorpus {
            sources: self.sources.iter().chain(&other.sources).cloned().collect(),
            sentences: self
                .sentences
                .iter()
                .chain(&other.sentences)
                .cloned()
                .collect(),
            sha256: format!("{:x}", hasher.finalize()),
        }
    }

    pub fn has_frames(&self) -> bool {
        !self.sentences.is_empty() && self.sentences.iter().all(|s| s.frame.is_some())
    }

    /// The source files as reports and models record them.
    pub fn source_names(&self) -> Vec<String> {
        self.sources
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
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
    opts: &ReadOptions,
    out: &mut Vec<LabeledSentence>,
) -> Result<()> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(StancerError::Input {
            path: path.into(),
            line: 1,
            message: "the file is empty; expected a header row and labeled rows".into(),
        });
    }
    let text = decode(path, bytes, opts.encoding)?;
    let checked = text.as_bytes();
    let quotes = if opts.quoting {
        super::csv_checks::long_quotes(checked, opts.delimiter)
    } else {
        Vec::new()
    };
    if opts.quoting {
        super::csv_checks::check_unclosed_quote(path, checked, &quotes)?;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .quoting(opts.quoting)
        .from_reader(checked);
    let lines = LineCounter::new(checked);
    // The csv crate's error, with the line counted from the byte offset (its own count is
    // off by one in CRLF files) and a hint when a stray quote swallowed a line break.
    let parse_error = |e: csv::Error| {
        let hint = match (e.kind(), e.position()) {
            (csv::ErrorKind::UnequalLengths { .. }, Some(pos)) => {
                super::csv_checks::quote_hint(checked, &quotes, pos.byte() as usize)
            }
            _ => None,
        };
        let line = e.position().map(|p| lines.line_at(p.byte()));
        match csv_error(path, e) {
            StancerError::Input {
                path,
                line: own,
                message,
            } => StancerError::Input {
                path,
                line: line.unwrap_or(own),
                message: message + hint.as_deref().unwrap_or(""),
            },
            other => other,
        }
    };
    let headers = reader.headers().map_err(parse_error)?.clone();
    let position = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
    };
    let find = |name: &str| -> Result<usize> {
        position(name).ok_or_else(|| StancerError::MissingColumn {
            path: path.into(),
            column: name.into(),
            available: headers.iter().collect::<Vec<_>>().join(", "),
        })
    };
    if cols.text.is_empty() {
        return Err(StancerError::Config("no text column named".into()));
    }
    let text_i: Vec<usize> = cols.text.iter().map(|c| find(c)).collect::<Result<_>>()?;
    let stance_i = find(&cols.stance)?;
    let frame_i = match cols.frame.as_deref() {
        Some(name) if cols.frame_optional => position(name),
        Some(name) => Some(find(name)?),
        None => None,
    };
    let group_i = find(&cols.group)?;
    let split_i = cols.split.as_deref().map(find).transpose()?;
    let per_group_i = cols.per_group.as_deref().map(find).transpose()?;
    let filters: Vec<(usize, &str)> = opts
        .filters
        .iter()
        .map(|f| Ok((find(&f.column)?, f.value.as_str())))
        .collect::<Result<_>>()?;
    let sent_i = cols.sent.as_deref().and_then(position);
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    let before = out.len();
    let mut rows = 0usize;
    for record in reader.records() {
        let record = record.map_err(parse_error)?;
        rows += 1;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let get = |i: usize| record.get(i).unwrap_or("").to_string();
        if !filters
            .iter()
            .all(|&(i, v)| record.get(i).unwrap_or("").trim() == v)
        {
            continue;
        }
        let parts: Vec<String> = text_i.iter().map(|&i| get(i)).collect();
        if let Some(k) = parts.iter().position(|t| t.trim().is_empty()) {
            return Err(StancerError::Input {
                path: path.into(),
                line,
                message: format!("empty text in column `{}`", cols.text[k]),
            });
        }
        let text = parts.join(TEXT_SEPARATOR);
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
        let group = match cols.group_key {
            GroupKey::Value => get(group_i),
            GroupKey::UrlHost => url_host(&get(group_i)),
        };
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
        let per_group = per_group_i.map(|i| get(i).trim().to_string());
        out.push(LabeledSentence {
            split,
            group,
            text,
            stance,
            frame,
            per_group,
        });
    }
    if out.len() == before {
        let message = if rows > 0 {
            let f: Vec<String> = opts
                .filters
                .iter()
                .map(|f| format!("{}={}", f.column, f.value))
                .collect();
            format!("none of the {rows} rows matches {}", f.join(" and "))
        } else {
            "the file has a header but no rows".into()
        };
        return Err(StancerError::Input {
            path: path.into(),
            line: 2,
            message,
        });
    }
    Ok(())
}

/// Line numbers from byte offsets, counted forward once. (The csv crate's own line count
/// is off by one per CRLF line end: it starts a record at the `\n` of the previous `\r\n`.)
struct LineCounter<'a> {
    bytes: &'a [u8],
    // Cells: the record loop and the error mapper both ask, one after the other.
    at: std::cell::Cell<usize>,
    line: std::cell::Cell<u64>,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: std::cell::Cell::new(0),
            line: std::cell::Cell::new(1),
        }
    }

    /// The 1-based line of byte `offset`; offsets must not decrease between calls.
    fn line_at(&self, offset: u64) -> u64 {
        let to = (offset as usize).min(self.bytes.len());
        let at = self.at.get();
        if to > at {
            let newlines = self.bytes[at..to].iter().filter(|&&b| b == b'\n').count() as u64;
            self.line.set(self.line.get() + newlines);
            self.at.set(to);
        }
        // A record that "starts" on the `\n` of a CRLF starts on the next line.
        self.line.get() + u64::from(self.bytes.get(to) == Some(&b'\n'))
    }
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
            text: vec!["sentence".into()],
            stance: "label".into(),
            frame: None,
            group: "article".into(),
            sent: None,
            ..Columns::default()
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

    #[test]
    fn tsv_crlf_two_text_columns_filters_and_hosts() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.tsv",
            "claim\thead\tlabel\turl\tsplit\r\nC one\tH \"one\tfor\thttps://www.x.com/1\ttrain\r\n\
             C two\tH two\tagainst\thttp://y.org/2\ttest\r\n",
        );
        let cols = Columns {
            text: vec!["claim".into(), "head".into()],
            stance: "label".into(),
            frame: Some("frame".into()),
            frame_optional: true,
            group: "url".into(),
            group_key: GroupKey::UrlHost,
            sent: None,
            ..Columns::default()
        };
        let opts = ReadOptions {
            delimiter: b'\t',
            quoting: false,
            filters: vec!["split=train".parse().unwrap()],
            ..ReadOptions::default()
        };
        let c =
            LabeledCorpus::from_csvs_with(&[p], &cols, &AllowedLabels::default(), &opts).unwrap();
        assert_eq!(c.sentences.len(), 1);
        let s = &c.sentences[0];
        assert_eq!(s.text, format!("C one{TEXT_SEPARATOR}H \"one"));
        assert_eq!((s.stance.as_str(), s.group.as_str()), ("for", "x.com"));
        assert_eq!(s.frame, None);
        assert!(!c.has_frames());
    }

    #[test]
    fn crlf_files_report_the_right_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "doc_id,text,stance\r\nd1,x,georgian\r\nd2,y,georgian\r\nd3,z,bad\r\n",
        );
        let cols = Columns {
            frame: None,
            ..Columns::default()
        };
        let err = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::guide())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 4: label `bad`"), "{err}");
    }

    #[test]
    fn per_group_values_and_concat() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "doc_id,text,stance,target\nd1,x,A,t1\nd2,y,B,t2\n",
        );
        let cols = Columns {
            frame: None,
            per_group: Some("target".into()),
            ..Columns::default()
        };
        let c = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::default()).unwrap();
        assert!(c.is_per_group());
        assert_eq!(c.sentences[1].per_group.as_deref(), Some("t2"));
        let both = c.concat(&c);
        assert_eq!(both.sentences.len(), 4);
        assert_eq!(both.sources.len(), 2);
        assert_ne!(both.sha256, c.sha256);
    }
}
