//! Input loaders on arbitrary bytes.
//!
//! The bytes are written to a temporary `.csv` and read as a labeled corpus
//! (`LabeledCorpus::from_csvs`, which may return Ok or Err but must not panic), then
//! written as `.jsonl` and `.csv` and streamed to the end through `read_inputs`: every item
//! must be `Ok(Record)` or `Err(RecordError)` with a non-empty message, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stancer::data::{read_inputs, AllowedLabels, Columns, InputOptions, LabeledCorpus};

/// One scratch folder per fuzzing process (libFuzzer's -fork/-jobs run several).
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("stancer-fuzz-loaders-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    let csv = dir.join("input.csv");
    let jsonl = dir.join("input.jsonl");
    std::fs::write(&csv, data).expect("write .csv");
    std::fs::write(&jsonl, data).expect("write .jsonl");

    // Labeled corpus: Ok or Err, never a panic.
    let _ = LabeledCorpus::from_csvs(
        std::slice::from_ref(&csv),
        &Columns::default(),
        &AllowedLabels::guide(),
    );

    // Scoring input stream, both formats, consumed fully.
    for path in [&jsonl, &csv] {
        let inputs = [path.to_string_lossy().into_owned()];
        for item in read_inputs(&inputs, &InputOptions::default()) {
            match item {
                Ok(_record) => {}
                Err(e) => assert!(
                    !e.message.trim().is_empty(),
                    "RecordError with an empty message from {}: {e:?}",
                    path.display()
                ),
            }
        }
    }
});
