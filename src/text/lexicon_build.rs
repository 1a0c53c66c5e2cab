// Laying a lexicon out as the table `lexicon_table.rs` reads, shared by `build.rs` (as a module
// of its own, so no `crate::` paths here) and by the library. Apart from the layout because it
// marks the settled words with the repair's own search (`channel.rs`), which reads tables
// through `lexicon_table.rs`: one way, no file importing another that imports it.

use super::channel::{search, SearchBytes};
use super::lexicon_table::{
    prefix_bits, prefix_step, read_u32, table_hash, table_slot, TableLayout, TableView, MAX_COUNT,
    PREFIX_BITS, PREFIX_SEED, SETTLED, TABLE_FORMAT_VERSION, TABLE_HEADER, TABLE_MAGIC,
};

/// Lays out `(word, count)` pairs as a lexicon table. A word given twice keeps its last count;
/// words with count 0 are left out (a count of 0 means unknown); counts above [`MAX_COUNT`] are
/// capped.
pub fn build_table<'a>(pairs: impl IntoIterator<Item = (&'a str, u64)>) -> Vec<u8> {
    let pairs: Vec<(&str, u32)> = pairs
        .into_iter()
        .filter(|&(word, count)| count > 0 && !word.is_empty() && word.len() < 256)
        .map(|(word, count)| (word, count.min(MAX_COUNT.into()) as u32))
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
    mark_settled(&mut out);
    out
}

/// Sets [`SETTLED`] on every word of a laid-out table that no other reading beats.
fn mark_settled(table: &mut [u8]) {
    let layout = TableLayout::read(table).expect("build_table lays out what TableLayout reads");
    let settled: Vec<usize> = {
        let view = TableView::new(table, layout);
        let slots: Vec<usize> = (0..1usize << layout.slot_bits)
            .filter(|&slot| view.slot(slot).is_some())
            .collect();
        // The shipped lexicon's quarter of a million searches take a few seconds unoptimised
        // (build scripts are); a test's small lexicon is done before threads would start.
        let threads = if slots.len() < 10_000 {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        };
        let settled_in = |part: &[usize]| {
            let mut bytes = SearchBytes::default();
            part.iter()
                .copied()
                .filter(|&slot| {
                    let (word, count) = view.slot(slot).expect("only full slots are listed");
                    let outcome = search(view, &mut bytes, word, count as f64);
                    outcome.score.is_none() && outcome.open
                })
                .collect::<Vec<usize>>()
        };
        let chunk = slots.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let parts: Vec<_> = slots
                .chunks(chunk)
                .map(|part| scope.spawn(move || settled_in(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|part| part.join().expect("a search does not panic"))
                .collect()
        })
    };
    for slot in settled {
        let at = TABLE_HEADER + slot * 8 + 4;
        let count = read_u32(table, at).expect("the slot is in the table") | SETTLED;
        table[at..at + 4].copy_from_slice(&count.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_settled_only_when_no_reading_beats_it() {
        let table = build_table([("på", 900), ("pa", 20), ("par", 5000), ("hus", 50)]);
        let view = TableView::new(&table, TableLayout::read(&table).unwrap());
        let settled = |word: &str| view.settled_count(word.as_bytes());
        // "pa" reads as "på", 0.7 × 900 above its own 20.
        assert_eq!(settled("pa"), None);
        assert_eq!(view.count_bytes(b"pa"), 20);
        // "pår" is no word, and nothing is read into "på", "hus" or "par".
        assert_eq!(settled("på"), Some(900));
        assert_eq!(settled("hus"), Some(50));
        assert_eq!(settled("par"), Some(5000));
        assert_eq!(settled("ord"), None);
    }

    #[test]
    fn counts_above_the_flag_are_capped_below_it() {
        let table = build_table([("stor", u64::MAX)]);
        let view = TableView::new(&table, TableLayout::read(&table).unwrap());
        assert_eq!(view.count_bytes(b"stor"), u64::from(MAX_COUNT));
        assert_eq!(view.settled_count(b"stor"), Some(u64::from(MAX_COUNT)));
    }
}
