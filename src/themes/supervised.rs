//! The supervised half of the theme classifier: multinomial logistic regression (linfa) over
//! the labelled documents, read as the prototypes read them.
//!
//! Each labelled text is the vector `x = λ·p₀ + (1 − λ)·mean(pᵢ)` of its passages' TF-IDF rows
//! (compound parts included), the same vector whose dot product with a prototype is the
//! text's similarity to it (see the [module docs](super)), so short and long texts are read
//! alike. Classes are the labels that occur: "none" (when some labelled text has no theme) and
//! the themes. The model is
//!
//! `P(c | x) = exp(w_c·x + b_c) / Σ_k exp(w_k·x + b_k)`
//!
//! fitted by L-BFGS on `−Σᵢ log P(yᵢ | xᵢ) + α/2 · ‖W‖²` (`α` is [`Params::l2`](super::Params)),
//! from all-zero weights: the same labels give the same model on any machine and thread count.
//! Only the columns some labelled text uses get a weight (the gradient of any other is zero),
//! so a class is stored sparse.

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use linfa::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::text::tokenize;
use linfa_logistic::MultiLogisticRegression;

use super::prototype::Prototype;
use super::softmax;

/// Iterations of L-BFGS at most; the labelled sets tema sees converge well before.
const MAX_ITERATIONS: u64 = 200;

/// A fitted multinomial logistic regression, as stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Supervised {
    /// Its classes: 0 is none, t + 1 is theme t; ascending.
    pub classes: Vec<usize>,
    /// One weight vector per class, over the vocabulary's columns and then, from column
    /// `vocabulary.len()` on, the character n-gram buckets.
    pub weights: Vec<Prototype>,
    /// One intercept per class.
    pub intercepts: Vec<f32>,
    /// The character n-grams it also reads, if any.
    pub char_ngrams: Option<CharGrams>,
    /// Complement naive Bayes over the same features, mixed in at [`Bayes::weight`].
    pub bayes: Option<Bayes>,
}

/// Complement naive Bayes (Rennie et al. 2003) over the classifier's features: class c's
/// score of a text x is `Σⱼ xⱼ · −ln θ_cj`, where `θ_cj = (α + Σ_{i∉c} x_ij) / (α·F + Σ_{i∉c}
/// Σⱼ x_ij)` is column j's smoothed share in the labelled texts of every *other* class (F
/// columns, `α` = [`BAYES_ALPHA`]). Counting the complement gives each class many texts'
/// evidence even when it has few labels of its own. Its probabilities are
/// `softmax(score / temperature)`, mixed with the logistic regression's as
/// `(1 − weight)·P_logistic + weight·P_bayes`; weight and temperature are chosen on held-out
/// folds of the labels when the model is trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bayes {
    /// The columns some labelled text has, ascending; every class is stored over them.
    pub columns: Vec<u32>,
    /// One vector of `−ln θ_cj` per class, over [`Bayes::columns`], rounded to
    /// [`BAYES_DECIMALS`] decimals.
    pub weights: Vec<Vec<f32>>,
    /// Each class's `−ln θ_cj` for a column no labelled text has.
    pub unseen: Vec<f32>,
    /// Temperature of its softmax.
    pub temperature: f32,
    /// Its share of the classifier's probabilities, from 0 to 1.
    pub weight: f32,
}

/// Additive smoothing of [`Bayes`].
pub const BAYES_ALPHA: f64 = 0.1;

/// Decimals [`Bayes`] keeps of its weights: log-ratios of a few units, whose fifth decimal
/// changes no ranking, while shorter numbers keep the model file small.
pub const BAYES_DECIMALS: i32 = 4;

fn rounded(x: f64) -> f32 {
    let scale = 10f64.powi(BAYES_DECIMALS);
    ((x * scale).round() / scale) as f32
}

impl Bayes {
    fn fit(rows: &[Sparse], classes: &[usize], order: &[usize]) -> Bayes {
        let mut columns: Vec<u32> = rows.iter().flatten().map(|&(c, _)| c).collect();
        columns.sort_unstable();
        columns.dedup();
        let index = |c: u32| columns.binary_search(&c).expect("a column of the rows");
        let mut total = vec![0.0f64; columns.len()];
        let mut per_class = vec![vec![0.0f64; columns.len()]; order.len()];
        for (row, class) in rows.iter().zip(classes) {
            let k = order.binary_search(class).expect("a class of the labels");
            for &(c, v) in row {
                total[index(c)] += f64::from(v);
                per_class[k][index(c)] += f64::from(v);
            }
        }
        let features = columns.len() as f64;
        let mut weights = Vec::new();
        let mut unseen = Vec::new();
        for own in &per_class {
            let complement: Vec<f64> = total
                .iter()
                .zip(own)
                .map(|(t, o)| (t - o).max(0.0))
                .collect();
            let sum = BAYES_ALPHA * features + complement.iter().sum::<f64>();
            weights.push(
                complement
                    .iter()
                    .map(|c| rounded(-((BAYES_ALPHA + c) / sum).ln()))
                    .collect(),
            );
            unseen.push(rounded(-(BAYES_ALPHA / sum).ln()));
        }
        Bayes {
            columns,
            weights,
            unseen,
            temperature: 1.0,
            weight: 0.0,
        }
    }

    /// Each class's score of a feature row (see [`Bayes`]), in the order of the classes.
    fn scores(&self, x: &Sparse) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.unseen)
            .map(|(w, &u)| sparse_dot_or(&self.columns, w, x, u))
            .collect()
    }
}

/// Buckets character n-grams are hashed into.
const BUCKETS: u32 = 1 << 20;

/// Character n-grams of a text's words (each word padded with a space at both ends, n from 3
/// to 5, hashed into [`BUCKETS`] buckets with xxh3), weighted `(1 + ln tf) · idf` with
/// `idf = ln((1 + N) / (1 + df)) + 1` over the N labelled texts, unit length. They let a
/// short text share evidence with the labels through word parts a stemmer and the compound
/// splitter miss ("keeperen" and "keeper", "boligpriserne" and "huspriserne").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharGrams {
    /// The idf of each bucket some labelled text has, columns ascending (buckets no labelled
    /// text has weigh nothing).
    pub idf: Prototype,
}

impl CharGrams {
    /// The n-gram buckets of a text with their counts, buckets ascending.
    fn counts(text: &str) -> Vec<(u32, u32)> {
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        let mut chars: Vec<char> = Vec::new();
        let mut gram = String::new();
        for token in tokenize(text) {
            chars.clear();
            chars.push(' ');
            chars.extend(token.norm.chars());
            chars.push(' ');
            for n in 3..=5 {
                for window in chars.windows(n) {
                    gram.clear();
                    gram.extend(window);
                    let bucket = (xxh3_64(gram.as_bytes()) % u64::from(BUCKETS)) as u32;
                    *counts.entry(bucket).or_default() += 1;
                }
            }
        }
        let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        counts
    }

    fn fit(texts: &[&str]) -> CharGrams {
        let mut df: FxHashMap<u32, u32> = FxHashMap::default();
        for text in texts {
            for (bucket, _) in CharGrams::counts(text) {
                *df.entry(bucket).or_default() += 1;
            }
        }
        let n = texts.len() as f32;
        let mut idf: Vec<(u32, f32)> = df
            .into_iter()
            .map(|(b, df)| (b, ((1.0 + n) / (1.0 + df as f32)).ln() + 1.0))
            .collect();
        idf.sort_unstable_by_key(|&(b, _)| b);
        let (columns, weights) = idf.into_iter().unzip();
        CharGrams {
            idf: Prototype { columns, weights },
        }
    }

    /// The text's weighted n-grams at columns `offset + bucket`, ascending, unit length.
    fn row(&self, text: &str, offset: u32) -> Sparse {
        let mut row: Sparse = CharGrams::counts(text)
            .into_iter()
            .filter_map(|(bucket, tf)| {
                let at = self.idf.columns.binary_search(&bucket).ok()?;
                Some((
                    offset + bucket,
                    (1.0 + (tf as f32).ln()) * self.idf.weights[at],
                ))
            })
            .collect();
        let norm = row.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        row
    }
}

/// What the classifier reads of a text: its word vector, then its n-grams when it reads them.
pub(crate) fn features(
    words: Sparse,
    text: &str,
    grams: Option<&CharGrams>,
    offset: u32,
) -> Sparse {
    let mut row = words;
    if let Some(grams) = grams {
        row.extend(grams.row(text, offset));
    }
    row
}

/// A sparse vector: columns ascending and their values.
pub(crate) type Sparse = Vec<(u32, f32)>;

impl Supervised {
    /// Fits the classifier to labelled vectors (`classes[i]` is the class of `rows[i]`: 0 none,
    /// t + 1 theme t). `None` when the labels hold fewer than two classes (nothing to tell
    /// apart) or the solver fails.
    pub(crate) fn fit(
        words: &[Sparse],
        texts: &[&str],
        classes: &[usize],
        l2: f32,
        char_ngrams: bool,
        offset: u32,
    ) -> Option<Supervised> {
        let mut distinct: Vec<usize> = classes.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 || words.len() != classes.len() || texts.len() != classes.len() {
            return None;
        }
        let grams = char_ngrams.then(|| CharGrams::fit(texts));
        let rows: Vec<Sparse> = words
            .iter()
            .zip(texts)
            .map(|(w, t)| features(w.clone(), t, grams.as_ref(), offset))
            .collect();
        // Dense over the columns the labelled texts use only: the rest would get zero weight.
        let mut columns: Vec<u32> = rows.iter().flatten().map(|&(c, _)| c).collect();
        columns.sort_unstable();
        columns.dedup();
        let index = |c: u32| columns.binary_search(&c).expect("a column of the rows");
        let mut x = Array2::<f64>::zeros((rows.len(), columns.len()));
        for (i, row) in rows.iter().enumerate() {
            for &(c, v) in row {
                x[(i, index(c))] = f64::from(v);
            }
        }
        let y = Array1::from(classes.to_vec());
        let dataset = Dataset::new(x, y);
        let fitted = MultiLogisticRegression::default()
            .alpha(f64::from(l2))
            .max_iterations(MAX_ITERATIONS)
            .fit(&dataset)
            .ok()?;
        let bayes = Bayes::fit(&rows, classes, fitted.classes());
        let params = fitted.params();
        let weights = fitted
            .classes()
            .iter()
            .enumerate()
            .map(|(k, _)| {
                let (columns, weights) = columns
                    .iter()
                    .enumerate()
                    .map(|(j, &c)| (c, params[(j, k)] as f32))
                    .filter(|&(_, w)| w != 0.0)
                    .unzip();
                Prototype { columns, weights }
            })
            .collect();
        Some(Supervised {
            classes: fitted.classes().to_vec(),
            weights,
            intercepts: fitted.intercept().iter().map(|&b| b as f32).collect(),
            char_ngrams: grams,
            bayes: Some(bayes),
        })
    }

    /// `P(c | x)` for every class 0..`n_classes` (0 none, t + 1 theme t); a class the labels
    /// never held gets 0.
    pub(crate) fn probabilities(
        &self,
        words: Sparse,
        text: &str,
        offset: u32,
        n_classes: usize,
    ) -> Vec<f32> {
        let parts = self.parts(words, text, offset, n_classes);
        match &self.bayes {
            Some(bayes) => parts.mix(bayes.weight, bayes.temperature),
            None => parts.logistic,
        }
    }

    /// The logistic regression's probabilities and naive Bayes' scores of a text, apart, so
    /// that training can choose how to mix them.
    pub(crate) fn parts(&self, words: Sparse, text: &str, offset: u32, n_classes: usize) -> Parts {
        let x = features(words, text, self.char_ngrams.as_ref(), offset);
        let logits: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.intercepts)
            .map(|(w, &b)| b + sparse_dot(&w.columns, &w.weights, &x))
            .collect();
        let bayes = self.bayes.as_ref().map(|b| b.scores(&x));
        Parts {
            logistic: spread(&self.classes, &softmax(&logits, 1.0), n_classes),
            bayes: bayes.map(|scores| (self.classes.clone(), scores)),
            n_classes,
        }
    }

    /// Whether the classifier finds anything to read in a text beyond the vocabulary's words:
    /// a character n-gram some labelled text had.
    pub(crate) fn reads_beyond_words(&self, text: &str) -> bool {
        self.char_ngrams
            .as_ref()
            .is_some_and(|grams| !grams.row(text, 0).is_empty())
    }

    /// Whether the stored classifier fits `n_classes` classes and a vocabulary of `len`
    /// columns: what a model file must hold before it is used.
    pub(crate) fn fits(&self, n_classes: usize, vocabulary: u32) -> bool {
        let len = match &self.char_ngrams {
            Some(grams) => {
                if !grams.idf.columns.iter().all(|&b| b < BUCKETS)
                    || grams.idf.columns.len() != grams.idf.weights.len()
                {
                    return false;
                }
                vocabulary + BUCKETS
            }
            None => vocabulary,
        };
        self.classes.len() == self.weights.len()
            && self.classes.len() == self.intercepts.len()
            && self.classes.windows(2).all(|w| w[0] < w[1])
            && self.classes.iter().all(|&c| c < n_classes)
            && self.intercepts.iter().all(|b| b.is_finite())
            && self.weights.iter().all(|w| w.fits(len))
            && self.bayes.as_ref().is_none_or(|b| {
                b.weights.len() == self.classes.len()
                    && b.unseen.len() == self.classes.len()
                    && b.unseen.iter().all(|u| u.is_finite())
                    && b.temperature.is_finite()
                    && b.temperature > 0.0
                    && (0.0..=1.0).contains(&b.weight)
                    && b.columns.windows(2).all(|p| p[0] < p[1])
                    && b.columns.iter().all(|&c| c < len)
                    && b.weights
                        .iter()
                        .all(|w| w.len() == b.columns.len() && w.iter().all(|x| x.is_finite()))
            })
    }
}

impl Prototype {
    /// Whether its columns ascend below `len` and its weights are finite.
    fn fits(&self, len: u32) -> bool {
        self.columns.len() == self.weights.len()
            && self.columns.windows(2).all(|p| p[0] < p[1])
            && self.columns.iter().all(|&c| c < len)
            && self.weights.iter().all(|x| x.is_finite())
    }
}

/// What [`Supervised::parts`] gives.
#[derive(Debug, Clone)]
pub(crate) struct Parts {
    /// The logistic regression's probabilities, over classes 0..`n_classes`.
    pub(crate) logistic: Vec<f32>,
    /// Naive Bayes' classes and their scores, when the model has it.
    bayes: Option<(Vec<usize>, Vec<f32>)>,
    n_classes: usize,
}

impl Parts {
    /// The parts of a fold with no classifier: nothing.
    pub(crate) fn nothing(n_classes: usize) -> Parts {
        Parts {
            logistic: vec![0.0; n_classes],
            bayes: None,
            n_classes,
        }
    }

    /// The classifier's probabilities with naive Bayes at `weight` and `temperature`.
    pub(crate) fn mix(&self, weight: f32, temperature: f32) -> Vec<f32> {
        match &self.bayes {
            Some((classes, scores)) if weight > 0.0 => {
                let bayes = spread(classes, &softmax(scores, temperature), self.n_classes);
                self.logistic
                    .iter()
                    .zip(bayes)
                    .map(|(l, b)| (1.0 - weight) * l + weight * b)
                    .collect()
            }
            _ => self.logistic.clone(),
        }
    }
}

/// Probabilities over `classes` put at their places among 0..`n_classes` (absent ones 0).
fn spread(classes: &[usize], p: &[f32], n_classes: usize) -> Vec<f32> {
    let mut out = vec![0.0; n_classes];
    for (&class, &p) in classes.iter().zip(p) {
        if class < n_classes {
            out[class] = p;
        }
    }
    out
}

/// `Σⱼ w_j·x_j` with `w_j = unseen` for the columns of `x` that `columns` lacks.
fn sparse_dot_or(columns: &[u32], weights: &[f32], x: &[(u32, f32)], unseen: f32) -> f32 {
    x.iter()
        .map(|&(c, v)| match columns.binary_search(&c) {
            Ok(at) => weights[at] * v,
            Err(_) => unseen * v,
        })
        .sum()
}

/// The dot product of two sparse vectors with ascending columns.
fn sparse_dot(columns: &[u32], weights: &[f32], x: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < columns.len() && j < x.len() {
        match columns[i].cmp(&x[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weights[i] * x[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_learns_which_words_tell_classes_apart_and_gives_probabilities() {
        // Columns 0–1 speak for class 2, 2–3 for class 0 ("none"); 4 is in every text.
        let rows: Vec<Sparse> = vec![
            vec![(0, 0.8), (1, 0.5), (4, 0.3)],
            vec![(0, 0.6), (4, 0.8)],
            vec![(1, 0.9), (4, 0.4)],
            vec![(2, 0.7), (4, 0.7)],
            vec![(3, 0.9), (4, 0.4)],
            vec![(2, 0.5), (3, 0.5), (4, 0.7)],
        ];
        let classes = [2, 2, 2, 0, 0, 0];
        let texts = [""; 6];
        let model = Supervised::fit(&rows, &texts, &classes, 0.1, false, 5).expect("two classes");
        assert_eq!(model.classes, [0, 2]);
        assert!(model.fits(3, 5));
        let p = model.probabilities(vec![(0, 1.0)], "", 5, 3);
        assert_eq!(p.len(), 3);
        assert_eq!(p[1], 0.0, "a class no label held");
        assert!(p[2] > 0.8 && (p[0] + p[2] - 1.0).abs() < 1e-5, "{p:?}");
        let p = model.probabilities(vec![(3, 1.0)], "", 5, 3);
        assert!(p[0] > 0.8, "{p:?}");
        // The same labels give the same weights.
        assert_eq!(
            Supervised::fit(&rows, &texts, &classes, 0.1, false, 5),
            Some(model)
        );
        assert_eq!(
            Supervised::fit(&rows, &texts, &[2; 6], 0.1, false, 5),
            None,
            "one class"
        );
    }

    #[test]
    fn character_ngrams_carry_word_parts_to_words_never_labelled() {
        let texts = [
            "Fodboldholdet vandt kampen",
            "Målmanden reddede straffesparket",
            "Regnvejret fortsætter i morgen",
            "Stormvejret væltede træerne",
        ];
        let empty: Vec<Sparse> = vec![Vec::new(); 4];
        let model =
            Supervised::fit(&empty, &texts, &[1, 1, 2, 2], 0.01, true, 0).expect("two classes");
        assert!(model.fits(3, 0));
        let p = model.probabilities(Vec::new(), "Fodbolden", 0, 3);
        assert!(p[1] > p[2], "{p:?}");
        let p = model.probabilities(Vec::new(), "Vejret", 0, 3);
        assert!(p[2] > p[1], "{p:?}");
        let row = model
            .char_ngrams
            .as_ref()
            .unwrap()
            .row("Vejret i morgen", 7);
        assert!(row.windows(2).all(|w| w[0].0 < w[1].0) && row.iter().all(|&(c, _)| c >= 7));
        let norm: f32 = row.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    #[test]
    fn sparse_dots_meet_on_shared_columns_only() {
        assert_eq!(
            sparse_dot(
                &[1, 3, 5],
                &[1.0, 2.0, 3.0],
                &[(0, 9.0), (3, 0.5), (5, 2.0)]
            ),
            7.0
        );
        assert_eq!(sparse_dot(&[], &[], &[(0, 1.0)]), 0.0);
    }
}
