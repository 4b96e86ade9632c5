//! The (group, sentence id) pairs of the files read so far, to reject a repeated row.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use crate::data::store::TextArena;
use crate::features::fxhash::FxHashMap;

/// The (group, sentence id) pairs of the files read so far, to reject a repeated row with
/// the file and line it was first seen on (a file given twice, or a copy of it, doubled
/// every row when each file was checked alone).
///
/// Kept by a 64-bit hash of the pair, with the sentence ids back to back in one buffer:
/// a map of cloned `String` pairs cost two allocations and ~100 bytes a row (~90 MB for
/// 800k rows). On a hash match the pairs are compared in full, so the answer is exact;
/// different pairs with the same hash are chained.
#[derive(Debug, Default)]
pub(super) struct SeenRows {
    /// Hash of a pair → the first entry with that hash.
    by_hash: FxHashMap<u64, usize>,
    group: Vec<u32>,
    sent: TextArena,
    /// The file (its index in the reading order) and line of each entry.
    at: Vec<(u32, u64)>,
    /// The next entry with the same hash, if any.
    next: Vec<Option<usize>>,
}

impl SeenRows {
    /// Records the pair seen on `line` of file `file`; the file and line it was first seen
    /// on if it was seen before.
    pub(super) fn insert(
        &mut self,
        group: u32,
        sent: &str,
        file: u32,
        line: u64,
    ) -> Option<(u32, u64)> {
        let mut h = FxHasher::default();
        group.hash(&mut h);
        sent.hash(&mut h);
        self.insert_hashed(h.finish(), group, sent, (file, line))
    }

    fn insert_hashed(
        &mut self,
        hash: u64,
        group: u32,
        sent: &str,
        at_line: (u32, u64),
    ) -> Option<(u32, u64)> {
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
                return Some(self.at[e]);
            }
            if self.next[e].is_none() {
                self.next[e] = Some(new);
                break;
            }
            at = self.next[e];
        }
        self.group.push(group);
        self.sent.push(sent);
        self.at.push(at_line);
        self.next.push(None);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

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
            let got = hashed.insert(*g, sent, 0, line).map(|(_, l)| l);
            assert_eq!(got, want[line as usize - 1], "row {line}: ({g}, {sent:?})");
            let got = colliding
                .insert_hashed(7, *g, sent, (0, line))
                .map(|(_, l)| l);
            assert_eq!(got, want[line as usize - 1], "row {line} colliding");
        }
    }
}
