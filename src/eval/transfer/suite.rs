//! The transfer figures `stancer reproduce` publishes: every style held out, every source
//! held out, and what each real source and each composition round buys.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cross_validate_within, hold_out_each, TransferReport, TransferUnit};
use crate::data::LabeledCorpus;
use crate::error::Result;
use crate::eval::run::EvalReport;
use crate::features::Lexicon;
use crate::model::ModelParams;

/// Held-out text of one source, predicted by a model that never saw the source
/// (`without`) and by models that saw its other articles (`with`, grouped folds).
#[derive(Debug, Clone, Serialize)]
pub struct SourceGain {
    pub source: String,
    pub without: TransferUnit,
    pub with: TransferUnit,
}

/// Leave-one-style-out per style, trained with every source and without one.
#[derive(Debug, Clone, Serialize)]
pub struct RoundGain {
    /// The source left out of training (a composition round, or all composed text).
    pub left_out: String,
    pub without: TransferReport,
}

/// Every transfer figure of the shipped data.
#[derive(Debug, Clone, Serialize)]
pub struct TransferSuite {
    pub style: TransferReport,
    pub source: TransferReport,
    pub source_gains: Vec<SourceGain>,
    pub round_gains: Vec<RoundGain>,
}

/// What the suite needs to know of the corpus: the rows split by style and by source
/// (the same files read twice, with `--split-col style` and `--split-col origin`).
pub struct SuiteInput<'a> {
    pub by_style: &'a LabeledCorpus,
    pub by_source: &'a LabeledCorpus,
    /// Sources of real text: each is held out and cross-validated within.
    pub real: Vec<&'a str>,
    /// Groups of sources left out of training in turn, for the per-style gains
    /// (name, sources).
    pub left_out: Vec<(String, Vec<&'a str>)>,
}

/// The full evaluations behind the suite, for their own reports.
pub struct SuiteReports {
    pub style: EvalReport,
    pub source: EvalReport,
}

/// Runs every held-out evaluation of the suite.
pub fn run_suite(
    input: &SuiteInput<'_>,
    lexicon: &Lexicon,
    params: &ModelParams,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> Result<(TransferSuite, SuiteReports)> {
    let styles: Vec<&str> = input.by_style.sentences().map(|s| s.split).collect();
    let sources: Vec<&str> = input.by_source.sentences().map(|s| s.split).collect();
    let all = |_: usize| true;
    let style = hold_out_each(
        input.by_style,
        &styles,
        all,
        "leave-one-style-out",
        lexicon,
        params,
        doc_labels,
    )?;
    let source = hold_out_each(
        input.by_source,
        &sources,
        all,
        "leave-one-source-out",
        lexicon,
        params,
        doc_labels,
    )?;
    let style_t = TransferReport::of(&style, "style");
    let source_t = TransferReport::of(&source, "source");
    let mut source_gains = Vec::new();
    for &r in &input.real {
        let Some(without) = source_t.unit(r).cloned() else {
            continue;
        };
        let with = cross_validate_within(
            input.by_source,
            |i| sources[i] == r,
            all,
            5,
            &format!("grouped 5-fold over the {r} articles, every other source always in training"),
            lexicon,
            params,
            doc_labels,
        )?;
        let mut with = TransferReport::of(&with, "source").pooled;
        with.unit = r.to_string();
        source_gains.push(SourceGain {
            source: r.to_string(),
            without,
            with,
        });
    }
    let mut round_gains = Vec::new();
    for (name, left) in &input.left_out {
        let report = hold_out_each(
            input.by_style,
            &styles,
            |i| !left.contains(&sources[i]),
            &format!("leave-one-style-out, never training on {name}"),
            lexicon,
            params,
            doc_labels,
        )?;
        round_gains.push(RoundGain {
            left_out: name.clone(),
            without: TransferReport::of(&report, "style"),
        });
    }
    Ok((
        TransferSuite {
            style: style_t,
            source: source_t,
            source_gains,
            round_gains,
        },
        SuiteReports { style, source },
    ))
}

impl TransferSuite {
    /// The headline table: the cross-validated figures beside the held-out ones.
    pub fn headline(&self, cv: &EvalReport) -> String {
        let f = |h: Option<&crate::eval::HeadEval>| {
            h.map_or("-".into(), |h| {
                format!(
                    "{:.3} [{:.3}, {:.3}]",
                    h.ci.macro_f1.value, h.ci.macro_f1.lo, h.ci.macro_f1.hi
                )
            })
        };
        let g = |u: &TransferUnit, doc: bool| {
            let s = if doc {
                u.document.as_ref()
            } else {
                Some(&u.stance)
            };
            s.map_or("-".into(), |s| {
                format!(
                    "{:.3} [{:.3}, {:.3}]",
                    s.macro_f1.value, s.macro_f1.lo, s.macro_f1.hi
                )
            })
        };
        let (worst, worst_strict) = self.style.worst_stance();
        let mut s = String::from(
            "| evaluation | sentence stance macro-F1 [95% CI] | article stance macro-F1 [95% CI] |\n|---|---|---|\n",
        );
        s += &format!(
            "| grouped 5-fold cross-validation (in distribution) | {} | {} |\n",
            f(Some(&cv.stance)),
            f(cv.document.as_ref())
        );
        s += &format!(
            "| leave-one-style-out, pooled ({} styles) | {} | {} |\n",
            self.style.units.len(),
            g(&self.style.pooled, false),
            g(&self.style.pooled, true)
        );
        s += &format!(
            "| leave-one-source-out, pooled ({} sources) | {} | {} |\n",
            self.source.units.len(),
            g(&self.source.pooled, false),
            g(&self.source.pooled, true)
        );
        for gain in &self.source_gains {
            s += &format!(
                "| real text: {} held out, source never trained on | {} | {} |\n",
                gain.source,
                g(&gain.without, false),
                g(&gain.without, true)
            );
        }
        s += &format!(
            "\nWorst held-out style, sentence stance macro-F1: {worst:.3} over its gold labels, \
             {worst_strict:.3} strict (over its gold and predicted labels).\n"
        );
        s
    }

    /// Every table, with how each was made.
    pub fn to_markdown(&self, cv: &EvalReport) -> String {
        let mut s = String::from("# Transfer: text unlike the training text\n\nWritten by `stancer reproduce`. Every figure is out of sample: each row is predicted by models that never saw its article, and in the held-out tables never saw its style or its source. Intervals: 1000 bootstrap resamples of whole articles. \"strict\" is macro-F1 over the gold and the predicted labels (scikit-learn's default): one stray prediction of a class a style never holds costs that style a third of its score.\n\n");
        s += &self.headline(cv);
        s += "\n## Each style held out\n\nTrained on every other style (all sources), tested on the held-out style (`stancer eval --split-col style --leave-one-group-out`, full report in [leave_one_style_out.md](../transfer/leave_one_style_out.md)).\n\n";
        s += &self.style.to_markdown();
        s += "\n## Each source held out\n\nTrained on every other source, tested on the held-out one: the real seed articles, the real MFA teasers, and each composition round (`--split-col origin`).\n\n";
        s += &self.source.to_markdown();
        if !self.source_gains.is_empty() {
            s += "\n## What real text buys\n\nThe same real articles predicted by a model that never saw their source (left) and by models that saw the source's other articles (right; grouped 5-fold over the source's articles, everything else always in training).\n\n| source | sentences | articles | stance macro-F1, never seen | stance macro-F1, other articles seen | frame, never seen | frame, seen | article accuracy, never seen | article accuracy, seen |\n|---|---|---|---|---|---|---|---|---|\n";
            for g in &self.source_gains {
                let frame = |u: &TransferUnit| {
                    u.frame
                        .as_ref()
                        .map_or("-".into(), |f| format!("{:.3}", f.macro_f1.value))
                };
                let acc = |u: &TransferUnit| {
                    u.document
                        .as_ref()
                        .map_or("-".into(), |d| format!("{:.3}", d.accuracy))
                };
                s += &format!(
                    "| {} | {} | {} | {:.3} [{:.3}, {:.3}] | {:.3} [{:.3}, {:.3}] | {} | {} | {} | {} |\n",
                    g.source,
                    g.with.stance.n,
                    g.with.n_documents,
                    g.without.stance.macro_f1.value,
                    g.without.stance.macro_f1.lo,
                    g.without.stance.macro_f1.hi,
                    g.with.stance.macro_f1.value,
                    g.with.stance.macro_f1.lo,
                    g.with.stance.macro_f1.hi,
                    frame(&g.without),
                    frame(&g.with),
                    acc(&g.without),
                    acc(&g.with),
                );
            }
        }
        if !self.round_gains.is_empty() {
            s += "\n## What each composition round buys\n\nLeave-one-style-out sentence stance macro-F1 per style (over its gold labels), trained on everything (first column) and never trained on the named text (the others). The test rows are the same in every column.\n\n";
            s += "| held-out style | all sources |";
            for r in &self.round_gains {
                s += &format!(" without {} |", r.left_out);
            }
            s += "\n|---|---|";
            s += &"---|".repeat(self.round_gains.len());
            s += "\n";
            for u in self
                .style
                .units
                .iter()
                .chain(std::iter::once(&self.style.pooled))
            {
                s += &format!("| {} | {:.3} |", u.unit, u.stance.macro_f1.value);
                for r in &self.round_gains {
                    let v = if u.unit == "all" {
                        Some(&r.without.pooled)
                    } else {
                        r.without.unit(&u.unit)
                    };
                    s += &v.map_or(" - |".into(), |v| {
                        format!(" {:.3} |", v.stance.macro_f1.value)
                    });
                }
                s += "\n";
            }
        }
        s
    }
}
