//! Labeled sentences from a researcher's CSV, whatever its column names.
//!
//! Columns are chosen by name ([`Columns`]), the way xan and pandas users expect. Every
//! problem is reported with the file, the line and what was expected: a missing column lists
//! the columns that are there, a bad label lists the allowed ones.
//!
//! This module holds the corpus and its row views; the files it is read from are
//! `from_csvs` (which files) and `read` (one file), its column storage is `rows`, and the
//! sentences as a model reads them are `as_read`.

mod as_read;
mod classes;
mod columns;
mod documents;
mod from_csvs;
mod read;
mod row_checks;
mod rows;
mod seen;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

pub use classes::{ClassCounts, FEW_EXAMPLES};
pub(crate) use columns::{find_column, header_position};
pub use columns::{AllowedLabels, Columns, GroupKey, TEXT_SEPARATOR};
pub use documents::{read_document_labels, DocumentLabels};

use super::store::Interned;
use rows::Rows;

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

impl LabeledCorpus {
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

    /// Writes a labeled file for a test to read (the sibling modules' tests use it too).
    pub(super) fn write(dir: &tempfile::TempDir, name: &str, body: &str) -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
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
