//! The n-gram index's two hash tables: words (as [`InlineWord`]s) to their entries, and
//! packed n-gram keys to columns.
//!
//! Open addressing with linear probing in a power-of-two array at most two-thirds full:
//! a lookup reads one slot, key and value side by side, and (almost always) stops there.
//! A `hashbrown` lookup reads a group of control bytes and then a bucket elsewhere: on a
//! 600k-feature model every n-gram lookup misses the cache, twice. Keys come from the
//! model's vocabulary (a table is built once and never shrinks), so a text being scored
//! cannot lengthen a probe; iteration order is never used.

/// A key the tables hash: spread over 64 bits, since a table takes its top bits.
pub(super) trait Key: Copy + Eq + Default {
    fn hash(&self) -> u64;
}

/// A value with one bit pattern that marks an empty slot.
pub(super) trait Value: Copy {
    const EMPTY: Self;
    fn is_empty(&self) -> bool;
}

/// Fibonacci hashing's multiplier (2^64 / φ).
const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl Key for u64 {
    #[inline]
    fn hash(&self) -> u64 {
        self.wrapping_mul(K)
    }
}

/// A word of at most 15 bytes as a fixed-size key (bytes, then the length in the last
/// byte): comparing it never follows a pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct InlineWord([u64; 2]);

/// Longest word kept inline.
pub(super) const INLINE: usize = 15;

impl InlineWord {
    /// The bytes of `w` (zero-padded) and its length in the last byte; `None` past
    /// [`INLINE`] bytes. Built from a few fixed-size reads: copying a word into a buffer
    /// was a call to `memmove` for every token scored.
    #[inline]
    pub fn new(w: &str) -> Option<Self> {
        let b = w.as_bytes();
        let n = b.len();
        if n > INLINE {
            return None;
        }
        let len = (n as u64) << 56;
        Some(InlineWord(match b.split_first_chunk::<8>() {
            Some((head, rest)) => [u64::from_le_bytes(*head), load_le(rest) | len],
            None => [load_le(b), len],
        }))
    }
}

/// The bytes of `b` (at most 8) as a little-endian integer, zero-padded: two overlapping
/// reads of four bytes, or three single bytes.
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n <= 8);
    match (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        (Some(head), Some(tail)) => {
            let lo = u64::from(u32::from_le_bytes(*head));
            let hi = u64::from(u32::from_le_bytes(*tail));
            lo | (hi << (8 * (n - 4)))
        }
        _ if n > 0 => {
            let (a, m, z) = (u64::from(b[0]), u64::from(b[n / 2]), u64::from(b[n - 1]));
            a | (m << (8 * (n / 2))) | (z << (8 * (n - 1)))
        }
        _ => 0,
    }
}

impl Key for InlineWord {
    #[inline]
    fn hash(&self) -> u64 {
        let [a, b] = self.0;
        (a.wrapping_mul(K).rotate_left(29) ^ b).wrapping_mul(K)
    }
}

impl Value for u32 {
    const EMPTY: u32 = u32::MAX;
    #[inline]
    fn is_empty(&self) -> bool {
        *self == u32::MAX
    }
}

/// Keys to values (`V::EMPTY` is never stored).
#[derive(Debug, Clone)]
pub(super) struct Table<K, V> {
    slots: Vec<(K, V)>,
    len: usize,
    /// `64 - log2(slots.len())`: a key's home slot is its hash's top bits.
    shift: u32,
}

impl<K: Key, V: Value> Default for Table<K, V> {
    fn default() -> Self {
        Self::with_slots(16)
    }
}

impl<K: Key, V: Value> Table<K, V> {
    fn with_slots(n: usize) -> Self {
        debug_assert!(n.is_power_of_two() && n >= 2);
        Table {
            slots: vec![(K::default(), V::EMPTY); n],
            len: 0,
            shift: 64 - n.trailing_zeros(),
        }
    }

    /// A table that holds `n` keys without growing.
    pub fn with_capacity(n: usize) -> Self {
        Self::with_slots((n + n / 2 + 1).next_power_of_two().max(16))
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The bytes of the slot array.
    pub fn bytes(&self) -> usize {
        std::mem::size_of_val(&self.slots[..])
    }

    #[inline]
    fn home(&self, key: &K) -> usize {
        (key.hash() >> self.shift) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: &K) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, v) = &self.slots[i];
            if v.is_empty() || k == key {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Reads the home slots of `keys` (see [`super::NgramIndex::fetch_columns`]).
    pub fn fetch<'k>(&self, keys: impl IntoIterator<Item = &'k K>)
    where
        K: 'k,
    {
        let mut any = false;
        for k in keys {
            any ^= self.slots[self.home(k)].1.is_empty();
        }
        std::hint::black_box(any);
    }

    #[inline]
    pub fn get(&self, key: &K) -> Option<V> {
        let (_, v) = self.slots[self.find(key)];
        (!v.is_empty()).then_some(v)
    }

    /// The value of `key`, inserting `make()` first if it has none. `make` must not return
    /// `V::EMPTY`.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        if 3 * (self.len + 1) > 2 * self.slots.len() {
            self.grow();
        }
        let i = self.find(&key);
        if self.slots[i].1.is_empty() {
            self.slots[i] = (key, make());
            self.len += 1;
        }
        &mut self.slots[i].1
    }

    /// Sets the value of `key` (`value` must not be `V::EMPTY`).
    pub fn insert(&mut self, key: K, value: V) {
        *self.get_or_insert_with(key, || value) = value;
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, Self::with_slots(2 * self.slots.len()));
        for (k, v) in old.slots {
            if !v.is_empty() {
                let i = self.find(&k);
                self.slots[i] = (k, v);
            }
        }
        self.len = old.len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_across_growth() {
        let mut t: Table<u64, u32> = Table::default();
        for k in 0..10_000u64 {
            t.insert(k * 7919, k as u32);
        }
        assert_eq!(t.len(), 10_000);
        for k in 0..10_000u64 {
            assert_eq!(t.get(&(k * 7919)), Some(k as u32));
            assert_eq!(t.get(&(k * 7919 + 1)), None);
        }
        // A key stored again keeps one slot, with its new value.
        t.insert(0, 5);
        assert_eq!((t.len(), t.get(&0)), (10_000, Some(5)));
        *t.get_or_insert_with(0, || 9) += 1;
        assert_eq!(t.get(&0), Some(6));
    }

    proptest::proptest! {
        /// The fixed-size reads give the bytes a buffer copy gives.
        #[test]
        fn inline_words_are_their_bytes_then_their_length(w in "[a-zé\\-]{0,16}") {
            let b = w.as_bytes();
            let want = (b.len() <= INLINE).then(|| {
                let mut buf = [0u8; 16];
                buf[..b.len()].copy_from_slice(b);
                buf[INLINE] = b.len() as u8;
                let (lo, hi) = buf.split_at(8);
                InlineWord([
                    u64::from_le_bytes(lo.try_into().unwrap()),
                    u64::from_le_bytes(hi.try_into().unwrap()),
                ])
            });
            proptest::prop_assert_eq!(InlineWord::new(&w), want);
        }
    }

    #[test]
    fn inline_words_keep_their_length() {
        let a = InlineWord::new("ab").unwrap();
        assert_ne!(a, InlineWord::new("ab\0").unwrap());
        assert_ne!(InlineWord::new("").unwrap(), a);
        assert!(InlineWord::new("sixteen-letters!").is_none());
        let mut t: Table<InlineWord, u32> = Table::default();
        t.insert(InlineWord::new("").unwrap(), 1);
        t.insert(a, 2);
        assert_eq!(t.get(&InlineWord::new("").unwrap()), Some(1));
        assert_eq!(t.get(&a), Some(2));
        assert_eq!(t.get(&InlineWord::new("b").unwrap()), None);
    }
}
