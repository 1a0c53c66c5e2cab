//! Topics of the archive at hand: spherical k-means on the sparse TF-IDF rows themselves.
//!
//! [`ClusterModel`](super::ClusterModel) clusters a random projection, which a model file can
//! store and apply to new texts. On the articles of one report or archive there is no need to
//! project, and projecting costs too much: two news articles on the same subject have a TF-IDF
//! cosine of 0.05–0.2, while a 128-dimension projection adds noise of about 1/√128 ≈ 0.09 to every
//! cosine, so the topics drown. Here the rows stay sparse and exact:
//!
//! ```text
//! assign(d)   = argmax_c  row(d) · centroid(c)            cosine: rows and centroids have unit length
//! centroid(c) = Σ_{d ∈ c} row(d) / ‖Σ_{d ∈ c} row(d)‖₂     the mean direction of its rows
//! ```
//!
//! (k × vocabulary dense centroids, documents × non-zeros × k per pass.) Starts are k-means++ on
//! the cosine distance; the best of several runs (highest summed cosine) wins.
//!
//! **Choosing k.** The silhouette, on the projection or on exact cosines, prefers k = 2 on sparse
//! text: most article pairs share almost nothing, so every split looks as good as any other and
//! the coarsest wins. tema asks instead whether the topics *come back*: for each k it clusters
//! two random halves of the rows (each with its own k-means++ starts), assigns every row to the
//! nearest centroid of each, and measures how well the two labelings agree (adjusted Rand index,
//! which is 0 for chance at any k). Agreement is then compared with what k clusters of the same
//! sizes would give at random in this data: a null drawn by shuffling each term's weights over the
//! rows that hold a term, so vocabulary, lengths and sparsity stay but topics go. The score of k
//! is `stability(k) − stability_null(k)`; ties go to the larger k, since a finer set of topics
//! that is as reproducible says more. The range grows with the archive: 2 to ⌈√n⌉ (at most 40).
//! The measurements behind this choice are in the README's Measurements section.
//!
//! Each topic is labelled by its distinctive terms: mean weight in its rows minus mean weight in
//! the others, with the terms a caller excludes (names of people, organisations and places)
//! left out, so the label says what the articles are about, not who is in them.
//!
//! Everything is seeded and computed row by row, adding up in a fixed order: the same topics for
//! a seed on any number of threads.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::vectors::{TfIdfMatrix, VectorOptions, Vocabulary};

/// The TF-IDF settings topics are found with, for `n` documents: a term in one document only
/// cannot bring documents together, and dropping such terms halves an archive's vocabulary;
/// tiny inputs keep every term.
pub fn topic_vectors(n: usize) -> VectorOptions {
    VectorOptions {
        min_df: if n >= 20 { 2 } else { 1 },
        ..VectorOptions::default()
    }
}

/// How topics are found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicOptions {
    /// Number of topics; `None` chooses it with [`KCriterion`] between 2 and `k_max`.
    pub k: Option<usize>,
    /// The largest k tried; `None`: ⌈√rows⌉, at most 40.
    pub k_max: Option<usize>,
    /// How k is chosen when not given.
    pub criterion: KCriterion,
    /// k-means runs from different starts; the best wins.
    pub runs: usize,
    /// Passes of one run at most (it stops earlier when no row moves).
    pub max_iterations: usize,
    /// Rows that choosing k looks at (a seeded sample of larger inputs).
    pub sample: usize,
    /// Seed of the starts and samples.
    pub seed: u64,
    /// Distinctive terms kept per topic.
    pub top_terms: usize,
    /// Of those, how many make the label.
    pub label_terms: usize,
}

impl Default for TopicOptions {
    fn default() -> Self {
        TopicOptions {
            k: None,
            k_max: None,
            criterion: KCriterion::SilhouetteGap,
            runs: 8,
            max_iterations: 50,
            sample: 800,
            seed: 0,
            top_terms: 10,
            label_terms: 3,
        }
    }
}

impl TopicOptions {
    /// Checks the settings against the number of documents to cluster before anything runs
    /// (linfa's checked parameters): a k that cannot be met is refused, never quietly changed.
    /// One topic would hold every document, so k is at least 2; it is at most the number of
    /// documents; a run, a pass, a sampled row and a label term are each needed at least once.
    ///
    /// ```
    /// use tema::clusters::TopicOptions;
    /// let one = TopicOptions { k: Some(1), ..TopicOptions::default() };
    /// assert!(one.check(10).unwrap_err().to_string().contains("every document"));
    /// let many = TopicOptions { k: Some(12), ..TopicOptions::default() };
    /// assert!(many.check(5).is_err() && many.check(12).is_ok());
    /// ```
    pub fn check(&self, documents: usize) -> crate::Result<()> {
        let reason = match self.k {
            Some(k) if k < 2 => Some(format!(
                "{k} topic would hold every document; give 2 or more, or no k to have it chosen"
            )),
            Some(k) if k > documents => Some(format!(
                "{k} topics asked of {documents} document{}: give at most {documents}",
                if documents == 1 { "" } else { "s" }
            )),
            _ => None,
        };
        if let Some(reason) = reason {
            return Err(crate::Error::Param { name: "k", reason });
        }
        let zero = [
            ("runs", self.runs),
            ("max_iterations", self.max_iterations),
            ("sample", self.sample),
            ("label_terms", self.label_terms),
        ]
        .into_iter()
        .find(|&(_, value)| value == 0);
        if let Some((name, _)) = zero {
            return Err(crate::Error::Param {
                name,
                reason: "0; at least 1 is needed".to_owned(),
            });
        }
        if self.label_terms > self.top_terms {
            return Err(crate::Error::Param {
                name: "label_terms",
                reason: format!(
                    "{} label terms from {} kept terms; at most {}",
                    self.label_terms, self.top_terms, self.top_terms
                ),
            });
        }
        Ok(())
    }
}

/// How the number of topics is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KCriterion {
    /// Reproducibility over random halves beyond that of a topic-free null (the default).
    Stability,
    /// The mean silhouette on cosine distances.
    Silhouette,
    /// The silhouette beyond that of the same k on the topic-free null.
    SilhouetteGap,
}

/// A term and its weight in a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicTerm {
    pub term: String,
    /// Mean TF-IDF weight in the topic's rows minus that in the other rows.
    pub weight: f64,
}

/// One topic of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: usize,
    /// The first few terms joined with ", "; "(empty)" for a topic without terms.
    pub label: String,
    /// The most distinctive terms, heaviest first.
    pub terms: Vec<TopicTerm>,
    /// Rows in the topic.
    pub size: usize,
    /// The theme most of its articles carry, if more than half carry one (set by
    /// [`Topics::link_themes`]).
    #[serde(default)]
    pub theme: Option<String>,
}

/// The topics of some rows and the topic of every row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topics {
    pub topics: Vec<Topic>,
    /// Topic id per row, in row order.
    pub assignments: Vec<usize>,
    /// The score of every k tried, when k was chosen: `(k, score)`.
    pub scores: Vec<(usize, f64)>,
}

impl Topics {
    /// Weighs `texts` with a vocabulary of their own ([`topic_vectors`]) and finds their topics;
    /// terms whose readable form `exclude` names (people, organisations, places) never label a
    /// topic. Returns the vocabulary with the topics.
    pub fn of_texts<S: AsRef<str> + Sync>(
        texts: &[S],
        options: &TopicOptions,
        exclude: &dyn Fn(&str) -> bool,
    ) -> (Vocabulary, Topics) {
        let (vocabulary, matrix) = Vocabulary::fit_transform(texts, &topic_vectors(texts.len()));
        let excluded = |col: u32| exclude(vocabulary.surface(col));
        let topics = Topics::find(&vocabulary, &matrix, options, &excluded);
        (vocabulary, topics)
    }

    /// [`of_texts`](Self::of_texts) for texts given as their term counts
    /// ([`term_counts`](crate::vectors::term_counts)): the same topics, without the texts.
    pub fn of_term_counts<'a, B>(
        bags: &[B],
        options: &TopicOptions,
        exclude: &dyn Fn(&str) -> bool,
    ) -> (Vocabulary, Topics)
    where
        B: IntoIterator<Item = (&'a str, u32)> + Clone + Sync,
    {
        let (vocabulary, matrix) =
            Vocabulary::fit_transform_counts(bags, &topic_vectors(bags.len()));
        let excluded = |col: u32| exclude(vocabulary.surface(col));
        let topics = Topics::find(&vocabulary, &matrix, options, &excluded);
        (vocabulary, topics)
    }

    /// Finds the topics of the rows of `matrix`. Terms for which `exclude` is true never label a
    /// topic (they still count for the clustering).
    pub fn find(
        vocabulary: &Vocabulary,
        matrix: &TfIdfMatrix,
        options: &TopicOptions,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Topics {
        let n = matrix.n_rows();
        let rows: Vec<usize> = (0..n).filter(|&i| !matrix.row(i).0.is_empty()).collect();
        if rows.is_empty() {
            return Topics {
                topics: Vec::new(),
                assignments: vec![0; n],
                scores: Vec::new(),
            };
        }
        let mut rng = Xoshiro256Plus::seed_from_u64(options.seed);
        let (k, scores) = match options.k {
            Some(k) => (k.clamp(1, rows.len()), Vec::new()),
            None => choose_k(matrix, &rows, options, &mut rng),
        };
        // The runs are made on a sample; the best is refined on every row, which gives the same
        // topics at a fraction of the cost on a large archive.
        let sampled = sample(&rows, options.sample, &mut rng);
        let mut fit = SphericalKMeans::fit(matrix, &sampled, k, options, &mut rng);
        if sampled.len() < rows.len() {
            fit = SphericalKMeans::run(
                matrix,
                &rows,
                k,
                options.max_iterations,
                Some(fit.centroids),
                &mut rng,
            );
        }
        let assignments: Vec<usize> = (0..n)
            .into_par_iter()
            .map(|i| fit.nearest(matrix.row(i)).0)
            .collect();
        let topics = describe(vocabulary, matrix, &assignments, k, options, exclude);
        Topics {
            topics,
            assignments,
            scores,
        }
    }

    /// Number of topics.
    pub fn k(&self) -> usize {
        self.topics.len()
    }

    /// Links each topic to the theme that more than half of its rows carry (`themes[i]` is row
    /// i's theme, `None` for no theme); others keep `None`.
    pub fn link_themes(&mut self, themes: &[Option<&str>]) {
        for topic in &mut self.topics {
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for (&a, theme) in self.assignments.iter().zip(themes) {
                if a != topic.id {
                    continue;
                }
                if let Some(theme) = theme {
                    match counts.iter_mut().find(|(t, _)| t == theme) {
                        Some((_, c)) => *c += 1,
                        None => counts.push((theme, 1)),
                    }
                }
            }
            topic.theme = counts
                .into_iter()
                .find(|&(_, c)| c * 2 > topic.size)
                .map(|(t, _)| t.to_owned());
        }
    }
}

/// Fitted unit-length centroids, dense over the vocabulary.
struct SphericalKMeans {
    centroids: Vec<Vec<f32>>,
    /// Summed cosine of every row to its centroid: higher is tighter.
    objective: f64,
}

impl SphericalKMeans {
    /// The best of `options.runs` runs of spherical k-means on `rows` of `matrix`.
    fn fit(
        matrix: &TfIdfMatrix,
        rows: &[usize],
        k: usize,
        options: &TopicOptions,
        rng: &mut Xoshiro256Plus,
    ) -> SphericalKMeans {
        let mut best: Option<SphericalKMeans> = None;
        for _ in 0..options.runs.max(1) {
            let run = Self::run(matrix, rows, k, options.max_iterations, None, rng);
            if best.as_ref().is_none_or(|b| run.objective > b.objective) {
                best = Some(run);
            }
        }
        best.expect("at least one run")
    }

    fn run(
        matrix: &TfIdfMatrix,
        rows: &[usize],
        k: usize,
        max_iterations: usize,
        start: Option<Vec<Vec<f32>>>,
        rng: &mut Xoshiro256Plus,
    ) -> SphericalKMeans {
        let v = matrix.n_cols();
        let mut centroids =
            start.unwrap_or_else(|| plus_plus(matrix, rows, k.clamp(1, rows.len()), rng));
        let k = centroids.len();
        let mut labels: Vec<usize> = vec![usize::MAX; rows.len()];
        let mut objective = 0.0;
        for _ in 0..max_iterations.max(1) {
            let fits: Vec<(usize, f32)> = rows
                .par_iter()
                .map(|&i| nearest(&centroids, matrix.row(i)))
                .collect();
            objective = fits.iter().map(|&(_, s)| f64::from(s)).sum();
            let changed = fits.iter().zip(&labels).any(|(&(new, _), &old)| new != old);
            labels = fits.iter().map(|&(c, _)| c).collect();
            if !changed {
                break;
            }
            let mut sums = vec![vec![0.0f32; v]; k];
            let mut sizes = vec![0usize; k];
            for (&i, &c) in rows.iter().zip(&labels) {
                sizes[c] += 1;
                let (cols, weights) = matrix.row(i);
                for (&col, &w) in cols.iter().zip(weights) {
                    sums[c][col as usize] += w;
                }
            }
            // An emptied cluster restarts at the row that fits its own centroid worst.
            for c in 0..k {
                if sizes[c] == 0 {
                    let (worst, _) = fits
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1).then(a.0.cmp(&b.0)))
                        .expect("rows are not empty");
                    let (cols, weights) = matrix.row(rows[worst]);
                    for (&col, &w) in cols.iter().zip(weights) {
                        sums[c][col as usize] = w;
                    }
                }
            }
            for sum in &mut sums {
                normalise(sum);
            }
            centroids = sums;
        }
        SphericalKMeans {
            centroids,
            objective,
        }
    }

    /// The centroid closest to a row (highest cosine; the lower id on ties) and the cosine.
    fn nearest(&self, row: (&[u32], &[f32])) -> (usize, f32) {
        nearest(&self.centroids, row)
    }
}

fn nearest(centroids: &[Vec<f32>], (cols, weights): (&[u32], &[f32])) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (c, centroid) in centroids.iter().enumerate() {
        let s: f32 = cols
            .iter()
            .zip(weights)
            .map(|(&col, &w)| w * centroid[col as usize])
            .sum();
        if s > best.1 {
            best = (c, s);
        }
    }
    best
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// k-means++ starts on cosine distance: the first a random row, each next one a row drawn with
/// probability proportional to its distance to the nearest start so far.
fn plus_plus(
    matrix: &TfIdfMatrix,
    rows: &[usize],
    k: usize,
    rng: &mut Xoshiro256Plus,
) -> Vec<Vec<f32>> {
    let v = matrix.n_cols();
    let dense = |i: usize| {
        let mut out = vec![0.0f32; v];
        let (cols, weights) = matrix.row(i);
        for (&c, &w) in cols.iter().zip(weights) {
            out[c as usize] = w;
        }
        out
    };
    let first = rows[(rng.next_u64() % rows.len() as u64) as usize];
    let mut centroids = vec![dense(first)];
    let mut distance: Vec<f64> = rows
        .iter()
        .map(|&i| f64::from(1.0 - matrix.dot(i, &centroids[0])).max(0.0))
        .collect();
    while centroids.len() < k {
        let total: f64 = distance.iter().sum();
        let pick = if total <= 0.0 {
            // Every row sits on a start already: any row will do.
            (rng.next_u64() % rows.len() as u64) as usize
        } else {
            let target = unit(rng) * total;
            let mut acc = 0.0;
            distance
                .iter()
                .position(|&d| {
                    acc += d;
                    acc > target
                })
                .unwrap_or(rows.len() - 1)
        };
        let centroid = dense(rows[pick]);
        for (d, &i) in distance.iter_mut().zip(rows) {
            *d = d.min(f64::from(1.0 - matrix.dot(i, &centroid)).max(0.0));
        }
        centroids.push(centroid);
    }
    centroids
}

/// A uniform number in [0, 1).
fn unit(rng: &mut Xoshiro256Plus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Up to `size` of `rows`, drawn without replacement, in ascending order.
fn sample(rows: &[usize], size: usize, rng: &mut Xoshiro256Plus) -> Vec<usize> {
    if rows.len() <= size {
        return rows.to_vec();
    }
    let mut pool = rows.to_vec();
    for i in 0..size {
        let j = i + (rng.next_u64() % (pool.len() - i) as u64) as usize;
        pool.swap(i, j);
    }
    let mut chosen = pool[..size].to_vec();
    chosen.sort_unstable();
    chosen
}

/// The largest k tried for `n` rows: ⌈√n⌉, between 2 and 40.
pub fn k_max_for(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize).clamp(2, 40)
}

/// Chooses k on a sample of the rows; returns it with the score of every k tried.
fn choose_k(
    matrix: &TfIdfMatrix,
    rows: &[usize],
    options: &TopicOptions,
    rng: &mut Xoshiro256Plus,
) -> (usize, Vec<(usize, f64)>) {
    let rows = sample(rows, options.sample, rng);
    let m = rows.len();
    // Each k is judged on fewer runs than the final fit: the score compares k's, and a few
    // starts find a fit good enough for that.
    let options = &TopicOptions {
        runs: options.runs.min(3),
        ..options.clone()
    };
    let high = options
        .k_max
        .unwrap_or_else(|| k_max_for(m))
        .min(m.saturating_sub(1));
    if high < 2 {
        return (1, Vec::new());
    }
    let scores: Vec<(usize, f64)> = match options.criterion {
        KCriterion::Stability => {
            let null = shuffled(matrix, &rows, rng);
            let null_rows: Vec<usize> = (0..m).collect();
            (2..=high)
                .map(|k| {
                    let real = stability(matrix, &rows, k, options, rng);
                    let chance = stability(&null, &null_rows, k, options, rng);
                    (k, real - chance)
                })
                .collect()
        }
        KCriterion::Silhouette => {
            let distances = cosine_distances(matrix, &rows);
            (2..=high)
                .map(|k| (k, silhouette_of(matrix, &rows, &distances, k, options, rng)))
                .collect()
        }
        KCriterion::SilhouetteGap => {
            let distances = cosine_distances(matrix, &rows);
            let null = shuffled(matrix, &rows, rng);
            let null_rows: Vec<usize> = (0..m).collect();
            let null_distances = cosine_distances(&null, &null_rows);
            (2..=high)
                .map(|k| {
                    let real = silhouette_of(matrix, &rows, &distances, k, options, rng);
                    let chance = silhouette_of(&null, &null_rows, &null_distances, k, options, rng);
                    (k, real - chance)
                })
                .collect()
        }
    };
    // Ties (within rounding) go to the larger k.
    let best = scores
        .iter()
        .copied()
        .fold(None, |best: Option<(usize, f64)>, (k, s)| match best {
            Some((_, b)) if s < b - 1e-9 => best,
            _ => Some((k, s)),
        })
        .expect("at least one k");
    (best.0, scores)
}

/// The mean silhouette of the best k-means fit of `rows`, given their cosine distances.
fn silhouette_of(
    matrix: &TfIdfMatrix,
    rows: &[usize],
    distances: &[f32],
    k: usize,
    options: &TopicOptions,
    rng: &mut Xoshiro256Plus,
) -> f64 {
    let fit = SphericalKMeans::fit(matrix, rows, k, options, rng);
    let labels: Vec<usize> = rows.iter().map(|&i| fit.nearest(matrix.row(i)).0).collect();
    f64::from(super::silhouette::mean(distances, &labels, k))
}

/// Repeats of the halves comparison per k: more give a steadier score at a linear cost.
const STABILITY_PAIRS: usize = 3;

/// How reproducible k clusters are: the mean adjusted Rand index, over a few pairs of random
/// halves, between the labelings of all `rows` by the centroids fitted on each half.
fn stability(
    matrix: &TfIdfMatrix,
    rows: &[usize],
    k: usize,
    options: &TopicOptions,
    rng: &mut Xoshiro256Plus,
) -> f64 {
    let half = (rows.len() / 2).max(k);
    let quick = TopicOptions {
        runs: 2,
        ..options.clone()
    };
    let mut total = 0.0;
    for _ in 0..STABILITY_PAIRS {
        let labels: Vec<Vec<usize>> = (0..2)
            .map(|_| {
                let part = sample(rows, half, rng);
                let fit = SphericalKMeans::fit(matrix, &part, k, &quick, rng);
                rows.iter().map(|&i| fit.nearest(matrix.row(i)).0).collect()
            })
            .collect();
        total += adjusted_rand(&labels[0], &labels[1]);
    }
    total / STABILITY_PAIRS as f64
}

/// The rows with the topics taken out: every column's weights dealt out again at random over
/// the rows that hold that column, then each row brought back to unit length. Which terms a row
/// has and how sparse the matrix is stay; which terms go together does not.
fn shuffled(matrix: &TfIdfMatrix, rows: &[usize], rng: &mut Xoshiro256Plus) -> TfIdfMatrix {
    // Entries by column, then the column's row slots shuffled.
    let mut by_col: Vec<Vec<(usize, f32)>> = vec![Vec::new(); matrix.n_cols()];
    for (r, &i) in rows.iter().enumerate() {
        let (cols, weights) = matrix.row(i);
        for (&c, &w) in cols.iter().zip(weights) {
            by_col[c as usize].push((r, w));
        }
    }
    // Each row keeps its number of terms: the terms are dealt to row slots, shuffled.
    let mut slots: Vec<usize> = by_col
        .iter()
        .flat_map(|entries| entries.iter().map(|&(r, _)| r))
        .collect();
    for i in (1..slots.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        slots.swap(i, j);
    }
    let mut out: Vec<Vec<(u32, f32)>> = vec![Vec::new(); rows.len()];
    let mut next = 0;
    for (c, entries) in by_col.iter().enumerate() {
        for &(_, w) in entries {
            out[slots[next]].push((c as u32, w));
            next += 1;
        }
    }
    for row in &mut out {
        // A row may draw one column twice: add the weights up.
        row.sort_by_key(|&(c, _)| c);
        row.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        let norm = row.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|(_, w)| *w /= norm);
        }
    }
    TfIdfMatrix::from_rows(matrix.n_cols(), out)
}

/// Pairwise cosine distances (1 − cosine) of `rows`, row-major m × m.
fn cosine_distances(matrix: &TfIdfMatrix, rows: &[usize]) -> Vec<f32> {
    let m = rows.len();
    let v = matrix.n_cols();
    let mut out = vec![0.0f32; m * m];
    out.par_chunks_mut(m.max(1)).enumerate().for_each_init(
        || vec![0.0f32; v],
        |dense, (a, line)| {
            let (cols, weights) = matrix.row(rows[a]);
            for (&c, &w) in cols.iter().zip(weights) {
                dense[c as usize] = w;
            }
            for (b, d) in line.iter_mut().enumerate() {
                *d = (1.0 - matrix.dot(rows[b], dense)).max(0.0);
            }
            for &c in cols {
                dense[c as usize] = 0.0;
            }
        },
    );
    out
}

/// The adjusted Rand index of two labelings of the same items: 1 when they agree, about 0 for
/// chance (Hubert and Arabie, 1985).
pub fn adjusted_rand(a: &[usize], b: &[usize]) -> f64 {
    let table = contingency(a, b);
    let pairs = |x: f64| x * (x - 1.0) / 2.0;
    let n = a.len() as f64;
    let index: f64 = table.cells.iter().map(|&c| pairs(c as f64)).sum();
    let rows: f64 = table.rows.iter().map(|&c| pairs(c as f64)).sum();
    let cols: f64 = table.cols.iter().map(|&c| pairs(c as f64)).sum();
    let expected = rows * cols / pairs(n).max(1.0);
    let max = (rows + cols) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return if (index - expected).abs() < 1e-12 {
            1.0
        } else {
            0.0
        };
    }
    (index - expected) / (max - expected)
}

/// Normalised mutual information of two labelings, with the arithmetic mean of the entropies
/// (scikit-learn's `normalized_mutual_info_score` default): 1 when one determines the other,
/// 0 when they are independent.
///
/// ```
/// use tema::clusters::nmi;
/// assert!((nmi(&[0, 0, 1, 1], &[5, 5, 3, 3]) - 1.0).abs() < 1e-12);
/// assert!(nmi(&[0, 1, 0, 1], &[0, 0, 1, 1]).abs() < 1e-12);
/// ```
pub fn nmi(a: &[usize], b: &[usize]) -> f64 {
    let table = contingency(a, b);
    let n = a.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    let entropy = |counts: &[usize]| -> f64 {
        counts
            .iter()
            .filter(|&&c| c > 0)
            .map(|&c| {
                let p = c as f64 / n;
                -p * p.ln()
            })
            .sum()
    };
    let (ha, hb) = (entropy(&table.rows), entropy(&table.cols));
    let mut mi = 0.0;
    for (r, &row) in table.rows.iter().enumerate() {
        for (c, &col) in table.cols.iter().enumerate() {
            let cell = table.cells[r * table.cols.len() + c];
            if cell > 0 {
                let p = cell as f64 / n;
                mi += p * (p * n * n / (row as f64 * col as f64)).ln();
            }
        }
    }
    let mean = (ha + hb) / 2.0;
    if mean <= 0.0 {
        // Both labelings put everything in one group: they agree.
        return 1.0;
    }
    (mi / mean).clamp(0.0, 1.0)
}

struct Contingency {
    rows: Vec<usize>,
    cols: Vec<usize>,
    /// rows × cols, row-major.
    cells: Vec<usize>,
}

fn contingency(a: &[usize], b: &[usize]) -> Contingency {
    assert_eq!(a.len(), b.len(), "two labelings of the same items");
    let ra = a.iter().max().map_or(0, |m| m + 1);
    let rb = b.iter().max().map_or(0, |m| m + 1);
    let mut cells = vec![0usize; ra * rb];
    let mut rows = vec![0usize; ra];
    let mut cols = vec![0usize; rb];
    for (&x, &y) in a.iter().zip(b) {
        cells[x * rb + y] += 1;
        rows[x] += 1;
        cols[y] += 1;
    }
    Contingency { rows, cols, cells }
}

/// Labels each topic by its most distinctive terms: mean weight inside minus mean weight
/// outside, largest first, positive only, excluded terms left out.
fn describe(
    vocabulary: &Vocabulary,
    matrix: &TfIdfMatrix,
    assignments: &[usize],
    k: usize,
    options: &TopicOptions,
    exclude: &dyn Fn(u32) -> bool,
) -> Vec<Topic> {
    let v = matrix.n_cols();
    let mut sizes = vec![0usize; k];
    for &c in assignments {
        sizes[c] += 1;
    }
    let mut sums = vec![vec![0.0f64; v]; k];
    for (i, &c) in assignments.iter().enumerate() {
        let (cols, weights) = matrix.row(i);
        for (&col, &w) in cols.iter().zip(weights) {
            sums[c][col as usize] += f64::from(w);
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
                .filter(|(col, (&s, _))| s > 0.0 && !exclude(*col as u32))
                .map(|(col, (&s, &t))| (col as u32, s / inside - (t - s) / outside))
                .filter(|&(_, score)| score > 0.0)
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(options.top_terms);
            let terms: Vec<TopicTerm> = scored
                .iter()
                .map(|&(col, weight)| TopicTerm {
                    term: vocabulary.surface(col).to_owned(),
                    weight,
                })
                .collect();
            let label = if terms.is_empty() {
                "(empty)".to_owned()
            } else {
                terms
                    .iter()
                    .take(options.label_terms.max(1))
                    .map(|t| t.term.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Topic {
                id: c,
                label,
                terms,
                size: sizes[c],
                theme: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three topics of eight short texts each, with words every text shares.
    fn corpus() -> (Vec<String>, Vec<usize>) {
        let topics: [&[&str]; 3] = [
            &[
                "hackere",
                "ransomware",
                "phishing",
                "angreb",
                "firewall",
                "kryptering",
            ],
            &[
                "skolen",
                "eleverne",
                "lærerne",
                "undervisning",
                "klasse",
                "lektier",
            ],
            &["strøm", "energi", "køling", "solceller", "klimaet", "varme"],
        ];
        let shared = ["kommunen", "projekt", "millioner", "plan"];
        let mut docs = Vec::new();
        let mut truth = Vec::new();
        for i in 0..24 {
            let t = i % 3;
            let words: Vec<&str> = (0..12)
                .map(|w| {
                    if w % 4 == 3 {
                        shared[(i + w) % shared.len()]
                    } else {
                        topics[t][(i * 7 + w * 5) % topics[t].len()]
                    }
                })
                .collect();
            docs.push(words.join(" "));
            truth.push(t);
        }
        (docs, truth)
    }

    #[test]
    fn finds_the_topics_chooses_their_number_and_labels_them() {
        let (docs, truth) = corpus();
        let (_, topics) = Topics::of_texts(&docs, &TopicOptions::default(), &|_| false);
        assert_eq!(topics.k(), 3, "{:?}", topics.scores);
        assert!((nmi(&topics.assignments, &truth) - 1.0).abs() < 1e-9);
        let labelled: Vec<&str> = topics.topics.iter().map(|t| t.label.as_str()).collect();
        assert!(
            labelled.iter().all(|l| !l.contains("kommunen")),
            "{labelled:?}"
        );
        let (_, without) = Topics::of_texts(&docs, &TopicOptions::default(), &|w| w == "skolen");
        assert!(without
            .topics
            .iter()
            .all(|t| t.terms.iter().all(|w| w.term != "skolen")));
    }

    #[test]
    fn links_a_theme_only_when_most_articles_carry_it() {
        let (docs, truth) = corpus();
        let (_, mut topics) = Topics::of_texts(&docs, &TopicOptions::default(), &|_| false);
        // Cyber texts carry the theme; half the school texts carry "ai", not a majority.
        let themes: Vec<Option<&str>> = truth
            .iter()
            .enumerate()
            .map(|(i, &t)| match t {
                0 => Some("cybersecurity"),
                1 if i % 2 == 0 => Some("ai"),
                _ => None,
            })
            .collect();
        topics.link_themes(&themes);
        let of = |t: usize| {
            let id = topics.assignments[truth.iter().position(|&x| x == t).unwrap()];
            topics.topics[id].theme.clone()
        };
        assert_eq!(of(0).as_deref(), Some("cybersecurity"));
        assert_eq!(of(1), None);
        assert_eq!(of(2), None);
    }

    #[test]
    fn same_topics_on_one_and_four_threads() {
        let (docs, _) = corpus();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| Topics::of_texts(&docs, &TopicOptions::default(), &|_| false).1)
        };
        assert_eq!(run(1), run(4));
    }

    #[test]
    fn agreement_measures() {
        assert!((adjusted_rand(&[0, 0, 1, 1], &[1, 1, 0, 0]) - 1.0).abs() < 1e-12);
        assert!(adjusted_rand(&[0, 1, 0, 1], &[0, 0, 1, 1]) < 0.0);
        let a = [0, 0, 0, 1, 1, 2, 2, 2];
        let b = [1, 1, 0, 0, 0, 2, 2, 1];
        let x = nmi(&a, &b);
        assert!((0.0..1.0).contains(&x) && (x - nmi(&b, &a)).abs() < 1e-12);
    }
}
