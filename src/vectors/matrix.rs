//! A sparse matrix in compressed sparse row form, just enough for TF-IDF.

use serde::{Deserialize, Serialize};

/// Rows of TF-IDF weights, stored as compressed sparse rows: memory grows with the non-zeros,
/// never with documents × vocabulary.
///
/// Row `i` holds the columns `indices[indptr[i]..indptr[i + 1]]` (ascending) and their weights
/// `data[indptr[i]..indptr[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfIdfMatrix {
    n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f32>,
}

impl TfIdfMatrix {
    /// Assembles a matrix from rows of `(column, weight)` pairs sorted by column.
    pub(crate) fn from_rows(n_cols: usize, rows: Vec<Vec<(u32, f32)>>) -> TfIdfMatrix {
        let nnz = rows.iter().map(Vec::len).sum();
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        let mut indices = Vec::with_capacity(nnz);
        let mut data = Vec::with_capacity(nnz);
        indptr.push(0);
        for row in rows {
            for (col, weight) in row {
                indices.push(col);
                data.push(weight);
            }
            indptr.push(indices.len());
        }
        TfIdfMatrix {
            n_cols,
            indptr,
            indices,
            data,
        }
    }

    /// Number of rows (documents).
    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns (vocabulary terms).
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored non-zero weights.
    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// The columns and weights of row `i`, columns ascending.
    ///
    /// # Panics
    /// When `i` is not a row of the matrix.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let range = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[range.clone()], &self.data[range])
    }

    /// Iterates over the rows in order.
    pub fn rows(&self) -> impl Iterator<Item = (&[u32], &[f32])> + '_ {
        (0..self.n_rows()).map(|i| self.row(i))
    }

    /// The dot product of row `i` with a dense vector of length [`n_cols`](Self::n_cols).
    pub fn dot(&self, i: usize, dense: &[f32]) -> f32 {
        let (indices, values) = self.row(i);
        indices
            .iter()
            .zip(values)
            .map(|(&c, &v)| v * dense[c as usize])
            .sum()
    }

    /// The columns of row `i` with the largest weights, heaviest first (ties: lower column).
    pub fn top_columns(&self, i: usize, k: usize) -> Vec<(u32, f32)> {
        let (indices, values) = self.row(i);
        let mut pairs: Vec<(u32, f32)> = indices
            .iter()
            .copied()
            .zip(values.iter().copied())
            .collect();
        pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        pairs.truncate(k);
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_given() {
        let m = TfIdfMatrix::from_rows(5, vec![vec![(0, 0.6), (3, 0.8)], vec![], vec![(4, 1.0)]]);
        assert_eq!((m.n_rows(), m.n_cols(), m.nnz()), (3, 5, 3));
        assert_eq!(m.row(0), (&[0u32, 3][..], &[0.6f32, 0.8][..]));
        assert_eq!(m.row(1).0.len(), 0);
        assert_eq!(m.dot(0, &[1.0, 0.0, 0.0, 1.0, 0.0]), 0.6 + 0.8);
        assert_eq!(m.top_columns(0, 1), vec![(3, 0.8)]);
    }
}
