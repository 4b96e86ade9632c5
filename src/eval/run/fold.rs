//! One outer fold of an evaluation: fit on its training side, predict its test side.
//!
//! With per-group values a fold fits one model per value, each on that value's training
//! rows only, so no group's model learns from another's; the article rules are compared
//! only when one model covers all rows.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::eval::chosen::SearchRecord;
use crate::eval::document_methods::{compare_fold, MethodPools};
use crate::eval::pool::Pool;
use crate::eval::predict::{score_sentences, Labels, Majors};
use crate::eval::split::Fold;
use crate::features::Lexicon;
use crate::model::ModelParams;

/// What one outer fold gives the report.
pub(super) struct FoldOutcome {
    /// Pooled predictions: (stance, frame, document).
    pub(super) pools: (Pool, Option<Pool>, Pool),
    /// The rival document rules.
    pub(super) methods: MethodPools,
    /// How many models it fitted, and the heads of each that did not converge.
    pub(super) fits: usize,
    pub(super) unconverged: Vec<&'static str>,
    /// What inner cross-validation chose for its model(s).
    pub(super) search: Vec<SearchRecord>,
    /// Test classes its training side lacked (see [`untrained`]).
    pub(super) untrained: Vec<String>,
    /// Its model's failed out-of-fold fits of the article rule
    /// ([`StanceModel::out_of_fold_warning`](crate::model::StanceModel::out_of_fold_warning)).
    pub(super) out_of_fold: Option<String>,
}

/// The classes of the test rows `test` that `model` was not trained on, with how many test
/// sentences hold each: `sentence stance `pro_tskhinvali` (40 test sentences)`. A split
/// that leaves a class out of training scores it with recall 0 whatever the model is.
fn untrained(
    corpus: &LabeledCorpus,
    test: &[usize],
    model: &crate::model::StanceModel,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |head: &str, known: &[String], gold: &dyn Fn(usize) -> Option<String>| {
        let mut missing: BTreeMap<String, usize> = BTreeMap::new();
        for &i in test {
            if let Some(g) = gold(i) {
                if !known.contains(&g) {
                    *missing.entry(g).or_default() += 1;
                }
            }
        }
        for (label, n) in missing {
            out.push(format!("{head} `{label}` ({n} test sentences)"));
        }
    };
    check("sentence stance", model.stance_labels(), &|i| {
        Some(corpus.sentence(i).stance.to_string())
    });
    if let Some(f) = model.frame_head() {
        check("sentence frame", f.labels(), &|i| {
            corpus.sentence(i).frame.map(str::to_string)
        });
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run_fold(
    corpus: &LabeledCorpus,
    lexicon: &Lexicon,
    params: &ModelParams,
    (fold_index, fold): (usize, &Fold),
    doc_labels: Option<&BTreeMap<String, String>>,
    labels: &Labels,
    seed: u64,
) -> Result<FoldOutcome> {
    if !corpus.is_per_group() {
        let train = corpus.subset(&fold.train);
        let (model, oof) = params.fit_with_oof(&train, lexicon, doc_labels)?;
        let majors = Majors::of(&train, doc_labels);
        let methods = match doc_labels {
            Some(d) => {
                let mut test_docs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
                for &i in &fold.test {
                    test_docs
                        .entry(corpus.sentence(i).group)
                        .or_default()
                        .push(i);
                }
                compare_fold(&model, &oof, params, corpus, &fold.train, &test_docs, d)?
            }
            None => MethodPools::default(),
        };
        let pools = score_sentences(
            &model, corpus, &fold.test, lexicon, &majors, doc_labels, labels, seed,
        );
        return Ok(FoldOutcome {
            pools,
            methods,
            fits: 1,
            unconverged: model.unconverged_heads(),
            search: SearchRecord::of(&model, fold_index, None)
                .into_iter()
                .collect(),
            untrained: untrained(corpus, &fold.test, &model),
            out_of_fold: model.out_of_fold_warning(),
        });
    }
    // Article rules are compared only with one model for all rows.
    // One model per group value, trained on that value's training rows only.
    let parts = fold.parts_by(|i| corpus.sentence(i).per_group.unwrap_or(""));
    type Part = (
        (Pool, Option<Pool>, Pool),
        Vec<&'static str>,
        Option<SearchRecord>,
        Vec<String>,
    );
    let scored: Vec<Result<Part>> = parts
        .par_iter()
        .filter(|(_, (_, test))| !test.is_empty())
        .map(|(name, (train_idx, test_idx))| {
            if train_idx.is_empty() {
                return Err(StancerError::Data(format!(
                    "per-group value `{name}` has test rows but no training rows"
                )));
            }
            let train = corpus.subset(train_idx);
            let model = params
                .fit(&train, lexicon, doc_labels)
                .map_err(|e| StancerError::Training(format!("group `{name}`: {e}")))?;
            let majors = Majors::of(&train, doc_labels);
            let pools = score_sentences(
                &model, corpus, test_idx, lexicon, &majors, doc_labels, labels, seed,
            );
            let record = SearchRecord::of(&model, fold_index, Some(name));
            let missing = untrained(corpus, test_idx, &model)
                .into_iter()
                .map(|m| format!("group `{name}`: {m}"))
                .collect();
            Ok((pools, model.unconverged_heads(), record, missing))
        })
        .collect();
    let (mut stance, mut frame, mut document) = (Pool::default(), None::<Pool>, Pool::default());
    let (fits, mut unconverged, mut search) = (scored.len(), Vec::new(), Vec::new());
    let mut missing = Vec::new();
    for part in scored {
        let ((s, f, d), heads, record, m) = part?;
        unconverged.extend(heads);
        search.extend(record);
        missing.extend(m);
        stance.append(s);
        if let Some(f) = f {
            frame.get_or_insert_with(Pool::default).append(f);
        }
        document.append(d);
    }
    Ok(FoldOutcome {
        pools: (stance, frame, document),
        methods: MethodPools::default(),
        fits,
        unconverged,
        search,
        untrained: missing,
        out_of_fold: None,
    })
}
