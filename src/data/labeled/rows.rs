//! The corpus's storage: one column per field, texts in one buffer and labels as small ids,
//! built as the files are read and sliced or joined without re-reading them.
//!
//! Which rows are a quotation's middle is found once, when reading ends, because it needs
//! each article's consecutive rows as the file had them; subsets and joins carry it along.

use std::path::PathBuf;

use super::seen::SeenRows;
use crate::data::store::{Interned, InternedBuilder, TextArena};
use crate::features::fxhash::FxHashMap;
use crate::text::quotes::quotation_middles;

/// The columns of a corpus, one entry per row in each. The group, split and stance
/// columns hold a value in every row.
#[derive(Debug, Clone, Default)]
pub(super) struct Rows {
    pub(super) texts: TextArena,
    pub(super) group: Interned,
    pub(super) split: Interned,
    pub(super) stance: Interned,
    pub(super) frame: Interned,
    pub(super) per_group: Interned,
    /// Per row: a quotation's middle sentence ([`quotation_middles`]), found among the
    /// consecutive rows of its group as the file has them, and kept through subsets.
    pub(super) in_quotation: Vec<bool>,
}

impl Rows {
    pub(super) fn subset(&self, idx: &[usize]) -> Rows {
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

    pub(super) fn concat(&self, other: &Rows) -> Rows {
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
    pub(super) seen: SeenRows,
    pub(super) sources: Vec<PathBuf>,
    pub(super) texts: TextArena,
    pub(super) group: InternedBuilder,
    pub(super) split: InternedBuilder,
    pub(super) stance: InternedBuilder,
    pub(super) frame: InternedBuilder,
    pub(super) per_group: InternedBuilder,
    /// Group values with spaces around them, by their trimmed value.
    spaced_groups: FxHashMap<String, String>,
    /// Groups that differ from another only by spaces around one of them: how many, and
    /// the first (file index, line, the value, the other value).
    spacing: (usize, Option<(u32, u64, String, String)>),
}

impl RowsBuilder {
    pub(super) fn len(&self) -> usize {
        self.texts.len()
    }

    /// Appends a row's group, noting a new value that differs from an earlier one only by
    /// spaces around it (labels are trimmed, group ids are read as written: `d1` and `d1 `
    /// are two articles, which a split may put on both sides).
    pub(super) fn push_group(&mut self, group: &str, file: u32, line: u64) -> u32 {
        let new = !self.group.contains(group);
        let id = self.group.push(group);
        if !new {
            return id;
        }
        let trimmed = group.trim();
        let other = if trimmed != group {
            if self.group.contains(trimmed) {
                Some(trimmed.to_string())
            } else {
                match self.spaced_groups.get(trimmed) {
                    Some(o) => Some(o.clone()),
                    None => {
                        self.spaced_groups
                            .insert(trimmed.to_string(), group.to_string());
                        None
                    }
                }
            }
        } else {
            self.spaced_groups.get(group).cloned()
        };
        if let Some(other) = other {
            self.spacing.0 += 1;
            if self.spacing.1.is_none() {
                self.spacing.1 = Some((file, line, group.to_string(), other));
            }
        }
        id
    }

    /// The warning about groups that differ only by spaces around them, if any.
    pub(super) fn spacing_warning(&self, column: &str) -> Option<String> {
        let (n, Some((file, line, value, other))) = &self.spacing else {
            return None;
        };
        let path = self
            .sources
            .get(*file as usize)
            .map_or(String::new(), |p| p.display().to_string());
        Some(format!(
            "{path}: line {line}: group `{value}` differs from `{other}` only by spaces around \
             it ({n} such group(s) in column `{column}`; this is the first): they are read as \
             two articles, which a split may put on both sides and the article level reads \
             apart; expected one id per article (remove the spaces)"
        ))
    }

    pub(super) fn finish(mut self) -> Rows {
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
