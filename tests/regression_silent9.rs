//! Regressions of the ninth "nothing silent" audit in the library. Each failed before its
//! fix.

use stancer::data::jsonl::JsonlRecords;
use stancer::data::{InputOptions, ReadNotes};

const LINES: [&str; 5] = [
    r#"{"id": "a1", "text": "Russian troops remain in occupied Abkhazia."}"#,
    r#"{"id": "", "text": "Sukhumi held elections."}"#,
    r#"{"id": "a1", "text": "Tbilisi protested."}"#,
    r#"{"id": "", "text": "Talks resumed in Geneva."}"#,
    r#"{"id": "a3", "text": "Troops remain."}"#,
];

fn options() -> InputOptions {
    InputOptions {
        id_field: Some("id".into()),
        notes: ReadNotes::shared(),
        ..InputOptions::default()
    }
}

/// Lines given one by one (`parse_line`, what `stancer.spark.score_jsonl` does with the
/// lines Spark read) noted their ids, but only reading the file to its end handed the
/// warnings about empty and repeated ids to the run's notes: on Spark they were never
/// said. `note_ids` hands them over, in the words reading the file gives.
#[test]
fn lines_parsed_one_by_one_give_the_id_warnings_of_reading_the_file() {
    let whole = LINES.join("\n") + "\n";
    let read = options();
    let reader = JsonlRecords::new(
        "news.jsonl".into(),
        Box::new(std::io::Cursor::new(whole.into_bytes())),
        &read,
        None,
    );
    assert_eq!(reader.count(), 5);
    let expected = read.notes.take().warnings;
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert!(
        expected[0].starts_with("news.jsonl: line 2: 2 record(s) have an empty id in field `id`"),
        "{expected:?}"
    );
    assert!(
        expected[1].starts_with("news.jsonl: line 3: 1 record(s) repeat an earlier id"),
        "{expected:?}"
    );

    let given = options();
    let mut lines = JsonlRecords::new(
        "news.jsonl".into(),
        Box::new(std::io::empty()),
        &given,
        None,
    );
    for (i, line) in LINES.iter().enumerate() {
        assert!(lines.parse_line(i as u64 + 1, line.as_bytes()).is_some());
    }
    assert!(given.notes.take().warnings.is_empty());
    lines.note_ids();
    assert_eq!(given.notes.take().warnings, expected);
    // Said once: a second call has nothing new to say.
    lines.note_ids();
    assert!(given.notes.take().warnings.is_empty());
}
