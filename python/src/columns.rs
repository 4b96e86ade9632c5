//! Scored articles as Arrow columns: plain buffers (offsets, values, validity bitmaps)
//! built in Rust without the GIL, which the Python side wraps with `pyarrow` without
//! copying them again. The same columns become a pandas or polars frame, a Spark Arrow
//! batch, or rows of dicts.

mod col;

use col::{term_list, CharOffsets, Col};
use pyo3::prelude::*;
use stancer::features::FrameHit;
use stancer::model::{SentencePrediction, StanceModel};
use stancer::score::{Level, Scored};

/// What one input record became: scored, or an error message.
pub enum Outcome {
    Scored(Scored),
    Error(String),
}

/// What a column of the output table holds.
#[derive(Clone, Copy)]
enum Role {
    Row,
    DocId,
    SentId,
    Start,
    End,
    CharStart,
    CharEnd,
    Text,
    NSentences,
    Stance,
    StanceProb(usize),
    Frame,
    FrameProb(usize),
    Terms,
    Status,
    Error,
    Model,
}

/// The output table of one scoring call, with the CLI's columns and the input position of
/// each row (`row`, used to carry columns through).
pub struct Table<'m> {
    level: Level,
    columns: Vec<(String, Role, Col)>,
    rows: usize,
    /// The model's id, written in every row as the CLI does.
    model_id: &'m str,
}

/// One output row's values.
struct RowValues<'a, I> {
    row: usize,
    id: &'a str,
    sentence: Option<&'a SentencePrediction>,
    n_sentences: Option<usize>,
    stance: &'a str,
    probs: &'a [f64],
    frame: Option<(&'a str, &'a [f64])>,
    terms: I,
}

impl<'m> Table<'m> {
    pub fn new(model: &StanceModel, model_id: &'m str, level: Level) -> Self {
        let mut columns: Vec<(String, Role, Col)> = vec![
            ("row".into(), Role::Row, Col::i64()),
            ("doc_id".into(), Role::DocId, Col::str()),
        ];
        let mut add = |name: &str, role: Role, col: Col| columns.push((name.into(), role, col));
        match level {
            Level::Sentence => {
                add("sent_id", Role::SentId, Col::i64());
                add("start", Role::Start, Col::i64());
                add("end", Role::End, Col::i64());
                add("start_char", Role::CharStart, Col::i64());
                add("end_char", Role::CharEnd, Col::i64());
                add("text", Role::Text, Col::str());
            }
            Level::Document => add("n_sentences", Role::NSentences, Col::i64()),
        }
        add("stance", Role::Stance, Col::str());
        for (i, l) in model.stance_labels().iter().enumerate() {
            add(&format!("p_{l}"), Role::StanceProb(i), Col::f64());
        }
        if let (Some(labels), Level::Sentence) = (model.frame_labels(), level) {
            add("frame", Role::Frame, Col::str());
            for (i, l) in labels.iter().enumerate() {
                add(&format!("p_frame_{l}"), Role::FrameProb(i), Col::f64());
            }
        }
        add("frame_terms", Role::Terms, term_list());
        add("status", Role::Status, Col::str());
        add("error", Role::Error, Col::str());
        add("model", Role::Model, Col::str());
        Table {
            level,
            columns,
            rows: 0,
            model_id,
        }
    }

    /// Appends the rows of input record `row` (`text` is what was scored).
    pub fn push(&mut self, row: usize, id: &str, text: &str, outcome: &Outcome) {
        let chars = CharOffsets::new(text);
        match (outcome, self.level) {
            (Outcome::Error(message), _) => self.error_row(row, id, message),
            (Outcome::Scored(Scored::Document(d)), Level::Document) => self.fill(
                RowValues {
                    row,
                    id,
                    sentence: None,
                    n_sentences: Some(d.sentences.len()),
                    stance: &d.stance,
                    probs: &d.stance_probs,
                    frame: None,
                    terms: d.sentences.iter().flat_map(|s| s.terms.iter()),
                },
                &chars,
            ),
            (Outcome::Scored(scored), _) => {
                for s in scored.sentences() {
                    self.fill(
                        RowValues {
                            row,
                            id,
                            sentence: Some(s),
                            n_sentences: None,
                            stance: &s.stance,
                            probs: &s.stance_probs,
                            frame: s.frame.as_deref().zip(s.frame_probs.as_deref()),
                            terms: s.terms.iter(),
                        },
                        &chars,
                    );
                }
            }
        }
    }

    fn fill<'h, I: Iterator<Item = &'h FrameHit>>(
        &mut self,
        v: RowValues<'_, I>,
        chars: &CharOffsets,
    ) {
        self.rows += 1;
        let s = v.sentence;
        let mut terms = Some(v.terms);
        for (_, role, col) in self.columns.iter_mut() {
            match *role {
                Role::Row => col.push_i64(Some(v.row as i64)),
                Role::DocId => col.push_str(Some(v.id)),
                Role::SentId => col.push_i64(s.map(|s| s.sent_id as i64)),
                Role::Start => col.push_i64(s.map(|s| s.start as i64)),
                Role::End => col.push_i64(s.map(|s| s.end as i64)),
                Role::CharStart => col.push_i64(s.map(|s| chars.at(s.start))),
                Role::CharEnd => col.push_i64(s.map(|s| chars.at(s.end))),
                Role::Text => col.push_str(s.map(|s| s.text.as_str())),
                Role::NSentences => col.push_i64(v.n_sentences.map(|n| n as i64)),
                Role::Stance => col.push_str(Some(v.stance)),
                Role::StanceProb(i) => col.push_f64(v.probs.get(i).copied()),
                Role::Frame => col.push_str(v.frame.map(|f| f.0)),
                Role::FrameProb(i) => col.push_f64(v.frame.and_then(|f| f.1.get(i)).copied()),
                Role::Terms => {
                    if let Some(t) = terms.take() {
                        col.push_terms(t, chars);
                    }
                }
                Role::Status => col.push_str(Some("ok")),
                Role::Error => col.push_str(None),
                Role::Model => col.push_str(Some(self.model_id)),
            }
        }
    }

    fn error_row(&mut self, row: usize, id: &str, message: &str) {
        self.rows += 1;
        let empty = CharOffsets::new("");
        for (_, role, col) in self.columns.iter_mut() {
            match *role {
                Role::Row => col.push_i64(Some(row as i64)),
                Role::DocId => col.push_str(Some(id)),
                Role::Status => col.push_str(Some("error")),
                Role::Error => col.push_str(Some(message)),
                Role::Model => col.push_str(Some(self.model_id)),
                Role::Terms => col.push_terms(std::iter::empty(), &empty),
                _ => match col {
                    Col::Str { .. } => col.push_str(None),
                    Col::I64 { .. } => col.push_i64(None),
                    Col::F64 { .. } => col.push_f64(None),
                    _ => {}
                },
            }
        }
    }

    /// The columns for the Python side (`stancer._arrow`), in order.
    pub fn into_py(self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        let rows = self.rows;
        self.columns
            .into_iter()
            .map(|(name, _, col)| col.into_py(py, &name, rows))
            .collect()
    }
}
