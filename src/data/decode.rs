//! Turning a file's bytes into text, and the other ways real data sets differ from a clean
//! UTF-8 CSV: delimiters, quoting, row filters.
//!
//! Strict UTF-8 is the default, because a silently mangled byte is a silently changed
//! feature. Where a file is known to hold stray bytes (SemEval-2016 Task 6's training file
//! has two such lines), [`Encoding::Latin1`] or [`Encoding::LossyUtf8`] reads it on request.

mod one_byte;

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Result, StancerError};
use one_byte::decode_one_byte;
pub use one_byte::Misread;
pub(crate) use one_byte::{first_misread_lines, misread, misread_warning};

/// How the bytes of a labeled file are decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8; any invalid byte is an error naming the file, line and byte offset.
    #[default]
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same value (never fails).
    Latin1,
    /// Windows-1252 ("ANSI"): Latin-1 but for the bytes 0x80–0x9F, which are typographic
    /// quotes, apostrophes, dashes, `€` ... (never fails).
    Cp1252,
    /// UTF-8, with each invalid sequence replaced by U+FFFD.
    LossyUtf8,
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" => Ok(Encoding::Latin1),
            "cp1252" | "windows-1252" | "win-1252" | "win1252" => Ok(Encoding::Cp1252),
            "lossy" | "lossy-utf8" | "utf8-lossy" => Ok(Encoding::LossyUtf8),
            other => Err(format!(
                "unknown encoding `{other}`; expected utf8, latin1, cp1252 or lossy-utf8"
            )),
        }
    }
}

impl Encoding {
    /// Latin-1 or Windows-1252: every byte is one character, and nothing fails.
    pub fn is_one_byte(self) -> bool {
        matches!(self, Encoding::Latin1 | Encoding::Cp1252)
    }
}

/// Decodes `bytes` of `path` as `encoding`. A leading UTF-8 byte-order mark is kept (the
/// CSV stage ignores it in header names).
pub fn decode<'a>(path: &Path, bytes: &'a [u8], encoding: Encoding) -> Result<Cow<'a, str>> {
    refuse_utf16(path, bytes)?;
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(e) => Err(invalid_utf8(path, bytes, e.valid_up_to(), e.error_len())),
        },
        Encoding::Latin1 | Encoding::Cp1252 => Ok(match std::str::from_utf8(bytes) {
            // Pure ASCII (or already UTF-8 without high bytes) needs no copy.
            Ok(s) if s.is_ascii() => Cow::Borrowed(s),
            _ => Cow::Owned(decode_one_byte(bytes, encoding)),
        }),
        Encoding::LossyUtf8 => Ok(String::from_utf8_lossy(bytes)),
    }
}

/// A file of UTF-16 or UTF-32 text (by its byte-order mark, or ASCII with NUL in every
/// other byte) is refused by what it is, as `stancer score` refuses it. A labeled file so
/// saved (Excel's "Unicode text") failed as `invalid UTF-8 at byte offset 0`, with the
/// hint to read it as Latin-1 or lossy UTF-8, which read it as NUL-strewn garbage; without
/// a byte-order mark it is valid UTF-8, and its header was a column name full of NULs.
fn refuse_utf16(path: &Path, bytes: &[u8]) -> Result<()> {
    match super::bounded::sniff_start(&bytes[..bytes.len().min(512)]) {
        Some(what) => Err(StancerError::Input {
            path: path.into(),
            line: 1,
            message: format!("{what}; expected UTF-8 text (or one byte per character)"),
        }),
        None => Ok(()),
    }
}

/// [`decode`] of a file's bytes that are no longer needed: the text reuses their buffer
/// when they are valid as they are (UTF-8, or ASCII read as Latin-1), and otherwise they
/// are freed once converted, so a file is never held twice while it is parsed.
pub fn decode_owned(path: &Path, bytes: Vec<u8>, encoding: Encoding) -> Result<String> {
    refuse_utf16(path, &bytes)?;
    match String::from_utf8(bytes) {
        Ok(s) if !encoding.is_one_byte() || s.is_ascii() => Ok(s),
        Ok(s) => decode(path, s.as_bytes(), encoding).map(Cow::into_owned),
        Err(e) => decode(path, e.as_bytes(), encoding).map(Cow::into_owned),
    }
}

/// One field's or line's bytes as text; under strict UTF-8, the offset of the first invalid
/// byte instead.
pub(crate) fn decode_bytes(
    bytes: &[u8],
    encoding: Encoding,
) -> std::result::Result<Cow<'_, str>, usize> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| e.valid_up_to()),
        Encoding::Latin1 | Encoding::Cp1252 => Ok(match std::str::from_utf8(bytes) {
            Ok(s) if s.is_ascii() => Cow::Borrowed(s),
            _ => Cow::Owned(decode_one_byte(bytes, encoding)),
        }),
        Encoding::LossyUtf8 => Ok(String::from_utf8_lossy(bytes)),
    }
}

/// `invalid UTF-8 at byte offset N (column C) in PLACE: 0x91 0x20; expected ...`, for the
/// first invalid byte at `offset` of `bytes`, whose first byte is byte `base` of the input
/// and starts a line; lines are not counted here (the caller names the line).
pub(crate) fn invalid_utf8_at(bytes: &[u8], offset: usize, base: u64, place: &str) -> String {
    let line_start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let len = match std::str::from_utf8(&bytes[offset..]) {
        Err(e) => e.error_len().unwrap_or(bytes.len() - offset),
        Ok(_) => 1,
    };
    let shown: Vec<String> = bytes[offset..(offset + len.clamp(1, 4)).min(bytes.len())]
        .iter()
        .map(|b| format!("{b:#04x}"))
        .collect();
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" in {place}")
    };
    format!(
        "invalid UTF-8 at byte offset {} (column {}){place}: {}; expected UTF-8 text (or pass \
         --encoding latin1 or --lossy-utf8)",
        base + offset as u64,
        String::from_utf8_lossy(&bytes[line_start..offset])
            .chars()
            .count()
            + 1,
        shown.join(" ")
    )
}

/// The error for the first invalid byte at `offset`: line, byte offset in the file,
/// character column in the line, and the offending bytes in hex.
fn invalid_utf8(path: &Path, bytes: &[u8], offset: usize, len: Option<usize>) -> StancerError {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let n = len.unwrap_or(bytes.len() - offset).clamp(1, 4);
    let shown: Vec<String> = bytes[offset..(offset + n).min(bytes.len())]
        .iter()
        .map(|b| format!("{b:#04x}"))
        .collect();
    StancerError::Encoding {
        path: path.into(),
        line,
        offset: offset as u64,
        message: format!(
            "invalid UTF-8 at byte offset {offset} (column {}): {}; expected UTF-8 text",
            String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count()
                + 1,
            shown.join(" ")
        ),
    }
}

/// Parses a delimiter as people type it: `,`, `;`, `|`, `\t`, `tab`, `comma`...
pub fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    match s {
        "\\t" | "tab" | "TAB" | "\t" | "tsv" => Ok(b'\t'),
        "comma" | "csv" => Ok(b','),
        "semicolon" => Ok(b';'),
        "pipe" => Ok(b'|'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "a delimiter is one ASCII character or `tab` (`\\t`), got `{s}`"
        )),
    }
}

/// `COLUMN=VALUE`: keep only the rows whose column holds the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFilter {
    pub column: String,
    pub value: String,
}

impl FromStr for RowFilter {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (c, v) = s
            .split_once('=')
            .ok_or_else(|| format!("expected COLUMN=VALUE such as split=train, got `{s}`"))?;
        if c.is_empty() {
            return Err(format!("empty column name in `{s}`"));
        }
        Ok(RowFilter {
            column: c.to_string(),
            value: v.to_string(),
        })
    }
}

/// How to read labeled files beyond which columns hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Field delimiter (`b','` for CSV, `b'\t'` for TSV).
    pub delimiter: u8,
    /// Whether `"` quotes fields (CSV) or is an ordinary character (many TSVs).
    pub quoting: bool,
    pub encoding: Encoding,
    /// Rows must match every filter to be read (e.g. `split=train`).
    pub filters: Vec<RowFilter>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: b',',
            quoting: true,
            encoding: Encoding::Utf8,
            filters: Vec::new(),
        }
    }
}

/// The host of a URL, lowercased and without `www.`: the publisher of a news article.
/// A value that is not a URL is returned trimmed, unchanged.
pub fn url_host(url: &str) -> String {
    let u = url.trim();
    let rest = u.split_once("://").map_or(u, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .rsplit('@')
        .next()
        .unwrap_or("");
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    host.strip_prefix("www.")
        .map_or(host.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_utf8_names_line_and_offset() {
        let bytes = b"a\tb\r\nok\tfine\r\nbad \xcd\xa2\x91 x\tz\r\n";
        let err = decode(Path::new("f.txt"), bytes, Encoding::Utf8)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("f.txt: line 3: "), "{err}");
        assert!(err.contains("byte offset 20"), "{err}");
        assert!(err.contains("(column 6)"), "{err}");
        assert!(err.contains("0x91"), "{err}");
    }

    #[test]
    fn latin1_and_lossy_read_every_byte() {
        let bytes = b"caf\xe9 \x91x";
        let l = decode(Path::new("f"), bytes, Encoding::Latin1).unwrap();
        assert_eq!(l, "caf\u{e9} \u{91}x");
        let y = decode(Path::new("f"), bytes, Encoding::LossyUtf8).unwrap();
        assert_eq!(y, "caf\u{fffd} \u{fffd}x");
        let ascii = decode(Path::new("f"), b"plain", Encoding::Latin1).unwrap();
        assert!(matches!(ascii, Cow::Borrowed("plain")));
    }

    #[test]
    fn owned_decoding_matches_borrowed() {
        let cases: [&[u8]; 4] = [
            b"plain",
            b"caf\xc3\xa9",
            b"caf\xe9 \x91x",
            b"a\nb \xcd\xa2\x91",
        ];
        for bytes in cases {
            for enc in [
                Encoding::Utf8,
                Encoding::Latin1,
                Encoding::Cp1252,
                Encoding::LossyUtf8,
            ] {
                let path = Path::new("f");
                let borrowed = decode(path, bytes, enc).map(Cow::into_owned);
                let owned = decode_owned(path, bytes.to_vec(), enc);
                assert_eq!(
                    owned.as_ref().map_err(ToString::to_string),
                    borrowed.as_ref().map_err(ToString::to_string),
                    "{bytes:?} as {enc:?}"
                );
            }
        }
    }

    #[test]
    fn parses_delimiters_encodings_and_filters() {
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("::").is_err());
        assert_eq!("latin-1".parse(), Ok(Encoding::Latin1));
        assert_eq!("lossy-utf8".parse(), Ok(Encoding::LossyUtf8));
        assert_eq!("cp1252".parse(), Ok(Encoding::Cp1252));
        assert_eq!("Windows-1252".parse(), Ok(Encoding::Cp1252));
        assert!("cp1251".parse::<Encoding>().is_err());
        let f: RowFilter = "split=test".parse().unwrap();
        assert_eq!((f.column.as_str(), f.value.as_str()), ("split", "test"));
        assert!("split".parse::<RowFilter>().is_err());
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            url_host("https://www.FoxNews.com/politics/x?y=1"),
            "foxnews.com"
        );
        assert_eq!(
            url_host("http://user@blog.example.org:8080/a"),
            "blog.example.org"
        );
        assert_eq!(url_host("dailykos.com/story"), "dailykos.com");
    }
}
