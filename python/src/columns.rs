//! Scored articles as Arrow columns: plain buffers (offsets, values, validity bitmaps)
//! built in Rust without the GIL, which the Python side wraps with `pyarrow` without
//! copying them again. The same columns become a pandas or polars frame, a Spark Arrow
//! batch, or rows of dicts.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use stancer::features::FrameHit;
use stancer::model::{SentencePrediction, StanceModel};
use stancer::score::{Level, Scored};

/// Which rows are present; empty until the first null, so a column without nulls carries
/// no bitmap.
#[derive(Default)]
struct Validity {
    bits: Vec<bool>,
    has_null: bool,
}

impl Validity {
    fn push(&mut self, valid: bool) {
        self.bits.push(valid);
        self.has_null |= !valid;
    }

    fn bitmap(&self) -> Option<Vec<u8>> {
        self.has_null.then(|| bitmap(&self.bits))
    }
}

/// Arrow's bit-packed booleans (least significant bit first).
fn bitmap(bits: &[bool]) -> Vec<u8> {
    let mut out = vec![0u8; bits.len().div_ceil(8)];
    for (i, &b) in bits.iter().enumerate() {
        if b {
            out[i / 8] |= 1 << (i % 8);
        }
    }
    out
}

/// One Arrow column under construction.
enum Col {
    Str {
        offsets: Vec<i64>,
        data: Vec<u8>,
        valid: Validity,
    },
    I64 {
        data: Vec<i64>,
        valid: Validity,
    },
    F64 {
        data: Vec<f64>,
        valid: Validity,
    },
    Bool {
        data: Vec<bool>,
    },
    /// A list of structs per row (the frame terms).
    List {
        offsets: Vec<i64>,
        fields: Vec<(String, Col)>,
    },
}

impl Col {
    fn str() -> Col {
        Col::Str {
            offsets: vec![0],
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    fn i64() -> Col {
        Col::I64 {
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    fn f64() -> Col {
        Col::F64 {
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    fn push_str(&mut self, v: Option<&str>) {
        if let Col::Str {
            offsets,
            data,
            valid,
        } = self
        {
            data.extend_from_slice(v.unwrap_or("").as_bytes());
            offsets.push(data.len() as i64);
            valid.push(v.is_some());
        }
    }

    fn push_i64(&mut self, v: Option<i64>) {
        if let Col::I64 { data, valid } = self {
            data.push(v.unwrap_or(0));
            valid.push(v.is_some());
        }
    }

    fn push_f64(&mut self, v: Option<f64>) {
        if let Col::F64 { data, valid } = self {
            data.push(v.unwrap_or(f64::NAN));
            valid.push(v.is_some());
        }
    }

    fn push_bool(&mut self, v: bool) {
        if let Col::Bool { data } = self {
            data.push(v);
        }
    }

    /// `(kind, buffers, children)` for the Python side: kinds are `str` / `large_str`
    /// (validity, offsets, data), `i64` / `f64` (validity, values), `bool` (None, bits),
    /// `list` (None, offsets) with `(name, kind, buffers, children)` per struct field.
    fn into_py(self, py: Python<'_>, name: &str, len: usize) -> PyResult<Py<PyAny>> {
        let bytes = |b: &[u8]| PyBytes::new(py, b).into_any().unbind();
        let opt = |b: Option<Vec<u8>>| match b {
            Some(b) => bytes(&b),
            None => py.None(),
        };
        let (kind, buffers, children): (&str, Vec<Py<PyAny>>, Vec<Py<PyAny>>) = match self {
            Col::Str {
                offsets,
                data,
                valid,
            } => {
                let (kind, offsets) = offset_bytes(&offsets, data.len());
                (
                    kind,
                    vec![opt(valid.bitmap()), bytes(&offsets), bytes(&data)],
                    vec![],
                )
            }
            Col::I64 { data, valid } => {
                let values: Vec<u8> = data.iter().flat_map(|v| v.to_le_bytes()).collect();
                ("i64", vec![opt(valid.bitmap()), bytes(&values)], vec![])
            }
            Col::F64 { data, valid } => {
                let values: Vec<u8> = data.iter().flat_map(|v| v.to_le_bytes()).collect();
                ("f64", vec![opt(valid.bitmap()), bytes(&values)], vec![])
            }
            Col::Bool { data } => ("bool", vec![py.None(), bytes(&bitmap(&data))], vec![]),
            Col::List { offsets, fields } => {
                let n = offsets.last().copied().unwrap_or(0) as usize;
                let offsets: Vec<u8> = offsets
                    .iter()
                    .flat_map(|&v| (v as i32).to_le_bytes())
                    .collect();
                let children = fields
                    .into_iter()
                    .map(|(name, col)| col.into_py(py, &name, n))
                    .collect::<PyResult<Vec<_>>>()?;
                ("list", vec![py.None(), bytes(&offsets)], children)
            }
        };
        Ok(PyTuple::new(
            py,
            [
                name.into_pyobject(py)?.into_any().unbind(),
                kind.into_pyobject(py)?.into_any().unbind(),
                len.into_pyobject(py)?.into_any().unbind(),
                PyTuple::new(py, buffers)?.into_any().unbind(),
                PyTuple::new(py, children)?.into_any().unbind(),
            ],
        )?
        .into_any()
        .unbind())
    }
}

/// String offsets as Arrow wants them: 32-bit (`string`) while the data fits, else 64-bit
/// (`large_string`).
fn offset_bytes(offsets: &[i64], data_len: usize) -> (&'static str, Vec<u8>) {
    if data_len <= i32::MAX as usize {
        let b = offsets
            .iter()
            .flat_map(|&v| (v as i32).to_le_bytes())
            .collect();
        ("str", b)
    } else {
        (
            "large_str",
            offsets.iter().flat_map(|v| v.to_le_bytes()).collect(),
        )
    }
}

/// Byte offsets of one text to character offsets (Python string indices).
struct CharOffsets<'a> {
    text: &'a str,
    /// Byte → character index, at every byte (only char boundaries are asked for); empty
    /// for ASCII text, where the two agree.
    table: Vec<u32>,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            let mut t = vec![0u32; text.len() + 1];
            let mut chars = 0u32;
            let mut next = text.char_indices().map(|(b, _)| b).peekable();
            for (b, slot) in t.iter_mut().enumerate() {
                while next.peek().is_some_and(|&nb| nb < b) {
                    next.next();
                    chars += 1;
                }
                *slot = chars;
            }
            t[text.len()] = text.chars().count() as u32;
            t
        };
        CharOffsets { text, table }
    }

    fn at(&self, byte: usize) -> i64 {
        if self.table.is_empty() {
            byte.min(self.text.len()) as i64
        } else {
            self.table[byte.min(self.text.len())] as i64
        }
    }
}

/// The struct fields of a frame term, in column order.
const TERM_FIELDS: [&str; 12] = [
    "term",
    "matched",
    "start",
    "end",
    "start_char",
    "end_char",
    "frame",
    "stance",
    "quoted",
    "scare_quoted",
    "attributed",
    "neutral_context",
];

fn term_list() -> Col {
    Col::List {
        offsets: vec![0],
        fields: TERM_FIELDS
            .iter()
            .map(|&f| {
                let col = match f {
                    "start" | "end" | "start_char" | "end_char" => Col::i64(),
                    "quoted" | "scare_quoted" | "attributed" | "neutral_context" => {
                        Col::Bool { data: Vec::new() }
                    }
                    _ => Col::str(),
                };
                (f.to_string(), col)
            })
            .collect(),
    }
}

impl Col {
    /// Appends one row's frame terms (offsets into `chars`' text).
    fn push_terms<'h>(&mut self, hits: impl Iterator<Item = &'h FrameHit>, chars: &CharOffsets) {
        let Col::List { offsets, fields } = self else {
            return;
        };
        let mut n = 0;
        for h in hits {
            n += 1;
            for (name, col) in fields.iter_mut() {
                match name.as_str() {
                    "term" => col.push_str(Some(&h.term)),
                    "matched" => col.push_str(Some(&h.matched)),
                    "start" => col.push_i64(Some(h.start as i64)),
                    "end" => col.push_i64(Some(h.end as i64)),
                    "start_char" => col.push_i64(Some(chars.at(h.start))),
                    "end_char" => col.push_i64(Some(chars.at(h.end))),
                    "frame" => col.push_str(Some(&h.frame)),
                    "stance" => col.push_str(Some(&h.stance)),
                    "quoted" => col.push_bool(h.quoted),
                    "scare_quoted" => col.push_bool(h.scare_quoted),
                    "attributed" => col.push_bool(h.attributed),
                    _ => col.push_bool(h.neutral_context),
                }
            }
        }
        let last = *offsets.last().unwrap_or(&0);
        offsets.push(last + n);
    }
}

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
