//! The frame lexicon: which words and phrases carry a frame or signal a side.
//!
//! Loaded from `labels/frame_terms.csv` (`term,frame,note`, the note opening with
//! `stance:<label>`) and stored inside every model, so that a shipped model tags the same
//! terms wherever it runs, with no `labels/` folder beside it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fxhash::FxHashMap;
use super::ngram_index::Derived;
use crate::data::LineCounter;
use crate::error::{Result, StancerError};
use crate::text::Tokenizer;

pub const FRAMES: [&str; 3] = ["independent", "none", "occupied"];
pub const STANCES: [&str; 3] = ["georgian", "neutral_wire", "pro_tskhinvali"];

/// When a lexicon row counts as a hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// Wherever it stands (the scare-quote and voice rules still apply).
    #[default]
    Term,
    /// Only in scare quotes: “elections”, “president”, “embassy” distance the writer from
    /// an institution, while the plain word is no marker at all.
    ScareOnly,
    /// A name or descriptor the writer chooses for a place, an office or an authority
    /// ("Tskhinvali region", "Republic of Abkhazia", "de facto authorities", "separatist
    /// leadership"): the outlet's own word even inside a report ("according to the de
    /// facto authorities", "rights groups accused separatist militias of ..."), so only
    /// quotation marks make it someone else's.
    Naming,
    /// The surname of a de facto official: a hit only behind a plain title ("President
    /// Anatoly Bibilov", "Foreign Minister Kove") with no qualifier such as "de facto" or
    /// "breakaway" before it. The guide's "plain title" marker, for every official rather
    /// than for the few the phrase rows name.
    Person,
}

impl TermKind {
    fn is_term(&self) -> bool {
        *self == TermKind::Term
    }

    /// Whether a report ("X says ...") leaves the term in the outlet's voice.
    pub fn is_name(&self) -> bool {
        matches!(self, TermKind::Naming | TermKind::Person)
    }
}

/// One lexicon row: the term, the frame it carries and the side it signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    pub term: String,
    pub frame: String,
    pub stance: String,
    #[serde(default, skip_serializing_if = "TermKind::is_term")]
    pub kind: TermKind,
    /// The term as lowercase tokens, the unit the tagger matches on.
    #[serde(skip)]
    pub tokens: Vec<String>,
}

/// The frame lexicon, longest terms first so the tagger prefers "occupation line" over
/// "occupation".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    entries: Vec<LexiconEntry>,
    /// The entries (indices, in match order) by their first token: a text none of whose
    /// tokens is a key holds no term, and the tagger tries only these entries at a token.
    #[serde(skip)]
    by_first_token: Derived<FxHashMap<String, Vec<usize>>>,
}

#[derive(Deserialize)]
struct Row {
    term: String,
    frame: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    kind: Option<TermKind>,
}

impl Lexicon {
    /// Builds a lexicon from entries, computing token forms and match order.
    pub fn new(entries: Vec<LexiconEntry>) -> Self {
        let tokenizer = Tokenizer::new(false);
        let mut entries: Vec<LexiconEntry> = entries
            .into_iter()
            .map(|mut e| {
                e.tokens = tokenizer
                    .tokenize(&e.term)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                e
            })
            .filter(|e| !e.tokens.is_empty())
            .collect();
        entries.sort_by(|a, b| {
            b.tokens
                .len()
                .cmp(&a.tokens.len())
                .then_with(|| a.term.cmp(&b.term))
        });
        entries.dedup_by(|a, b| a.tokens == b.tokens);
        let mut by_first_token: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, e) in entries.iter().enumerate() {
            by_first_token
                .entry(e.tokens[0].clone())
                .or_default()
                .push(i);
        }
        Lexicon {
            entries,
            by_first_token: Derived(by_first_token),
        }
    }

    /// Reads `term,frame,note` rows; the note's leading `stance:<label>` names the side.
    pub fn from_csv(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
        Self::from_csv_bytes(path, &bytes)
    }

    /// The guide's lexicon (`labels/frame_terms.csv`), built into the library so that a
    /// model can be trained with it from any folder.
    pub fn guide() -> Self {
        let name = Path::new(crate::shipped::LEXICON_NAME);
        // Checked by a unit test: the shipped file parses.
        Self::from_csv_bytes(name, crate::shipped::LEXICON_CSV.as_bytes()).unwrap_or_default()
    }

    /// [`from_csv`](Self::from_csv) on the file's bytes; `path` names it in errors. A row
    /// that could match nothing, a term given twice with different meanings, and a file
    /// without rows are errors: the tagger would drop the first, keep one of the second
    /// silently, and tag nothing with the third.
    fn from_csv_bytes(path: &Path, bytes: &[u8]) -> Result<Self> {
        let mut reader = csv::Reader::from_reader(bytes);
        let lines = LineCounter::new(bytes);
        let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let tokenizer = Tokenizer::new(false);
        // Token form → (line, term, frame, stance, kind) of its first row.
        let mut seen: FxHashMap<Vec<String>, (u64, LexiconEntry)> = FxHashMap::default();
        let mut entries = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| csv_error(path, e))?;
            let line = record
                .position()
                .map_or(i as u64 + 2, |p| lines.line_at(p.byte()));
            let row: Row = record
                .deserialize(Some(&headers))
                .map_err(|e| csv_error(path, e))?;
            let bad = |message: String| StancerError::Input {
                path: path.into(),
                line,
                message,
            };
            if !FRAMES.contains(&row.frame.as_str()) {
                return Err(StancerError::UnknownLabel {
                    path: path.into(),
                    line,
                    column: "frame".into(),
                    label: row.frame,
                    allowed: FRAMES.join(", "),
                });
            }
            let stance = row
                .note
                .split_whitespace()
                .next()
                .and_then(|w| w.strip_prefix("stance:"))
                .map(str::to_string)
                .unwrap_or_else(|| default_stance(&row.frame).to_string());
            if !STANCES.contains(&stance.as_str()) {
                return Err(StancerError::UnknownLabel {
                    path: path.into(),
                    line,
                    column: "note (stance:...)".into(),
                    label: stance,
                    allowed: STANCES.join(", "),
                });
            }
            if row.term.trim().is_empty() {
                return Err(bad("empty term; expected a word or phrase".into()));
            }
            let tokens: Vec<String> = tokenizer
                .tokenize(&row.term)
                .into_iter()
                .map(|t| t.text)
                .collect();
            if tokens.is_empty() {
                return Err(bad(format!(
                    "term `{}` has no words to match; expected a word or phrase",
                    row.term
                )));
            }
            let entry = LexiconEntry {
                term: row.term,
                frame: row.frame,
                stance,
                kind: row.kind.unwrap_or_default(),
                tokens: Vec::new(),
            };
            if let Some((first, was)) = seen.get(&tokens) {
                let differs = [
                    ("frame", &entry.frame, &was.frame),
                    ("stance", &entry.stance, &was.stance),
                ]
                .into_iter()
                .find(|(_, a, b)| a != b)
                .map(|(what, a, b)| format!("{what} `{a}` instead of `{b}`"))
                .or_else(|| {
                    (entry.kind != was.kind)
                        .then(|| format!("kind {:?} instead of {:?}", entry.kind, was.kind))
                });
                if let Some(d) = differs {
                    return Err(bad(format!(
                        "term `{}` is `{}` again (line {first}) with {d}; expected one meaning \
                         per term",
                        entry.term, was.term
                    )));
                }
            } else {
                seen.insert(tokens, (line, entry.clone()));
            }
            entries.push(entry);
        }
        if entries.is_empty() {
            return Err(StancerError::DataFile {
                path: path.into(),
                message: "the lexicon has no rows; expected `term,frame,note` rows".into(),
            });
        }
        Ok(Lexicon::new(entries))
    }

    pub fn entries(&self) -> &[LexiconEntry] {
        &self.entries
    }

    /// Whether a term may start with the (lowercase, unstemmed) token `w`. Conservative:
    /// true before [`rebuild`](Self::rebuild) has restored the token forms.
    #[inline]
    pub fn may_start_term(&self, w: &str) -> bool {
        if self.by_first_token.0.is_empty() {
            return !self.entries.is_empty();
        }
        self.by_first_token.0.contains_key(w)
    }

    /// The first tokens of the terms (empty before [`rebuild`](Self::rebuild)).
    pub fn first_tokens(&self) -> impl Iterator<Item = &str> {
        self.by_first_token.0.keys().map(String::as_str)
    }

    /// Whether the token forms are in place (always, except on a deserialized lexicon
    /// before [`rebuild`](Self::rebuild)).
    pub fn is_indexed(&self) -> bool {
        self.entries.is_empty() || !self.by_first_token.0.is_empty()
    }

    /// The indices of the entries whose first token is `w`, in match order; `None` before
    /// [`rebuild`](Self::rebuild) (callers then try every entry).
    pub fn starting_with(&self, w: &str) -> Option<&[usize]> {
        if self.by_first_token.0.is_empty() && !self.entries.is_empty() {
            return None;
        }
        Some(self.by_first_token.0.get(w).map_or(&[], Vec::as_slice))
    }

    /// Whether the lowercase token `w` is a person entry's whole term (a de facto
    /// official's surname), looked up by its first token rather than by scanning the
    /// entries, since the topic gate asks it of every word of an article.
    pub fn is_person_name(&self, w: &str) -> bool {
        match self.starting_with(w) {
            Some(ix) => ix
                .iter()
                .map(|&i| &self.entries[i])
                .any(|e| e.kind == TermKind::Person && e.tokens.len() == 1 && e.tokens[0] == w),
            None => self
                .entries
                .iter()
                .any(|e| e.kind == TermKind::Person && e.term.eq_ignore_ascii_case(w)),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Restores the token forms after deserialization (they are not stored).
    pub fn rebuild(self) -> Self {
        Lexicon::new(self.entries)
    }
}

fn default_stance(frame: &str) -> &'static str {
    match frame {
        "occupied" => "georgian",
        "independent" => "pro_tskhinvali",
        _ => "neutral_wire",
    }
}

pub(crate) fn csv_error(path: &Path, e: csv::Error) -> StancerError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => StancerError::io(path, io),
        kind => StancerError::Input {
            path: path.into(),
            line,
            message: describe_csv_kind(kind),
        },
    }
}

fn describe_csv_kind(kind: csv::ErrorKind) -> String {
    match kind {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "invalid UTF-8 in field {} at byte {} of the field",
            err.field() + 1,
            err.valid_up_to()
        ),
        csv::ErrorKind::Deserialize { err, .. } => format!("{err}"),
        other => format!("{other:?}"),
    }
}
