//! `stancer eval`: grouped held-out evaluation with baselines.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use stancer::data::RowFilter;
use stancer::eval::figures::{check_report_dir, write_report_dir};
use stancer::eval::{
    evaluate_opts, evaluate_train_test, evaluate_trained_opts, EvalOptions, Headline, SplitSpec,
    TrainedEvalOptions,
};
use stancer::output::{is_inside, FileSet};

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
///   stancer eval --model models/seed_only.json --test labels/composed_sentences.csv
///
/// Data sets of other tasks (see eval/benchmarks/): tab-separated files, one model per
/// target, the task's own metric, trained on the training files and tested once:
///   stancer eval --train-data ../shared/datasets/semeval2016_task6/trialdata-all-annotations.txt \
///       ../shared/datasets/semeval2016_task6/trainingdata-all-annotations.txt \
///       --test ../shared/datasets/semeval2016_task6/testdata-taskA-all-annotations.txt \
///       -d tab --encoding latin1 --text-col Tweet --stance-col Stance --group-col ID \
///       --labels FAVOR,AGAINST,NONE --per-group Target --metric f_avg:FAVOR,AGAINST
///   stancer eval --data ../shared/datasets/emergent/emergent.csv --where split=train \
///       --text-col claim_headline,article_headline --group-col claim_id \
///       --labels for,against,observing --folds 5 --metric accuracy
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
    // `requires` alone let it pass beside --test-frac, --leave-one-group-out, --model and
    // --train-data, where it changed nothing.
    #[arg(long, default_value_t = 1, requires = "folds", conflicts_with_all = [
        "test_frac", "leave_one_group_out", "model_file", "train_data",
    ])]
    pub repeats: usize,
    /// One fold per group.
    #[arg(long)]
    pub leave_one_group_out: bool,
    /// Evaluate this trained model on the --data file(s) instead of training (no split).
    /// (The model's settings are fixed: training flags are refused beside it.)
    #[arg(long = "model", alias = "model-file", value_name = "MODEL", conflicts_with_all = [
        "test_frac", "folds", "leave_one_group_out", "config", "seed", "c", "max_iter",
        "ngram_max", "min_df", "stem", "char_ngrams", "no_balance", "no_lexicon_features",
        "classifier", "lexicon", "train_filters", "split_col",
    ])]
    pub model_file: Option<PathBuf>,
    /// Train on these labeled files (read with the same column settings), then test once on
    /// the --data / --test files: a task's official train/test split.
    #[arg(long, num_args = 1.., conflicts_with_all = ["test_frac", "folds", "leave_one_group_out", "model_file"])]
    pub train_data: Vec<PathBuf>,
    /// Row filter for the --train-data files (`--where` filters the --data files); when
    /// --train-data is not given, train rows come from --data with this filter.
    #[arg(long = "train-where", value_name = "COLUMN=VALUE")]
    pub train_filters: Vec<RowFilter>,
    /// Train one model per value of this column (e.g. SemEval's `Target`) and pool their
    /// predictions for the metrics.
    #[arg(long, value_name = "COL", conflicts_with = "model_file")]
    pub per_group: Option<String>,
    /// The headline metric, reported first with its bootstrap CI: accuracy, macro_f1,
    /// micro_f1, weighted_f1, or f_avg:CLASS,CLASS (mean F1 of those classes, pooled).
    #[arg(long, value_parser = parse_metric)]
    pub metric: Option<Headline>,
    /// Drop test sentences that (nearly) occur in training before scoring.
    #[arg(long)]
    pub dedupe: bool,
    /// Write the full report as JSON.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write every held-out prediction as CSV (level, corpus row, group, split, gold,
    /// predicted, text, probabilities): scikit-learn's `cross_val_predict`.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Write the report as Markdown.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
    /// Write report.md, report.json and SVG figures (confusion heatmaps, per-class F1 with
    /// CIs, reliability diagrams, article-stance rules) into this folder.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
}

pub fn run(a: EvalArgs) -> Result<i32> {
    refuse_outputs_over_inputs(&a)?;
    let outputs = open_outputs(&a)?;
    if let Some(path) = &a.model_file {
        let model = stancer::model::StanceModel::load(path)?;
        let test = a.data.corpus()?;
        if let Some(w) = model_frames_unmatched(&model, path, &test) {
            eprintln!("stancer: warning: {w}");
        }
        let lexicon = model.lexicon().clone();
        let doc_labels = a.data.document_labels(&[&test])?;
        let labels: Vec<String> = model.stance_labels().to_vec();
        if let Some(h) = &a.metric {
            h.check(&labels).map_err(anyhow::Error::msg)?;
        }
        let opts = TrainedEvalOptions {
            headline: a.metric.clone(),
            dedupe: a.dedupe,
            filtered: !a.data.filters.is_empty(),
        };
        let name = path.display().to_string();
        let mut report =
            evaluate_trained_opts(&model, &name, &test, &lexicon, doc_labels.as_ref(), &opts)?;
        report.command = super::command_line();
        warn_overlap(&report, &name);
        return finish(&a, &report, outputs);
    }
    let opts = EvalOptions {
        dedupe: a.dedupe,
        headline: a.metric.clone(),
    };
    let per_group = a.per_group.as_deref();
    if !a.train_data.is_empty() || !a.train_filters.is_empty() {
        if a.train_data.is_empty() && (a.data.filters.is_empty() || a.filters_overlap()) {
            bail!("--train-where needs --train-data, or --where and --train-where that pick different rows");
        }
        // Checked before the files are read.
        let params = a.model.params()?;
        // The test set is given, so the column holds nothing out; only a `[search]`'s
        // inner folds read it. Without one it was taken and ignored.
        if let (Some(col), None) = (&a.data.split_col, &params.search) {
            bail!(
                "--split-col {col}: with --train-data (or --train-where) the test rows are \
                 given, so nothing is split by it; it groups the inner folds of a config's \
                 [search] only, and there is none; expected it left out"
            );
        }
        let train_paths = if a.train_data.is_empty() {
            &a.data.data
        } else {
            &a.train_data
        };
        let train = a.data.corpus_of(train_paths, &a.train_filters, per_group)?;
        let test = a.data.corpus_of(&a.data.data, &a.data.filters, per_group)?;
        if let Some(w) = frames_on_one_side(
            &train,
            &test,
            a.data.frame_col.as_deref().unwrap_or("frame"),
        ) {
            eprintln!("stancer: warning: {w}");
        }
        let lexicon = a.data.lexicon()?;
        let doc_labels = a.data.document_labels(&[&train, &test])?;
        let mut report = evaluate_train_test(
            &train,
            &test,
            &lexicon,
            &params,
            params.seed,
            doc_labels.as_ref(),
            &opts,
        )?;
        report.command = super::command_line();
        return finish(&a, &report, outputs);
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
    let corpus = a.data.corpus_of(&a.data.data, &a.data.filters, per_group)?;
    let lexicon = a.data.lexicon()?;
    let params = a.model.params()?;
    let doc_labels = a.data.document_labels(&[&corpus])?;
    let mut report = evaluate_opts(
        &corpus,
        &lexicon,
        &params,
        &split,
        params.seed,
        doc_labels.as_ref(),
        &opts,
    )?;
    report.command = super::command_line();
    finish(&a, &report, outputs)
}

/// Refuses a report file (`--json`, `--markdown`, `--predictions`) that is one of the
/// files the run reads.
fn refuse_outputs_over_inputs(a: &EvalArgs) -> Result<()> {
    let mut inputs = a.data.input_files();
    inputs.extend(a.train_data.iter().map(|p| ("--train-data", p.as_path())));
    inputs.extend(a.model.config.iter().map(|p| ("--config", p.as_path())));
    inputs.extend(a.model_file.iter().map(|p| ("--model", p.as_path())));
    Ok(stancer::output::refuse_paths_over_inputs(
        &a.output_files(),
        &inputs,
    )?)
}

/// The report files, opened before the evaluation so that a path that cannot be written
/// (or two flags naming one file) stops the run at once, and the `--report` folder checked
/// likewise; they are replaced together at the end ([`FileSet`]).
fn open_outputs(a: &EvalArgs) -> Result<FileSet> {
    let paths = a.output_files();
    if let Some(dir) = &a.report {
        if let Some((flag, file)) = paths.iter().find(|(_, p)| is_inside(p, dir)) {
            bail!(
                "{flag} {}: is inside the --report folder {}, which is replaced as a whole; \
                 expected a path outside it",
                file.display(),
                dir.display()
            );
        }
        check_report_dir(dir)?;
    }
    Ok(FileSet::create(&paths)?)
}

impl EvalArgs {
    /// The report files asked for, by flag.
    fn output_files(&self) -> Vec<(&'static str, &std::path::Path)> {
        [
            ("--json", &self.json),
            ("--markdown", &self.markdown),
            ("--predictions", &self.predictions),
        ]
        .into_iter()
        .filter_map(|(flag, p)| p.as_deref().map(|p| (flag, p)))
        .collect()
    }

    /// Whether the training rows would be the test rows (same files, same filters).
    fn filters_overlap(&self) -> bool {
        self.train_filters == self.data.filters
    }
}

/// The warning when only one side of a train/test evaluation has frame labels (the
/// default frame column is read where a file has it): the frame head is then neither
/// evaluated nor, when only the test side has them, trained, and the frame labels that
/// were read count for nothing. Within one side, `from_csvs` already names the files.
fn frames_on_one_side(
    train: &stancer::data::LabeledCorpus,
    test: &stancer::data::LabeledCorpus,
    column: &str,
) -> Option<String> {
    let (with, without, consequence) = match (train.has_frames(), test.has_frames()) {
        (true, false) => (
            train,
            test,
            "the frame head is trained but not evaluated, and the report has no frame scores",
        ),
        (false, true) => (
            test,
            train,
            "the frame head is not trained, so the test files' frame labels are not evaluated",
        ),
        _ => return None,
    };
    let side = |c: &stancer::data::LabeledCorpus| c.source_names().join(", ");
    Some(format!(
        "the frame column `{column}` is in {} but not in {}: {consequence}; expected frame \
         labels on both sides (or --frame-col '' to say that only the stance head is wanted)",
        side(with),
        side(without)
    ))
}

/// [`frames_on_one_side`] for `eval --model`: a model with a frame head tested on files
/// without frame labels (no frame scores in the report), or one without a frame head
/// tested on files with them (their frame labels read and not evaluated).
fn model_frames_unmatched(
    model: &stancer::model::StanceModel,
    path: &std::path::Path,
    test: &stancer::data::LabeledCorpus,
) -> Option<String> {
    let files = test.source_names().join(", ");
    match (model.frame_head().is_some(), test.has_frames()) {
        (true, false) => Some(format!(
            "{} has a frame head, but {files} hold no frame labels: the frame head is not \
             evaluated, and the report has no frame scores",
            path.display()
        )),
        (false, true) => Some(format!(
            "{files} hold frame labels, but {} has no frame head: they are not evaluated",
            path.display()
        )),
        _ => None,
    }
}

/// A loud line on stderr when test sentences occur in the model's training data.
fn warn_overlap(report: &stancer::eval::EvalReport, model: &str) {
    if let Some(w) = report.overlap_warning(model) {
        eprintln!("stancer: warning: {w}");
    }
}

fn parse_metric(s: &str) -> std::result::Result<Headline, String> {
    s.parse()
}

fn finish(a: &EvalArgs, report: &stancer::eval::EvalReport, mut outputs: FileSet) -> Result<i32> {
    print!("{}", report.to_text());
    for w in report.warnings() {
        eprintln!("stancer: warning: {w}");
    }
    if a.predictions.is_some() {
        if let Some(w) = report.predictions.formula_warning() {
            eprintln!("stancer: warning: {w}");
        }
        let mut buf = Vec::new();
        report.predictions.write_csv(&mut buf)?;
        outputs.write("--predictions", &buf)?;
    }
    if a.json.is_some() {
        outputs.write("--json", &serde_json::to_vec_pretty(report)?)?;
    }
    if a.markdown.is_some() {
        outputs.write("--markdown", report.to_markdown().as_bytes())?;
    }
    let written = match &a.report {
        Some(dir) => Some((write_report_dir(report, dir)?, dir)),
        None => None,
    };
    outputs.commit()?;
    if let Some((written, dir)) = written {
        eprintln!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(0)
}
