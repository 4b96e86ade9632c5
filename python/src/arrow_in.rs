//! Arrow string columns read in place: Spark hands `mapInArrow` its batches as Arrow, and
//! polars and pandas (with pyarrow strings) hold text that way, so the texts reach Rust as
//! the column's buffers (one copy of the bytes) instead of one Python `str` per row.

/// An Arrow `string` / `large_string` (or `binary` / `large_binary`) array's buffers, as
/// the Python side passes them:
/// `(large, offset, length, validity bitmap or None, offsets, data)`.
pub type ArrowStrings<'a> = (bool, usize, usize, Option<&'a [u8]>, &'a [u8], &'a [u8]);

/// An Arrow `binary` / `large_binary` array's values, as bytes (None for a null): lines
/// read as Spark's text source gives them, before any decoding, so that invalid UTF-8 is
/// the reader's error row and not U+FFFD. Fails if the buffers are too short.
pub fn bytes<'a>(a: ArrowStrings<'a>, what: &str) -> Result<Vec<Option<&'a [u8]>>, String> {
    let (large, offset, length, validity, offsets, data) = a;
    let width = if large { 8 } else { 4 };
    let bad = || format!("{what}: Arrow buffers too short for {length} values at offset {offset}");
    if offsets.len() < (offset + length + 1) * width {
        return Err(bad());
    }
    if validity.is_some_and(|v| v.len() * 8 < offset + length) {
        return Err(bad());
    }
    let at = |i: usize| -> usize {
        let b = &offsets[i * width..(i + 1) * width];
        if large {
            i64::from_le_bytes(b.try_into().unwrap_or([0; 8])) as usize
        } else {
            i32::from_le_bytes(b.try_into().unwrap_or([0; 4])) as usize
        }
    };
    let mut out = Vec::with_capacity(length);
    for row in 0..length {
        let i = offset + row;
        if validity.is_some_and(|v| v[i / 8] & (1 << (i % 8)) == 0) {
            out.push(None);
            continue;
        }
        out.push(Some(data.get(at(i)..at(i + 1)).ok_or_else(bad)?));
    }
    Ok(out)
}

/// The array's values: `Ok(text)`, or `Err(message)` for a null or a value that is not
/// UTF-8 (Arrow promises UTF-8; it is checked anyway). Fails if the buffers are too short
/// for the array they claim to hold.
pub fn strings<'a>(
    a: ArrowStrings<'a>,
    what: &str,
) -> Result<Vec<Result<&'a str, String>>, String> {
    Ok(bytes(a, what)?
        .into_iter()
        .enumerate()
        .map(|(row, b)| match b {
            None => Err(format!("row {row}: no text (the value is missing)")),
            Some(b) => std::str::from_utf8(b).map_err(|e| format!("row {row}: {e}")),
        })
        .collect())
}
