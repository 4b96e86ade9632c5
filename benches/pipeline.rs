//! Criterion benches of the pipeline stages.
//!
//! `cargo bench --bench pipeline` reports, on the shipped data (the seed articles, 40
//! copies, ~1.2 MB; the seed sentences for training):
//! - `text/segment`, `text/tokenize`: segmentation and tokenization, MB/s of article text;
//! - `features/vectorize`: TF-IDF rows per second (sentences of the articles, CSR out);
//! - `model/gradient`: one loss + gradient evaluation of the sparse solver (rows/s);
//! - `model/predict`: both heads on ready feature rows (rows/s);
//! - `score/jsonl/*`, `score/csv/Sentence`: end to end (segment, tokenize, vectorize, both
//!   heads, frame tagging, rows written), MB/s of article text;
//! - `train/seed_sentences`: a whole fit of the shipped configuration.
//!
//! With `STANCER_BENCH_CSV=/tmp/c100k.csv` (a `gen_corpus.py` file), `features/vectorize`
//! and `model/gradient` run on that corpus instead (its `text` and `stance` columns), which
//! is the scale the speed issues are about.

/// The binary's allocator (src/main.rs), so that these figures and the CLI's agree: on the
/// system allocator scoring spends a quarter more CPU time in small allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stancer::data::{AllowedLabels, Columns, LabeledCorpus, Record};
use stancer::features::{FeatureConfig, Lexicon, TfidfVectorizer};
use stancer::model::sparse::Problem;
use stancer::model::{ModelParams, StanceModel};
use stancer::score::{score_stream, Level, OutputFormat, ScoreOptions};
use stancer::text::{Segmenter, Tokenizer};

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

/// Sentences and labels for the vectorize and gradient benches: a generated corpus when
/// `STANCER_BENCH_CSV` names one, else the seed sentences.
fn sentences(seed: &LabeledCorpus) -> (Vec<String>, Vec<String>) {
    match std::env::var_os("STANCER_BENCH_CSV") {
        Some(path) => {
            let cols = Columns {
                frame: None,
                ..Columns::default()
            };
            let c =
                LabeledCorpus::from_csvs(&[path.into()], &cols, &AllowedLabels::default()).unwrap();
            owned(&c)
        }
        None => owned(seed),
    }
}

/// The texts and stance labels of `c`.
fn owned(c: &LabeledCorpus) -> (Vec<String>, Vec<String>) {
    c.sentences()
        .map(|s| (s.text.to_string(), s.stance.to_string()))
        .unzip()
}

fn bench(c: &mut Criterion) {
    let docs = articles();
    let bytes: usize = docs.iter().map(String::len).sum();
    let (corpus, lexicon, model) = trained();

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("segment", |b| {
        let s = Segmenter::new();
        b.iter(|| docs.iter().map(|d| s.split(d).len()).sum::<usize>())
    });
    g.bench_function("tokenize", |b| {
        let t = Tokenizer::new(false);
        let mut buf = String::new();
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                t.scan(d, &mut buf, |w, _, _, _| n += w.len());
            }
            n
        })
    });
    g.finish();

    let (texts, labels) = sentences(&corpus);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let config = FeatureConfig {
        min_df: 2,
        ..FeatureConfig::default()
    };
    let (vec, x) = TfidfVectorizer::fit_transform(&config, &lexicon, &refs).unwrap();
    let mut g = c.benchmark_group("features");
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.sample_size(10);
    g.bench_function("vectorize", |b| b.iter(|| vec.transform_csr(&refs).nnz()));
    g.finish();

    let mut classes: Vec<&str> = labels.iter().map(String::as_str).collect();
    classes.sort_unstable();
    classes.dedup();
    let y: Vec<usize> = labels
        .iter()
        .map(|l| classes.iter().position(|c| c == l).unwrap())
        .collect();
    let ones = vec![1.0; y.len()];
    let problem = Problem::new(&x, &y, &ones, classes.len(), 1.0);
    let p: Vec<f64> = (0..problem.n_params())
        .map(|i| ((i % 7) as f64 - 3.0) * 0.01)
        .collect();
    let mut grad = vec![0.0; p.len()];
    let mut g = c.benchmark_group("model");
    g.throughput(Throughput::Elements(x.n_rows() as u64));
    g.sample_size(10);
    g.bench_function("gradient", |b| {
        b.iter(|| problem.evaluate(&p, Some(&mut grad)))
    });
    let seed_texts = corpus.texts();
    let analyzer = model.analyzer();
    let rows: Vec<_> = seed_texts
        .iter()
        .map(|t| model.features(t, &analyzer))
        .collect();
    g.throughput(Throughput::Elements(rows.len() as u64));
    g.bench_function("predict", |b| {
        b.iter(|| {
            rows.iter()
                .map(|r| {
                    let s = model.stance_head().predict_proba(r);
                    let f = model.frame_head().map(|h| h.predict_proba(r));
                    s[0] + f.map_or(0.0, |f| f[0])
                })
                .sum::<f64>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("score");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    for (format, level) in [
        (OutputFormat::Jsonl, Level::Sentence),
        (OutputFormat::Jsonl, Level::Document),
        (OutputFormat::Csv, Level::Sentence),
    ] {
        let name = format!("{format:?}").to_lowercase();
        g.bench_with_input(
            BenchmarkId::new(name, format!("{level:?}")),
            &level,
            |b, &level| {
                let opts = ScoreOptions {
                    format,
                    level,
                    ..ScoreOptions::default()
                };
                b.iter(|| {
                    let recs = docs
                        .iter()
                        .enumerate()
                        .map(|(i, t)| Ok(Record::new(i.to_string(), t.clone())));
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
