//! From sentence predictions to an article's stance.
//!
//! The guide is explicit that document stance is not a majority vote: most sentences of any
//! article are factual, and a wire story may carry one "occupied" and stay neutral. So the
//! shipped rule ([`DocumentAggregator::choose`]) is a small logistic head over summaries of
//! the article's sentence probabilities, fitted on out-of-fold predictions of the training
//! articles, so that its probabilities are fitted by log loss and agree with its label.
//! The hand rules (partisan share, marked-sentence count, mean) remain for small data and
//! as the comparison `stancer eval` reports on the same folds.

use serde::{Deserialize, Serialize};

use super::document_cues::{guide_row, guide_width, SentenceCues};
use super::head::{HeadParams, LogisticHead};

/// Fewer labeled articles than this leave too little to fit an article-level head on.
pub const MIN_DOCUMENT_HEAD_DOCS: usize = 20;

/// How sentence probabilities become an article's stance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum DocumentAggregator {
    /// The label with the highest mean sentence probability.
    MeanProbability,
    /// A side wins when its mean probability is high enough and dominates the other side.
    PartisanShare {
        neutral: String,
        sides: [String; 2],
        threshold: f64,
        dominance: f64,
    },
    /// A small logistic head over summaries of the article's sentence probabilities (per
    /// class: mean probability, share of sentences predicted, largest probability), fitted
    /// on out-of-fold predictions. Unlike the rules, its probabilities are fitted by log
    /// loss, so the article's probabilities agree with its label and are calibrated.
    Stacked { head: LogisticHead },
    /// A logistic head over the TF-IDF of the whole article (its sentences joined), with
    /// the sentence model's vocabulary and IDF, trained on the labeled training articles.
    /// It needs the article's features: see [`DocumentAggregator::decide_with`].
    DocumentTfidf { head: LogisticHead },
    /// A small logistic head over the article as the guide reads it: over its framing
    /// sentences, each side's share and the shares with own-voice markers of each side,
    /// reported markers and neutral descriptors, plus first-person and reported speech
    /// (see [`super::document_cues`]), fitted on out-of-fold predictions.
    Guide { head: LogisticHead },
    /// The mean of the guide head's and the whole-article head's probabilities. The two
    /// fail differently when a source is held out: the guide head reads only sentence
    /// probabilities and voice cues, so it cannot learn an outlet's words but follows its
    /// sentences' errors; the whole-article head reads the words. Equal weights, not
    /// fitted: a weight fitted on `labels/` would be one more number tuned to composed text.
    GuideAndTfidf {
        guide: Box<LogisticHead>,
        document: Box<LogisticHead>,
    },
    /// A side wins when at least `min_marked` sentences are predicted for it and more than
    /// for the other side; otherwise the article is neutral.
    MarkedCount {
        neutral: String,
        sides: [String; 2],
        min_marked: usize,
    },
}

/// One document: its sentences' probability rows.
pub type DocProbs<'a> = &'a [Vec<f64>];

impl DocumentAggregator {
    /// The partisan rule where the labels are the guide's, else the mean.
    pub fn for_labels(labels: &[String]) -> Self {
        let has = |l: &str| labels.iter().any(|x| x == l);
        if labels.len() == 3 && has("neutral_wire") && has("georgian") && has("pro_tskhinvali") {
            DocumentAggregator::PartisanShare {
                neutral: "neutral_wire".into(),
                sides: ["georgian".into(), "pro_tskhinvali".into()],
                threshold: 0.2,
                dominance: 1.5,
            }
        } else {
            DocumentAggregator::MeanProbability
        }
    }

    /// The shipped choice: the whole-article head when it was fitted on at least
    /// [`MIN_DOCUMENT_HEAD_DOCS`] articles, else the partisan rule fitted on the out-of-fold
    /// articles (guide labels), else the mean. `eval/report/report.md` and
    /// `eval/leave_one_style_out.md` compare the rules on the same folds.
    pub fn choose(
        labels: &[String],
        oof: &[(Vec<Vec<f64>>, String)],
        document_head: Option<LogisticHead>,
    ) -> Self {
        if let Some(head) = document_head {
            return DocumentAggregator::DocumentTfidf { head };
        }
        let rule = Self::for_labels(labels);
        if oof.is_empty() {
            rule
        } else {
            rule.fit(labels, oof)
        }
    }

    /// The counting rule where the labels are the guide's (`None` otherwise).
    pub fn marked_count(labels: &[String]) -> Option<Self> {
        match Self::for_labels(labels) {
            DocumentAggregator::PartisanShare { neutral, sides, .. } => {
                Some(DocumentAggregator::MarkedCount {
                    neutral,
                    sides,
                    min_marked: 1,
                })
            }
            _ => None,
        }
    }

    /// Fits a stacked head on out-of-fold article predictions; `None` with fewer than two
    /// classes among the articles.
    pub fn fit_stacked(labels: &[String], docs: &[(Vec<Vec<f64>>, String)]) -> Option<Self> {
        let rows: Vec<Vec<(usize, f64)>> = docs.iter().map(|(p, _)| summary(labels, p)).collect();
        let y: Vec<&str> = docs.iter().map(|(_, g)| g.as_str()).collect();
        let params = HeadParams {
            c: 1.0,
            ..HeadParams::default()
        };
        LogisticHead::fit(&rows, 3 * labels.len(), &y, &params)
            .ok()
            .map(|head| DocumentAggregator::Stacked { head })
    }

    /// Fits the guide head on out-of-fold article predictions and their sentences' cues
    /// (`cues[i]` belongs to `docs[i]`); `None` with fewer than two classes.
    pub fn fit_guide(
        labels: &[String],
        docs: &[(Vec<Vec<f64>>, String)],
        cues: &[Vec<SentenceCues>],
    ) -> Option<Self> {
        let rows: Vec<Vec<(usize, f64)>> = docs
            .iter()
            .zip(cues)
            .map(|((p, _), c)| guide_row(labels, p, c))
            .collect();
        let y: Vec<&str> = docs.iter().map(|(_, g)| g.as_str()).collect();
        let params = HeadParams {
            c: 1.0,
            ..HeadParams::default()
        };
        LogisticHead::fit(&rows, guide_width(labels.len()), &y, &params)
            .ok()
            .map(|head| DocumentAggregator::Guide { head })
    }

    /// Fits the threshold by grid search for the best document macro-F1 (ties: the
    /// smallest threshold), given sentence probabilities per document and gold labels.
    pub fn fit(self, labels: &[String], docs: &[(Vec<Vec<f64>>, String)]) -> Self {
        match self {
            DocumentAggregator::MeanProbability => self,
            DocumentAggregator::PartisanShare {
                neutral,
                sides,
                dominance,
                ..
            } => Self::best_of(
                labels,
                docs,
                (1..=60).map(|step| DocumentAggregator::PartisanShare {
                    neutral: neutral.clone(),
                    sides: sides.clone(),
                    threshold: step as f64 * 0.01,
                    dominance,
                }),
            ),
            DocumentAggregator::Stacked { .. } => {
                Self::fit_stacked(labels, docs).unwrap_or(DocumentAggregator::MeanProbability)
            }
            // Needs the sentences' cues: see `fit_guide`.
            DocumentAggregator::Guide { .. } => self,
            // Trained on article text, not on sentence probabilities: nothing to refit here.
            DocumentAggregator::DocumentTfidf { .. } | DocumentAggregator::GuideAndTfidf { .. } => {
                self
            }
            DocumentAggregator::MarkedCount { neutral, sides, .. } => Self::best_of(
                labels,
                docs,
                (1..=10).map(|min_marked| DocumentAggregator::MarkedCount {
                    neutral: neutral.clone(),
                    sides: sides.clone(),
                    min_marked,
                }),
            ),
        }
    }

    /// The candidate with the best article macro-F1 on `docs` (the first on ties); the
    /// grid search behind the hand rules' one parameter. `candidates` must not be empty.
    fn best_of(
        labels: &[String],
        docs: &[(Vec<Vec<f64>>, String)],
        candidates: impl IntoIterator<Item = Self>,
    ) -> Self {
        let gold: Vec<String> = docs.iter().map(|(_, g)| g.clone()).collect();
        let mut best: Option<(f64, Self)> = None;
        for candidate in candidates {
            let pred: Vec<String> = docs
                .iter()
                .map(|(p, _)| candidate.decide(labels, p).0)
                .collect();
            let f1 = crate::eval::metrics::macro_f1(&gold, &pred, labels);
            if best.as_ref().is_none_or(|(b, _)| f1 > b + 1e-12) {
                best = Some((f1, candidate));
            }
        }
        best.expect("a grid of candidates").1
    }

    /// The article's label and its probability row (the mean of its sentences' for the
    /// hand rules). A whole-article head scores an empty row here; use
    /// [`decide_with`](Self::decide_with) to give it the article's features.
    pub fn decide(&self, labels: &[String], sentences: DocProbs) -> (String, Vec<f64>) {
        self.decide_with(labels, sentences, Vec::new)
    }

    /// [`decide`](Self::decide), with the article's TF-IDF row computed on demand (only the
    /// whole-article head asks for it).
    pub fn decide_with(
        &self,
        labels: &[String],
        sentences: DocProbs,
        features: impl FnOnce() -> Vec<(usize, f64)>,
    ) -> (String, Vec<f64>) {
        self.decide_article(labels, sentences, &[], features)
    }

    /// [`decide_with`](Self::decide_with), with the sentences' cues, which the guide head
    /// reads (the other rules ignore them).
    pub fn decide_article(
        &self,
        labels: &[String],
        sentences: DocProbs,
        cues: &[SentenceCues],
        features: impl FnOnce() -> Vec<(usize, f64)>,
    ) -> (String, Vec<f64>) {
        if let DocumentAggregator::DocumentTfidf { head } = self {
            return head_decision(head, labels, &features());
        }
        if let DocumentAggregator::Guide { head } = self {
            return guide_decision(head, labels, sentences, cues);
        }
        if let DocumentAggregator::GuideAndTfidf { guide, document } = self {
            let (_, by_guide) = guide_decision(guide, labels, sentences, cues);
            let (_, by_words) = head_decision(document, labels, &features());
            return mean_decision(labels, &by_guide, &by_words);
        }
        let k = labels.len();
        let mut mean = vec![0.0; k];
        for row in sentences {
            for (m, p) in mean.iter_mut().zip(row) {
                *m += p;
            }
        }
        let n = sentences.len().max(1) as f64;
        mean.iter_mut().for_each(|m| *m /= n);
        let idx = |l: &str| labels.iter().position(|x| x == l);
        if let DocumentAggregator::Stacked { head } = self {
            return head_decision(head, labels, &summary(labels, sentences));
        }
        let label = match self {
            DocumentAggregator::PartisanShare {
                neutral,
                sides,
                threshold,
                dominance,
            } => match (idx(&sides[0]), idx(&sides[1])) {
                (Some(a), Some(b)) => {
                    let (win, lose) = if mean[a] >= mean[b] { (a, b) } else { (b, a) };
                    if mean[win] >= *threshold && mean[win] >= dominance * mean[lose] {
                        labels[win].clone()
                    } else {
                        neutral.clone()
                    }
                }
                _ => argmax_label(labels, &mean),
            },
            DocumentAggregator::MarkedCount {
                neutral,
                sides,
                min_marked,
            } => match (idx(&sides[0]), idx(&sides[1])) {
                (Some(a), Some(b)) => {
                    let votes =
                        |side: usize| sentences.iter().filter(|row| argmax(row) == side).count();
                    let (va, vb) = (votes(a), votes(b));
                    let (win, top, other) = if va >= vb { (a, va, vb) } else { (b, vb, va) };
                    if top >= *min_marked && top > other {
                        labels[win].clone()
                    } else {
                        neutral.clone()
                    }
                }
                _ => argmax_label(labels, &mean),
            },
            DocumentAggregator::MeanProbability
            | DocumentAggregator::Stacked { .. }
            | DocumentAggregator::Guide { .. }
            | DocumentAggregator::GuideAndTfidf { .. }
            | DocumentAggregator::DocumentTfidf { .. } => argmax_label(labels, &mean),
        };
        (label, mean)
    }
}

/// A head's label and its probabilities re-ordered to `labels` (a class the head never saw
/// gets 0).
fn head_decision(
    head: &LogisticHead,
    labels: &[String],
    row: &[(usize, f64)],
) -> (String, Vec<f64>) {
    let (label, p, _) = head.predict(&row.to_vec());
    let probs = super::head::reorder_probs(head.labels(), &p, labels);
    (label.to_string(), probs)
}

/// The guide head's decision. A head saved before the wire-marker cues is narrower than
/// today's row; its columns are the row's first ones, so it reads just those and scores as
/// it did when it was saved.
fn guide_decision(
    head: &LogisticHead,
    labels: &[String],
    sentences: DocProbs,
    cues: &[SentenceCues],
) -> (String, Vec<f64>) {
    let mut row = guide_row(labels, sentences, cues);
    row.retain(|&(j, _)| j < head.n_features());
    head_decision(head, labels, &row)
}

/// The label and probabilities of two heads' probability rows (in `labels` order) averaged.
pub(crate) fn mean_decision(labels: &[String], a: &[f64], b: &[f64]) -> (String, Vec<f64>) {
    let mean: Vec<f64> = a.iter().zip(b).map(|(x, y)| (x + y) / 2.0).collect();
    (argmax_label(labels, &mean), mean)
}

/// Per class: mean probability, share of sentences whose top class it is, and largest
/// probability, as a sparse row of `3 * labels.len()` columns.
pub(crate) fn summary(labels: &[String], sentences: DocProbs) -> Vec<(usize, f64)> {
    let k = labels.len();
    let n = sentences.len().max(1) as f64;
    let mut row = vec![0.0; 3 * k];
    for p in sentences {
        for (j, &v) in p.iter().enumerate().take(k) {
            row[j] += v / n;
            row[2 * k + j] = f64::max(row[2 * k + j], v);
        }
        if !p.is_empty() {
            row[k + argmax(p)] += 1.0 / n;
        }
    }
    row.into_iter().enumerate().collect()
}

/// Index of the largest value (the first on ties).
fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in p.iter().enumerate() {
        if v > p[best] {
            best = i;
        }
    }
    best
}

fn argmax_label(labels: &[String], p: &[f64]) -> String {
    labels.get(argmax(p)).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["georgian", "neutral_wire", "pro_tskhinvali"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn one_marked_sentence_does_not_make_a_wire_story_partisan() {
        let agg = DocumentAggregator::for_labels(&labels());
        let mut doc = vec![vec![0.05, 0.9, 0.05]; 9];
        doc.push(vec![0.9, 0.05, 0.05]);
        assert_eq!(agg.decide(&labels(), &doc).0, "neutral_wire");
        let partisan = vec![vec![0.6, 0.35, 0.05]; 5];
        assert_eq!(agg.decide(&labels(), &partisan).0, "georgian");
    }

    #[test]
    fn marked_count_needs_enough_votes_and_a_winner() {
        let labels = labels();
        let agg = DocumentAggregator::MarkedCount {
            neutral: "neutral_wire".into(),
            sides: ["georgian".into(), "pro_tskhinvali".into()],
            min_marked: 2,
        };
        let wire = vec![0.1, 0.8, 0.1];
        let geo = vec![0.7, 0.2, 0.1];
        let pro = vec![0.1, 0.2, 0.7];
        let doc = |rows: &[&Vec<f64>]| rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
        // One marked sentence is below min_marked.
        assert_eq!(
            agg.decide(&labels, &doc(&[&wire, &geo, &wire])).0,
            "neutral_wire"
        );
        assert_eq!(
            agg.decide(&labels, &doc(&[&geo, &wire, &geo])).0,
            "georgian"
        );
        // A tie between the sides is neutral.
        let tie = doc(&[&geo, &geo, &pro, &pro]);
        assert_eq!(agg.decide(&labels, &tie).0, "neutral_wire");
        assert_eq!(
            agg.decide(&labels, &doc(&[&pro, &pro, &pro, &geo])).0,
            "pro_tskhinvali"
        );
    }

    #[test]
    fn marked_count_fit_finds_the_separating_count() {
        let labels = labels();
        let (geo, wire) = (vec![0.7, 0.2, 0.1], vec![0.1, 0.8, 0.1]);
        let docs = vec![
            (
                vec![geo.clone(), geo.clone(), geo.clone()],
                "georgian".to_string(),
            ),
            (
                vec![geo.clone(), wire.clone(), wire.clone()],
                "neutral_wire".to_string(),
            ),
            (vec![vec![0.1, 0.1, 0.8]; 4], "pro_tskhinvali".to_string()),
        ];
        let agg = DocumentAggregator::marked_count(&labels)
            .unwrap()
            .fit(&labels, &docs);
        assert_eq!(
            agg,
            DocumentAggregator::MarkedCount {
                neutral: "neutral_wire".into(),
                sides: ["georgian".into(), "pro_tskhinvali".into()],
                min_marked: 2,
            }
        );
        assert!(DocumentAggregator::marked_count(&["a".to_string(), "b".to_string()]).is_none());
    }

    /// A confident georgian, neutral_wire and pro_tskhinvali sentence row.
    fn confident_rows() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        (
            vec![0.8, 0.15, 0.05],
            vec![0.1, 0.85, 0.05],
            vec![0.05, 0.15, 0.8],
        )
    }

    #[test]
    fn stacked_head_learns_a_wire_story_from_its_one_marked_sentence() {
        let labels = labels();
        let (geo, wire, pro) = confident_rows();
        let mut docs = Vec::new();
        for i in 0..10 {
            let mut wire_doc = vec![wire.clone(); 8];
            wire_doc[i % 8] = geo.clone();
            docs.push((wire_doc, "neutral_wire".to_string()));
            docs.push((
                vec![geo.clone(), wire.clone(), geo.clone()],
                "georgian".to_string(),
            ));
            docs.push((
                vec![pro.clone(), pro.clone(), wire.clone()],
                "pro_tskhinvali".to_string(),
            ));
        }
        let agg = DocumentAggregator::fit_stacked(&labels, &docs).unwrap();
        assert!(matches!(agg, DocumentAggregator::Stacked { .. }));
        for (p, gold) in &docs {
            let (label, probs) = agg.decide(&labels, p);
            assert_eq!(&label, gold);
            assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            let top = labels[argmax(&probs)].clone();
            assert_eq!(top, label, "probabilities disagree with the label");
        }
        // Without a whole-article head: the partisan rule, fitted.
        let rule = DocumentAggregator::choose(&labels, &docs[..6], None);
        assert!(matches!(rule, DocumentAggregator::PartisanShare { .. }));
    }

    #[test]
    fn guide_and_tfidf_is_the_mean_of_its_two_heads() {
        let labels = labels();
        let (geo, wire, pro) = confident_rows();
        let mut docs = Vec::new();
        for _ in 0..10 {
            docs.push((vec![wire.clone(); 6], "neutral_wire".to_string()));
            docs.push((vec![geo.clone(), geo.clone()], "georgian".to_string()));
            docs.push((vec![pro.clone(), pro.clone()], "pro_tskhinvali".to_string()));
        }
        let cues = vec![vec![SentenceCues::default(); 6]; docs.len()];
        let Some(DocumentAggregator::Guide { head: guide }) =
            DocumentAggregator::fit_guide(&labels, &docs, &cues)
        else {
            panic!("the guide head fits on three classes");
        };
        // A word head that reads one feature per class.
        let rows: Vec<Vec<(usize, f64)>> = (0..30).map(|i| vec![(i % 3, 1.0)]).collect();
        let y: Vec<&str> = (0..30).map(|i| labels[i % 3].as_str()).collect();
        let document = LogisticHead::fit(&rows, 3, &y, &HeadParams::default()).unwrap();
        let both = DocumentAggregator::GuideAndTfidf {
            guide: Box::new(guide.clone()),
            document: Box::new(document.clone()),
        };
        // The sentences say georgian, the words say pro_tskhinvali: the mean decides.
        let sentences = vec![geo.clone(), geo.clone()];
        let words = vec![(2, 1.0)];
        let (_, g) = DocumentAggregator::Guide { head: guide }.decide_article(
            &labels,
            &sentences,
            &cues[0][..2],
            Vec::new,
        );
        let (_, d) = DocumentAggregator::DocumentTfidf { head: document }.decide_article(
            &labels,
            &sentences,
            &[],
            || words.clone(),
        );
        let (label, probs) =
            both.decide_article(&labels, &sentences, &cues[0][..2], || words.clone());
        for j in 0..3 {
            assert!((probs[j] - (g[j] + d[j]) / 2.0).abs() < 1e-12);
        }
        assert_eq!(label, labels[argmax(&probs)]);
        assert!(
            g[0] > 0.5 && d[2] > 0.5,
            "the two heads disagree in this case"
        );
    }

    #[test]
    fn fit_picks_a_threshold_that_separates() {
        let docs = vec![
            (vec![vec![0.30, 0.65, 0.05]], "georgian".to_string()),
            (vec![vec![0.10, 0.85, 0.05]], "neutral_wire".to_string()),
            (vec![vec![0.02, 0.60, 0.38]], "pro_tskhinvali".to_string()),
        ];
        let agg = DocumentAggregator::for_labels(&labels()).fit(&labels(), &docs);
        for (p, gold) in &docs {
            assert_eq!(&agg.decide(&labels(), p).0, gold);
        }
    }
}
