//! Labeled sentences from a researcher's CSV, whatever its column names.
//!
//! Columns are chosen by name ([`Columns`]), the way xan and pandas users expect. Every
//! problem is reported with the file, the line and what was expected: a missing column lists
//! the columns that are there, a bad label lists the allowed ones.

mod columns;
mod documents;
mod read;
mod seen;

use std::borrow::Cow;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

pub(crate) use columns::{find_column, header_position};
pub use columns::{AllowedLabels, Columns, GroupKey, TEXT_SEPARATOR};
pub use documents::{read_document_labels, DocumentLabels};
pub(crate) use read::LineCounter;

use super::decode::ReadOptions;
use super::store::{Interned, InternedBuilder, TextArena};
use crate::error::{Result, StancerError};
use crate::features::ArticleReading;
use crate::text::quotes::{quotation_middles, read_in_quotation};
use read::read_one;
use seen::SeenRows;

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
    /// What reading noticed that is not an error (a quoted field whose lines read as
    /// rows), each `FILE: line N: what`, for the caller to print.
    pub warnings: Vec<String>,
    rows: Rows,
}

/// The columns of a corpus, one entry per row in each. The group, split and stance
/// columns hold a value in every row.
#[derive(Debug, Clone, Default)]
pub(super) struct Rows {
    texts: TextArena,
    group: Interned,
    split: Interned,
    stance: Interned,
    frame: Interned,
    per_group: Interned,
    /// Per row: a quotation's middle sentence ([`quotation_middles`]), found among the
    /// consecutive rows of its group as the file has them, and kept through subsets.
    in_quotation: Vec<bool>,
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
            in_quotation: idx.iter().map(|&i| self.in_quotation[i]).collect(),
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
            in_quotation: [&self.in_quotation[..], &other.in_quotation[..]].concat(),
        }
    }

    /// The quotation middles of each run of consecutive rows of one group.
    fn find_quotation_middles(&self) -> Vec<bool> {
        let n = self.texts.len();
        let mut out = Vec::with_capacity(n);
        let mut start = 0;
        while start < n {
            let group = self.group.get(start);
            let end = (start..n)
                .find(|&i| self.group.get(i) != group)
                .unwrap_or(n);
            let run: Vec<&str> = (start..end).map(|i| self.texts.get(i)).collect();
            out.extend(quotation_middles(&run));
            start = end;
        }
        out
    }
}

/// [`Rows`] as the files are read, with the (group, sentence id) pairs seen in all of
/// them and the files read so far.
#[derive(Debug, Default)]
pub(super) struct RowsBuilder {
    seen: SeenRows,
    sources: Vec<PathBuf>,
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
        let mut rows = Rows {
            texts: self.texts,
            group: self.group.finish(),
            split: self.split.finish(),
            stance: self.stance.finish(),
            frame: self.frame.finish(),
            per_group: self.per_group.finish(),
            in_quotation: Vec::new(),
        };
        rows.in_quotation = rows.find_quotation_middles();
        rows
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
        // The same file twice would count every row twice, with or without sentence ids.
        let ids: Vec<_> = paths
            .iter()
            .map(|p| crate::output::FileId::of_path(p))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            if let Some(j) = (0..i).find(|&j| id.is_some() && ids[j] == *id) {
                return Err(StancerError::DataFile {
                    path: paths[i].clone(),
                    message: format!(
                        "given twice (also as {}); expected each labeled file once",
                        paths[j].display()
                    ),
                });
            }
        }
        let mut hasher = Sha256::new();
        let mut rows = RowsBuilder::default();
        let mut warnings = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
            hasher.update(&bytes);
            read_one(path, bytes, cols, allowed, opts, &mut rows, &mut warnings)?;
        }
        Ok(LabeledCorpus {
            sources: paths.to_vec(),
            sha256: format!("{:x}", hasher.finalize()),
            warnings,
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
        let mut warnings = Vec::new();
        read_one(&path, bytes, cols, allowed, opts, &mut rows, &mut warnings)?;
        Ok(LabeledCorpus {
            sources: vec![path],
            sha256,
            warnings,
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

    /// Sentence `i` as a model reads it ([`ArticleReading`]): with
    /// `cross_sentence_quotes`, a quotation's middle sentence behind the quotation's opening
    /// mark (its neighbours in the file show that it is speech; the scorer reads an
    /// article's sentences the same way); with `article_context`, a reported marker with the
    /// word for how the rest of its article narrates; any other as written. Features are
    /// built from this; reports print [`text`](Self::text). The article is the run of
    /// consecutive rows of `i`'s group; for many rows, [`texts_as_read`](Self::texts_as_read)
    /// reads each article once.
    pub fn text_as_read(&self, i: usize, reading: &ArticleReading<'_>) -> Cow<'_, str> {
        if !reading.has_context() {
            return match reading.across() && self.rows.in_quotation[i] {
                true => Cow::Owned(read_in_quotation(self.text(i))),
                false => Cow::Borrowed(self.text(i)),
            };
        }
        let run = self.article_run(i);
        let start = run.start;
        self.read_run(run, reading).swap_remove(i - start).text
    }

    /// [`text_as_read`](Self::text_as_read) of every sentence, in order.
    pub fn texts_as_read(&self, reading: &ArticleReading<'_>) -> Vec<Cow<'_, str>> {
        if !reading.has_context() {
            return (0..self.len())
                .map(|i| self.text_as_read(i, reading))
                .collect();
        }
        let mut out = Vec::with_capacity(self.len());
        let mut start = 0;
        while start < self.len() {
            let run = self.article_run(start);
            start = run.end;
            out.extend(self.read_run(run, reading).into_iter().map(|r| r.text));
        }
        out
    }

    /// The rows of one article: the consecutive rows of `i`'s group around `i`.
    fn article_run(&self, i: usize) -> std::ops::Range<usize> {
        let group = self.rows.group.get(i);
        let start = (0..i)
            .rev()
            .find(|&j| self.rows.group.get(j) != group)
            .map_or(0, |j| j + 1);
        let end = (i + 1..self.len())
            .find(|&j| self.rows.group.get(j) != group)
            .unwrap_or(self.len());
        start..end
    }

    fn read_run(
        &self,
        run: std::ops::Range<usize>,
        reading: &ArticleReading<'_>,
    ) -> Vec<crate::features::ReadSentence<'_>> {
        let texts: Vec<&str> = run.clone().map(|i| self.text(i)).collect();
        reading.read(&texts, Some(&self.rows.in_quotation[run]))
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
            warnings: self
                .warnings
                .iter()
                .chain(&other.warnings)
                .cloned()
                .collect(),
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
            warnings: self.warnings.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, body: &str) -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    /// A quotation's middle row is read as speech when its neighbours in the same article
    /// open and close the quotation; the text itself stays as written.
    #[test]
    fn a_quotations_middle_row_is_read_behind_its_opening_mark() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "doc_id,text,stance\n\
             d1,\"“We stay.\",neutral_wire\n\
             d1,They are a state.,neutral_wire\n\
             d1,\"We go,” he said.\",neutral_wire\n\
             d2,They are a state.,neutral_wire\n",
        );
        let cols = Columns {
            frame: None,
            ..Columns::default()
        };
        let c = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::guide()).unwrap();
        let lexicon = crate::features::Lexicon::guide();
        let reading = |across: bool, context: bool| {
            let config = crate::features::FeatureConfig {
                cross_sentence_quotes: across,
                article_context: context,
                ..Default::default()
            };
            ArticleReading::new(&config, &lexicon)
        };
        let (on, off) = (reading(true, false), reading(false, false));
        assert_eq!(c.text(1), "They are a state.");
        assert_eq!(c.text_as_read(1, &on), "“They are a state.");
        assert_eq!(c.text_as_read(1, &off), "They are a state.");
        // Another article's row is no one's middle; subsets keep what was found.
        assert_eq!(c.text_as_read(3, &on), "They are a state.");
        assert_eq!(c.subset(&[1, 3]).text_as_read(0, &on), "“They are a state.");
        assert_eq!(c.text_as_read(0, &on), "“We stay.");
        // With the article's context too, the same middles, found once per article.
        let with_context = reading(true, true);
        let all = c.texts_as_read(&with_context);
        assert_eq!(all, c.texts_as_read(&on));
        assert_eq!(c.text_as_read(1, &with_context), all[1]);
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
