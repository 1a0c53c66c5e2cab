//! A sparse random projection of TF-IDF rows, derived from a seed and each term's stem.
//!
//! Each term goes to `per_term` dimensions (of `dims`) with a random sign each, chosen by a
//! hash of the seed and the stem: a "sparse Johnson–Lindenstrauss" transform, which keeps dot
//! products on average while a row costs only its non-zeros × `per_term` to project. The hash
//! (FNV-1a, then SplitMix64) is written out here, so the same seed and stem give the same
//! dimensions on every machine and in every version of the dependencies.

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::vectors::{TfIdfMatrix, Vocabulary};

/// The parameters of the projection; everything else is derived from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    pub seed: u64,
    /// Dimensions of the projected space.
    pub dims: usize,
    /// Dimensions each term is sent to.
    pub per_term: usize,
}

/// The projection of every column of one vocabulary, computed once for many rows.
#[derive(Debug, Clone)]
pub struct ProjectionTable {
    dims: usize,
    per_term: usize,
    /// `per_term` (dimension, signed weight) pairs per column.
    entries: Vec<(u32, f32)>,
}

impl Projection {
    /// A projection to `dims` dimensions with `per_term` non-zeros per term (both at least 1,
    /// `per_term` at most `dims`).
    pub fn new(seed: u64, dims: usize, per_term: usize) -> Projection {
        let dims = dims.max(1);
        Projection {
            seed,
            dims,
            per_term: per_term.clamp(1, dims),
        }
    }

    /// The most dimensions a projection read from a file may have: far above any useful
    /// setting (the default is 128), low enough that one projected row stays small.
    pub const MAX_DIMS: usize = 1 << 16;

    /// Checks a projection read from a file, whose fields [`Projection::new`] never saw:
    /// `dims` from 1 to [`Projection::MAX_DIMS`], `per_term` from 1 to `dims`.
    pub fn validate(&self) -> Result<(), String> {
        if self.dims == 0 || self.dims > Self::MAX_DIMS {
            return Err(format!(
                "clusters.projection.dims is {}, not from 1 to {}",
                self.dims,
                Self::MAX_DIMS
            ));
        }
        if self.per_term == 0 || self.per_term > self.dims {
            return Err(format!(
                "clusters.projection.per_term is {}, not from 1 to dims ({})",
                self.per_term, self.dims
            ));
        }
        Ok(())
    }

    /// Calls `f(dimension, weight)` for each of a term's entries: weight ±1/√per_term.
    pub fn for_each_entry(&self, stem: &str, mut f: impl FnMut(u32, f32)) {
        let scale = 1.0 / (self.per_term as f32).sqrt();
        let base = splitmix64(fnv1a(stem.as_bytes()) ^ splitmix64(self.seed));
        for j in 0..self.per_term as u64 {
            let x = splitmix64(base.wrapping_add(j.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
            let dim = ((x >> 32) % self.dims as u64) as u32;
            let weight = if x & 1 == 0 { scale } else { -scale };
            f(dim, weight);
        }
    }

    /// The entries of every column of `vocabulary`, computed in parallel.
    pub fn table(&self, vocabulary: &Vocabulary) -> ProjectionTable {
        let entries = vocabulary
            .terms()
            .par_iter()
            .flat_map_iter(|stem| {
                let mut pairs = Vec::with_capacity(self.per_term);
                self.for_each_entry(stem, |d, w| pairs.push((d, w)));
                pairs
            })
            .collect();
        ProjectionTable {
            dims: self.dims,
            per_term: self.per_term,
            entries,
        }
    }

    /// Projects one row into `out` (length `dims`) and scales it to unit length; a row without
    /// terms stays zero. Hashes the stems of the row's columns as it goes, so it needs no
    /// table: right for one row at a time.
    pub fn project_row(&self, vocabulary: &Vocabulary, row: (&[u32], &[f32]), out: &mut [f32]) {
        out.fill(0.0);
        for (&col, &x) in row.0.iter().zip(row.1) {
            self.for_each_entry(vocabulary.term(col), |d, w| out[d as usize] += x * w);
        }
        normalise(out);
    }
}

impl ProjectionTable {
    /// Projects one row into `out` (length `dims`) at unit length, like
    /// [`Projection::project_row`].
    pub fn project_into(&self, row: (&[u32], &[f32]), out: &mut [f32]) {
        out.fill(0.0);
        for (&col, &x) in row.0.iter().zip(row.1) {
            let start = col as usize * self.per_term;
            for &(d, w) in &self.entries[start..start + self.per_term] {
                out[d as usize] += x * w;
            }
        }
        normalise(out);
    }

    /// Projects every row of a matrix, in parallel: rows × `dims`, never rows × vocabulary.
    pub fn project_all(&self, matrix: &TfIdfMatrix) -> Array2<f32> {
        let mut points = Array2::<f32>::zeros((matrix.n_rows(), self.dims));
        points
            .as_slice_mut()
            .expect("a new array is in standard layout")
            .par_chunks_mut(self.dims)
            .enumerate()
            .for_each(|(i, out)| self.project_into(matrix.row(i), out));
        points
    }
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v {
            *x /= norm;
        }
    }
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64's output function: a good 64-bit mixer.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::VectorOptions;

    #[test]
    fn hash_is_pinned() {
        // Pinned so a change of the hash (which would move every saved centroid) is noticed.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let p = Projection::new(7, 128, 4);
        let mut a = Vec::new();
        p.for_each_entry("kommun", |d, w| a.push((d, w)));
        let mut b = Vec::new();
        p.for_each_entry("kommun", |d, w| b.push((d, w)));
        assert_eq!(a, b);
        assert_eq!(a.len(), 4);
        assert!(a
            .iter()
            .all(|&(d, w)| d < 128 && (w.abs() - 0.5).abs() < 1e-6));
        let mut other = Vec::new();
        Projection::new(8, 128, 4).for_each_entry("kommun", |d, w| other.push((d, w)));
        assert_ne!(a, other, "another seed, another projection");
    }

    #[test]
    fn table_and_hashing_agree_and_rows_are_unit_length() {
        let docs = [
            "Kommunerne styrker cybersikkerheden mod hackere.",
            "Datacentret sparer strøm: grøn it i kommunen.",
            "og så",
        ];
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let p = Projection::new(3, 64, 8);
        let points = p.table(&v).project_all(&m);
        let mut one = vec![0.0; 64];
        for i in 0..2 {
            p.project_row(&v, m.row(i), &mut one);
            assert_eq!(points.row(i).to_vec(), one);
            let norm: f32 = one.iter().map(|x| x * x).sum();
            assert!((norm - 1.0).abs() < 1e-5);
        }
        assert!(
            points.row(2).iter().all(|&x| x == 0.0),
            "no terms, no direction"
        );
    }

    #[test]
    fn cosine_similarities_survive_on_average() {
        // Random sparse unit vectors over 5,000 terms: their projected dot products stay close
        // to the original ones (the JL error shrinks as 1/√dims).
        let stems: Vec<String> = (0..5000).map(|i| format!("term{i}")).collect();
        let docs: Vec<String> = (0..40)
            .map(|d| {
                (0..60)
                    .map(|j| stems[(d * 37 + j * j * 11 + (d % 5) * j) % 5000].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let points = Projection::new(1, 256, 8).table(&v).project_all(&m);
        let exact = |a: usize, b: usize| {
            let (ca, wa) = m.row(a);
            let (cb, wb) = m.row(b);
            let mut s = 0.0;
            for (c, w) in ca.iter().zip(wa) {
                if let Ok(j) = cb.binary_search(c) {
                    s += w * wb[j];
                }
            }
            s
        };
        let mut error = 0.0;
        let mut pairs = 0;
        for a in 0..40 {
            for b in a + 1..40 {
                let projected = points.row(a).dot(&points.row(b));
                error += (projected - exact(a, b)).abs();
                pairs += 1;
            }
        }
        let mean = error / pairs as f32;
        assert!(mean < 0.08, "mean absolute error of cosines {mean}");
    }
}
