//! `stancer reproduce`: the main job on the shipped data, in one command.
//!
//! 1. evaluates grouped K-fold on `labels/` and writes `eval/report.{md,json}`;
//! 2. trains on all of `labels/` and writes `models/default.json` (with the CV metrics);
//! 3. scores the seed articles in `labels/seed_articles/` into `eval/seed_scores.jsonl`
//!    and prints each article's stance beside its label.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use stancer::data::{
    read_document_labels, read_inputs, AllowedLabels, Columns, InputOptions, LabeledCorpus,
};
use stancer::eval::{evaluate, SplitSpec};
use stancer::features::Lexicon;
use stancer::model::persist::write_atomic;
use stancer::model::ModelParams;
use stancer::score::{score_stream, Level, OnError, OutputFormat, ScoreOptions};

#[derive(Debug, Args)]
pub struct ReproduceArgs {
    /// Folder with the labeled CSVs, the lexicon and the seed articles.
    #[arg(long, default_value = "labels")]
    pub labels: PathBuf,
    /// Model settings (TOML).
    #[arg(long, default_value = "eval/default.toml")]
    pub config: PathBuf,
    /// Grouped folds for the report.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Where to write the model.
    #[arg(long, default_value = "models/default.json")]
    pub out: PathBuf,
    /// Where to write the report and the seed scores.
    #[arg(long, default_value = "eval")]
    pub eval_dir: PathBuf,
}

/// Sentence and document files that exist, seeds first.
fn present(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| p.exists())
        .collect()
}

pub fn run(a: ReproduceArgs) -> Result<i32> {
    let sentences = present(&a.labels, &["seed_sentences.csv", "composed_sentences.csv"]);
    let documents = present(&a.labels, &["seed_documents.csv", "composed_documents.csv"]);
    let cols = Columns::default();
    let corpus = LabeledCorpus::from_csvs(&sentences, &cols, &AllowedLabels::guide())?;
    let lexicon = Lexicon::from_csv(&a.labels.join("frame_terms.csv"))?;
    let doc_labels = read_document_labels(&documents, "doc_id", "stance")?;
    let params: ModelParams = if a.config.exists() {
        let text = std::fs::read_to_string(&a.config)
            .with_context(|| format!("{}: cannot read config", a.config.display()))?;
        toml::from_str(&text).with_context(|| format!("{}: invalid config", a.config.display()))?
    } else {
        ModelParams::default()
    };

    eprintln!(
        "[1/3] grouped {}-fold evaluation on {} sentences",
        a.folds,
        corpus.sentences.len()
    );
    let split = SplitSpec::KFold { k: a.folds };
    let mut report = evaluate(
        &corpus,
        &lexicon,
        &params,
        &split,
        params.seed,
        Some(&doc_labels),
    )?;
    report.command = super::command_line();
    std::fs::create_dir_all(&a.eval_dir)?;
    write_atomic(
        &a.eval_dir.join("report.md"),
        report.to_markdown().as_bytes(),
    )?;
    write_atomic(
        &a.eval_dir.join("report.json"),
        &serde_json::to_vec_pretty(&report)?,
    )?;
    print!("{}", report.to_text());

    eprintln!("[2/3] training on all labeled data");
    let mut model = params.fit(&corpus, &lexicon, Some(&doc_labels))?;
    model.metrics = Some(json!({
        "evaluation": format!("grouped {}-fold, seed {}", a.folds, params.seed),
        "sentence_stance_macro_f1": report.stance.model.macro_f1,
        "sentence_frame_macro_f1": report.frame.as_ref().map(|f| f.model.macro_f1),
        "document_stance_macro_f1": report.document.as_ref().map(|d| d.model.macro_f1),
    }));
    model.save(&a.out)?;
    eprintln!("wrote {}", a.out.display());

    eprintln!("[3/3] scoring the seed articles");
    let seeds = a.labels.join("seed_articles");
    let inputs = vec![seeds.to_string_lossy().into_owned()];
    let opts = ScoreOptions {
        format: OutputFormat::Jsonl,
        level: Level::Document,
        on_error: OnError::Record,
        batch_size: 64,
    };
    let mut buf = Vec::new();
    let summary = score_stream(
        &model,
        read_inputs(&inputs, &InputOptions::default()),
        &mut buf,
        &opts,
        |_| {},
    )?;
    write_atomic(&a.eval_dir.join("seed_scores.jsonl"), &buf)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nseed articles (document stance): predicted vs labeled"
    )?;
    for line in buf.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line)?;
        let id = v["doc_id"].as_str().unwrap_or("");
        let gold = doc_labels.get(id).map_or("?", String::as_str);
        let probs = v["stance_probs"].as_object().map(|m| {
            m.iter()
                .map(|(k, p)| format!("{k}={:.2}", p.as_f64().unwrap_or(0.0)))
                .collect::<Vec<_>>()
                .join(" ")
        });
        writeln!(
            out,
            "  {id}  predicted {:<15} labeled {:<15} {}",
            v["stance"].as_str().unwrap_or("error"),
            gold,
            probs.unwrap_or_default()
        )?;
    }
    eprintln!(
        "scored {} articles ({} sentences, {} errored); wrote {}",
        summary.scored,
        summary.sentences,
        summary.errored,
        a.eval_dir.join("seed_scores.jsonl").display()
    );
    Ok(0)
}
