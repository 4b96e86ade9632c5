//! Rendering an [`EvalReport`] for people: a terminal table, and Markdown for `eval/`.

mod warnings;

use super::pool::HeadEval;
use super::run::{mean_sd, EvalReport, SplitSpec};
use warnings::{convergence_line, leakage_line, unsupported_lines, untrained_line};

impl EvalReport {
    /// The report as plain text: a summary beside the baselines, then per-class tables.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        s += &format!(
            "stancer {} eval: {} sentences in {} groups, split {}, seed {}\n",
            self.stancer_version,
            self.n_sentences,
            self.n_groups,
            split_name(&self.split),
            self.seed
        );
        s += &format!(
            "data: {} (sha256 {})\n",
            self.sources.join(", "),
            short(&self.data_sha256)
        );
        if !self.command.is_empty() {
            s += &format!("command: {}\n", self.command);
        }
        s += &leakage_line(self);
        s += &convergence_line(self);
        s += &untrained_line(self);
        s += &unsupported_lines(self);
        s += &model_groups_line(self);
        s += &super::chosen::summary_line(&self.search);
        s += &headline_line(self);
        s += "\n";
        s += &summary_table(self, false);
        s += &methods_text(self);
        for (title, head) in self.heads() {
            s += &format!("\n== {title}: model ==\n{}", head.model.table());
            s += &format!(
                "\nconfusion (rows gold, columns predicted)\n{}",
                head.model.confusion_table()
            );
        }
        s
    }

    /// The report as Markdown, with the command that reproduces it; with `figures`, it
    /// shows the SVGs [`super::figures::write_report_dir`] writes beside it.
    pub(crate) fn markdown(&self, figures: bool) -> String {
        let mut s = String::from("# stancer evaluation report\n\n");
        if !self.command.is_empty() {
            s += &format!("Reproduce with:\n\n```\n{}\n```\n\n", self.command);
        }
        s += &format!(
            "- stancer {}\n- data: {} (sha256 `{}`)\n- {} sentences in {} groups; split {}; seed {}\n\n",
            self.stancer_version,
            self.sources.join(", "),
            self.data_sha256,
            self.n_sentences,
            self.n_groups,
            split_name(&self.split),
            self.seed
        );
        s += &leakage_line(self);
        s += &convergence_line(self);
        s += &untrained_line(self);
        s += &unsupported_lines(self);
        s += &model_groups_line(self);
        s += &super::chosen::summary_line(&self.search);
        let headline = headline_line(self);
        if !headline.is_empty() {
            s += &format!("\n**{}**\n", headline.trim_end());
        }
        s += "\n## Summary (pooled out-of-fold predictions)\n\n";
        s += &summary_table(self, true);
        s += &methods_markdown(self, figures);
        s += &super::chosen::markdown(&self.search);
        for (title, head) in self.heads() {
            s += &format!(
                "\n## {title}\n\n```\n{}\n{}```\n",
                head.model.table(),
                head.model.confusion_table()
            );
            if figures {
                let slug = slug(title);
                s += &format!(
                    "\n![{title} confusion](confusion_{slug}.svg) ![{title} per-class F1](class_f1_{slug}.svg) ![{title} reliability](reliability_{slug}.svg)\n"
                );
            }
            s += &details_markdown(head);
        }
        s += &top_features_markdown(self);
        s
    }

    /// The report as Markdown (see [`to_markdown`](Self::to_markdown)).
    pub fn to_markdown(&self) -> String {
        self.markdown(false)
    }
}

fn summary_table(r: &EvalReport, markdown: bool) -> String {
    let header = [
        "level",
        "n",
        "model macro-F1 [95% CI]",
        "fold mean ± sd",
        "accuracy",
        "log loss",
        "ECE",
        "majority",
        "stratified",
        "lexicon",
    ];
    let mut rows = Vec::new();
    for (title, h) in r.heads() {
        let (m, sd) = mean_sd(&h.fold_macro_f1);
        rows.push([
            title.to_string(),
            h.model.n.to_string(),
            format!(
                "{:.3} [{:.3}, {:.3}]",
                h.model.macro_f1, h.ci.macro_f1.lo, h.ci.macro_f1.hi
            ),
            if h.fold_macro_f1.len() > 1 {
                format!("{m:.3} ± {sd:.3}")
            } else {
                "-".into()
            },
            format!("{:.3}", h.model.accuracy),
            format!("{:.3}", h.calibration.log_loss),
            format!("{:.3}", h.calibration.ece),
            format!("{:.3}", h.majority.macro_f1),
            format!("{:.3}", h.stratified.macro_f1),
            format!("{:.3}", h.lexicon.macro_f1),
        ]);
    }
    let mut s = if markdown {
        let mut s = format!(
            "| {} |\n|{}\n",
            header.join(" | "),
            "---|".repeat(header.len())
        );
        for row in rows {
            s += &format!("| {} |\n", row.join(" | "));
        }
        s
    } else {
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([header[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
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
        let mut s = line(header.to_vec());
        for row in &rows {
            s += &line(row.iter().map(String::as_str).collect());
        }
        s
    };
    s += &format!(
        "{}macro-F1 for the model and three baselines (majority class, stratified random, the lexicon rule);\n\
         CI: {} bootstrap resamples of whole articles; ECE over 10 confidence bins.\n",
        if markdown { "\n" } else { "" },
        r.stance.ci.resamples
    );
    s
}

/// Per-class F1 with intervals, the worst groups and the worst errors of one head.
fn details_markdown(h: &HeadEval) -> String {
    let mut s = String::from("\n| class | F1 | 95% CI | support |\n|---|---|---|---|\n");
    for ((label, ci), c) in h.ci.class_f1.iter().zip(&h.model.classes) {
        s += &format!(
            "| {label} | {:.3} | [{:.3}, {:.3}] | {} |\n",
            ci.value, ci.lo, ci.hi, c.support
        );
    }
    s += &format!(
        "\nCalibration: log loss {:.3}, Brier {:.3}, ECE {:.3}.\n",
        h.calibration.log_loss, h.calibration.brier, h.calibration.ece
    );
    s += "\nWorst groups (accuracy):\n\n| group | n | accuracy | macro-F1 |\n|---|---|---|---|\n";
    for g in h.per_group.iter().take(8) {
        s += &format!(
            "| {} | {} | {:.3} | {:.3} |\n",
            g.group, g.n, g.accuracy, g.macro_f1
        );
    }
    if !h.worst_errors.is_empty() {
        s += "\nMost confident errors, with the features that pushed them (weight × value):\n\n";
        s += "| group | gold | predicted | p | text | pushed by |\n|---|---|---|---|---|---|\n";
        for e in &h.worst_errors {
            let pushed: Vec<String> = e
                .pushed_by
                .iter()
                .map(|w| format!("`{}` {:.2}", w.feature, w.weight))
                .collect();
            s += &format!(
                "| {} | {} | {} | {:.2} | {} | {} |\n",
                e.group,
                e.gold,
                e.predicted,
                e.confidence,
                e.text.replace('|', "\\|"),
                pushed.join(", ")
            );
        }
    }
    s
}

/// File-name form of a head's title: "sentence stance" → "sentence_stance".
pub(crate) fn slug(title: &str) -> String {
    title.replace(' ', "_")
}

fn methods_text(r: &EvalReport) -> String {
    if r.document_methods.is_empty() {
        return String::new();
    }
    let mut s =
        String::from("\ndocument stance rules on the same folds (macro-F1 [95% CI], accuracy):\n");
    for m in &r.document_methods {
        s += &format!(
            "  {:<17} {:.3} [{:.3}, {:.3}]  {:.3}{}\n",
            m.method,
            m.report.macro_f1,
            m.ci.macro_f1.lo,
            m.ci.macro_f1.hi,
            m.report.accuracy,
            if m.shipped { "  (shipped)" } else { "" }
        );
    }
    s
}

fn methods_markdown(r: &EvalReport, figures: bool) -> String {
    if r.document_methods.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "\n## Article stance: rules compared on the same folds\n\n\
         | rule | macro-F1 [95% CI] | accuracy | how it decides |\n|---|---|---|---|\n",
    );
    for m in &r.document_methods {
        s += &format!(
            "| {}{} | {:.3} [{:.3}, {:.3}] | {:.3} | {} |\n",
            m.method,
            if m.shipped { " (shipped)" } else { "" },
            m.report.macro_f1,
            m.ci.macro_f1.lo,
            m.ci.macro_f1.hi,
            m.report.accuracy,
            m.description
        );
    }
    if figures {
        s += "\n![article stance rules](document_methods.svg)\n";
    }
    s
}

fn top_features_markdown(r: &EvalReport) -> String {
    let mut s = String::new();
    for (title, classes) in [
        ("stance", &r.top_features.stance),
        ("frame", &r.top_features.frame),
    ] {
        if classes.is_empty() {
            continue;
        }
        s += &format!("\n## Top-weighted {title} features\n\n");
        s += "Of a model fitted on all the evaluated data (`lex:` columns are lexicon counts).\n\n";
        s += &format!(
            "| rank | {} |\n|---|{}\n",
            classes
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            "---|".repeat(classes.len())
        );
        let depth = classes.iter().map(|c| c.top.len()).max().unwrap_or(0);
        for k in 0..depth {
            let cells: Vec<String> = classes
                .iter()
                .map(|c| {
                    c.top.get(k).map_or(String::new(), |w| {
                        format!("`{}` {:.2}", w.feature.replace('|', "\\|"), w.weight)
                    })
                })
                .collect();
            s += &format!("| {} | {} |\n", k + 1, cells.join(" | "));
        }
    }
    s
}

/// The headline metric of sentence stance, first thing a reader sees.
fn headline_line(r: &EvalReport) -> String {
    let Some(h) = &r.stance.headline else {
        return String::new();
    };
    let folds = if h.folds.len() > 1 {
        let (m, sd) = mean_sd(&h.folds);
        format!("; fold mean {m:.4} ± {sd:.4}")
    } else {
        String::new()
    };
    format!(
        "headline {} = {:.4} [95% CI {:.4}, {:.4}]{folds}; majority {:.4}, stratified {:.4}\n",
        h.metric, h.model.value, h.model.lo, h.model.hi, h.majority, h.stratified
    )
}

fn model_groups_line(r: &EvalReport) -> String {
    if r.model_groups.is_empty() {
        return String::new();
    }
    format!(
        "one model per group ({}): {}; predictions pooled\n",
        r.model_groups.len(),
        r.model_groups.join(", ")
    )
}

fn split_name(split: &SplitSpec) -> String {
    match split {
        SplitSpec::Holdout { test_frac } => format!("grouped hold-out (test {test_frac})"),
        SplitSpec::KFold { k, repeats: 1 } => format!("stratified grouped {k}-fold"),
        SplitSpec::KFold { k, repeats } => {
            format!("stratified grouped {k}-fold, repeated {repeats} times")
        }
        SplitSpec::LeaveOneGroupOut => "leave-one-group-out".into(),
        SplitSpec::TrainTest { train } => format!("trained on {}, tested once", train.join(", ")),
        SplitSpec::External { model } => format!("trained model {model} on a labeled file"),
        SplitSpec::Given { description } => description.clone(),
    }
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}
