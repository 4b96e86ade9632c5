//! The whole fitted pipeline in one value: vectorizer (with lexicon), stance head, frame
//! head, document aggregator, and a record of what it was trained on.
//!
//! linfa's pattern: [`ModelParams`] (validated settings) → [`ModelParams::fit`] →
//! [`StanceModel`] (fitted, with accessors and prediction). The settings, the fitting and
//! the scoring each have a module of their own (`params`, `fit`, `predict`); this one holds
//! the fitted value and the record of its training that every model file carries.

mod fit;
mod params;
mod predict;

use serde::{Deserialize, Serialize};

use super::aggregate::DocumentAggregator;
use super::head::LogisticHead;
use super::search::SearchOutcome;
use super::text_sketch::TextSketch;
use crate::data::LabeledCorpus;
use crate::error::StancerError;
use crate::features::tfidf::{densify, SparseRow};
use crate::features::{Analyzer, ArticleReading, Lexicon, TfidfVectorizer};

pub(crate) use fit::OutOfFold;
pub use params::{DocumentRule, ModelParams};
pub use predict::{DocumentPrediction, SentencePrediction};

/// The model file format. Bump it whenever a stored field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// What a model was trained on, so any model file names its data exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    pub sources: Vec<String>,
    pub data_sha256: String,
    pub n_sentences: usize,
    pub n_groups: usize,
    pub n_labeled_documents: usize,
    /// Hashes of the training sentences, so that `eval --model` can tell a test file that
    /// overlaps them (absent in models from before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub texts: Option<TextSketch>,
    /// The out-of-fold fits of the article rule that failed (their articles were left
    /// out of the rule's fit); recorded so that the model says it, and absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_fold_failures: Vec<OutOfFoldFailure>,
}

/// One out-of-fold fit of the article rule that failed: which fold, how many labeled
/// articles it was to predict (left out of the rule's fit), and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutOfFoldFailure {
    pub fold: usize,
    pub folds: usize,
    pub articles: usize,
    pub error: String,
}

impl TrainingInfo {
    /// What `corpus` is, with `n_labeled_documents` of its articles labeled.
    pub fn of(corpus: &LabeledCorpus, n_labeled_documents: usize) -> Self {
        TrainingInfo {
            sources: corpus.source_names(),
            data_sha256: corpus.sha256.clone(),
            n_sentences: corpus.len(),
            n_groups: corpus.groups().len(),
            n_labeled_documents,
            texts: Some(TextSketch::of(&corpus.texts())),
            out_of_fold_failures: Vec::new(),
        }
    }
}

/// A fitted stancer model. A key it does not know is an error, not ignored: it is a newer
/// model's part this stancer would score without, or a typo. So is one in any part that
/// scoring reads (the vectorizer and its lexicon, the heads, the article head): a
/// misspelled `wire_words_guide_only` there scored every article with the rule off. Only
/// `training` and `metrics`, records that scoring does not read, take keys it does not know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceModel {
    pub format_version: u32,
    pub params: ModelParams,
    pub training: TrainingInfo,
    /// Metrics recorded at training time (e.g. the cross-validated report), if any.
    pub metrics: Option<serde_json::Value>,
    pub(crate) vectorizer: TfidfVectorizer,
    pub(crate) stance: LogisticHead,
    pub(crate) frame: Option<LogisticHead>,
    pub(crate) aggregator: DocumentAggregator,
    /// With `[search]`: the grid tried on the training rows and what won (the winner's
    /// settings are in `params`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchOutcome>,
}

impl StanceModel {
    pub fn stance_labels(&self) -> &[String] {
        self.stance.labels()
    }

    pub fn frame_labels(&self) -> Option<&[String]> {
        self.frame.as_ref().map(|f| f.labels())
    }

    pub fn vectorizer(&self) -> &TfidfVectorizer {
        &self.vectorizer
    }

    pub fn stance_head(&self) -> &LogisticHead {
        &self.stance
    }

    pub fn frame_head(&self) -> Option<&LogisticHead> {
        self.frame.as_ref()
    }

    pub fn aggregator(&self) -> &DocumentAggregator {
        &self.aggregator
    }

    /// The heads (`stance`, `frame`, `article`) whose fit stopped at `max_iterations`
    /// before reaching its gradient tolerance; empty for a loaded model.
    pub fn unconverged_heads(&self) -> Vec<&'static str> {
        let article: Vec<&LogisticHead> = match &self.aggregator {
            DocumentAggregator::Stacked { head }
            | DocumentAggregator::DocumentTfidf { head }
            | DocumentAggregator::Guide { head } => vec![head],
            DocumentAggregator::GuideAndTfidf {
                guide, document, ..
            } => vec![guide, document],
            _ => Vec::new(),
        };
        let article = article.into_iter().find(|h| h.converged() == Some(false));
        [
            ("stance", Some(&self.stance)),
            ("frame", self.frame.as_ref()),
            ("article", article),
        ]
        .into_iter()
        .filter(|(_, h)| h.is_some_and(|h| h.converged() == Some(false)))
        .map(|(name, _)| name)
        .collect()
    }

    /// A warning per head of [`unconverged_heads`](Self::unconverged_heads), naming the
    /// limit it stopped at: what `stancer train` prints and the Python package's `train`
    /// warns about.
    pub fn convergence_warnings(&self) -> Vec<String> {
        self.unconverged_heads()
            .into_iter()
            .map(|head| {
                let max = if head == "frame" {
                    self.params.frame.max_iterations
                } else {
                    self.params.stance.max_iterations
                };
                format!(
                    "the {head} head stopped at max_iterations ({max}) before converging; its \
                     weights are not the optimum of these settings: raise --max-iter (or \
                     lower --C)"
                )
            })
            .collect()
    }

    /// Every warning a fit gives about its own result, in the order `stancer train` prints
    /// them: heads stopped before converging, the article rule asked for and not fitted,
    /// out-of-fold fits of the article rule that failed (the last two only with article
    /// labels). One list, so that the CLI and the Python package's `train` say the same.
    pub fn fit_warnings(&self) -> Vec<String> {
        let mut out = self.convergence_warnings();
        out.extend(self.rule_not_fitted_warning());
        out.extend(self.out_of_fold_warning());
        out
    }

    /// A warning when the article rule the settings ask for (`document`) was not the one
    /// fitted: it needs [`MIN_DOCUMENT_HEAD_DOCS`](super::aggregate::MIN_DOCUMENT_HEAD_DOCS)
    /// labeled articles of two classes, and with fewer another rule took its place without
    /// a word. What `stancer train --doc-labels` prints and the Python package's `train`
    /// warns about; `None` when the rule asked for is the model's, or without article labels.
    pub fn rule_not_fitted_warning(&self) -> Option<String> {
        let n = self.training.n_labeled_documents;
        if n == 0 {
            return None;
        }
        let (asked, got) = (self.params.document.name(), self.aggregator.name());
        if asked == got {
            return None;
        }
        let min = super::aggregate::MIN_DOCUMENT_HEAD_DOCS;
        let why = if n < min {
            format!("it needs {min} labeled articles and there are {n} labeled articles")
        } else {
            format!("it could not be fitted on the {n} labeled articles (one class among them?)")
        };
        Some(format!(
            "the article rule `{asked}` (`document` in the settings) was not fitted: {why}; \
             the model decides an article's stance by the `{got}` rule instead"
        ))
    }

    /// A warning when out-of-fold fits of the article rule failed: the rule was fitted
    /// without those folds' articles (and, with all failed, not fitted at all), which was
    /// silent. What `stancer train` prints and the Python package's `train` warns about.
    pub fn out_of_fold_warning(&self) -> Option<String> {
        let failed = &self.training.out_of_fold_failures;
        let first = failed.first()?;
        let left_out: usize = failed.iter().map(|f| f.articles).sum();
        let why: Vec<String> = failed
            .iter()
            .map(|f| format!("fold {}: {}", f.fold, f.error))
            .collect();
        Some(format!(
            "{} of the {} out-of-fold fits the article rule is fitted on failed, so {left_out} \
             of the {} labeled articles were left out of its fit ({}); expected every fold's \
             training side to hold two stance classes (fewer `aggregate_folds`, or more \
             articles of the rarer class)",
            failed.len(),
            first.folds,
            self.training.n_labeled_documents,
            why.join("; ")
        ))
    }

    pub fn lexicon(&self) -> &Lexicon {
        self.vectorizer.lexicon()
    }

    /// An analyzer for this model's features; build one per thread and reuse it.
    pub fn analyzer(&self) -> Analyzer {
        Analyzer::new(self.vectorizer.config())
    }

    /// Features of one sentence.
    pub fn features(&self, text: &str, analyzer: &Analyzer) -> SparseRow {
        self.vectorizer.transform_one(text, analyzer)
    }

    /// Dense features of many sentences (for evaluation and explanations).
    pub fn feature_matrix(&self, texts: &[&str]) -> ndarray::Array2<f64> {
        let analyzer = self.analyzer();
        let rows: Vec<SparseRow> = texts.iter().map(|t| self.features(t, &analyzer)).collect();
        densify(&rows, self.vectorizer.n_features())
    }

    /// How this model reads an article's sentences ([`ArticleReading`]).
    pub fn reading(&self) -> ArticleReading<'_> {
        ArticleReading::new(self.vectorizer.config(), self.vectorizer.lexicon())
    }

    /// Checks every part of a loaded model ([`super::validate`]); a clear message
    /// otherwise.
    pub(crate) fn check(self) -> std::result::Result<Self, String> {
        // The settings first: restoring builds tables from them.
        self.vectorizer
            .config()
            .validate()
            .map_err(|e| format!("vectorizer settings: {e}"))?;
        let vectorizer = self.vectorizer.restore()?;
        let model = StanceModel { vectorizer, ..self };
        super::validate::check_model(&model)?;
        Ok(model)
    }
}

impl From<String> for StancerError {
    fn from(message: String) -> Self {
        StancerError::Training(message)
    }
}
