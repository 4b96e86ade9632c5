//! Stage 1, text: articles become sentences, sentences become tokens.
//!
//! The public entry is [`Segmenter`] for sentences and [`Tokenizer`] for tokens; quotation
//! spans are shared by both so that the tokenizer and the frame tagger agree on what was
//! quoted.

pub mod html;
pub mod quotes;
pub mod segment;
pub mod token_pattern;
pub mod tokenize;

pub use segment::{Segmenter, Span};
pub use token_pattern::{TokenPattern, SKLEARN_TOKEN_PATTERN};
pub use tokenize::{Token, Tokenizer};
