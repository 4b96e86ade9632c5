//! Compact storage for the rows of a labeled corpus: every text in one buffer, and each
//! column of repeating values (labels, document ids) as small ids into its distinct values.
//!
//! A `String` per field per row costs a 24-byte header plus a heap block of at least 32
//! bytes (an 8-byte document id included), and a million of them fragment the heap so that
//! freeing them gives little back to the OS. For 800k labeled sentences that was ~470 MB
//! resident for ~140 MB of text; stored this way it is the text plus ~30 bytes a row.

use crate::features::fxhash::FxHashMap;

/// Texts back to back in one `String`, each found by where it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextArena {
    buf: String,
    /// Text `i` is `buf[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<usize>,
}

impl TextArena {
    /// An empty arena with room for `bytes` of text, to grow without copying when the size
    /// is known (the length of the file the texts come from).
    pub fn with_capacity(bytes: usize) -> Self {
        TextArena {
            buf: String::with_capacity(bytes),
            ends: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Text `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// The texts in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Appends one text.
    pub fn push(&mut self, text: &str) {
        self.buf.push_str(text);
        self.ends.push(self.buf.len());
    }

    /// Appends one text made of `parts` with `separator` between them.
    pub fn push_joined<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>, separator: &str) {
        for (k, part) in parts.into_iter().enumerate() {
            if k > 0 {
                self.buf.push_str(separator);
            }
            self.buf.push_str(part);
        }
        self.ends.push(self.buf.len());
    }

    /// Gives back the room reserved beyond what the texts use.
    pub fn shrink_to_fit(&mut self) {
        self.buf.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// The id of a row without a value.
const ABSENT: u32 = u32::MAX;

/// A column of values that repeat (labels, document ids): each distinct value stored once,
/// in the order rows first hold it, and a `u32` per row. A row may hold no value (a frame
/// column that one of several files lacks).
///
/// Every stored value is held by at least one row, so [`values`](Self::values) is the
/// distinct values in first-seen order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interned {
    values: Vec<String>,
    ids: Vec<u32>,
}

impl Interned {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The value of row `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        match self.ids[i] {
            ABSENT => None,
            id => Some(self.values[id as usize].as_str()),
        }
    }

    /// The distinct values, in the order rows first hold them.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// The value of every row, absent ones as `""` (for columns known to be complete).
    pub fn refs(&self) -> Vec<&str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or("")).collect()
    }

    /// Whether there are rows and every one of them holds a value.
    pub fn is_complete(&self) -> bool {
        !self.ids.is_empty() && !self.ids.contains(&ABSENT)
    }

    /// The rows `idx`, in that order (repeats allowed).
    pub fn subset(&self, idx: &[usize]) -> Interned {
        let mut remap = vec![ABSENT; self.values.len()];
        let mut values = Vec::new();
        let ids = idx
            .iter()
            .map(|&i| match self.ids[i] {
                ABSENT => ABSENT,
                id => {
                    let new = &mut remap[id as usize];
                    if *new == ABSENT {
                        *new = values.len() as u32;
                        values.push(self.values[id as usize].clone());
                    }
                    *new
                }
            })
            .collect();
        Interned { values, ids }
    }

    /// `self`'s rows, then `other`'s.
    pub fn concat(&self, other: &Interned) -> Interned {
        let mut out = InternedBuilder::default();
        for column in [self, other] {
            for i in 0..column.len() {
                out.push_option(column.get(i));
            }
        }
        out.finish()
    }
}

/// Builds an [`Interned`] column row by row.
#[derive(Debug, Default)]
pub struct InternedBuilder {
    column: Interned,
    lookup: FxHashMap<String, u32>,
}

impl InternedBuilder {
    /// Appends a row holding `value`; its id, the same for equal values.
    pub fn push(&mut self, value: &str) -> u32 {
        let id = match self.lookup.get(value) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.column.values.len())
                    .ok()
                    .filter(|&id| id != ABSENT)
                    .expect("fewer than 2^32 - 1 distinct values in a column");
                self.column.values.push(value.to_string());
                self.lookup.insert(value.to_string(), id);
                id
            }
        };
        self.column.ids.push(id);
        id
    }

    /// Whether some row holds `value`.
    pub fn contains(&self, value: &str) -> bool {
        self.lookup.contains_key(value)
    }

    /// Appends a row holding `value`, or no value.
    pub fn push_option(&mut self, value: Option<&str>) {
        match value {
            Some(v) => {
                self.push(v);
            }
            None => self.column.ids.push(ABSENT),
        }
    }

    pub fn finish(mut self) -> Interned {
        self.column.ids.shrink_to_fit();
        self.column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_keeps_texts_apart_and_joins_parts() {
        let mut a = TextArena::with_capacity(4);
        a.push("one");
        a.push("");
        a.push_joined(["a", "b", "c"], " | ");
        a.push("é");
        a.shrink_to_fit();
        assert_eq!(a.len(), 4);
        assert_eq!(a.iter().collect::<Vec<_>>(), ["one", "", "a | b | c", "é"]);
        assert_eq!(a.get(2), "a | b | c");
    }

    fn column(values: &[Option<&str>]) -> Interned {
        let mut b = InternedBuilder::default();
        for v in values {
            b.push_option(*v);
        }
        b.finish()
    }

    fn rows(c: &Interned) -> Vec<Option<&str>> {
        (0..c.len()).map(|i| c.get(i)).collect()
    }

    #[test]
    fn interned_values_are_first_seen_and_ids_shared() {
        let mut b = InternedBuilder::default();
        assert_eq!(b.push("b"), 0);
        assert_eq!(b.push("a"), 1);
        b.push_option(None);
        assert_eq!(b.push("b"), 0);
        let c = b.finish();
        assert_eq!(c.values(), ["b", "a"]);
        assert_eq!(rows(&c), [Some("b"), Some("a"), None, Some("b")]);
        assert!(!c.is_complete());
        assert_eq!(c.refs(), ["b", "a", "", "b"]);
    }

    #[test]
    fn subset_and_concat_keep_rows_and_first_seen_order() {
        let c = column(&[Some("x"), Some("y"), None, Some("z"), Some("x")]);
        let s = c.subset(&[3, 0, 3, 2]);
        assert_eq!(rows(&s), [Some("z"), Some("x"), Some("z"), None]);
        assert_eq!(s.values(), ["z", "x"]);
        let d = column(&[Some("w"), Some("x")]);
        let both = s.concat(&d);
        assert_eq!(
            rows(&both),
            [Some("z"), Some("x"), Some("z"), None, Some("w"), Some("x")]
        );
        assert_eq!(both.values(), ["z", "x", "w"]);
        assert!(column(&[Some("a")]).is_complete());
        assert!(!Interned::default().is_complete());
    }
}
