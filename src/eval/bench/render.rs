//! A benchmark report for people and programs: terminal table, Markdown, CSV, SVG.

use super::{BenchReport, Head};
use crate::error::{Result, StancerError};
use crate::eval::headline::Headline;
use crate::eval::pool::RESAMPLES;
use crate::eval::run::mean_sd;

impl BenchReport {
    /// Rows in config order: rank, name, model family, headline with CI, fold mean ± sd,
    /// per-class F1, features, times, and the test against the reference.
    fn rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let labels = self
            .sets
            .first()
            .map_or(Vec::new(), |s| s.report.labels.clone());
        let mut header: Vec<String> = vec![
            "rank".into(),
            "set".into(),
            "model".into(),
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
                    s.rank.to_string(),
                    s.name.clone(),
                    s.model.clone(),
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
        let mut s = format!(
            "All sets on the same folds. Rank by {}, 1 = best. CI: {RESAMPLES} bootstrap resamples of whole groups; Δ: {} minus \
             the reference `{}`'s, paired bootstrap CI; p: approximate randomization over groups \
             ({RESAMPLES} swaps), two-sided. Times are totals over folds (machine-dependent).\n",
            self.config.metric, self.config.metric, self.config.reference
        );
        s += &self.families();
        for set in self.sets.iter().filter(|s| !s.chosen.is_empty()) {
            let won: Vec<String> = set
                .chosen
                .iter()
                .map(|(l, n)| format!("{l} ×{n}"))
                .collect();
            s += &format!("{}: inner CV chose {}\n", set.name, won.join(", "));
        }
        s
    }

    /// The best set of each model family, best family first.
    pub fn families(&self) -> String {
        let mut best: Vec<(&str, &super::SetResult)> = Vec::new();
        for set in &self.sets {
            match best.iter_mut().find(|(m, _)| *m == set.model) {
                Some(b) if set.headline.value > b.1.headline.value => b.1 = set,
                Some(_) => {}
                None => best.push((&set.model, set)),
            }
        }
        best.sort_by(|a, b| b.1.headline.value.total_cmp(&a.1.headline.value));
        let parts: Vec<String> = best
            .iter()
            .map(|(m, s)| format!("{m} {:.3} (`{}`)", s.headline.value, s.name))
            .collect();
        format!("Best per model family: {}.\n", parts.join("; "))
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
            "model",
            "rank",
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
                s.model.clone(),
                s.rank.to_string(),
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
        let bars: Vec<crate::eval::plots::IntervalBar> = self
            .sets
            .iter()
            .map(|s| crate::eval::plots::IntervalBar {
                label: s.name.clone(),
                value: s.headline.value,
                lo: s.headline.lo,
                hi: s.headline.hi,
            })
            .collect();
        let metric = self.config.metric.to_string();
        crate::eval::plots::interval_bars_svg(
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
