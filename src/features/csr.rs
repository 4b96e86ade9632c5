//! Compressed sparse rows: the feature matrix of a training set.
//!
//! `u32` column indices and `f32` values (TF-IDF values are in [0, 1] after the L2 norm;
//! single precision halves the bytes every solver pass streams), `usize` row pointers.

use super::tfidf::SparseRow;

/// A CSR matrix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Csr {
    pub(crate) indptr: Vec<usize>,
    pub(crate) indices: Vec<u32>,
    pub(crate) data: Vec<f32>,
    pub(crate) n_cols: usize,
}

impl Csr {
    /// An empty matrix of `n_cols` columns, to push rows onto.
    pub fn new(n_cols: usize) -> Self {
        Csr {
            indptr: vec![0],
            indices: Vec::new(),
            data: Vec::new(),
            n_cols,
        }
    }

    pub fn from_rows(rows: &[SparseRow], n_cols: usize) -> Self {
        let mut x = Csr::new(n_cols);
        let nnz = rows.iter().map(Vec::len).sum();
        x.indices.reserve(nnz);
        x.data.reserve(nnz);
        x.indptr.reserve(rows.len());
        for row in rows {
            x.push_row(row.iter().map(|&(c, v)| (c as u32, v as f32)));
        }
        x
    }

    /// Appends one row of `(column, value)` pairs.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = (u32, f32)>) {
        for (c, v) in row {
            self.indices.push(c);
            self.data.push(v);
        }
        self.indptr.push(self.indices.len());
    }

    /// Stacks row blocks (in order) into one matrix.
    pub fn vstack(parts: Vec<Csr>, n_cols: usize) -> Self {
        let nnz = parts.iter().map(Csr::nnz).sum();
        let rows = parts.iter().map(Csr::n_rows).sum::<usize>();
        let mut x = Csr::new(n_cols);
        x.indices.reserve_exact(nnz);
        x.data.reserve_exact(nnz);
        x.indptr.reserve_exact(rows);
        for p in parts {
            let base = x.indices.len();
            x.indptr.extend(p.indptr[1..].iter().map(|&o| o + base));
            x.indices.extend_from_slice(&p.indices);
            x.data.extend_from_slice(&p.data);
        }
        x
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// Column indices and values of row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }

    /// Row `i` as a [`SparseRow`].
    pub fn sparse_row(&self, i: usize) -> SparseRow {
        let (c, v) = self.row(i);
        c.iter()
            .zip(v)
            .map(|(&c, &v)| (c as usize, f64::from(v)))
            .collect()
    }

    /// The rows `idx`, in that order (repeats allowed).
    pub fn select(&self, idx: &[usize]) -> Csr {
        let mut x = Csr::new(self.n_cols);
        for &i in idx {
            let (c, v) = self.row(i);
            x.push_row(c.iter().copied().zip(v.iter().copied()));
        }
        x
    }

    /// A dense `f64` matrix (for linfa-logistic on small problems).
    pub fn to_dense(&self) -> ndarray::Array2<f64> {
        let mut d = ndarray::Array2::zeros((self.n_rows(), self.n_cols));
        for i in 0..self.n_rows() {
            let (c, v) = self.row(i);
            for (&c, &v) in c.iter().zip(v) {
                d[[i, c as usize]] = f64::from(v);
            }
        }
        d
    }
}
