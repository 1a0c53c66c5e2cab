// The lexicon's in-memory form, shared by `build.rs` (as a module of its own, so no `crate::`
// paths here) and by the library.
//
// Parsing the 249k-line TSV into a hash map took over 100 ms, far more than repairing an issue.
// So the build script lays the lexicon out once as one flat byte table, the binary embeds it,
// and a lookup reads it in place: loading costs nothing. Lexicons made at run time (tests, other
// files) are laid out the same way.
//
// Layout, all integers little-endian u32:
//
// * header: `MAGIC`, `FORMAT_VERSION`, word count, slot bits, prefix bits, largest count;
// * `1 << slot_bits` slots of two u32s: `offset << 8 | length` of the word in the word bytes,
//   and its count, 0 for an empty slot (open addressing, linear probing, about half full). The
//   count's top bit ([`SETTLED`]) marks a word no other reading beats;
// * a blocked Bloom filter of `1 << prefix_bits` bits (as bytes) holding every beginning of
//   every word ("l", "lø", "løs", ...): a repair stops following a reading as soon as no word
//   begins that way. A false positive only makes a repair look further, never changes it;
// * the words' UTF-8 bytes.

/// Starts every lexicon table.
pub const TABLE_MAGIC: u32 = u32::from_le_bytes(*b"TLEX");
/// Bumped whenever the layout or the hash changes.
pub const TABLE_FORMAT_VERSION: u32 = 2;
/// Header length in bytes.
pub const TABLE_HEADER: usize = 6 * 4;
/// Bits of the beginnings filter: 16.7 million bits (2 MB) for the shipped lexicon's 544k
/// beginnings, two probes each: under 0.5% false positives.
pub const PREFIX_BITS: u32 = 24;

/// The top bit of a slot's count: no reading the confusions reach from the word scores above
/// its count ([`search`] finds nothing). Worked out once when the table is laid out, because a
/// damaged issue's repair asks it of every listed word it meets: in a fresh repair of the 2024
/// seed, 2,725 such searches, 97% of them finding nothing, took a seventh of the time.
pub const SETTLED: u32 = 1 << 31;

/// The largest count a table holds; larger ones are capped.
pub const MAX_COUNT: u32 = SETTLED - 1;

/// FxHash over the word's bytes, eight at a time: fast on short keys and stable across builds,
/// which the embedded table needs (std's hashers are not guaranteed to be).
#[inline]
pub fn table_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut hash: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        hash = (hash ^ word).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        hash = (hash ^ u64::from_le_bytes(last)).wrapping_mul(K);
    }
    // The length keeps "ab" and "ab\0" apart; the final mix spreads the high bits we index by.
    hash = (hash ^ bytes.len() as u64).wrapping_mul(K);
    hash ^ (hash >> 32)
}

/// The slot a hash starts probing at.
#[inline]
pub fn table_slot(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// The hash of the empty beginning; [`prefix_step`] extends it a byte at a time, so a search
/// that grows a word letter by letter keeps its beginning's hash up to date for free.
pub const PREFIX_SEED: u64 = 0x243f_6a88_85a3_08d3;

/// The hash of a beginning one byte longer.
#[inline]
pub fn prefix_step(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x5851_f42d_4c95_7f2d)
}

/// The two filter bits of a beginning's hash: a blocked Bloom filter, both probes in one
/// 64-byte block picked by the high bits, so a test costs one cache miss, not two.
#[inline]
pub fn prefix_bits(hash: u64, bits: u32) -> [usize; 2] {
    let mixed = hash ^ (hash >> 29);
    let block = ((mixed >> (64 - (bits - 9))) as usize) << 9;
    [
        block | (mixed & 511) as usize,
        block | ((mixed >> 9) & 511) as usize,
    ]
}

/// Clears [`SETTLED`] on every word, so that a repair searches them all again; returns how
/// many were set.
#[cfg(test)]
pub fn clear_settled(table: &mut [u8]) -> usize {
    let layout = TableLayout::read(table).expect("a laid-out table");
    let mut cleared = 0;
    for at in (0..1usize << layout.slot_bits).map(|slot| TABLE_HEADER + slot * 8 + 4) {
        let count = read_u32(table, at).expect("the slot is in the table");
        if count & SETTLED != 0 {
            table[at..at + 4].copy_from_slice(&(count & MAX_COUNT).to_le_bytes());
            cleared += 1;
        }
    }
    cleared
}

/// Where the parts of a lexicon table are, read from its header.
#[derive(Clone, Copy, Debug)]
pub struct TableLayout {
    /// How many words the table holds.
    pub len: usize,
    /// The table has `1 << slot_bits` slots.
    pub slot_bits: u32,
    prefix_bits: u32,
    /// Where the beginnings filter and the word bytes start.
    prefixes_at: usize,
    words_at: usize,
    /// The largest count, bounding what any reading can score.
    pub max_count: u64,
}

impl TableLayout {
    /// Reads a table's header; `None` when it is not a table of this version.
    pub fn read(table: &[u8]) -> Option<TableLayout> {
        let header = |i: usize| read_u32(table.get(..TABLE_HEADER)?, i * 4);
        if header(0)? != TABLE_MAGIC || header(1)? != TABLE_FORMAT_VERSION {
            return None;
        }
        let (len, slot_bits, prefix_bits) = (header(2)?, header(3)?, header(4)?);
        let max_count = header(5)?;
        if !(1..32).contains(&slot_bits) || !(3..40).contains(&prefix_bits) {
            return None;
        }
        let prefixes_at = TABLE_HEADER + (8usize << slot_bits);
        let words_at = prefixes_at + (1usize << (prefix_bits - 3));
        if table.len() < words_at {
            return None;
        }
        Some(TableLayout {
            len: len as usize,
            slot_bits,
            prefix_bits,
            prefixes_at,
            words_at,
            max_count: max_count.into(),
        })
    }
}

/// A lexicon table read in place.
#[derive(Clone, Copy)]
pub struct TableView<'t> {
    table: &'t [u8],
    layout: TableLayout,
}

impl<'t> TableView<'t> {
    /// `layout` must be what [`TableLayout::read`] read from `table`.
    #[inline]
    pub fn new(table: &'t [u8], layout: TableLayout) -> Self {
        TableView { table, layout }
    }

    /// The largest count of a word.
    #[inline]
    pub fn max_count(&self) -> u64 {
        self.layout.max_count
    }

    /// Whether some word may begin with the beginning whose [`prefix_step`] hash is `hash`.
    /// May say yes wrongly (a Bloom filter), never no wrongly.
    #[inline]
    pub fn may_begin(&self, hash: u64) -> bool {
        prefix_bits(hash, self.layout.prefix_bits)
            .iter()
            .all(|&bit| self.table[self.layout.prefixes_at + (bit >> 3)] & (1 << (bit & 7)) != 0)
    }

    /// How often a word occurs; 0 when unknown.
    #[inline]
    pub fn count_bytes(&self, bytes: &[u8]) -> u64 {
        self.entry(bytes).map_or(0, |raw| (raw & MAX_COUNT).into())
    }

    /// The count of a word that is [`SETTLED`]; `None` for one that is not, or is unknown.
    #[inline]
    pub fn settled_count(&self, bytes: &[u8]) -> Option<u64> {
        self.entry(bytes)
            .filter(|raw| raw & SETTLED != 0)
            .map(|raw| (raw & MAX_COUNT).into())
    }

    /// A word's count word, flag and all.
    #[inline]
    fn entry(&self, bytes: &[u8]) -> Option<u32> {
        let mask = (1usize << self.layout.slot_bits) - 1;
        let mut at = table_slot(table_hash(bytes), self.layout.slot_bits);
        // The table is at most half full, so an empty slot ends every probe.
        loop {
            let slot = TABLE_HEADER + at * 8;
            let key = read_u32(self.table, slot)?;
            let count = read_u32(self.table, slot + 4)?;
            if count == 0 {
                return None;
            }
            if (key & 0xff) as usize == bytes.len() {
                let start = self.layout.words_at + (key >> 8) as usize;
                if self.table.get(start..start + bytes.len()) == Some(bytes) {
                    return Some(count);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The word in slot `slot` and its count; `None` for an empty slot.
    pub fn slot(&self, slot: usize) -> Option<(&'t [u8], u32)> {
        let at = TABLE_HEADER + slot * 8;
        let (key, count) = (read_u32(self.table, at)?, read_u32(self.table, at + 4)?);
        if count == 0 {
            return None;
        }
        let start = self.layout.words_at + (key >> 8) as usize;
        Some((
            self.table.get(start..start + (key & 0xff) as usize)?,
            count & MAX_COUNT,
        ))
    }
}

#[inline]
pub fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let four = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([four[0], four[1], four[2], four[3]]))
}
