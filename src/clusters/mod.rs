//! Clusters: topics nobody named, found by k-means over a reduced form of the TF-IDF rows.
//!
//! TF-IDF rows live in a space with one dimension per term (tens of thousands); a dense
//! documents × vocabulary matrix would not fit an archive in memory. So the rows are first
//! *projected*: a sparse random projection ([`Projection`]) sends each term to a few of
//! `dims` (default 128) dimensions with random signs, so a row's projection costs its non-zeros
//! times that few, and dot products (hence cosine similarities) are kept on average:
//!
//! ```text
//! x'[j] = Σ_t x[t] · R[t, j]     R[t, j] = ±1/√s on s dimensions picked by hash(seed, stem t), else 0
//! y     = x' / ‖x'‖₂             unit length again, so squared distance = 2 − 2 · cosine
//! ```
//!
//! The dimensions and signs of a term come from a hash of its *stem* and the seed, not from its
//! column number, so the projection needs no stored matrix and means the same on any
//! vocabulary.
//!
//! k-means from linfa-clustering then runs on the projected rows (k-means++ starts, the best
//! inertia of several runs, all from one seeded Xoshiro256+ generator). On large inputs the
//! runs are made on a seeded sample and the winner is refined on every row, which gives the
//! same clusters at a fraction of the cost. When k is not given it is chosen by the mean
//! silhouette over a range of k, on a sample.
//!
//! Each cluster is labelled by its most distinctive terms in TF-IDF space: a term's mean weight
//! in the cluster's rows minus its mean weight in all other rows, shown as readable words
//! ([`Vocabulary::surface`]).
//!
//! Everything that runs in parallel computes each row on its own and adds up in a fixed order,
//! so the result is the same for a seed whatever the number of threads.
//!
//! ```
//! use tema::clusters::{ClusterModel, ClusterOptions};
//! use tema::vectors::{Vocabulary, VectorOptions};
//! let docs = [
//!     "Hackere angreb kommunens servere med ransomware.",
//!     "Ransomware og phishing rammer kommunernes servere.",
//!     "Datacentret sparer strøm med grøn køling.",
//!     "Grøn strøm og køling i det nye datacenter.",
//! ];
//! let (vocabulary, matrix) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
//! let options = ClusterOptions { k: Some(2), ..ClusterOptions::default() };
//! let fitted = ClusterModel::fit(&vocabulary, &matrix, &options);
//! assert_eq!(fitted.assignments[0], fitted.assignments[1]);
//! assert_eq!(fitted.assignments[2], fitted.assignments[3]);
//! assert_ne!(fitted.assignments[0], fitted.assignments[2]);
//! let (id, label) = fitted.model.assign(&vocabulary, matrix.row(3));
//! assert_eq!(id, fitted.assignments[3]);
//! assert!(label.contains("strøm") || label.contains("køling"), "{label}");
//! ```

mod projection;
mod silhouette;
mod topics;

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use linfa_nn::distance::Distance;
use ndarray::{Array2, ArrayView, Axis, Dimension};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::vectors::{TfIdfMatrix, Vocabulary};
pub use projection::Projection;
pub use silhouette::silhouette;
pub use topics::{
    adjusted_rand, k_max_for, nmi, topic_vectors, KCriterion, Topic, TopicOptions, TopicTerm,
    Topics,
};

/// How clusters are found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterOptions {
    /// Number of clusters; `None` chooses it by silhouette within `k_range`.
    pub k: Option<usize>,
    /// The smallest and largest k tried when choosing automatically.
    pub k_range: (usize, usize),
    /// Dimensions of the projected space.
    pub dims: usize,
    /// Dimensions each term is sent to.
    pub per_term: usize,
    /// k-means runs from different k-means++ starts; the one with the lowest inertia wins.
    pub runs: usize,
    /// Iterations of one k-means run (on the sample) at most.
    pub max_iterations: u64,
    /// Iterations of the refinement on all rows at most: it starts from converged centroids,
    /// so a few suffice.
    pub refine_iterations: u64,
    /// A run stops when the centroids move less than this.
    pub tolerance: f32,
    /// Rows the k-means runs and the silhouette are computed on; the winning run is then
    /// refined on all rows. Inputs no larger than this use every row throughout.
    pub sample: usize,
    /// Seed of the projection, the samples and k-means.
    pub seed: u64,
    /// Distinctive terms kept per cluster.
    pub top_terms: usize,
    /// Of those, how many make the label.
    pub label_terms: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            k: None,
            k_range: (2, 10),
            dims: 128,
            per_term: 8,
            runs: 10,
            max_iterations: 100,
            refine_iterations: 20,
            tolerance: 1e-3,
            sample: 1_000,
            seed: 0,
            top_terms: 10,
            label_terms: 3,
        }
    }
}

/// One cluster: its id (index), label and most distinctive terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: usize,
    /// The first few top terms joined with ", "; "(empty)" for a cluster without terms.
    pub label: String,
    /// Readable forms of the most distinctive terms, most distinctive first.
    pub top_terms: Vec<String>,
    /// Rows of the fitting corpus assigned to it.
    pub size: usize,
    /// The theme the cluster is about, when it is close to one (set by the caller, which has
    /// the theme model; `None` from [`ClusterModel::fit`]).
    #[serde(default)]
    pub theme: Option<String>,
}

/// Clusters fitted on a corpus: enough to assign any new TF-IDF row to one of them.
///
/// Serialisable, so a model file can hold it beside the [`Vocabulary`] whose rows it assigns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterModel {
    pub projection: Projection,
    /// One row per cluster, `projection.dims` wide, in the projected (unit-length) space.
    pub centroids: Vec<Vec<f32>>,
    pub clusters: Vec<Cluster>,
    /// Mean silhouette of the chosen k on the sample, when k was chosen automatically.
    pub silhouette: Option<f32>,
}

/// The result of [`ClusterModel::fit`]: the model and the cluster of every fitted row.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub model: ClusterModel,
    /// Cluster id per row of the matrix, in row order.
    pub assignments: Vec<usize>,
}

impl ClusterModel {
    /// Checks a cluster model read from a file: a valid projection, one cluster per centroid
    /// with its index as id, every centroid `dims` wide with finite values, and a finite
    /// silhouette. Which themes clusters name is the caller's to check.
    pub fn validate(&self) -> Result<(), String> {
        self.projection.validate()?;
        if self.centroids.len() != self.clusters.len() {
            return Err(format!(
                "clusters has {} centroids for {} clusters",
                self.centroids.len(),
                self.clusters.len()
            ));
        }
        for (i, (centroid, cluster)) in self.centroids.iter().zip(&self.clusters).enumerate() {
            if centroid.len() != self.projection.dims {
                return Err(format!(
                    "clusters.centroids[{i}] has {} values, not projection.dims ({})",
                    centroid.len(),
                    self.projection.dims
                ));
            }
            if centroid.iter().any(|x| !x.is_finite()) {
                return Err(format!(
                    "clusters.centroids[{i}] holds a number that is not finite"
                ));
            }
            if cluster.id != i {
                return Err(format!("clusters.clusters[{i}] has id {}", cluster.id));
            }
        }
        if self.silhouette.is_some_and(|s| !s.is_finite()) {
            return Err("clusters.silhouette is not a finite number".into());
        }
        Ok(())
    }

    /// Clusters the rows of `matrix` (weighted by `vocabulary`), in parallel on rayon's current
    /// pool; the same for a seed on any number of threads.
    ///
    /// An empty matrix gives a model without clusters. k is capped at the number of rows.
    pub fn fit(vocabulary: &Vocabulary, matrix: &TfIdfMatrix, options: &ClusterOptions) -> Fitted {
        let projection = Projection::new(options.seed, options.dims, options.per_term);
        let n = matrix.n_rows();
        if n == 0 {
            return Fitted {
                model: ClusterModel {
                    projection,
                    centroids: Vec::new(),
                    clusters: Vec::new(),
                    silhouette: None,
                },
                assignments: Vec::new(),
            };
        }
        let table = projection.table(vocabulary);
        let points = table.project_all(matrix);
        let mut rng = Xoshiro256Plus::seed_from_u64(options.seed);
        let sample = sample_rows(n, options.sample, &mut rng);
        let sampled = points.select(Axis(0), &sample);

        let (k, silhouette) = match options.k {
            Some(k) => (k.clamp(1, n), None),
            None => choose_k(&sampled, options, &mut rng),
        };
        let start = kmeans(
            &sampled,
            k,
            options,
            options.runs,
            options.max_iterations,
            KMeansInit::KMeansPlusPlus,
            &mut rng,
        );
        let model = if sample.len() == n {
            start
        } else {
            kmeans(
                &points,
                k,
                options,
                1,
                options.refine_iterations,
                KMeansInit::Precomputed(start),
                &mut rng,
            )
        };
        let centroids: Vec<Vec<f32>> = model.rows().into_iter().map(|row| row.to_vec()).collect();
        let assignments = assign_points(&centroids, &points);
        let clusters = describe(vocabulary, matrix, &assignments, k, options);
        Fitted {
            model: ClusterModel {
                projection,
                centroids,
                clusters,
                silhouette,
            },
            assignments,
        }
    }

    /// Number of clusters.
    pub fn k(&self) -> usize {
        self.centroids.len()
    }

    /// The nearest cluster of one TF-IDF row (columns and weights, as
    /// [`TfIdfMatrix::row`] gives them) and its label. Ties go to the lower id.
    ///
    /// # Panics
    /// On a model without clusters (fitted on no rows).
    pub fn assign(&self, vocabulary: &Vocabulary, row: (&[u32], &[f32])) -> (usize, &str) {
        let mut point = vec![0.0f32; self.projection.dims];
        self.projection.project_row(vocabulary, row, &mut point);
        let id = nearest(&self.centroids, &point);
        (id, &self.clusters[id].label)
    }

    /// The nearest cluster of every row of a matrix, in parallel.
    pub fn assign_all(&self, vocabulary: &Vocabulary, matrix: &TfIdfMatrix) -> Vec<usize> {
        let table = self.projection.table(vocabulary);
        (0..matrix.n_rows())
            .into_par_iter()
            .map_init(
                || vec![0.0f32; self.projection.dims],
                |point, i| {
                    table.project_into(matrix.row(i), point);
                    nearest(&self.centroids, point)
                },
            )
            .collect()
    }
}

/// The index of the centroid closest to `point` (squared Euclidean distance; first on ties).
fn nearest(centroids: &[Vec<f32>], point: &[f32]) -> usize {
    let mut best = (0, f32::INFINITY);
    for (i, centroid) in centroids.iter().enumerate() {
        let d = squared_distance(centroid, point);
        if d < best.1 {
            best = (i, d);
        }
    }
    best.0
}

/// The nearest centroid of every point, in parallel.
fn assign_points(centroids: &[Vec<f32>], points: &Array2<f32>) -> Vec<usize> {
    let dims = points.ncols().max(1);
    let flat = points
        .as_slice()
        .expect("points are built in standard layout");
    flat.par_chunks(dims)
        .map(|point| nearest(centroids, point))
        .collect()
}

/// Up to `size` distinct row indices, ascending, drawn with the seeded generator; all rows
/// when there are no more than `size`.
fn sample_rows(n: usize, size: usize, rng: &mut Xoshiro256Plus) -> Vec<usize> {
    if n <= size.max(1) {
        return (0..n).collect();
    }
    // Partial Fisher–Yates: the first `size` places of a shuffled 0..n.
    let mut indices: Vec<usize> = (0..n).collect();
    for i in 0..size {
        let j = i + (rng.next_u64() % (n - i) as u64) as usize;
        indices.swap(i, j);
    }
    let mut chosen = indices[..size].to_vec();
    chosen.sort_unstable();
    chosen
}

/// Runs linfa's k-means: `runs` starts, the lowest inertia kept.
fn kmeans(
    points: &Array2<f32>,
    k: usize,
    options: &ClusterOptions,
    runs: usize,
    max_iterations: u64,
    init: KMeansInit<f32>,
    rng: &mut Xoshiro256Plus,
) -> Array2<f32> {
    // Each call gets its own generator drawn from the main one, so adding a call later does not
    // change the earlier ones.
    let run_rng = Xoshiro256Plus::seed_from_u64(rng.next_u64());
    let dataset = DatasetBase::from(points.view());
    KMeans::params_with(k.clamp(1, points.nrows()), run_rng, LaneL2)
        .n_runs(runs.max(1))
        .max_n_iterations(max_iterations.max(1))
        .tolerance(options.tolerance.max(f32::EPSILON))
        .init_method(init)
        .fit(&dataset)
        // Parameters are checked above, and the points are finite (unit length or zero), so
        // the inertia is finite and a best run always exists.
        .expect("k-means on finite points with valid parameters")
        .centroids()
        .clone()
}

/// Euclidean distance for linfa's k-means, summed in eight lanes so the compiler can use SIMD:
/// linfa's own `L2Dist` adds one element at a time and made k-means four times slower. The
/// lanes are added in a fixed order, so the result does not depend on anything but the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LaneL2;

impl Distance<f32> for LaneL2 {
    fn distance<D: Dimension>(&self, a: ArrayView<f32, D>, b: ArrayView<f32, D>) -> f32 {
        self.rdistance(a, b).sqrt()
    }

    fn rdistance<D: Dimension>(&self, a: ArrayView<f32, D>, b: ArrayView<f32, D>) -> f32 {
        match (a.as_slice(), b.as_slice()) {
            (Some(a), Some(b)) => squared_distance(a, b),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    fn rdist_to_dist(&self, rdist: f32) -> f32 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f32) -> f32 {
        dist * dist
    }
}

/// Squared Euclidean distance of two slices of the same length.
fn squared_distance(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (chunks_a, chunks_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for i in 0..8 {
            let d = x[i] - y[i];
            lanes[i] += d * d;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Chooses k by the highest mean silhouette on the sample (ties: the smaller k).
fn choose_k(
    sampled: &Array2<f32>,
    options: &ClusterOptions,
    rng: &mut Xoshiro256Plus,
) -> (usize, Option<f32>) {
    let m = sampled.nrows();
    let low = options.k_range.0.max(2);
    let high = options.k_range.1.min(m.saturating_sub(1));
    if low > high {
        return (options.k_range.0.clamp(1, m), None);
    }
    let distances = silhouette::distances(sampled);
    let mut best: Option<(usize, f32)> = None;
    for k in low..=high {
        let model = kmeans(
            sampled,
            k,
            options,
            options.runs.min(3),
            options.max_iterations,
            KMeansInit::KMeansPlusPlus,
            rng,
        );
        let centroids: Vec<Vec<f32>> = model.rows().into_iter().map(|row| row.to_vec()).collect();
        let labels = assign_points(&centroids, sampled);
        let score = silhouette::mean(&distances, &labels, k);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((k, score));
        }
    }
    let (k, score) = best.expect("the range holds at least one k");
    (k, Some(score))
}

/// Labels each cluster by its most distinctive terms: mean weight inside minus mean weight
/// outside, largest first, positive only.
fn describe(
    vocabulary: &Vocabulary,
    matrix: &TfIdfMatrix,
    assignments: &[usize],
    k: usize,
    options: &ClusterOptions,
) -> Vec<Cluster> {
    let v = matrix.n_cols();
    let mut sizes = vec![0usize; k];
    for &c in assignments {
        sizes[c] += 1;
    }
    // k × vocabulary sums, not documents × vocabulary: k is small.
    let mut sums = vec![vec![0.0f64; v]; k];
    for (i, &c) in assignments.iter().enumerate() {
        let (cols, weights) = matrix.row(i);
        let sum = &mut sums[c];
        for (&col, &w) in cols.iter().zip(weights) {
            sum[col as usize] += f64::from(w);
        }
    }
    let mut total = vec![0.0f64; v];
    for sum in &sums {
        for (t, s) in total.iter_mut().zip(sum) {
            *t += s;
        }
    }
    let n = assignments.len();
    (0..k)
        .map(|c| {
            let inside = sizes[c].max(1) as f64;
            let outside = (n - sizes[c]).max(1) as f64;
            let mut scored: Vec<(u32, f64)> = sums[c]
                .iter()
                .zip(&total)
                .enumerate()
                .filter(|(_, (&s, _))| s > 0.0)
                .map(|(col, (&s, &t))| (col as u32, s / inside - (t - s) / outside))
                .filter(|&(_, score)| score > 0.0)
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(options.top_terms);
            let top_terms: Vec<String> = scored
                .iter()
                .map(|&(col, _)| vocabulary.surface(col).to_owned())
                .collect();
            let label = if top_terms.is_empty() {
                "(empty)".to_owned()
            } else {
                top_terms[..top_terms.len().min(options.label_terms.max(1))].join(", ")
            };
            Cluster {
                id: c,
                label,
                top_terms,
                size: sizes[c],
                theme: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::VectorOptions;

    /// Four clearly different Danish topics and words every text shares.
    const TOPICS: [&[&str]; 4] = [
        &[
            "hackere",
            "ransomware",
            "phishing",
            "angreb",
            "firewall",
            "sårbarhed",
            "beredskab",
            "kryptering",
            "adgangskode",
            "logning",
            "trusler",
            "cyberangreb",
        ],
        &[
            "skolen",
            "eleverne",
            "lærerne",
            "undervisning",
            "klasse",
            "folkeskolen",
            "lektier",
            "pædagoger",
            "skoleåret",
            "forældre",
            "karakterer",
            "tavle",
        ],
        &[
            "strøm",
            "energi",
            "køling",
            "solceller",
            "klimaet",
            "udledning",
            "genbrug",
            "datacentret",
            "varme",
            "bæredygtig",
            "elforbrug",
            "vindmøller",
        ],
        &[
            "borgerne",
            "vejene",
            "asfalt",
            "trafik",
            "cyklister",
            "busser",
            "parkering",
            "fortov",
            "kryds",
            "vejarbejde",
            "broen",
            "lyskryds",
        ],
    ];
    const SHARED: [&str; 8] = [
        "kommunen",
        "projekt",
        "år",
        "millioner",
        "direktør",
        "løsning",
        "arbejde",
        "plan",
    ];

    /// `n` texts, topic `i % 4`, 30 words each: 20 from the topic, 10 shared, drawn with a
    /// small fixed generator.
    fn corpus(n: usize) -> (Vec<String>, Vec<usize>) {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        let mut docs = Vec::new();
        let mut truth = Vec::new();
        for i in 0..n {
            let topic = TOPICS[i % 4];
            let mut words = Vec::new();
            for w in 0..30 {
                if w % 3 == 2 {
                    words.push(SHARED[next(SHARED.len())]);
                } else {
                    words.push(topic[next(topic.len())]);
                }
            }
            docs.push(words.join(" "));
            truth.push(i % 4);
        }
        (docs, truth)
    }

    /// Share of rows whose cluster's majority topic is their own topic.
    fn purity(assignments: &[usize], truth: &[usize], k: usize) -> f64 {
        let mut counts = vec![[0usize; 4]; k];
        for (&c, &t) in assignments.iter().zip(truth) {
            counts[c][t] += 1;
        }
        let majority: usize = counts.iter().map(|c| c.iter().max().unwrap()).sum();
        majority as f64 / truth.len() as f64
    }

    #[test]
    fn recovers_known_topics_and_labels_them_by_their_words() {
        let (docs, truth) = corpus(400);
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let options = ClusterOptions {
            k: Some(4),
            ..ClusterOptions::default()
        };
        let fitted = ClusterModel::fit(&v, &m, &options);
        let p = purity(&fitted.assignments, &truth, 4);
        assert!(p >= 0.99, "purity {p}");
        for cluster in &fitted.model.clusters {
            // The most common topic of the cluster's rows.
            let topic = truth[fitted
                .assignments
                .iter()
                .position(|&c| c == cluster.id)
                .unwrap()];
            assert_eq!(cluster.top_terms.len(), 10);
            for term in &cluster.top_terms {
                assert!(
                    TOPICS[topic].contains(&term.as_str()),
                    "{term} in {cluster:?}"
                );
            }
            assert_eq!(cluster.label, cluster.top_terms[..3].join(", "));
        }
    }

    #[test]
    fn chooses_k_by_silhouette() {
        let (docs, truth) = corpus(400);
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let fitted = ClusterModel::fit(&v, &m, &ClusterOptions::default());
        assert_eq!(
            fitted.model.k(),
            4,
            "silhouette {:?}",
            fitted.model.silhouette
        );
        assert!(fitted.model.silhouette.unwrap() > 0.1);
        assert!(purity(&fitted.assignments, &truth, 4) >= 0.99);
    }

    #[test]
    fn sampled_fit_matches_the_structure_and_assign_agrees_with_fit() {
        let (docs, truth) = corpus(600);
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let options = ClusterOptions {
            k: Some(4),
            sample: 100,
            ..ClusterOptions::default()
        };
        let fitted = ClusterModel::fit(&v, &m, &options);
        assert!(purity(&fitted.assignments, &truth, 4) >= 0.99);
        let sizes: usize = fitted.model.clusters.iter().map(|c| c.size).sum();
        assert_eq!(sizes, 600);
        for i in (0..600).step_by(37) {
            let (id, label) = fitted.model.assign(&v, m.row(i));
            assert_eq!(id, fitted.assignments[i]);
            assert_eq!(label, fitted.model.clusters[id].label);
        }
        assert_eq!(fitted.model.assign_all(&v, &m), fitted.assignments);
    }

    #[test]
    fn same_result_on_one_and_four_threads() {
        let (docs, _) = corpus(500);
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let run = |threads: usize, options: &ClusterOptions| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| ClusterModel::fit(&v, &m, options))
        };
        for options in [
            ClusterOptions::default(),
            ClusterOptions {
                k: Some(5),
                sample: 120,
                seed: 9,
                ..ClusterOptions::default()
            },
        ] {
            let one = run(1, &options);
            let four = run(4, &options);
            assert_eq!(one, four);
        }
    }

    #[test]
    fn model_round_trips_through_json() {
        let (docs, _) = corpus(80);
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let fitted = ClusterModel::fit(&v, &m, &ClusterOptions::default());
        let json = serde_json::to_string(&fitted.model).unwrap();
        let back: ClusterModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, fitted.model);
        assert_eq!(back.assign_all(&v, &m), fitted.assignments);
    }

    #[test]
    fn small_and_empty_inputs() {
        let docs = ["hackere angreb", "skolen eleverne"];
        let (v, m) = Vocabulary::fit_transform(&docs, &VectorOptions::default());
        let options = ClusterOptions {
            k: Some(5),
            ..ClusterOptions::default()
        };
        let fitted = ClusterModel::fit(&v, &m, &options);
        assert_eq!(fitted.model.k(), 2, "k is capped at the rows");
        assert_ne!(fitted.assignments[0], fitted.assignments[1]);
        let auto = ClusterModel::fit(&v, &m, &ClusterOptions::default());
        assert_eq!(auto.model.k(), 2);
        let empty = v.transform::<&str>(&[]);
        let fitted = ClusterModel::fit(&v, &empty, &ClusterOptions::default());
        assert_eq!((fitted.model.k(), fitted.assignments.len()), (0, 0));
    }
}
