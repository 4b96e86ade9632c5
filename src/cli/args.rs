//! Flags shared by `train`, `eval` and `reproduce`: which columns hold what, and the
//! feature and model settings (a `--config` TOML file, then flags on top).

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use stancer::data::{
    AllowedLabels, Columns, DocumentLabels, Encoding, GroupKey, LabeledCorpus, ReadOptions,
    RowFilter,
};
use stancer::error::StancerError;
use stancer::features::Lexicon;
use stancer::model::ModelParams;

#[derive(Debug, Args)]
pub struct DataArgs {
    /// Labeled CSV file(s) with one sentence per row; repeat or list several
    /// (`--test` is the same flag, for `eval --model M --test FILE`).
    #[arg(long, alias = "test", num_args = 1.., required = true)]
    pub data: Vec<PathBuf>,
    /// Column(s) holding the text; name two, comma-separated (`--text-col claim,headline`),
    /// and they are joined with the token `xxsep` between them.
    #[arg(long, default_value = "text", value_delimiter = ',')]
    pub text_col: Vec<String>,
    /// Column holding the stance label.
    #[arg(long, default_value = "stance")]
    pub stance_col: String,
    /// Column holding the frame label (default: `frame` if the file has it); `--frame-col ''`
    /// trains the stance head only.
    #[arg(long)]
    pub frame_col: Option<String>,
    /// Column whose values are kept whole in every split (documents, outlets, targets).
    #[arg(long, default_value = "doc_id")]
    pub group_col: String,
    /// Group by the host of the URL in the group column (`www.foxnews.com/...` →
    /// `foxnews.com`), so that no publisher is on both sides of a split.
    #[arg(long)]
    pub group_by_host: bool,
    /// Hold out this column's values together instead of the group column's (e.g.
    /// `--split-col style` for leave-one-style-out); articles still aggregate by group.
    #[arg(long)]
    pub split_col: Option<String>,
    /// Sentence id column, used to catch duplicate rows [default: `sent_id` when the file
    /// has it]; a column named here must exist, and `--sent-col ''` turns the check off.
    #[arg(long)]
    pub sent_col: Option<String>,
    /// Accept any label values instead of the guide's (`LABELING.md`) label sets.
    #[arg(long, conflicts_with = "labels")]
    pub any_labels: bool,
    /// The stance labels the data may hold, comma-separated (`--labels FAVOR,AGAINST,NONE`),
    /// instead of the guide's; any other value is an error naming its line.
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// Field delimiter: one character, or `tab` / `\t` for tab-separated files.
    #[arg(long, short = 'd', default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
    /// Treat `"` as an ordinary character (TSVs whose text holds unbalanced quotes).
    #[arg(long)]
    pub no_quoting: bool,
    /// Text encoding of the labeled files: utf8 (strict: an invalid byte is an error naming
    /// file, line and byte offset), latin1, or lossy-utf8.
    #[arg(long, default_value = "utf8", value_parser = parse_encoding)]
    pub encoding: Encoding,
    /// Read invalid UTF-8 bytes as U+FFFD instead of failing (`--encoding lossy-utf8`).
    #[arg(long, conflicts_with = "encoding")]
    pub lossy_utf8: bool,
    /// Keep only rows whose COLUMN holds VALUE (`--where split=train`); repeat to AND them.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<RowFilter>,
    /// Document-level labels (CSV with the group column and a stance column), to fit and
    /// evaluate article stance; read with the same -d, --no-quoting and --encoding as the
    /// --data files.
    #[arg(long, num_args = 1..)]
    pub doc_labels: Vec<PathBuf>,
    /// Stance column of the document-label files.
    #[arg(long, default_value = "stance")]
    pub doc_stance_col: String,
    /// Frame lexicon CSV (`term,frame,note`). Default: the guide's (built in) for the
    /// guide's labels; none with --labels / --any-labels, so term fields stay empty.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
}

impl DataArgs {
    pub fn columns(&self) -> Columns {
        let frame = match self.frame_col.as_deref() {
            None => Some("frame".to_string()),
            Some("") => None,
            Some(c) => Some(c.to_string()),
        };
        Columns {
            text: self.text_col.clone(),
            stance: self.stance_col.clone(),
            frame,
            frame_optional: self.frame_col.is_none(),
            group: self.group_col.clone(),
            group_key: if self.group_by_host {
                GroupKey::UrlHost
            } else {
                GroupKey::Value
            },
            sent: match self.sent_col.as_deref() {
                None => Some("sent_id".to_string()),
                Some("") => None,
                Some(c) => Some(c.to_string()),
            },
            sent_optional: self.sent_col.is_none(),
            split: self.split_col.clone(),
            per_group: None,
        }
    }

    pub fn read_options(&self, filters: &[RowFilter]) -> ReadOptions {
        ReadOptions {
            delimiter: self.delimiter,
            quoting: !self.no_quoting,
            encoding: if self.lossy_utf8 {
                Encoding::LossyUtf8
            } else {
                self.encoding
            },
            filters: filters.to_vec(),
        }
    }

    pub fn allowed(&self) -> AllowedLabels {
        match (&self.labels, self.any_labels) {
            (Some(l), _) => AllowedLabels {
                stance: Some(l.clone()),
                frame: None,
            },
            (None, true) => AllowedLabels::default(),
            (None, false) => AllowedLabels::guide(),
        }
    }

    pub fn corpus(&self) -> Result<LabeledCorpus> {
        self.corpus_of(&self.data, &self.filters, None)
    }

    /// Reads `paths` with these column and file settings, keeping rows that match
    /// `filters`, with an optional per-group column.
    pub fn corpus_of(
        &self,
        paths: &[PathBuf],
        filters: &[RowFilter],
        per_group: Option<&str>,
    ) -> Result<LabeledCorpus> {
        let mut cols = self.columns();
        cols.per_group = per_group.map(str::to_string);
        let corpus = LabeledCorpus::from_csvs_with(
            paths,
            &cols,
            &self.allowed(),
            &self.read_options(filters),
        )
        .map_err(|e| self.hint(e))?;
        for w in &corpus.warnings {
            eprintln!("stancer: warning: {w}");
        }
        Ok(corpus)
    }

    /// What to do about an error that a flag fixes.
    fn hint(&self, e: StancerError) -> anyhow::Error {
        let hint = match &e {
            StancerError::Encoding { .. } => {
                Some("read it with --encoding latin1 or --lossy-utf8 if that is expected")
            }
            StancerError::UnknownLabel { .. } if self.labels.is_none() && !self.any_labels => {
                Some("for a data set with labels of its own, pass --labels A,B,C or --any-labels")
            }
            _ => None,
        };
        match hint {
            Some(h) => anyhow::anyhow!("{e}\nhint: {h}"),
            None => e.into(),
        }
    }

    /// The files these flags read, each with its flag, for the check that no output
    /// replaces one.
    pub fn input_files(&self) -> Vec<(&'static str, &std::path::Path)> {
        let mut v: Vec<(&'static str, &std::path::Path)> =
            self.data.iter().map(|p| ("--data", p.as_path())).collect();
        v.extend(
            self.doc_labels
                .iter()
                .map(|p| ("--doc-labels", p.as_path())),
        );
        v.extend(self.lexicon.iter().map(|p| ("--lexicon", p.as_path())));
        v
    }

    pub fn lexicon(&self) -> Result<Lexicon> {
        match &self.lexicon {
            None => Ok(stancer::shipped::default_lexicon(&self.allowed())),
            Some(path) => Lexicon::from_csv(path).map_err(|e| {
                anyhow::anyhow!(
                    "{e}\nhint: leave out --lexicon to use the built-in guide's lexicon"
                )
            }),
        }
    }

    /// The `--doc-labels` files, checked against the sentences of `corpora` (see
    /// [`DocumentLabels`]).
    pub fn document_labels(
        &self,
        corpora: &[&LabeledCorpus],
    ) -> Result<Option<BTreeMap<String, String>>> {
        if self.doc_labels.is_empty() {
            return Ok(None);
        }
        let allowed = self.allowed();
        let labels = DocumentLabels::read_with(
            &self.doc_labels,
            &self.group_col,
            &self.doc_stance_col,
            allowed.stance.as_deref(),
            &self.read_options(&[]),
        )
        .map_err(|e| self.hint(e))?;
        for w in labels.check_against(corpora, &self.group_col)? {
            eprintln!("stancer: warning: {w}");
        }
        Ok(Some(labels.labels))
    }
}

fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    stancer::data::decode::parse_delimiter(s)
}

fn parse_encoding(s: &str) -> std::result::Result<Encoding, String> {
    s.parse()
}

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
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read config", path.display()))?;
                let mut p = toml::from_str::<ModelParams>(&text)
                    .with_context(|| format!("{}: invalid config", path.display()))?;
                // A stop-word file named in the config is relative to the config's folder.
                let base = path.parent().unwrap_or(std::path::Path::new("."));
                p.features
                    .resolve_files(base)
                    .with_context(|| format!("{}: stop_words", path.display()))?;
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
