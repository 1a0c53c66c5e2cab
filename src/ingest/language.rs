//! Is this Danish at all?
//!
//! A cheap guard before analysis: Danish running text is full of short function words that
//! English, German or French text almost never contains. Words shared with English ("i", "at",
//! "for", "man", "under") are left out of the list so an English text cannot pass on them. The
//! forms OCR makes when it loses æ/ø/å ("pa", "ogsa", "nar") are in, so a damaged Danish issue
//! still counts as Danish.
//!
//! Norwegian and Swedish share most of those words, and German and Dutch a few ("der", "den",
//! "en", "er"), so a share of them alone lets a neighbour through. Each of those four languages is
//! therefore also a rival: a list of its own common words that Danish does not use ("ble", "och",
//! "und", "het") against a list of Danish words that it does not use ("blev", "og", "ikke"). A
//! text with more of a rival's words than of the Danish ones against it reads as that language.

use std::path::Path;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

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

/// A language close enough to Danish, or sharing enough of its short words, to pass on the share
/// of markers alone.
struct Rival {
    /// The language's name in English, for the error.
    name: &'static str,
    /// Its common words that written Danish does not use (nor makes by losing æ/ø/å).
    own: &'static [&'static str],
    /// Common Danish words that it does not use.
    danish: &'static [&'static str],
}

/// Measured on texts written for this in each language (`tests/fixtures/language/`) and on the
/// seeds: a rival's own words are 10–30% of its text and under 0.1% of Danish text, where the
/// Danish words against it are 4–30%.
const RIVALS: &[Rival] = &[
    Rival {
        name: "Norwegian",
        own: &[
            "av",
            "ble",
            "blir",
            "etter",
            "seg",
            "hva",
            "noen",
            "mye",
            "enn",
            "å",
            "gjennom",
            "sier",
            "mer",
            "mellom",
            "blant",
            "ikkje",
            "hadde",
            "tilbake",
            "igjen",
            "ennå",
            "alltid",
            "kanskje",
            "ut",
            "opp",
            "viktig",
            "arbeid",
            "gjøre",
            "gjør",
            "vært",
            "vår",
            "våre",
            "kommunene",
            "dere",
            "enda",
            "fått",
            "ulike",
        ],
        danish: &[
            "af",
            "efter",
            "blev",
            "bliver",
            "sig",
            "hvad",
            "mere",
            "siger",
            "mellem",
            "blandt",
            "nu",
            "os",
            "nogen",
            "nogle",
            "gennem",
            "end",
            "havde",
            "tilbage",
            "igen",
            "endnu",
            "altid",
            "måske",
            "ud",
            "op",
            "vigtig",
            "vigtigt",
            "arbejde",
            "gøre",
            "gør",
            "været",
            "vores",
            "kommunerne",
            "sådan",
        ],
    },
    Rival {
        name: "Swedish",
        own: &[
            "och",
            "inte",
            "jag",
            "att",
            "från",
            "också",
            "ett",
            "till",
            "ska",
            "när",
            "mycket",
            "vad",
            "själv",
            "vill",
            "är",
            "för",
            "hur",
            "sedan",
            "mot",
            "utan",
            "där",
            "här",
            "måste",
            "varit",
            "dessa",
            "deras",
            "andra",
            "kommunerna",
            "mellan",
            "bland",
            "säger",
            "vara",
            "även",
            "eftersom",
            "någon",
            "något",
            "några",
            "alla",
            "finns",
            "blir",
        ],
        danish: &[
            "og",
            "ikke",
            "jeg",
            "af",
            "til",
            "fra",
            "også",
            "hvad",
            "hvor",
            "når",
            "være",
            "mellem",
            "blandt",
            "siger",
            "mere",
            "meget",
            "hvis",
            "deres",
            "sammen",
            "andre",
            "et",
            "skal",
            "vil",
            "bliver",
            "kommunerne",
            "der",
            "at",
            "nogen",
            "nogle",
            "alle",
            "findes",
        ],
    },
    Rival {
        name: "German",
        own: &[
            "und", "die", "das", "ist", "nicht", "ein", "eine", "einer", "einen", "zu", "sich",
            "auf", "für", "von", "des", "wird", "werden", "wurde", "auch", "wir", "sie", "es",
            "im", "nach", "bei", "aus", "wie", "oder", "aber", "noch", "nur", "über", "dass",
            "ich", "zum", "zur", "haben", "kann", "muss", "müssen", "wenn",
        ],
        danish: &[
            "og", "det", "til", "på", "som", "med", "af", "ikke", "har", "vi", "jeg", "kan",
            "skal", "fra", "om", "også", "eller", "blev", "bliver", "være", "hvor", "når", "efter",
            "mere", "siger", "deres", "et", "sig", "meget", "os", "hvis", "var", "blandt",
            "mellem", "hvad", "dem", "selv", "både", "sammen", "andre", "nu", "jo", "ved", "vil",
            "at",
        ],
    },
    Rival {
        name: "Dutch",
        own: &[
            "het",
            "een",
            "van",
            "dat",
            "te",
            "zijn",
            "niet",
            "voor",
            "ook",
            "als",
            "maar",
            "aan",
            "bij",
            "worden",
            "wordt",
            "naar",
            "nog",
            "wel",
            "geen",
            "deze",
            "heeft",
            "hebben",
            "zo",
            "wat",
            "uit",
            "tot",
            "zich",
            "veel",
            "meer",
            "moet",
            "moeten",
            "gemeenten",
            "wij",
            "zij",
            "ze",
        ],
        danish: &[
            "og", "det", "til", "på", "som", "med", "ikke", "har", "vi", "jeg", "der", "skal",
            "fra", "også", "eller", "blev", "bliver", "være", "hvor", "når", "efter", "mere",
            "siger", "deres", "et", "sig", "meget", "os", "hvis", "var", "blandt", "mellem",
            "hvad", "dem", "selv", "både", "sammen", "andre", "jo", "ved", "vil", "at",
        ],
    },
];

/// A rival needs at least this many of its own words to win: a stray quotation in a short
/// Danish text is not a language.
const MIN_RIVAL_WORDS: usize = 3;

/// What a word counts for: a Danish marker, and which rivals' own and Danish lists hold it (bit
/// `i` for `RIVALS[i]`).
#[derive(Clone, Copy, Default)]
struct WordRole {
    marker: bool,
    rival_own: u8,
    rival_danish: u8,
}

/// How a text scored on the Danish check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DanishScore {
    /// Words looked at: the first 20,000, or from 2,000 on as soon as the text is plainly Danish
    /// (twice the share needed).
    pub words: usize,
    /// Share of them that are Danish marker words.
    pub marker_share: f64,
    /// The rival language the text reads as, if any, with how many of its own words and of the
    /// Danish words against it were seen.
    pub rival: Option<RivalLanguage>,
}

/// A language other than Danish that a text reads as: it had more of the language's own common
/// words than of the Danish words that language does not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RivalLanguage {
    /// The language's name in English ("Swedish").
    pub name: &'static str,
    /// Its own words seen.
    pub own_words: usize,
    /// The Danish words against it seen.
    pub danish_words: usize,
}

impl DanishScore {
    /// Danish running text scores 0.25–0.40 here, English below 0.03; 0.08 leaves room for
    /// tables, ads and OCR damage without letting another language through. Texts under 40 words
    /// are too short to judge and pass. A text that reads as a rival language (Norwegian,
    /// Swedish, German or Dutch) is not Danish whatever its share.
    pub fn is_danish(&self) -> bool {
        self.words < 40 || (self.marker_share >= MIN_SHARE && self.rival.is_none())
    }

    /// `Ok` when the text is Danish, or the error that names `path` and says why not.
    pub fn check(&self, path: &Path) -> Result<()> {
        if self.is_danish() {
            return Ok(());
        }
        if let (Some(rival), true) = (self.rival, self.marker_share >= MIN_SHARE) {
            return Err(Error::NotDanish {
                path: path.to_path_buf(),
                reason: format!(
                    "it reads as {}: {} of its {} words are common {} words, against {} common Danish words that {} lacks",
                    rival.name, rival.own_words, self.words, rival.name, rival.danish_words, rival.name
                ),
            });
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
    // Asked of every issue before and after its repair: one map lookup a word, and no
    // lower-casing of words longer than any listed word.
    static ROLES: LazyLock<(FxHashMap<&'static str, WordRole>, usize)> = LazyLock::new(|| {
        let mut roles: FxHashMap<&'static str, WordRole> = FxHashMap::default();
        for &m in MARKERS {
            roles.entry(m).or_default().marker = true;
        }
        for (i, rival) in RIVALS.iter().enumerate() {
            for &w in rival.own {
                roles.entry(w).or_default().rival_own |= 1 << i;
            }
            for &w in rival.danish {
                roles.entry(w).or_default().rival_danish |= 1 << i;
            }
        }
        let longest = roles.keys().map(|w| w.len()).max().unwrap_or(0);
        (roles, longest)
    });
    let (roles, longest) = (&ROLES.0, ROLES.1);
    let mut words = 0usize;
    let mut markers = 0usize;
    let mut own = [0usize; RIVALS.len()];
    let mut danish = [0usize; RIVALS.len()];
    let mut lower = String::with_capacity(longest);
    let all_words = texts
        .into_iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .take(WORDS_JUDGED);
    for word in all_words {
        // A text plainly Danish by now (twice the share needed, and at least twice the Danish
        // words against each rival as the rival's own) cannot turn in the words left unread:
        // most issues are settled in their first few thousand words.
        if words >= WORDS_SURE
            && words % 1000 == 0
            && markers as f64 >= 2.0 * MIN_SHARE * words as f64
            && own.iter().zip(&danish).all(|(o, d)| 2 * o <= *d)
        {
            break;
        }
        words += 1;
        if word.len() > longest {
            continue;
        }
        crate::text::lowercase_into(word, &mut lower);
        let Some(role) = roles.get(lower.as_str()) else {
            continue;
        };
        markers += usize::from(role.marker);
        for i in 0..RIVALS.len() {
            own[i] += usize::from(role.rival_own >> i & 1 == 1);
            danish[i] += usize::from(role.rival_danish >> i & 1 == 1);
        }
    }
    // The rival with the most of its own words, among those that beat the Danish words
    // against them.
    let rival = (0..RIVALS.len())
        .filter(|&i| own[i] >= MIN_RIVAL_WORDS && own[i] > danish[i])
        .max_by_key(|&i| (own[i], std::cmp::Reverse(i)))
        .map(|i| RivalLanguage {
            name: RIVALS[i].name,
            own_words: own[i],
            danish_words: danish[i],
        });
    DanishScore {
        words,
        marker_share: if words == 0 {
            0.0
        } else {
            markers as f64 / words as f64
        },
        rival,
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

    /// Texts written for this on one subject (municipal IT security) in Danish full of English
    /// terms and in the four rivals: the neighbours pass on the share of markers alone
    /// (Norwegian 30%, Swedish 20%, Dutch 12%), and the rivals' words are what tells them apart.
    #[test]
    fn norwegian_swedish_german_and_dutch_are_refused_and_danish_with_english_is_not() {
        let da = include_str!("../../tests/fixtures/language/da-english.txt");
        let score = danish_score(da);
        assert!(score.is_danish(), "{score:?}");
        for (text, name) in [
            (
                include_str!("../../tests/fixtures/language/nb.txt"),
                "Norwegian",
            ),
            (
                include_str!("../../tests/fixtures/language/sv.txt"),
                "Swedish",
            ),
            (
                include_str!("../../tests/fixtures/language/de.txt"),
                "German",
            ),
            (
                include_str!("../../tests/fixtures/language/nl.txt"),
                "Dutch",
            ),
        ] {
            let score = danish_score(text);
            assert!(!score.is_danish(), "{name}: {score:?}");
            assert_eq!(score.rival.map(|r| r.name), Some(name), "{score:?}");
        }
        let err = danish_score(include_str!("../../tests/fixtures/language/sv.txt"))
            .check(Path::new("sv.txt"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("sv.txt: does not look like Danish text (it reads as Swedish: "),
            "{err}"
        );
    }

    /// German news prose is full of "der", "den" and "er", words it shares with Danish: here a
    /// quarter of its words are markers, far above the share needed. It is refused as German.
    #[test]
    fn german_above_the_share_of_danish_words_is_refused() {
        let de = "Der Landkreis hat den Vertrag mit der Firma gekündigt, weil der Dienst in der \
                  Krise versagt hat. Der Landrat sagt, er wolle den Bürgern der Region bis zum \
                  Ende des Jahres einen neuen Anbieter vorstellen. Die Kosten der Umstellung \
                  trägt der Kreis, und der Rechnungshof prüft den Vorgang. Er rechnet damit, \
                  dass der Bericht im Frühjahr vorliegt.";
        let score = danish_score(de);
        assert!(score.marker_share >= MIN_SHARE, "{score:?}");
        assert!(!score.is_danish(), "{score:?}");
        assert_eq!(score.rival.map(|r| r.name), Some("German"));
    }

    /// The Danish words of the seeds outnumber every rival's by hundreds to a few.
    #[test]
    fn the_seeds_read_as_danish_not_as_a_rival() {
        for seed in [
            include_str!("../../seeds/kita-2022-autumn.txt"),
            include_str!("../../seeds/kita-2024-autumn.txt"),
        ] {
            let score = danish_score(seed);
            assert!(score.is_danish() && score.rival.is_none(), "{score:?}");
        }
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
