//! Flags shared by `train`, `eval` and `reproduce`: which columns hold what, and the
//! feature and model settings (a `--config` TOML file, then flags on top).

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use stancer::data::{read_document_labels, AllowedLabels, Columns, LabeledCorpus};
use stancer::features::Lexicon;
use stancer::model::ModelParams;

#[derive(Debug, Args)]
pub struct DataArgs {
    /// Labeled CSV file(s) with one sentence per row; repeat or list several
    /// (`--test` is the same flag, for `eval --model M --test FILE`).
    #[arg(long, alias = "test", num_args = 1.., required = true)]
    pub data: Vec<PathBuf>,
    /// Column holding the sentence text.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Column holding the stance label.
    #[arg(long, default_value = "stance")]
    pub stance_col: String,
    /// Column holding the frame label; `--frame-col ''` trains the stance head only.
    #[arg(long, default_value = "frame")]
    pub frame_col: String,
    /// Column whose values are kept whole in every split (documents, outlets, targets).
    #[arg(long, default_value = "doc_id")]
    pub group_col: String,
    /// Hold out this column's values together instead of the group column's (e.g.
    /// `--split-col style` for leave-one-style-out); articles still aggregate by group.
    #[arg(long)]
    pub split_col: Option<String>,
    /// Sentence id column, used to catch duplicate rows when present.
    #[arg(long, default_value = "sent_id")]
    pub sent_col: String,
    /// Accept any label values instead of the guide's (`LABELING.md`) label sets.
    #[arg(long)]
    pub any_labels: bool,
    /// Document-level labels (CSV with the group column and a stance column), to fit and
    /// evaluate article stance.
    #[arg(long, num_args = 1..)]
    pub doc_labels: Vec<PathBuf>,
    /// Stance column of the document-label files.
    #[arg(long, default_value = "stance")]
    pub doc_stance_col: String,
    /// Frame lexicon CSV (`term,frame,note`).
    #[arg(long, default_value = "labels/frame_terms.csv")]
    pub lexicon: PathBuf,
}

impl DataArgs {
    pub fn columns(&self) -> Columns {
        Columns {
            text: self.text_col.clone(),
            stance: self.stance_col.clone(),
            frame: (!self.frame_col.is_empty()).then(|| self.frame_col.clone()),
            group: self.group_col.clone(),
            sent: (!self.sent_col.is_empty()).then(|| self.sent_col.clone()),
            split: self.split_col.clone(),
        }
    }

    pub fn corpus(&self) -> Result<LabeledCorpus> {
        let allowed = if self.any_labels {
            AllowedLabels::default()
        } else {
            AllowedLabels::guide()
        };
        Ok(LabeledCorpus::from_csvs(
            &self.data,
            &self.columns(),
            &allowed,
        )?)
    }

    pub fn lexicon(&self) -> Result<Lexicon> {
        Ok(Lexicon::from_csv(&self.lexicon)?)
    }

    pub fn document_labels(&self) -> Result<Option<BTreeMap<String, String>>> {
        if self.doc_labels.is_empty() {
            return Ok(None);
        }
        Ok(Some(read_document_labels(
            &self.doc_labels,
            &self.group_col,
            &self.doc_stance_col,
        )?))
    }
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// TOML file with `[features]`, `[stance]`, `[frame]` tables (see eval/default.toml).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Seed for every random choice (folds, the document rule's folds).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Inverse regularization strength of both heads (scikit-learn's C).
    #[arg(long = "C", alias = "c")]
    pub c: Option<f64>,
    /// Maximum L-BFGS iterations of both heads.
    #[arg(long)]
    pub max_iter: Option<u64>,
    /// Largest word n-gram.
    #[arg(long)]
    pub ngram_max: Option<usize>,
    /// Minimum document frequency of a feature.
    #[arg(long)]
    pub min_df: Option<usize>,
    /// Stem words (Snowball English).
    #[arg(long)]
    pub stem: bool,
    /// Character n-grams within words, as MIN-MAX (e.g. 2-5).
    #[arg(long, value_parser = parse_range)]
    pub char_ngrams: Option<[usize; 2]>,
    /// Do not reweight classes.
    #[arg(long)]
    pub no_balance: bool,
    /// Do not append frame-lexicon count features.
    #[arg(long)]
    pub no_lexicon_features: bool,
}

impl ModelArgs {
    pub fn params(&self) -> Result<ModelParams> {
        let mut p = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read config", path.display()))?;
                toml::from_str::<ModelParams>(&text)
                    .with_context(|| format!("{}: invalid config", path.display()))?
            }
            None => ModelParams::default(),
        };
        if let Some(s) = self.seed {
            p.seed = s;
        }
        if let Some(c) = self.c {
            p.stance.c = c;
            p.frame.c = c;
        }
        if let Some(m) = self.max_iter {
            p.stance.max_iterations = m;
            p.frame.max_iterations = m;
        }
        if let Some(n) = self.ngram_max {
            p.features.word_ngrams[1] = n;
        }
        if let Some(m) = self.min_df {
            p.features.min_df = m;
        }
        if self.stem {
            p.features.stem = true;
        }
        if self.char_ngrams.is_some() {
            p.features.char_ngrams = self.char_ngrams;
        }
        if self.no_balance {
            p.stance.balanced = false;
            p.frame.balanced = false;
        }
        if self.no_lexicon_features {
            p.features.lexicon_features = false;
        }
        p.validate()?;
        Ok(p)
    }
}

fn parse_range(s: &str) -> std::result::Result<[usize; 2], String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("expected MIN-MAX such as 2-5, got `{s}`"))?;
    let a: usize = a
        .trim()
        .parse()
        .map_err(|_| format!("`{a}` is not a number"))?;
    let b: usize = b
        .trim()
        .parse()
        .map_err(|_| format!("`{b}` is not a number"))?;
    Ok([a, b])
}
