//! Stage 2, features: sentences become TF-IDF rows; the frame lexicon tags terms.
//!
//! The public entry is [`TfidfVectorizer::fit`], configured by [`FeatureConfig`]; the
//! [`FrameTagger`] reports frame terms from a [`Lexicon`].

mod analyzer;
pub mod blocks;
pub mod config;
pub mod csr;
pub mod fxhash;
mod id_fit;
pub mod lexicon;
pub mod lexicon_block;
pub mod ngram_index;
pub mod reading;
pub mod stop_words;
pub mod tagger;
pub mod tfidf;
pub mod vocabulary;
pub(crate) mod voice;
pub mod voice_marks;

pub use analyzer::Analyzer;
pub use config::{BlockAnalyzer, BlockConfig, CharAnalyzer, FeatureConfig, StopWords};
pub use csr::Csr;
pub use lexicon::{Lexicon, LexiconEntry, TermKind};
pub use lexicon_block::LexiconColumns;
pub use reading::{ArticleReading, ReadSentence};
pub use tagger::{FrameHit, FrameTagger};
pub use tfidf::TfidfVectorizer;
pub use vocabulary::Vocabulary;
