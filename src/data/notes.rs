//! What reading noticed that is not an error of one record: a duplicated header name, empty
//! ids, a quoted field that seems to have swallowed rows, files a folder walk skipped.
//!
//! Readers are iterators of records, so these go to a side channel that the caller reads at
//! the end of the run ([`ReadNotes::take`]) and prints beside its counts: nothing is dropped
//! without a word, and a 10 GB input with a warning on every row still holds only the first
//! [`KEPT`] of each kind in memory.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// How many warnings and skipped files are kept in full; the rest are only counted.
pub const KEPT: usize = 20;

/// Notes shared between the readers of one run and its caller.
#[derive(Debug, Default)]
pub struct ReadNotes {
    inner: Mutex<Noted>,
    /// The sources already warned about for text a one-byte encoding misreads (UTF-8 read
    /// as Latin-1, Windows-1252 read as Latin-1): one warning per source and kind.
    latin1: Mutex<HashSet<(String, bool)>>,
    /// Whether an id-like field left unread was warned about (once per run).
    unread_id: std::sync::atomic::AtomicBool,
}

/// Field names that hold an article's id in the exports researchers bring: a run that
/// numbers rows by line beside such a field is warned about, since rows joined back to the
/// input by `doc_id` would meet the wrong articles.
const ID_LIKE: [&str; 3] = ["id", "doc_id", "article_id"];

/// The notes of a run, as [`ReadNotes::take`] hands them out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Noted {
    /// The first [`KEPT`] warnings, each `SOURCE: line N: what`.
    pub warnings: Vec<String>,
    /// All warnings, kept or not.
    pub n_warnings: u64,
    /// The first [`KEPT`] files skipped in folders, with why.
    pub skipped: Vec<String>,
    /// All files skipped in folders.
    pub n_skipped: u64,
}

impl ReadNotes {
    pub fn shared() -> Arc<ReadNotes> {
        Arc::new(ReadNotes::default())
    }

    pub fn warn(&self, message: String) {
        let mut n = self.lock();
        n.n_warnings += 1;
        if n.warnings.len() < KEPT {
            n.warnings.push(message);
        }
    }

    pub fn skipped(&self, path: String) {
        let mut n = self.lock();
        n.n_skipped += 1;
        if n.skipped.len() < KEPT {
            n.skipped.push(path);
        }
    }

    /// Text that `encoding` misreads at `line` of `source` (`decode::misread`): one warning
    /// per source and kind, naming its first such line.
    pub fn misread(
        &self,
        source: &str,
        line: u64,
        encoding: super::decode::Encoding,
        m: super::decode::Misread,
    ) {
        let kind = matches!(m, super::decode::Misread::Utf8);
        let first = self
            .latin1
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((source.to_string(), kind));
        if first {
            self.warn(super::decode::misread_warning(source, line, encoding, m));
        }
    }

    /// `names` (a CSV header's columns, a JSONL record's fields: `what`) read at `line` of
    /// `source` by a run that numbers rows by line (no `--id-col`): when one looks like an
    /// id, one warning per run naming it.
    pub fn unread_id<'a>(
        &self,
        source: &str,
        line: u64,
        what: &str,
        names: impl IntoIterator<Item = &'a str>,
    ) {
        use std::sync::atomic::Ordering;
        if self.unread_id.load(Ordering::Relaxed) {
            return;
        }
        let Some(name) = names
            .into_iter()
            .find(|n| ID_LIKE.iter().any(|id| n.eq_ignore_ascii_case(id)))
        else {
            return;
        };
        if !self.unread_id.swap(true, Ordering::Relaxed) {
            self.warn(format!(
                "{source}: line {line}: {what} `{name}` looks like the article id, but each \
                 row's doc_id is its line number unless the id {what} is named; pass \
                 --id-col {name} (id_col=\"{name}\" in Python) to use it"
            ));
        }
    }

    /// The notes so far, leaving none behind.
    pub fn take(&self) -> Noted {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Noted> {
        // A reader that panicked while holding the lock left whole notes behind.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_and_counts_all() {
        let notes = ReadNotes::default();
        for i in 0..(KEPT + 5) {
            notes.warn(format!("w{i}"));
        }
        notes.skipped("a.pdf".into());
        let n = notes.take();
        assert_eq!(n.warnings.len(), KEPT);
        assert_eq!(n.n_warnings, KEPT as u64 + 5);
        assert_eq!(n.warnings[0], "w0");
        assert_eq!((n.skipped.len(), n.n_skipped), (1, 1));
        assert_eq!(notes.take(), Noted::default());
    }
}
