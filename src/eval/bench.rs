//! Benchmark runs: which features carry stance here? Every feature set is trained and
//! scored on the same grouped folds, so differences are the features', not the split's,
//! and each set is tested against a reference set with a paired, group-level test.
//!
//! A config names the shared settings once and each set's changes on top of them:
//!
//! ```toml
//! reference = "uni+bigram"
//! folds = 5
//! seed = 42
//! [base.features]        # a ModelParams, as in eval/default.toml
//! min_df = 2
//! [[set]]
//! name = "unigram"
//! [set.features]
//! word_ngrams = [1, 1]
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::bootstrap::{bootstrap_metric, group_bootstrap, BootstrapCi, Interval};
use super::headline::Headline;
use super::metrics::ClassificationReport;
use super::pool::RESAMPLES;
use super::run::{make_folds, mean_sd, SplitSpec};
use super::significance::{paired_test, PairedTest};
use super::split::Fold;
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::{Analyzer, Lexicon, TfidfVectorizer};
use crate::model::{LogisticHead, ModelParams};

/// A parsed benchmark config: shared settings merged into every named set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchConfig {
    /// The set every other set is tested against.
    pub reference: String,
    pub folds: usize,
    /// One fold per value of the split column (`--split-col style`: leave-one-style-out)
    /// instead of `folds` stratified grouped folds: how a feature set transfers to a
    /// style it never saw.
    pub leave_one_group_out: bool,
    pub seed: u64,
    /// Which head is compared: `stance` or `frame`.
    pub head: Head,
    /// The metric sets are ranked and tested by (`macro_f1` unless named).
    pub metric: Headline,
    pub sets: Vec<FeatureSet>,
}

/// The label a benchmark predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Head {
    Stance,
    Frame,
}

/// One named feature set with its full settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureSet {
    pub name: String,
    pub params: ModelParams,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    reference: Option<String>,
    #[serde(default = "default_folds")]
    folds: usize,
    #[serde(default)]
    leave_one_group_out: bool,
    #[serde(default = "default_seed")]
    seed: u64,
    #[serde(default = "default_head")]
    head: Head,
    metric: Option<String>,
    #[serde(default)]
    base: Option<toml::Table>,
    #[serde(default)]
    set: Vec<toml::Table>,
}

fn default_folds() -> usize {
    5
}
fn default_seed() -> u64 {
    42
}
fn default_head() -> Head {
    Head::Stance
}

/// Tables of `over` replace keys of `base` one level down (so `[set.features]` changes
/// only the feature keys it names).
fn merge(mut base: toml::Table, over: toml::Table) -> toml::Table {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => {
                let merged = merge(std::mem::take(b), o);
                *b = merged;
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
    base
}

impl BenchConfig {
    /// Parses a config; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let bad = |m: String| StancerError::Config(format!("{origin}: {m}"));
        let raw: RawConfig = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if raw.set.is_empty() {
            return Err(bad("no [[set]] defined".into()));
        }
        let base = raw.base.unwrap_or_default();
        let mut sets = Vec::new();
        for mut table in raw.set {
            let name = match table.remove("name") {
                Some(toml::Value::String(n)) => n,
                _ => return Err(bad("every [[set]] needs a name = \"...\"".into())),
            };
            if sets.iter().any(|s: &FeatureSet| s.name == name) {
                return Err(bad(format!("set `{name}` is defined twice")));
            }
            let params: ModelParams = toml::Value::Table(merge(base.clone(), table))
                .try_into()
                .map_err(|e| bad(format!("set `{name}`: {e}")))?;
            params
                .validate()
                .map_err(|e| bad(format!("set `{name}`: {e}")))?;
            sets.push(FeatureSet { name, params });
        }
        let reference = raw.reference.unwrap_or_else(|| sets[0].name.clone());
        if !sets.iter().any(|s| s.name == reference) {
            return Err(bad(format!("reference set `{reference}` is not defined")));
        }
        let metric = match raw.metric {
            Some(m) => m.parse().map_err(bad)?,
            None => Headline::MacroF1,
        };
        Ok(BenchConfig {
            reference,
            folds: raw.folds,
            leave_one_group_out: raw.leave_one_group_out,
            seed: raw.seed,
            head: raw.head,
            metric,
            sets,
        })
    }
}

impl BenchConfig {
    /// How the folds are made, as the reports say it.
    pub fn split_name(&self) -> String {
        if self.leave_one_group_out {
            "leave-one-group-out".into()
        } else {
            format!("stratified grouped {}-fold", self.folds)
        }
    }
}

/// One set's results over all folds.
#[derive(Debug, Clone, Serialize)]
pub struct SetResult {
    pub name: String,
    pub params: ModelParams,
    /// The config's metric on the pooled predictions, with its 95% interval (groups
    /// resampled), and per fold.
    pub headline: Interval,
    pub fold_headline: Vec<f64>,
    /// Pooled out-of-fold predictions.
    pub report: ClassificationReport,
    /// 95% intervals, resampling groups.
    pub ci: BootstrapCi,
    pub fold_macro_f1: Vec<f64>,
    /// Mean number of features over folds.
    pub n_features: f64,
    /// Total seconds over folds (vectorizer + head fit; vectorize + predict).
    pub fit_seconds: f64,
    pub predict_seconds: f64,
    /// Against the reference set (absent for the reference itself).
    pub vs_reference: Option<PairedTest>,
}

/// Everything a benchmark run found, with what is needed to re-run it.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub stancer_version: String,
    pub command: String,
    pub sources: Vec<String>,
    pub data_sha256: String,
    pub config: BenchConfig,
    pub n_sentences: usize,
    pub n_groups: usize,
    pub sets: Vec<SetResult>,
}

struct FoldOut {
    pred: Vec<String>,
    n_features: usize,
    fit: f64,
    predict: f64,
}

/// Runs every set on the same stratified grouped folds. `progress` is called after each
/// (set, fold) with the set's name.
pub fn run_bench(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    config: &BenchConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<BenchReport> {
    let y: Vec<&str> = match config.head {
        Head::Stance => corpus.sentences().map(|s| s.stance).collect(),
        Head::Frame => {
            if !corpus.has_frames() {
                return Err(StancerError::Config(
                    "head = \"frame\" needs a frame column".into(),
                ));
            }
            corpus.sentences().map(|s| s.frame.unwrap_or("")).collect()
        }
    };
    let groups: Vec<&str> = corpus.sentences().map(|s| s.split).collect();
    let split = if config.leave_one_group_out {
        SplitSpec::LeaveOneGroupOut
    } else {
        SplitSpec::KFold {
            k: config.folds,
            repeats: 1,
        }
    };
    let folds = make_folds(&groups, &y, &split, config.seed)?;
    // Test order: fold by fold, so all sets' predictions line up.
    let order: Vec<usize> = folds.iter().flat_map(|f| f.test.clone()).collect();
    let gold: Vec<String> = order.iter().map(|&i| y[i].to_string()).collect();
    let test_groups: Vec<String> = order.iter().map(|&i| groups[i].to_string()).collect();
    let mut labels: Vec<String> = gold.clone();
    labels.sort();
    labels.dedup();
    config.metric.check(&labels).map_err(StancerError::Config)?;
    let metric = |g: &[String], p: &[String]| {
        config
            .metric
            .compute(&ClassificationReport::new(g, p, &labels))
    };

    let mut results = Vec::new();
    let mut preds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for set in &config.sets {
        // Folds in parallel; each fit is deterministic, so results do not depend on the
        // thread count (the times do).
        let outs: Vec<Result<FoldOut>> = folds
            .par_iter()
            .map(|fold| {
                let out = run_fold(corpus, lexicon, &set.params, config.head, &y, fold);
                progress(&set.name);
                out
            })
            .collect();
        let mut pred = Vec::with_capacity(order.len());
        let (mut n_features, mut fit, mut predict) = (0.0, 0.0, 0.0);
        let (mut fold_f1, mut fold_headline) = (Vec::new(), Vec::new());
        for (fold, out) in folds.iter().zip(outs) {
            let out = out?;
            let fold_gold: Vec<String> = fold.test.iter().map(|&i| y[i].to_string()).collect();
            fold_f1.push(ClassificationReport::new(&fold_gold, &out.pred, &[]).macro_f1);
            fold_headline.push(metric(&fold_gold, &out.pred));
            pred.extend(out.pred);
            n_features += out.n_features as f64 / folds.len() as f64;
            fit += out.fit;
            predict += out.predict;
        }
        let headline = bootstrap_metric(
            &gold,
            &pred,
            &test_groups,
            &labels,
            RESAMPLES,
            config.seed,
            |r| config.metric.compute(r),
        );
        results.push(SetResult {
            name: set.name.clone(),
            params: set.params.clone(),
            headline,
            fold_headline,
            report: ClassificationReport::new(&gold, &pred, &labels),
            ci: group_bootstrap(&gold, &pred, &test_groups, &labels, RESAMPLES, config.seed),
            fold_macro_f1: fold_f1,
            n_features,
            fit_seconds: fit,
            predict_seconds: predict,
            vs_reference: None,
        });
        preds.insert(set.name.clone(), pred);
    }
    let reference = &preds[&config.reference];
    for r in &mut results {
        if r.name != config.reference {
            r.vs_reference = Some(paired_test(
                &gold,
                &preds[&r.name],
                reference,
                &test_groups,
                &metric,
                RESAMPLES,
                config.seed,
            ));
        }
    }
    Ok(BenchReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: corpus.source_names(),
        data_sha256: corpus.sha256.clone(),
        config: config.clone(),
        n_sentences: corpus.len(),
        n_groups: corpus.groups().len(),
        sets: results,
    })
}

fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    head: Head,
    y: &[&str],
    fold: &Fold,
) -> Result<FoldOut> {
    let head_params = match head {
        Head::Stance => &params.stance,
        Head::Frame => &params.frame,
    };
    let start = Instant::now();
    let texts: Vec<&str> = fold.train.iter().map(|&i| corpus.text(i)).collect();
    let vectorizer = TfidfVectorizer::fit(&params.features, lexicon, &texts)?;
    let rows = vectorizer.transform_rows(&texts);
    let train_y: Vec<&str> = fold.train.iter().map(|&i| y[i]).collect();
    let model = LogisticHead::fit(&rows, vectorizer.n_features(), &train_y, head_params)?;
    drop(rows);
    let fit = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let analyzer = Analyzer::new(vectorizer.config());
    let pred = fold
        .test
        .iter()
        .map(|&i| {
            let row = vectorizer.transform_one(corpus.text(i), &analyzer);
            model.argmax(&model.predict_proba(&row)).to_string()
        })
        .collect();
    Ok(FoldOut {
        pred,
        n_features: vectorizer.n_features(),
        fit,
        predict: start.elapsed().as_secs_f64(),
    })
}

impl BenchReport {
    /// Rows in config order: name, headline with CI, fold mean ± sd, per-class F1,
    /// features, times, and the test against the reference.
    fn rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let labels = self
            .sets
            .first()
            .map_or(Vec::new(), |s| s.report.labels.clone());
        let mut header: Vec<String> = vec![
            "set".into(),
            format!("{} [95% CI]", self.config.metric),
            "fold mean ± sd".into(),
        ];
        if self.config.metric != Headline::MacroF1 {
            header.push("macro-F1".into());
        }
        header.push("accuracy".into());
        header.extend(labels.iter().map(|l| format!("F1 {l}")));
        header.extend(
            [
                "features",
                "fit s",
                "predict s",
                "Δ vs reference [95% CI]",
                "p",
            ]
            .map(String::from),
        );
        let rows = self
            .sets
            .iter()
            .map(|s| {
                let (m, sd) = mean_sd(&s.fold_headline);
                let mut row = vec![
                    s.name.clone(),
                    format!(
                        "{:.3} [{:.3}, {:.3}]",
                        s.headline.value, s.headline.lo, s.headline.hi
                    ),
                    format!("{m:.3} ± {sd:.3}"),
                ];
                if self.config.metric != Headline::MacroF1 {
                    row.push(format!("{:.3}", s.report.macro_f1));
                }
                row.push(format!("{:.3}", s.report.accuracy));
                row.extend(s.report.classes.iter().map(|c| format!("{:.3}", c.f1)));
                row.push(format!("{:.0}", s.n_features));
                row.push(format!("{:.2}", s.fit_seconds));
                row.push(format!("{:.2}", s.predict_seconds));
                match &s.vs_reference {
                    Some(t) => {
                        row.push(format!(
                            "{:+.3} [{:+.3}, {:+.3}]",
                            t.difference.value, t.difference.lo, t.difference.hi
                        ));
                        row.push(format!("{:.3}", t.p_value));
                    }
                    None => {
                        row.push("(reference)".into());
                        row.push("-".into());
                    }
                }
                row
            })
            .collect();
        (header, rows)
    }

    /// A terminal table.
    pub fn to_text(&self) -> String {
        let (header, rows) = self.rows();
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([header[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
                + "\n"
        };
        let mut s = format!(
            "stancer {} bench: {} sentences in {} groups, {} head, {}, {}, seed {}\n",
            self.stancer_version,
            self.n_sentences,
            self.n_groups,
            head_name(self.config.head),
            self.config.metric,
            self.config.split_name(),
            self.config.seed
        );
        s += &line(&header);
        for r in &rows {
            s += &line(r);
        }
        s += &self.footnote();
        s
    }

    fn footnote(&self) -> String {
        format!(
            "All sets on the same folds. CI: {RESAMPLES} bootstrap resamples of whole groups; Δ: {} minus \
             the reference `{}`'s, paired bootstrap CI; p: approximate randomization over groups \
             ({RESAMPLES} swaps), two-sided. Times are totals over folds (machine-dependent).\n",
            self.config.metric, self.config.reference
        )
    }

    /// A Markdown report with the command that reproduces it.
    pub fn to_markdown(&self) -> String {
        let (header, rows) = self.rows();
        let mut s = String::from("# stancer feature-set benchmark\n\n");
        if !self.command.is_empty() {
            s += &format!("Reproduce with:\n\n```\n{}\n```\n\n", self.command);
        }
        s += &format!(
            "- stancer {}\n- data: {} (sha256 `{}`)\n- {} sentences in {} groups; {} head; {}; seed {}\n\n",
            self.stancer_version,
            self.sources.join(", "),
            self.data_sha256,
            self.n_sentences,
            self.n_groups,
            head_name(self.config.head),
            self.config.split_name(),
            self.config.seed
        );
        s += &format!(
            "| {} |\n|{}\n",
            header.join(" | "),
            "---|".repeat(header.len())
        );
        for r in rows {
            s += &format!("| {} |\n", r.join(" | "));
        }
        s += "\n";
        s += &self.footnote();
        s += &format!("\n![{} per feature set](results.svg)\n", self.config.metric);
        s
    }

    /// One CSV row per set (machine-readable twin of the table).
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let labels = self
            .sets
            .first()
            .map_or(Vec::new(), |s| s.report.labels.clone());
        let mut header: Vec<String> = [
            "set",
            "metric",
            "value",
            "value_lo",
            "value_hi",
            "fold_mean",
            "fold_sd",
            "macro_f1",
            "accuracy",
        ]
        .map(String::from)
        .to_vec();
        header.extend(labels.iter().map(|l| format!("f1_{l}")));
        header.extend(
            [
                "n_features",
                "fit_seconds",
                "predict_seconds",
                "diff_vs_reference",
                "diff_lo",
                "diff_hi",
                "p_value",
            ]
            .map(String::from),
        );
        let csv_err = |e: csv::Error| StancerError::Config(format!("cannot write CSV: {e}"));
        w.write_record(&header).map_err(csv_err)?;
        for s in &self.sets {
            let (m, sd) = mean_sd(&s.fold_headline);
            let mut row = vec![
                s.name.clone(),
                self.config.metric.to_string(),
                format!("{:.6}", s.headline.value),
                format!("{:.6}", s.headline.lo),
                format!("{:.6}", s.headline.hi),
                format!("{m:.6}"),
                format!("{sd:.6}"),
                format!("{:.6}", s.report.macro_f1),
                format!("{:.6}", s.report.accuracy),
            ];
            row.extend(s.report.classes.iter().map(|c| format!("{:.6}", c.f1)));
            row.push(format!("{:.1}", s.n_features));
            row.push(format!("{:.3}", s.fit_seconds));
            row.push(format!("{:.3}", s.predict_seconds));
            match &s.vs_reference {
                Some(t) => row.extend([
                    format!("{:.6}", t.difference.value),
                    format!("{:.6}", t.difference.lo),
                    format!("{:.6}", t.difference.hi),
                    format!("{:.6}", t.p_value),
                ]),
                None => row.extend(["".into(), "".into(), "".into(), "".into()]),
            }
            w.write_record(&row).map_err(csv_err)?;
        }
        w.into_inner()
            .map_err(|e| StancerError::Config(format!("cannot write CSV: {e}")))
    }

    /// The headline with its CI per set, as an SVG bar chart.
    pub fn to_svg(&self) -> Result<String> {
        let bars: Vec<super::plots::IntervalBar> = self
            .sets
            .iter()
            .map(|s| super::plots::IntervalBar {
                label: s.name.clone(),
                value: s.headline.value,
                lo: s.headline.lo,
                hi: s.headline.hi,
            })
            .collect();
        let metric = self.config.metric.to_string();
        super::plots::interval_bars_svg(
            &format!(
                "{} {metric} per feature set, 95% CI",
                head_name(self.config.head)
            ),
            &metric,
            &bars,
        )
    }
}

fn head_name(h: Head) -> &'static str {
    match h {
        Head::Stance => "stance",
        Head::Frame => "frame",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_change_only_the_keys_they_name() {
        let text = r#"
            reference = "b"
            folds = 3
            [base.features]
            min_df = 2
            lexicon_features = false
            [base.stance]
            c = 4.0
            [[set]]
            name = "a"
            [set.features]
            word_ngrams = [1, 1]
            [[set]]
            name = "b"
            [set.stance]
            c = 1.0
        "#;
        let c = BenchConfig::from_toml(text, "t.toml").unwrap();
        assert_eq!((c.reference.as_str(), c.folds, c.sets.len()), ("b", 3, 2));
        let (a, b) = (&c.sets[0].params, &c.sets[1].params);
        assert_eq!(a.features.word_ngrams, [1, 1]);
        assert_eq!((a.features.min_df, a.features.lexicon_features), (2, false));
        assert_eq!(a.stance.c, 4.0);
        assert_eq!(b.features.word_ngrams, [1, 2]);
        assert_eq!((b.features.min_df, b.stance.c), (2, 1.0));
    }

    #[test]
    fn config_errors_name_the_file_and_the_problem() {
        let err = |t: &str| BenchConfig::from_toml(t, "f.toml").unwrap_err().to_string();
        assert!(err("folds = 3").contains("no [[set]]"));
        assert!(err("[[set]]\nword = 1").contains("needs a name"));
        let unknown = err("[[set]]\nname = \"x\"\n[set.features]\nngrams = [1, 2]");
        assert!(
            unknown.contains("f.toml") && unknown.contains("ngrams"),
            "{unknown}"
        );
        let missing = err("reference = \"zz\"\n[[set]]\nname = \"x\"");
        assert!(missing.contains("`zz` is not defined"));
        let metric = err("metric = \"auc\"\n[[set]]\nname = \"x\"");
        assert!(metric.contains("unknown metric `auc`"), "{metric}");
        let twice = err("[[set]]\nname = \"x\"\n[[set]]\nname = \"x\"");
        assert!(twice.contains("defined twice"));
    }
}
