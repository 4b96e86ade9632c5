//! Examples per class of each label set, and the warning about rare classes: what
//! `stancer train` prints before it fits, and the Python package's `train` warns about,
//! from one place.

use std::collections::BTreeMap;

use super::{AllowedLabels, LabeledCorpus};

/// Fewer examples of a class than this are warned about: too few to learn from, and
/// often a typo in the labels (which `--any-labels` accepts as a class of its own).
pub const FEW_EXAMPLES: usize = 5;

/// Examples per class of one label set (`stance`, `frame` or `article`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCounts {
    pub name: &'static str,
    pub counts: BTreeMap<String, usize>,
}

impl ClassCounts {
    /// `stance classes: georgian 15, neutral_wire 155, ...`
    pub fn line(&self) -> String {
        let listed: Vec<String> = self
            .counts
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        format!("{} classes: {}", self.name, listed.join(", "))
    }

    /// One warning per class with fewer than [`FEW_EXAMPLES`] examples; a label of the
    /// run's label set without any is a class the model can never predict; and one per
    /// set of classes whose labels differ only in spelling (see `Self::spellings`).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = self.rare();
        out.extend(self.spellings());
        out
    }

    /// Classes whose labels are one label spelled two ways, differing only in case or in
    /// `_`, `-` and spaces (`Neutral_wire` and `neutral_wire`): `--any-labels` takes each
    /// for a class, and with 5 examples or more of each nothing else would say so.
    fn spellings(&self) -> Vec<String> {
        let key = |l: &str| -> String {
            l.chars()
                .filter(|c| !matches!(c, '_' | '-' | ' '))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let mut by_key: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
        for (l, n) in self.counts.iter().filter(|(_, n)| **n > 0) {
            by_key.entry(key(l)).or_default().push((l, *n));
        }
        by_key
            .values()
            .filter(|ls| ls.len() > 1)
            .map(|ls| {
                let named: Vec<String> = ls.iter().map(|(l, n)| format!("`{l}` ({n})")).collect();
                let (last, rest) = named.split_last().expect("two or more");
                format!(
                    "{} classes {} and {last} differ only in case or in `_`, `-` and spaces: \
                     the model learns them as separate classes; expected one spelling of each label",
                    self.name,
                    rest.join(", ")
                )
            })
            .collect()
    }

    fn rare(&self) -> Vec<String> {
        self.counts
            .iter()
            .filter(|(_, n)| **n < FEW_EXAMPLES)
            .map(|(l, n)| match n {
                0 => format!(
                    "{} class `{l}` has no example: the model cannot predict it (it has only \
                     the classes the data holds); expected examples of every label of the \
                     label set, or a label set without `{l}`",
                    self.name
                ),
                n => format!(
                    "{} class `{l}` has {n} example{} (fewer than {FEW_EXAMPLES}): too few to \
                     learn from; a typo in the labels?",
                    self.name,
                    if *n == 1 { "" } else { "s" }
                ),
            })
            .collect()
    }
}

impl LabeledCorpus {
    /// Examples per class: stance, frame (when the data has frames) and, with article
    /// labels, the article stance of the groups that have one. A stance or frame label of
    /// `allowed` (`--labels`, or the guide's sets) that no sentence carries is counted 0:
    /// the model would not have that class, and nothing said so.
    pub fn class_counts(
        &self,
        doc_labels: Option<&BTreeMap<String, String>>,
        allowed: &AllowedLabels,
    ) -> Vec<ClassCounts> {
        let count = |labels: &mut dyn Iterator<Item = &str>, allowed: Option<&[String]>| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for l in allowed.into_iter().flatten() {
                counts.insert(l.clone(), 0);
            }
            for l in labels {
                *counts.entry(l.to_string()).or_default() += 1;
            }
            counts
        };
        let mut sets = vec![ClassCounts {
            name: "stance",
            counts: count(
                &mut self.sentences().map(|s| s.stance),
                allowed.stance.as_deref(),
            ),
        }];
        if self.has_frames() {
            sets.push(ClassCounts {
                name: "frame",
                counts: count(
                    &mut self.sentences().filter_map(|s| s.frame),
                    allowed.frame.as_deref(),
                ),
            });
        }
        if let Some(docs) = doc_labels {
            // (That each is a sentence label is checked where they are read.)
            let groups = self.groups();
            sets.push(ClassCounts {
                name: "article",
                counts: count(
                    &mut groups
                        .iter()
                        .filter_map(|g| docs.get(*g).map(String::as_str)),
                    None,
                ),
            });
        }
        sets
    }
}
