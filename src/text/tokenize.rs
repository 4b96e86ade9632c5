//! Word tokens for the feature stage.
//!
//! Tokens are Unicode alphanumeric runs, lowercased, with internal hyphens and apostrophes
//! kept ("de-facto", "self-proclaimed", "don't") because they are markers in their own
//! right; the possessive "'s" is dropped so "Russia’s" and "Russia" share a feature. Each
//! token remembers its byte span and whether it stood inside quotation marks, since scare
//! quotes flip the frame of the word they wrap.

use rust_stemmers::{Algorithm, Stemmer};

use super::quotes::{is_inside, quoted_spans};

/// A token: its normalized form, where it stood, and whether it was inside quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

/// Lowercasing, optionally stemming tokenizer. Cheap to build; build one per thread.
pub struct Tokenizer {
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("stem", &self.stemmer.is_some())
            .finish()
    }
}

impl Tokenizer {
    /// `stem` turns on Snowball English stemming (`rust-stemmers`).
    pub fn new(stem: bool) -> Self {
        Self {
            stemmer: stem.then(|| Stemmer::create(Algorithm::English)),
        }
    }

    /// The tokens of one sentence (or any text).
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let quotes = quoted_spans(text);
        let mut tokens = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].1.is_alphanumeric() {
                i += 1;
                continue;
            }
            let start = chars[i].0;
            let mut j = i + 1;
            while j < chars.len() {
                let c = chars[j].1;
                if c.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let joins = matches!(c, '-' | '‐' | '\'' | '’');
                let next_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                if !(joins && next_alnum) {
                    break;
                }
                if matches!(c, '\'' | '’') && is_possessive(&chars, j) {
                    break;
                }
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            tokens.push(Token {
                text: self.normalize(&text[start..end]),
                start,
                end,
                quoted: is_inside(&quotes, start, end),
            });
            // Skip a possessive "'s" so it does not become a token of its own.
            if j < chars.len() && matches!(chars[j].1, '\'' | '’') && is_possessive(&chars, j) {
                j += 2;
            }
            i = j;
        }
        tokens
    }

    fn normalize(&self, raw: &str) -> String {
        let lower: String = raw
            .chars()
            .map(|c| match c {
                '’' => '\'',
                '‐' => '-',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect();
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(&lower).into_owned(),
            None => lower,
        }
    }
}

/// `'s` or `’s` closing a word.
fn is_possessive(chars: &[(usize, char)], apostrophe: usize) -> bool {
    chars
        .get(apostrophe + 1)
        .is_some_and(|&(_, c)| c == 's' || c == 'S')
        && chars
            .get(apostrophe + 2)
            .is_none_or(|&(_, c)| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        Tokenizer::new(false)
            .tokenize(t)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn keeps_hyphenated_markers_and_drops_possessives() {
        assert_eq!(
            words("The de-facto, self-proclaimed Russia’s ‘so-called’ don't."),
            vec![
                "the",
                "de-facto",
                "self-proclaimed",
                "russia",
                "so-called",
                "don't"
            ]
        );
    }

    #[test]
    fn marks_quoted_tokens() {
        let toks = Tokenizer::new(false).tokenize("its “independence” and independence");
        let flags: Vec<(String, bool)> = toks.into_iter().map(|t| (t.text, t.quoted)).collect();
        assert_eq!(
            flags,
            vec![
                ("its".into(), false),
                ("independence".into(), true),
                ("and".into(), false),
                ("independence".into(), false)
            ]
        );
    }

    #[test]
    fn stems_when_asked() {
        let toks = Tokenizer::new(true).tokenize("occupied territories");
        assert_eq!(toks[0].text, "occupi");
        assert_eq!(toks[1].text, "territori");
    }

    #[test]
    fn unicode_letters_and_offsets() {
        let t = "Цхинвали and Tskhinvali";
        let toks = Tokenizer::new(false).tokenize(t);
        assert_eq!(toks[0].text, "цхинвали");
        assert_eq!(&t[toks[0].start..toks[0].end], "Цхинвали");
    }
}
