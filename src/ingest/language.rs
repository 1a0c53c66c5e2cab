//! Is this Danish at all?
//!
//! A cheap guard before analysis: Danish running text is full of short function words that
//! English, German or French text almost never contains. Words shared with English ("i", "at",
//! "for", "man", "under") are left out of the list so an English text cannot pass on them. The
//! forms OCR makes when it loses æ/ø/å ("pa", "ogsa", "nar") are in, so a damaged Danish issue
//! still counts as Danish.

use std::path::Path;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::error::{Error, Result};

/// Danish function and very common words, without those that are also common English words.
const MARKERS: &[&str] = &[
    "og",
    "det",
    "er",
    "en",
    "til",
    "på",
    "pa",
    "som",
    "med",
    "af",
    "den",
    "ikke",
    "de",
    "har",
    "vi",
    "jeg",
    "der",
    "kan",
    "skal",
    "fra",
    "om",
    "også",
    "ogsa",
    "eller",
    "blev",
    "bliver",
    "være",
    "vaere",
    "hvor",
    "når",
    "nar",
    "efter",
    "mere",
    "siger",
    "deres",
    "et",
    "sig",
    "være",
    "meget",
    "os",
    "hvis",
    "var",
    "kommune",
    "kommuner",
    "kommunerne",
    "blandt",
    "mellem",
    "hvad",
    "dem",
    "selv",
    "både",
    "bade",
    "sammen",
    "andre",
    "nu",
    "jo",
    "ved",
    "vil",
];

/// How a text scored on the Danish check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DanishScore {
    /// Words looked at: the first 20,000, or from 2,000 on as soon as the text is plainly Danish
    /// (twice the share needed).
    pub words: usize,
    /// Share of them that are Danish marker words.
    pub marker_share: f64,
}

impl DanishScore {
    /// Danish running text scores 0.25–0.40 here, English below 0.03; 0.08 leaves room for
    /// tables, ads and OCR damage without letting another language through. Texts under 40 words
    /// are too short to judge and pass.
    pub fn is_danish(&self) -> bool {
        self.words < 40 || self.marker_share >= MIN_SHARE
    }

    /// `Ok` when the text is Danish, or the error that names `path` and says why not.
    pub fn check(&self, path: &Path) -> Result<()> {
        if self.is_danish() {
            return Ok(());
        }
        Err(Error::NotDanish {
            path: path.to_path_buf(),
            reason: format!(
                "{:.0}% of its {} words are common Danish words, expected at least {:.0}%",
                self.marker_share * 100.0,
                self.words,
                MIN_SHARE * 100.0
            ),
        })
    }
}

/// The share of Danish marker words a Danish text has at least.
const MIN_SHARE: f64 = 0.08;

/// How many words the check looks at: enough to judge, and a huge file costs no more.
const WORDS_JUDGED: usize = 20_000;

/// After this many words, a text with twice the share it needs is taken as Danish.
const WORDS_SURE: usize = 2_000;

/// Scores how Danish a text looks.
///
/// ```
/// let score = tema::ingest::danish_score("Kommunerne skal arbejde sammen om it-sikkerheden, og det er vigtigt.");
/// assert!(score.marker_share > 0.3);
/// let english = tema::ingest::danish_score("The municipalities must work together on security, and that matters.");
/// assert!(english.marker_share < 0.05);
/// ```
pub fn danish_score(text: &str) -> DanishScore {
    danish_score_of([text])
}

/// Scores several texts (the documents of a JSON Lines file) as one, looking at their first
/// 20,000 words in all.
///
/// ```
/// let docs = ["Det er kommunerne, der skal løfte opgaven.", "Og de har brug for hjælp."];
/// assert!(tema::ingest::danish_score_of(docs).marker_share > 0.3);
/// ```
pub fn danish_score_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> DanishScore {
    // Asked of every issue before and after its repair: a set, not a scan of the list, and
    // no lower-casing of words longer than any marker.
    static MARKER_SET: LazyLock<(FxHashSet<&'static str>, usize)> = LazyLock::new(|| {
        let longest = MARKERS.iter().map(|m| m.len()).max().unwrap_or(0);
        (MARKERS.iter().copied().collect(), longest)
    });
    let (marker_set, longest_marker) = (&MARKER_SET.0, MARKER_SET.1);
    let mut words = 0usize;
    let mut markers = 0usize;
    let mut lower = String::with_capacity(longest_marker);
    let all_words = texts
        .into_iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .take(WORDS_JUDGED);
    for word in all_words {
        // A text plainly Danish by now (twice the share needed) cannot fall below it in the
        // words left unread: most issues are settled in their first few thousand words.
        if words >= WORDS_SURE
            && words % 1000 == 0
            && markers as f64 >= 2.0 * MIN_SHARE * words as f64
        {
            break;
        }
        words += 1;
        if word.len() > longest_marker {
            continue;
        }
        crate::text::lowercase_into(word, &mut lower);
        if marker_set.contains(lower.as_str()) {
            markers += 1;
        }
    }
    DanishScore {
        words,
        marker_share: if words == 0 {
            0.0
        } else {
            markers as f64 / words as f64
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_passes_and_english_and_german_do_not() {
        let da = "Kommunerne har brug for et fælles cyberværn, siger direktøren. Det er ikke \
                  noget, den enkelte kommune kan løfte alene, og derfor skal vi samarbejde mere \
                  på tværs af landet, end vi har gjort hidtil. Vi ved, at truslerne vokser, og \
                  at der er brug for flere hænder og mere viden i kommunerne.";
        let en = "Municipalities need a shared cyber defence, the director says. It is not \
                  something a single municipality can carry alone, and therefore we must \
                  cooperate more across the country than we have done so far. We know that the \
                  threats are growing and that more hands and more knowledge are needed.";
        let de = "Die Kommunen brauchen eine gemeinsame Cyberabwehr, sagt der Direktor. Das ist \
                  nichts, was eine einzelne Gemeinde allein tragen kann, und deshalb müssen wir \
                  mehr im ganzen Land zusammenarbeiten, als wir es bisher getan haben. Wir wissen, \
                  dass die Bedrohungen wachsen und dass mehr Hände und mehr Wissen nötig sind.";
        assert!(danish_score(da).is_danish(), "{:?}", danish_score(da));
        assert!(!danish_score(en).is_danish(), "{:?}", danish_score(en));
        assert!(!danish_score(de).is_danish(), "{:?}", danish_score(de));
    }

    #[test]
    fn ocr_damaged_danish_still_passes() {
        let ocr = "Der er altsa fortsat stor usikkerhed om, hvilken rolle kommunerne kommer til \
                   at spille i NIS2, nar loven bliver vedtaget. Som formand for en forening af \
                   Kommunale IT- og digitaliseringsansvarlige er det meget zergerligt, at \
                   kommunerne skal holdes hen i uvished, og det ville vaere bedre med klarhed.";
        assert!(danish_score(ocr).is_danish(), "{:?}", danish_score(ocr));
    }

    #[test]
    fn documents_are_judged_together_and_the_error_names_the_file() {
        let english = "The municipalities must work together on cyber security, the director \
                       says, and we know that the threats are growing. ";
        let danish = "Kommunerne skal arbejde sammen om it-sikkerheden, og det er vigtigt, at de \
                      gør det nu, siger direktøren, der har været med fra start. ";
        assert!(danish_score_of([danish; 4]).is_danish());
        let score = danish_score_of([english; 4]);
        assert!(score.words >= 40, "{score:?}");
        let err = score
            .check(Path::new("docs.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("docs.jsonl: does not look like Danish"),
            "{err}"
        );
        // A few English documents among Danish ones do not sink the file.
        let mixed = [danish, danish, danish, english];
        assert!(danish_score_of(mixed).is_danish());
        assert_eq!(
            danish_score_of(mixed).words,
            danish_score(&mixed.concat()).words
        );
    }

    #[test]
    fn a_huge_text_is_judged_on_its_first_words_and_plain_danish_sooner() {
        // One marker in ten words: Danish, but not plainly so, so read as far as the check goes.
        let borderline = "og data system model proces kode server netværk portal sky ".repeat(4000);
        let score = danish_score(&borderline);
        assert_eq!(score.words, WORDS_JUDGED);
        assert!(score.is_danish(), "{score:?}");
        let plain = "og det er kommunerne ".repeat(20_000);
        let score = danish_score(&plain);
        assert_eq!(score.words, WORDS_SURE);
        assert!(score.is_danish(), "{score:?}");
        // English throughout is read to the end of what the check looks at.
        let english = "the municipalities must work together on security ".repeat(5000);
        assert_eq!(danish_score(&english).words, WORDS_JUDGED);
    }
}
