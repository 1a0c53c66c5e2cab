//! Compounds: Danish writes them as one word ("cybersikkerhedsstrategi", "it-sikkerhedskrav",
//! "levetidsforlængelse"), so a theme term like "sikkerhed" would miss most of its uses. A
//! compound the lexicon does not list as a common word is split into the fewest parts that are
//! all well-attested words of it, allowing the linking -s- and -e- between them; hyphens always
//! split. The whole word stays a
//! token too: parts are extra terms, not a replacement.

use super::repair::Lexicon;

/// Parts (except pieces between hyphens) must have at least this many letters: shorter words
/// ("for", "tid", "en") make too many false splits.
const MIN_PART_CHARS: usize = 4;

/// The least count (per billion words) of a part: rare forms make false splits.
const MIN_PART_COUNT: u64 = 1000;

/// Endings the word counts list as words (names, abbreviations) but that are never the last
/// part of a compound: splitting them off would cut inflections ("borg|erne").
const NOT_A_PART: &[&str] = &[
    "ende", "ened", "enes", "ered", "erer", "eret", "erne", "ernes", "else", "elser", "heds",
    "inge", "ingen", "inger", "ings", "iske", "lige", "ligt", "ning", "ninger", "ster", "erede",
    "tion", "ener", "heder", "skab", "skaber", "skabet", "skabets", "skaberne",
];

/// The longest of [`NOT_A_PART`], in bytes (a test checks).
const LONGEST_NOT_A_PART: usize = 8;

/// Whether `word` is one of [`NOT_A_PART`]. The repair asks this of every tail of every
/// compound it tries, nearly all longer than any of them.
pub(crate) fn is_not_a_part(word: &str) -> bool {
    word.len() <= LONGEST_NOT_A_PART && NOT_A_PART.contains(&word)
}

/// The parts of a compound, lower case, in order; empty when `word` is not one.
///
/// ```
/// let lexicon = tema::text::default_lexicon();
/// assert_eq!(
///     tema::text::compound_parts("Cybersikkerhedsstrategi", lexicon),
///     ["cyber", "sikkerhed", "strategi"]
/// );
/// assert!(tema::text::compound_parts("kommunerne", lexicon).is_empty());
/// ```
pub fn compound_parts(word: &str, lexicon: &Lexicon) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut parts = Vec::new();
    for piece in lower.split('-').filter(|p| !p.is_empty()) {
        match split(piece, lexicon) {
            Some(pieces) => parts.extend(pieces.into_iter().map(str::to_owned)),
            None => parts.push(piece.to_owned()),
        }
    }
    if parts.len() < 2 {
        parts.clear();
    }
    parts
}

/// Danish inflectional endings: a listed word plus one of them is an inflected form.
const ENDINGS: &[&str] = &[
    "erne", "ernes", "ene", "enes", "en", "ens", "et", "ets", "er", "ers", "e", "es", "s", "r",
    "ne", "nes", "rne", "rnes",
];

/// Whether the lexicon lists `word` or a stem it inflects.
pub(crate) fn is_listed_or_inflected(word: &str, lexicon: &Lexicon) -> bool {
    lexicon.count(word) > 0
        || ENDINGS.iter().any(|ending| {
            word.strip_suffix(ending).is_some_and(|stem| {
                stem.chars().count() >= MIN_PART_CHARS && lexicon.count(stem) > 0
            })
        })
}

fn is_part(word: &str, lexicon: &Lexicon) -> bool {
    word.chars().count() >= MIN_PART_CHARS
        && lexicon.count(word) >= MIN_PART_COUNT
        && !is_not_a_part(word)
}

/// The split of `word` into the fewest parts (at least two), ties going to the split whose
/// rarest part is most frequent; a well-attested word is a unit and stays whole
/// ("investering", not "invest|ring").
fn split<'w>(word: &'w str, lexicon: &Lexicon) -> Option<Vec<&'w str>> {
    if lexicon.count(word) >= MIN_PART_COUNT {
        return None;
    }
    // best[i]: the best split of word[i..] as (parts, rarest count, parts); computed backwards.
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    let n = bounds.len();
    let mut best: Vec<Option<(usize, u64, Vec<&'w str>)>> = vec![None; n];
    best[n - 1] = Some((0, u64::MAX, Vec::new()));
    for start in (0..n - 1).rev() {
        for end in start + 1..n {
            let Some((count, rarest, rest)) = best[end].clone() else {
                continue;
            };
            let part = &word[bounds[start]..bounds[end]];
            // A part and its linking letter when more follows ("sikkerhed|s|strategi", even
            // though the genitive "sikkerheds" is a word too), else a part.
            let linked = (count > 0)
                .then(|| part.strip_suffix(['s', 'e']))
                .flatten()
                .filter(|stem| is_part(stem, lexicon));
            // Inside a compound, a word ending in -s is a short word and its link ("leve|tids|
            // forlængelse" is wrong), so it is a part only when its stem is.
            let genitive_inside = count > 0 && part.ends_with('s');
            let core =
                linked.or_else(|| (is_part(part, lexicon) && !genitive_inside).then_some(part));
            let Some(core) = core else {
                continue;
            };
            let candidate = (
                count + 1,
                rarest.min(lexicon.count(core)),
                std::iter::once(core).chain(rest).collect::<Vec<_>>(),
            );
            let better = best[start]
                .as_ref()
                .is_none_or(|(c, r, _)| candidate.0 < *c || candidate.0 == *c && candidate.1 > *r);
            if better {
                best[start] = Some(candidate);
            }
        }
    }
    // A form the lexicon lists (inflections included) splits in two at most: three short
    // parts in a known word are mostly chance ("leve|rand|ørerne").
    let most = if is_listed_or_inflected(word, lexicon) {
        2
    } else {
        usize::MAX
    };
    best[0]
        .take()
        .filter(|(count, _, _)| (2..=most).contains(count))
        .map(|(_, _, parts)| parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::default_lexicon;

    #[test]
    fn every_ending_that_is_not_a_part_is_known_as_one() {
        let longest = NOT_A_PART.iter().map(|ending| ending.len()).max();
        assert_eq!(longest, Some(LONGEST_NOT_A_PART));
        assert!(NOT_A_PART.iter().all(|ending| is_not_a_part(ending)));
        assert!(!is_not_a_part("skabernes") && !is_not_a_part("strategi"));
    }

    #[test]
    fn compounds_split_into_known_parts() {
        let lexicon = default_lexicon();
        for (word, parts) in [
            (
                "cybersikkerhedsstrategi",
                &["cyber", "sikkerhed", "strategi"][..],
            ),
            ("it-sikkerhedskrav", &["it", "sikkerhed", "krav"]),
            ("levetidsforlængelse", &["levetid", "forlængelse"]),
            ("IT-chef", &["it", "chef"]),
            ("klimahandlingsplan", &["klima", "handlingsplan"]),
            ("postsortering", &["post", "sortering"]),
            ("sikkerhedsløsninger", &["sikkerhed", "løsninger"]),
        ] {
            assert_eq!(compound_parts(word, lexicon), parts, "{word}");
        }
    }

    #[test]
    fn simple_and_inflected_words_stay_whole() {
        let lexicon = default_lexicon();
        for word in [
            "kommunerne",
            "borgerne",
            "sikkerhed",
            "løsninger",
            "samarbejde",
            "digitalisering",
            "investering",
            "virksomheder",
            "leverandørerne",
            "NIS2",
            "",
            "-",
        ] {
            assert!(compound_parts(word, lexicon).is_empty(), "{word}");
        }
    }
}
