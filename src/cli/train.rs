//! `stancer train`: fit both heads on a labeled CSV and write the model atomically.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use stancer::data::{AllowedLabels, LabeledCorpus};

use super::args::{DataArgs, ModelArgs};

/// Train a model.
///
/// Examples:
///   stancer train --data labels/seed_sentences.csv --out models/mine.json
///   stancer train --data my.csv --text-col sentence --stance-col label --frame-col '' \
///       --group-col article_id --any-labels --out models/mine.json
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Where to write the model (written to a temp file, then renamed). The default is
    /// `model.json` in the current folder, never the shipped `models/default.json`.
    #[arg(long, short = 'o', default_value = "model.json")]
    pub out: PathBuf,
}

pub fn run(a: TrainArgs) -> Result<i32> {
    // `STANCER_TIMINGS=1` prints the wall time of each stage (for the speed benches).
    let timings = std::env::var_os("STANCER_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let stage = |name: &str, t: &mut std::time::Instant| {
        if timings {
            eprintln!(
                "timing {name}: {:.3} s (RSS {}, peak so far {})",
                t.elapsed().as_secs_f64(),
                proc_status("VmRSS"),
                proc_status("VmHWM")
            );
        }
        *t = std::time::Instant::now();
    };
    let mut t = t0;
    let mut inputs = a.data.input_files();
    inputs.extend(a.model.config.iter().map(|p| ("--config", p.as_path())));
    stancer::output::refuse_paths_over_inputs(&[("--out", &a.out)], &inputs)?;
    // Opened before the work, so a path that cannot be written (a folder, a read-only
    // file) stops the run at once rather than after training.
    let mut out = stancer::output::FileSet::create(&[("--out", &a.out)])?;
    let corpus = a.data.corpus()?;
    let lexicon = a.data.lexicon()?;
    let params = a.model.params()?;
    let doc_labels = a.data.document_labels(&[&corpus])?;
    report_classes(&corpus, doc_labels.as_ref(), &a.data.allowed())?;
    stage("read", &mut t);
    let model = params.fit_owned(corpus, &lexicon, doc_labels.as_ref())?;
    stage("fit (features + heads)", &mut t);
    out.write("--out", &model.to_json_bytes(&a.out)?)?;
    out.commit()?;
    stage("save", &mut t);
    for w in model.fit_warnings() {
        eprintln!("stancer: warning: {w}");
    }
    if let Some(info) = model.stance_head().fit_info() {
        let (solver, steps, work) = match model.stance_head().model() {
            stancer::model::HeadModel::Logistic => ("sparse L-BFGS", "iterations", "evaluations"),
            stancer::model::HeadModel::LinearSvm => (
                "dual coordinate descent",
                "passes",
                "passes over all classes",
            ),
        };
        eprintln!(
            "stance head: {solver}, {} {steps} ({} {work}{}) in {:.2} s, \
             objective {:.6} (mean loss + ||W||^2/(2Cn))",
            info.iterations,
            info.evaluations,
            if info.converged {
                ""
            } else {
                ", not converged"
            },
            info.seconds,
            info.mean_objective
        );
    }
    if let Some(s) = &model.search {
        eprintln!(
            "stance head: {} chosen by inner {}-fold CV ({} {:.4})",
            stancer::eval::chosen::label(s.winner()),
            s.folds,
            s.metric,
            s.winner().mean
        );
    }
    eprintln!(
        "trained on {} sentences in {} groups ({} features); wrote {}",
        model.training.n_sentences,
        model.training.n_groups,
        model.vectorizer().n_features(),
        a.out.display()
    );
    Ok(0)
}

/// Prints the examples per class of every label set on stderr and warns about rare
/// classes.
fn report_classes(
    corpus: &LabeledCorpus,
    doc_labels: Option<&BTreeMap<String, String>>,
    allowed: &AllowedLabels,
) -> Result<()> {
    for set in corpus.class_counts(doc_labels, allowed) {
        eprintln!("{}", set.line());
        for w in set.warnings() {
            eprintln!("stancer: warning: {w}");
        }
    }
    Ok(())
}

/// A memory figure of this process (`VmRSS`, `VmHWM` = peak), where `/proc` has it.
fn proc_status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|l| l.trim_start_matches(':').trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
