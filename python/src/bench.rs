//! `bench` on a labeled DataFrame: feature sets, model families and settings compared on
//! the same folds, as `stancer bench` compares them on a CSV.

use std::path::PathBuf;

use pyo3::prelude::*;
use stancer::eval::bench::{run_bench, BenchConfig};
use stancer::eval::Headline;

use super::data::DataSpec;
use super::{error, user_warnings};

/// The sets to compare: a TOML file (as `--config`, its stop-word files read beside it),
/// the same tables as JSON, or the built-in `eval/feature_sets.toml`.
fn config(config_toml: Option<PathBuf>, config_json: Option<String>) -> PyResult<BenchConfig> {
    match (config_toml, config_json) {
        (Some(path), _) => BenchConfig::from_file(&path).map_err(error),
        (None, Some(json)) => {
            // The dict's tables as TOML, so that it is read by the one reader and its checks.
            let value: toml::Value = serde_json::from_str(&json)
                .map_err(|e| error(format!("bench config: {e} (expected TOML's tables)")))?;
            let text = toml::to_string(&value).map_err(|e| error(format!("bench config: {e}")))?;
            BenchConfig::from_made_toml(&text, "bench config").map_err(error)
        }
        (None, None) => BenchConfig::built_in().map_err(error),
    }
}

/// Runs a benchmark on labeled CSV bytes; returns `results.csv` and `results.json` as
/// `stancer bench --out` writes them. See `stancer.bench`.
#[pyfunction]
#[pyo3(signature = (csv, text_col, stance_col, frame_col, group_col, sent_col=None,
    split_col=None, per_group=None, labels=None, any_labels=false, lexicon=None,
    config_toml=None, config_json=None, folds=None, leave_one_group_out=false, seed=None,
    metric=None, source="DataFrame".to_string()))]
#[allow(clippy::too_many_arguments)]
pub fn bench(
    py: Python<'_>,
    csv: Vec<u8>,
    text_col: Vec<String>,
    stance_col: String,
    frame_col: Option<String>,
    group_col: String,
    sent_col: Option<String>,
    split_col: Option<String>,
    per_group: Option<String>,
    labels: Option<Vec<String>>,
    any_labels: bool,
    lexicon: Option<PathBuf>,
    config_toml: Option<PathBuf>,
    config_json: Option<String>,
    folds: Option<usize>,
    leave_one_group_out: bool,
    seed: Option<u64>,
    metric: Option<String>,
    source: String,
) -> PyResult<(String, String)> {
    if folds.is_some() && leave_one_group_out {
        return Err(error("choose one of folds= and leave_one_group_out=True"));
    }
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
    let mut config = config(config_toml, config_json)?;
    if let Some(k) = folds {
        config.folds = k;
    }
    if let Some(s) = seed {
        config.seed = s;
    }
    if leave_one_group_out {
        config.leave_one_group_out = true;
    }
    if let Some(m) = metric {
        config.metric = m
            .parse::<Headline>()
            .map_err(|e| error(format!("metric: {e}")))?;
    }
    let lexicon = spec.lexicon()?;
    let mut warnings = config.identical_sets_warnings();
    let report = py.detach(|| -> PyResult<_> {
        let corpus = spec.corpus_split(csv, split_col, per_group)?;
        warnings.extend(corpus.warnings.iter().cloned());
        run_bench(&corpus, &lexicon, &config, &|_| {})
            .map_err(error)
            // Sets whose fits stopped before converging, as the CLI warns of them.
            .inspect(|report| warnings.extend(report.warnings()))
    });
    // The warnings gathered before a failure too: they may be what explains it.
    user_warnings(py, &warnings)?;
    let mut report = report?;
    report.command = "stancer.bench(...)".into();
    let table = String::from_utf8(report.to_csv().map_err(error)?).map_err(error)?;
    let json = serde_json::to_string(&report).map_err(error)?;
    Ok((table, json))
}
