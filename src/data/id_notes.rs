//! Ids given twice in one file. Two records with one id give output rows that a researcher
//! cannot join back to their articles, so the reader warns (it does not refuse: the rows
//! are still all there, one per record). Memory stays bounded: only the first
//! [`CHECKED`] ids of a file are remembered, as 64-bit hashes.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// How many ids of one file are remembered (at most about 36 MB of hash table).
pub const CHECKED: usize = 1_000_000;

/// The ids seen so far in one file, and the first one seen again.
#[derive(Debug, Default)]
pub struct RepeatedIds {
    /// Hash of an id → the line it was first seen on.
    seen: FxHashMap<u64, u64>,
    /// How many records repeated an earlier id.
    repeats: u64,
    /// The first repeat: its id, its line, the line of the record it repeats.
    first: Option<(String, u64, u64)>,
}

impl RepeatedIds {
    /// Notes record `id` (non-empty) at `line`.
    pub fn see(&mut self, id: &str, line: u64) {
        let h = FxBuildHasher.hash_one(id);
        match self.seen.get(&h) {
            Some(&before) => {
                self.repeats += 1;
                if self.first.is_none() {
                    self.first = Some((id.to_string(), line, before));
                }
            }
            None if self.seen.len() < CHECKED => {
                self.seen.insert(h, line);
            }
            None => {}
        }
    }

    /// The warning for the end of `source`, if any id came twice; `what` names where the id
    /// stands ("column `url`", "field `id`").
    pub fn warning(&mut self, source: &str, what: &str) -> Option<String> {
        let (id, line, before) = self.first.take()?;
        let checked = if self.seen.len() >= CHECKED {
            format!(" (among the first {CHECKED} ids)")
        } else {
            String::new()
        };
        Some(format!(
            "{source}: line {line}: {} record(s) repeat an earlier id in {what}{checked}; the \
             first is `{id}`, first given at line {before}; their output rows cannot be told \
             apart by id",
            self.repeats
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_repeat_and_the_count_are_reported_once() {
        let mut r = RepeatedIds::default();
        for (id, line) in [("a", 2), ("b", 3), ("a", 4), ("b", 5), ("c", 6)] {
            r.see(id, line);
        }
        let w = r.warning("news.csv", "column `url`").unwrap();
        assert!(w.starts_with("news.csv: line 4: 2 record(s) repeat"), "{w}");
        assert!(w.contains("the first is `a`, first given at line 2"), "{w}");
        assert_eq!(r.warning("news.csv", "column `url`"), None);
        let mut none = RepeatedIds::default();
        none.see("a", 2);
        assert_eq!(none.warning("x", "y"), None);
    }
}
