//! Criterion benches of the pipeline stages on the shipped data.
//!
//! `cargo bench --bench pipeline` reports throughput in bytes of article text for
//! segmentation, features and end-to-end scoring (both heads, tagging, JSONL written), and
//! the time to train on the seed sentences.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stancer::data::{AllowedLabels, Columns, LabeledCorpus, Record};
use stancer::features::Lexicon;
use stancer::model::{ModelParams, StanceModel};
use stancer::score::{score_stream, Level, OutputFormat, ScoreOptions};
use stancer::text::Segmenter;

fn articles() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("labels/seed_articles")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    v.sort();
    // 40 copies: about 1.2 MB, enough to keep both cores busy for a measurable time.
    v.iter().cycle().take(v.len() * 40).cloned().collect()
}

fn trained() -> (LabeledCorpus, Lexicon, StanceModel) {
    let corpus = LabeledCorpus::from_csvs(
        &["labels/seed_sentences.csv".into()],
        &Columns::default(),
        &AllowedLabels::guide(),
    )
    .unwrap();
    let lexicon = Lexicon::from_csv("labels/frame_terms.csv".as_ref()).unwrap();
    let model = ModelParams::default().fit(&corpus, &lexicon, None).unwrap();
    (corpus, lexicon, model)
}

fn bench(c: &mut Criterion) {
    let docs = articles();
    let bytes: usize = docs.iter().map(String::len).sum();
    let (corpus, lexicon, model) = trained();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("segment", |b| {
        let s = Segmenter::new();
        b.iter(|| docs.iter().map(|d| s.split(d).len()).sum::<usize>())
    });
    g.bench_function("features", |b| {
        let a = model.analyzer();
        b.iter(|| {
            docs.iter()
                .map(|d| model.features(d, &a).len())
                .sum::<usize>()
        })
    });
    for level in [Level::Sentence, Level::Document] {
        g.bench_with_input(
            BenchmarkId::new("score_jsonl", format!("{level:?}")),
            &level,
            |b, &level| {
                let opts = ScoreOptions {
                    format: OutputFormat::Jsonl,
                    level,
                    ..ScoreOptions::default()
                };
                b.iter(|| {
                    let recs = docs.iter().enumerate().map(|(i, t)| {
                        Ok(Record {
                            id: i.to_string(),
                            text: t.clone(),
                        })
                    });
                    let mut sink = std::io::sink();
                    score_stream(&model, recs, &mut sink, &opts, |_| {}).unwrap()
                })
            },
        );
    }
    g.finish();

    let mut t = c.benchmark_group("train");
    t.sample_size(10);
    t.bench_function("seed_sentences", |b| {
        b.iter(|| ModelParams::default().fit(&corpus, &lexicon, None).unwrap())
    });
    t.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
