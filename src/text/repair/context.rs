//! Context rules: what the words around a word decide (its previous word, a sentence's start,
//! a line-end hyphen), and the case and punctuation a repair keeps from the word as written.

use super::state::Repairer;
use crate::text::channel::{CONFUSIONS, CONFUSIONS_FROM};

/// Whether `pieces[i]` follows another word of its sentence.
pub(super) fn inside_sentence(pieces: &[(&str, &str)], i: usize) -> bool {
    i > 0 && {
        let previous = pieces[i - 1].0;
        !previous.ends_with(['.', '!', '?', ':', '"', '”', '“', '|'])
            && previous.contains(char::is_alphanumeric)
    }
}

/// Written forms whose reading the word before decides, where counts alone would choose the
/// other: (written, after one of these words, reading). Danish grammar, not learnt from text:
/// "måde" is common gender and "møde" neuter, so "et/det made" is "møde"; after a possessive,
/// "far" is the father, not "får"; after a subject pronoun "moder" is the verb "møder".
pub(super) const CONTEXT: &[(&str, &[&str], &str)] = &[
    (
        "made",
        &[
            "et", "det", "dette", "hvert", "ethvert", "intet", "nyt", "godt", "første", "næste",
        ],
        "møde",
    ),
    (
        "made",
        &[
            "en", "den", "denne", "samme", "anden", "ny", "god", "hvilken", "sådan",
        ],
        "måde",
    ),
    (
        "far",
        &[
            "min", "din", "sin", "hans", "hendes", "deres", "vores", "jeres",
        ],
        "far",
    ),
    // After "fra" the verb "får" cannot follow, and "fra før" ("fra før pandemien") is far
    // commoner than "fra far".
    ("far", &["fra"], "før"),
    (
        "moder",
        &[
            "vi", "de", "man", "jeg", "han", "hun", "du", "der", "som", "i",
        ],
        "møder",
    ),
    (
        "meder",
        &[
            "vi", "de", "man", "jeg", "han", "hun", "du", "der", "som", "i",
        ],
        "møder",
    ),
    (
        "mader",
        &[
            "vi", "de", "man", "jeg", "han", "hun", "du", "der", "som", "i",
        ],
        "møder",
    ),
];

/// Words this frequent (per billion) are function words, never surnames.
pub(super) const COMMON_WORD_COUNT: u64 = 100_000;

/// Where byte offset `at` of `original` falls in `fixed`, its repair: the two are aligned
/// letter by letter and confusion by confusion. `None` when no alignment keeps `at` between
/// letters.
pub(super) fn align_boundary(original: &str, at: usize, fixed: &str) -> Option<usize> {
    fn same(a: &str, b: &str) -> bool {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
    // Wrapped words are cut again at every line end they recur at: the letters that agree,
    // most of a word, are stepped over in a loop, compared as ASCII where both are, rather
    // than with a call and two `to_lowercase` walks each.
    fn go(
        o: &str,
        mut i: usize,
        f: &str,
        mut j: usize,
        at: usize,
        mut found: Option<usize>,
    ) -> Option<usize> {
        // Where both sides have the same letter there is nothing to choose: no confusion writes
        // a letter as itself, so none applies where the letters agree.
        loop {
            if i == at {
                found = Some(j);
            }
            if i == o.len() && j == f.len() {
                return found;
            }
            let (Some(a), Some(b)) = (o[i..].chars().next(), f[j..].chars().next()) else {
                break;
            };
            let agree = if a.is_ascii() && b.is_ascii() {
                a.eq_ignore_ascii_case(&b)
            } else {
                same(&o[i..i + a.len_utf8()], &f[j..j + b.len_utf8()])
            };
            if !agree {
                break;
            }
            i += a.len_utf8();
            j += b.len_utf8();
        }
        let (rest_o, rest_f) = (&o[i..], &f[j..]);
        let &first = rest_o.as_bytes().first()?;
        // Only confusions written from this byte can match: every written form starts with an
        // ASCII byte or, for "é", with the byte "É" starts with too.
        let (start, end) = CONFUSIONS_FROM[first.to_ascii_lowercase() as usize];
        let extra: &[(&str, &str, f64)] = match first {
            b'i' | b'I' => &[("i", "l", 0.0)],
            _ => &[],
        };
        for &(from, to, _) in CONFUSIONS[start as usize..end as usize].iter().chain(extra) {
            let crosses = i < at && at < i + from.len();
            if crosses || rest_o.len() < from.len() || !rest_o.is_char_boundary(from.len()) {
                continue;
            }
            if !same(&rest_o[..from.len()], from) || !starts_lowercase(rest_f, to) {
                continue;
            }
            let to_len = rest_f
                .char_indices()
                .nth(to.chars().count())
                .map_or(rest_f.len(), |(k, _)| k);
            if let Some(split) = go(o, i + from.len(), f, j + to_len, at, found) {
                return Some(split);
            }
        }
        None
    }
    go(original, 0, fixed, 0, at, None)
}

/// `word` without the characters around it that are not letters or digits, the same as
/// `word.trim_matches(|c: char| !c.is_alphanumeric())` but a few times faster on the ASCII
/// punctuation around nearly every word: bytes are trimmed first, and the char predicate runs
/// only when a non-ASCII character stands at an edge.
pub(super) fn trim_to_alphanumeric(word: &str) -> &str {
    let bytes = word.as_bytes();
    let is_trimmed = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    let Some(start) = bytes.iter().position(|&b| !is_trimmed(b)) else {
        return "";
    };
    let end = bytes
        .iter()
        .rposition(|&b| !is_trimmed(b))
        .map_or(start, |i| i + 1);
    if bytes[start].is_ascii() && bytes[end - 1].is_ascii() {
        return &word[start..end];
    }
    // Stopped at a byte of a non-ASCII character, which may still be trimmed: the slow way
    // from there. Cutting at ASCII bytes keeps the slice on character boundaries.
    word[start..end].trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether `text` in lower case starts with `prefix`, without lower-casing all of `text`.
pub(super) fn starts_lowercase(text: &str, prefix: &str) -> bool {
    let mut lower = text.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|c| lower.next() == Some(c))
}

/// Gives `fixed` the case pattern of `original`: all capitals, a capital first, or lower case.
/// A capital I that the repair read as an l ("Igsning") was a damaged lower-case l.
pub(super) fn match_case(original: &str, fixed: &str) -> String {
    if original.starts_with('I') && fixed.starts_with('l') {
        return fixed.to_owned();
    }
    let mut letters = original.chars().filter(|c| c.is_alphabetic());
    let all_capitals = letters.clone().all(char::is_uppercase);
    if all_capitals && letters.nth(1).is_some() {
        fixed.to_uppercase()
    } else if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = fixed.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        fixed.to_owned()
    }
}

impl<'a> Repairer<'a> {
    /// The reading of a written form that its previous word decides ([`CONTEXT`]), in the
    /// written word's case.
    pub(super) fn context_reading(&self, core: &str) -> Option<String> {
        if !self.known_words || self.previous.is_empty() || core.len() > 6 {
            return None;
        }
        CONTEXT
            .iter()
            .find(|(written, after, _)| {
                written.eq_ignore_ascii_case(core) && after.contains(&self.previous.as_str())
            })
            .map(|(_, _, reading)| match_case(core, reading))
    }
}
