//! A trained model evaluated on a labeled file: no split, no fitting.

use std::collections::BTreeMap;

use super::headline::Headline;
use super::pool::Pool;
use super::predict::{score_sentences, Labels, Majors};
use super::run::{sorted_labels, EvalReport, LeakageSummary, SplitSpec, TopFeatures};
use crate::data::LabeledCorpus;
use crate::features::Lexicon;
use crate::model::StanceModel;

/// Evaluates a trained model on a labeled corpus it never saw. The majority baseline
/// answers with the test set's own majority class (the model's training distribution is
/// not stored), which flatters the baseline, never the model.
pub fn evaluate_trained(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    doc_labels: Option<&BTreeMap<String, String>>,
) -> EvalReport {
    evaluate_trained_with(model, model_name, test, lexicon, doc_labels, None)
}

/// [`evaluate_trained`] with a headline metric (checked against the test labels).
pub fn evaluate_trained_with(
    model: &StanceModel,
    model_name: &str,
    test: &LabeledCorpus,
    lexicon: &Lexicon,
    doc_labels: Option<&BTreeMap<String, String>>,
    headline: Option<&Headline>,
) -> EvalReport {
    let idx: Vec<usize> = (0..test.len()).collect();
    let majors = Majors::of(test, doc_labels);
    let stance_labels = sorted_labels(test.sentences().map(|s| s.stance));
    let frame_labels = sorted_labels(test.sentences().filter_map(|s| s.frame));
    let labels = Labels {
        stance: &stance_labels,
        frame: &frame_labels,
    };
    let seed = model.params.seed;
    let (s, f, d) = score_sentences(
        model, test, &idx, lexicon, &majors, doc_labels, &labels, seed,
    );
    let (mut stance, mut frame, mut document) = (Pool::default(), Pool::default(), Pool::default());
    stance.extend(s);
    if let Some(f) = f {
        frame.extend(f);
    }
    document.extend(d);
    EvalReport {
        stancer_version: env!("CARGO_PKG_VERSION").into(),
        command: String::new(),
        sources: test.source_names(),
        data_sha256: test.sha256.clone(),
        params: model.params.clone(),
        seed: model.params.seed,
        split: SplitSpec::External {
            model: model_name.to_string(),
        },
        n_sentences: test.len(),
        n_groups: test.groups().len(),
        folds: Vec::new(),
        leakage: LeakageSummary::default(),
        model_groups: Vec::new(),
        stance: stance.report(&stance_labels, seed, headline),
        frame: (!frame.is_empty()).then(|| frame.report(&frame_labels, seed, None)),
        document: (!document.is_empty()).then(|| document.report(&stance_labels, seed, None)),
        document_methods: Vec::new(),
        top_features: TopFeatures::of(model),
    }
}
