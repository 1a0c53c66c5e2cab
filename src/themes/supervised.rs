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
        let x = features(words, text, self.char_ngrams.as_ref(), offset);
        let logits: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.intercepts)
            .map(|(w, &b)| b + sparse_dot(&w.columns, &w.weights, &x))
            .collect();
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
        let sum: f32 = exp.iter().sum();
        let mut p = vec![0.0; n_classes];
        for (&class, e) in self.classes.iter().zip(exp) {
            if class < n_classes {
                p[class] = e / sum;
            }
        }
        p
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
            && self.weights.iter().all(|w| {
                w.columns.len() == w.weights.len()
                    && w.columns.windows(2).all(|p| p[0] < p[1])
                    && w.columns.iter().all(|&c| c < len)
                    && w.weights.iter().all(|x| x.is_finite())
            })
    }
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
