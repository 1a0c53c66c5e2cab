//! ROUGE-1, ROUGE-2 and ROUGE-L for Danish.
//!
//! Both texts are cut by the analyser [`ALL_WORDS`] (NFC, lower case, æ/ø/å kept, no token
//! dropped) and every token is reduced to its Snowball Danish stem, so "kommunerne" in a summary matches "kommuner" in the
//! reference. Stop words stay in, as in the original ROUGE, and numbers count as words.
//!
//! For n-grams, with `count_c(g)` and `count_r(g)` the number of times n-gram `g` occurs in the
//! candidate and the reference:
//!
//! ```text
//! overlap   = Σ_g min(count_c(g), count_r(g))
//! precision = overlap / (number of candidate n-grams)
//! recall    = overlap / (number of reference n-grams)
//! F1        = 2·P·R / (P + R)            (0 when P + R = 0)
//! ```
//!
//! ROUGE-L replaces the overlap by the length of the longest common subsequence of the two
//! token sequences, with precision over the candidate's tokens and recall over the
//! reference's (the "rougeL" of Google's `rouge-score`, not the per-sentence "rougeLsum").

use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::text::{DanishStemmer, ALL_WORDS};

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_overlap(overlap: usize, candidate: usize, reference: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(overlap, candidate);
        let recall = ratio(overlap, reference);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RougeScores {
    pub rouge1: Prf,
    pub rouge2: Prf,
    #[serde(rename = "rougeL")]
    pub rouge_l: Prf,
}

impl RougeScores {
    /// The mean of each score over many documents (macro average); zeros for none.
    pub fn mean<'a>(scores: impl IntoIterator<Item = &'a RougeScores>) -> RougeScores {
        let mut sum = [[0.0; 3]; 3];
        let mut n = 0usize;
        for s in scores {
            n += 1;
            for (row, prf) in sum.iter_mut().zip([s.rouge1, s.rouge2, s.rouge_l]) {
                row[0] += prf.precision;
                row[1] += prf.recall;
                row[2] += prf.f1;
            }
        }
        let avg = |row: [f64; 3]| {
            let d = n.max(1) as f64;
            Prf {
                precision: row[0] / d,
                recall: row[1] / d,
                f1: row[2] / d,
            }
        };
        RougeScores {
            rouge1: avg(sum[0]),
            rouge2: avg(sum[1]),
            rouge_l: avg(sum[2]),
        }
    }
}

/// Scores summaries against references, with a stemmer whose cache lives across documents.
///
/// ```
/// let mut rouge = tema::summaries::Rouge::default();
/// let s = rouge.score("Kommunerne samarbejder om sikkerhed.", "Kommunen samarbejder om sikkerheden.");
/// assert_eq!(s.rouge1.f1, 1.0); // the stems match
/// assert!(s.rouge2.f1 > 0.99);
/// ```
#[derive(Default)]
pub struct Rouge {
    stemmer: DanishStemmer,
}

impl Rouge {
    /// The stems of a text, in order: what ROUGE compares.
    pub fn stems(&mut self, text: &str) -> Vec<String> {
        // NFC first: a decomposed "å" (a + combining ring) would otherwise cut the word.
        let composed: std::borrow::Cow<'_, str> =
            match unicode_normalization::is_nfc_quick(text.chars()) {
                unicode_normalization::IsNormalized::Yes => text.into(),
                _ => text.nfc().collect::<String>().into(),
            };
        ALL_WORDS.stems(&composed, &mut self.stemmer)
    }

    /// ROUGE-1/2/L of `candidate` against `reference`.
    pub fn score(&mut self, candidate: &str, reference: &str) -> RougeScores {
        let c = self.stems(candidate);
        let r = self.stems(reference);
        score_stems(&c, &r)
    }
}

/// ROUGE-1/2/L of two stem sequences.
pub fn score_stems(candidate: &[String], reference: &[String]) -> RougeScores {
    RougeScores {
        rouge1: ngram_prf(candidate, reference, 1),
        rouge2: ngram_prf(candidate, reference, 2),
        rouge_l: Prf::from_overlap(
            lcs_len(candidate, reference),
            candidate.len(),
            reference.len(),
        ),
    }
}

fn ngram_prf(candidate: &[String], reference: &[String], n: usize) -> Prf {
    let (c, r) = (grams(candidate, n), grams(reference, n));
    let overlap = c
        .iter()
        .map(|(gram, &count)| count.min(r.get(gram).copied().unwrap_or(0)))
        .sum();
    let total = |len: usize| (len + 1).saturating_sub(n);
    Prf::from_overlap(overlap, total(candidate.len()), total(reference.len()))
}

fn grams(tokens: &[String], n: usize) -> FxHashMap<&[String], usize> {
    let mut counts: FxHashMap<&[String], usize> = FxHashMap::default();
    for gram in tokens.windows(n) {
        *counts.entry(gram).or_default() += 1;
    }
    counts
}

/// Length of the longest common subsequence, in O(len_a · len_b) time and O(len_b) memory.
fn lcs_len(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn hand_computed_example() {
        // candidate: a b c d e (5 tokens), reference: a b x d (4 tokens).
        // ROUGE-1: overlap {a, b, d} = 3 → P 3/5, R 3/4, F1 = 2·0.6·0.75/1.35 = 2/3.
        // ROUGE-2: candidate bigrams ab bc cd de, reference ab bx xd → overlap {ab} = 1
        //          → P 1/4, R 1/3, F1 = 2·(1/12)/(7/12) = 2/7.
        // ROUGE-L: LCS a b d = 3 → the same as ROUGE-1 here: 2/3.
        let s = score_stems(&words("a b c d e"), &words("a b x d"));
        assert!(close(s.rouge1.precision, 0.6));
        assert!(close(s.rouge1.recall, 0.75));
        assert!(close(s.rouge1.f1, 2.0 / 3.0));
        assert!(close(s.rouge2.f1, 2.0 / 7.0));
        assert!(close(s.rouge_l.f1, 2.0 / 3.0));
    }

    #[test]
    fn table_of_cases() {
        // (candidate, reference, rouge1 F1, rouge2 F1, rougeL F1)
        let cases: &[(&str, &str, f64, f64, f64)] = &[
            ("a b c", "a b c", 1.0, 1.0, 1.0),
            ("a b c", "x y z", 0.0, 0.0, 0.0),
            ("", "a b", 0.0, 0.0, 0.0),
            ("a b", "", 0.0, 0.0, 0.0),
            // Clipped counts: "a a a" against "a" overlaps once. P 1/3, R 1 → F1 1/2.
            ("a a a", "a", 0.5, 0.0, 0.5),
            // Order matters only for ROUGE-2 and ROUGE-L: c b a vs a b c → LCS 1.
            ("c b a", "a b c", 1.0, 0.0, 1.0 / 3.0),
        ];
        for &(c, r, r1, r2, rl) in cases {
            let s = score_stems(&words(c), &words(r));
            assert!(close(s.rouge1.f1, r1), "{c:?} vs {r:?}: {s:?}");
            assert!(close(s.rouge2.f1, r2), "{c:?} vs {r:?}: {s:?}");
            assert!(close(s.rouge_l.f1, rl), "{c:?} vs {r:?}: {s:?}");
        }
    }

    #[test]
    fn danish_text_is_lowercased_stemmed_and_keeps_its_letters() {
        let mut rouge = Rouge::default();
        // Case and inflection do not matter; æ/ø/å are not folded, so "losning" ≠ "løsning".
        let s = rouge.score("KOMMUNERNE Løsningerne", "kommuner løsning");
        assert_eq!(s.rouge1.f1, 1.0);
        let s = rouge.score("losningerne", "løsning");
        assert_eq!(s.rouge1.f1, 0.0);
        // Decomposed "å" (a + ring) equals the composed one after NFC.
        let s = rouge.score("pa\u{030A} vej", "på vej");
        assert_eq!(s.rouge1.f1, 1.0);
    }

    #[test]
    fn mean_is_the_average_of_each_score() {
        let a = score_stems(&words("a b"), &words("a b"));
        let b = score_stems(&words("a"), &words("x"));
        let m = RougeScores::mean([&a, &b]);
        assert!(close(m.rouge1.f1, 0.5));
        assert!(close(m.rouge_l.recall, 0.5));
        assert_eq!(RougeScores::mean([]).rouge1.f1, 0.0);
    }
}
