//! `stancer reproduce`: the main job on the shipped data, in one command.
//!
//! 1. evaluates grouped K-fold on `labels/` and writes `eval/report/` (report.md with its
//!    SVG figures, report.json);
//! 2. trains on all of `labels/` and writes `models/default.json` (with the CV metrics);
//! 3. measures what the composed corpus buys: leave-one-style-out on all of `labels/`
//!    beside a seed-only model tested on the composed articles (`eval/corpus_gain.md`);
//! 4. scores the seed articles in `labels/seed_articles/` into `eval/seed_scores.jsonl`
//!    and prints each article's stance beside its label.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use stancer::data::{
    read_document_labels, read_inputs, AllowedLabels, Columns, InputOptions, LabeledCorpus,
};
use stancer::eval::figures::write_report_dir;
use stancer::eval::{evaluate, SplitSpec};
use stancer::features::Lexicon;
use stancer::model::ModelParams;
use stancer::output::write_atomic;
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
    if sentences.is_empty() {
        anyhow::bail!(
            "{}: no seed_sentences.csv or composed_sentences.csv; run `stancer reproduce` \
             from the repository's root or pass --labels DIR",
            a.labels.display()
        );
    }
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
        "[1/4] grouped {}-fold evaluation on {} sentences",
        a.folds,
        corpus.len()
    );
    let split = SplitSpec::KFold {
        k: a.folds,
        repeats: 1,
    };
    let mut report = evaluate(
        &corpus,
        &lexicon,
        &params,
        &split,
        params.seed,
        Some(&doc_labels),
    )?;
    report.command = super::command_line();
    write_report_dir(&report, &a.eval_dir.join("report"))?;
    print!("{}", report.to_text());

    eprintln!("[2/4] training on all labeled data");
    let mut model = params.fit(&corpus, &lexicon, Some(&doc_labels))?;
    model.metrics = Some(json!({
        "evaluation": format!("grouped {}-fold, seed {}", a.folds, params.seed),
        "sentence_stance_macro_f1": report.stance.model.macro_f1,
        "sentence_frame_macro_f1": report.frame.as_ref().map(|f| f.model.macro_f1),
        "document_stance_macro_f1": report.document.as_ref().map(|d| d.model.macro_f1),
    }));
    model.save(&a.out)?;
    eprintln!("wrote {}", a.out.display());

    eprintln!("[3/4] leave-one-style-out, and a seed-only model on the composed corpus");
    corpus_gain(&a, &sentences, &documents, &lexicon, &params)?;

    eprintln!("[4/4] scoring the seed articles");
    let seeds = a.labels.join("seed_articles");
    let inputs = vec![seeds.to_string_lossy().into_owned()];
    let opts = ScoreOptions {
        format: OutputFormat::Jsonl,
        level: Level::Document,
        on_error: OnError::Record,
        batch_size: 64,
        model_id: super::score::model_id(&a.out)?,
        ..ScoreOptions::default()
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

/// Leave-one-style-out on everything beside the seed-only model tested on the composed
/// articles, written to `eval/corpus_gain.md` (and the two full reports beside it).
fn corpus_gain(
    a: &ReproduceArgs,
    sentences: &[PathBuf],
    documents: &[PathBuf],
    lexicon: &Lexicon,
    params: &ModelParams,
) -> Result<()> {
    let (Some(seed_s), Some(seed_d)) = (sentences.first(), documents.first()) else {
        return Ok(());
    };
    if sentences.len() < 2 {
        return Ok(());
    }
    let by_style = Columns {
        split: Some("style".into()),
        ..Columns::default()
    };
    let all = LabeledCorpus::from_csvs(sentences, &by_style, &AllowedLabels::guide())?;
    let all_docs = read_document_labels(documents, "doc_id", "stance")?;
    let mut loso = evaluate(
        &all,
        lexicon,
        params,
        &SplitSpec::LeaveOneGroupOut,
        params.seed,
        Some(&all_docs),
    )?;
    loso.command = "stancer eval --data labels/seed_sentences.csv labels/composed_sentences.csv \\\n    --doc-labels labels/seed_documents.csv labels/composed_documents.csv \\\n    --config eval/default.toml --split-col style --leave-one-group-out".into();
    write_atomic(
        &a.eval_dir.join("leave_one_style_out.md"),
        loso.to_markdown().as_bytes(),
    )?;

    let seeds = LabeledCorpus::from_csvs(
        std::slice::from_ref(seed_s),
        &Columns::default(),
        &AllowedLabels::guide(),
    )?;
    let seed_docs = read_document_labels(std::slice::from_ref(seed_d), "doc_id", "stance")?;
    let seed_model = params.fit(&seeds, lexicon, Some(&seed_docs))?;
    let composed = LabeledCorpus::from_csvs(
        &sentences[1..],
        &Columns::default(),
        &AllowedLabels::guide(),
    )?;
    let composed_docs = read_document_labels(&documents[1..], "doc_id", "stance")?;
    let mut seed_only = stancer::eval::evaluate_trained(
        &seed_model,
        "seed-only",
        &composed,
        lexicon,
        Some(&composed_docs),
    )?;
    seed_only.command = "stancer train --data labels/seed_sentences.csv --doc-labels labels/seed_documents.csv \\\n    --config eval/default.toml --out seed_only.json\nstancer eval --model seed_only.json --test labels/composed_sentences.csv \\\n    --doc-labels labels/composed_documents.csv".into();
    write_atomic(
        &a.eval_dir.join("seed_only_on_composed.md"),
        seed_only.to_markdown().as_bytes(),
    )?;

    let f = |h: Option<&stancer::eval::HeadEval>| {
        h.map_or("-".to_string(), |h| format!("{:.3}", h.model.macro_f1))
    };
    let mut md =
        String::from("# What the composed corpus buys\n\nWritten by `stancer reproduce`.\n\n");
    md += "| model | trained on | tested on | stance macro-F1 | frame macro-F1 | document macro-F1 |\n|---|---|---|---|---|---|\n";
    md += &format!(
        "| seed-only | {} seed sentences (5 articles) | all {} composed sentences ({} articles) | {} | {} | {} |\n",
        seeds.len(), composed.len(), composed.groups().len(),
        f(Some(&seed_only.stance)), f(seed_only.frame.as_ref()), f(seed_only.document.as_ref())
    );
    md += &format!(
        "| seeds + composed | all styles but the held-out one | each of {} styles in turn ({} sentences) | {} | {} | {} |\n",
        loso.folds.len(), all.len(),
        f(Some(&loso.stance)), f(loso.frame.as_ref()), f(loso.document.as_ref())
    );
    md += "\nThe two rows do not share a test set (the seed-only model is tested on the composed\narticles only; leave-one-style-out tests every article, seeds included), so read the gap\nas indicative.\n";
    md += "\nSentence stance macro-F1 per held-out style (leave-one-style-out; over the labels\npresent in that style):\n\n| style | macro-F1 |\n|---|---|\n";
    for (fold, f1) in loso.folds.iter().zip(&loso.stance.fold_macro_f1) {
        md += &format!("| {} | {:.3} |\n", fold.test_groups.join(", "), f1);
    }
    md += "\nFull reports: [leave_one_style_out.md](leave_one_style_out.md), [seed_only_on_composed.md](seed_only_on_composed.md).\n";
    write_atomic(&a.eval_dir.join("corpus_gain.md"), md.as_bytes())?;
    print!("\n{md}");
    Ok(())
}
