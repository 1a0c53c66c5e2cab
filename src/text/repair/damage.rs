//! Damage assessment: whether a text lost its æ/ø/å, and which words may hold damage at all
//! (letters, digits beside letters), with the forms that are damage whatever the lexicon says.

/// How damaged a text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Damage {
    /// Words with letters.
    pub words: usize,
    /// Of those, words with æ, ø or å.
    pub with_danish_letters: usize,
}

impl Damage {
    /// The fewest words that tell a damaged text from one that lacks æ/ø/å by chance.
    pub const ENOUGH_WORDS: usize = 100;

    /// Danish prose has æ/ø/å in roughly one word in ten; under one in fifty, over a text long
    /// enough to tell ([`Damage::ENOUGH_WORDS`]), the letters were lost.
    pub fn is_damaged(&self) -> bool {
        self.words >= Self::ENOUGH_WORDS && self.with_danish_letters * 50 < self.words
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

/// Whether a word without hyphens has letters to repair. Digits stand for letters only beside
/// letters ("s8", "p3", "0gsa"); "8" and "2024" are numbers.
pub(super) fn may_be_damaged_word(word: &str) -> bool {
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    word.chars().any(char::is_alphabetic)
        && !(has_digit
            && (!word.contains(['3', '8', '0'])
                || word.chars().filter(char::is_ascii_digit).count() > 1))
}

/// An unknown word (a name, a rare compound) with its unmistakable damage undone: "ee", "ze" and
/// "ae", which Danish spells only in loanwords the lexicon knows, are "æ"; "@" and "&" between
/// letters are "ø" and "å". `None` when the word has none of them.
pub(super) fn unmistakable_damage(lower: &str) -> Option<String> {
    // Addresses ("info@kita.dk") and codes are written as they are.
    if lower.contains(|c: char| !c.is_alphabetic() && !matches!(c, '@' | '&')) {
        return None;
    }
    let mut out = String::with_capacity(lower.len());
    let mut rest = lower;
    let mut changed = false;
    let mut previous_letter = false;
    while let Some(c) = rest.chars().next() {
        let next_letter = rest[c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
        if previous_letter && ["ee", "ze", "ae"].iter().any(|d| rest.starts_with(d)) {
            out.push('æ');
            rest = &rest[2..];
            changed = true;
            previous_letter = true;
            continue;
        }
        let fixed = match c {
            '@' if previous_letter && next_letter => 'ø',
            '&' if previous_letter && next_letter => 'å',
            c => c,
        };
        changed |= fixed != c;
        out.push(fixed);
        previous_letter = fixed.is_alphabetic();
        rest = &rest[c.len_utf8()..];
    }
    changed.then_some(out)
}

/// Damaged forms that are not letter swaps: "Al" for "AI", "|" for "I", "[T" for "IT", "0S2"
/// for "OS2" (a zero before capitals).
pub(super) fn special_form(word: &str) -> Option<String> {
    match word {
        "Al" => return Some("AI".to_owned()),
        "|" => return Some("I".to_owned()),
        "[T" | "[t" => return Some("IT".to_owned()),
        _ => {}
    }
    let rest = word.strip_prefix('0')?;
    rest.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| format!("O{rest}"))
}
