//! The settings of a fit: everything that decides a model, checked before any fitting
//! starts, and kept in the model file so a model can be fitted again exactly.

use serde::{Deserialize, Serialize};

use crate::error::{Result, StancerError};
use crate::features::FeatureConfig;
use crate::model::head::HeadParams;
use crate::model::search::SearchParams;

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
    /// Under `guide_and_tfidf`: an article whose only own-voice markers are the Georgian
    /// words wire copy narrates with ("separatist", "de facto", "self-declared") is decided
    /// by the guide head alone (see [`crate::model::document_cues::only_wire_words`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub wire_words_guide_only: bool,
    /// Whether the guide head learns from the framing sentences' share of the article
    /// (`share:framing`). That share is the one cue of the guide row that moves when
    /// neutral sentences are added, so a head fitted on it reads length; `false` fits the
    /// head with the column at zero, which leaves its weight exactly zero (see
    /// [`crate::model::document_cues::FRAMING_SHARE`]).
    #[serde(skip_serializing_if = "is_true")]
    pub guide_framing_share: bool,
    /// Whether the guide head reads whether the article reports both sides' views
    /// (`article:both_sides_voiced`: Georgia's side and Russia's or the de facto
    /// authorities', each as the speaker of a reporting verb somewhere in the article).
    /// The guide calls a story `neutral_wire` when it attributes positions; a story that
    /// reports each side's words is the wire's way of doing so. Off, the head is fitted as
    /// before the cue (see [`crate::model::document_cues::guide_row`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub guide_both_sides: bool,
    /// Choose the stance head's settings by inner cross-validation on the training rows
    /// (scikit-learn's `GridSearchCV`); see [`crate::model::search`].
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

impl DocumentRule {
    /// The rule's name as a config and a model file spell it (`"guide_and_tfidf"`).
    pub fn name(self) -> &'static str {
        match self {
            DocumentRule::DocumentTfidf => "document_tfidf",
            DocumentRule::Guide => "guide",
            DocumentRule::GuideAndTfidf => "guide_and_tfidf",
            DocumentRule::Stacked => "stacked",
            DocumentRule::PartisanShare => "partisan_share",
        }
    }
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
            wire_words_guide_only: false,
            guide_framing_share: true,
            guide_both_sides: false,
            search: None,
        }
    }
}

fn is_true(b: &bool) -> bool {
    *b
}

impl ModelParams {
    /// Reads a settings file (TOML), as `--config` reads one: a file that cannot be read
    /// or parsed is an error naming it, and a stop-word file it names is read beside it.
    /// `train`, `eval`, `reproduce` and the Python package read their configs here
    /// (`reproduce` took a missing file for the defaults and read stop-word files from the
    /// working directory).
    pub fn from_toml_file(path: &std::path::Path) -> Result<ModelParams> {
        let at = |message: String| StancerError::DataFile {
            path: path.into(),
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| at(format!("cannot read config: {e}")))?;
        let mut p: ModelParams =
            toml::from_str(&text).map_err(|e| at(format!("invalid config: {e}")))?;
        let base = path.parent().unwrap_or(std::path::Path::new("."));
        p.features
            .resolve_files(base)
            .map_err(|e| at(format!("stop_words: {e}")))?;
        Ok(p)
    }

    /// Checks settings to fit with: what a stored model must hold
    /// ([`validate_stored`](Self::validate_stored)), and what a fit needs besides.
    pub fn validate(&self) -> Result<()> {
        self.validate_stored()?;
        // Below 2 folds no article is predicted out of fold: the article rule asked for
        // fell back to the partisan rule at its unfitted threshold, without a word.
        if self.aggregate_folds < 2 {
            return Err(StancerError::Config(format!(
                "aggregate_folds must be at least 2 (the folds that predict each labeled \
                 article out of fold for the article rule), got {}",
                self.aggregate_folds
            )));
        }
        // Zero or below was let through to the solver: one stopped at max_iterations
        // without a word, the other failed after the data was read.
        for (name, head) in [("stance", &self.stance), ("frame", &self.frame)] {
            let t = head.gradient_tolerance;
            if !(t.is_finite() && t > 0.0) {
                return Err(StancerError::Config(format!(
                    "[{name}] gradient_tolerance must be a positive number, got {t}"
                )));
            }
        }
        Ok(())
    }

    /// Checks the settings a loaded model holds (those a model trained before the
    /// training-only checks of [`validate`](Self::validate) may hold are not refused).
    pub fn validate_stored(&self) -> Result<()> {
        self.features.validate()?;
        self.stance.validate()?;
        self.frame.validate()?;
        self.search.as_ref().map_or(Ok(()), SearchParams::validate)
    }

    /// The article-head settings turned from their defaults that the chosen `document`
    /// rule never reads, and stop words no token can equal, each as a warning. Not errors: a probe may swap the rule in one
    /// config (`eval/transfer/padding.py`); but a researcher who sets `guide_both_sides`
    /// beside `document = "document_tfidf"` would otherwise believe it on.
    pub fn idle_settings(&self) -> Vec<String> {
        let guide = matches!(
            self.document,
            DocumentRule::Guide | DocumentRule::GuideAndTfidf
        );
        let rule = self.document.name();
        let mut idle = Vec::new();
        let mut say = |key: &str, needs: &str| {
            idle.push(format!(
                "`{key}` has no effect with document = \"{rule}\"; it needs {needs}"
            ))
        };
        if self.wire_words_guide_only && self.document != DocumentRule::GuideAndTfidf {
            say("wire_words_guide_only", "document = \"guide_and_tfidf\"");
        }
        if self.guide_both_sides && !guide {
            say(
                "guide_both_sides",
                "a guide head (document = \"guide\" or \"guide_and_tfidf\")",
            );
        }
        if !self.guide_framing_share && !guide {
            say(
                "guide_framing_share = false",
                "a guide head (document = \"guide\" or \"guide_and_tfidf\")",
            );
        }
        // Stop words no token can equal drop nothing (scikit-learn warns of them too).
        idle.extend(self.features.stop_word_warnings());
        idle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rules_name_is_its_spelling_in_a_config() {
        use DocumentRule::*;
        for rule in [DocumentTfidf, Guide, GuideAndTfidf, Stacked, PartisanShare] {
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.name());
        }
    }

    #[test]
    fn article_head_settings_the_rule_never_reads_are_named() {
        let shipped = ModelParams {
            document: DocumentRule::GuideAndTfidf,
            wire_words_guide_only: true,
            guide_both_sides: true,
            guide_framing_share: false,
            ..ModelParams::default()
        };
        assert!(shipped.idle_settings().is_empty());
        let words = ModelParams {
            document: DocumentRule::DocumentTfidf,
            ..shipped.clone()
        };
        let idle = words.idle_settings();
        assert_eq!(idle.len(), 3, "{idle:?}");
        assert!(idle[1]
            .starts_with("`guide_both_sides` has no effect with document = \"document_tfidf\""));
        let guide = ModelParams {
            document: DocumentRule::Guide,
            ..shipped
        };
        assert_eq!(guide.idle_settings().len(), 1);
        assert!(ModelParams::default().idle_settings().is_empty());
    }
}
