//! Byte offsets in a repaired text, taken back to the text as it was given.
//!
//! The repair changes only the letters of damaged words and keeps every word in its place, so
//! the words of the two texts pair one to one; only their lengths differ ("pa" is one byte
//! shorter than "på"). A span found in the repaired text (a summary's sentence) must still
//! point at the same passage of the file the user holds.

use super::whitespace::words_and_spaces;

/// A word the repair changed: where it lies in the repaired text and in the original, and how
/// many of its bytes at either end the repair left alone (punctuation, unchanged letters).
#[derive(Debug, Clone, Copy)]
struct Changed {
    repaired: (usize, usize),
    original: (usize, usize),
    same_start: usize,
    same_end: usize,
}

/// Maps byte offsets of a repaired text to the text it was repaired from.
///
/// ```
/// use tema::text::RepairOffsets;
/// let original = "Den gronne lgsning pa vej.";
/// let repaired = "Den grønne løsning på vej.";
/// let offsets = RepairOffsets::new(original, repaired).expect("a repair keeps every word");
/// let span = (repaired.find("løsning").unwrap(), repaired.len());
/// let (start, end) = offsets.original_span(span);
/// assert_eq!(&original[start..end], "lgsning pa vej.");
/// ```
#[derive(Debug, Clone, Default)]
pub struct RepairOffsets {
    /// In text order; only words whose bytes differ, so an undamaged text costs nothing.
    changed: Vec<Changed>,
}

impl RepairOffsets {
    /// Pairs the words of `original` and `repaired`; `None` when the two do not have the same
    /// number of words with the same spaces between them, so `repaired` is not a repair of
    /// `original`.
    pub fn new(original: &str, repaired: &str) -> Option<RepairOffsets> {
        let (old, new) = (words_and_spaces(original), words_and_spaces(repaired));
        if old.len() != new.len() {
            return None;
        }
        let mut changed = Vec::new();
        let (mut at_old, mut at_new) = (0usize, 0usize);
        for ((old_word, old_space), (new_word, new_space)) in old.iter().zip(&new) {
            if old_space != new_space {
                return None;
            }
            if old_word != new_word {
                let same_start = common_prefix(new_word, old_word);
                changed.push(Changed {
                    repaired: (at_new, at_new + new_word.len()),
                    original: (at_old, at_old + old_word.len()),
                    same_start,
                    // The two runs may not overlap: in "aa" for "å" the shared "a" is counted
                    // once.
                    same_end: common_suffix(new_word, old_word)
                        .min(new_word.len().min(old_word.len()) - same_start),
                });
            }
            at_old += old_word.len() + old_space.len();
            at_new += new_word.len() + new_space.len();
        }
        Some(RepairOffsets { changed })
    }

    /// The offset in the original text of byte `offset` of the repaired one. An offset inside
    /// a changed word keeps its place among the word's unchanged characters at either end (the
    /// full stop after "på" stays after "pa"); among the changed letters it goes to the word's
    /// nearer end.
    pub fn original_offset(&self, offset: usize) -> usize {
        let at = self.changed.partition_point(|c| c.repaired.0 <= offset);
        let Some(word) = at.checked_sub(1).map(|i| self.changed[i]) else {
            return offset;
        };
        let (new_start, new_end) = word.repaired;
        let (old_start, old_end) = word.original;
        if offset >= new_end {
            return old_end + (offset - new_end);
        }
        let (into, from_end) = (offset - new_start, new_end - offset);
        if into <= word.same_start {
            old_start + into
        } else if from_end <= word.same_end {
            old_end - from_end
        } else if into <= from_end {
            old_start
        } else {
            old_end
        }
    }

    /// [`original_offset`](Self::original_offset) of both ends of a `[start, end)` span.
    pub fn original_span(&self, span: (usize, usize)) -> (usize, usize) {
        (self.original_offset(span.0), self.original_offset(span.1))
    }
}

/// Bytes of the longest run of whole characters both words open with.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|&((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// Bytes of the longest run of whole characters both words end with.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_text_maps_to_itself() {
        let text = "Kommunerne samarbejder.  De deler løsninger.";
        let offsets = RepairOffsets::new(text, text).expect("same text");
        for offset in [0, 10, 25, text.len()] {
            assert_eq!(offsets.original_offset(offset), offset);
        }
    }

    #[test]
    fn offsets_keep_their_place_among_a_changed_words_unchanged_characters() {
        let original = "sagde “pa.”Nu gar det";
        let repaired = "sagde “på.”Nu går det";
        let offsets = RepairOffsets::new(original, repaired).expect("same words");
        let after = |text: &str, part: &str| text.find(part).expect("part") + part.len();
        // After the opening quote, after the full stop, after the closing quote.
        for part in ["“", "på.", "på.”"] {
            let expected = after(original, &part.replace('å', "a"));
            assert_eq!(
                offsets.original_offset(after(repaired, part)),
                expected,
                "{part}"
            );
        }
        // Past the changed words, shifted by what they lost.
        assert_eq!(offsets.original_offset(repaired.len()), original.len());
        assert_eq!(
            offsets.original_offset(repaired.find("det").expect("det")),
            original.find("det").expect("det")
        );
        // Next to a changed letter, on either side of it: "g|år" is "g|ar", "gå|r" is "ga|r".
        let word = (
            repaired.find("går").expect("går"),
            original.find("gar").expect("gar"),
        );
        assert_eq!(offsets.original_offset(word.0 + 1), word.1 + 1);
        assert_eq!(offsets.original_offset(word.0 + 3), word.1 + 2);
    }

    #[test]
    fn a_text_with_other_words_or_spaces_is_not_a_repair() {
        assert!(RepairOffsets::new("to ord", "tre ord her").is_none());
        assert!(RepairOffsets::new("to ord", "to\nord").is_none());
    }

    #[test]
    fn every_sentence_of_a_repaired_issue_points_at_the_same_words_of_the_original() {
        let original = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/kita-2024-autumn.txt"
        ))
        .expect("seed issue");
        let repaired =
            crate::text::Repairer::new(crate::text::default_lexicon()).repair_text(&original);
        let offsets = RepairOffsets::new(&original, &repaired).expect("a repair keeps every word");
        let sentences = crate::text::sentences(&repaired);
        assert!(sentences.len() > 500, "{}", sentences.len());
        // Each word of either text, found by where it starts: the i-th words pair up.
        let starts = |text: &str| -> Vec<(usize, String)> {
            let mut words = Vec::new();
            let mut at = 0;
            for word in text.split_whitespace() {
                at += text[at..].find(word).expect("the word is there");
                words.push((at, word.to_owned()));
                at += word.len();
            }
            words
        };
        let (words_was, words_now) = (starts(&original), starts(&repaired));
        assert_eq!(words_was.len(), words_now.len());
        let word_at = |offset: usize| words_now.partition_point(|(start, _)| *start <= offset) - 1;
        let mut moved = 0;
        for sentence in &sentences {
            let text = sentence.text(&repaired);
            let opens = text.as_ptr() as usize - repaired.as_ptr() as usize;
            let span = (opens, opens + text.len());
            let (start, end) = offsets.original_span(span);
            moved += usize::from(start != span.0);
            let was: Vec<&str> = original[start..end].split_whitespace().collect();
            let (first, last) = (word_at(span.0), word_at(span.1 - 1));
            let expected: Vec<&str> = words_was[first..=last]
                .iter()
                .map(|(_, w)| w.as_str())
                .collect();
            assert_eq!(was.len(), expected.len(), "{was:?} / {expected:?}");
            // The span may open or close inside a word (after a closing quote), never elsewhere.
            let n = was.len();
            assert!(expected[0].ends_with(was[0]), "{was:?} / {expected:?}");
            assert!(
                expected[n - 1].starts_with(was[n - 1]),
                "{was:?} / {expected:?}"
            );
            if n > 2 {
                assert_eq!(was[1..n - 1], expected[1..n - 1]);
            }
        }
        // The damage moves most sentences: the check above is not of an identity.
        assert!(
            2 * moved > sentences.len(),
            "{moved} of {}",
            sentences.len()
        );
    }
}
