//! `stancer bench`: feature sets compared on identical folds.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use stancer::eval::bench::{run_bench, BenchConfig};
use stancer::output::FileSet;

use super::args::DataArgs;

/// Train and score every set of a config (feature sets, model families, settings) on the
/// same stratified grouped folds; rank them, and test each against the reference set
/// (paired, by group).
///
/// Examples:
///   stancer bench --data labels/seed_sentences.csv labels/composed_sentences.csv \
///       --config eval/feature_sets.toml --out eval/bench
///   stancer bench --data mine.csv --any-labels --frame-col '' --group-col outlet \
///       --config sets.toml --folds 10 --seed 7 --out results/
#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Feature sets (TOML: `reference`, `folds`, `seed`, `[base]`, `[[set]]`); default: the
    /// repository's eval/feature_sets.toml, built in.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Override the config's number of folds.
    #[arg(long)]
    pub folds: Option<usize>,
    /// One fold per value of the split column (with `--split-col style`:
    /// leave-one-style-out), overriding the config's folds.
    #[arg(long, conflicts_with = "folds")]
    pub leave_one_group_out: bool,
    /// Override the config's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Rank and test sets by this metric: accuracy, macro_f1, micro_f1, weighted_f1 or
    /// f_avg:A,B (the mean F1 of the named classes).
    #[arg(long)]
    pub metric: Option<stancer::eval::Headline>,
    /// Train one model per value of this column in every fold (e.g. SemEval's `Target`),
    /// as `eval --per-group` does, and pool their predictions.
    #[arg(long, value_name = "COL")]
    pub per_group: Option<String>,
    /// Write results.csv, results.json, results.md and results.svg here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The files `--out DIR` writes.
const RESULT_FILES: [&str; 4] = ["results.csv", "results.json", "results.md", "results.svg"];

pub fn run(a: BenchArgs) -> Result<i32> {
    if !a.data.doc_labels.is_empty() {
        anyhow::bail!(
            "--doc-labels: bench compares the sentence heads of each set and reads no article \
             labels; leave it out (stancer eval --doc-labels evaluates article stance)"
        );
    }
    let result_paths: Vec<PathBuf> = a
        .out
        .iter()
        .flat_map(|dir| RESULT_FILES.map(|f| dir.join(f)))
        .collect();
    let flagged: Vec<(&str, &std::path::Path)> = result_paths
        .iter()
        .map(|p| ("--out", p.as_path()))
        .collect();
    let mut inputs = a.data.input_files();
    inputs.extend(a.config.iter().map(|p| ("--config", p.as_path())));
    stancer::output::refuse_paths_over_inputs(&flagged, &inputs)?;
    // Opened before the run (a results path that cannot be written stops it at once) and
    // replaced together after it.
    let named: Vec<(&str, &std::path::Path)> = RESULT_FILES
        .iter()
        .zip(&result_paths)
        .map(|(f, p)| (*f, p.as_path()))
        .collect();
    let mut outputs = FileSet::create(&named)?;
    let mut config = match &a.config {
        None => BenchConfig::built_in()?,
        Some(path) => BenchConfig::from_file(path)?,
    };
    if let Some(k) = a.folds {
        config.folds = k;
    }
    if let Some(s) = a.seed {
        config.seed = s;
    }
    if a.leave_one_group_out {
        config.leave_one_group_out = true;
    }
    if let Some(m) = a.metric {
        config.metric = m;
    }
    for w in config.identical_sets_warnings() {
        eprintln!("stancer: warning: {w}");
    }
    let corpus = a
        .data
        .corpus_of(&a.data.data, &a.data.filters, a.per_group.as_deref())?;
    let lexicon = a.data.lexicon()?;
    let n_folds = if config.leave_one_group_out {
        corpus
            .sentences()
            .map(|s| s.split)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    } else {
        config.folds
    };
    let total = (config.sets.len() * n_folds) as u64;
    let bar = Bar::new(total);
    let mut report = run_bench(&corpus, &lexicon, &config, &|name| bar.step(name))?;
    bar.finish();
    report.command = super::command_line();
    print!("{}", report.to_text());
    for w in report.warnings() {
        eprintln!("stancer: warning: {w}");
    }
    if let Some(dir) = &a.out {
        let [csv, json, md, svg] = RESULT_FILES;
        outputs.write(csv, &report.to_csv()?)?;
        outputs.write(json, &serde_json::to_vec_pretty(&report)?)?;
        outputs.write(md, report.to_markdown().as_bytes())?;
        outputs.write(svg, report.to_svg()?.as_bytes())?;
        outputs.commit()?;
        eprintln!("wrote results.{{csv,json,md,svg}} to {}", dir.display());
    }
    Ok(0)
}

/// A progress bar over (set, fold) fits on stderr when it is a terminal.
struct Bar {
    #[cfg(feature = "progress")]
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    fn new(_total: u64) -> Self {
        #[cfg(feature = "progress")]
        {
            use std::io::IsTerminal;
            let bar = std::io::stderr().is_terminal().then(|| {
                let b = indicatif::ProgressBar::new(_total);
                b.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:30} {pos}/{len} folds [{elapsed}] {msg}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                b
            });
            Bar { bar }
        }
        #[cfg(not(feature = "progress"))]
        Bar {}
    }

    fn step(&self, _name: &str) {
        #[cfg(feature = "progress")]
        if let Some(b) = &self.bar {
            b.set_message(_name.to_string());
            b.inc(1);
        }
    }

    fn finish(&self) {
        #[cfg(feature = "progress")]
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
