//! A sentence's feature columns in column order without sorting them.
//!
//! Every TF-IDF row is written in column order (the heads and the l2 norm sum in that
//! order, so the bits depend on it). Sorting a sentence's ~30 column ids was most of
//! weighing the row on the seed articles (`sort_unstable` of a few dozen `u32`s costs
//! thousands of instructions); marking them in a bitmap and reading the set bits back is a
//! few instructions a column. A summary bitmap of the non-zero words keeps the read-back
//! proportional to the columns present, not to the vocabulary (a 600k-feature model has
//! 9,400 words of bits, 147 of summary); the rare repeated column (a word twice in a
//! sentence) is kept apart and counted as the bits are read.

/// Column ids in, `(column, count)` out in increasing column order; empty between uses.
#[derive(Debug, Default)]
pub(crate) struct ColumnBag {
    /// Bit `c % 64` of word `c / 64`: column `c` is in the bag.
    bits: Vec<u64>,
    /// Bit `w % 64` of word `w / 64`: word `w` of `bits` is non-zero.
    summary: Vec<u64>,
    /// Columns met again after their first time, one entry per repeat.
    repeats: Vec<u32>,
    /// The summary words touched since the last drain: `lo..hi` (empty if `lo >= hi`).
    lo: usize,
    hi: usize,
}

impl ColumnBag {
    /// Adds every column of `cols` (each occurrence counts).
    pub fn extend(&mut self, cols: &[u32]) {
        let (min, max) = cols
            .iter()
            .fold((u32::MAX, 0), |(lo, hi), &c| (lo.min(c), hi.max(c)));
        if cols.is_empty() {
            return;
        }
        let words = max as usize / 64 + 1;
        if words > self.bits.len() {
            self.bits.resize(words, 0);
            self.summary.resize(words.div_ceil(64), 0);
        }
        let (bits, summary) = (&mut self.bits[..], &mut self.summary[..]);
        for &c in cols {
            let w = c as usize / 64;
            let bit = 1u64 << (c % 64);
            let old = bits[w];
            if old & bit != 0 {
                self.repeats.push(c);
                continue;
            }
            bits[w] = old | bit;
            summary[w / 64] |= 1u64 << (w % 64);
        }
        let (lo, hi) = (min as usize / 4096, max as usize / 4096 + 1);
        if self.lo < self.hi {
            self.lo = self.lo.min(lo);
            self.hi = self.hi.max(hi);
        } else {
            (self.lo, self.hi) = (lo, hi);
        }
    }

    /// Calls `f(column, count)` for every distinct column, in increasing order, and
    /// empties the bag.
    pub fn drain(&mut self, mut f: impl FnMut(u32, usize)) {
        self.repeats.sort_unstable();
        // The next repeated column (`u32::MAX`, no column, past the last).
        let mut repeats = self
            .repeats
            .iter()
            .copied()
            .chain(std::iter::once(u32::MAX));
        let mut next = repeats.next().unwrap_or(u32::MAX);
        for s in self.lo..self.hi {
            let mut sw = std::mem::take(&mut self.summary[s]);
            while sw != 0 {
                let w = s * 64 + sw.trailing_zeros() as usize;
                sw &= sw - 1;
                let mut bw = std::mem::take(&mut self.bits[w]);
                while bw != 0 {
                    let c = (w * 64) as u32 + bw.trailing_zeros();
                    bw &= bw - 1;
                    let mut n = 1;
                    while next == c {
                        n += 1;
                        next = repeats.next().unwrap_or(u32::MAX);
                    }
                    f(c, n);
                }
            }
        }
        self.repeats.clear();
        self.lo = 0;
        self.hi = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the bag must give: the columns sorted, repeats counted.
    fn counted(cols: &[u32]) -> Vec<(u32, usize)> {
        let mut sorted = cols.to_vec();
        sorted.sort_unstable();
        let mut out: Vec<(u32, usize)> = Vec::new();
        for c in sorted {
            match out.last_mut() {
                Some((last, n)) if *last == c => *n += 1,
                _ => out.push((c, 1)),
            }
        }
        out
    }

    fn drained(bag: &mut ColumnBag) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        bag.drain(|c, n| out.push((c, n)));
        out
    }

    #[test]
    fn empty_and_edge_columns() {
        let mut bag = ColumnBag::default();
        bag.extend(&[]);
        assert_eq!(drained(&mut bag), vec![]);
        bag.extend(&[63, 64, 0, 4095, 4096, 64, 0, 0]);
        assert_eq!(
            drained(&mut bag),
            vec![(0, 3), (63, 1), (64, 2), (4095, 1), (4096, 1)]
        );
        // Empty again, and reusable with smaller columns.
        assert_eq!(drained(&mut bag), vec![]);
        bag.extend(&[5, 3, 5]);
        assert_eq!(drained(&mut bag), vec![(3, 1), (5, 2)]);
    }

    proptest! {
        #[test]
        fn gives_the_sorted_counts(
            bags in prop::collection::vec(prop::collection::vec(0u32..300_000, 0..80), 1..6)
        ) {
            let mut bag = ColumnBag::default();
            for cols in &bags {
                bag.extend(cols);
                prop_assert_eq!(drained(&mut bag), counted(cols));
            }
        }

        #[test]
        fn small_vocabularies_with_many_repeats(cols in prop::collection::vec(0u32..40, 0..200)) {
            let mut bag = ColumnBag::default();
            bag.extend(&cols);
            prop_assert_eq!(drained(&mut bag), counted(&cols));
        }
    }
}
