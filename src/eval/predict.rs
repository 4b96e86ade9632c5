//! Predicting held-out sentences with a fitted model and the baselines beside it, into
//! the pools that the metrics are computed from (shared by cross-validation and by the
//! evaluation of a trained model).

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::baseline;
use super::explain::{pushed_by, Misclassified};
use super::pool::Pool;
use crate::data::LabeledCorpus;
use crate::features::tfidf::SparseRow;
use crate::features::{FrameTagger, Lexicon};
use crate::model::head::reorder_probs;
use crate::model::{SentencePrediction, StanceModel};

/// The full label sets of the corpus, so that probabilities of every fold line up.
pub(crate) struct Labels<'a> {
    pub stance: &'a [String],
    pub frame: &'a [String],
}

/// The majority-class and stratified-random baselines' knowledge: the label
/// distributions of the data the model learned from.
pub(crate) struct Majors {
    stance: String,
    frame: String,
    document: String,
    stance_dist: Vec<String>,
    frame_dist: Vec<String>,
    document_dist: Vec<String>,
}

impl Majors {
    pub(crate) fn of(data: &LabeledCorpus, doc_labels: Option<&BTreeMap<String, String>>) -> Self {
        let stances: Vec<&str> = data.sentences().map(|s| s.stance).collect();
        let frames: Vec<&str> = data.sentences().filter_map(|s| s.frame).collect();
        let docs: Vec<&str> = doc_labels.map_or(Vec::new(), |l| {
            data.groups()
                .into_iter()
                .filter_map(|g| l.get(g).map(String::as_str))
                .collect()
        });
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Majors {
            stance: baseline::majority(&stances),
            frame: baseline::majority(&frames),
            document: baseline::majority(&docs),
            stance_dist: own(&stances),
            frame_dist: own(&frames),
            document_dist: own(&docs),
        }
    }
}

/// Predicts the sentences `idx` of `corpus` with `model` and the baselines.
#[allow(clippy::too_many_arguments)]
pub(crate) fn score_sentences(
    model: &StanceModel,
    corpus: &LabeledCorpus,
    idx: &[usize],
    lexicon: &Lexicon,
    majors: &Majors,
    doc_labels: Option<&BTreeMap<String, String>>,
    labels: &Labels,
    seed: u64,
) -> (Pool, Option<Pool>, Pool) {
    let analyzer = model.analyzer();
    let tagger = FrameTagger::new(lexicon);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = |dist: &[String]| -> String {
        if dist.is_empty() {
            String::new()
        } else {
            dist[rng.gen_range(0..dist.len())].clone()
        }
    };
    let mut stance = Pool::default();
    let mut frame = model.frame_head().map(|_| Pool::default());
    // Test sentences grouped by document, in corpus order, for the document level.
    type Doc<'s> = (
        Vec<SentencePrediction>,
        Vec<SparseRow>,
        Vec<String>,
        &'s str,
    );
    let mut docs: BTreeMap<&str, Doc> = BTreeMap::new();
    // Read as the scorer reads them in their articles (a quotation's middle as speech, a
    // reported marker with its article's mark).
    let all_read = corpus.texts_as_read(&model.reading());
    for &i in idx {
        let s = corpus.sentence(i);
        let read: &str = &all_read[i];
        let row = model.features(read, &analyzer);
        let mut p = model.predict_sentence(read, &analyzer);
        p.text = s.text.to_string();
        let lex_stance = baseline::lexicon_stance(&tagger, read);
        push(
            &mut stance,
            i,
            &s,
            s.stance,
            &p.stance,
            reorder_probs(model.stance_labels(), &p.stance_probs, labels.stance),
        );
        stance.majority.push(majors.stance.clone());
        stance.stratified.push(draw(&majors.stance_dist));
        stance.lexicon.push(lex_stance.clone());
        if p.stance != s.stance {
            stance.errors.push(explain(
                model.stance_head(),
                model,
                &row,
                &s,
                &p.stance,
                s.stance,
                &p.stance_probs,
            ));
        }
        if let (Some(f), Some(gold), Some(head)) = (frame.as_mut(), s.frame, model.frame_head()) {
            let pred = p.frame.clone().unwrap_or_default();
            let probs = p.frame_probs.clone().unwrap_or_default();
            push(
                f,
                i,
                &s,
                gold,
                &pred,
                reorder_probs(head.labels(), &probs, labels.frame),
            );
            f.majority.push(majors.frame.clone());
            f.stratified.push(draw(&majors.frame_dist));
            f.lexicon.push(baseline::lexicon_frame(&tagger, read));
            if pred != gold {
                f.errors
                    .push(explain(head, model, &row, &s, &pred, gold, &probs));
            }
        }
        let entry = docs
            .entry(s.group)
            .or_insert((Vec::new(), Vec::new(), Vec::new(), s.split));
        entry.0.push(p);
        entry.1.push(row);
        entry.2.push(lex_stance);
    }
    let mut document = Pool::default();
    if let Some(gold_docs) = doc_labels {
        for (group, (sentences, rows, lex, split)) in docs {
            if let Some(gold) = gold_docs.get(group) {
                let d = model.aggregate(sentences, &rows, &analyzer);
                document.gold.push(gold.clone());
                document.model.push(d.stance.clone());
                document.probs.push(reorder_probs(
                    model.stance_labels(),
                    &d.stance_probs,
                    labels.stance,
                ));
                document.groups.push(group.to_string());
                document.splits.push(split.to_string());
                document.majority.push(majors.document.clone());
                document.stratified.push(draw(&majors.document_dist));
                document.lexicon.push(baseline::lexicon_document(&lex));
            }
        }
    }
    (stance, frame, document)
}

/// Records one model prediction with its article and split unit.
fn push(
    pool: &mut Pool,
    row: usize,
    s: &crate::data::LabeledSentence<'_>,
    gold: &str,
    pred: &str,
    probs: Vec<f64>,
) {
    pool.gold.push(gold.to_string());
    pool.model.push(pred.to_string());
    pool.probs.push(probs);
    pool.groups.push(s.group.to_string());
    pool.splits.push(s.split.to_string());
    pool.rows.push(row);
}

fn explain(
    head: &crate::model::LogisticHead,
    model: &StanceModel,
    row: &crate::features::tfidf::SparseRow,
    s: &crate::data::LabeledSentence<'_>,
    pred: &str,
    gold: &str,
    probs: &[f64],
) -> Misclassified {
    Misclassified {
        group: s.group.to_string(),
        text: s.text.to_string(),
        gold: gold.to_string(),
        predicted: pred.to_string(),
        confidence: probs.iter().copied().fold(0.0, f64::max),
        pushed_by: pushed_by(head, model.vectorizer(), row, pred, gold, 5),
    }
}
