//! The `linear_svm` head against scikit-learn 1.9.1's `LinearSVC` (squared hinge, L2,
//! one-vs-rest, intercept fitted and penalized as liblinear does): the same decision
//! function on a small fixed corpus, three classes and two, and at C = 100 with the
//! default stopping rule. The numbers were computed once with this script and are stored
//! here:
//!
//! ```python
//! import numpy as np
//! from sklearn.feature_extraction.text import TfidfVectorizer
//! from sklearn.svm import LinearSVC
//! DOCS = [
//!     "the occupied region and the occupation line",
//!     "georgian officials condemned the occupation",
//!     "tbilisi calls it an occupied territory",
//!     "the republic of south ossetia celebrated independence",
//!     "officials of the republic met in tskhinvali",
//!     "independence day parade in the republic",
//!     "talks were held in geneva on tuesday",
//!     "the geneva talks ended without agreement",
//!     "monitors reported a quiet week",
//!     "occupied territory talks in geneva",
//!     "the republic rejected the geneva statement",
//!     "a quiet week for monitors in the region",
//! ]
//! Y3 = ["g", "g", "g", "p", "p", "p", "n", "n", "n", "g", "p", "n"]
//! Y2 = ["g", "g", "g", "p", "p", "p", "p", "g", "p", "g", "p", "p"]
//! X = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", sublinear_tf=True).fit_transform(DOCS)
//! for name, y, C in [("THREE", Y3, 1.0), ("TWO", Y2, 0.5), ("HUNDRED", Y3, 100.0)]:
//!     svc = LinearSVC(C=C, tol=1e-9, max_iter=1_000_000).fit(X, y)
//!     d = svc.decision_function(X)
//!     print(f"// {name}: classes {list(svc.classes_)}, C = {C}")
//!     print(f"const {name}: [&[f64]; 12] = [")
//!     for row in np.atleast_2d(d.T).T if d.ndim == 2 else d[:, None]:
//!         print("    &[" + ", ".join(f"{v:.9f}" for v in row) + "],")
//!     print("];")
//! ```
//!
//! stancer's TF-IDF of these texts equals scikit-learn's (`tests/tfidf_parity.rs`); its
//! feature matrix is single precision, hence the tolerance of 1e-5.

use stancer::features::{FeatureConfig, Lexicon, TfidfVectorizer};
use stancer::model::{HeadModel, HeadParams, LogisticHead};

const DOCS: [&str; 12] = [
    "the occupied region and the occupation line",
    "georgian officials condemned the occupation",
    "tbilisi calls it an occupied territory",
    "the republic of south ossetia celebrated independence",
    "officials of the republic met in tskhinvali",
    "independence day parade in the republic",
    "talks were held in geneva on tuesday",
    "the geneva talks ended without agreement",
    "monitors reported a quiet week",
    "occupied territory talks in geneva",
    "the republic rejected the geneva statement",
    "a quiet week for monitors in the region",
];
const Y3: [&str; 12] = ["g", "g", "g", "p", "p", "p", "n", "n", "n", "g", "p", "n"];
const Y2: [&str; 12] = ["g", "g", "g", "p", "p", "p", "p", "g", "p", "g", "p", "p"];

// THREE: classes [g, n, p], C = 1.0
const THREE: [&[f64]; 12] = [
    &[0.632278608, -0.801304341, -0.799188000],
    &[0.562854025, -0.803051942, -0.718206314],
    &[0.726080936, -0.847558285, -0.826676052],
    &[-0.847116542, -0.836657797, 0.721485759],
    &[-0.758865032, -0.839252577, 0.625215711],
    &[-0.825250516, -0.815229071, 0.671287202],
    &[-0.715857728, 0.547061969, -0.788450299],
    &[-0.709593289, 0.518118050, -0.771174106],
    &[-0.842681739, 0.751879409, -0.859006801],
    &[0.487573027, -0.615082632, -0.856142895],
    &[-0.787749727, -0.765355781, 0.580295952],
    &[-0.791887329, 0.622263465, -0.812118350],
];
// TWO: classes [g, p], C = 0.5
const TWO: [&[f64]; 12] = [
    &[-0.493615503],
    &[-0.430780133],
    &[-0.567620586],
    &[0.671436857],
    &[0.605467624],
    &[0.670434506],
    &[0.458310261],
    &[-0.420900046],
    &[0.670727678],
    &[-0.454904986],
    &[0.538007598],
    &[0.642547343],
];

fn svm(c: f64) -> HeadParams {
    HeadParams {
        model: HeadModel::LinearSvm,
        c,
        balanced: false,
        gradient_tolerance: 1e-10,
        max_iterations: 10_000,
        ..HeadParams::default()
    }
}

fn features() -> (TfidfVectorizer, Vec<stancer::features::tfidf::SparseRow>) {
    let config = FeatureConfig {
        word_ngrams: [1, 1],
        quote_markers: false,
        lexicon_features: false,
        ..FeatureConfig::default()
    };
    let v = TfidfVectorizer::fit(&config, &Lexicon::default(), &DOCS).unwrap();
    let rows = v.transform_rows(&DOCS);
    (v, rows)
}

#[test]
fn decision_function_matches_linear_svc_one_vs_rest() {
    let (v, rows) = features();
    let head = LogisticHead::fit_labels_only(&rows, v.n_features(), &Y3, &svm(1.0)).unwrap();
    assert_eq!(head.labels(), ["g", "n", "p"]);
    for (i, (row, want)) in rows.iter().zip(THREE).enumerate() {
        let got = head.decision_function(row);
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-5, "row {i}: {got:?} vs {want:?}");
        }
        assert_eq!(head.predict(row).0, Y3[i]);
    }
}

#[test]
fn decision_function_matches_linear_svc_binary() {
    let (v, rows) = features();
    let head = LogisticHead::fit_labels_only(&rows, v.n_features(), &Y2, &svm(0.5)).unwrap();
    for (i, (row, want)) in rows.iter().zip(TWO).enumerate() {
        // LinearSVC gives one score (positive: the second class); stancer's two columns
        // are its negative and itself.
        let got = head.decision_function(row);
        assert!(
            (got[1] - want[0]).abs() < 1e-5,
            "row {i}: {got:?} vs {want:?}"
        );
        assert_eq!(got[0], -got[1]);
    }
}

/// Fitted with calibration, the labels are the same (they come from the scores) and the
/// probabilities are sigmoids of the scores, normalized.
#[test]
fn calibrated_head_keeps_the_decisions() {
    let (v, rows) = features();
    let plain = LogisticHead::fit_labels_only(&rows, v.n_features(), &Y3, &svm(1.0)).unwrap();
    let calibrated = LogisticHead::fit(&rows, v.n_features(), &Y3, &svm(1.0)).unwrap();
    for row in &rows {
        assert_eq!(
            plain.decision_function(row),
            calibrated.decision_function(row)
        );
        let (label, p, scores) = calibrated.predict(row);
        assert_eq!(label, plain.predict(row).0);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(
            scores.as_deref(),
            Some(&calibrated.decision_function(row)[..])
        );
    }
}

// HUNDRED: classes [g, n, p], C = 100
const HUNDRED: [&[f64]; 12] = [
    &[0.994991532, -0.997205578, -0.997434082],
    &[0.993061134, -0.997108419, -0.995500381],
    &[0.997458233, -0.999101124, -0.997701135],
    &[-0.998525968, -0.997840149, 0.996764457],
    &[-0.996047062, -0.998084559, 0.994382104],
    &[-0.997751871, -0.997498649, 0.995575208],
    &[-0.995053064, 0.992516322, -0.996926675],
    &[-0.994990062, 0.991955141, -0.996540849],
    &[-0.998605707, 0.998147815, -0.998823526],
    &[0.990497985, -0.992022569, -0.998486230],
    &[-0.997030605, -0.996275402, 0.993548185],
    &[-0.996599328, 0.993543329, -0.996984503],
];

/// At large C the fit stops where `LinearSVC` does, with the default stopping rule:
/// liblinear's, whose tolerance is in units of the decision function whatever C is. (The
/// primal L-BFGS that stopped on the gradient of `Σ loss + ‖w‖²/(2C)` was 3.7e-5 off here,
/// and further off on SemEval's tweets.)
#[test]
fn decision_function_matches_linear_svc_at_c_100_with_the_default_tolerance() {
    let (v, rows) = features();
    let params = HeadParams {
        model: HeadModel::LinearSvm,
        c: 100.0,
        balanced: false,
        ..HeadParams::default()
    };
    let head = LogisticHead::fit_labels_only(&rows, v.n_features(), &Y3, &params).unwrap();
    assert_eq!(head.converged(), Some(true));
    for (i, (row, want)) in rows.iter().zip(HUNDRED).enumerate() {
        let got = head.decision_function(row);
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-5, "row {i}: {got:?} vs {want:?}");
        }
    }
}
