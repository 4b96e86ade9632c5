//! What an [`EvalReport`] warns about: classes the model predicts that no gold label
//! carries, heads stopped before converging, test sentences found in training; as
//! warnings for stderr and Python, and as the lines the printed report ends with.

use super::super::pool::HeadEval;
use super::super::run::{EvalReport, SplitSpec};

impl EvalReport {
    /// What `stancer eval` warns about after its report, and the Python package's
    /// `evaluate` too: [`unsupported_classes`](Self::unsupported_classes) and heads that
    /// stopped at `max_iterations` before converging.
    pub fn warnings(&self) -> Vec<String> {
        let mut v = self.unsupported_classes();
        if !self.not_converged.is_empty() {
            v.push(format!(
                "stopped at max_iterations before converging: {}; raise --max-iter (or lower \
                 --C)",
                self.not_converged.join(", ")
            ));
        }
        v.extend(self.article_fit_failures.iter().cloned());
        v
    }

    /// The warning when test sentences occur in the training data of `model` (a trained
    /// model tested on a file, `stancer eval --model`), or when the model does not record
    /// its training sentences; None when none occur.
    pub fn overlap_warning(&self, model: &str) -> Option<String> {
        let l = &self.leakage;
        let Some(t) = &l.training else {
            return Some(format!(
                "{model} does not record its training sentences (an older stancer trained \
                 it): whether they overlap the test file is not checked"
            ));
        };
        if t.share == 0.0 {
            return None;
        }
        let total = self.n_sentences + if l.removed { l.exact } else { 0 };
        let found = if t.exact {
            format!("{} of the {total} test sentences", l.exact)
        } else {
            format!(
                "an estimated {:.1}% of the test sentences (from a sample: {model} records {} \
                 of its {} training sentences)",
                100.0 * t.share,
                t.recorded,
                t.training_sentences
            )
        };
        Some(if l.removed {
            format!(
                "{found} occur in the training data of {model}; --dedupe dropped the {} it \
                 could find",
                l.exact
            )
        } else {
            format!(
                "{found} occur in the training data of {model}: the scores are inflated; \
                 --dedupe drops them"
            )
        })
    }

    /// One line per class the model predicts at a level where no gold example carries it:
    /// its recall is 0/0, counted 0 (scikit-learn's `zero_division=0`), so its F1 of 0 is in
    /// the level's macro-F1. Said in the reports and on stderr, as scikit-learn warns.
    pub fn unsupported_classes(&self) -> Vec<String> {
        let mut v = Vec::new();
        for (title, head) in self.heads() {
            let m = &head.model;
            let gold: Vec<f64> = m
                .classes
                .iter()
                .filter(|c| c.support > 0)
                .map(|c| c.f1)
                .collect();
            for (j, c) in m.classes.iter().enumerate() {
                let predicted: usize = m.confusion.iter().map(|row| row[j]).sum();
                if c.support > 0 || predicted == 0 {
                    continue;
                }
                let unit = if title.starts_with("document") {
                    "article"
                } else {
                    "sentence"
                };
                v.push(format!(
                    "{title}: `{}` is predicted {predicted} time(s) but no test {unit} carries \
                     it: its recall is 0/0, counted 0 (scikit-learn's zero_division=0), so its \
                     F1 of 0 is in macro-F1 {:.3}; over the gold labels alone it is {:.3}",
                    c.label,
                    m.macro_f1,
                    gold.iter().sum::<f64>() / gold.len().max(1) as f64
                ));
            }
        }
        v
    }

    pub(crate) fn heads(&self) -> Vec<(&'static str, &HeadEval)> {
        let mut v = vec![("sentence stance", &self.stance)];
        if let Some(f) = &self.frame {
            v.push(("sentence frame", f));
        }
        if let Some(d) = &self.document {
            v.push(("document stance", d));
        }
        v
    }
}

pub(super) fn unsupported_lines(r: &EvalReport) -> String {
    r.unsupported_classes()
        .iter()
        .map(|l| format!("note: {l}\n"))
        .collect()
}

pub(super) fn untrained_line(r: &EvalReport) -> String {
    if r.untrained_classes.is_empty() {
        return String::new();
    }
    format!(
        "warning: test classes the fold's training side lacks, which its model cannot \
         predict (their recall is 0 by construction, not by error): {}\n",
        r.untrained_classes.join("; ")
    )
}

pub(super) fn convergence_line(r: &EvalReport) -> String {
    if r.not_converged.is_empty() {
        return String::new();
    }
    format!(
        "warning: stopped at max_iterations before converging: {}; raise --max-iter\n",
        r.not_converged.join(", ")
    )
}

pub(super) fn leakage_line(r: &EvalReport) -> String {
    let l = &r.leakage;
    if matches!(r.split, SplitSpec::External { .. }) {
        return match &l.training {
            None => "training-data check: the model does not record its training sentences; \
                     not checked\n"
                .into(),
            Some(t) if t.exact => format!(
                "training-data check: {} test sentences occur in the model's training data; {}\n",
                l.exact,
                removed(l)
            ),
            Some(t) => format!(
                "training-data check: an estimated {:.1}% of the test sentences occur in the \
                 model's training data ({} of its {} training sentences recorded); {} found {}\n",
                100.0 * t.share,
                t.recorded,
                t.training_sentences,
                l.exact,
                removed(l)
            ),
        };
    }
    format!(
        "leakage check: {} exact and {} near-duplicate (Jaccard >= {}) test sentences also occur in training; {}\n",
        l.exact,
        l.near,
        super::super::leakage::NEAR_DUPLICATE,
        removed(l)
    )
}

fn removed(l: &super::super::run::LeakageSummary) -> &'static str {
    if l.removed {
        "removed before scoring (--dedupe)"
    } else if l.exact + l.near > 0 {
        "kept (--dedupe removes them)"
    } else {
        "nothing to remove"
    }
}
