//! Subcommands. Each module holds one subcommand's flags and its wiring to the library.

mod agreement;
mod args;
mod bench;
mod eval;
mod reproduce;
mod score;
mod train;

use clap::{Parser, Subcommand};

/// Stance and framing of English news on South Ossetia and Abkhazia.
///
/// Pipeline: sentences → TF-IDF features → two logistic heads (stance, frame) plus a
/// frame-term tagger → article stance. `stancer reproduce` rebuilds the shipped model,
/// its evaluation report and the seed scores in one go.
#[derive(Debug, Parser)]
#[command(name = "stancer", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Train a model on labeled sentences.
    Train(train::TrainArgs),
    /// Evaluate on held-out groups (hold-out, K-fold or leave-one-group-out).
    Eval(eval::EvalArgs),
    /// Score articles from files, folders, CSV, JSONL or stdin.
    Score(score::ScoreArgs),
    /// Compare feature sets on identical folds, with CIs and paired tests.
    Bench(bench::BenchArgs),
    /// Cohen's kappa between two labelings of the same sentences.
    Agreement(agreement::AgreementArgs),
    /// Rebuild the shipped model, its eval report and the seed scores from `labels/`.
    Reproduce(reproduce::ReproduceArgs),
}

/// Runs a subcommand and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Train(a) => train::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Score(a) => score::run(a),
        Command::Reproduce(a) => reproduce::run(a),
        Command::Agreement(a) => agreement::run(a),
        Command::Bench(a) => bench::run(a),
    }
}

/// The command line as typed, for reports that say how to reproduce them: quoted for a
/// POSIX shell (an empty `--frame-col ''` stays an argument), so it can be pasted back.
pub(crate) fn command_line() -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::iter::once("stancer".to_string())
        .chain(args.iter().map(|a| match shlex::try_quote(a) {
            Ok(q) => q.into_owned(),
            // A NUL byte cannot be typed into a shell at all; shown as it came.
            Err(_) => a.clone(),
        }))
        .collect::<Vec<_>>()
        .join(" ")
}
