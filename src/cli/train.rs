//! `stancer train`: fit both heads on a labeled CSV and write the model atomically.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

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
    /// Where to write the model (written to a temp file, then renamed).
    #[arg(long, short = 'o', default_value = "models/default.json")]
    pub out: PathBuf,
}

pub fn run(a: TrainArgs) -> Result<i32> {
    let corpus = a.data.corpus()?;
    let lexicon = a.data.lexicon()?;
    let params = a.model.params()?;
    let doc_labels = a.data.document_labels()?;
    let model = params.fit(&corpus, &lexicon, doc_labels.as_ref())?;
    model.save(&a.out)?;
    eprintln!(
        "trained on {} sentences in {} groups ({} features); wrote {}",
        corpus.sentences.len(),
        corpus.groups().len(),
        model.vectorizer().n_features(),
        a.out.display()
    );
    Ok(0)
}
