//! Compounds in the repair: an unlisted word read as a known (or repaired) head, an optional
//! linking -s-/-e- and a repaired tail. What a part is comes from [`crate::text`]'s splitter
//! rules ([`super::super::compounds`]); the parts' readings are remembered ([`Part`]).

use std::sync::Arc;

use super::caches::{Part, PartReading};
use super::state::Repairer;
use crate::text::compounds::{is_listed_or_inflected, is_not_a_part, MIN_PART_CHARS};

/// A compound's head may be this short when the repair restored a Danish letter in it ("mål",
/// "år", "sø" are common heads).
pub(super) const MIN_REPAIRED_HEAD: usize = 3;

/// How common (per billion words) a short head must be when repaired, and a short last part as
/// written.
pub(super) const SHORT_HEAD_COUNT: u64 = 10_000;

/// A compound's last part may be this short after a linking -s-/-e- when it is a common word
/// as written ("lov", "ret", "år").
pub(super) const MIN_LINKED_TAIL: usize = 3;

/// Whether a would-be last part of a compound is an inflectional ending ("harmonis|eret").
pub(super) fn is_ending(tail: &str) -> bool {
    is_not_a_part(tail)
}

impl<'a> Repairer<'a> {
    /// [`Self::best_compound`], unless the word is an inflection of a listed word
    /// ("harmoniser|et"): then it is right as written.
    pub(super) fn best_compound_unless_inflected(&self, lower: &str) -> Option<String> {
        if is_listed_or_inflected(lower, self.lexicon) {
            return None;
        }
        self.best_compound(lower)
    }

    /// The best compound reading: a known (or repairable) head, an optional linking -s-/-e-,
    /// and a repaired tail; "direktivnzert" → "direktivnært".
    pub(super) fn best_compound(&self, lower: &str) -> Option<String> {
        let letters = lower.chars().count();
        let mut best: Option<(f64, String)> = None;
        // Split `k` cuts after `k` letters: the head has `k`, the tail the rest.
        let splits = (lower.char_indices().map(|(i, _)| i).enumerate())
            .take(letters.saturating_sub(MIN_LINKED_TAIL - 1))
            .skip(MIN_REPAIRED_HEAD);
        // The shortest head found to be a dead end ([`Part::dead_end`]): every longer head
        // begins with it, so none can be read as a word.
        let mut dead_end = usize::MAX;
        for (head_letters, at) in splits {
            let (head, tail) = lower.split_at(at);
            if is_ending(tail) {
                continue;
            }
            // A short last part counts only after a linking -s-/-e- and as a common word as
            // written ("arbejdsmarkeds|lov", not "arbejdsmarked|sløv").
            let short_tail_count = if letters - head_letters < MIN_PART_CHARS {
                let count = self.lexicon.count(tail);
                if count < SHORT_HEAD_COUNT {
                    continue;
                }
                Some(count)
            } else {
                None
            };
            let linked = head
                .strip_suffix(['s', 'e'])
                .map(|stem| (stem, &head[stem.len()..], head_letters - 1));
            let unlinked = short_tail_count
                .is_none()
                .then_some((head, "", head_letters));
            // The head as written and the head before a linking letter: two at most, kept on
            // the stack, as a compound is searched for each of its unlisted forms.
            let mut heads: [Option<(f64, Arc<str>, &str)>; 2] = [None, None];
            for (slot, (stem, link, letters)) in unlinked.into_iter().chain(linked).enumerate() {
                if letters < MIN_REPAIRED_HEAD {
                    continue;
                }
                if stem.len() >= dead_end {
                    continue;
                }
                let part = self.part(stem);
                // Stems at least as long as a dead end were skipped above.
                if part.dead_end {
                    dead_end = stem.len();
                }
                let Some((head_score, head_word)) = part.reading else {
                    continue;
                };
                // A short head counts only as a common Danish word the repair makes far likelier
                // than the head as written ("mal|billede" is "målbillede", but "gen|udbydes"
                // stays): short words as written split too much.
                if letters < MIN_PART_CHARS
                    && (&*head_word == stem
                        || !head_word.contains(['æ', 'ø', 'å'])
                        || self.lexicon.count(&head_word) < SHORT_HEAD_COUNT
                        || head_score < 10.0 * self.lexicon.count(stem) as f64)
                {
                    continue;
                }
                heads[slot] = Some((head_score, head_word, link));
            }
            // A compound scores as its weaker part: the tail is searched only when a head could
            // beat the best so far.
            let beats_best = |score: f64| best.as_ref().is_none_or(|(s, _)| score > *s);
            if !heads
                .iter()
                .flatten()
                .any(|&(score, _, _)| beats_best(score))
            {
                continue;
            }
            let tail_reading = match short_tail_count {
                Some(count) => Some((count as f64, Arc::from(tail))),
                None => self.known_or_repaired(tail),
            };
            let Some((tail_score, tail_word)) = tail_reading else {
                continue;
            };
            for (head_score, head_word, link) in heads.iter_mut().filter_map(Option::take) {
                let score = head_score.min(tail_score);
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, [&head_word, link, &tail_word].concat()));
                }
            }
        }
        best.map(|(_, word)| word).filter(|word| word != lower)
    }

    /// The likelier of a word as it stands (if known) and its best repair, with its score.
    pub(super) fn known_or_repaired(&self, word: &str) -> PartReading {
        self.part(word).reading
    }

    /// [`Self::known_or_repaired`], and whether the word is a dead end.
    pub(super) fn part(&self, word: &str) -> Part {
        // Remembered: compounds share their parts ("…sikkerhed", "…løsning").
        if let Some(known) = self.parts.borrow().get(word) {
            return known.clone();
        }
        let own = self.lexicon.count(word) as f64;
        let (found, dead_end) =
            self.search_with(word, own, |score, repaired| (score, Arc::from(repaired)));
        let reading = found.or_else(|| (own > 0.0).then(|| (own, Arc::from(word))));
        let part = Part { reading, dead_end };
        self.parts.borrow_mut().insert(word, part.clone());
        part
    }
}
