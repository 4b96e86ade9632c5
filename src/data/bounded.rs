//! Reading a record's bytes with a bound on memory, and telling text from what is not text
//! while the bytes come in rather than after the whole input has been read.
//!
//! A record (a text file, a line, a CSV row) may hold at most `max_record_bytes`; past it the
//! record is an error and its remaining bytes are skipped, not stored, so one 200 MB article
//! or a stream with no line break costs the cap and no more. A NUL byte is binary content:
//! its record is an error, and an oversized record with one (`/dev/zero`, `/dev/urandom`)
//! ends reading of that input instead of scanning forever for a line end.

use std::io::{BufRead, ErrorKind, Read};

/// The default `--max-record-bytes`: far above any news article (a long feature is ~100 KB),
/// low enough that a runaway record stays a small part of a machine's memory.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 32 << 20;

/// Why a record's bytes could not be had.
#[derive(Debug)]
pub(crate) enum Fault {
    Io(std::io::Error),
    /// More than the cap: how many bytes were seen (at least), and whether reading stopped.
    TooLarge {
        seen: u64,
        stopped: bool,
    },
    /// Not text (binary, UTF-16): what it is, and whether reading of the input stopped.
    NotText {
        what: String,
        stopped: bool,
    },
}

impl Fault {
    /// The message for an error row; `cap` is the `--max-record-bytes` in force.
    pub(crate) fn message(&self, cap: usize) -> String {
        match self {
            Fault::Io(e) => format!("cannot read: {e}"),
            Fault::TooLarge { seen, stopped } => format!(
                "record larger than --max-record-bytes {cap} ({} bytes); expected a record of \
                 at most that size (raise --max-record-bytes to read it){}",
                if *stopped {
                    format!("more than {seen}")
                } else {
                    seen.to_string()
                },
                if *stopped {
                    "; binary content, the rest of the input is not read"
                } else {
                    ""
                }
            ),
            Fault::NotText { what, stopped } => format!(
                "{what}; expected UTF-8 text{}",
                if *stopped {
                    "; the rest of the input is not read"
                } else {
                    ""
                }
            ),
        }
    }
}

/// What the first bytes of an input say when they are not UTF-8 text: a UTF-16 or UTF-32
/// byte-order mark, or UTF-16 without one (NUL in every other byte of ASCII text).
pub(crate) fn sniff_start(head: &[u8]) -> Option<String> {
    let convert = "convert it first, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`";
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some("UTF-32 text (its byte-order mark opens the input)".into());
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Some(format!(
            "UTF-16 (little-endian) text: the byte-order mark FF FE opens the input; {convert}"
        ));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Some(format!(
            "UTF-16 (big-endian) text: the byte-order mark FE FF opens the input; {convert}"
        ));
    }
    let head = &head[..head.len().min(512) & !1];
    if head.len() >= 4 {
        let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0);
        let (even, odd) = (zeros(0).count(), zeros(1).count());
        let half = head.len() / 2;
        // ASCII as UTF-16: the high byte of (nearly) every unit is zero, the low one not.
        if odd * 10 >= half * 9 && even * 10 < half {
            return Some(format!(
                "UTF-16 (little-endian) text without a byte-order mark (every other byte is NUL); {convert}"
            ));
        }
        if even * 10 >= half * 9 && odd * 10 < half {
            return Some(format!(
                "UTF-16 (big-endian) text without a byte-order mark (every other byte is NUL); {convert}"
            ));
        }
    }
    None
}

/// The message for a NUL byte at `offset` of the input.
pub(crate) fn binary_at(offset: u64) -> String {
    format!("binary content (a NUL byte at byte offset {offset})")
}

/// The message for a NUL byte at `offset` of a line, `line` (its bytes up to there at
/// least): the offset and column within the line, as invalid UTF-8 in a line is named, so
/// that a piece of a file read from standard input (`--first-line`) names the byte the
/// whole file does.
pub(crate) fn binary_in_line(line: &[u8], offset: usize) -> String {
    let column = String::from_utf8_lossy(&line[..offset.min(line.len())])
        .chars()
        .count()
        + 1;
    format!("binary content (a NUL byte at byte offset {offset} (column {column}))")
}

/// Reads a whole input as one record, at most `cap` bytes of it, checking each chunk for
/// binary content as it arrives.
pub(crate) fn read_all(reader: &mut dyn Read, cap: usize) -> Result<Vec<u8>, Fault> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(Fault::Io(e)),
        };
        let got = &chunk[..n];
        if bytes.is_empty() {
            if let Some(what) = sniff_start(got) {
                return Err(Fault::NotText {
                    what,
                    stopped: true,
                });
            }
        }
        if let Some(p) = memchr::memchr(0, got) {
            return Err(Fault::NotText {
                what: binary_at((bytes.len() + p) as u64),
                stopped: true,
            });
        }
        if bytes.len() + n > cap {
            // Count the rest without keeping it; stop at binary content.
            let mut seen = (bytes.len() + n) as u64;
            drop(bytes);
            loop {
                let n = match reader.read(&mut chunk) {
                    Ok(0) => {
                        return Err(Fault::TooLarge {
                            seen,
                            stopped: false,
                        })
                    }
                    Ok(n) => n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(Fault::Io(e)),
                };
                if memchr::memchr(0, &chunk[..n]).is_some() {
                    return Err(Fault::TooLarge {
                        seen,
                        stopped: true,
                    });
                }
                seen += n as u64;
            }
        }
        bytes.extend_from_slice(got);
    }
}

/// Lines of at most `cap` bytes each (without the `\n`), with their 1-based numbers.
pub(crate) struct Lines<R> {
    reader: R,
    cap: usize,
    line: u64,
    offset: u64,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R, cap: usize) -> Self {
        Lines {
            reader,
            cap,
            line: 0,
            offset: 0,
            done: false,
        }
    }

    /// Numbers the lines from `first` (a piece of a file that starts at its line `first`,
    /// as Spark hands a split to `RDD.pipe`), so messages name the file's line.
    pub(crate) fn set_first_line(&mut self, first: u64) {
        self.line = first.saturating_sub(1);
    }

    /// The next line and its number; after a fault that stops, nothing more.
    pub(crate) fn next_line(&mut self) -> Option<(u64, Result<Vec<u8>, Fault>)> {
        if self.done {
            return None;
        }
        let mut bytes = Vec::new();
        // `nul`: the first NUL byte's offset within the line.
        let (mut seen, mut nul): (u64, Option<u64>) = (0, None);
        let first = self.offset == 0;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    self.line += 1;
                    return Some((self.line, Err(Fault::Io(e))));
                }
            };
            if first && seen == 0 {
                if let Some(what) = sniff_start(buf) {
                    self.done = true;
                    return Some((
                        self.line + 1,
                        Err(Fault::NotText {
                            what,
                            stopped: true,
                        }),
                    ));
                }
            }
            if buf.is_empty() {
                self.done = true;
                if seen == 0 {
                    return None;
                }
                break;
            }
            let (take, eol) = match memchr::memchr(b'\n', buf) {
                Some(p) => (p + 1, true),
                None => (buf.len(), false),
            };
            let part = &buf[..take - usize::from(eol)];
            if nul.is_none() {
                nul = memchr::memchr(0, part).map(|p| seen + p as u64);
            }
            if bytes.len() + part.len() <= self.cap {
                bytes.extend_from_slice(part);
            } else {
                bytes = Vec::new();
            }
            seen += part.len() as u64;
            self.reader.consume(take);
            self.offset += take as u64;
            if eol {
                break;
            }
            if seen > self.cap as u64 && nul.is_some() {
                // Binary and unbounded (`/dev/zero`): there is no line end to find.
                self.done = true;
                self.line += 1;
                return Some((
                    self.line,
                    Err(Fault::TooLarge {
                        seen,
                        stopped: true,
                    }),
                ));
            }
        }
        self.line += 1;
        let result = if seen > self.cap as u64 {
            Err(Fault::TooLarge {
                seen,
                stopped: false,
            })
        } else if let Some(at) = nul {
            Err(Fault::NotText {
                what: binary_in_line(&bytes, at as usize),
                stopped: false,
            })
        } else {
            Ok(bytes)
        };
        Some((self.line, result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_utf16_and_utf32() {
        let le: Vec<u8> = "\u{feff}id,text\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(sniff_start(&le)
            .unwrap()
            .starts_with("UTF-16 (little-endian)"));
        let be: Vec<u8> = "id,text\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(sniff_start(&be)
            .unwrap()
            .contains("big-endian) text without"));
        assert!(sniff_start(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0])
            .unwrap()
            .starts_with("UTF-32"));
        assert_eq!(sniff_start(b"plain text, \xc3\xa9"), None);
        assert_eq!(sniff_start(b""), None);
    }

    #[test]
    fn whole_input_is_capped_and_binary_stops_early() {
        let mut r: &[u8] = b"hello";
        assert_eq!(read_all(&mut r, 5).unwrap(), b"hello");
        let mut r: &[u8] = b"hello!";
        assert!(matches!(
            read_all(&mut r, 5),
            Err(Fault::TooLarge {
                seen: 6,
                stopped: false
            })
        ));
        // An endless stream of zeros ends at the first chunk.
        let mut zeros = std::io::repeat(0);
        assert!(matches!(
            read_all(&mut zeros, 1 << 20),
            Err(Fault::NotText { stopped: true, .. })
        ));
    }

    #[test]
    fn lines_are_capped_numbered_and_binary_is_named() {
        let input: &[u8] = b"ab\nabcdef\nx\0y\n\nlast";
        let mut lines = Lines::new(input, 4);
        let mut got = Vec::new();
        while let Some((n, r)) = lines.next_line() {
            got.push((n, r.map_err(|f| f.message(4))));
        }
        assert_eq!(got[0], (1, Ok(b"ab".to_vec())));
        assert!(got[1].1.as_ref().unwrap_err().contains("(6 bytes)"));
        assert!(got[2]
            .1
            .as_ref()
            .unwrap_err()
            .contains("NUL byte at byte offset 1 (column 2)"));
        assert_eq!(got[3], (4, Ok(Vec::new())));
        assert_eq!(got[4], (5, Ok(b"last".to_vec())));
        assert_eq!(got.len(), 5);
        // An endless line of zeros ends once past the cap.
        let mut zeros = Lines::new(std::io::BufReader::new(std::io::repeat(0)), 1000);
        let (_, r) = zeros.next_line().unwrap();
        assert!(matches!(r, Err(Fault::TooLarge { stopped: true, .. })));
        assert!(zeros.next_line().is_none());
    }
}
