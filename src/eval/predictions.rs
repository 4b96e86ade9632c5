//! Every held-out prediction of an evaluation, written as a CSV (`stancer eval
//! --predictions FILE`): scikit-learn's `cross_val_predict`, so a researcher can slice the
//! errors by any column of their own instead of by the report's fixed tables.

use std::io::Write;

use crate::data::LabeledCorpus;
use crate::error::Result;

/// One out-of-fold prediction: a sentence (stance or frame) or an article (stance).
#[derive(Debug, Clone, PartialEq)]
pub struct OofPrediction {
    pub level: &'static str,
    /// The sentence's row in the corpus (files in the order given, 0-based); `None` for
    /// articles.
    pub row: Option<usize>,
    pub group: String,
    pub split: String,
    pub gold: String,
    pub predicted: String,
    /// Probabilities in the order of the level's labels.
    pub probs: Vec<f64>,
}

/// The predictions of one evaluation, with the texts of the sentences they were made on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Predictions {
    rows: Vec<(OofPrediction, String)>,
    /// Probability columns: the union of the levels' labels, in first-seen order.
    labels: Vec<String>,
    level_labels: Vec<(&'static str, Vec<String>)>,
}

impl Predictions {
    /// The predictions of each level, with the labels their probabilities follow.
    pub fn new<'a>(
        corpus: &LabeledCorpus,
        levels: impl IntoIterator<Item = (Vec<OofPrediction>, &'a Vec<String>)>,
    ) -> Self {
        let mut out = Predictions::default();
        for (preds, labels) in levels {
            let Some(level) = preds.first().map(|p| p.level) else {
                continue;
            };
            for l in labels {
                if !out.labels.contains(l) {
                    out.labels.push(l.clone());
                }
            }
            out.level_labels.push((level, labels.clone()));
            for p in preds {
                let text = p
                    .row
                    .map(|r| corpus.sentence(r).text.to_string())
                    .unwrap_or_default();
                out.rows.push((p, text));
            }
        }
        out
    }

    /// The predictions, in level order.
    pub fn iter(&self) -> impl Iterator<Item = &OofPrediction> {
        self.rows.iter().map(|(p, _)| p)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The warning when cells of [`write_csv`](Self::write_csv)'s rows (a group, a split
    /// value, a label or a sentence's text) start with `=`, `+`, `-` or `@` and are not
    /// numbers, which a spreadsheet program may run as formulas: `stancer score` says so
    /// of its CSV output, and the predictions file, which holds the same kind of cells,
    /// was written without a word.
    pub fn formula_warning(&self) -> Option<String> {
        let n = self
            .rows
            .iter()
            .filter(|(p, text)| {
                [&p.group, &p.split, &p.gold, &p.predicted, text]
                    .into_iter()
                    .any(|c| crate::score::formula_like(c))
            })
            .count();
        (n > 0).then(|| {
            format!(
                "--predictions: {n} of its {} rows give CSV cells (a group, a split value, a \
                 label or a sentence's text) that start with `=`, `+`, `-` or `@`, which a \
                 spreadsheet program may run as formulas when it opens the file; they are \
                 written as they are (import the file with every column as text)",
                self.rows.len()
            )
        })
    }

    /// CSV: `level,row,group,split,gold,predicted,correct,text,p_<label>...` (a probability
    /// is empty where the level has no such label).
    pub fn write_csv(&self, out: impl Write) -> Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec![
            "level",
            "row",
            "group",
            "split",
            "gold",
            "predicted",
            "correct",
            "text",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        header.extend(self.labels.iter().map(|l| format!("p_{l}")));
        w.write_record(&header).map_err(csv_io)?;
        for (p, text) in &self.rows {
            let own = self
                .level_labels
                .iter()
                .find(|(l, _)| *l == p.level)
                .map(|(_, labels)| labels.as_slice())
                .unwrap_or(&[]);
            let mut record = vec![
                p.level.to_string(),
                p.row.map(|r| r.to_string()).unwrap_or_default(),
                p.group.clone(),
                p.split.clone(),
                p.gold.clone(),
                p.predicted.clone(),
                (p.gold == p.predicted).to_string(),
                text.clone(),
            ];
            for l in &self.labels {
                let v = own
                    .iter()
                    .position(|x| x == l)
                    .and_then(|k| p.probs.get(k))
                    .map(|v| format!("{v:.6}"))
                    .unwrap_or_default();
                record.push(v);
            }
            w.write_record(&record).map_err(csv_io)?;
        }
        w.flush()
            .map_err(|e| crate::error::StancerError::Data(format!("writing predictions: {e}")))?;
        Ok(())
    }
}

fn csv_io(e: csv::Error) -> crate::error::StancerError {
    crate::error::StancerError::Data(format!("writing predictions: {e}"))
}
