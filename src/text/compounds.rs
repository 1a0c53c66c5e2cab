//! Compounds: Danish writes them as one word ("cybersikkerhedsstrategi", "it-sikkerhedskrav",
//! "levetidsforlængelse"), so a theme term like "sikkerhed" would miss most of its uses. A
//! compound the lexicon does not list as a common word is split into the fewest parts that are
//! all well-attested words of it, allowing the linking -s- and -e- between them; hyphens always
//! split. The whole word stays a token too: parts are extra terms, not a replacement.
//!
//! The OCR repair asks this module too, whether an unlisted word is two listed ones
//! ([`split_in_two`]), with the same rules for what a part is.
//!
//! The search is bounded by the word's length: a word longer than [`MAX_COMPOUND_CHARS`]
//! letters is not split at all, and no part is tried longer than [`MAX_PART_CHARS`], so a
//! word costs at most `letters × MAX_PART_CHARS` lookups of at most that many letters each. A
//! 100,000-letter "word" (a compound repeated, as bad input makes) returns at once, unsplit.

use super::lexicon::Lexicon;

/// Parts (except pieces between hyphens) must have at least this many letters: shorter words
/// ("for", "tid", "en") make too many false splits.
pub(crate) const MIN_PART_CHARS: usize = 4;

/// The most letters of a word (between hyphens) that is split: longer ones stay whole. Danish
/// compounds in use stay well under it ("speciallægepraksisplanlægningsstabiliseringsperiode",
/// the longest in Danish dictionaries, has 51); longer runs of letters are codes, joined lines or
/// bad input, and the search grows with the letters considered.
pub const MAX_COMPOUND_CHARS: usize = 64;

/// The most letters of one part as written (its linking -s-/-e- included): no part is looked up
/// longer. The shipped lexicon's longest word has 26 letters, so with it this changes no split.
pub const MAX_PART_CHARS: usize = 32;

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
/// ("investering", not "invest|ring"). `None` too for a word over [`MAX_COMPOUND_CHARS`]
/// letters.
fn split<'w>(word: &'w str, lexicon: &Lexicon) -> Option<Vec<&'w str>> {
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .take(MAX_COMPOUND_CHARS + 2)
        .collect();
    if bounds.len() > MAX_COMPOUND_CHARS + 1 || lexicon.count(word) >= MIN_PART_COUNT {
        return None;
    }
    let n = bounds.len();
    // best[i]: the best split of word[i..] as (parts, rarest count, the first part's length in
    // bytes, where the rest starts), computed backwards; the parts are read off at the end.
    let mut best: Vec<Option<(usize, u64, usize, usize)>> = vec![None; n];
    best[n - 1] = Some((0, u64::MAX, 0, n - 1));
    for start in (0..n - 1).rev() {
        for end in start + 1..n.min(start + MAX_PART_CHARS + 1) {
            let Some((count, rarest, _, _)) = best[end] else {
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
            let candidate = (count + 1, rarest.min(lexicon.count(core)), core.len(), end);
            let better = best[start].as_ref().is_none_or(|(c, r, _, _)| {
                candidate.0 < *c || candidate.0 == *c && candidate.1 > *r
            });
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
    let (count, _, _, _) = best[0].filter(|(count, _, _, _)| (2..=most).contains(count))?;
    let mut parts = Vec::with_capacity(count);
    let mut at = 0;
    while let Some((_, _, len, next)) = best[at].filter(|_| at < n - 1) {
        parts.push(&word[bounds[at]..bounds[at] + len]);
        at = next;
    }
    Some(parts)
}

/// The last cut of a lower-case word into two listed words, with an optional linking -s-/-e-
/// kept on the head: the longest head whose own letters (or those before its link) and tail are
/// both listed, each of at least [`MIN_PART_CHARS`] letters, the tail not an ending
/// ([`is_not_a_part`]). Any count will do: the repair asks whether a word it meets is a known
/// form, not how well attested its parts are. Heads are tried up to
/// `MIN_PART_CHARS + 64` letters long.
pub(crate) fn split_in_two<'w>(word: &'w str, lexicon: &Lexicon) -> Option<(&'w str, &'w str)> {
    let mut ends = [0usize; 64];
    let mut n = 0;
    let mut letters = 0;
    for (k, (i, _)) in word.char_indices().enumerate() {
        letters += 1;
        if k >= MIN_PART_CHARS && n < ends.len() {
            ends[n] = i;
            n += 1;
        }
    }
    // `ends[j]` cuts after `MIN_PART_CHARS + j` letters.
    for (j, &at) in ends[..n].iter().enumerate().rev() {
        let head_letters = MIN_PART_CHARS + j;
        let (head, tail) = word.split_at(at);
        if letters - head_letters < MIN_PART_CHARS
            || lexicon.count(tail) == 0
            || is_not_a_part(tail)
        {
            continue;
        }
        if lexicon.count(head) > 0 {
            return Some((head, tail));
        }
        // The stem is the head without its one-letter link.
        if let Some(stem) = head.strip_suffix(['s', 'e']) {
            if head_letters > MIN_PART_CHARS && lexicon.count(stem) > 0 {
                return Some((head, tail));
            }
        }
    }
    None
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

    #[test]
    fn a_word_of_a_hundred_thousand_letters_returns_unsplit() {
        // "data" alone is a part: every fourth letter can end one, which made the unbounded
        // search cubic (16,000 letters took 40 s). Over the limit nothing is split, and the
        // limit itself splits as before.
        let lexicon = default_lexicon();
        let long = "data".repeat(25_000);
        assert!(compound_parts(&long, lexicon).is_empty());
        // Hyphens still split; the long piece stays whole.
        let hyphenated = compound_parts(&format!("it-{long}"), lexicon);
        assert_eq!(hyphenated, ["it", long.as_str()]);
        let at_limit = "data".repeat(MAX_COMPOUND_CHARS / 4);
        assert_eq!(
            compound_parts(&at_limit, lexicon),
            vec!["data"; MAX_COMPOUND_CHARS / 4]
        );
        let over = format!("{at_limit}s");
        assert!(compound_parts(&over, lexicon).is_empty());
        assert_eq!(split_in_two(&long, lexicon), None);
    }

    #[test]
    fn two_listed_words_are_found_with_their_link() {
        let lexicon = default_lexicon();
        assert_eq!(
            split_in_two("sikkerhedsløsning", lexicon),
            Some(("sikkerheds", "løsning"))
        );
        assert_eq!(split_in_two("qwxzkvbnrt", lexicon), None);
    }
}
