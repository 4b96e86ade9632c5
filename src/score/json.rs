//! JSONL rows written straight into the batch's bytes.
//!
//! Through serde's derived serializers every key of every row (14 per sentence row, 12 per
//! term) went through serde_json's string escaper, a call each: rendering was a fifth of
//! scoring's instructions on the seed articles. Here keys are literal bytes, strings are
//! copied as they are when nothing in them needs escaping, and everything that has a
//! formatting rule of its own (escaped strings, floats, integers) is still written by
//! serde_json, so the bytes are the ones the derived serializers wrote (the tests compare
//! them on every row shape).

use super::rows::{CharOffsets, SentenceChars};
use crate::features::FrameHit;
use crate::model::{DocumentPrediction, SentencePrediction};

/// What a sentence row says beside its scores; `None` for the sentences of an article row.
pub(super) struct Meta<'a> {
    pub id: &'a str,
    pub model: Option<&'a str>,
    pub keep: &'a [String],
    pub values: &'a [String],
}

/// One JSON object being written: keys in the order given (the callers give them sorted).
struct Object<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> Object<'o> {
    fn new(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, first: true }
    }

    /// A key known to need no escaping (the row's own key names).
    fn key(&mut self, k: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// A key from the data (a label, a kept column's name), escaped as needed.
    fn data_key(&mut self, k: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        string(self.out, k);
        self.out.push(b':');
        self.out
    }

    fn end(self) {
        self.out.push(b'}');
    }
}

/// A JSON string: copied between quotes when no byte needs escaping, else serde_json's.
fn string(out: &mut Vec<u8>, s: &str) {
    // A fold without an early exit, so that it runs on whole vectors of bytes.
    let escapes = s
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if escapes {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

fn number<T: serde::Serialize>(out: &mut Vec<u8>, v: T) {
    let _ = serde_json::to_writer(out, &v);
}

fn boolean(out: &mut Vec<u8>, v: bool) {
    out.extend_from_slice(if v { b"true" } else { b"false" });
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// The labels of a head as JSON object keys (`"label":`), escaped once per run rather
/// than once per row: a probability object's keys were a third of writing it.
pub(super) struct LabelKeys(Vec<Vec<u8>>);

impl LabelKeys {
    pub fn new(labels: &[String]) -> Self {
        LabelKeys(
            labels
                .iter()
                .map(|l| {
                    let mut k = Vec::with_capacity(l.len() + 3);
                    string(&mut k, l);
                    k.push(b':');
                    k
                })
                .collect(),
        )
    }
}

/// Label → probability, in label order.
fn probs(out: &mut Vec<u8>, labels: &LabelKeys, values: &[f64]) {
    out.push(b'{');
    for (i, (k, v)) in labels.0.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(k);
        number(out, v);
    }
    out.push(b'}');
}

fn hit(out: &mut Vec<u8>, h: &FrameHit, (start_char, end_char): (usize, usize)) {
    let mut o = Object::new(out);
    boolean(o.key("attributed"), h.attributed);
    number(o.key("end"), h.end);
    number(o.key("end_char"), end_char);
    string(o.key("frame"), &h.frame);
    string(o.key("matched"), &h.matched);
    boolean(o.key("neutral_context"), h.neutral_context);
    boolean(o.key("quoted"), h.quoted);
    boolean(o.key("scare_quoted"), h.scare_quoted);
    string(o.key("stance"), &h.stance);
    number(o.key("start"), h.start);
    number(o.key("start_char"), start_char);
    string(o.key("term"), &h.term);
    o.end();
}

/// The input columns carried through, as entries of the row being written.
fn kept(o: &mut Object<'_>, names: &[String], values: &[String]) {
    for (k, v) in names.iter().zip(values) {
        string(o.data_key(k), v);
    }
}

/// A sentence row (no line end): `doc_id`, `model`, `status` and the kept columns only with
/// `meta` (a row of its own; sentences inside an article row carry none of them).
pub(super) fn sentence(
    out: &mut Vec<u8>,
    meta: Option<&Meta<'_>>,
    s: &SentencePrediction,
    chars: &SentenceChars,
    stance_labels: &LabelKeys,
    frame_labels: &LabelKeys,
) {
    let mut o = Object::new(out);
    if let Some(m) = meta {
        string(o.key("doc_id"), m.id);
    }
    number(o.key("end"), s.end);
    number(o.key("end_char"), chars.end);
    optional_string(o.key("frame"), s.frame.as_deref());
    match &s.frame_probs {
        Some(p) => probs(o.key("frame_probs"), frame_labels, p),
        None => o.key("frame_probs").extend_from_slice(b"null"),
    }
    if let Some(p) = &s.frame_scores {
        probs(o.key("frame_scores"), frame_labels, p);
    }
    if let Some(model) = meta.and_then(|m| m.model) {
        string(o.key("model"), model);
    }
    number(o.key("sent_id"), s.sent_id);
    string(o.key("stance"), &s.stance);
    probs(o.key("stance_probs"), stance_labels, &s.stance_probs);
    if let Some(p) = &s.stance_scores {
        probs(o.key("stance_scores"), stance_labels, p);
    }
    number(o.key("start"), s.start);
    number(o.key("start_char"), chars.start);
    if meta.is_some() {
        o.key("status").extend_from_slice(b"\"ok\"");
    }
    let terms = o.key("terms");
    terms.push(b'[');
    for (k, (t, &c)) in s.terms.iter().zip(&chars.terms).enumerate() {
        if k > 0 {
            terms.push(b',');
        }
        hit(terms, t, c);
    }
    terms.push(b']');
    string(o.key("text"), &s.text);
    if let Some(m) = meta {
        kept(&mut o, m.keep, m.values);
    }
    o.end();
}

/// An article row (no line end): its sentences inside, the kept columns last.
pub(super) fn document(
    out: &mut Vec<u8>,
    meta: &Meta<'_>,
    p: &DocumentPrediction,
    text: &str,
    stance_labels: &LabelKeys,
    frame_labels: &LabelKeys,
) {
    let mut chars = CharOffsets::new(text);
    let mut o = Object::new(out);
    string(o.key("doc_id"), meta.id);
    if let Some(model) = meta.model {
        string(o.key("model"), model);
    }
    number(o.key("n_sentences"), p.sentences.len());
    let rows = o.key("sentences");
    rows.push(b'[');
    for (k, s) in p.sentences.iter().enumerate() {
        if k > 0 {
            rows.push(b',');
        }
        let c = SentenceChars::of(s, &mut chars);
        sentence(rows, None, s, &c, stance_labels, frame_labels);
    }
    rows.push(b']');
    string(o.key("stance"), &p.stance);
    probs(o.key("stance_probs"), stance_labels, &p.stance_probs);
    o.key("status").extend_from_slice(b"\"ok\"");
    kept(&mut o, meta.keep, meta.values);
    o.end();
}

#[cfg(test)]
mod tests {
    use super::super::rows::serde_rows::{DocumentRow, Kept, Probs, RowMeta, SentenceRow};
    use super::*;

    fn hit(text: &str, start: usize, end: usize, quoted: bool) -> FrameHit {
        FrameHit {
            term: "so-called \"republic\"".into(),
            matched: text[start..end].into(),
            start,
            end,
            frame: "occupied".into(),
            stance: "georgian".into(),
            quoted,
            scare_quoted: !quoted,
            attributed: quoted,
            neutral_context: false,
        }
    }

    /// Sentences of one text with every shape a row takes: with and without a frame head,
    /// with and without terms, strings that need escaping (quotes, backslashes, control
    /// characters) and non-ASCII ones, probabilities that are not finite.
    fn sentences(text: &str) -> Vec<SentencePrediction> {
        let first = text.find("Sukhumi").unwrap();
        vec![
            SentencePrediction {
                sent_id: 0,
                start: 0,
                end: first,
                text: text[..first].to_string(),
                stance: "neutral".into(),
                stance_probs: vec![0.1, 0.2, 0.7000000000000001],
                frame: Some("occupied".into()),
                frame_probs: Some(vec![1e-7, 0.5, f64::NAN, 0.25]),
                stance_scores: None,
                frame_scores: None,
                terms: vec![hit(text, 4, 12, true), hit(text, 14, 19, false)],
                no_known_word: false,
            },
            SentencePrediction {
                sent_id: 1,
                start: first,
                end: text.len(),
                text: text[first..].to_string(),
                stance: "pro \"x\"".into(),
                stance_probs: vec![1.0, 0.0, 3.5e-300],
                frame: None,
                frame_probs: None,
                // A linear SVM head's decision scores.
                stance_scores: Some(vec![-1.5, 0.25, 2.0]),
                frame_scores: Some(vec![0.5, -0.5, 1.0, 0.0]),
                terms: vec![],
                no_known_word: false,
            },
        ]
    }

    const TEXT: &str = "The “occupied” de \\ facto\tline —\u{1} Грузия. Sukhumi said \"so\".";

    #[test]
    fn rows_are_the_bytes_serde_wrote() {
        let stance = ["anti".to_string(), "ne\"utral".into(), "pro".into()];
        let frame = ["a".to_string(), "b\\".into(), "c".into(), "Ж".into()];
        let sents = sentences(TEXT);
        let (stance_keys, frame_keys) = (LabelKeys::new(&stance), LabelKeys::new(&frame));
        for (keep, values, model) in [
            (vec![], vec![], None),
            (
                vec!["source".to_string(), "n\"ote".into()],
                vec!["wire\n".to_string(), "ok".into()],
                Some("sha256:abc"),
            ),
        ] {
            let meta = Meta {
                id: "doc \"1\"",
                model,
                keep: &keep,
                values: &values,
            };
            let row_meta = || RowMeta {
                id: meta.id,
                model,
                kept: Kept(&keep, &values),
            };
            let mut chars = CharOffsets::new(TEXT);
            for s in &sents {
                let c = SentenceChars::of(s, &mut chars);
                let mut ours = Vec::new();
                sentence(&mut ours, Some(&meta), s, &c, &stance_keys, &frame_keys);
                let theirs =
                    serde_json::to_vec(&SentenceRow::new(Some(row_meta()), s, &c, &stance, &frame))
                        .unwrap();
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(theirs).unwrap()
                );
            }
            let doc = DocumentPrediction {
                stance: "anti".into(),
                stance_probs: vec![0.5, 0.25, 0.25],
                sentences: sents.clone(),
            };
            let mut ours = Vec::new();
            document(&mut ours, &meta, &doc, TEXT, &stance_keys, &frame_keys);
            let mut chars = CharOffsets::new(TEXT);
            let offsets: Vec<SentenceChars> = doc
                .sentences
                .iter()
                .map(|s| SentenceChars::of(s, &mut chars))
                .collect();
            let m = row_meta();
            let theirs = serde_json::to_vec(&DocumentRow {
                doc_id: m.id,
                model: m.model,
                n_sentences: doc.sentences.len(),
                sentences: doc
                    .sentences
                    .iter()
                    .zip(&offsets)
                    .map(|(s, c)| SentenceRow::new(None, s, c, &stance, &frame))
                    .collect(),
                stance: &doc.stance,
                stance_probs: Probs(&stance, &doc.stance_probs),
                status: "ok",
                kept: m.kept,
            })
            .unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }
}
