//! The whole fitted pipeline in one value: vectorizer (with lexicon), stance head, frame
//! head, document aggregator, and a record of what it was trained on.
//!
//! linfa's pattern: [`ModelParams`] (validated settings) → [`ModelParams::fit`] →
//! [`StanceModel`] (fitted, with accessors and prediction).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregate::DocumentAggregator;
use super::document_cues::SentenceCues;
use super::document_fit::{choose_rule, document_row, fit_document_head, out_of_fold_documents};
use super::head::{HeadParams, LogisticHead};
use super::search::{SearchOutcome, SearchParams};
use super::text_sketch::TextSketch;
use crate::data::store::Interned;
use crate::data::LabeledCorpus;
use crate::error::{Result, StancerError};
use crate::features::tfidf::{densify, SparseRow};
use crate::features::{
    Analyzer, ArticleReading, FeatureConfig, FrameHit, Lexicon, TfidfVectorizer,
};
use crate::text::{Segmenter, Span};

/// The model file format. Bump it whenever a stored field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Everything that decides a fit. With the same data and seed, the same params give a
/// byte-identical model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelParams {
    pub features: FeatureConfig,
    pub stance: HeadParams,
    pub frame: HeadParams,
    /// Seed of the folds used to fit the document threshold out of fold.
    pub seed: u64,
    /// Folds for the out-of-fold sentence predictions that fit the document rule.
    pub aggregate_folds: usize,
    /// How an article's stance is decided (see [`DocumentRule`]).
    pub document: DocumentRule,
    /// Choose the stance head's settings by inner cross-validation on the training rows
    /// (scikit-learn's `GridSearchCV`); see [`super::search`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchParams>,
}

/// The article rule a model ships with, when it is trained with article labels.
/// `stancer eval` compares all of them on the same folds whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentRule {
    /// A logistic head over the mean of the article's sentence features.
    #[default]
    DocumentTfidf,
    /// A logistic head over the sentences' probabilities and voice cues.
    Guide,
    /// The mean of the guide head's and the whole-article head's probabilities.
    GuideAndTfidf,
    /// A logistic head over the sentences' probabilities only.
    Stacked,
    /// The partisan-share threshold rule.
    PartisanShare,
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            features: FeatureConfig::default(),
            stance: HeadParams::default(),
            frame: HeadParams::default(),
            seed: 42,
            aggregate_folds: 5,
            document: DocumentRule::default(),
            search: None,
        }
    }
}

/// Per labeled article: its sentences' stance probabilities (in the head's label order),
/// each from a model that never saw the article, and its gold stance.
pub(crate) type OutOfFoldDocs = Vec<(Vec<Vec<f64>>, String)>;

/// The out-of-fold articles the article rules are fitted on: probabilities and gold
/// (`docs`), and each sentence's voice cues (`cues[i]` for `docs[i]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct OutOfFold {
    pub docs: OutOfFoldDocs,
    pub cues: Vec<Vec<SentenceCues>>,
}

/// Returns freed heap pages to the OS. glibc keeps the many small allocations freed
/// while the features were built (word tables, counts) in its heap, where the solver's
/// large (mmap-ed) buffers cannot reuse them, so without this they still count in the
/// peak. (The `stancer` binary runs on mimalloc, which reuses them itself, and this is
/// then a no-op; it is for programs that use the library on glibc's allocator.)
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

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
        }
    }
}

/// A fitted stancer model. A key it does not know is an error, not ignored: it is a newer
/// model's part this stancer would score without, or a typo.
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

/// One scored sentence. Offsets are bytes into the article text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentencePrediction {
    pub sent_id: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub stance: String,
    pub stance_probs: Vec<f64>,
    pub frame: Option<String>,
    pub frame_probs: Option<Vec<f64>>,
    pub terms: Vec<FrameHit>,
    /// Decision scores of a `linear_svm` stance head (its probabilities are calibrated
    /// from them); `None` for a logistic head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance_scores: Option<Vec<f64>>,
    /// The same for the frame head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_scores: Option<Vec<f64>>,
}

/// One scored article: its stance, the mean of its sentence probabilities, its sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentPrediction {
    pub stance: String,
    pub stance_probs: Vec<f64>,
    pub sentences: Vec<SentencePrediction>,
}

impl ModelParams {
    pub fn validate(&self) -> Result<()> {
        self.features.validate()?;
        self.stance.validate()?;
        self.frame.validate()?;
        self.search.as_ref().map_or(Ok(()), SearchParams::validate)
    }

    /// With `[search]`: the stance-head settings chosen by inner cross-validation on
    /// `corpus`, as params to fit with (the search kept, so the model records it), and the
    /// record. `None` without a search.
    fn searched(
        &self,
        corpus: &LabeledCorpus,
        lexicon: &Lexicon,
    ) -> Result<Option<(ModelParams, SearchOutcome)>> {
        let Some(grid) = &self.search else {
            return Ok(None);
        };
        let (stance, outcome) = super::search::search(
            grid,
            &self.features,
            &self.stance,
            self.seed,
            corpus,
            lexicon,
        )?;
        Ok(Some((
            ModelParams {
                stance,
                ..self.clone()
            },
            outcome,
        )))
    }

    /// Fits with `chosen` (the searched params, which still hold `[search]`) and attaches
    /// the record.
    fn fit_chosen<T>(
        chosen: ModelParams,
        outcome: SearchOutcome,
        fit: impl FnOnce(&ModelParams) -> Result<(StanceModel, T)>,
    ) -> Result<(StanceModel, T)> {
        let plain = ModelParams {
            search: None,
            ..chosen.clone()
        };
        let (mut model, extra) = fit(&plain)?;
        model.params = chosen;
        model.search = Some(outcome);
        Ok((model, extra))
    }

    /// Trains both heads on `corpus`. With `doc_labels` (group → article stance), the
    /// document rule is fitted on out-of-fold sentence predictions of those articles.
    pub fn fit(
        &self,
        corpus: &LabeledCorpus,
        lexicon: &Lexicon,
        doc_labels: Option<&BTreeMap<String, String>>,
    ) -> Result<StanceModel> {
        Ok(self.fit_with_oof(corpus, lexicon, doc_labels)?.0)
    }

    /// [`fit`](Self::fit) on a corpus it may consume. Without article labels the corpus is
    /// dropped once the feature matrix is built, before the solver allocates, all but its
    /// label ids: at 1M sentences the ~150 MB of text are not held beside the solver's
    /// state. With article labels it is `fit` (the article rules need the text).
    pub fn fit_owned(
        &self,
        corpus: LabeledCorpus,
        lexicon: &Lexicon,
        doc_labels: Option<&BTreeMap<String, String>>,
    ) -> Result<StanceModel> {
        if doc_labels.is_some() {
            return self.fit(&corpus, lexicon, doc_labels);
        }
        self.validate()?;
        if let Some((chosen, outcome)) = self.searched(&corpus, lexicon)? {
            return Ok(Self::fit_chosen(chosen, outcome, |p| {
                Ok((p.fit_owned(corpus, lexicon, None)?, ()))
            })?
            .0);
        }
        if !(self.stance.model.is_logistic() && self.frame.model.is_logistic()) {
            // A linear SVM head calibrates on folds of the articles, so it needs them.
            return self.fit(&corpus, lexicon, None);
        }
        let training = TrainingInfo::of(&corpus, 0);
        let read = corpus.texts_as_read(&ArticleReading::new(&self.features, lexicon));
        let texts: Vec<&str> = read.iter().map(|t| t.as_ref()).collect();
        let (vectorizer, x) = TfidfVectorizer::fit_transform(&self.features, lexicon, &texts)?;
        drop(texts);
        drop(read);
        // The labels, already small ids in the corpus, are all the solver needs of it.
        let (stance_y, frame_y) = corpus.into_labels();
        release_freed_memory();
        let stance_refs = stance_y.refs();
        let frame_refs = frame_y.as_ref().map(Interned::refs);
        let (stance, frame) = rayon::join(
            || LogisticHead::fit_csr(&x, &stance_refs, &self.stance),
            || {
                frame_refs
                    .as_ref()
                    .map(|y| LogisticHead::fit_csr(&x, y, &self.frame))
                    .transpose()
            },
        );
        let (stance, frame) = (stance?, frame?);
        drop(x);
        let aggregator = DocumentAggregator::choose(stance.labels(), &[], None);
        Ok(StanceModel {
            format_version: FORMAT_VERSION,
            params: self.clone(),
            training,
            metrics: None,
            vectorizer,
            stance,
            frame,
            aggregator,
            search: None,
        })
    }

    /// [`fit`](Self::fit), also handing back the out-of-fold article predictions the
    /// document rule was fitted on, so that evaluation can fit rival rules on the same ones.
    pub(crate) fn fit_with_oof(
        &self,
        corpus: &LabeledCorpus,
        lexicon: &Lexicon,
        doc_labels: Option<&BTreeMap<String, String>>,
    ) -> Result<(StanceModel, OutOfFold)> {
        self.validate()?;
        if let Some((chosen, outcome)) = self.searched(corpus, lexicon)? {
            return Self::fit_chosen(chosen, outcome, |p| {
                p.fit_with_oof(corpus, lexicon, doc_labels)
            });
        }
        let read = corpus.texts_as_read(&ArticleReading::new(&self.features, lexicon));
        let texts: Vec<&str> = read.iter().map(|t| t.as_ref()).collect();
        let (vectorizer, x) = TfidfVectorizer::fit_transform(&self.features, lexicon, &texts)?;
        let groups: Vec<&str> = corpus.sentences().map(|s| s.group).collect();
        let stance_y: Vec<&str> = corpus.sentences().map(|s| s.stance).collect();
        let frame_y: Option<Vec<&str>> = corpus
            .has_frames()
            .then(|| corpus.sentences().map(|s| s.frame.unwrap_or("")).collect());
        let labeled_docs = doc_labels.map_or(0, |d| {
            corpus
                .groups()
                .iter()
                .filter(|g| d.contains_key(**g))
                .count()
        });
        // The heads and the out-of-fold fits are independent: run them side by side.
        // Each fit is deterministic, so the model is the same whatever the thread count.
        let ((stance, frame), oof) = rayon::join(
            || {
                rayon::join(
                    || {
                        LogisticHead::fit_csr_grouped(
                            &x,
                            &stance_y,
                            &groups,
                            self.seed,
                            &self.stance,
                        )
                    },
                    || {
                        frame_y
                            .as_ref()
                            .map(|y| {
                                LogisticHead::fit_csr_grouped(
                                    &x,
                                    y,
                                    &groups,
                                    self.seed,
                                    &self.frame,
                                )
                            })
                            .transpose()
                    },
                )
            },
            || match doc_labels {
                Some(d) => out_of_fold_documents(self, corpus, &read, lexicon, d),
                None => Ok(OutOfFold::default()),
            },
        );
        let (stance, frame, oof) = (stance?, frame?, oof?);
        drop(x);
        let all: Vec<usize> = (0..corpus.len()).collect();
        let document_head = match (doc_labels, self.document) {
            (Some(d), DocumentRule::DocumentTfidf | DocumentRule::GuideAndTfidf) => {
                fit_document_head(&vectorizer, &self.stance, corpus, &read, &all, d)?
            }
            _ => None,
        };
        let aggregator = choose_rule(self.document, stance.labels(), &oof, document_head);
        let model = StanceModel {
            format_version: FORMAT_VERSION,
            params: self.clone(),
            training: TrainingInfo::of(corpus, labeled_docs),
            metrics: None,
            vectorizer,
            stance,
            frame,
            aggregator,
            search: None,
        };
        Ok((model, oof))
    }

    pub(crate) fn stance_labels(&self, corpus: &LabeledCorpus) -> Vec<String> {
        let mut l: Vec<String> = corpus.sentences().map(|s| s.stance.to_string()).collect();
        l.sort();
        l.dedup();
        l
    }
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
            DocumentAggregator::GuideAndTfidf { guide, document } => vec![guide, document],
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

    /// Scores one sentence: both heads and the frame terms in it.
    pub fn predict_sentence(&self, text: &str, analyzer: &Analyzer) -> SentencePrediction {
        self.predict_sentence_row(text, analyzer).0
    }

    /// [`predict_sentence`](Self::predict_sentence) and the sentence's feature row, which
    /// the article head reuses.
    fn predict_sentence_row(
        &self,
        text: &str,
        analyzer: &Analyzer,
    ) -> (SentencePrediction, SparseRow) {
        // Features and frame terms from one tokenization of the sentence.
        let (row, terms) = self.vectorizer.transform_tagged(text, analyzer, true);
        let (stance, stance_probs, stance_scores) = self.stance.predict(&row);
        let frame = self.frame.as_ref().map(|f| f.predict(&row));
        let (frame, frame_probs, frame_scores) = match frame {
            Some((label, probs, scores)) => (Some(label.to_string()), Some(probs), scores),
            None => (None, None, None),
        };
        let prediction = SentencePrediction {
            sent_id: 0,
            start: 0,
            end: text.len(),
            text: text.to_string(),
            stance: stance.to_string(),
            frame,
            stance_probs,
            frame_probs,
            terms,
            stance_scores,
            frame_scores,
        };
        (prediction, row)
    }

    /// Scores an article: segments it, scores each sentence, aggregates the stance.
    /// Term offsets are made relative to the article.
    pub fn predict_document(&self, text: &str, analyzer: &Analyzer) -> DocumentPrediction {
        self.predict_document_in(text, Segmenter::new().split(text), analyzer)
    }

    /// [`predict_document`](Self::predict_document) over the article's sentences as
    /// [`Segmenter::split`] found them: a caller that bounds the work per article counts
    /// them first.
    pub fn predict_document_in(
        &self,
        text: &str,
        spans: Vec<Span>,
        analyzer: &Analyzer,
    ) -> DocumentPrediction {
        let mut rows = Vec::new();
        let sentences = self.score_sentences(text, spans, analyzer, Some(&mut rows));
        self.aggregate_rows(sentences, |_| self.vectorizer.mean_row(&rows, analyzer))
    }

    /// Scores each sentence of an article, without the article's verdict: what sentence
    /// rows print, for less work than [`predict_document`](Self::predict_document).
    pub fn predict_sentences(&self, text: &str, analyzer: &Analyzer) -> Vec<SentencePrediction> {
        self.predict_sentences_in(text, Segmenter::new().split(text), analyzer)
    }

    /// [`predict_sentences`](Self::predict_sentences) over sentences already found.
    pub fn predict_sentences_in(
        &self,
        text: &str,
        spans: Vec<Span>,
        analyzer: &Analyzer,
    ) -> Vec<SentencePrediction> {
        self.score_sentences(text, spans, analyzer, None)
    }

    /// The sentences of an article, scored, with offsets into the article; their feature
    /// rows go to `rows` when the verdict will need them.
    fn score_sentences(
        &self,
        text: &str,
        spans: Vec<Span>,
        analyzer: &Analyzer,
        mut rows: Option<&mut Vec<SparseRow>>,
    ) -> Vec<SentencePrediction> {
        let slices: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
        let reading = self.reading();
        if reading.is_plain() {
            return spans
                .into_iter()
                .enumerate()
                .map(|(i, span)| {
                    let (p, row) = self.predict_sentence_row(span.slice(text), analyzer);
                    if let Some(rows) = rows.as_deref_mut() {
                        rows.push(row);
                    }
                    place(p, i, span, 0, slices[i].len())
                })
                .collect();
        }
        // Read as training reads them: a quotation's middle as speech; then, from the
        // terms found on that reading (tagged once), a reported marker with its article's
        // mark, and only the sentences so marked scored again.
        let mut read = reading.read_quotations(&slices, None);
        let mut scored: Vec<(SentencePrediction, SparseRow)> = read
            .iter()
            .map(|r| self.predict_sentence_row(&r.text, analyzer))
            .collect();
        let terms: Vec<&[FrameHit]> = scored.iter().map(|(p, _)| &p.terms[..]).collect();
        let marked = reading.mark_all(&mut read, &terms);
        for (i, _) in marked.iter().enumerate().filter(|(_, m)| **m) {
            scored[i] = self.predict_sentence_row(&read[i].text, analyzer);
        }
        scored
            .into_iter()
            .zip(spans)
            .enumerate()
            .map(|(i, ((mut p, row), span))| {
                if let Some(rows) = rows.as_deref_mut() {
                    rows.push(row);
                }
                // Reported as written.
                p.text = slices[i].to_string();
                place(p, i, span, read[i].shift, slices[i].len())
            })
            .collect()
    }

    /// The document verdict over already-scored sentences.
    pub fn aggregate(&self, sentences: Vec<SentencePrediction>) -> DocumentPrediction {
        self.aggregate_rows(sentences, |read| {
            let refs: Vec<&str> = read.iter().map(|t| t.as_ref()).collect();
            document_row(&self.vectorizer, &refs)
        })
    }

    /// The verdict, with the article's row computed only if the article head asks for it
    /// (`article` gets the sentences as read, when it needs them).
    fn aggregate_rows(
        &self,
        sentences: Vec<SentencePrediction>,
        article: impl FnOnce(&[Cow<'_, str>]) -> SparseRow,
    ) -> DocumentPrediction {
        let probs: Vec<Vec<f64>> = sentences.iter().map(|s| s.stance_probs.clone()).collect();
        // The sentences as read, once, for whichever of the cues and the article row asks.
        let read = std::cell::OnceCell::new();
        let read_texts = || read.get_or_init(|| self.as_read(&sentences));
        // Only the guide head reads the sentences' cues.
        let cues: Vec<SentenceCues> = match self.aggregator {
            DocumentAggregator::Guide { .. } | DocumentAggregator::GuideAndTfidf { .. } => {
                let across = self.vectorizer.config().cross_sentence_quotes;
                sentences
                    .iter()
                    .zip(read_texts())
                    .map(|(s, t)| SentenceCues::of(t, &s.terms, across))
                    .collect()
            }
            _ => Vec::new(),
        };
        let (stance, stance_probs) =
            self.aggregator
                .decide_article(
                    self.stance.labels(),
                    &probs,
                    &cues,
                    || article(read_texts()),
                );
        drop(read);
        DocumentPrediction {
            stance,
            stance_probs,
            sentences,
        }
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

/// A sentence's prediction made on its reading, placed in its article: sentence `i` at
/// `span`, its terms moved back by `shift` (the bytes the reading put before the sentence)
/// and on by the span's start; a term outside the sentence as written (in a mark) is no
/// term of it.
fn place(
    mut p: SentencePrediction,
    i: usize,
    span: Span,
    shift: usize,
    len: usize,
) -> SentencePrediction {
    if shift > 0 || p.end != len {
        p.terms.retain(|t| t.start >= shift && t.end <= shift + len);
    }
    for t in &mut p.terms {
        t.start = t.start - shift + span.start;
        t.end = t.end - shift + span.start;
    }
    p.sent_id = i;
    p.start = span.start;
    p.end = span.end;
    p
}

impl StanceModel {
    /// How this model reads an article's sentences ([`ArticleReading`]).
    pub fn reading(&self) -> ArticleReading<'_> {
        ArticleReading::new(self.vectorizer.config(), self.vectorizer.lexicon())
    }

    /// An article's scored sentences as the model read them; the marks from the terms
    /// found when they were scored, not from tagging them again.
    fn as_read<'a>(&self, sentences: &'a [SentencePrediction]) -> Vec<Cow<'a, str>> {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let reading = self.reading();
        let mut read = reading.read_quotations(&texts, None);
        let terms: Vec<&[FrameHit]> = sentences.iter().map(|s| &s.terms[..]).collect();
        reading.mark_all(&mut read, &terms);
        read.into_iter().map(|r| r.text).collect()
    }
}

impl From<String> for StancerError {
    fn from(message: String) -> Self {
        StancerError::Training(message)
    }
}
