// The lexicon's in-memory form, shared by `build.rs` (through `include!`, so no `crate::` paths
// and no inner doc comments here) and by the library.
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
//   and its count, 0 for an empty slot (open addressing, linear probing, about half full);
// * a blocked Bloom filter of `1 << prefix_bits` bits (as bytes) holding every beginning of every word
//   ("l", "lø", "løs", ...): a repair stops following a reading as soon as no word begins that
//   way. A false positive only makes a repair look further, never changes it;
// * the words' UTF-8 bytes.

/// Starts every lexicon table.
pub const TABLE_MAGIC: u32 = u32::from_le_bytes(*b"TLEX");
/// Bumped whenever the layout or the hash changes.
pub const TABLE_FORMAT_VERSION: u32 = 1;
/// Header length in bytes.
pub const TABLE_HEADER: usize = 6 * 4;
/// Bits of the beginnings filter: 16.7 million bits (2 MB) for the shipped lexicon's 544k
/// beginnings, two probes each: under 0.5% false positives.
const PREFIX_BITS: u32 = 24;

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

/// Lays out `(word, count)` pairs as a lexicon table. A word given twice keeps its last count;
/// words with count 0 are left out (a count of 0 means unknown); counts above `u32::MAX` are
/// capped.
pub fn build_table<'a>(pairs: impl IntoIterator<Item = (&'a str, u64)>) -> Vec<u8> {
    let pairs: Vec<(&str, u32)> = pairs
        .into_iter()
        .filter(|&(word, count)| count > 0 && !word.is_empty() && word.len() < 256)
        .map(|(word, count)| (word, count.min(u32::MAX as u64) as u32))
        .collect();
    let mut slot_bits = 4;
    while (1usize << slot_bits) < pairs.len() * 2 {
        slot_bits += 1;
    }
    let mask = (1usize << slot_bits) - 1;
    let mut slots = vec![[0u32; 2]; 1 << slot_bits];
    let mut prefixes = vec![0u8; 1 << (PREFIX_BITS - 3)];
    let mut words: Vec<u8> = Vec::new();
    let mut count_words = 0u32;
    for &(word, count) in &pairs {
        let mut at = table_slot(table_hash(word.as_bytes()), slot_bits);
        loop {
            let [key, old] = slots[at];
            if old == 0 {
                let offset = words.len() as u32;
                assert!(offset < 1 << 24, "lexicon words exceed 16 MB");
                words.extend_from_slice(word.as_bytes());
                slots[at] = [offset << 8 | word.len() as u32, count];
                count_words += 1;
                break;
            }
            let (offset, len) = ((key >> 8) as usize, (key & 0xff) as usize);
            if &words[offset..offset + len] == word.as_bytes() {
                slots[at][1] = count;
                break;
            }
            at = (at + 1) & mask;
        }
        let mut hash = PREFIX_SEED;
        for &byte in word.as_bytes() {
            hash = prefix_step(hash, byte);
            for bit in prefix_bits(hash, PREFIX_BITS) {
                prefixes[bit >> 3] |= 1 << (bit & 7);
            }
        }
    }
    let max_count = slots.iter().map(|s| s[1]).max().unwrap_or(0);
    let mut out = Vec::with_capacity(TABLE_HEADER + slots.len() * 8 + prefixes.len() + words.len());
    for value in [
        TABLE_MAGIC,
        TABLE_FORMAT_VERSION,
        count_words,
        slot_bits,
        PREFIX_BITS,
        max_count,
    ] {
        out.extend_from_slice(&value.to_le_bytes());
    }
    for [key, count] in slots {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
    }
    out.extend_from_slice(&prefixes);
    out.extend_from_slice(&words);
    out
}
