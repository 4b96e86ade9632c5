//! Which files and columns hold what: the data flags of `train`, `eval`, `bench` and
//! `reproduce`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use stancer::data::{
    AllowedLabels, Columns, DocumentLabels, Encoding, GroupKey, LabeledCorpus, ReadOptions,
    RowFilter,
};
use stancer::error::StancerError;
use stancer::features::Lexicon;

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
    /// file, line and byte offset), latin1, cp1252 (Windows-1252: what Windows programs save
    /// as "ANSI"; its quotes are control characters in latin1), or lossy-utf8.
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
        AllowedLabels::from_flags(self.labels.as_deref(), self.any_labels)
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
