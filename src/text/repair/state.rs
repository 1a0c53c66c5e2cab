//! The repairer and what it holds: the lexicon, its setting and its memo caches
//! ([`super::caches`]), with the one way a reading enters them ([`Repairer::fill`]).

use std::cell::RefCell;

use rustc_hash::{FxHashMap, FxHashSet};

use super::caches::{Part, Readings, RememberedToken};
use crate::text::channel::SearchBytes;
use crate::text::lexicon::Lexicon;
use crate::text::str_map::{Interner, Span, StrMap, TextBuffer};

/// Repairs words against a lexicon, remembering each word's answer.
///
/// Each word is read as a noisy channel: among the word itself and every form the confusions
/// reach, the one with the highest `count × P(damage)` wins, where the word itself has
/// `P = 1`. So "pa" becomes "på" (far more frequent, likely damage) while "for" stays "for"
/// ("før" is much rarer and `o` for `ø` uncommon). A word the lexicon lacks is also tried as a
/// genitive (-s) and as a compound of two known words.
pub struct Repairer<'a> {
    pub(super) lexicon: &'a Lexicon,
    /// Replace known words too (a damaged text); when false only unknown words are repaired,
    /// for text that looks clean but is repaired anyway.
    pub(super) known_words: bool,
    pub(super) cache: Readings,
    /// The readings the other thread of a split first pass found, asked after `cache` and put
    /// into it when the next text begins: merging them at once was a twentieth of a fresh
    /// repair, spent while the other core waited, and a run of one issue never needs them all.
    pub(super) spare: Readings,
    /// Readings this document's own variants agree on ([`learn_variants`]); cleared for every
    /// text, so that a batch run repairs each issue as it would alone.
    pub(super) learned: FxHashMap<String, String>,
    /// The forms of the text being repaired that the lexicon left as they were or repaired only
    /// from parts, each once, in the order met: what [`learn_variants`] compares.
    pub(super) unrepaired: Interner,
    /// The pieces of the first pass that hold such a form: where they start, how many pieces
    /// they used and where their repair went in the output.
    /// and which of those forms it holds (a range of `mark_forms`).
    pub(super) marks: Vec<(usize, usize, std::ops::Range<usize>, std::ops::Range<usize>)>,
    pub(super) mark_forms: Vec<u32>,
    /// Whether the piece being repaired holds such a form.
    pub(super) touched: bool,
    /// The learned readings' forms, as indices into `unrepaired`.
    pub(super) learned_forms: FxHashSet<u32>,
    /// [`skeleton_of`] each form met, kept across texts like the cache.
    pub(super) skeletons: StrMap<Option<String>>,
    /// [`Self::known_or_repaired`]'s answers for compound parts, shared rather than copied
    /// out: a compound asks for most of its beginnings and endings.
    pub(super) parts: RefCell<StrMap<Part>>,
    /// The byte buffers of a [`channel::search`], kept from one search to the next: a search runs
    /// for every new word and compound part, and its own allocations showed in profiles.
    pub(super) search_bytes: RefCell<SearchBytes>,
    pub(super) lower: String,
    /// Whether the word being repaired follows another in the same sentence.
    pub(super) inside_sentence: bool,
    /// That word, lower case (empty at a sentence's start).
    pub(super) previous: String,
    /// Whether the next word looks like a name (a capital, then lower case).
    pub(super) next_is_name: bool,
    /// The first pass's repair of each token met so far, kept across texts like the cache,
    /// apart from those whose reading depends on their neighbours ("Al", [`CONTEXT`]'s words):
    /// at the start of a sentence (0) and inside one (1), where a capital may be a name.
    pub(super) tokens: [StrMap<RememberedToken>; 2],
    /// The remembered tokens' repairs and unsettled forms, one buffer for all: as strings of
    /// their own they were a thousand allocations in a fresh repair, and as many frees.
    pub(super) remembered_text: TextBuffer,
    /// Where each remembered token's unsettled forms are in `remembered_text`.
    pub(super) remembered_forms: Vec<Span>,
}

impl<'a> Repairer<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Self {
        // An issue has a few thousand distinct words; growing the map costs more than this.
        Repairer::with_cache(lexicon, 4096)
    }

    pub(super) fn with_cache(lexicon: &'a Lexicon, capacity: usize) -> Self {
        Repairer {
            lexicon,
            known_words: true,
            cache: Readings::with_capacity(capacity),
            spare: Readings::default(),
            // A fresh repair asks for about half as many compound parts as it reads words.
            parts: RefCell::new(StrMap::with_capacity(capacity / 2, capacity * 4)),
            search_bytes: RefCell::default(),
            learned: FxHashMap::default(),
            // An issue leaves a few hundred forms unsettled; growing to them cost more than this.
            unrepaired: Interner::with_capacity(1024, 16 * 1024),
            marks: Vec::new(),
            mark_forms: Vec::new(),
            touched: false,
            learned_forms: Default::default(),
            skeletons: StrMap::with_capacity(1024, 16 * 1024),
            lower: String::new(),
            inside_sentence: false,
            previous: String::new(),
            next_is_name: false,
            tokens: Default::default(),
            remembered_text: TextBuffer::default(),
            remembered_forms: Vec::new(),
        }
    }

    /// How many words, compound parts and tokens the repairer remembers the readings of.
    pub(super) fn remembered(&self) -> usize {
        self.cache.readings.len()
            + self.spare.readings.len()
            + self.parts.borrow().len()
            + self.skeletons.len()
            + self.tokens.iter().map(StrMap::len).sum::<usize>()
    }

    /// A repairer for text that does not look damaged: it only replaces words the lexicon does
    /// not know, so real words ("for", "far", "made") are never turned into others.
    pub fn cautious(lexicon: &'a Lexicon) -> Self {
        Repairer {
            known_words: false,
            ..Repairer::new(lexicon)
        }
    }

    /// Where in `readings` `key`'s reading is, put there first if the cache lacks it: from
    /// the spare, or searched.
    pub(super) fn fill(&mut self, key: &str) -> usize {
        if let Some(&id) = self.cache.ids.get(key) {
            return id as usize;
        }
        let answer = match self.spare.get(key) {
            Some(reading) => reading.clone(),
            None => self.settled_reading(key),
        };
        self.cache.insert(key, answer)
    }
}
