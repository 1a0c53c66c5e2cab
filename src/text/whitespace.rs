//! Cutting a text into its words and the whitespace after each, the way the repair walks it.
//!
//! The repair's first, serial step cuts the whole text before any thread can start on its
//! words; a scan that asked `char::is_whitespace` of every character took a tenth of a fresh
//! repair, most of it in branches mispredicted at every word's end. Here the whitespace of 64
//! bytes at a time becomes a bit mask, eight bytes per arithmetic step, and the words' ends and
//! beginnings are its changes, read off with `trailing_zeros`.

/// The text's words, each with the whitespace that follows it (`char::is_whitespace`, so also
/// no-break and other Unicode spaces): every byte belongs to one piece, in order. A text that
/// begins with whitespace has an empty first word: `" to\u{a0}ord"` is `("", " ")`,
/// `("to", "\u{a0}")`, `("ord", "")`.
pub(crate) fn words_and_spaces(text: &str) -> Vec<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut start = 0;
    let mut word_end = bytes.len();
    // Whether the byte before the block is whitespace, in the lowest bit.
    let mut before = 0;
    // The continuation bytes of a multi-byte space that began in the block before.
    let mut carried = 0;
    for (index, block) in bytes.chunks(BLOCK).enumerate() {
        let base = index * BLOCK;
        let (mut spaces, mut leads) = classify(block);
        spaces |= carried;
        carried = 0;
        while leads != 0 {
            let at = leads.trailing_zeros() as usize;
            leads &= leads - 1;
            let len = wide_space_len(&bytes[base + at..]);
            let bits = ((1u128 << len) - 1) << at;
            spaces |= bits as u64;
            carried |= (bits >> BLOCK) as u64;
        }
        let mut changes = spaces ^ (spaces << 1 | before);
        if block.len() < BLOCK {
            changes &= (1 << block.len()) - 1;
        }
        before = spaces >> (BLOCK - 1);
        while changes != 0 {
            let at = changes.trailing_zeros() as usize;
            changes &= changes - 1;
            if spaces >> at & 1 == 1 {
                word_end = base + at;
            } else {
                pieces.push((&text[start..word_end], &text[word_end..base + at]));
                start = base + at;
                word_end = bytes.len();
            }
        }
    }
    if start < bytes.len() {
        pieces.push((&text[start..word_end], &text[word_end..]));
    }
    pieces
}

const BLOCK: usize = 64;

/// Of up to [`BLOCK`] bytes, a mask of the ASCII whitespace and one of the bytes that may begin
/// a wider space (U+0085 and up all begin with 0xC2 to 0xE3): bit `i` for byte `i`.
fn classify(block: &[u8]) -> (u64, u64) {
    let mut padded = [b'x'; BLOCK];
    let block = if block.len() == BLOCK {
        block
    } else {
        padded[..block.len()].copy_from_slice(block);
        &padded
    };
    let (mut spaces, mut leads) = (0, 0);
    for (i, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let (high, low) = (word & HIGH, word & !HIGH);
        // Each byte's high bit says whether its low seven bits reach `n`; no sum carries into
        // the next byte, as the low bits are at most 0x7f and the addend at most 0x7f.
        let at_least = |n: u64| (low + (0x80 - n) * ONES) & HIGH;
        let ascii_space = (at_least(0x09) & !at_least(0x0e)) | (at_least(0x20) & !at_least(0x21));
        let space = ascii_space & !high;
        let lead = high & at_least(0x42) & !at_least(0x64);
        spaces |= gather_high_bits(space) << (8 * i);
        leads |= gather_high_bits(lead) << (8 * i);
    }
    (spaces, leads)
}

const HIGH: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bits of a word's eight bytes (no other bit set) as eight bits, byte `i` to bit `i`.
fn gather_high_bits(word: u64) -> u64 {
    ((word >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The length in bytes of the non-ASCII whitespace character `bytes` begins with, or 0.
fn wide_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cut as `char::is_whitespace` defines it, one character at a time.
    fn by_chars(text: &str) -> Vec<(&str, &str)> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, tail) = rest.split_at(word_end);
            let space_end = (tail.find(|c: char| !c.is_whitespace())).unwrap_or(tail.len());
            pieces.push((word, &tail[..space_end]));
            rest = &tail[space_end..];
        }
        pieces
    }

    #[test]
    fn every_unicode_space_and_no_other_character_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let expected = if c.is_whitespace() {
                vec![("a", &text[1..1 + c.len_utf8()]), ("b", "")]
            } else {
                vec![(text.as_str(), "")]
            };
            assert_eq!(words_and_spaces(&text), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn spaces_across_block_edges_and_at_both_ends() {
        for pad in 0..3 * BLOCK {
            for space in [" ", "\n\n", "\u{a0}", "\u{2003}", "\u{3000}\t"] {
                let text = format!("{}{space}ord{space}", "x".repeat(pad));
                assert_eq!(words_and_spaces(&text), by_chars(&text), "{pad} {space:?}");
                let text = format!("{space}{}{space}æ", "ø".repeat(pad));
                assert_eq!(words_and_spaces(&text), by_chars(&text), "{pad} {space:?}");
            }
        }
        assert!(words_and_spaces("").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn the_cut_agrees_with_char_is_whitespace(
            text in proptest::prop_oneof![
                "[a-zæøå .,\n\t\u{a0}\u{85}\u{2000}-\u{200b}\u{2028}\u{202f}\u{3000}\u{1680}]{0,200}",
                proptest::prelude::any::<String>(),
            ]
        ) {
            proptest::prop_assert_eq!(words_and_spaces(&text), by_chars(&text));
        }
    }
}
