//! The numbers of CSV rows as text, without `core::fmt`.
//!
//! A CSV sentence row holds five offsets and six probabilities (`{:.6}`); through
//! `write!` their formatting was a tenth of scoring to CSV, most of it Grisu's exact mode
//! and the formatter's machinery. [`push_fixed6`] computes the same digits from the
//! float's exact binary value in integer arithmetic (round half to even, as `{:.6}`
//! does), and leaves values it does not cover to `{:.6}` itself.

use std::io::Write as _;

/// `n` in decimal, as `{n}` writes it.
pub(super) fn push_usize(out: &mut Vec<u8>, n: usize) {
    push_u64(out, n as u64);
}

/// Digits by 64-bit division, which compiles to a multiply; a `u128` division is a call
/// of about 100 instructions, and was most of the time of writing an offset.
fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// `v` with six digits after the point, as `{v:.6}` writes it.
pub(super) fn push_fixed6(out: &mut Vec<u8>, v: f64) {
    // Finite values below 2^49 (every probability, any decision score): their value times
    // 10^6 fits in 128 bits. Others (infinities, NaN, huge scores) go through `fmt`.
    if !(v.is_finite() && v.abs() < (1u64 << 49) as f64) {
        let _ = write!(out, "{v:.6}");
        return;
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // v = m · 2^e exactly; below 2^49, e < 0.
    let (m, e) = match exp {
        0 => (frac, -1074),
        _ => (frac | (1 << 52), exp - 1075),
    };
    let shift = (-e) as u32;
    let scaled = u128::from(m) * 1_000_000;
    // round(m · 10^6 / 2^shift), half to even; scaled < 2^73, so a shift of 74 or more
    // leaves less than half a unit: 0.
    let q = if shift >= 74 {
        0
    } else {
        let q = scaled >> shift;
        let rest = scaled & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rest > half || (rest == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    if bits >> 63 == 1 {
        out.push(b'-');
    }
    // q < 2^69, and below 2^64 for any value below 2^44 (every probability), where a
    // 64-bit division does; the integer part is below 2^49 either way.
    let (int, f) = match u64::try_from(q) {
        Ok(q) => (q / 1_000_000, (q % 1_000_000) as u32),
        Err(_) => ((q / 1_000_000) as u64, (q % 1_000_000) as u32),
    };
    push_u64(out, int);
    out.push(b'.');
    let mut digits = [b'0'; 6];
    let mut f = f;
    for d in digits.iter_mut().rev() {
        *d = b'0' + (f % 10) as u8;
        f /= 10;
    }
    out.extend_from_slice(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed6(v: f64) -> String {
        let mut s = Vec::new();
        push_fixed6(&mut s, v);
        String::from_utf8(s).unwrap()
    }

    #[test]
    fn ties_signs_and_edges_are_written_as_fmt_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            f64::MIN_POSITIVE,
            5e-324,
            0.9999995,
            0.99999949999,
            1.0,
            (1u64 << 49) as f64 - 0.5,
            (1u64 << 49) as f64,
            (1u64 << 44) as f64,
            -((1u64 << 48) as f64 + 0.1234565),
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        // Around 2^64 millionths, where the 64-bit division stops.
        let edge = 2f64.powi(64) / 1e6;
        for ulps in -3i64..=3 {
            values.push(f64::from_bits(edge.to_bits().wrapping_add_signed(ulps)));
        }
        // Values exactly half-way between two six-digit decimals: k / 2^m with k odd
        // (0.0078125 is 7812.5 millionths).
        for m in 1..=64 {
            for k in (1..400u64).step_by(2) {
                let v = k as f64 / (1u128 << m) as f64;
                values.extend([v, -v, v + 1.0, v * 1000.0]);
            }
        }
        for v in values {
            assert_eq!(fixed6(v), format!("{v:.6}"), "{v:e}");
        }
        for n in [0usize, 7, 10, 999_999, usize::MAX] {
            let mut s = Vec::new();
            push_usize(&mut s, n);
            assert_eq!(s, n.to_string().as_bytes());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        #[test]
        fn any_float_is_written_as_fmt_writes_it(bits in proptest::prelude::any::<u64>()) {
            let v = f64::from_bits(bits);
            proptest::prop_assert_eq!(fixed6(v), format!("{v:.6}"));
        }

        #[test]
        fn probabilities_are_written_as_fmt_writes_them(v in 0.0f64..=1.0) {
            proptest::prop_assert_eq!(fixed6(v), format!("{v:.6}"));
            // Next to a rounding boundary.
            let near = (v * 1e6).round() / 1e6 + 5e-7;
            for w in [near, f64::from_bits(near.to_bits() + 1), f64::from_bits(near.to_bits() - 1)] {
                proptest::prop_assert_eq!(fixed6(w), format!("{w:.6}"));
            }
        }
    }
}
