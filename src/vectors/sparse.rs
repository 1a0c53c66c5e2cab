//! Small sparse TF-IDF vectors over one text's stems, numbered as they are met: what the
//! summariser compares sentences with, weighed by the same idf ([`super::smoothed_idf`]) and
//! made unit length the same way ([`unit_length`]) as the corpus vectors.

use rustc_hash::FxHashMap;

/// A term-weighted vector: (term id, weight) sorted by term id, L2-normalised (or empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SparseVec(Vec<(u32, f32)>);

impl SparseVec {
    /// Builds a unit-length vector from term counts and a weight per term.
    /// Raw term frequency times idf: within one article a repeated word is the point.
    pub(crate) fn tf_idf(counts: &FxHashMap<u32, u32>, idf: impl Fn(u32) -> f32) -> SparseVec {
        SparseVec(unit_length(
            counts
                .iter()
                .map(|(&id, &count)| (id, count as f32 * idf(id)))
                .filter(|&(_, w)| w > 0.0),
        ))
    }

    /// The (term id, weight) pairs, sorted by term id.
    pub(crate) fn terms(&self) -> &[(u32, f32)] {
        &self.0
    }

    /// Whether the vector holds this term.
    pub(crate) fn has(&self, id: u32) -> bool {
        self.0.binary_search_by_key(&id, |&(i, _)| i).is_ok()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The dot product; the cosine, as both vectors have unit length.
    pub(crate) fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

/// `(column, weight)` pairs sorted by column and divided by their L2 norm (an empty or all-zero
/// row stays as it is): every TF-IDF row of tema.
pub(crate) fn unit_length(weights: impl Iterator<Item = (u32, f32)>) -> Vec<(u32, f32)> {
    let mut row: Vec<(u32, f32)> = weights.collect();
    row.sort_unstable_by_key(|&(col, _)| col);
    let norm = row.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut row {
            *w /= norm;
        }
    }
    row
}

/// Stems mapped to dense ids, in order of first appearance (so ids never depend on hashing).
#[derive(Debug, Default)]
pub(crate) struct StemIds {
    ids: FxHashMap<String, u32>,
    stems: Vec<String>,
}

impl StemIds {
    pub(crate) fn id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.ids.insert(stem.to_owned(), id);
        self.stems.push(stem.to_owned());
        id
    }

    pub(crate) fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.stems.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vec_of(pairs: &[(u32, u32)]) -> SparseVec {
        SparseVec::tf_idf(&pairs.iter().copied().collect(), |_| 1.0)
    }

    #[test]
    fn vectors_have_unit_length_and_cosine_is_symmetric() {
        let a = vec_of(&[(0, 1), (1, 1)]);
        let b = vec_of(&[(1, 2), (2, 2)]);
        assert!((a.dot(&a) - 1.0).abs() < 1e-6);
        assert!((a.dot(&b) - 0.5).abs() < 1e-6);
        assert_eq!(a.dot(&b), b.dot(&a));
        assert_eq!(vec_of(&[]).dot(&a), 0.0);
    }

    #[test]
    fn ids_follow_first_appearance() {
        let mut v = StemIds::default();
        assert_eq!((v.id("kommun"), v.id("data"), v.id("kommun")), (0, 1, 0));
        assert_eq!((v.stem(1), v.len()), ("data", 2));
    }
}
