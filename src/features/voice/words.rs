//! The word lists the voice rules read. Lowercase tokens, as the tokenizer gives them
//! (possessive "'s" already dropped: "Georgia's" is `georgia`).
//!
//! In three files by what a list decides: who speaks ([`speech`]), whose and where
//! ([`places`]), and the markers' own words ([`markers`]).

mod markers;
mod places;
mod speech;

pub use markers::*;
pub use places::*;
pub use speech::*;
