//! HTML character references in text that was meant to be plain.
//!
//! Text scraped from RSS descriptions or a page's source often keeps `&quot;`, `&#8220;`
//! and `&rsquo;` where the article had quotation marks and apostrophes. Read as plain text,
//! `&ldquo;independence&rdquo;` is no scare quote and `Russia&#8217;s` is three tokens, so
//! the scores are wrong with nothing to show it: scoring counts such records and warns,
//! and decodes them when asked (`--unescape-html`).

use std::borrow::Cow;

/// The text with its HTML character references decoded (`&quot;` → `"`, `&#8220;` → `“`,
/// `&amp;` → `&`); borrowed when it holds none.
pub fn unescape(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    html_escape::decode_html_entities(text)
}

/// Whether the text holds an HTML character reference that [`unescape`] would decode.
pub fn has_char_refs(text: &str) -> bool {
    matches!(unescape(text), Cow::Owned(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric_references_are_decoded_and_plain_text_is_borrowed() {
        assert_eq!(
            unescape("the so-called &ldquo;independence&rdquo; of Russia&#8217;s ally &#x201C;x&#x201D; &amp; more"),
            "the so-called “independence” of Russia’s ally “x” & more"
        );
        assert!(matches!(
            unescape("AT&T and R&D, no references"),
            Cow::Borrowed(_)
        ));
        assert!(!has_char_refs("Tskhinvali & Sukhumi"));
        assert!(has_char_refs("&quot;president&quot;"));
    }
}
