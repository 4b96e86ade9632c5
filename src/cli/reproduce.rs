//! `stancer reproduce`: the main job on the shipped data, in one command.
//!
//! 1. evaluates grouped K-fold on `labels/` (in distribution);
//! 2. evaluates transfer: each style held out, each source held out (the real seed
//!    articles, the real MFA teasers, each composition round), what each real source and
//!    each composition round buys; writes `eval/report/` (report.md opens with the
//!    cross-validated figures beside the held-out ones; transfer.md has every table) and
//!    the full held-out reports in `eval/transfer/`;
//! 3. trains on all of `labels/` and writes `models/default.json` (with both figures);
//! 4. scores the seed articles in `labels/seed_articles/` into `eval/seed_scores.jsonl`
//!    and prints each article's stance beside its label.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use serde_json::json;
use stancer::data::{
    read_document_labels, read_inputs, AllowedLabels, Columns, InputOptions, LabeledCorpus,
};
use stancer::eval::figures::{check_report_dir, write_report_dir_with};
use stancer::eval::transfer::{run_suite, SuiteInput, TransferSuite};
use stancer::eval::{evaluate, SplitSpec};
use stancer::features::Lexicon;
use stancer::model::ModelParams;
use stancer::output::{write_atomic, AtomicFile};
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

/// The labeled files, seeds first: real seed articles, composed round 1, composed round 2
/// (the hard cases), composed round 3 (quotations over several sentences), composed round 4
/// (items of one to five sentences, as real teasers, briefs and excerpts are), the real MFA
/// teasers.
const SENTENCE_FILES: [&str; 6] = [
    "seed_sentences.csv",
    "composed_sentences.csv",
    "composed_hard_sentences.csv",
    "composed_quotes_sentences.csv",
    "composed_short_sentences.csv",
    "mfa_rso_sentences.csv",
];
const DOCUMENT_FILES: [&str; 6] = [
    "seed_documents.csv",
    "composed_documents.csv",
    "composed_hard_documents.csv",
    "composed_quotes_documents.csv",
    "composed_short_documents.csv",
    "mfa_rso_documents.csv",
];

/// Sentence and document files that exist, seeds first.
fn present(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| p.exists())
        .collect()
}

pub fn run(a: ReproduceArgs) -> Result<i32> {
    let sentences = present(&a.labels, &SENTENCE_FILES);
    if sentences.is_empty() {
        anyhow::bail!(
            "{}: none of {}; run `stancer reproduce` from the repository's root or pass \
             --labels DIR",
            a.labels.display(),
            SENTENCE_FILES.join(", ")
        );
    }
    // Before the data are read: a config that is not there stops the run at once.
    let params = settings(&a.config)?;
    check_outputs(&a)?;
    let documents = present(&a.labels, &DOCUMENT_FILES);
    let cols = Columns::default();
    let corpus = LabeledCorpus::from_csvs(&sentences, &cols, &AllowedLabels::guide())?;
    let lexicon = Lexicon::from_csv(&a.labels.join("frame_terms.csv"))?;
    let doc_labels = read_document_labels(&documents, "doc_id", "stance")?;

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
    print!("{}", report.to_text());

    eprintln!("[2/4] transfer: each style and each source held out (this is the slow part)");
    let suite = transfer(&a, &sentences, &documents, &lexicon, &params)?;
    let transfer_md = suite.to_markdown(&report);
    write_report_dir_with(
        &report,
        &a.eval_dir.join("report"),
        Some(&format!(
            "The cross-validated figures beside the held-out ones (every table in [transfer.md](transfer.md)):\n\n{}",
            suite.headline(&report)
        )),
        vec![
            ("transfer.md".into(), transfer_md.clone().into_bytes()),
            ("transfer.json".into(), serde_json::to_vec_pretty(&suite)?),
        ],
    )?;
    print!("\n{transfer_md}");

    eprintln!("[3/4] training on all labeled data");
    let mut model = params.fit(&corpus, &lexicon, Some(&doc_labels))?;
    let (worst, worst_strict) = suite.style.worst_stance();
    model.metrics = Some(json!({
        "evaluation": format!("grouped {}-fold, seed {}", a.folds, params.seed),
        "sentence_stance_macro_f1": report.stance.model.macro_f1,
        "sentence_frame_macro_f1": report.frame.as_ref().map(|f| f.model.macro_f1),
        "document_stance_macro_f1": report.document.as_ref().map(|d| d.model.macro_f1),
        "leave_one_style_out": {
            "sentence_stance_macro_f1": suite.style.pooled.stance.macro_f1.value,
            "document_stance_macro_f1": suite.style.pooled.document.as_ref().map(|d| d.macro_f1.value),
            "worst_style_sentence_stance_macro_f1": worst,
            "worst_style_sentence_stance_macro_f1_strict": worst_strict,
        },
        "leave_one_source_out": {
            "sentence_stance_macro_f1": suite.source.pooled.stance.macro_f1.value,
            "document_stance_macro_f1": suite.source.pooled.document.as_ref().map(|d| d.macro_f1.value),
        },
    }));
    model.save(&a.out)?;
    eprintln!("wrote {}", a.out.display());

    let seeds = a.labels.join("seed_articles");
    if !seeds.is_dir() {
        // A labels folder of one's own need not hold articles to score: the model and its
        // reports are written, and nothing is scored (before, the missing folder became an
        // error row in seed_scores.jsonl and the run still exited 0).
        eprintln!(
            "[4/4] no {} folder: no seed articles to score",
            seeds.display()
        );
        return Ok(0);
    }
    eprintln!("[4/4] scoring the seed articles");
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
    // As `stancer score`: an article that could not be scored fails the run.
    Ok(if summary.errored > 0 { 1 } else { 0 })
}

/// Opens (and drops) each file the run writes and checks the report folder, before the
/// work: an `--eval-dir` that is a file, or an `--out` that is a folder, stopped the run
/// only when it wrote there, after minutes of cross-validation (as `train` checks `--out`).
fn check_outputs(a: &ReproduceArgs) -> Result<()> {
    let transfer = a.eval_dir.join("transfer");
    for path in [
        a.out.clone(),
        transfer.join("leave_one_style_out.md"),
        transfer.join("leave_one_source_out.md"),
        a.eval_dir.join("seed_scores.jsonl"),
    ] {
        drop(AtomicFile::create(&path)?);
    }
    check_report_dir(&a.eval_dir.join("report"))?;
    Ok(())
}

/// The settings in `config`, read as `train --config` reads them (stop-word files beside
/// it, the settings checked, those the article rule never reads warned about). A missing
/// file is an error: it was taken for the built-in defaults without a word, so `reproduce
/// --config mine.toml` with a typo, or run outside the repository with `--labels`, rebuilt
/// the model and its report with settings nobody asked for.
fn settings(config: &Path) -> Result<ModelParams> {
    if !config.exists() {
        anyhow::bail!(
            "{}: no such config file (--config, default eval/default.toml, the shipped \
             model's settings); expected a TOML settings file: run `stancer reproduce` from \
             the repository's root or pass --config FILE (an empty file gives the built-in \
             defaults)",
            config.display()
        );
    }
    let params = ModelParams::from_toml_file(config)?;
    params
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {e}", config.display()))?;
    for w in params.idle_settings() {
        eprintln!("stancer: warning: {}: {w}", config.display());
    }
    Ok(params)
}

/// The transfer suite on the shipped data; the full held-out reports go to
/// `eval/transfer/`.
fn transfer(
    a: &ReproduceArgs,
    sentences: &[PathBuf],
    documents: &[PathBuf],
    lexicon: &Lexicon,
    params: &ModelParams,
) -> Result<TransferSuite> {
    let with_split = |col: &str| Columns {
        split: Some(col.into()),
        ..Columns::default()
    };
    let by_style =
        LabeledCorpus::from_csvs(sentences, &with_split("style"), &AllowedLabels::guide())?;
    let by_source =
        LabeledCorpus::from_csvs(sentences, &with_split("origin"), &AllowedLabels::guide())?;
    let docs = read_document_labels(documents, "doc_id", "stance")?;
    let sources: Vec<&str> = by_source.sentences().map(|s| s.split).collect();
    let has = |name: &str| sources.contains(&name);
    let input = SuiteInput {
        by_style: &by_style,
        by_source: &by_source,
        real: ["seed", "mfa_rso"].into_iter().filter(|r| has(r)).collect(),
        left_out: [
            ("composed_hard".to_string(), vec!["composed_hard"]),
            ("composed_quotes".to_string(), vec!["composed_quotes"]),
            ("composed_short".to_string(), vec!["composed_short"]),
            (
                "any composed text".to_string(),
                vec![
                    "composed",
                    "composed_hard",
                    "composed_quotes",
                    "composed_short",
                ],
            ),
        ]
        .into_iter()
        .filter(|(_, s)| s.iter().any(|x| has(x)))
        .collect(),
    };
    let (suite, reports) = run_suite(&input, lexicon, params, Some(&docs))?;
    let files = sentences
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let doc_files = documents
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    for (name, col, mut report) in [
        ("leave_one_style_out.md", "style", reports.style),
        ("leave_one_source_out.md", "origin", reports.source),
    ] {
        report.command = format!(
            "stancer eval --data {files} \\\n    --doc-labels {doc_files} \\\n    --config {} --split-col {col} --leave-one-group-out",
            a.config.display()
        );
        write_atomic(
            &a.eval_dir.join("transfer").join(name),
            report.to_markdown().as_bytes(),
        )?;
    }
    Ok(suite)
}
