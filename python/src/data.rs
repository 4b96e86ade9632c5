//! `train` and `evaluate` on a labeled DataFrame.
//!
//! The Python side hands the frame over as CSV bytes (only the named columns), and the
//! library reads them with the same reader, the same checks and the same messages as a
//! labeled file given to `stancer train` (`LabeledCorpus::from_csv_bytes`); the lexicon
//! and settings follow the CLI's rules too.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pyo3::prelude::*;
use stancer::data::{AllowedLabels, Columns, DocumentLabels, GroupKey, LabeledCorpus, ReadOptions};
use stancer::error::StancerError;
use stancer::eval::{
    evaluate_opts, evaluate_trained_opts, EvalOptions, SplitSpec, TrainedEvalOptions,
};
use stancer::features::Lexicon;
use stancer::model::ModelParams;

use super::{error, user_warnings, Model};

/// Which columns hold what and which labels and lexicon apply: the CLI's `DataArgs`.
pub(crate) struct DataSpec {
    pub(crate) source: String,
    pub(crate) text_col: Vec<String>,
    pub(crate) stance_col: String,
    pub(crate) frame_col: Option<String>,
    pub(crate) group_col: String,
    pub(crate) sent_col: Option<String>,
    pub(crate) labels: Option<Vec<String>>,
    pub(crate) any_labels: bool,
    pub(crate) lexicon: Option<PathBuf>,
}

impl DataSpec {
    fn allowed(&self) -> AllowedLabels {
        AllowedLabels::from_flags(self.labels.as_deref(), self.any_labels)
    }

    fn corpus(&self, csv: Vec<u8>) -> PyResult<LabeledCorpus> {
        self.corpus_split(csv, None, None)
    }

    /// [`corpus`](Self::corpus) held out by `split` (`--split-col`) instead of the group
    /// column, with one model per `per_group` value (`--per-group`).
    pub(crate) fn corpus_split(
        &self,
        csv: Vec<u8>,
        split: Option<String>,
        per_group: Option<String>,
    ) -> PyResult<LabeledCorpus> {
        let cols = Columns {
            text: self.text_col.clone(),
            stance: self.stance_col.clone(),
            frame: self.frame_col.clone(),
            frame_optional: false,
            group: self.group_col.clone(),
            group_key: GroupKey::Value,
            sent: self.sent_col.clone(),
            // A column named from Python must exist, as one named with `--sent-col`.
            sent_optional: false,
            split,
            per_group,
        };
        LabeledCorpus::from_csv_bytes(
            &self.source,
            csv,
            &cols,
            &self.allowed(),
            &ReadOptions::default(),
        )
        .map_err(|e| match e {
            StancerError::UnknownLabel { .. } if self.labels.is_none() && !self.any_labels => {
                error(format!(
                    "{e}\nhint: for a data set with labels of its own, pass labels=[\"A\", \"B\", ...] or labels=\"any\""
                ))
            }
            e => error(e),
        })
    }

    /// `doc_labels=` checked as the CLI checks `--doc-labels`: labels in the label set,
    /// and some of them naming an article of `corpus`; with the CLI's warnings about labels
    /// and articles left unused, for the caller to issue once it holds the GIL.
    fn document_labels(
        &self,
        map: Option<BTreeMap<String, String>>,
        corpus: &LabeledCorpus,
        warnings: &mut Vec<String>,
    ) -> PyResult<Option<BTreeMap<String, String>>> {
        let Some(map) = map else { return Ok(None) };
        let allowed = self.allowed();
        let labels = DocumentLabels::from_map(
            "doc_labels",
            map,
            &self.group_col,
            allowed.stance.as_deref(),
        )
        .map_err(error)?;
        warnings.extend(
            labels
                .check_against(&[corpus], &self.group_col)
                .map_err(error)?,
        );
        Ok(Some(labels.labels))
    }

    /// The CLI's rule: the named lexicon, else the guide's for the guide's labels, else none.
    pub(crate) fn lexicon(&self) -> PyResult<Lexicon> {
        match &self.lexicon {
            None => Ok(stancer::shipped::default_lexicon(&self.allowed())),
            Some(p) => Lexicon::from_csv(p).map_err(error),
        }
    }
}

/// Settings: a TOML file (as `--config`), or the same tables as JSON, then the seed.
fn params(
    config_toml: Option<PathBuf>,
    config_json: Option<String>,
    seed: Option<u64>,
) -> PyResult<ModelParams> {
    let mut p = match (config_toml, config_json) {
        // A stop-word file named in the config is read beside it, as `--config` reads it:
        // left to the fit, it was read from the working directory (another file, or
        // none), and the model kept the file's name instead of its words.
        (Some(path), _) => ModelParams::from_toml_file(&path).map_err(error)?,
        (None, Some(json)) => serde_json::from_str::<ModelParams>(&json)
            .map_err(|e| error(format!("invalid config: {e}")))?,
        (None, None) => ModelParams::default(),
    };
    if let Some(s) = seed {
        p.seed = s;
    }
    p.validate().map_err(error)?;
    Ok(p)
}

/// Trains a model on labeled CSV bytes; see `stancer.train`.
#[pyfunction]
#[pyo3(signature = (csv, text_col, stance_col, frame_col, group_col, sent_col=None, labels=None,
    any_labels=false, lexicon=None, config_toml=None, config_json=None, seed=None,
    doc_labels=None, source="DataFrame".to_string()))]
#[allow(clippy::too_many_arguments)]
pub fn train(
    py: Python<'_>,
    csv: Vec<u8>,
    text_col: Vec<String>,
    stance_col: String,
    frame_col: Option<String>,
    group_col: String,
    sent_col: Option<String>,
    labels: Option<Vec<String>>,
    any_labels: bool,
    lexicon: Option<PathBuf>,
    config_toml: Option<PathBuf>,
    config_json: Option<String>,
    seed: Option<u64>,
    doc_labels: Option<BTreeMap<String, String>>,
    source: String,
) -> PyResult<Model> {
    let spec = DataSpec {
        source,
        text_col,
        stance_col,
        frame_col,
        group_col,
        sent_col,
        labels,
        any_labels,
        lexicon,
    };
    let lexicon = spec.lexicon()?;
    let params = params(config_toml, config_json, seed)?;
    let name = spec.source.clone();
    // Article-head settings the chosen rule never reads, as the CLI warns of them.
    let mut warnings = params.idle_settings();
    let model = py.detach(|| -> PyResult<_> {
        let corpus = spec.corpus(csv)?;
        // The reader's warnings (rows without a group ...), as the CLI prints them.
        warnings.extend(corpus.warnings.iter().cloned());
        let doc_labels = spec.document_labels(doc_labels, &corpus, &mut warnings)?;
        // The CLI's warnings about rare classes (often a typo that labels="any" took for a
        // class) and unconverged heads: they were left out here.
        for set in corpus.class_counts(doc_labels.as_ref(), &spec.allowed()) {
            warnings.extend(set.warnings());
        }
        let model = params
            .fit_owned(corpus, &lexicon, doc_labels.as_ref())
            .map_err(error)?;
        // Unconverged heads, the article rule asked for when another took its place, and
        // its failed out-of-fold fits: what `stancer train` prints.
        warnings.extend(model.fit_warnings());
        // Its id is that of the file `Model.save` would write.
        let bytes = model
            .to_json_bytes(std::path::Path::new(&name))
            .map_err(error)?;
        Ok((model, stancer::score::model_id(&bytes)))
    });
    // The warnings gathered before a failure too: they may be what explains it.
    user_warnings(py, &warnings)?;
    let model = model?;
    Ok(Model::new(model.0, format!("trained on {name}"), model.1))
}

/// Evaluates on labeled CSV bytes (held-out groups, or a trained `model`) and returns the
/// report as JSON; see `stancer.evaluate`.
#[pyfunction]
#[pyo3(signature = (csv, text_col, stance_col, frame_col, group_col, sent_col=None, labels=None,
    any_labels=false, lexicon=None, config_toml=None, config_json=None, seed=None,
    doc_labels=None, folds=None, repeats=1, test_frac=None, leave_one_group_out=false,
    dedupe=false, model=None, source="DataFrame".to_string()))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    py: Python<'_>,
    csv: Vec<u8>,
    text_col: Vec<String>,
    stance_col: String,
    frame_col: Option<String>,
    group_col: String,
    sent_col: Option<String>,
    labels: Option<Vec<String>>,
    any_labels: bool,
    lexicon: Option<PathBuf>,
    config_toml: Option<PathBuf>,
    config_json: Option<String>,
    seed: Option<u64>,
    doc_labels: Option<BTreeMap<String, String>>,
    folds: Option<usize>,
    repeats: usize,
    test_frac: Option<f64>,
    leave_one_group_out: bool,
    dedupe: bool,
    model: Option<PyRef<'_, Model>>,
    source: String,
) -> PyResult<String> {
    let spec = DataSpec {
        source,
        text_col,
        stance_col,
        frame_col,
        group_col,
        sent_col,
        labels,
        any_labels,
        lexicon,
    };
    if let Some(m) = model {
        // The CLI refuses training flags beside `eval --model`; here they were taken and
        // ignored, so `folds=5` gave a report on the whole frame with a fixed model.
        let given: Vec<&str> = [
            ("folds=", folds.is_some()),
            ("repeats=", repeats != 1),
            ("test_frac=", test_frac.is_some()),
            ("leave_one_group_out=", leave_one_group_out),
            ("config=", config_toml.is_some() || config_json.is_some()),
            ("seed=", seed.is_some()),
            ("lexicon=", spec.lexicon.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if !given.is_empty() {
            return Err(error(format!(
                "{}: model= evaluates a trained model on all of the DataFrame, with its own \
                 settings and lexicon, so these would change nothing; expected them left out \
                 (or model= left out, to train and split)",
                given.join(", ")
            )));
        }
        let (inner, name) = (std::sync::Arc::clone(&m.inner), m.source.clone());
        drop(m);
        let mut warnings = Vec::new();
        let report = py.detach(|| -> PyResult<_> {
            let test = spec.corpus(csv)?;
            warnings.extend(test.warnings.iter().cloned());
            let doc_labels = spec.document_labels(doc_labels, &test, &mut warnings)?;
            let lexicon = inner.lexicon().clone();
            let opts = TrainedEvalOptions {
                headline: None,
                dedupe,
                filtered: false,
            };
            let report =
                evaluate_trained_opts(&inner, &name, &test, &lexicon, doc_labels.as_ref(), &opts)
                    .map_err(error)?;
            // The CLI's warnings after its report (test sentences in the training data,
            // classes without gold examples, unconverged heads): left out here before.
            warnings.extend(report.overlap_warning(&format!("the model ({name})")));
            warnings.extend(report.warnings());
            Ok(report)
        });
        // The warnings gathered before a failure too: they may be what explains it.
        user_warnings(py, &warnings)?;
        let mut report = report?;
        report.command = "stancer.evaluate(model=...)".into();
        return serde_json::to_string(&report).map_err(error);
    }
    let split = match (test_frac, folds, leave_one_group_out) {
        (Some(f), None, false) => SplitSpec::Holdout { test_frac: f },
        (None, Some(k), false) => SplitSpec::KFold { k, repeats },
        (None, None, true) => SplitSpec::LeaveOneGroupOut,
        (None, None, false) => SplitSpec::KFold { k: 5, repeats },
        _ => {
            return Err(error(
                "choose one of folds=, test_frac=, leave_one_group_out=True",
            ))
        }
    };
    let lexicon = spec.lexicon()?;
    let params = params(config_toml, config_json, seed)?;
    let opts = EvalOptions {
        dedupe,
        headline: None,
    };
    let mut warnings = Vec::new();
    let report = py.detach(|| -> PyResult<_> {
        let corpus = spec.corpus(csv)?;
        warnings.extend(corpus.warnings.iter().cloned());
        let doc_labels = spec.document_labels(doc_labels, &corpus, &mut warnings)?;
        evaluate_opts(
            &corpus,
            &lexicon,
            &params,
            &split,
            params.seed,
            doc_labels.as_ref(),
            &opts,
        )
        .map_err(error)
        .inspect(|report| warnings.extend(report.warnings()))
    });
    // The warnings gathered before a failure too: they may be what explains it.
    user_warnings(py, &warnings)?;
    let mut report = report?;
    report.command = "stancer.evaluate(...)".into();
    serde_json::to_string(&report).map_err(error)
}
