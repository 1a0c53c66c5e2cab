//! The repairer's memory: readings by cache key, remembered tokens and compound parts. Every
//! answer kept here is a pure function of its key (and the lexicon), so a cache only saves
//! work and never changes a repair.

use std::sync::Arc;

use crate::text::str_map::{Span, StrMap};

/// A token's repair in a first pass ([`Repairer::tokens`]): `None` when it stays as written,
/// and the unsettled forms it holds, which each text it recurs in compares with its others.
pub(super) struct RememberedToken {
    /// Where its repair is in [`Repairer::remembered_text`].
    pub(super) repaired: Option<Span>,
    /// Where its forms' spans are in [`Repairer::remembered_forms`].
    pub(super) forms: std::ops::Range<u32>,
}

/// A cache key's reading ([`Repairer::settled_reading`]).
#[derive(Clone)]
pub(super) struct Reading {
    pub(super) word: Option<String>,
    /// The reading is a word the lexicon lists.
    pub(super) listed: bool,
    /// The lexicon leaves the form unsettled: neither listed nor repaired to a listed word.
    pub(super) unsettled: bool,
    /// The form itself is listed or a genitive or compound of listed words
    /// ([`is_known_or_listed`]): worked out for the reading, and asked again of the forms left
    /// unsettled when the document's variants are compared ([`skeleton_of`]).
    pub(super) known: bool,
}

/// Readings by cache key: the key's place in a list, so that a word met again costs one
/// lookup in the map, where the map of readings themselves took two (a test, then the read),
/// as the borrow checker will not hand out a reading and fill a missing one in one match.
#[derive(Default)]
pub(super) struct Readings {
    pub(super) ids: StrMap<u32>,
    pub(super) readings: Vec<Reading>,
}

impl Readings {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Readings {
            ids: StrMap::with_capacity(capacity, capacity * 10),
            readings: Vec::with_capacity(capacity),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.readings.is_empty()
    }

    pub(super) fn get(&self, key: &str) -> Option<&Reading> {
        let &id = self.ids.get(key)?;
        Some(&self.readings[id as usize])
    }

    /// Adds the reading of `key`, which has none yet; returns where it is.
    pub(super) fn insert(&mut self, key: &str, reading: Reading) -> usize {
        debug_assert!(!self.ids.contains_key(key), "{key} is read once");
        let id = self.readings.len();
        self.ids.insert(key, id as u32);
        self.readings.push(reading);
        id
    }

    /// Adds the readings of `other` this one lacks.
    pub(super) fn absorb(&mut self, other: Readings) {
        let Readings { ids, readings } = other;
        let mut keys: Vec<(&str, u32)> = ids.iter().map(|(key, &id)| (key, id)).collect();
        // Ids number the readings densely, so sorted keys line up with them.
        keys.sort_unstable_by_key(|&(_, id)| id);
        for ((key, _), reading) in keys.into_iter().zip(readings) {
            let id = self.readings.len() as u32;
            if *self.ids.get_or_insert(key, id).1 == id {
                self.readings.push(reading);
            }
        }
    }
}

/// A compound part's score and reading ([`Repairer::known_or_repaired`]); `None` when it is
/// neither a known word nor repaired to one.
pub(super) type PartReading = Option<(f64, Arc<str>)>;

/// What [`Repairer::part`] found for a compound part.
#[derive(Clone)]
pub(super) struct Part {
    pub(super) reading: PartReading,
    /// No word begins with any reading of the part ([`channel::Outcome`] not open): no longer
    /// part that begins with it is a word or repairs to one, so a compound's longer heads need no
    /// search.
    pub(super) dead_end: bool,
}
