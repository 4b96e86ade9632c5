//! Row parsing for [`CsvRecords`](super::CsvRecords): `csv_core` over a reader that can
//! put bytes back (the lines a broken quote swallowed, read again as rows), into buffers
//! reused from row to row, with the row's memory capped.

use std::io::{BufRead, BufReader, Read};

use csv_core::ReadRecordResult;

use super::super::bounded::sniff_start;
use super::{CsvRecords, MAX_FIELDS};

/// One row's buffers, reused from row to row.
#[derive(Default)]
pub(super) struct RecordBuf {
    pub(super) out: Vec<u8>,
    pub(super) ends: Vec<usize>,
    /// The row's bytes as read, for the checks that need them and for re-reading.
    pub(super) raw: Vec<u8>,
    pub(super) scratch_out: Vec<u8>,
    pub(super) scratch_ends: Vec<usize>,
}

/// One row as parsed, before its fields are decoded.
pub(super) struct Raw {
    /// Offset and line of `raw[0]`.
    pub(super) start: usize,
    pub(super) line: u64,
    pub(super) fields: usize,
    pub(super) too_large: bool,
    /// The row ended at the end of the input.
    pub(super) eof: bool,
}

/// A buffered reader with bytes to be read again in front of it.
pub(super) struct Replay {
    pub(super) reader: BufReader<Box<dyn Read + Send>>,
    pub(super) front: Vec<u8>,
    pub(super) pos: usize,
}

impl Replay {
    pub(super) fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos < self.front.len() {
            Ok(&self.front[self.pos..])
        } else {
            self.reader.fill_buf()
        }
    }

    pub(super) fn consume(&mut self, n: usize) {
        if self.pos < self.front.len() {
            self.pos += n;
            if self.pos >= self.front.len() {
                self.front.clear();
                self.pos = 0;
            }
        } else {
            self.reader.consume(n);
        }
    }

    pub(super) fn push_front(&mut self, bytes: &[u8]) {
        let mut front = bytes.to_vec();
        front.extend_from_slice(&self.front[self.pos..]);
        (self.front, self.pos) = (front, 0);
    }
}

impl CsvRecords {
    /// Parses the next row into `buf`; `None` at the end of the input.
    pub(super) fn read_raw(&mut self) -> std::io::Result<Option<Raw>> {
        let CsvRecords {
            input,
            core,
            quotes,
            buf,
            cap,
            ..
        } = self;
        buf.raw.clear();
        let (start, line) = (self.offset, self.line);
        let (mut nout, mut nend, mut seen) = (0usize, 0usize, 0usize);
        let mut too_large = false;
        loop {
            let chunk = input.fill_buf()?;
            let eof = chunk.is_empty();
            if start == 0 && seen == 0 && !eof {
                if let Some(what) = sniff_start(chunk) {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, what));
                }
            }
            let (res, nin, o, e) = if too_large {
                core.read_record(chunk, &mut buf.scratch_out, &mut buf.scratch_ends)
            } else {
                core.read_record(chunk, &mut buf.out[nout..], &mut buf.ends[nend..])
            };
            let used = &chunk[..nin];
            quotes.feed(used);
            self.line += memchr::memchr_iter(b'\n', used).count() as u64;
            self.offset += nin;
            seen += nin;
            if !too_large {
                if seen > *cap {
                    too_large = true;
                    buf.raw = Vec::new();
                } else {
                    buf.raw.extend_from_slice(used);
                    (nout, nend) = (nout + o, nend + e);
                }
            }
            input.consume(nin);
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull if !too_large => {
                    let n = (buf.out.len() * 2).min(*cap + 1);
                    buf.out.resize(n.max(buf.out.len() + 1), 0);
                }
                ReadRecordResult::OutputEndsFull if !too_large => {
                    if buf.ends.len() >= MAX_FIELDS {
                        too_large = true;
                        buf.raw = Vec::new();
                    } else {
                        buf.ends.resize(buf.ends.len() * 2, 0);
                    }
                }
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    return Ok(Some(Raw {
                        start,
                        line,
                        fields: nend,
                        too_large,
                        eof,
                    }))
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Field `i` of the parsed row.
    pub(super) fn field(&self, i: usize, fields: usize) -> Option<&[u8]> {
        if i >= fields {
            return None;
        }
        let from = if i == 0 { 0 } else { self.buf.ends[i - 1] };
        Some(&self.buf.out[from..self.buf.ends[i]])
    }

    /// Reads the lines after the one at `raw` offset `at` again, as rows.
    pub(super) fn reread_after(&mut self, raw: &Raw, at: usize, line: u64) {
        let Some(nl) = memchr::memchr(b'\n', &self.buf.raw[at..]) else {
            return;
        };
        let cut = at + nl + 1;
        let tail = self.buf.raw[cut..].to_vec();
        if tail.is_empty() {
            return;
        }
        self.input.push_front(&tail);
        self.core.reset();
        self.offset = raw.start + cut;
        self.line = line + 1;
        self.quotes.restart(self.offset, self.line);
    }
}
