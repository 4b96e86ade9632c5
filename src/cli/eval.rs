//! `stancer eval`: grouped held-out evaluation with baselines.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use stancer::eval::figures::write_report_dir;
use stancer::eval::run::evaluate_with;
use stancer::eval::SplitSpec;
use stancer::model::persist::write_atomic;

use super::args::{DataArgs, ModelArgs};

/// Evaluate on held-out groups: never one document on both sides.
///
/// Examples:
///   stancer eval --data labels/seed_sentences.csv --doc-labels labels/seed_documents.csv --folds 5
///   stancer eval --data labels/seed_sentences.csv --test-frac 0.2 --seed 7 --json out.json
///   stancer eval --data labels/seed_sentences.csv --leave-one-group-out
///   stancer eval --data labels/seed_sentences.csv --folds 5 --report eval/my_report
///   stancer eval --data labels/seed_sentences.csv labels/composed_sentences.csv \
///       --doc-labels labels/seed_documents.csv labels/composed_documents.csv \
///       --split-col style --leave-one-group-out
///   stancer eval --model-file models/seed_only.json --data labels/composed_sentences.csv
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Share of rows (by whole groups) in a single held-out test split.
    #[arg(long, conflicts_with_all = ["folds", "leave_one_group_out"])]
    pub test_frac: Option<f64>,
    /// Grouped K-fold cross-validation.
    #[arg(long, conflicts_with = "leave_one_group_out")]
    pub folds: Option<usize>,
    /// Repeat grouped K-fold this many times with seeds seed, seed+1, ... (predictions
    /// pooled over repeats; fold mean ± sd over all folds).
    #[arg(long, default_value_t = 1, requires = "folds")]
    pub repeats: usize,
    /// One fold per group.
    #[arg(long)]
    pub leave_one_group_out: bool,
    /// Evaluate this trained model on the --data file(s) instead of training (no split).
    #[arg(long, alias = "model", conflicts_with_all = ["test_frac", "folds", "leave_one_group_out"])]
    pub model_file: Option<PathBuf>,
    /// Drop test sentences that (nearly) occur in training before scoring.
    #[arg(long)]
    pub dedupe: bool,
    /// Write the full report as JSON.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write the report as Markdown.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
    /// Write report.md, report.json and SVG figures (confusion heatmaps, per-class F1 with
    /// CIs, reliability diagrams, article-stance rules) into this folder.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
}

pub fn run(a: EvalArgs) -> Result<i32> {
    if let Some(path) = &a.model_file {
        let model = stancer::model::StanceModel::load(path)?;
        let test = a.data.corpus()?;
        let lexicon = model.lexicon().clone();
        let doc_labels = a.data.document_labels()?;
        let mut report = stancer::eval::evaluate_trained(
            &model,
            &path.to_string_lossy(),
            &test,
            &lexicon,
            doc_labels.as_ref(),
        );
        report.command = super::command_line();
        return finish(&a, &report);
    }
    let split = match (a.test_frac, a.folds, a.leave_one_group_out) {
        (Some(f), None, false) => SplitSpec::Holdout { test_frac: f },
        (None, Some(k), false) => SplitSpec::KFold {
            k,
            repeats: a.repeats,
        },
        (None, None, true) => SplitSpec::LeaveOneGroupOut,
        (None, None, false) => SplitSpec::Holdout { test_frac: 0.2 },
        _ => bail!("choose one of --test-frac, --folds, --leave-one-group-out"),
    };
    let corpus = a.data.corpus()?;
    let lexicon = a.data.lexicon()?;
    let params = a.model.params()?;
    let doc_labels = a.data.document_labels()?;
    let mut report = evaluate_with(
        &corpus,
        &lexicon,
        &params,
        &split,
        params.seed,
        doc_labels.as_ref(),
        a.dedupe,
    )?;
    report.command = super::command_line();
    finish(&a, &report)
}

fn finish(a: &EvalArgs, report: &stancer::eval::EvalReport) -> Result<i32> {
    print!("{}", report.to_text());
    if let Some(p) = &a.json {
        write_atomic(p, &serde_json::to_vec_pretty(report)?)?;
    }
    if let Some(p) = &a.markdown {
        write_atomic(p, report.to_markdown().as_bytes())?;
    }
    if let Some(dir) = &a.report {
        let written = write_report_dir(report, dir)?;
        eprintln!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(0)
}
