//! The silhouette of a clustering, to choose k.
//!
//! For a point i in cluster A, with a(i) its mean distance to the other points of A and b(i)
//! the smallest mean distance to the points of another cluster:
//!
//! ```text
//! s(i) = (b(i) − a(i)) / max(a(i), b(i))      0 for a point alone in its cluster
//! S    = mean of s(i) over all points          in [−1, 1]; higher is better
//! ```
//!
//! Distances are Euclidean. The pairwise distances are computed once (m × m for a sample of m
//! points) and reused for every k tried.

use ndarray::Array2;
use rayon::prelude::*;

/// Pairwise Euclidean distances of the rows of `points`, row-major m × m; each row computed
/// on its own, in parallel.
pub(crate) fn distances(points: &Array2<f32>) -> Vec<f32> {
    let m = points.nrows();
    let mut out = vec![0.0f32; m * m];
    out.par_chunks_mut(m.max(1))
        .enumerate()
        .for_each(|(i, row)| {
            let a = points.row(i);
            for (j, d) in row.iter_mut().enumerate() {
                let b = points.row(j);
                *d = a
                    .iter()
                    .zip(b.iter())
                    .map(|(x, y)| (x - y) * (x - y))
                    .sum::<f32>()
                    .sqrt();
            }
        });
    out
}

/// The mean silhouette of `labels` (cluster ids below `k`) given the m × m `distances`.
pub(crate) fn mean(distances: &[f32], labels: &[usize], k: usize) -> f32 {
    let m = labels.len();
    if m == 0 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let scores: Vec<f32> = (0..m)
        .into_par_iter()
        .map_init(
            || vec![0.0f32; k],
            |sums, i| {
                sums.fill(0.0);
                let row = &distances[i * m..(i + 1) * m];
                for (&d, &l) in row.iter().zip(labels) {
                    sums[l] += d;
                }
                let own = labels[i];
                if sizes[own] <= 1 {
                    return 0.0;
                }
                let a = sums[own] / (sizes[own] - 1) as f32;
                let b = (0..k)
                    .filter(|&c| c != own && sizes[c] > 0)
                    .map(|c| sums[c] / sizes[c] as f32)
                    .fold(f32::INFINITY, f32::min);
                if !b.is_finite() {
                    return 0.0;
                }
                let denominator = a.max(b);
                if denominator > 0.0 {
                    (b - a) / denominator
                } else {
                    0.0
                }
            },
        )
        .collect();
    // Added up in order, so the result does not depend on the number of threads.
    scores.iter().sum::<f32>() / m as f32
}

/// The mean silhouette of a clustering of `points` (rows) into `k` clusters.
///
/// ```
/// use ndarray::array;
/// let points = array![[0.0f32, 0.0], [0.0, 0.1], [5.0, 5.0], [5.0, 5.1]];
/// let good = tema::clusters::silhouette(&points, &[0, 0, 1, 1], 2);
/// let bad = tema::clusters::silhouette(&points, &[0, 1, 0, 1], 2);
/// assert!(good > 0.9 && bad < 0.0, "{good} {bad}");
/// ```
pub fn silhouette(points: &Array2<f32>, labels: &[usize], k: usize) -> f32 {
    mean(&distances(points), labels, k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn matches_a_hand_computation() {
        // Points on a line: 0, 1 | 4. For 0: a = 1, b = 4 → 0.75. For 1: a = 1, b = 3 → 2/3.
        // For 4: alone → 0. Mean = (0.75 + 0.6667 + 0) / 3.
        let points = array![[0.0f32], [1.0], [4.0]];
        let s = silhouette(&points, &[0, 0, 1], 2);
        assert!((s - (0.75 + 2.0 / 3.0) / 3.0).abs() < 1e-6, "{s}");
    }
}
