//! The sparse solver and linfa-logistic minimize the same objective: on the seed corpus
//! they must reach the same weights and the same predictions, within a small tolerance.

use stancer::data::{AllowedLabels, Columns, LabeledCorpus};
use stancer::features::{FeatureConfig, Lexicon, TfidfVectorizer};
use stancer::model::{HeadParams, LogisticHead, Solver};

#[test]
fn sparse_and_linfa_agree_on_the_seed_corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = LabeledCorpus::from_csvs(
        &[root.join("labels/seed_sentences.csv")],
        &Columns::default(),
        &AllowedLabels::guide(),
    )
    .unwrap();
    let lexicon = Lexicon::from_csv(&root.join("labels/frame_terms.csv")).unwrap();
    let texts = corpus.texts();
    let vec = TfidfVectorizer::fit(&FeatureConfig::default(), &lexicon, &texts).unwrap();
    let rows = vec.transform_rows(&texts);
    let y: Vec<&str> = corpus.sentences().map(|s| s.stance).collect();
    let fit = |solver| {
        let p = HeadParams {
            solver,
            gradient_tolerance: 1e-7,
            max_iterations: 2000,
            ..HeadParams::default()
        };
        LogisticHead::fit(&rows, vec.n_features(), &y, &p).unwrap()
    };
    let (linfa, sparse) = (fit(Solver::Linfa), fit(Solver::Sparse));
    assert_eq!(linfa.solver(), Solver::Linfa);
    assert_eq!(sparse.solver(), Solver::Sparse);
    assert_eq!(linfa.labels(), sparse.labels());
    let max_w = linfa
        .weights()
        .iter()
        .zip(sparse.weights().iter())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let scale = linfa.weights().iter().map(|v| v.abs()).fold(0.0, f64::max);
    assert!(
        max_w < 1e-3 * scale.max(1.0),
        "weights differ by {max_w} (largest weight {scale})"
    );
    for row in &rows {
        let (a, b) = (linfa.predict_proba(row), sparse.predict_proba(row));
        for (pa, pb) in a.iter().zip(&b) {
            assert!((pa - pb).abs() < 1e-3, "{a:?} vs {b:?}");
        }
        assert_eq!(linfa.argmax(&a), sparse.argmax(&b));
    }
}

/// `fit_owned` (which drops the corpus before the solver runs) fits the same model as
/// `fit`, byte for byte, on both solvers' sides of the memory budget.
#[test]
fn owned_and_borrowed_fits_give_the_same_model() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = LabeledCorpus::from_csvs(
        &[
            root.join("labels/seed_sentences.csv"),
            root.join("labels/composed_sentences.csv"),
        ],
        &Columns::default(),
        &AllowedLabels::guide(),
    )
    .unwrap();
    let lexicon = Lexicon::from_csv(&root.join("labels/frame_terms.csv")).unwrap();
    for budget in [0, 64] {
        let mut params = stancer::model::ModelParams::default();
        params.stance.dense_budget_mb = budget;
        params.frame.dense_budget_mb = budget;
        let borrowed = params.fit(&corpus, &lexicon, None).unwrap();
        let owned = params.fit_owned(corpus.clone(), &lexicon, None).unwrap();
        let json = |m: &stancer::model::StanceModel| serde_json::to_string(m).unwrap();
        assert_eq!(json(&borrowed), json(&owned), "dense budget {budget} MB");
    }
}
