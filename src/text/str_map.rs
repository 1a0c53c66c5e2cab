//! A map from strings to values that keeps all its keys in one buffer.
//!
//! The repairer's caches hold thousands of short words each. As `HashMap<String, V>`, every
//! key was an allocation of its own when it was put in and a free when the cache was dropped:
//! together about a tenth of a fresh repair, the free of every key coming at its end, after the
//! work both threads shared.

use std::hash::{BuildHasher, BuildHasherDefault};

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHasher;

/// Where a string is in a [`TextBuffer`]: its first byte and its length.
pub(crate) type Span = (u32, u32);

/// Strings appended to one buffer, each found again by its [`Span`]. The buffer holds at most
/// 4 GiB, far more than the distinct words of any text it is used for (`tema` reads issues of
/// at most 64 MiB, and a warm repairer starts afresh well before its buffers grow large).
#[derive(Default)]
pub(crate) struct TextBuffer {
    text: String,
}

impl TextBuffer {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        TextBuffer {
            text: String::with_capacity(bytes),
        }
    }

    /// Appends `piece`; returns where it is.
    pub(crate) fn push(&mut self, piece: &str) -> Span {
        let start = u32::try_from(self.text.len()).expect("a text buffer under 4 GiB");
        self.text.push_str(piece);
        (start, piece.len() as u32)
    }

    #[inline]
    pub(crate) fn get(&self, (start, len): Span) -> &str {
        &self.text[start as usize..(start + len) as usize]
    }

    /// Whether the string at `span` is `key`: compared as bytes, lengths first, since every
    /// span was a whole `&str` when pushed.
    #[inline]
    fn holds(&self, (start, len): Span, key: &str) -> bool {
        len as usize == key.len()
            && self.text.as_bytes()[start as usize..(start + len) as usize] == *key.as_bytes()
    }

    pub(crate) fn reserve(&mut self, bytes: usize) {
        self.text.reserve(bytes);
    }

    pub(crate) fn clear(&mut self) {
        self.text.clear();
    }
}

/// A map from `&str` keys to `V`, the keys copied into one [`TextBuffer`]: asked with a
/// `&str`, given a `&str` to keep, it never allocates a key of its own.
pub(crate) struct StrMap<V> {
    /// Each entry: where its key is in `keys`, and its value.
    table: HashTable<(Span, V)>,
    keys: TextBuffer,
}

// Not derived: that would ask `V: Default`.
impl<V> Default for StrMap<V> {
    fn default() -> Self {
        StrMap {
            table: HashTable::new(),
            keys: TextBuffer::default(),
        }
    }
}

#[inline]
fn hash(key: &str) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(key)
}

impl<V> StrMap<V> {
    /// Room for `entries` keys of `key_bytes` bytes in all before either grows.
    pub(crate) fn with_capacity(entries: usize, key_bytes: usize) -> Self {
        StrMap {
            table: HashTable::with_capacity(entries),
            keys: TextBuffer::with_capacity(key_bytes),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Room for `additional` more entries (and about eight bytes of key each).
    pub(crate) fn reserve(&mut self, additional: usize) {
        let keys = &self.keys;
        self.table
            .reserve(additional, |&(span, _)| hash(keys.get(span)));
        self.keys.reserve(additional * 8);
    }

    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        let keys = &self.keys;
        self.table
            .find(hash(key), |&(span, _)| keys.holds(span, key))
            .map(|(_, value)| value)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The value under `key`, `value` put there first if the key has none, and where the key
    /// is in the map's buffer.
    pub(crate) fn get_or_insert(&mut self, key: &str, value: V) -> (Span, &mut V) {
        let keys = &mut self.keys;
        let entry = self.table.entry(
            hash(key),
            |&(span, _)| keys.holds(span, key),
            |&(span, _)| hash(keys.get(span)),
        );
        let entry = match entry {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert((keys.push(key), value)).into_mut(),
        };
        (entry.0, &mut entry.1)
    }

    /// Puts `value` under `key` unless the key has a value already.
    pub(crate) fn insert(&mut self, key: &str, value: V) {
        self.get_or_insert(key, value);
    }

    /// Drops every entry, keeping the room they took.
    pub(crate) fn clear(&mut self) {
        self.table.clear();
        self.keys.clear();
    }

    /// Every key and value, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.table
            .iter()
            .map(|(span, value)| (self.keys.get(*span), value))
    }

    /// Adds the entries of `other` whose keys this map lacks.
    pub(crate) fn extend(&mut self, other: StrMap<V>) {
        self.reserve(other.len());
        let StrMap { table, keys } = other;
        for (span, value) in table {
            self.insert(keys.get(span), value);
        }
    }
}

/// Strings numbered in the order they are first met, kept in one buffer.
#[derive(Default)]
pub(crate) struct Interner {
    ids: StrMap<u32>,
    /// Where each string's key is in `ids`' buffer, by number.
    spans: Vec<Span>,
}

impl Interner {
    /// Room for `entries` strings of `key_bytes` bytes in all.
    pub(crate) fn with_capacity(entries: usize, key_bytes: usize) -> Self {
        Interner {
            ids: StrMap::with_capacity(entries, key_bytes),
            spans: Vec::with_capacity(entries),
        }
    }

    /// The number of `key`, given the next one the first time it is met.
    pub(crate) fn intern(&mut self, key: &str) -> u32 {
        let next = self.spans.len() as u32;
        let (span, &mut id) = self.ids.get_or_insert(key, next);
        if id == next {
            self.spans.push(span);
        }
        id
    }

    /// The string numbered `id`.
    pub(crate) fn get(&self, id: u32) -> &str {
        self.ids.keys.get(self.spans[id as usize])
    }

    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(crate) fn clear(&mut self) {
        self.ids.clear();
        self.spans.clear();
    }

    /// The strings in the order they were first met.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&span| self.ids.keys.get(span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_kept_apart_and_keep_their_first_value() {
        let mut map = StrMap::with_capacity(1, 1);
        // More than the room made, so the table grows and rehashes from the buffer.
        let words: Vec<String> = (0..500).map(|i| format!("ord{i}")).collect();
        for (i, word) in words.iter().enumerate() {
            map.insert(word, i);
        }
        assert_eq!(map.len(), 500);
        for (i, word) in words.iter().enumerate() {
            assert_eq!(map.get(word), Some(&i));
        }
        assert_eq!(map.get("ord"), None);
        assert_eq!(map.get("ord1000"), None);
        // A key keeps its first value.
        map.insert("ord7", 70);
        assert_eq!(*map.get_or_insert("ord7", 700).1, 7);
        let (span, &mut value) = map.get_or_insert("nyt", 1);
        assert_eq!((map.keys.get(span), value), ("nyt", 1));
        assert_eq!(map.get("ord7"), Some(&7));
        // The empty key and non-ASCII keys are keys like any other.
        map.insert("", 0);
        map.insert("grønne", 2);
        assert_eq!(map.get(""), Some(&0));
        assert_eq!(map.get("grønne"), Some(&2));

        let mut other = StrMap::default();
        other.insert("grønne", 3);
        other.insert("løsning", 4);
        map.extend(other);
        assert_eq!(map.get("grønne"), Some(&2));
        assert_eq!(map.get("løsning"), Some(&4));
        assert_eq!(map.len(), 504);
        let mut listed: Vec<(&str, usize)> = map.iter().map(|(k, &v)| (k, v)).collect();
        listed.sort();
        assert_eq!(listed[0], ("", 0));
        assert_eq!(listed.len(), 504);
    }

    #[test]
    fn an_interner_numbers_strings_in_the_order_met() {
        let mut forms = Interner::default();
        assert_eq!(forms.intern("lgsning"), 0);
        assert_eq!(forms.intern("pa"), 1);
        assert_eq!(forms.intern("lgsning"), 0);
        assert_eq!(forms.intern("gronne"), 2);
        assert_eq!(forms.len(), 3);
        assert_eq!(forms.get(1), "pa");
        assert_eq!(
            forms.iter().collect::<Vec<_>>(),
            ["lgsning", "pa", "gronne"]
        );
        forms.clear();
        assert_eq!(forms.intern("gronne"), 0);
    }

    #[test]
    fn a_cleared_map_is_empty() {
        let mut map = StrMap::default();
        map.insert("på", 1);
        map.clear();
        assert!(map.is_empty());
        assert_eq!(map.get("på"), None);
        map.insert("på", 2);
        assert_eq!(map.get("på"), Some(&2));
        assert_eq!(map.iter().count(), 1);
    }
}
