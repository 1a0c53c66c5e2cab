//! Danish stems and stop words, and the way back from a stem to a word people read.
//!
//! Stems come from the Snowball Danish stemmer (rust-stemmers), cached because a magazine
//! repeats its vocabulary. A [`SurfaceForms`] table remembers, for every stem, the surface form
//! seen most often, so reports can say "kommunerne" instead of "kommun".

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// The Snowball Danish stop-word list (snowball.tartarus.org/algorithms/danish/stop.txt, the
/// list NLTK ships), unchanged.
pub const SNOWBALL_STOP_WORDS: &[&str] = &[
    "og", "i", "jeg", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "han", "af",
    "for", "ikke", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde",
    "ham", "hun", "nu", "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans",
    "hvor", "eller", "hvad", "skal", "selv", "her", "alle", "vil", "blev", "kunne", "ind", "når",
    "være", "dog", "noget", "ville", "jo", "deres", "efter", "ned", "skulle", "denne", "end",
    "dette", "mit", "også", "under", "have", "dig", "anden", "hende", "mine", "alt", "meget",
    "sit", "sine", "vor", "mod", "disse", "hvis", "din", "nogle", "hos", "blive", "mange", "ad",
    "bliver", "hendes", "været", "thi", "jer", "sådan",
];

/// tema's extension of the Snowball list: words so common in Danish journalism that they say
/// nothing about an article's subject. Reported speech ("siger", "fortæller"), the other forms
/// of very common verbs, discourse words, and the forms OCR leaves when it loses æ/ø/å from
/// stop words ("pa", "nar", "ogsa", "vaere", "sadan"), so damaged text is filtered the same way.
pub const EXTRA_STOP_WORDS: &[&str] = &[
    // reported speech and common verb forms
    "siger",
    "sagde",
    "sagt",
    "fortæller",
    "fortalte",
    "mener",
    "mente",
    "får",
    "fik",
    "fået",
    "få",
    "gør",
    "gjorde",
    "gjort",
    "gøre",
    "kan",
    "kommer",
    "kom",
    "komme",
    "går",
    "gik",
    "gå",
    "tager",
    "tog",
    "taget",
    "giver",
    "gav",
    "givet",
    "ser",
    "så",
    "set",
    "må",
    "bør",
    "burde",
    "ved",
    "vide",
    "vidste",
    "står",
    "stod",
    "blevet",
    "haft",
    "hedder",
    // pronouns, articles, conjunctions, adverbs
    "vores",
    "jeres",
    "hinanden",
    "sammen",
    "samme",
    "andre",
    "andet",
    "hver",
    "hvert",
    "ingen",
    "intet",
    "nogen",
    "flere",
    "fleste",
    "mere",
    "mest",
    "både",
    "enten",
    "fordi",
    "selvom",
    "hvordan",
    "hvorfor",
    "hvornår",
    "hvilke",
    "hvilken",
    "hvilket",
    "hvem",
    "mens",
    "samt",
    "siden",
    "uden",
    "igen",
    "lige",
    "helt",
    "godt",
    "bare",
    "kun",
    "allerede",
    "stadig",
    "altså",
    "nemlig",
    "derfor",
    "dermed",
    "desuden",
    "blandt",
    "mellem",
    "gennem",
    "omkring",
    "via",
    "ifølge",
    "inden",
    "indtil",
    "frem",
    "tilbage",
    "hen",
    "rundt",
    "ja",
    "nej",
    "måske",
    "nok",
    "vel",
    "især",
    "endnu",
    "ens",
    "dens",
    "dets",
    "egen",
    "eget",
    "egne",
    // numbers written as words
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "syv",
    "otte",
    "ni",
    "ti",
    "første",
    // OCR forms of stop words that lost æ/ø/å
    "pa",
    "nar",
    "ogsa",
    "vaere",
    "vaeret",
    "sadan",
    "bade",
    "far",
    "ga",
    "gar",
    "ma",
    "mader",
];

static STOP_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    SNOWBALL_STOP_WORDS
        .iter()
        .chain(EXTRA_STOP_WORDS)
        .copied()
        .collect()
});

/// Whether a normalised (lower-case) word is a stop word.
pub fn is_stop_word(norm: &str) -> bool {
    // Most content words are longer than any stop word: no hashing for them.
    norm.len() <= MAX_STOP_WORD_BYTES && STOP_WORDS.contains(norm)
}

/// The longest stop word in bytes ("fortæller"); a test checks.
const MAX_STOP_WORD_BYTES: usize = 10;

/// The Snowball Danish stemmer with a cache of the stems it has made.
pub struct DanishStemmer {
    stemmer: Stemmer,
    // Fx hashing: the keys are short words from our own text, and SipHash cost a quarter of
    // the analysis time.
    // Each word's index in `stems`: a hit is one lookup and no borrow puzzle.
    cache: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
}

impl Default for DanishStemmer {
    fn default() -> Self {
        DanishStemmer {
            stemmer: Stemmer::create(Algorithm::Danish),
            cache: FxHashMap::default(),
            stems: Vec::new(),
        }
    }
}

impl DanishStemmer {
    /// The stem of a normalised word.
    ///
    /// ```
    /// let mut stemmer = tema::text::DanishStemmer::default();
    /// let plural = stemmer.stem("kommunerne").to_owned();
    /// assert_eq!(plural, stemmer.stem("kommuner"));
    /// ```
    pub fn stem(&mut self, norm: &str) -> &str {
        if let Some(&i) = self.cache.get(norm) {
            return &self.stems[i as usize];
        }
        let i = self.stems.len() as u32;
        self.stems.push(self.stemmer.stem(norm).into());
        self.cache.insert(norm.into(), i);
        &self.stems[i as usize]
    }
}

/// For every stem, the surface forms seen and how often; the most frequent is what people read.
#[derive(Debug, Default, Clone)]
pub struct SurfaceForms {
    counts: HashMap<String, HashMap<String, u32>>,
}

impl SurfaceForms {
    /// Records one occurrence of `surface` (normalised) under `stem`.
    pub fn add(&mut self, stem: &str, surface: &str) {
        *self
            .counts
            .entry(stem.to_owned())
            .or_default()
            .entry(surface.to_owned())
            .or_default() += 1;
    }

    /// Records `count` occurrences of `surface` under `stem` at once, as when merging counts
    /// made in parallel.
    pub fn add_count(&mut self, stem: &str, surface: &str, count: u32) {
        *self
            .counts
            .entry(stem.to_owned())
            .or_default()
            .entry(surface.to_owned())
            .or_default() += count;
    }

    /// The most frequent surface form of a stem; ties go to the shorter, then the
    /// alphabetically first form, so the answer never depends on insertion order.
    pub fn best(&self, stem: &str) -> Option<&str> {
        self.counts
            .get(stem)?
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| b.0.len().cmp(&a.0.len()))
                    .then_with(|| b.0.cmp(a.0))
            })
            .map(|(form, _)| form.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_does_not_repeat_itself_or_snowball() {
        let mut seen = std::collections::HashSet::new();
        for word in SNOWBALL_STOP_WORDS.iter().chain(EXTRA_STOP_WORDS) {
            assert!(seen.insert(word), "{word} listed twice");
        }
    }

    #[test]
    fn no_stop_word_is_longer_than_the_gate() {
        let longest = SNOWBALL_STOP_WORDS
            .iter()
            .chain(EXTRA_STOP_WORDS)
            .map(|w| w.len())
            .max();
        assert_eq!(longest, Some(MAX_STOP_WORD_BYTES));
    }

    #[test]
    fn stop_words_cover_snowball_and_ocr_forms() {
        for word in ["og", "på", "sådan", "pa", "ogsa", "siger"] {
            assert!(is_stop_word(word), "{word}");
        }
        for word in ["kommune", "cybersikkerhed", "nis2", "datacenter"] {
            assert!(!is_stop_word(word), "{word}");
        }
        assert_eq!(SNOWBALL_STOP_WORDS.len(), 94);
    }

    #[test]
    fn stems_keep_danish_letters_and_are_cached() {
        let mut stemmer = DanishStemmer::default();
        let plural = stemmer.stem("løsningerne").to_owned();
        assert_eq!(plural, stemmer.stem("løsning"));
        assert!(stemmer.stem("grønne").contains('ø'));
        assert_eq!(stemmer.cache.len(), 3);
        stemmer.stem("løsning");
        assert_eq!(stemmer.cache.len(), 3);
    }

    #[test]
    fn most_frequent_surface_form_wins() {
        let mut forms = SurfaceForms::default();
        for surface in ["kommunerne", "kommuner", "kommunerne", "kommune"] {
            forms.add("kommun", surface);
        }
        assert_eq!(forms.best("kommun"), Some("kommunerne"));
        forms.add("kommun", "kommuner");
        // A tie between two forms seen twice goes to the shorter one.
        assert_eq!(forms.best("kommun"), Some("kommuner"));
        assert_eq!(forms.best("ukendt"), None);
    }
}
