//! Line numbers of a file's records, for error messages that name the line.

/// Line numbers from byte offsets, counted forward once. (The csv crate's own line count
/// is off by one per CRLF line end: it starts a record at the `\n` of the previous `\r\n`.)
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    // Cells: the record loop and the error mapper both ask, one after the other.
    at: std::cell::Cell<usize>,
    line: std::cell::Cell<u64>,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: std::cell::Cell::new(0),
            line: std::cell::Cell::new(1),
        }
    }

    /// The 1-based line of byte `offset`; offsets must not decrease between calls.
    pub(crate) fn line_at(&self, offset: u64) -> u64 {
        let to = (offset as usize).min(self.bytes.len());
        let at = self.at.get();
        if to > at {
            let newlines = self.bytes[at..to].iter().filter(|&&b| b == b'\n').count() as u64;
            self.line.set(self.line.get() + newlines);
            self.at.set(to);
        }
        // A record that "starts" on the `\n` of a CRLF starts on the next line.
        self.line.get() + u64::from(self.bytes.get(to) == Some(&b'\n'))
    }
}
