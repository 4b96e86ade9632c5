//! A non-ASCII word's form (the module's doc says why): NFKC, zero-width characters and
//! soft hyphens dropped, Cyrillic and Greek look-alikes in a Latin word folded to Latin.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// A non-ASCII word's form: see the module's doc. Lowercased only with `lowercase`
/// (scikit-learn's option of that name).
pub(super) fn normalize_into(raw: &str, out: &mut String, lowercase: bool) {
    let fold = mixes_latin_and_lookalikes(raw);
    let mut push = |c: char| {
        let c = match c {
            '’' => '\'',
            '‐' => '-',
            c if fold => latin_lookalike(c).unwrap_or(c),
            c => c,
        };
        if lowercase {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    };
    let kept = raw.chars().filter(|&c| !is_ignorable(c));
    if is_nfkc_quick(raw.chars()) == IsNormalized::Yes {
        kept.for_each(&mut push);
    } else {
        kept.nfkc().for_each(&mut push);
    }
}

/// Characters that change nothing a reader sees inside a word: zero-width space, joiners,
/// word joiner, the byte-order mark used as one, and the soft hyphen.
#[inline]
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Whether a word holds an ASCII letter and a Cyrillic or Greek letter that looks like one:
/// a spoofed or mistyped Latin word, not a Russian or Greek one.
fn mixes_latin_and_lookalikes(raw: &str) -> bool {
    raw.bytes().any(|b| b.is_ascii_alphabetic())
        && raw.chars().any(|c| latin_lookalike(c).is_some())
}

/// The Latin letter a Cyrillic or Greek letter is drawn like, if any.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'В' | 'Β' => 'B',
        'е' | 'ε' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' | 'ϲ' => 'c',
        'у' => 'y',
        'х' | 'χ' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ν' => 'v',
        'κ' | 'к' => 'k',
        'А' | 'Α' => 'A',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ζ' => 'Z',
        'Ν' => 'N',
        _ => return None,
    })
}
