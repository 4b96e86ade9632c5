//! Classification metrics as scikit-learn's `classification_report` defines them:
//! per-class precision, recall, F1 and support; accuracy; macro and weighted F1. A class
//! with no predictions has precision 0 (scikit-learn's `zero_division=0`), and a predicted
//! class with no support has recall 0, so it pulls macro-F1 down rather than vanishing. The
//! evaluation scores a level on the labels its gold holds ([`scored_labels`]) plus those
//! predicted: a label neither gold nor predicted there has no F1 at all.

use serde::Serialize;

/// Precision, recall, F1 and support of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// The full report for one head at one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassificationReport {
    pub labels: Vec<String>,
    pub classes: Vec<ClassMetrics>,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub weighted_f1: f64,
    /// `confusion[i][j]`: gold `labels[i]` predicted as `labels[j]`.
    pub confusion: Vec<Vec<usize>>,
    pub n: usize,
}

impl ClassificationReport {
    /// Scores `pred` against `gold` over `labels` plus any label seen in either.
    pub fn new(gold: &[String], pred: &[String], labels: &[String]) -> Self {
        let mut labels: Vec<String> = labels.to_vec();
        for l in gold.iter().chain(pred) {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        labels.sort();
        let k = labels.len();
        let idx = |l: &String| labels.iter().position(|x| x == l).unwrap_or(0);
        let mut confusion = vec![vec![0usize; k]; k];
        for (g, p) in gold.iter().zip(pred) {
            confusion[idx(g)][idx(p)] += 1;
        }
        let n = gold.len().min(pred.len());
        let classes: Vec<ClassMetrics> = (0..k)
            .map(|i| {
                let tp = confusion[i][i] as f64;
                let predicted: usize = (0..k).map(|r| confusion[r][i]).sum();
                let support: usize = confusion[i].iter().sum();
                let precision = ratio(tp, predicted as f64);
                let recall = ratio(tp, support as f64);
                let f1 = ratio(2.0 * precision * recall, precision + recall);
                ClassMetrics {
                    label: labels[i].clone(),
                    precision,
                    recall,
                    f1,
                    support,
                }
            })
            .collect();
        let correct: usize = (0..k).map(|i| confusion[i][i]).sum();
        let macro_f1 = if k == 0 {
            0.0
        } else {
            classes.iter().map(|c| c.f1).sum::<f64>() / k as f64
        };
        let weighted_f1 = ratio(
            classes.iter().map(|c| c.f1 * c.support as f64).sum(),
            n as f64,
        );
        ClassificationReport {
            labels,
            classes,
            accuracy: ratio(correct as f64, n as f64),
            macro_f1,
            weighted_f1,
            confusion,
            n,
        }
    }

    /// The report as a scikit-learn style text table.
    pub fn table(&self) -> String {
        let w = self
            .labels
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(8)
            .max(12);
        let mut s = format!(
            "{:>w$}  {:>9} {:>9} {:>9} {:>9}\n",
            "", "precision", "recall", "f1-score", "support"
        );
        for c in &self.classes {
            s += &format!(
                "{:>w$}  {:>9.3} {:>9.3} {:>9.3} {:>9}\n",
                c.label, c.precision, c.recall, c.f1, c.support
            );
        }
        s += &format!(
            "\n{:>w$}  {:>9} {:>9} {:>9.3} {:>9}\n",
            "accuracy", "", "", self.accuracy, self.n
        );
        s += &format!(
            "{:>w$}  {:>9} {:>9} {:>9.3} {:>9}\n",
            "macro f1", "", "", self.macro_f1, self.n
        );
        s += &format!(
            "{:>w$}  {:>9} {:>9} {:>9.3} {:>9}\n",
            "weighted f1", "", "", self.weighted_f1, self.n
        );
        s
    }

    /// The confusion matrix as a text table (rows gold, columns predicted).
    pub fn confusion_table(&self) -> String {
        let w = self.labels.iter().map(String::len).max().unwrap_or(8);
        let mut s = format!("{:>w$}  {}\n", "gold \\ pred", self.labels.join("  "));
        for (i, row) in self.confusion.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .zip(&self.labels)
                .map(|(c, l)| format!("{:>width$}", c, width = l.len()))
                .collect();
            s += &format!("{:>w$}  {}\n", self.labels[i], cells.join("  "));
        }
        s
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// The labels of `labels` that `gold` holds: the classes a level is scored on (predicted
/// labels join them in [`ClassificationReport::new`]). A head's label that is neither gold
/// nor predicted at a level (an article label no test article carries) has no F1 to speak
/// of; passed in, it would count 0 and pull macro-F1 down where every prediction is right
/// (scikit-learn's report leaves it out too).
pub fn scored_labels(labels: &[String], gold: &[String]) -> Vec<String> {
    labels
        .iter()
        .filter(|l| gold.contains(l))
        .cloned()
        .collect()
}

/// Macro-F1 over `labels` (and any label seen).
pub fn macro_f1(gold: &[String], pred: &[String], labels: &[String]) -> f64 {
    ClassificationReport::new(gold, pred, labels).macro_f1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn hand_computed_values() {
        // gold a a a b b c ; pred a a b b c c
        let r = ClassificationReport::new(
            &s(&["a", "a", "a", "b", "b", "c"]),
            &s(&["a", "a", "b", "b", "c", "c"]),
            &s(&["a", "b", "c"]),
        );
        let a = &r.classes[0];
        assert_eq!((a.precision, a.recall, a.support), (1.0, 2.0 / 3.0, 3));
        assert!((a.f1 - 0.8).abs() < 1e-12);
        let b = &r.classes[1];
        assert_eq!((b.precision, b.recall), (0.5, 0.5));
        let c = &r.classes[2];
        assert_eq!((c.precision, c.recall), (0.5, 1.0));
        assert!((c.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.accuracy - 4.0 / 6.0).abs() < 1e-12);
        assert!((r.macro_f1 - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert_eq!(
            r.confusion,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]
        );
    }

    #[test]
    fn zero_support_and_never_predicted_classes_count_as_zero() {
        let r = ClassificationReport::new(&s(&["a", "a"]), &s(&["a", "b"]), &s(&["a", "b", "c"]));
        assert_eq!(r.classes[1].support, 0);
        assert_eq!(r.classes[1].f1, 0.0);
        assert_eq!(r.classes[2].precision, 0.0);
        assert_eq!(r.classes[2].f1, 0.0);
        assert!((r.macro_f1 - (2.0 / 3.0) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn table_lists_every_class() {
        let r = ClassificationReport::new(&s(&["x", "y"]), &s(&["x", "x"]), &[]);
        let t = r.table();
        assert!(t.contains("precision") && t.contains("macro f1"));
        assert!(t.lines().any(|l| l.trim_start().starts_with('y')));
    }
}
