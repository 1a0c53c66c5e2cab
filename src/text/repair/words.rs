//! Word candidates: the reading the noisy channel prefers for a word, from the lexicon's counts
//! and the confusions' weights. The search itself is a pure function of the lexicon and the
//! word ([`search_lexicon`]); the repairer's caches ([`super::caches`]) remember its answers.

use super::caches::Reading;
use super::damage::unmistakable_damage;
use super::state::Repairer;
use crate::text::channel;
use crate::text::compounds::split_in_two;
use crate::text::lexicon::Lexicon;

/// In text that looks clean, the least count (per billion words) of a word that replaces an
/// unknown one: rare forms are more likely names or unusual words that are right as written.
pub(super) const CAUTIOUS_MIN_COUNT: u64 = 1000;

/// The score of leaving a word that the lexicon knows only as a genitive or a compound of two
/// known words: below any listed word reached by likely damage.
pub(super) const KNOWN_FORM_SCORE: f64 = 0.01;

/// How much likelier a known word is as written when it has a capital inside a sentence: it is
/// then often a name, which the lower-case counts of the lexicon underrate.
pub(super) const NAME_WEIGHT: f64 = 10.0;

/// Whether the lexicon lists `word` or knows it as a genitive or a compound of known words.
pub(super) fn is_known_or_listed(word: &str, lexicon: &Lexicon) -> bool {
    lexicon.count(word) > 0 || is_known_form_in(word, lexicon)
}

/// Whether the lexicon knows `word` as a genitive or a compound of known words.
pub(super) fn is_known_form_in(word: &str, lexicon: &Lexicon) -> bool {
    word.strip_suffix('s')
        .is_some_and(|base| lexicon.count(base) > 0)
        || split_in_two(word, lexicon).is_some()
}

impl<'a> Repairer<'a> {
    /// [`Self::reading_of_key`] with what [`Self::repair_word`] asks of it each time it meets
    /// the key, worked out once: words recur, and each lexicon lookup is a cache miss.
    pub(super) fn settled_reading(&self, key: &str) -> Reading {
        let (word, known) = self.reading_of_key(key);
        let listed = word
            .as_deref()
            .is_some_and(|word| self.lexicon.count(word) > 0);
        // What the document's own variants agree on yields to a word the lexicon lists
        // ("værktøjer" for the variants "vaerktojer", "vaerktgjer"), not to a reading the repair
        // put together from parts ("stråkjær" for "Strakjaer", where "Strgkjeer" says
        // "Strøkjær").
        let unsettled = match word {
            Some(_) => !listed,
            None => self.lexicon.count(key) == 0,
        };
        Reading {
            word,
            listed,
            unsettled,
            known,
        }
    }

    /// The cached answer for a key of [`Self::repair_word`]: a lower-case form, or one marked
    /// with a leading `\u{1}` as a known word written like a name inside a sentence; and
    /// whether the key is a known form ([`Reading::known`]).
    pub(super) fn reading_of_key(&self, key: &str) -> (Option<String>, bool) {
        match key.strip_prefix('\u{1}') {
            Some(plain) => {
                let own = self.lexicon.count(plain) as f64 * NAME_WEIGHT;
                // A name-like key is made only for a listed word.
                (self.best_candidate(plain, own), true)
            }
            None => {
                let own = self.lexicon.count(key);
                let known = own > 0 || self.is_known_form(key);
                (self.best_reading(key, own, known), known)
            }
        }
    }

    /// The reading of `lower` the channel model prefers, if it is not `lower` itself; `own` is
    /// its count and `known` whether it is a known form ([`Reading::known`]).
    pub(super) fn best_reading(&self, lower: &str, own: u64, known: bool) -> Option<String> {
        if known {
            if !self.known_words {
                return None;
            }
            if own > 0 {
                return self.best_candidate(lower, own as f64);
            }
            // A form known only as a genitive or compound is weaker evidence than a listed word,
            // and its parts may be damaged words themselves: "markeds|foringen" is likelier
            // "markedsføringen", "kommunal|direktor" "kommunaldirektør".
            if let Some(word) = self.best_candidate(lower, KNOWN_FORM_SCORE) {
                return Some(word);
            }
            if let Some(base) = lower.strip_suffix('s') {
                let base_count = self.lexicon.count(base);
                if base_count > 0 {
                    return self
                        .best_candidate(base, base_count as f64)
                        .map(|word| word + "s");
                }
            }
            return self.best_compound_unless_inflected(lower);
        }
        if !self.known_words {
            // Text that looks clean: only a well-attested word replaces an unknown one.
            return self
                .best_candidate(lower, 0.0)
                .filter(|word| self.lexicon.count(word) >= CAUTIOUS_MIN_COUNT);
        }
        if let Some(word) = self.best_candidate(lower, 0.0) {
            return Some(word);
        }
        // Unknown forms: a genitive of a word the confusions reach, or a compound of two.
        if let Some(base) = lower.strip_suffix('s') {
            if let Some(word) = self.best_candidate(base, 0.0) {
                return Some(word + "s");
            }
        }
        self.best_compound_unless_inflected(lower)
            .or_else(|| unmistakable_damage(lower))
    }

    /// Whether the lexicon knows `word` as a genitive or a compound of known words.
    pub(super) fn is_known_form(&self, word: &str) -> bool {
        is_known_form_in(word, self.lexicon)
    }

    /// The most likely lexicon word the confusions reach from `lower`, if it beats `own` (the
    /// score of leaving the word as it is).
    pub(super) fn best_candidate(&self, lower: &str, own: f64) -> Option<String> {
        self.best_candidate_scored(lower, own).map(|(_, word)| word)
    }

    pub(super) fn best_candidate_scored(&self, lower: &str, own: f64) -> Option<(f64, String)> {
        self.search(lower, own).0
    }

    /// [`Self::best_candidate_scored`], and whether `lower` is a dead end: no word begins with
    /// any of its readings, so no word that begins with `lower` is a word or repairs to one.
    pub(super) fn search(&self, lower: &str, own: f64) -> (Option<(f64, String)>, bool) {
        self.search_with(lower, own, |score, word| (score, word.to_owned()))
    }

    /// [`Self::search`], the reading found handed to `keep` with its score: a compound part
    /// keeps it as an `Arc<str>`, made from the search's bytes without a `String` between.
    pub(super) fn search_with<R>(
        &self,
        lower: &str,
        own: f64,
        keep: impl FnOnce(f64, &str) -> R,
    ) -> (Option<R>, bool) {
        let table = self.lexicon.view();
        // A listed word that no reading beats at its own count (the table says so) is beaten at
        // no higher score either, and a listed word is never a dead end.
        if own > 0.0 {
            if let Some(count) = table.settled_count(lower.as_bytes()) {
                if own >= count as f64 {
                    return (None, false);
                }
            }
        }
        let mut bytes = self.search_bytes.borrow_mut();
        let outcome = channel::search(table, &mut bytes, lower.as_bytes(), own);
        let reading = outcome
            .score
            .map(|score| {
                let word =
                    std::str::from_utf8(&bytes.best).expect("confusions replace whole characters");
                (score, word)
            })
            .filter(|&(_, word)| word != lower)
            .map(|(score, word)| keep(score, word));
        (reading, !outcome.open)
    }
}
