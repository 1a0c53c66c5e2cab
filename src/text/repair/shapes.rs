//! OCR confusions of letter shapes, beyond the lost æ/ø/å: `l`/`i`/`1`, `rn`/`m`, `cl`/`d`, a
//! lost doubled letter and `0`/`O` ("lovforsiag", "mediemmer", "Brugerkluben", "0S2Kitos").
//!
//! These confusions turn real words into real words far more often than the æ/ø/å ones do
//! ("mile"/"mle", "ind"/"incl"), so the channel search does not try them on every word. They are
//! tried only on a word neither the lexicon nor its compounds know, one confusion at a time, and
//! a reading is taken only when the lexicon and the document agree on it: the document itself
//! writes the reading more often than the damaged form, or the lexicon lists the reading as a
//! common word, the only one the confusions reach, and the word is not written as a name
//! inside a sentence.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use super::context::{inside_sentence, trim_to_alphanumeric};
use super::words::is_known_or_listed;
use crate::text::lexicon::Lexicon;
use crate::text::tokens::lowercase_into;
use crate::text::whitespace::words_and_spaces;

/// Shape confusions as (written, printed): where the damaged word has the first, the printed
/// one may have had the second. `0` is read as `O` or `o` by the case of its neighbours.
const SHAPES: &[(&str, &str)] = &[
    ("i", "l"),
    ("l", "i"),
    ("1", "l"),
    ("1", "i"),
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("0", "o"),
    ("O", "0"),
];

/// Letters whose doubling OCR loses ("klubben" read as "kluben"): the consonants Danish doubles.
const DOUBLED: &str = "bdfgklmnprstv";

/// The most readings tried for one word: about three per letter of a long word, so the pass
/// stays linear in the text whatever it holds.
const MAX_CANDIDATES: usize = 96;

/// Words shorter than this (in characters) are left: too many short words are one confusion
/// apart, and a short unknown word is more often an abbreviation than damage.
const MIN_CHARS: usize = 4;

/// Words longer than this (in bytes) are left alone: no word that long is worth the search.
const MAX_BYTES: usize = 40;

/// The least count (per billion words) of a reading taken on the lexicon's word alone, with the
/// document silent: a common word, not a rare form a confusion happens to reach.
const COMMON_COUNT: u64 = 1000;

/// How much commoner the lexicon's reading must be than any other a confusion reaches.
const MARGIN: u64 = 10;

/// Undoes shape confusions in a damaged text (see the module's documentation); borrows the
/// text when nothing changes. Only letters inside words change: whitespace, punctuation and
/// the number of words stay as they are.
///
/// ```
/// let lexicon = tema::text::Lexicon::from_counts([("lovforslag", 7000), ("om", 900_000)]);
/// let text = "Et lovforsiag om NIS2.";
/// assert_eq!(tema::text::repair_shapes(text, &lexicon), "Et lovforslag om NIS2.");
/// let clean = "Et lovforslag om NIS2.";
/// assert!(matches!(tema::text::repair_shapes(clean, &lexicon), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn repair_shapes<'t>(text: &'t str, lexicon: &Lexicon) -> Cow<'t, str> {
    let pieces = words_and_spaces(text);
    // How often the document writes each word (lower case), whole or as a part between hyphens.
    let mut written: FxHashMap<String, u32> = FxHashMap::default();
    let mut lower = String::new();
    for (word, _) in &pieces {
        for part in parts(word) {
            lowercase_into(part, &mut lower);
            match written.get_mut(lower.as_str()) {
                Some(n) => *n += 1,
                None => {
                    written.insert(lower.clone(), 1);
                }
            }
        }
    }
    // The words worth reading again, each looked up once however often it recurs: long enough,
    // and known neither to the lexicon nor as its compound or genitive.
    let unknown: FxHashSet<&str> = written
        .keys()
        .map(String::as_str)
        .filter(|word| {
            (MIN_CHARS..=MAX_BYTES).contains(&word.len())
                && word.chars().count() >= MIN_CHARS
                && word.chars().all(char::is_alphanumeric)
                && word.chars().any(char::is_alphabetic)
                && !is_known_or_listed(word, lexicon)
        })
        .collect();
    if unknown.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut copied = 0;
    for (i, &(word, space)) in pieces.iter().enumerate() {
        // Half of a word hyphenated at a line's end ("implemen-" / "tere") is no word at all.
        let wrapped = |(word, space): (&str, &str)| word.ends_with('-') && space.contains('\n');
        if wrapped((word, space)) || i > 0 && wrapped(pieces[i - 1]) {
            continue;
        }
        for part in parts(word) {
            lowercase_into(part, &mut lower);
            if !unknown.contains(lower.as_str()) {
                continue;
            }
            let Some(reading) = read_part(part, &lower, lexicon, &written, || {
                inside_sentence(&pieces, i)
            }) else {
                continue;
            };
            let start = part.as_ptr() as usize - text.as_ptr() as usize;
            if out.is_empty() {
                out.reserve(text.len() + 16);
            }
            out.push_str(&text[copied..start]);
            out.push_str(&reading);
            copied = start + part.len();
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The parts of a word between hyphens, without the punctuation around it.
fn parts(word: &str) -> impl Iterator<Item = &str> {
    trim_to_alphanumeric(word)
        .split('-')
        .filter(|part| !part.is_empty())
}

/// The reading of one word part unknown to the lexicon (`lower` in lower case), when the
/// lexicon and the document agree on one.
fn read_part(
    part: &str,
    lower: &str,
    lexicon: &Lexicon,
    written: &FxHashMap<String, u32>,
    inside_sentence: impl FnOnce() -> bool,
) -> Option<String> {
    let own = written.get(lower).copied().unwrap_or(0);
    let candidates = candidates(part);
    // The document's word: the reading it writes most, at least twice as often as the damaged
    // form, so that one stray spelling of a name does not rewrite another.
    // Two readings written equally often leave the word as it is.
    let in_document: Vec<(u32, &String)> = candidates
        .iter()
        .map(|c| {
            (
                written.get(c.to_lowercase().as_str()).copied().unwrap_or(0),
                c,
            )
        })
        .filter(|&(n, _)| n > 0 && n >= 2 * own)
        .collect();
    if let Some(&(most, reading)) = in_document.iter().max_by_key(|(n, _)| *n) {
        let rivals = in_document.iter().filter(|(n, _)| *n == most).count();
        return (rivals == 1).then(|| reading.clone());
    }
    // The lexicon's word: common, far commoner than any other reading, and not a name.
    let mut counts: Vec<(u64, &String)> = candidates
        .iter()
        .map(|c| (lexicon.count(&c.to_lowercase()), c))
        .filter(|&(n, _)| n > 0)
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let &(best, reading) = counts.first()?;
    let runner_up = counts.get(1).map_or(0, |&(n, _)| n);
    let name_like = part.starts_with(char::is_uppercase) && inside_sentence();
    (best >= COMMON_COUNT && best >= MARGIN * runner_up.max(1) && !name_like)
        .then(|| reading.clone())
}

/// Every reading one shape confusion reaches from `part`, in its own case, at most
/// [`MAX_CANDIDATES`] of them, without repeats.
fn candidates(part: &str) -> Vec<String> {
    let chars: Vec<char> = part.chars().collect();
    let is_upper = |i: Option<&char>| i.is_some_and(|c| c.is_uppercase());
    let is_digit = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_digit());
    let mut out: Vec<String> = Vec::new();
    let mut push = |reading: String| {
        if out.len() < MAX_CANDIDATES && reading != part && !out.contains(&reading) {
            out.push(reading);
        }
    };
    let mut at = 0;
    for (k, &c) in chars.iter().enumerate() {
        let rest = &part[at..];
        for &(from, to) in SHAPES {
            if !rest.starts_with(from) {
                continue;
            }
            let before = k.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(k + from.chars().count());
            let to = match (from, to) {
                // A zero among capitals is a capital O ("0S2Kitos"), among small letters a small one.
                ("0", _) if is_digit(before) || is_digit(after) => continue,
                ("0", _) if is_upper(before) || is_upper(after) => "O",
                // An O is a zero only between digits ("2O24").
                ("O", _) if !(is_digit(before) && is_digit(after)) => continue,
                // A one stands for a letter only beside letters.
                ("1", _)
                    if !(before.is_some_and(|c| c.is_alphabetic())
                        || after.is_some_and(|c| c.is_alphabetic())) =>
                {
                    continue
                }
                _ => to,
            };
            push([&part[..at], to, &part[at + from.len()..]].concat());
        }
        let lower = c.to_ascii_lowercase();
        let next = chars.get(k + 1).map(|n| n.to_ascii_lowercase());
        let previous = k.checked_sub(1).map(|j| chars[j].to_ascii_lowercase());
        // A letter doubled once, where it is not doubled already.
        if k > 0 && DOUBLED.contains(lower) && next != Some(lower) && previous != Some(lower) {
            let end = at + c.len_utf8();
            push([&part[..end], &part[at..end], &part[end..]].concat());
        }
        at += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::from_counts([
            ("lovforslag", 7000),
            ("medlemmer", 170_000),
            ("klubben", 77_000),
            ("bruger", 275_000),
            ("har", 9_000_000),
            ("om", 900_000),
            ("sendt", 40_000),
            ("nu", 800_000),
            ("mile", 2000),
            ("mlie", 1500),
        ])
    }

    #[test]
    fn candidates_are_bounded_and_in_the_words_case() {
        let found = candidates("0S2Kitos");
        assert!(found.contains(&"OS2Kitos".to_owned()), "{found:?}");
        assert!(candidates("kluben").contains(&"klubben".to_owned()));
        assert!(candidates("mediemmer").contains(&"medlemmer".to_owned()));
        assert!(candidates("2O24").contains(&"2024".to_owned()));
        assert!(!candidates("2024").iter().any(|c| c.contains('O')));
        let long = "ilrnclmd".repeat(5);
        assert!(candidates(&long).len() <= MAX_CANDIDATES);
    }

    #[test]
    fn the_lexicon_alone_repairs_common_words() {
        let text = "Et lovforsiag om mediemmer er sendt.";
        assert_eq!(
            repair_shapes(text, &lexicon()),
            "Et lovforslag om medlemmer er sendt."
        );
    }

    #[test]
    fn the_document_repairs_what_the_lexicon_only_knows_in_parts() {
        let text = "Brugerklubben har mange. Brugerklubben har flere. Nu har Brugerkluben flest.";
        assert_eq!(
            repair_shapes(text, &lexicon()),
            "Brugerklubben har mange. Brugerklubben har flere. Nu har Brugerklubben flest."
        );
        let text = "OS2Kitos er nyt. Det er 0S2Kitos også. OS2Kitos igen.";
        assert_eq!(
            repair_shapes(text, &lexicon()),
            "OS2Kitos er nyt. Det er OS2Kitos også. OS2Kitos igen."
        );
    }

    #[test]
    fn halves_of_a_word_wrapped_at_a_line_end_stay() {
        let lexicon = Lexicon::from_counts([("terre", 5000), ("implementere", 100)]);
        let text = "at implemen-\ntere nu";
        assert_eq!(repair_shapes(text, &lexicon), text);
    }

    #[test]
    fn known_words_ambiguity_and_names_stay() {
        let lexicon = lexicon();
        // Known as written, a compound of known words, two readings alike, a capital inside a
        // sentence: all left as they are.
        for text in [
            "Det er mile.",
            "Det er brugerklubben.",
            "Det er mlle nu.",
            "Det er Mediemmer nu.",
        ] {
            assert_eq!(repair_shapes(text, &lexicon), text);
        }
        // The same capital opening a sentence is a word.
        assert_eq!(
            repair_shapes("Mediemmer har nu.", &lexicon),
            "Medlemmer har nu."
        );
    }
}
