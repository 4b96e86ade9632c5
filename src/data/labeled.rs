//! Labeled sentences from a researcher's CSV, whatever its column names.
//!
//! Columns are chosen by name ([`Columns`]), the way xan and pandas users expect. Every
//! problem is reported with the file, the line and what was expected: a missing column lists
//! the columns that are there, a bad label lists the allowed ones.

use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;
use sha2::{Digest, Sha256};

use super::decode::{decode_owned, url_host, ReadOptions};
use super::store::{Interned, InternedBuilder, TextArena};
use crate::error::{Result, StancerError};
use crate::features::fxhash::FxHashMap;
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

/// One labeled sentence, borrowed from its [`LabeledCorpus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabeledSentence<'a> {
    pub group: &'a str,
    /// The split unit (the group unless a split column was chosen).
    pub split: &'a str,
    pub text: &'a str,
    pub stance: &'a str,
    pub frame: Option<&'a str>,
    /// The value of the per-group column, when models are trained per group.
    pub per_group: Option<&'a str>,
}

/// Labeled sentences, with the SHA-256 of the files they came from so that every model
/// and report can name its data exactly.
///
/// Stored by column, not as a struct of `String`s per row: the texts in one buffer,
/// labels and groups as small ids into their distinct values. Read from the anchor
/// benchmark's 800k-row training file, the process holds ~205 MB (~140 MB of it text)
/// where a struct of `String`s per row held ~470 MB. A row is
/// read as a [`LabeledSentence`] view ([`sentence`](Self::sentence),
/// [`sentences`](Self::sentences)).
#[derive(Debug, Clone)]
pub struct LabeledCorpus {
    pub sources: Vec<PathBuf>,
    pub sha256: String,
    rows: Rows,
}

/// The columns of a corpus, one entry per row in each. The group, split and stance
/// columns hold a value in every row.
#[derive(Debug, Clone, Default)]
struct Rows {
    texts: TextArena,
    group: Interned,
    split: Interned,
    stance: Interned,
    frame: Interned,
    per_group: Interned,
}

impl Rows {
    fn subset(&self, idx: &[usize]) -> Rows {
        let mut texts = TextArena::default();
        for &i in idx {
            texts.push(self.texts.get(i));
        }
        Rows {
            texts,
            group: self.group.subset(idx),
            split: self.split.subset(idx),
            stance: self.stance.subset(idx),
            frame: self.frame.subset(idx),
            per_group: self.per_group.subset(idx),
        }
    }

    fn concat(&self, other: &Rows) -> Rows {
        let mut texts = self.texts.clone();
        for t in other.texts.iter() {
            texts.push(t);
        }
        Rows {
            texts,
            group: self.group.concat(&other.group),
            split: self.split.concat(&other.split),
            stance: self.stance.concat(&other.stance),
            frame: self.frame.concat(&other.frame),
            per_group: self.per_group.concat(&other.per_group),
        }
    }
}

/// [`Rows`] as a file is read.
#[derive(Debug, Default)]
struct RowsBuilder {
    texts: TextArena,
    group: InternedBuilder,
    split: InternedBuilder,
    stance: InternedBuilder,
    frame: InternedBuilder,
    per_group: InternedBuilder,
}

impl RowsBuilder {
    fn len(&self) -> usize {
        self.texts.len()
    }

    fn finish(mut self) -> Rows {
        self.texts.shrink_to_fit();
        Rows {
            texts: self.texts,
            group: self.group.finish(),
            split: self.split.finish(),
            stance: self.stance.finish(),
            frame: self.frame.finish(),
            per_group: self.per_group.finish(),
        }
    }
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
        let mut rows = RowsBuilder::default();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
            hasher.update(&bytes);
            read_one(path, bytes, cols, allowed, opts, &mut rows)?;
        }
        Ok(LabeledCorpus {
            sources: paths.to_vec(),
            sha256: format!("{:x}", hasher.finalize()),
            rows: rows.finish(),
        })
    }

    /// Reads labeled CSV bytes held in memory (the Python package hands a DataFrame over
    /// this way, so it is checked exactly as a file is); `name` stands for the file in
    /// messages.
    pub fn from_csv_bytes(
        name: &str,
        bytes: Vec<u8>,
        cols: &Columns,
        allowed: &AllowedLabels,
        opts: &ReadOptions,
    ) -> Result<Self> {
        let path = PathBuf::from(name);
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let mut rows = RowsBuilder::default();
        read_one(&path, bytes, cols, allowed, opts, &mut rows)?;
        Ok(LabeledCorpus {
            sources: vec![path],
            sha256,
            rows: rows.finish(),
        })
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.rows.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.texts.is_empty()
    }

    /// Sentence `i`.
    pub fn sentence(&self, i: usize) -> LabeledSentence<'_> {
        let r = &self.rows;
        LabeledSentence {
            group: r.group.get(i).unwrap_or(""),
            split: r.split.get(i).unwrap_or(""),
            text: r.texts.get(i),
            stance: r.stance.get(i).unwrap_or(""),
            frame: r.frame.get(i),
            per_group: r.per_group.get(i),
        }
    }

    /// The sentences in order.
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = LabeledSentence<'_>> + '_ {
        (0..self.len()).map(|i| self.sentence(i))
    }

    /// The text of sentence `i`.
    pub fn text(&self, i: usize) -> &str {
        self.rows.texts.get(i)
    }

    pub fn texts(&self) -> Vec<&str> {
        self.rows.texts.iter().collect()
    }

    /// Whether models are to be trained per group (every row has a per-group value).
    pub fn is_per_group(&self) -> bool {
        self.rows.per_group.is_complete()
    }

    /// Two corpora as one (sources, rows and hashes of both), e.g. a training and a test
    /// set that are evaluated together; `self`'s rows come first.
    pub fn concat(&self, other: &LabeledCorpus) -> LabeledCorpus {
        let mut hasher = Sha256::new();
        hasher.update(self.sha256.as_bytes());
        hasher.update(other.sha256.as_bytes());
        LabeledCorpus {
            sources: self.sources.iter().chain(&other.sources).cloned().collect(),
            sha256: format!("{:x}", hasher.finalize()),
            rows: self.rows.concat(&other.rows),
        }
    }

    pub fn has_frames(&self) -> bool {
        self.rows.frame.is_complete()
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
        self.rows
            .group
            .values()
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// The sentences at `idx`, as a new corpus (same sources and hash).
    pub fn subset(&self, idx: &[usize]) -> LabeledCorpus {
        LabeledCorpus {
            sources: self.sources.clone(),
            sha256: self.sha256.clone(),
            rows: self.rows.subset(idx),
        }
    }

    /// The stance labels, and the frame labels if every row has one: all a fit needs of
    /// the corpus once the features are built, so the texts can be freed before the solver
    /// allocates.
    pub(crate) fn into_labels(self) -> (Interned, Option<Interned>) {
        let frames = self.has_frames();
        let Rows { stance, frame, .. } = self.rows;
        (stance, frames.then_some(frame))
    }
}

/// The (group, sentence id) pairs of one file so far, to reject a repeated row with the
/// line it was first seen on.
///
/// Kept by a 64-bit hash of the pair, with the sentence ids back to back in one buffer:
/// a map of cloned `String` pairs cost two allocations and ~100 bytes a row (~90 MB for
/// 800k rows). On a hash match the pairs are compared in full, so the answer is exact;
/// different pairs with the same hash are chained.
#[derive(Debug, Default)]
struct SeenRows {
    /// Hash of a pair → the first entry with that hash.
    by_hash: FxHashMap<u64, usize>,
    group: Vec<u32>,
    sent: TextArena,
    line: Vec<u64>,
    /// The next entry with the same hash, if any.
    next: Vec<Option<usize>>,
}

impl SeenRows {
    /// Records the pair seen on `line`; the line it was first seen on if it was seen
    /// before.
    fn insert(&mut self, group: u32, sent: &str, line: u64) -> Option<u64> {
        let mut h = FxHasher::default();
        group.hash(&mut h);
        sent.hash(&mut h);
        self.insert_hashed(h.finish(), group, sent, line)
    }

    fn insert_hashed(&mut self, hash: u64, group: u32, sent: &str, line: u64) -> Option<u64> {
        let new = self.group.len();
        let mut at = match self.by_hash.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(new);
                None
            }
            Entry::Occupied(o) => Some(*o.get()),
        };
        while let Some(e) = at {
            if self.group[e] == group && self.sent.get(e) == sent {
                return Some(self.line[e]);
            }
            if self.next[e].is_none() {
                self.next[e] = Some(new);
                break;
            }
            at = self.next[e];
        }
        self.group.push(group);
        self.sent.push(sent);
        self.line.push(line);
        self.next.push(None);
        None
    }
}

fn read_one(
    path: &Path,
    bytes: Vec<u8>,
    cols: &Columns,
    allowed: &AllowedLabels,
    opts: &ReadOptions,
    out: &mut RowsBuilder,
) -> Result<()> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(StancerError::Input {
            path: path.into(),
            line: 1,
            message: "the file is empty; expected a header row and labeled rows".into(),
        });
    }
    // The texts take about the file's size: room for them up front, so the buffer is
    // never copied to grow.
    if out.texts.is_empty() {
        out.texts = TextArena::with_capacity(bytes.len());
    }
    let text = decode_owned(path, bytes, opts.encoding)?;
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
    let mut seen = SeenRows::default();
    let before = out.len();
    let mut rows = 0usize;
    // One record, refilled row by row: fields are borrowed from it, never copied out
    // except into the corpus's own columns.
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(parse_error)? {
        rows += 1;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let get = |i: usize| record.get(i).unwrap_or("");
        if !filters.iter().all(|&(i, v)| get(i).trim() == v) {
            continue;
        }
        if let Some(k) = text_i.iter().position(|&i| get(i).trim().is_empty()) {
            return Err(StancerError::Input {
                path: path.into(),
                line,
                message: format!("empty text in column `{}`", cols.text[k]),
            });
        }
        let stance = get(stance_i).trim();
        check_label(path, line, &cols.stance, stance, allowed.stance.as_deref())?;
        let frame = match (frame_i, cols.frame.as_deref()) {
            (Some(i), Some(name)) => {
                let f = get(i).trim();
                check_label(path, line, name, f, allowed.frame.as_deref())?;
                Some(f)
            }
            _ => None,
        };
        let host;
        let group = match cols.group_key {
            GroupKey::Value => get(group_i),
            GroupKey::UrlHost => {
                host = url_host(get(group_i));
                host.as_str()
            }
        };
        let group_id = out.group.push(group);
        if let Some(si) = sent_i {
            if let Some(first) = seen.insert(group_id, get(si), line) {
                return Err(StancerError::Input {
                    path: path.into(),
                    line,
                    message: format!(
                        "duplicate ({}, {}) = ({}, {}); first seen on line {first}",
                        cols.group,
                        cols.sent.as_deref().unwrap_or(""),
                        group,
                        get(si)
                    ),
                });
            }
        }
        out.texts
            .push_joined(text_i.iter().map(|&i| get(i)), TEXT_SEPARATOR);
        out.split.push(split_i.map_or(group, get));
        out.stance.push(stance);
        out.frame.push_option(frame);
        out.per_group
            .push_option(per_group_i.map(|i| get(i).trim()));
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
        assert_eq!(c.len(), 2);
        assert_eq!(c.sentence(0).group, "d1");
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
        assert_eq!(c.len(), 1);
        let s = c.sentence(0);
        assert_eq!(s.text, format!("C one{TEXT_SEPARATOR}H \"one"));
        assert_eq!((s.stance, s.group), ("for", "x.com"));
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
        assert_eq!(c.sentence(1).per_group, Some("t2"));
        let both = c.concat(&c);
        assert_eq!(both.len(), 4);
        assert_eq!(both.sources.len(), 2);
        assert_ne!(both.sha256, c.sha256);
    }

    /// The map the hash-keyed [`SeenRows`] replaced (cloned pairs, compared in full), for
    /// every row: the line its pair was first seen on, if it was. (The reader stops at the
    /// first repeat; past it, this keeps answering with the first line, as `SeenRows` does.)
    fn first_lines_by_btreemap(rows: &[(u32, String)]) -> Vec<Option<u64>> {
        let mut seen = BTreeMap::new();
        rows.iter()
            .zip(1u64..)
            .map(|(k, line)| match seen.entry(k.clone()) {
                std::collections::btree_map::Entry::Occupied(o) => Some(*o.get()),
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(line);
                    None
                }
            })
            .collect()
    }

    #[test]
    fn hash_keyed_duplicates_are_exactly_the_map_keyed_ones() {
        // Few groups and ids, so that pairs repeat often; ids that differ only by
        // whitespace, case or a leading zero are different ids.
        let ids = ["0", "1", "01", " 1", "1 ", "a", "A", "", "10", "x\u{e9}"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let rows: Vec<(u32, String)> = (0..4000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (
                    (state % 7) as u32,
                    ids[(state >> 32) as usize % ids.len()].to_string(),
                )
            })
            .collect();
        let want = first_lines_by_btreemap(&rows);
        assert!(want.iter().any(Option::is_some) && want.iter().any(Option::is_none));
        // With the real hash, and with every pair colliding on one hash (all chained).
        let mut hashed = SeenRows::default();
        let mut colliding = SeenRows::default();
        for ((g, sent), line) in rows.iter().zip(1u64..) {
            let got = hashed.insert(*g, sent, line);
            assert_eq!(got, want[line as usize - 1], "row {line}: ({g}, {sent:?})");
            let got = colliding.insert_hashed(7, *g, sent, line);
            assert_eq!(got, want[line as usize - 1], "row {line} colliding");
        }
    }

    #[test]
    fn duplicates_are_found_across_url_hosts_and_reported_as_before() {
        // Two URLs of one host are one group: their equal sentence ids are duplicates.
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "url,sent_id,text,stance\nhttps://www.x.com/1,0,a,s\nhttp://y.org/2,0,b,s\n\
             http://x.com/3,1,c,s\nhttps://x.com/4,0,d,s\n",
        );
        let cols = Columns {
            frame: None,
            group: "url".into(),
            group_key: GroupKey::UrlHost,
            ..Columns::default()
        };
        let err = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("line 5: duplicate (url, sent_id) = (x.com, 0); first seen on line 2"),
            "{err}"
        );
    }

    #[test]
    fn rows_read_back_as_written_through_subset_and_concat() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(
            &dir,
            "a.csv",
            "doc_id,sent_id,text,stance,frame\nd1,0,x y,georgian,none\nd2,0,z,neutral_wire,none\n\
             d1,1,w,georgian,none\n",
        );
        let b = write(&dir, "b.csv", "doc_id,text,stance\nd3,v,pro_tskhinvali\n");
        let cols = Columns {
            frame_optional: true,
            ..Columns::default()
        };
        let c = LabeledCorpus::from_csvs(std::slice::from_ref(&a), &cols, &AllowedLabels::guide())
            .unwrap();
        let both =
            LabeledCorpus::from_csvs(&[a, b.clone()], &cols, &AllowedLabels::guide()).unwrap();
        let view = |c: &LabeledCorpus| -> Vec<(String, String, String, Option<String>)> {
            c.sentences()
                .map(|s| {
                    (
                        s.group.to_string(),
                        s.text.to_string(),
                        s.stance.to_string(),
                        s.frame.map(str::to_string),
                    )
                })
                .collect()
        };
        let row = |g: &str, t: &str, s: &str, f: Option<&str>| {
            (
                g.to_string(),
                t.to_string(),
                s.to_string(),
                f.map(str::to_string),
            )
        };
        assert_eq!(
            view(&both),
            [
                row("d1", "x y", "georgian", Some("none")),
                row("d2", "z", "neutral_wire", Some("none")),
                row("d1", "w", "georgian", Some("none")),
                row("d3", "v", "pro_tskhinvali", None),
            ]
        );
        assert!(c.has_frames() && !both.has_frames());
        assert_eq!(both.groups(), ["d1", "d2", "d3"]);
        assert_eq!(both.sentence(2).split, "d1");
        let sub = both.subset(&[3, 2, 3]);
        assert_eq!(
            view(&sub),
            [
                view(&both)[3].clone(),
                view(&both)[2].clone(),
                view(&both)[3].clone()
            ]
        );
        assert_eq!(sub.groups(), ["d3", "d1"]);
        let only_b = LabeledCorpus::from_csvs(&[b], &cols, &AllowedLabels::guide()).unwrap();
        assert_eq!(view(&c.concat(&only_b)), view(&both));
        assert_eq!(c.concat(&only_b).groups(), both.groups());
    }
}
