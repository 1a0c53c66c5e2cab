//! Is this Danish at all?
//!
//! A cheap guard before analysis: Danish running text is full of short function words that
//! English, German or French text almost never contains. Words shared with English ("i", "at",
//! "for", "man", "under") are left out of the list so an English text cannot pass on them. The
//! forms OCR makes when it loses æ/ø/å ("pa", "ogsa", "nar") are in, so a damaged Danish issue
//! still counts as Danish.

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
    /// Words looked at.
    pub words: usize,
    /// Share of them that are Danish marker words.
    pub marker_share: f64,
}

impl DanishScore {
    /// Danish running text scores 0.25–0.40 here, English below 0.03; 0.08 leaves room for
    /// tables, ads and OCR damage without letting another language through. Texts under 40 words
    /// are too short to judge and pass.
    pub fn is_danish(&self) -> bool {
        self.words < 40 || self.marker_share >= 0.08
    }
}

/// Scores how Danish a text looks.
///
/// ```
/// let score = tema::ingest::danish_score("Kommunerne skal arbejde sammen om it-sikkerheden, og det er vigtigt.");
/// assert!(score.marker_share > 0.3);
/// let english = tema::ingest::danish_score("The municipalities must work together on security, and that matters.");
/// assert!(english.marker_share < 0.05);
/// ```
pub fn danish_score(text: &str) -> DanishScore {
    let mut words = 0usize;
    let mut markers = 0usize;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(20_000)
    {
        words += 1;
        let lower = word.to_lowercase();
        if MARKERS.contains(&lower.as_str()) {
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
}
