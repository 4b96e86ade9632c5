//! Properties that must hold for any input, checked with proptest.

mod common;

use proptest::prelude::*;
use stancer::model::StanceModel;
use stancer::text::{Segmenter, Tokenizer};

fn model() -> &'static StanceModel {
    static M: std::sync::OnceLock<StanceModel> = std::sync::OnceLock::new();
    M.get_or_init(|| StanceModel::load(common::seed_model()).unwrap())
}

/// News-like text: words, punctuation, quotes, abbreviations, line breaks, any Unicode.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,10}",
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("! ".to_string()),
        Just("… ".to_string()),
        Just("...".to_string()),
        Just("U.S. ".to_string()),
        Just("A. M. ".to_string()),
        Just("“".to_string()),
        Just("” ".to_string()),
        Just("\"".to_string()),
        Just("’s ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn segmentation_keeps_every_character_in_order(text in newsy()) {
        let spans = Segmenter::new().split(&text);
        let mut last = 0;
        for s in &spans {
            prop_assert!(s.start >= last && s.end > s.start);
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(text[last..s.start].trim().is_empty(), "lost {:?}", &text[last..s.start]);
            last = s.end;
        }
        prop_assert!(text[last..].trim().is_empty());
        // Said the way: the sentences concatenate back to the input, up to whitespace.
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let joined: String = Segmenter::new().sentences(&text).concat();
        prop_assert_eq!(squeeze(&joined), squeeze(&text));
    }

    #[test]
    fn tokenization_never_panics_and_offsets_are_valid(text in "\\PC{0,200}") {
        for t in Tokenizer::new(true).tokenize(&text) {
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert!(!t.text.is_empty());
        }
    }

    #[test]
    fn probabilities_sum_to_one(text in newsy()) {
        let m = model();
        let p = m.predict_document(&text, &m.analyzer());
        for s in &p.sentences {
            prop_assert!((s.stance_probs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            prop_assert!((s.frame_probs.as_ref().unwrap().iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        if !p.sentences.is_empty() {
            prop_assert!((p.stance_probs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    /// Sentence rows skip the article's verdict; the sentences must be those the verdict
    /// is computed from.
    #[test]
    fn predicting_sentences_gives_the_documents_sentences(text in newsy()) {
        let m = model();
        let a = m.analyzer();
        prop_assert_eq!(m.predict_sentences(&text, &a), m.predict_document(&text, &a).sentences);
    }

    #[test]
    fn a_document_scores_the_same_alone_or_in_a_batch(a in newsy(), b in newsy()) {
        use stancer::data::Record;
        use stancer::score::{score_stream, OutputFormat, ScoreOptions, Level};
        let m = model();
        let opts = ScoreOptions { format: OutputFormat::Jsonl, level: Level::Document, batch_size: 2, ..ScoreOptions::default() };
        let run = |records: Vec<Record>| {
            let mut out = Vec::new();
            score_stream(m, records.into_iter().map(Ok), &mut out, &opts, |_| {}).unwrap();
            String::from_utf8(out).unwrap()
        };
        let rec = |id: &str, t: &str| Record::new(id, t);
        let alone = run(vec![rec("b", &b)]);
        let batch = run(vec![rec("a", &a), rec("b", &b)]);
        prop_assert_eq!(batch.lines().nth(1).unwrap(), alone.lines().next().unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any Unicode at all, control and format characters (BOM, ZWJ, NUL...) included:
    /// segmenting, tokenizing and scoring must not panic, and probabilities sum to 1.
    #[test]
    fn nothing_panics_on_arbitrary_unicode(text in any::<String>()) {
        for stem in [false, true] {
            for t in Tokenizer::new(stem).tokenize(&text) {
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
        }
        for s in Segmenter::new().split(&text) {
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        let m = model();
        let p = m.predict_document(&text, &m.analyzer());
        for s in &p.sentences {
            prop_assert!((s.stance_probs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    /// Sentence rows, CSV and JSONL: an article's rows do not depend on its batch-mates
    /// or on its place in the batch.
    #[test]
    fn sentence_rows_are_the_same_alone_or_in_a_batch(
        docs in proptest::collection::vec(newsy(), 1..6),
        pick in 0usize..6,
        batch_size in 1usize..4,
        csv in any::<bool>(),
    ) {
        use stancer::data::Record;
        use stancer::score::{score_stream, OutputFormat, ScoreOptions, Level};
        let pick = pick % docs.len();
        let format = if csv { OutputFormat::Csv } else { OutputFormat::Jsonl };
        let opts = ScoreOptions { format, level: Level::Sentence, batch_size, ..ScoreOptions::default() };
        let records: Vec<Record> = docs
            .iter()
            .enumerate()
            .map(|(i, t)| Record::new(format!("d{i}"), t.clone()))
            .collect();
        let run = |records: Vec<Record>| {
            let mut out = Vec::new();
            score_stream(model(), records.into_iter().map(Ok), &mut out, &opts, |_| {}).unwrap();
            String::from_utf8(out).unwrap()
        };
        let alone = run(vec![records[pick].clone()]);
        let batch = run(records.clone());
        let rows_of = |out: &str| -> Vec<String> {
            let id = format!("d{pick}");
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_bytes());
            if csv {
                rdr.records()
                    .map(|r| r.unwrap())
                    .filter(|r| r.get(0) == Some(id.as_str()))
                    .map(|r| r.iter().collect::<Vec<_>>().join("\u{1f}"))
                    .collect()
            } else {
                out.lines()
                    .filter(|l| l.contains(&format!("\"doc_id\":\"{id}\"")))
                    .map(str::to_string)
                    .collect()
            }
        };
        prop_assert_eq!(rows_of(&batch), rows_of(&alone));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_split_ever_puts_a_group_on_both_sides(
        layout in proptest::collection::vec((0u8..12, 0u8..3), 2..120),
        k in 2usize..6,
        frac in 0.05f64..0.95,
        seed in 0u64..1000,
    ) {
        use stancer::eval::split::{
            grouped_holdout, grouped_kfold, leave_one_group_out, stratified_grouped_kfold,
        };
        let names: Vec<String> = layout.iter().map(|(g, _)| format!("g{g}")).collect();
        let labels = ["a", "b", "c"];
        let y: Vec<&str> = layout.iter().map(|(_, l)| labels[*l as usize]).collect();
        let groups: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut distinct = groups.clone();
        distinct.sort();
        distinct.dedup();
        prop_assume!(distinct.len() >= 2);
        let mut folds = grouped_kfold(&groups, k.min(distinct.len()), seed);
        let stratified = stratified_grouped_kfold(&groups, &y, k.min(distinct.len()), seed);
        // Stratified K-fold still tests every row exactly once.
        let mut tested: Vec<usize> = stratified.iter().flat_map(|f| f.test.clone()).collect();
        tested.sort_unstable();
        prop_assert_eq!(tested, (0..groups.len()).collect::<Vec<_>>());
        folds.extend(stratified);
        folds.push(grouped_holdout(&groups, frac, seed));
        folds.extend(leave_one_group_out(&groups));
        for f in &folds {
            let train: std::collections::HashSet<&str> = f.train.iter().map(|&i| groups[i]).collect();
            prop_assert!(f.test.iter().all(|&i| !train.contains(groups[i])));
            prop_assert_eq!(f.train.len() + f.test.len(), groups.len());
            prop_assert!(!f.test.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The pipelined stream: whatever the batch size, good and bad records interleaved give
    /// the same bytes as scoring one record per batch, the counts add up, and under
    /// `--on-error fail` exactly the rows before the first bad record are written.
    #[test]
    fn any_batching_gives_the_same_stream(
        docs in proptest::collection::vec((newsy(), any::<bool>()), 1..12),
        batch_size in 1usize..5,
        csv in any::<bool>(),
    ) {
        use stancer::data::{Record, RecordError, RecordResult};
        use stancer::score::{score_stream, Level, OnError, OutputFormat, ScoreOptions};
        let records: Vec<RecordResult> = docs
            .iter()
            .enumerate()
            .map(|(i, (t, bad))| {
                let id = format!("d{i}");
                if *bad {
                    Err(RecordError::new(id, "in.jsonl", i as u64 + 1, "bad".into()))
                } else {
                    Ok(Record::new(id, t.clone()))
                }
            })
            .collect();
        let format = if csv { OutputFormat::Csv } else { OutputFormat::Jsonl };
        let run = |records: Vec<RecordResult>, batch_size: usize, on_error: OnError| {
            let opts = ScoreOptions { format, level: Level::Sentence, batch_size, on_error, ..ScoreOptions::default() };
            let mut out = Vec::new();
            let r = score_stream(model(), records.into_iter(), &mut out, &opts, |_| {});
            (r, out)
        };
        let (one, one_out) = run(records.clone(), 1, OnError::Record);
        let (many, many_out) = run(records.clone(), batch_size, OnError::Record);
        let (one, many) = (one.unwrap(), many.unwrap());
        prop_assert_eq!(&one_out, &many_out);
        prop_assert_eq!(&one, &many);
        let bad = docs.iter().filter(|(_, b)| *b).count() as u64;
        prop_assert_eq!(many.read, docs.len() as u64);
        prop_assert_eq!((many.scored, many.errored), (docs.len() as u64 - bad, bad));
        prop_assert_eq!(many.rows_written, many.sentences + bad);

        let first_bad = docs.iter().position(|(_, b)| *b).unwrap_or(docs.len());
        let (failed, fail_out) = run(records.clone(), batch_size, OnError::Fail);
        let (_, prefix_out) = run(records[..first_bad].to_vec(), 1, OnError::Record);
        prop_assert_eq!(failed.is_err(), first_bad < docs.len());
        prop_assert_eq!(fail_out, prefix_out);
    }
}

/// One generated CSV row's text field: what it holds decides whether the row is an error.
#[derive(Debug, Clone)]
enum Cell {
    /// Plain words.
    Plain(String),
    /// Words with an invalid UTF-8 byte among them.
    BadByte(String, u8),
    /// A properly quoted field: `""` inside, commas, line breaks.
    Quoted(String),
    /// A stray quote opening the field, never closed on its line.
    Stray(String),
    /// Nothing but blanks.
    Blank,
}

fn cell() -> impl Strategy<Value = Cell> {
    let words = "[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,4}";
    prop_oneof![
        4 => words.prop_map(Cell::Plain),
        2 => (words, 0x80u8..=0xFF).prop_map(|(w, b)| Cell::BadByte(w, b)),
        3 => proptest::collection::vec(prop_oneof![
            Just(", ".to_string()),
            Just("\"\"".to_string()),
            Just("\n".to_string()),
            "[A-Za-z]{1,8}",
        ], 0..6).prop_map(|parts| Cell::Quoted(format!("W{}", parts.concat()))),
        1 => words.prop_map(Cell::Stray),
        1 => Just(Cell::Blank),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Rows × bad bytes × quotes: every input row of a CSV comes out of the scoring reader
    /// as exactly one record or one error item, in order, and the errors are exactly the
    /// rows with a bad byte, a blank text or a stray quote (whose swallowed lines are read
    /// again as rows).
    #[test]
    fn every_csv_row_yields_one_record_or_one_error(cells in proptest::collection::vec(cell(), 1..25)) {
        use stancer::data::{read_inputs, InputOptions};
        let mut body = b"id,text,n\n".to_vec();
        for (i, c) in cells.iter().enumerate() {
            body.extend(format!("{i},").as_bytes());
            match c {
                Cell::Plain(w) => body.extend(w.as_bytes()),
                Cell::BadByte(w, b) => {
                    body.extend(w.as_bytes());
                    body.push(*b);
                }
                Cell::Quoted(q) => body.extend(format!("\"{q}\"").as_bytes()),
                Cell::Stray(w) => body.extend(format!("\"{w}").as_bytes()),
                Cell::Blank => body.extend(b"  "),
            }
            // A Stray's quote swallows this delimiter: its row is read as one field short.
            body.extend(b",x\n");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, &body).unwrap();
        let opts = InputOptions { id_field: Some("id".into()), ..InputOptions::default() };
        let items: Vec<_> = read_inputs(&[path.to_string_lossy().into_owned()], &opts).collect();
        prop_assert_eq!(items.len(), cells.len(), "{:?}", items);
        for (i, (item, c)) in items.iter().zip(&cells).enumerate() {
            let id = match item { Ok(r) => &r.id, Err(e) => &e.id };
            prop_assert_eq!(id, &i.to_string());
            let bad = matches!(c, Cell::BadByte(..) | Cell::Stray(_) | Cell::Blank);
            prop_assert_eq!(item.is_err(), bad, "row {}: {:?} -> {:?}", i, c, item);
        }
    }
}
