//! Arrow columns as plain buffers: values, offsets and validity bitmaps, pushed row by
//! row in Rust and handed to `pyarrow` as bytes, with the frame terms' list-of-structs
//! column and the byte-to-character offsets Python indexes by.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use stancer::features::FrameHit;

/// Which rows are present; empty until the first null, so a column without nulls carries
/// no bitmap.
#[derive(Default)]
pub(super) struct Validity {
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
pub(super) enum Col {
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
    pub(super) fn str() -> Col {
        Col::Str {
            offsets: vec![0],
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    pub(super) fn i64() -> Col {
        Col::I64 {
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    pub(super) fn f64() -> Col {
        Col::F64 {
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    pub(super) fn push_str(&mut self, v: Option<&str>) {
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

    pub(super) fn push_i64(&mut self, v: Option<i64>) {
        if let Col::I64 { data, valid } = self {
            data.push(v.unwrap_or(0));
            valid.push(v.is_some());
        }
    }

    pub(super) fn push_f64(&mut self, v: Option<f64>) {
        if let Col::F64 { data, valid } = self {
            data.push(v.unwrap_or(f64::NAN));
            valid.push(v.is_some());
        }
    }

    pub(super) fn push_bool(&mut self, v: bool) {
        if let Col::Bool { data } = self {
            data.push(v);
        }
    }

    /// `(kind, buffers, children)` for the Python side: kinds are `str` / `large_str`
    /// (validity, offsets, data), `i64` / `f64` (validity, values), `bool` (None, bits),
    /// `list` (None, offsets) with `(name, kind, buffers, children)` per struct field.
    pub(super) fn into_py(self, py: Python<'_>, name: &str, len: usize) -> PyResult<Py<PyAny>> {
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
pub(super) struct CharOffsets<'a> {
    text: &'a str,
    /// Byte → character index, at every byte (only char boundaries are asked for); empty
    /// for ASCII text, where the two agree.
    table: Vec<u32>,
}

impl<'a> CharOffsets<'a> {
    pub(super) fn new(text: &'a str) -> Self {
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

    pub(super) fn at(&self, byte: usize) -> i64 {
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

pub(super) fn term_list() -> Col {
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
    pub(super) fn push_terms<'h>(
        &mut self,
        hits: impl Iterator<Item = &'h FrameHit>,
        chars: &CharOffsets,
    ) {
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
