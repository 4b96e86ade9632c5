//! The one-byte encodings (`--encoding latin1`, `--encoding cp1252`) and what reading with
//! them can get wrong without failing: every byte decodes, so a file of another encoding is
//! read as text all the same.
//!
//! - UTF-8 read so: “ becomes `â€œ`, its quotation marks are no longer seen.
//! - Windows-1252 read as Latin-1: the bytes 0x80–0x9F are typographic quotes, apostrophes
//!   and dashes in Windows-1252 (what Excel, Word and Notepad save as "ANSI", and what most
//!   files called Latin-1 hold), but invisible C1 control characters in Latin-1, so
//!   `“independence”` was scored as `independence`, not quoted, and `Russia’s` as
//!   `Russias`, without a word.
//!
//! Each is warned about once per source, naming its first such line.

use super::Encoding;

/// Windows-1252's characters for the bytes 0x80–0x9F (the rest is Latin-1). The five
/// bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their Latin-1 code point,
/// as the WHATWG encoding standard (and so every browser) decodes them.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// `bytes` decoded as the one-byte `encoding` (Latin-1 for any other).
pub(super) fn decode_one_byte(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Cp1252 => bytes.iter().map(|&b| cp1252_char(b)).collect(),
        _ => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => b as char,
    }
}

/// What a one-byte encoding misreads in a line or field (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Misread {
    /// UTF-8 text with non-ASCII characters.
    Utf8,
    /// Under Latin-1, this byte of 0x80–0x9F, a character of Windows-1252.
    Cp1252(u8),
}

/// What `encoding` misreads in `bytes` (a line, a field or a whole text), if anything.
pub(crate) fn misread(bytes: &[u8], encoding: Encoding) -> Option<Misread> {
    if !encoding.is_one_byte() || bytes.is_ascii() {
        return None;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Some(Misread::Utf8);
    }
    let cp1252 = |b: &u8| (0x80..=0x9F).contains(b) && !cp1252_char(*b).is_control();
    match encoding {
        Encoding::Latin1 => bytes.iter().copied().find(cp1252).map(Misread::Cp1252),
        _ => None,
    }
}

/// The first line (1-based) of a whole file's `bytes` with each kind of misreading, checked
/// line by line as the scoring readers check theirs: a file of cp1252 lines with one UTF-8
/// line is flagged at that line. A real Latin-1 line is not, unless each of its high bytes
/// happens to open a valid UTF-8 sequence with the next (`Ã©`), which text seldom does.
pub(crate) fn first_misread_lines(bytes: &[u8], encoding: Encoding) -> Vec<(u64, Misread)> {
    let mut found: Vec<(u64, Misread)> = Vec::new();
    if !encoding.is_one_byte() || bytes.is_ascii() {
        return found;
    }
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let Some(m) = misread(line, encoding) else {
            continue;
        };
        let kind = |m: &Misread| std::mem::discriminant(m);
        if !found.iter().any(|(_, f)| kind(f) == kind(&m)) {
            found.push((i as u64 + 1, m));
        }
        if found.len() == 2 {
            break;
        }
    }
    found
}

/// The warning for `m` at `line` of `source`, the first such line there (one per source and
/// kind, from every reader).
pub(crate) fn misread_warning(source: &str, line: u64, encoding: Encoding, m: Misread) -> String {
    let (name, flag) = match encoding {
        Encoding::Cp1252 => ("Windows-1252", "cp1252"),
        _ => ("Latin-1", "latin1"),
    };
    match m {
        Misread::Utf8 => format!(
            "{source}: line {line}: read as {name} (--encoding {flag}), but the text is UTF-8 \
             with non-ASCII characters, so “ reads as â€œ and its quotation marks are missed \
             (the first such line of this source); expected {name} bytes (leave --encoding \
             out for UTF-8 files)"
        ),
        Misread::Cp1252(b) => format!(
            "{source}: line {line}: byte {b:#04x} is an invisible control character in \
             Latin-1 (--encoding latin1) but {} in Windows-1252, the encoding Windows programs \
             save as \"ANSI\" or \"Latin-1\", so such characters (typographic quotation \
             marks, apostrophes, dashes, €) are dropped and quoted terms are not seen as \
             quoted (the first such line of this source); expected --encoding cp1252 for such \
             files",
            cp1252_char(b)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_decodes_its_quotes_and_keeps_latin1_elsewhere() {
        let bytes = b"\x93independence\x94 Russia\x92s caf\xe9 \x81";
        assert_eq!(
            decode_one_byte(bytes, Encoding::Cp1252),
            "“independence” Russia’s café \u{81}"
        );
        assert_eq!(
            decode_one_byte(bytes, Encoding::Latin1),
            "\u{93}independence\u{94} Russia\u{92}s café \u{81}"
        );
    }

    #[test]
    fn what_a_one_byte_encoding_misreads() {
        let latin1 = Encoding::Latin1;
        assert_eq!(misread(b"plain", latin1), None);
        assert_eq!(misread(b"caf\xe9", latin1), None);
        assert_eq!(misread("“x”".as_bytes(), latin1), Some(Misread::Utf8));
        assert_eq!(misread(b"\x93x\x94", latin1), Some(Misread::Cp1252(0x93)));
        // Undefined in Windows-1252 too: no reason to name it.
        assert_eq!(misread(b"a\x81b", latin1), None);
        assert_eq!(misread(b"\x93x\x94", Encoding::Cp1252), None);
        assert_eq!(
            misread("“x”".as_bytes(), Encoding::Cp1252),
            Some(Misread::Utf8)
        );
        assert_eq!(misread(b"\x93x\x94", Encoding::Utf8), None);
        let lines = first_misread_lines(b"a\nb\x92c\nd\x93\n\xe2\x80\x9c\n", latin1);
        assert_eq!(lines, vec![(2, Misread::Cp1252(0x92)), (4, Misread::Utf8)]);
    }
}
