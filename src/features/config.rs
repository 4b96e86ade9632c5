//! What the vectorizer extracts. Names and defaults follow scikit-learn's `TfidfVectorizer`
//! (`ngram_range`, `analyzer`, `min_df`, `max_df`, `max_features`, `binary`, `lowercase`,
//! `token_pattern`, `stop_words`, `sublinear_tf`, `smooth_idf`, `norm`) and `FeatureUnion` (blocks with
//! `transformer_weights`), so that a researcher can carry a notebook's settings over.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use super::blocks::{BlockAnalyzer, BlockConfig, CharAnalyzer};
use super::lexicon_block::LexiconColumns;
pub use super::stop_words::StopWords;
use crate::error::{Result, StancerError};
use crate::text::TokenPattern;

/// The longest word n-gram: each token starts up to this many n-grams, so the bound keeps
/// one long sentence's features (and memory) linear in its length.
pub const MAX_WORD_NGRAM: usize = 10;

/// The longest character n-gram.
pub const MAX_CHAR_NGRAM: usize = 20;

/// Feature extraction settings; serialized into every model and every eval report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeatureConfig {
    /// Word n-gram range, inclusive: `[1, 2]` is unigrams and bigrams.
    pub word_ngrams: [usize; 2],
    /// Character n-grams within word boundaries (scikit-learn's `char_wb`); `None` is off.
    pub char_ngrams: Option<[usize; 2]>,
    /// Snowball English stemming of word tokens before n-grams are formed.
    pub stem: bool,
    /// Add a `"token"` feature for each token that stood inside quotation marks, so that
    /// scare-quoted “independence” and asserted independence are told apart.
    pub quote_markers: bool,
    /// Drop features seen in fewer documents (sentences) than this.
    pub min_df: usize,
    /// Drop features seen in more than this fraction of documents.
    pub max_df: f64,
    /// Keep only the most frequent features (by corpus term frequency).
    pub max_features: Option<usize>,
    /// `1 + ln(tf)` instead of raw counts.
    pub sublinear_tf: bool,
    /// `ln((1 + n) / (1 + df)) + 1`, as if one document held every term.
    pub smooth_idf: bool,
    /// L2-normalize each row; the logistic solver is also better conditioned with it.
    pub l2_norm: bool,
    /// Append frame-lexicon counts (one column per frame and per stance signal).
    pub lexicon_features: bool,
    /// Which lexicon columns: `basic` (own-voice counts and one for every reported hit) or
    /// `voice` (reported hits kept by side, neutralized and scare-quoted hits counted).
    #[serde(skip_serializing_if = "LexiconColumns::is_basic")]
    pub lexicon_columns: LexiconColumns,
    /// Reported and neutralized frame terms enter the word n-grams as their own tokens
    /// (`xrepoccupied`, `xctxindependence`; see `features::voice_marks`), so the word
    /// block tells the outlet's own "occupied" from Tbilisi's reported one.
    #[serde(skip_serializing_if = "is_false")]
    pub voice_tokens: bool,
    /// Add a feature per `?` and `!` (the tokenizer drops punctuation; a question mark is
    /// how a headline reports a claim without taking it up).
    #[serde(skip_serializing_if = "is_false")]
    pub punctuation: bool,
    /// For two text columns joined with the separator token (`--text-col claim,headline`):
    /// n-grams come from the second column only, and the first column enters through a
    /// feature for the share of its words that the second repeats (in fifths). Splits that
    /// keep a claim on one side make the claim's own words noise; how much of it a
    /// headline repeats is not.
    #[serde(skip_serializing_if = "is_false")]
    pub pair_features: bool,
    /// With `pair_features`: in the second column's word n-grams, each run of words that
    /// the first column also has (the words the overlap feature counts) becomes one slot
    /// token, so that "denies ⟨claim⟩" and "⟨claim⟩ is a hoax" carry over from one claim to
    /// the next. Character n-grams and the overlap feature still see the words themselves.
    #[serde(skip_serializing_if = "is_false")]
    pub pair_mask: bool,
    /// How `char_ngrams` are cut: `char_wb` (within words, the default) or `char` (across
    /// word boundaries), scikit-learn's `analyzer`.
    #[serde(skip_serializing_if = "CharAnalyzer::is_default")]
    pub char_analyzer: CharAnalyzer,
    /// Presence (1) instead of counts before idf (scikit-learn's `binary`); `max_features`
    /// then ranks by document frequency, as scikit-learn's does.
    #[serde(skip_serializing_if = "is_false")]
    pub binary: bool,
    /// Lowercase words and character n-grams (scikit-learn's `lowercase`).
    #[serde(skip_serializing_if = "is_true")]
    pub lowercase: bool,
    /// Word tokens as the matches of this regular expression instead of stancer's
    /// tokenizer (scikit-learn's `token_pattern`; its default, which drops one-letter
    /// words, is `(?u)\b\w\w+\b`): see `text::token_pattern`. Unset, stancer's
    /// tokenizer. Applies to word n-grams (with their quote markers and stop words), not to
    /// character n-grams or the frame lexicon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_pattern: Option<TokenPattern>,
    /// Words dropped before word n-grams are formed: a list, or a file with one word per
    /// line (scikit-learn's `stop_words` as a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_words: Option<StopWords>,
    /// A union of blocks (word, char, char_wb, lexicon), each weighted and normalized on
    /// its own, then stacked (scikit-learn's `FeatureUnion`, `transformer_weights`).
    /// Empty: one block holds every feature, normalized together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<BlockConfig>,
    /// Read a quotation that the segmenter cut at its own sentence ends as speech in every
    /// sentence of it: a quote left open reaches the sentence end, a close with none open
    /// reaches back to its start, and a middle sentence with no mark is read behind the
    /// quotation's opening mark (`text::quotes`). Off in models saved before it existed,
    /// which then score and retrain exactly as they did.
    #[serde(skip_serializing_if = "is_false")]
    pub cross_sentence_quotes: bool,
    /// Read a news agency's tail verbs ("..., she stressed.", "..., Zakharova noted.") and a
    /// speaker named by a long title ("..., Russian Foreign Ministry Spokeswoman Maria
    /// Zakharova said at a briefing") as attribution, as "..., Gagloev said" is read
    /// (`features::voice`). Off in models saved before it existed, which then score and
    /// retrain exactly as they did.
    #[serde(skip_serializing_if = "is_false")]
    pub agency_tails: bool,
    /// Read a sentence with a quoted or attributed partisan marker with a word saying how
    /// the rest of its article narrates (`features::reading`): whether the article adopts
    /// the quotation, as the guide asks. Off in models saved before it existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub article_context: bool,
    /// With `article_context`: a reported marker in a sentence whose article does not
    /// adopt it (marked `xartother` or `xartnone`) is counted apart from one the article
    /// adopts, in the lexicon columns (`lex:unadopted=...`) and the voice tokens
    /// (`xrepna`). The article mark is one additive word; without this the reported word
    /// keeps the weight it learned on ministry sites, where quotations are mostly adopted,
    /// and a wire story quoting "the Republic of South Ossetia" reads as the ministry's.
    /// Off in models saved before it existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unadopted_apart: bool,
    /// With `article_context`: an article of more than one sentence that names neither
    /// region, their towns or peoples, nor Georgia, nor a de facto official behind a plain
    /// title is about something else, and its frame terms frame nothing (each such sentence
    /// is read with the word `xofftopic`; `features::reading::OFF_TOPIC`). American
    /// politics' "deep state", "so-called social justice warriors" and "Occupy Wall
    /// Street" were Georgian markers to the guide's list. A lone sentence has no article
    /// and is read by the list. Off in models saved before it existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub topic_gate: bool,
    /// With `topic_gate`: an article also names the conflict by a word only it uses
    /// ("borderization", the EU monitors' "EUMM", a village on the line such as Khurvaleti,
    /// a town of the regions) or by a de facto official's surname anywhere, title or not
    /// (`features::voice::is_conflict_word`). Georgia's security service writes "the
    /// occupation regime continues illegal borderization near Khurvaleti" without naming a
    /// region or Georgia, and the gate read such statements as about something else. Off in
    /// models saved before it existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub conflict_words: bool,
    /// With `article_context`: an article whose own voice uses the wire's neutral
    /// descriptors ("breakaway", "Russian-backed", "partially recognised", "rebel") does not
    /// adopt the markers it reports, even where its narration also has one of a side's
    /// markers ("the separatist region"). The guide calls such a story wire copy, whose
    /// quotations are the speakers'; only an official site narrating its principal's side
    /// throughout adopts them (`features::reading::WIRE_DESCRIPTORS`). Off in models saved
    /// before it existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub wire_narration: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Default for FeatureConfig {
    fn default() -> Self {
        Self {
            word_ngrams: [1, 2],
            char_ngrams: None,
            stem: false,
            quote_markers: true,
            min_df: 1,
            max_df: 1.0,
            max_features: None,
            sublinear_tf: true,
            smooth_idf: true,
            l2_norm: true,
            lexicon_features: true,
            lexicon_columns: LexiconColumns::Basic,
            voice_tokens: false,
            punctuation: false,
            pair_features: false,
            pair_mask: false,
            char_analyzer: CharAnalyzer::CharWb,
            binary: false,
            lowercase: true,
            token_pattern: None,
            stop_words: None,
            blocks: Vec::new(),
            cross_sentence_quotes: false,
            agency_tails: false,
            article_context: false,
            unadopted_apart: false,
            topic_gate: false,
            conflict_words: false,
            wire_narration: false,
        }
    }
}

impl FeatureConfig {
    /// Rejects settings that cannot produce features, before any work is done.
    pub fn validate(&self) -> Result<()> {
        let [lo, hi] = self.word_ngrams;
        if lo == 0 || lo > hi || hi > MAX_WORD_NGRAM {
            return Err(StancerError::Config(format!(
                "word_ngrams must be [min, max] with 1 <= min <= max <= {MAX_WORD_NGRAM}, \
                 got [{lo}, {hi}]"
            )));
        }
        if let Some([clo, chi]) = self.char_ngrams {
            if clo == 0 || clo > chi || chi > MAX_CHAR_NGRAM {
                return Err(StancerError::Config(format!(
                    "char_ngrams must be [min, max] with 1 <= min <= max <= {MAX_CHAR_NGRAM}, \
                     got [{clo}, {chi}]"
                )));
            }
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(StancerError::Config(format!(
                "max_df must be in (0, 1], got {}",
                self.max_df
            )));
        }
        if self.pair_mask && !self.pair_features {
            return Err(StancerError::Config(
                "pair_mask needs pair_features (it masks the first column's words in the second)"
                    .into(),
            ));
        }
        if self.unadopted_apart
            && !(self.article_context
                && (self.voice_tokens
                    || (self.lexicon_features && self.lexicon_columns == LexiconColumns::Voice)))
        {
            return Err(StancerError::Config(
                "unadopted_apart needs article_context (which marks whether an article \
                 adopts a quotation) and voice_tokens or lexicon_columns = \"voice\" (where \
                 the unadopted markers are counted apart)"
                    .into(),
            ));
        }
        if self.conflict_words && !self.topic_gate {
            return Err(StancerError::Config(
                "conflict_words needs topic_gate (it widens what names the conflict)".into(),
            ));
        }
        if self.topic_gate && !self.article_context {
            return Err(StancerError::Config(
                "topic_gate needs article_context (it reads a sentence with its article)".into(),
            ));
        }
        if self.wire_narration && !self.article_context {
            return Err(StancerError::Config(
                "wire_narration needs article_context (it reads a sentence with its article)"
                    .into(),
            ));
        }
        if self.min_df == 0 {
            return Err(StancerError::Config("min_df must be at least 1".into()));
        }
        if self.max_features == Some(0) {
            return Err(StancerError::Config(
                "max_features must be at least 1".into(),
            ));
        }
        self.validate_blocks()
    }

    /// Reads a `stop_words` list file, relative to `base` (the folder of the config file
    /// that names it), so that the settings, and any model fitted with them, hold the
    /// words themselves.
    pub fn resolve_files(&mut self, base: &Path) -> Result<()> {
        if let Some(s) = &self.stop_words {
            self.stop_words = Some(s.resolve(base)?);
        }
        Ok(())
    }

    /// The settings a vectorizer is fitted with and stores: files resolved (relative to
    /// the working directory, if the caller did not resolve them), and with blocks, the
    /// lexicon columns present exactly when there is a lexicon block.
    pub(crate) fn normalized(&self) -> Result<FeatureConfig> {
        let mut c = self.clone();
        c.resolve_files(Path::new("."))?;
        if c.is_union() {
            c.lexicon_features = c.lexicon_block().is_some();
        }
        Ok(c)
    }
}
