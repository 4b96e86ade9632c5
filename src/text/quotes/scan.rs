//! Finding the next byte that may start a quotation mark, eight bytes at a time.

/// Whether byte `b` may start a quote character: `"`, `'`, or the lead byte of `«` `»`
/// (0xC2) and of `“` `”` `„` `‘` `’` (0xE2).
#[inline]
pub(super) fn may_start_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | 0xC2 | 0xE2)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of every zero byte of `v` set (and perhaps of bytes above one: a superset,
/// which the caller checks byte by byte).
#[inline]
fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(LO) & !v & HI
}

/// The first position at or after `from` whose byte [`may_start_quote`]. Eight bytes are
/// tested at once for `"`, `'` and any non-ASCII byte; only those flagged are looked at
/// (a byte-by-byte `position` was most of finding a sentence's quotes).
#[inline]
pub(super) fn next_quote_start(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let mut m = zero_bytes(w ^ (LO * u64::from(b'"')))
            | zero_bytes(w ^ (LO * u64::from(b'\'')))
            | (w & HI);
        while m != 0 {
            let k = i + (m.trailing_zeros() / 8) as usize;
            if may_start_quote(bytes[k]) {
                return Some(k);
            }
            m &= m - 1;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| may_start_quote(b))
        .map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// Every position finds what the byte-by-byte scan finds.
        #[test]
        fn finds_what_the_byte_scan_finds(
            text in "[a \"'“”«»„‘’—éЖ\\u{0}\\u{7f}\\u{80}]{0,40}",
        ) {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() + 1 {
                let want = bytes
                    .get(from..)
                    .and_then(|b| b.iter().position(|&b| may_start_quote(b)))
                    .map(|p| from + p);
                proptest::prop_assert_eq!(next_quote_start(bytes, from), want, "{:?} {}", text, from);
            }
        }
    }

    #[test]
    fn every_byte_value_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = [b'a'; 11];
                bytes[lane] = b;
                let want = bytes.iter().position(|&b| may_start_quote(b));
                assert_eq!(next_quote_start(&bytes, 0), want, "{b:#x} at {lane}");
            }
        }
    }
}
