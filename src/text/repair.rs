//! OCR repair: putting back the æ, ø and å that OCR lost.
//!
//! A damaged issue writes "løsning" as "lgsning", "på" as "pa" or "pd", "grønne" as "gronne",
//! "fællesskab" as "fzellesskab", "AI" as "Al". The repair reads each word, and when it is not a
//! known Danish word (or a far rarer one than a form the confusions could have made), tries the
//! confusions OCR is known to make, at most three at a time, and keeps the most frequent word of
//! the lexicon they reach. Only letters inside words change: lines, spacing and punctuation stay
//! as they are.
//!
//! Damage is judged per document first ([`assess`]): Danish prose has æ/ø/å in about one word
//! in ten, so a text with plenty of them is clean and left alone.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Danish word forms with how often they occur.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    counts: FxHashMap<String, u64>,
}

impl Lexicon {
    /// Reads the `word<TAB>count` format of `models/lexicon-da.tsv`; lines starting with `#` are
    /// comments. `name` only names the source in errors.
    pub fn parse(name: &str, text: &str) -> Result<Lexicon> {
        let mut counts = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let parsed = line
                .split_once('\t')
                .and_then(|(word, count)| Some((word, count.trim().parse::<u64>().ok()?)));
            let Some((word, count)) = parsed else {
                return Err(Error::Lexicon {
                    name: name.to_owned(),
                    line: n + 1,
                    reason: "expected a word, a tab and a count".to_owned(),
                });
            };
            counts.insert(word.to_owned(), count);
        }
        Ok(Lexicon { counts })
    }

    /// Builds a lexicon from `(word, count)` pairs.
    pub fn from_counts<'a>(pairs: impl IntoIterator<Item = (&'a str, u64)>) -> Lexicon {
        Lexicon {
            counts: pairs.into_iter().map(|(w, c)| (w.to_owned(), c)).collect(),
        }
    }

    /// How often a lower-case word occurs; 0 when unknown.
    pub fn count(&self, word: &str) -> u64 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// What OCR writes for a letter, and the letters it may have been. Read as: where the damaged
/// word has `from`, the printed word may have had `to`.
const CONFUSIONS: &[(&str, &str)] = &[
    ("a", "å"),
    ("a", "æ"),
    ("a", "ø"),
    ("ae", "æ"),
    ("ee", "æ"),
    ("ze", "æ"),
    ("z", "æ"),
    ("e", "æ"),
    ("e", "ø"),
    ("g", "ø"),
    ("o", "ø"),
    ("@", "ø"),
    ("d", "å"),
    ("é", "å"),
    ("&", "å"),
    ("3", "å"),
    ("8", "å"),
    ("0", "o"),
    ("i", "l"),
    ("p", "ø"),
];

/// The most confusions tried in one word: enough for "veerktej" → "værktøj", few enough to stay
/// fast and not to turn one real word into another.
const MAX_EDITS: usize = 3;

/// A known word is only replaced by a form this many times more frequent ("pa" → "på" yes,
/// "for" → "før" no).
const KNOWN_WORD_MARGIN: u64 = 20;

/// How damaged a text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Damage {
    /// Words with letters.
    pub words: usize,
    /// Of those, words with æ, ø or å.
    pub with_danish_letters: usize,
}

impl Damage {
    /// Danish prose has æ/ø/å in roughly one word in ten; under one in fifty, over a text long
    /// enough to tell, the letters were lost.
    pub fn is_damaged(&self) -> bool {
        self.words >= 100 && self.with_danish_letters * 50 < self.words
    }
}

/// Measures how many words keep their æ/ø/å.
pub fn assess(text: &str) -> Damage {
    let mut words = 0;
    let mut with_danish_letters = 0;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']) {
            with_danish_letters += 1;
        }
    }
    Damage {
        words,
        with_danish_letters,
    }
}

/// Repairs words against a lexicon, remembering each word's answer.
pub struct Repairer<'a> {
    lexicon: &'a Lexicon,
    cache: FxHashMap<String, Option<String>>,
}

impl<'a> Repairer<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Repairer {
            lexicon,
            cache: FxHashMap::default(),
        }
    }

    /// Repairs a whole text: each whitespace-separated word keeps its place, its punctuation and
    /// its case pattern; only the letters of damaged words change.
    ///
    /// ```
    /// use tema::text::{Lexicon, Repairer};
    /// let lexicon = Lexicon::from_counts([("på", 900), ("løsning", 50), ("grønne", 20), ("den", 800)]);
    /// let mut repairer = Repairer::new(&lexicon);
    /// assert_eq!(repairer.repair_text("Den gronne lgsning, pa vej."), "Den grønne løsning, på vej.");
    /// ```
    pub fn repair_text(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while !rest.is_empty() {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, tail) = rest.split_at(word_end);
            out.push_str(&self.repair_token(word));
            let space_end = tail
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(tail.len());
            out.push_str(&tail[..space_end]);
            rest = &tail[space_end..];
        }
        out
    }

    /// Repairs one whitespace-separated token, keeping punctuation around it.
    fn repair_token<'t>(&mut self, token: &'t str) -> Cow<'t, str> {
        let core_start = token
            .char_indices()
            .find(|&(_, c)| c.is_alphanumeric() || matches!(c, '@' | '&' | '|' | '['))
            .map(|(i, _)| i);
        let Some(start) = core_start else {
            return Cow::Borrowed(token);
        };
        let end = token
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_alphanumeric() || matches!(c, '&' | '@'))
            .map_or(token.len(), |(i, c)| i + c.len_utf8());
        if end <= start {
            return Cow::Borrowed(token);
        }
        let core = &token[start..end];
        // Compound words are repaired part by part: "it-lgsning" → "it-løsning".
        let mut changed = false;
        let parts: Vec<Cow<'_, str>> = core
            .split('-')
            .map(|part| {
                let fixed = self.repair_word(part);
                changed |= matches!(fixed, Cow::Owned(_));
                fixed
            })
            .collect();
        if !changed {
            return Cow::Borrowed(token);
        }
        Cow::Owned(format!(
            "{}{}{}",
            &token[..start],
            parts.join("-"),
            &token[end..]
        ))
    }

    /// Repairs one word without hyphens; borrows when it stays.
    fn repair_word<'w>(&mut self, word: &'w str) -> Cow<'w, str> {
        if let Some(fixed) = special_form(word) {
            return Cow::Owned(fixed.to_owned());
        }
        if word.is_empty()
            || word.chars().any(|c| c.is_ascii_digit()) && !word.contains(['3', '8', '0'])
        {
            return Cow::Borrowed(word);
        }
        let lower = word.to_lowercase();
        let answer = match self.cache.get(&lower) {
            Some(answer) => answer.clone(),
            None => {
                let answer = self.best_candidate(&lower);
                self.cache.insert(lower.clone(), answer.clone());
                answer
            }
        };
        match answer {
            Some(fixed) => Cow::Owned(match_case(word, &fixed)),
            None => Cow::Borrowed(word),
        }
    }

    /// The most frequent lexicon word the confusions reach from `lower`, if it beats the word
    /// itself by the margin.
    fn best_candidate(&self, lower: &str) -> Option<String> {
        let own = self.lexicon.count(lower);
        let mut best: Option<(u64, String)> = None;
        let chars: Vec<char> = lower.chars().collect();
        let mut consider = |candidate: String| {
            if candidate == lower {
                return;
            }
            let count = self.lexicon.count(&candidate);
            if count > 0
                && best
                    .as_ref()
                    .is_none_or(|(c, w)| count > *c || count == *c && candidate < *w)
            {
                best = Some((count, candidate));
            }
        };
        expand(&chars, 0, MAX_EDITS, &mut String::new(), &mut consider);
        let (count, word) = best?;
        let beats_own = if own == 0 {
            true
        } else {
            count >= own.saturating_mul(KNOWN_WORD_MARGIN)
        };
        beats_own.then_some(word)
    }
}

/// Every way to rewrite `chars[at..]` with up to `edits` confusions, appended to `prefix`.
fn expand(
    chars: &[char],
    at: usize,
    edits: usize,
    prefix: &mut String,
    out: &mut impl FnMut(String),
) {
    if at == chars.len() {
        out(prefix.clone());
        return;
    }
    let keep = prefix.len();
    // Keep this character as it is.
    prefix.push(chars[at]);
    expand(chars, at + 1, edits, prefix, out);
    prefix.truncate(keep);
    if edits == 0 {
        return;
    }
    for (from, to) in CONFUSIONS {
        let n = from.chars().count();
        if at + n <= chars.len() && chars[at..at + n].iter().copied().eq(from.chars()) {
            prefix.push_str(to);
            expand(chars, at + n, edits - 1, prefix, out);
            prefix.truncate(keep);
        }
    }
}

/// Damaged forms that are not letter swaps: "Al" for "AI", "|" for "I", "[T" for "IT".
fn special_form(word: &str) -> Option<&'static str> {
    match word {
        "Al" => Some("AI"),
        "|" => Some("I"),
        "[T" | "[t" => Some("IT"),
        _ => None,
    }
}

/// Gives `fixed` the case pattern of `original`: all capitals, a capital first, or lower case.
/// A capital I that the repair read as an l ("Igsning") was a damaged lower-case l.
fn match_case(original: &str, fixed: &str) -> String {
    if original.starts_with('I') && fixed.starts_with('l') {
        return fixed.to_owned();
    }
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::from_counts([
            ("på", 9000),
            ("pa", 2),
            ("også", 3000),
            ("når", 2000),
            ("for", 20000),
            ("før", 1500),
            ("får", 1200),
            ("far", 300),
            ("måde", 800),
            ("møde", 400),
            ("made", 5),
            ("løsning", 500),
            ("løsninger", 300),
            ("grønne", 200),
            ("større", 400),
            ("største", 300),
            ("øget", 80),
            ("fællesskab", 90),
            ("værktøj", 60),
            ("ærgerligt", 10),
            ("kommunerne", 900),
            ("it", 500),
            ("så", 7000),
            ("løbet", 300),
        ])
    }

    #[test]
    fn damaged_words_from_the_known_confusions_are_restored() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        for (damaged, expected) in [
            ("pa", "på"),
            ("pd", "på"),
            ("pé", "på"),
            ("p3", "på"),
            ("s&", "så"),
            ("s8", "så"),
            ("ogsa", "også"),
            ("0gsa", "også"),
            ("lgsning", "løsning"),
            ("Igsning", "løsning"),
            ("i Ipbet af", "i løbet af"),
            ("gronne", "grønne"),
            ("starre", "større"),
            ("sterste", "største"),
            ("@get", "øget"),
            ("fzellesskab", "fællesskab"),
            ("veerktej", "værktøj"),
            ("zergerligt", "ærgerligt"),
            ("made", "måde"),
            ("Al", "AI"),
            ("|", "I"),
        ] {
            assert_eq!(repairer.repair_text(damaged), expected, "{damaged}");
        }
    }

    #[test]
    fn real_words_and_unknown_words_stay() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        for word in [
            "for",
            "kommunerne",
            "NIS2",
            "KOMBIT",
            "2024",
            "Gladsaxe",
            "far",
        ] {
            assert_eq!(repairer.repair_text(word), word);
        }
    }

    #[test]
    fn only_letters_inside_words_change() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        let damaged = "  Det er (pa) tide,\tOGSA nu: it-lgsninger… [T-chefen\n";
        let fixed = repairer.repair_text(damaged);
        assert_eq!(
            fixed,
            "  Det er (på) tide,\tOGSÅ nu: it-løsninger… IT-chefen\n"
        );
        let shape = |s: &str| s.split_whitespace().count();
        assert_eq!(shape(&fixed), shape(damaged));
        assert_eq!(fixed.lines().count(), damaged.lines().count());
    }

    #[test]
    fn clean_text_is_recognised_as_clean() {
        let clean = "Kommunerne får en ny løsning på området, og det er godt for de grønne mål. "
            .repeat(10);
        assert!(!assess(&clean).is_damaged());
        let damaged = "Kommunerne far en ny lgsning pa omradet, og det er godt for de gronne mal. "
            .repeat(10);
        assert!(assess(&damaged).is_damaged());
    }

    #[test]
    fn lexicon_format_errors_name_the_line() {
        let err = Lexicon::parse("lex.tsv", "# header\npå\t900\nbroken line\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "lex.tsv: line 3: expected a word, a tab and a count"
        );
        let ok = Lexicon::parse("lex.tsv", "# header\npå\t900\n").unwrap();
        assert_eq!(ok.count("på"), 900);
    }
}
