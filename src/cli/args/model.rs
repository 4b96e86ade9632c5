//! The feature and model settings: a `--config` TOML file, then flags on top.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use stancer::model::ModelParams;

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// TOML file with `[features]`, `[stance]`, `[frame]` tables (see eval/default.toml, the
    /// shipped model's); without it, the built-in defaults (scikit-learn's names and
    /// defaults, which differ from eval/default.toml only in min_df: 1, not 2).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Seed for every random choice (folds, the document rule's folds).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Inverse regularization strength of both heads: scikit-learn's C, the key `c` of the
    /// config's [stance] and [frame] tables [default: 10, or the --config file's].
    #[arg(long = "C", alias = "c")]
    pub c: Option<f64>,
    /// Maximum L-BFGS iterations of both heads [default: 300, or the --config file's]; a
    /// head that stops here before converging is warned about.
    #[arg(long)]
    pub max_iter: Option<u64>,
    /// Largest word n-gram, at most 10 [default: 2, or the --config file's].
    #[arg(long)]
    pub ngram_max: Option<usize>,
    /// Minimum document frequency of a feature [default: 1, scikit-learn's, or the --config
    /// file's; the shipped model's eval/default.toml uses 2].
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
    /// Model family of both heads: logistic (scikit-learn's LogisticRegression) or
    /// linear_svm (LinearSVC; probabilities Platt-calibrated out of fold).
    #[arg(long, value_name = "MODEL")]
    pub classifier: Option<stancer::model::HeadModel>,
}

impl ModelArgs {
    pub fn params(&self) -> Result<ModelParams> {
        let mut p = match &self.config {
            // A stop-word file named in the config is relative to the config's folder.
            // A setting out of range is named with its file, before any flag changes it.
            Some(path) => {
                let p = ModelParams::from_toml_file(path)?;
                p.validate()
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                p
            }
            None => ModelParams::default(),
        };
        self.refuse_flags_the_config_overrides(&p)?;
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
        if let Some(m) = self.classifier {
            p.stance.model = m;
            p.frame.model = m;
        }
        p.validate()?;
        if let Some(path) = &self.config {
            for w in p.idle_settings() {
                eprintln!("stancer: warning: {}: {w}", path.display());
            }
        }
        Ok(p)
    }
}

impl ModelArgs {
    /// Flags that the config's blocks or `[search]` take the place of: each was set in the
    /// settings and ignored by the fit (`--ngram-max 1` beside a word block of 1-2,
    /// `--no-lexicon-features` beside a lexicon block, `--C` beside `[search] c`), so the
    /// model was not the one asked for and its recorded settings said it was.
    fn refuse_flags_the_config_overrides(&self, p: &ModelParams) -> Result<()> {
        let Some(path) = &self.config else {
            return Ok(());
        };
        let config = path.display();
        let blocks = p.features.is_union();
        if self.ngram_max.is_some() && blocks {
            anyhow::bail!(
                "--ngram-max: {config} gives the features as [[features.blocks]], whose word \
                 block's ngram_range sets the word n-grams, so --ngram-max would change \
                 nothing; expected the range in the word block"
            );
        }
        if self.no_lexicon_features && p.features.has_lexicon_block() {
            anyhow::bail!(
                "--no-lexicon-features: {config} has a lexicon block (analyzer = \"lexicon\"), \
                 which appends the lexicon features, so --no-lexicon-features would change \
                 nothing; expected the block left out of the config"
            );
        }
        let search = p.search.clone().unwrap_or_default();
        let searched = [
            ("--C", self.c.is_some(), "c", !search.c.is_empty()),
            (
                "--no-balance",
                self.no_balance,
                "balanced",
                !search.balanced.is_empty(),
            ),
            (
                "--classifier",
                self.classifier.is_some(),
                "model",
                !search.model.is_empty(),
            ),
        ];
        for (flag, given, key, chosen) in searched {
            if given && chosen {
                anyhow::bail!(
                    "{flag}: {config}'s [search] chooses the stance head's {key} by inner \
                     cross-validation, so {flag} would reach the frame head only; expected \
                     [frame] {key} in the config for the frame head, or [search] {key} left out"
                );
            }
        }
        Ok(())
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
