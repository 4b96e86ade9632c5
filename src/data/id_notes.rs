//! What a reader notes of the ids it reads: empty ones, and ones given twice in a file.
//! Both give output rows that a researcher cannot join back to their articles, so the
//! reader warns (it does not refuse: the rows are still all there, one per record). Memory
//! stays bounded: only the first [`CHECKED`] ids of a file are remembered, as 64-bit hashes.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// How many ids of one file are remembered (at most about 36 MB of hash table).
pub const CHECKED: usize = 1_000_000;

/// The ids of one file seen so far.
#[derive(Debug, Default)]
pub struct IdNotes {
    /// How many ids were empty, and the line of the first.
    empty: (u64, u64),
    /// Hash of a non-empty id → the line it was first seen on.
    seen: FxHashMap<u64, u64>,
    /// How many records repeated an earlier id.
    repeats: u64,
    /// The first repeat: its id, its line, the line of the record it repeats.
    first_repeat: Option<(String, u64, u64)>,
}

impl IdNotes {
    /// Notes record `id` at `line`.
    pub fn see(&mut self, id: &str, line: u64) {
        if id.is_empty() {
            if self.empty.0 == 0 {
                self.empty.1 = line;
            }
            self.empty.0 += 1;
            return;
        }
        let h = FxBuildHasher.hash_one(id);
        match self.seen.get(&h) {
            Some(&before) => {
                self.repeats += 1;
                if self.first_repeat.is_none() {
                    self.first_repeat = Some((id.to_string(), line, before));
                }
            }
            None if self.seen.len() < CHECKED => {
                self.seen.insert(h, line);
            }
            None => {}
        }
    }

    /// The warnings for the end of `source`, each given once: `records` names its records
    /// ("row(s)", "record(s)"), `place` where the id stands ("column `url`").
    pub fn warnings(&mut self, source: &str, records: &str, place: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.empty.0 > 0 {
            out.push(format!(
                "{source}: line {}: {} {records} have an empty id in {place} (this is the \
                 first); their output rows cannot be told apart by id",
                self.empty.1, self.empty.0
            ));
            self.empty.0 = 0;
        }
        if let Some((id, line, before)) = self.first_repeat.take() {
            let checked = if self.seen.len() >= CHECKED {
                format!(" (among the first {CHECKED} ids)")
            } else {
                String::new()
            };
            out.push(format!(
                "{source}: line {line}: {} record(s) repeat an earlier id in {place}{checked}; \
                 the first is `{id}`, first given at line {before}; their output rows cannot \
                 be told apart by id",
                self.repeats
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_repeat_and_the_count_are_reported_once() {
        let mut r = IdNotes::default();
        for (id, line) in [("a", 2), ("b", 3), ("a", 4), ("b", 5), ("c", 6)] {
            r.see(id, line);
        }
        let w = r.warnings("news.csv", "row(s)", "column `url`");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("news.csv: line 4: 2 record(s) repeat"),
            "{w:?}"
        );
        assert!(
            w[0].contains("the first is `a`, first given at line 2"),
            "{w:?}"
        );
        assert!(r.warnings("news.csv", "row(s)", "column `url`").is_empty());
        let mut none = IdNotes::default();
        none.see("a", 2);
        assert!(none.warnings("x", "row(s)", "y").is_empty());
    }

    #[test]
    fn empty_ids_are_counted_apart_and_warned_about_first() {
        let mut r = IdNotes::default();
        for (id, line) in [("", 2), ("a", 3), ("", 4), ("a", 5)] {
            r.see(id, line);
        }
        let w = r.warnings("e.jsonl", "record(s)", "field `id`");
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(
            w[0],
            "e.jsonl: line 2: 2 record(s) have an empty id in field `id` (this is the first); \
             their output rows cannot be told apart by id"
        );
        assert!(
            w[1].starts_with("e.jsonl: line 5: 1 record(s) repeat"),
            "{w:?}"
        );
    }
}
