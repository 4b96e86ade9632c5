//! The one number a task is judged by, chosen by name: `accuracy`, `macro_f1`, `micro_f1`,
//! `weighted_f1`, or `f_avg:FAVOR,AGAINST` (the mean F1 of the named classes, SemEval-2016
//! Task 6's F_avg: each class's precision and recall counted over the whole pooled test
//! set, other classes predicted but not averaged in).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::bootstrap::Interval;
use super::metrics::ClassificationReport;

/// A headline metric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Headline {
    Accuracy,
    MacroF1,
    /// Micro-averaged F1 over all classes; for single-label data it equals accuracy.
    MicroF1,
    WeightedF1,
    /// The mean F1 of these classes (SemEval-2016 Task 6: `FAVOR`, `AGAINST`).
    FAvg(Vec<String>),
}

impl Headline {
    /// The metric's value on a report. A named class the report does not know scores 0.
    pub fn compute(&self, r: &ClassificationReport) -> f64 {
        match self {
            Headline::Accuracy | Headline::MicroF1 => r.accuracy,
            Headline::MacroF1 => r.macro_f1,
            Headline::WeightedF1 => r.weighted_f1,
            Headline::FAvg(classes) => {
                let f1 = |l: &String| {
                    r.classes
                        .iter()
                        .find(|c| &c.label == l)
                        .map_or(0.0, |c| c.f1)
                };
                classes.iter().map(f1).sum::<f64>() / classes.len().max(1) as f64
            }
        }
    }

    /// Checks that the classes an `f_avg` names exist among `labels`.
    pub fn check(&self, labels: &[String]) -> Result<(), String> {
        if let Headline::FAvg(classes) = self {
            let missing: Vec<&str> = classes
                .iter()
                .filter(|c| !labels.contains(c))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(format!(
                    "metric {self} names class(es) {} that the data does not have; the labels are: {}",
                    missing.join(", "),
                    labels.join(", ")
                ));
            }
        }
        Ok(())
    }
}

impl FromStr for Headline {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (name, arg) = match s.split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (s, None),
        };
        let name = name.to_ascii_lowercase().replace(['-', ' '], "_");
        let no_arg = |h: Headline| match arg {
            None => Ok(h),
            Some(_) => Err(format!("metric `{name}` takes no classes, got `{s}`")),
        };
        match name.as_str() {
            "accuracy" | "acc" => no_arg(Headline::Accuracy),
            "macro_f1" | "f1_macro" => no_arg(Headline::MacroF1),
            "micro_f1" | "f1_micro" => no_arg(Headline::MicroF1),
            "weighted_f1" | "f1_weighted" => no_arg(Headline::WeightedF1),
            "f_avg" | "favg" => {
                let classes: Vec<String> = arg
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect();
                if classes.is_empty() {
                    return Err(
                        "f_avg needs the classes to average, e.g. f_avg:FAVOR,AGAINST".into(),
                    );
                }
                // "f_avg:FAVOR,FAVOR" would weigh one class twice in the mean.
                if let Some(c) = classes
                    .iter()
                    .enumerate()
                    .find_map(|(i, c)| classes[..i].contains(c).then_some(c))
                {
                    return Err(format!(
                        "f_avg names `{c}` twice; expected each class to average once, e.g. \
                         f_avg:FAVOR,AGAINST"
                    ));
                }
                Ok(Headline::FAvg(classes))
            }
            _ => Err(format!(
                "unknown metric `{s}`; expected accuracy, macro_f1, micro_f1, weighted_f1 or f_avg:CLASS,CLASS"
            )),
        }
    }
}

impl fmt::Display for Headline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Headline::Accuracy => f.write_str("accuracy"),
            Headline::MacroF1 => f.write_str("macro_f1"),
            Headline::MicroF1 => f.write_str("micro_f1"),
            Headline::WeightedF1 => f.write_str("weighted_f1"),
            Headline::FAvg(c) => write!(f, "f_avg:{}", c.join(",")),
        }
    }
}

impl Serialize for Headline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The headline metric of one head: the model's value with its bootstrap interval, its
/// spread over folds, and the baselines' values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadlineScore {
    pub metric: Headline,
    pub model: Interval,
    /// Per fold (or per fold of the pooled per-group models), when there were several.
    pub folds: Vec<f64>,
    pub majority: f64,
    pub stratified: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_and_prints_every_metric() {
        for text in [
            "accuracy",
            "macro_f1",
            "micro_f1",
            "weighted_f1",
            "f_avg:FAVOR,AGAINST",
        ] {
            let h: Headline = text.parse().unwrap();
            assert_eq!(h.to_string(), text);
        }
        assert_eq!(
            "F_AVG: FAVOR , AGAINST".parse::<Headline>(),
            Ok(Headline::FAvg(s(&["FAVOR", "AGAINST"])))
        );
        assert_eq!("macro-f1".parse::<Headline>(), Ok(Headline::MacroF1));
        assert!("f_avg".parse::<Headline>().is_err());
        assert!("f_avg:".parse::<Headline>().is_err());
        let twice = "f_avg:FAVOR, FAVOR".parse::<Headline>().unwrap_err();
        assert!(twice.contains("`FAVOR` twice"), "{twice}");
        assert!("accuracy:x".parse::<Headline>().is_err());
        let err = "auc".parse::<Headline>().unwrap_err();
        assert!(err.contains("unknown metric `auc`"), "{err}");
    }

    #[test]
    fn f_avg_by_hand() {
        // gold: F F F A A N N ; pred: F F A A N N F
        // FAVOR: tp 2, predicted 3, support 3 -> P 2/3, R 2/3, F1 2/3
        // AGAINST: tp 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
        // NONE: tp 1, predicted 2, support 2 -> F1 1/2 (not averaged in)
        let gold = s(&["F", "F", "F", "A", "A", "N", "N"]);
        let pred = s(&["F", "F", "A", "A", "N", "N", "F"]);
        let r = ClassificationReport::new(&gold, &pred, &s(&["A", "F", "N"]));
        let favg = Headline::FAvg(s(&["F", "A"])).compute(&r);
        assert!((favg - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-12, "{favg}");
        assert!((Headline::Accuracy.compute(&r) - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(
            Headline::MicroF1.compute(&r),
            Headline::Accuracy.compute(&r)
        );
        let macro_f1 = (2.0 / 3.0 + 0.5 + 0.5) / 3.0;
        assert!((Headline::MacroF1.compute(&r) - macro_f1).abs() < 1e-12);
        let weighted = (3.0 * 2.0 / 3.0 + 2.0 * 0.5 + 2.0 * 0.5) / 7.0;
        assert!((Headline::WeightedF1.compute(&r) - weighted).abs() < 1e-12);
    }

    #[test]
    fn f_avg_names_classes_the_data_lacks() {
        let h: Headline = "f_avg:FAVOR,AGAINST".parse().unwrap();
        assert!(h.check(&s(&["AGAINST", "FAVOR", "NONE"])).is_ok());
        let err = h.check(&s(&["for", "against"])).unwrap_err();
        assert!(
            err.contains("FAVOR, AGAINST") && err.contains("for, against"),
            "{err}"
        );
    }
}
