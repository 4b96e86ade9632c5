//! CSV rows written straight into the batch's bytes.
//!
//! Through `csv::Writer::write_field` every cell went through the writer's state machine
//! (`csv_core::Writer::field` and `delimiter`, the buffer's bookkeeping): about 200
//! instructions a cell, 85M of the 203M instructions of rendering the sentence rows (19
//! cells each) of 500 seed articles. Here a cell's bytes go into the vector directly.
//! Whether a text cell is quoted is still decided by `csv_core::Writer::should_quote`, and
//! a quoted one still written by `csv_core::quote`, on a `csv_core::Writer` configured as
//! `csv::Writer::from_writer` configures its own, so the bytes are the ones `csv::Writer`
//! wrote (a proptest compares them on arbitrary rows). Numbers (offsets, probabilities)
//! are written without the check: their bytes (digits, `.`, `-`, `inf`, `NaN`) are never
//! quoted. Unlike `csv::Writer`, rows of unequal width are not refused: every row the
//! renderer writes has the header's width (`cli_pipeline`'s CSV test reads them with a
//! strict reader).

use super::super::decimal;

/// CSV rows being written into a byte vector.
pub(super) struct CsvRows {
    bytes: Vec<u8>,
    /// The quoting rule and the delimiter, quote and escape bytes.
    core: csv_core::Writer,
    /// The record terminator's bytes.
    terminator: Vec<u8>,
    /// Where the current row starts in `bytes`.
    row_start: usize,
    /// Whether the current row has a cell yet (the next one is preceded by a delimiter).
    in_row: bool,
    /// A cell written in place that turned out to need quotes is moved here first.
    scratch: Vec<u8>,
}

impl CsvRows {
    /// Rows with `csv::Writer::from_writer`'s settings (comma, `"` doubled, `\n`).
    pub fn new(capacity: usize) -> Self {
        Self::with_core(csv_core::Writer::new(), capacity)
    }

    fn with_core(core: csv_core::Writer, capacity: usize) -> Self {
        let terminator = match core.get_terminator() {
            csv_core::Terminator::Any(b) => vec![b],
            // `CRLF`, the only other.
            _ => b"\r\n".to_vec(),
        };
        CsvRows {
            bytes: Vec::with_capacity(capacity),
            core,
            terminator,
            row_start: 0,
            in_row: false,
            scratch: Vec::new(),
        }
    }

    /// Bytes written so far (whole rows, between rows).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn delimit(&mut self) {
        if self.in_row {
            self.bytes.push(self.core.get_delimiter());
        }
        self.in_row = true;
    }

    /// A cell of any text, quoted when csv would quote it.
    pub fn text(&mut self, s: &str) {
        self.delimit();
        let s = s.as_bytes();
        if self.core.should_quote(s) {
            self.quoted(s);
        } else {
            self.bytes.extend_from_slice(s);
        }
    }

    /// A cell written in place by `fill`, then quoted if csv would quote what it wrote: a
    /// cell made of parts (the frame terms) needs no buffer of its own.
    pub fn text_with(&mut self, fill: impl FnOnce(&mut Vec<u8>)) {
        self.delimit();
        let start = self.bytes.len();
        fill(&mut self.bytes);
        if self.core.should_quote(&self.bytes[start..]) {
            let mut raw = std::mem::take(&mut self.scratch);
            raw.clear();
            raw.extend_from_slice(&self.bytes[start..]);
            self.bytes.truncate(start);
            self.quoted(&raw);
            self.scratch = raw;
        }
    }

    /// `s` between quotes, its quotes escaped, by csv_core.
    fn quoted(&mut self, s: &[u8]) {
        let start = self.bytes.len();
        // Two quotes, and at most two bytes per input byte (every byte a quote).
        self.bytes.resize(start + 2 + 2 * s.len(), 0);
        self.bytes[start] = self.core.get_quote();
        let (_, _, n) = csv_core::quote(
            s,
            &mut self.bytes[start + 1..],
            self.core.get_quote(),
            self.core.get_escape(),
            self.core.get_double_quote(),
        );
        self.bytes[start + 1 + n] = self.core.get_quote();
        self.bytes.truncate(start + 2 + n);
    }

    /// A cell holding `n` in decimal.
    pub fn usize(&mut self, n: usize) {
        self.delimit();
        decimal::push_usize(&mut self.bytes, n);
    }

    /// A cell holding `v` as `{v:.6}` writes it.
    pub fn fixed6(&mut self, v: f64) {
        self.delimit();
        decimal::push_fixed6(&mut self.bytes, v);
    }

    /// Ends the row. A row with no bytes (no cells, or one empty cell) is written as `""`,
    /// as csv writes it, so that it still reads as a row.
    pub fn end_row(&mut self) {
        if self.bytes.len() == self.row_start {
            let q = self.core.get_quote();
            self.bytes.extend_from_slice(&[q, q]);
        }
        self.bytes.extend_from_slice(&self.terminator);
        self.row_start = self.bytes.len();
        self.in_row = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rows as csv::Writer writes them with `delimiter` (field by field, as the
    /// renderer wrote them, and by `write_record`).
    fn csv_writes(rows: &[Vec<String>], delimiter: u8) -> (Vec<u8>, Vec<u8>) {
        let build = || {
            csv::WriterBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_writer(Vec::new())
        };
        let (mut by_field, mut by_record) = (build(), build());
        for row in rows {
            for cell in row {
                by_field.write_field(cell).unwrap();
            }
            by_field.write_record(None::<&[u8]>).unwrap();
            by_record.write_record(row).unwrap();
        }
        (
            by_field.into_inner().unwrap(),
            by_record.into_inner().unwrap(),
        )
    }

    fn ours(rows: &[Vec<String>], delimiter: u8, in_place: bool) -> Vec<u8> {
        let core = csv_core::WriterBuilder::new().delimiter(delimiter).build();
        let mut w = CsvRows::with_core(core, 0);
        for row in rows {
            for cell in row {
                if in_place {
                    w.text_with(|b| b.extend_from_slice(cell.as_bytes()));
                } else {
                    w.text(cell);
                }
            }
            w.end_row();
        }
        w.into_bytes()
    }

    fn check(rows: &[Vec<String>]) -> Result<(), TestCaseError> {
        // `,` is the only delimiter scoring writes; the others show that the cells follow
        // csv_core's configuration rather than a copy of its rule.
        for d in [b',', b'\t', b';', b'|', b' ', b'a'] {
            let (by_field, by_record) = csv_writes(rows, d);
            prop_assert_eq!(&by_field, &by_record);
            for in_place in [false, true] {
                let ours = ours(rows, d, in_place);
                prop_assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&by_field),
                    "delimiter {:?}, in place {}",
                    d as char,
                    in_place
                );
            }
        }
        Ok(())
    }

    #[test]
    fn edge_rows_are_the_bytes_csv_wrote() {
        let rows: Vec<Vec<String>> = [
            vec![],
            vec![""],
            vec!["", ""],
            vec![" lead", "trail ", "\t"],
            vec![
                "a,b",
                "say \"hi\"",
                "\"",
                "\"\"",
                "line\nbreak",
                "cr\rhere",
                "\r\n",
            ],
            vec!["#x", "=1+2", "-3", "Грузия", "😀", "a\\b", "'q'"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        check(&rows).unwrap();
    }

    #[test]
    fn numbers_are_the_bytes_csv_wrote() {
        let mut w = CsvRows::new(0);
        let mut reference = csv::Writer::from_writer(Vec::new());
        for v in [
            0.0,
            -0.0,
            0.5,
            1.0,
            -2.25e-7,
            1e300,
            f64::NAN,
            f64::INFINITY,
        ] {
            w.fixed6(v);
            reference.write_field(format!("{v:.6}")).unwrap();
        }
        for n in [0, 9, 10, usize::MAX] {
            w.usize(n);
            reference.write_field(n.to_string()).unwrap();
        }
        w.end_row();
        reference.write_record(None::<&[u8]>).unwrap();
        assert_eq!(w.into_bytes(), reference.into_inner().unwrap());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Cells of the bytes CSV treats specially (delimiters, quotes, line ends, spaces,
        /// the escape), mixed with text.
        #[test]
        fn special_cells_are_the_bytes_csv_wrote(
            rows in prop::collection::vec(
                prop::collection::vec("[a ,;|\t\"\r\n\\\\#'=é😀]{0,8}", 0..5), 0..6)
        ) {
            check(&rows)?;
        }

        /// Cells of any Unicode text.
        #[test]
        fn any_cells_are_the_bytes_csv_wrote(
            rows in prop::collection::vec(prop::collection::vec(any::<String>(), 0..4), 0..4)
        ) {
            check(&rows)?;
        }
    }
}
