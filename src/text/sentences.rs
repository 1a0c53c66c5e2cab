//! Danish sentences, each with its byte span in the source.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets after it) when the
//! next word starts a sentence: a capital letter, a digit or an opening quote. That one rule
//! already keeps `“…,” siger X.` and `10.30` whole; on top of it:
//!
//! - abbreviations that never end a sentence in practice (`bl.a.`, `f.eks.`, `ca.`, `jf.`,
//!   `dvs.`, `nr.`, `kl.`, `hr.`, …) never split, nor do initials (`Per N. Bukh`,
//!   `A.P. Møller`);
//! - abbreviations that often end one (`kr.`, `pct.`, `mio.`, `osv.`, `mv.`, …) split before a
//!   capital letter, as a Danish reader would read them;
//! - an ordinal (`den 1. august`) does not split before a lower-case word, which the general rule
//!   already gives;
//! - a blank line always ends a sentence: headlines and subheadings have no full stop;
//! - a single line break is a hard wrap and never ends one.
//!
//! The spans tile the text: each sentence starts where the previous one ended, and the first
//! starts at 0, so nothing is lost and `text()` trims the whitespace between them.

use std::ops::Range;

/// One sentence: a span of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the source, whitespace around the sentence included; consecutive
    /// sentences' spans touch.
    pub span: Range<usize>,
}

impl Sentence {
    /// The sentence's text without surrounding whitespace.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source[self.span.clone()].trim()
    }

    /// Byte range of the trimmed text.
    pub fn trimmed_span(&self, source: &str) -> Range<usize> {
        let raw = &source[self.span.clone()];
        let start = self.span.start + (raw.len() - raw.trim_start().len());
        let end = self.span.end - (raw.len() - raw.trim_end().len());
        start..end.max(start)
    }
}

/// Abbreviations after which a sentence never ends (lower-case, without the final period).
const NEVER_FINAL: &[&str] = &[
    "bl.a", "f.eks", "fx", "ca", "jf", "jvf", "dvs", "ift", "pga", "inkl", "ekskl", "evt", "nr",
    "stk", "kl", "s", "dr", "hr", "fr", "t.o.m", "f.o.m", "vedr", "ang", "iflg", "adm", "dir",
    "prof", "lekt", "cand", "mag", "fhv", "tlf", "ex", "bl", "f", "mht", "vha", "ifm", "bla",
    "a/s", "aps", "pr",
];

/// Abbreviations that often end a sentence: they split before a capital letter.
const MAYBE_FINAL: &[&str] = &[
    "kr", "pct", "mio", "mia", "osv", "mv", "m.fl", "mm", "etc", "m.m", "o.l", "mfl", "ml",
];

/// Splits a text into sentences.
///
/// ```
/// use tema::text::sentences;
/// let text = "Det koster 1.200 kr. om året, bl.a. til drift. “Det er for dyrt,” siger hun.\n\nNy overskrift\n\nNæste afsnit starter her.";
/// let found: Vec<&str> = sentences(text).iter().map(|s| s.text(text)).collect();
/// assert_eq!(found, [
///     "Det koster 1.200 kr. om året, bl.a. til drift.",
///     "“Det er for dyrt,” siger hun.",
///     "Ny overskrift",
///     "Næste afsnit starter her.",
/// ]);
/// ```
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for cut in boundaries(text) {
        if cut > start && !text[start..cut].trim().is_empty() {
            out.push(Sentence { span: start..cut });
            start = cut;
        }
    }
    if start < text.len() {
        if text[start..].trim().is_empty() {
            // Trailing whitespace joins the last sentence so the spans still tile the text.
            if let Some(last) = out.last_mut() {
                last.span.end = text.len();
            } else {
                out.push(Sentence {
                    span: start..text.len(),
                });
            }
        } else {
            out.push(Sentence {
                span: start..text.len(),
            });
        }
    }
    out
}

/// The first `n` sentences of a text, whitespace inside each collapsed to single spaces: a
/// lead summary.
///
/// Only as much of the text is read as the `n` sentences need (a window that doubles until it
/// holds the start of sentence `n + 1`), so long texts cost no more than short ones.
///
/// ```
/// let text = "Kommunen har en plan.\nDen gælder\nfra i dag. Den koster 2 mio. kr. Mere følger.";
/// assert_eq!(tema::text::lead(text, 2), ["Kommunen har en plan.", "Den gælder fra i dag."]);
/// assert_eq!(tema::text::lead(text, 9).len(), 4);
/// ```
pub fn lead(text: &str, n: usize) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let mut window = 256 * (n + 1);
    loop {
        let mut end = window.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let prefix = &text[..end];
        let found = sentences(prefix);
        // With sentence n + 1 started inside the window, the first n ended where they would in
        // the whole text: every cut looks only at the next word.
        if end == text.len() || found.len() > n {
            return found
                .iter()
                .map(|s| {
                    s.text(prefix)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|s| !s.is_empty())
                .take(n)
                .collect();
        }
        window *= 2;
    }
}

/// Byte offsets where a new sentence starts (the start of the next sentence's whitespace).
fn boundaries(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        // A blank line: a paragraph, headline or subheading ends here.
        if c == '\n' {
            let mut j = k + 1;
            while j < chars.len() && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j < chars.len() && chars[j].1 == '\n' {
                cuts.push(at);
                while j < chars.len() && chars[j].1.is_whitespace() {
                    j += 1;
                }
                k = j;
                continue;
            }
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow further marks and closing quotes/brackets: `?!`, `.”`, `.)`.
            let mut j = k + 1;
            while j < chars.len() && is_closer(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            let followed_by_space = chars.get(j).is_some_and(|&(_, n)| n.is_whitespace());
            if followed_by_space && (c != '.' || !keeps_going(text, at)) {
                let mut n = j;
                while n < chars.len() && chars[n].1.is_whitespace() {
                    n += 1;
                }
                if let Some(&(_, next)) = chars.get(n) {
                    if starts_sentence(next)
                        && !(c == '.' && abbreviation_needs_lower(text, at, next))
                    {
                        cuts.push(end);
                    }
                }
            }
            k = j;
            continue;
        }
        k += 1;
    }
    cuts
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '"' | '”' | '’' | '\'' | '»' | ')' | ']' | '…'
    )
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '“' | '"' | '„' | '«' | '»' | '‘' | '(' | '-' | '–' | '§')
}

/// The word that ends at the period at byte `dot` (letters, digits and inner periods), lower-cased.
fn word_before(text: &str, dot: usize) -> String {
    original_word_before(text, dot).to_lowercase()
}

/// The word that ends at the period at byte `dot`, as written.
fn original_word_before(text: &str, dot: usize) -> &str {
    let before = &text[..dot];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '/'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// A period that never ends a sentence: after an abbreviation that is never final, or an
/// initial (one capital letter, or several joined by periods).
fn keeps_going(text: &str, dot: usize) -> bool {
    // Lower case can change a word's length in bytes ("Ⱥ"), so the word as written is cut
    // from the text, not measured from its lower-cased form.
    let original = original_word_before(text, dot);
    let word = original.to_lowercase();
    // "KL", "IT", "DR" in capitals are names (Kommunernes Landsforening), not "kl." (klokken):
    // a sentence may end with them.
    let acronym = original.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && original.chars().all(|c| !c.is_lowercase());
    if NEVER_FINAL.contains(&word.as_str()) && !acronym {
        return true;
    }
    // An initial, or initials run together ("A.P. Møller", "H.C. Andersen"): single capitals
    // between periods.
    !original.is_empty()
        && original.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
        })
}

/// Abbreviations that may end a sentence do so before a capital letter or a quote, never before
/// a number ("mio. 500" goes on).
fn abbreviation_needs_lower(text: &str, dot: usize, next: char) -> bool {
    let word = word_before(text, dot);
    MAYBE_FINAL.contains(&word.as_str()) && next.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_reads_the_same_sentences_as_the_whole_text() {
        let sentence = "Kommunerne samarbejder om drift, bl.a. af servere og net. ";
        let long: String = (0..200).map(|i| format!("{i}. {sentence}")).collect();
        let whole: Vec<String> = sentences(&long)
            .iter()
            .take(3)
            .map(|s| s.text(&long).to_owned())
            .collect();
        assert_eq!(lead(&long, 3), whole);
        assert_eq!(lead("", 3), Vec::<String>::new());
        assert_eq!(
            lead("Én sætning uden punktum", 3),
            ["Én sætning uden punktum"]
        );
        let wide = "æ".repeat(5000) + ". Næste.";
        assert_eq!(
            lead(&wide, 1).len(),
            1,
            "windows cut on character boundaries"
        );
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn every_never_final_abbreviation_keeps_the_sentence_whole() {
        for abbr in [
            "bl.a.", "f.eks.", "ca.", "jf.", "dvs.", "ift.", "pga.", "inkl.", "ekskl.", "evt.",
            "nr.", "stk.", "kl.", "s.", "dr.", "hr.", "t.o.m.",
        ] {
            let text = format!("Vi så {abbr} Hansen og andre i går. Næste sætning.");
            assert_eq!(split(&text).len(), 2, "{abbr}: {:?}", split(&text));
        }
    }

    #[test]
    fn an_acronym_in_capitals_may_end_a_sentence() {
        // "KL" is Kommunernes Landsforening, "kl." is o'clock.
        assert_eq!(
            split("Aftalen er indgået med KL. Analysen kommer i oktober."),
            ["Aftalen er indgået med KL.", "Analysen kommer i oktober."]
        );
        assert_eq!(split("Mødet er kl. 10 i morgen.").len(), 1);
        assert_eq!(split("Mødet er Kl. Ti i morgen.").len(), 1);
    }

    #[test]
    fn abbreviations_that_may_end_a_sentence_split_before_a_capital() {
        for abbr in ["kr.", "pct.", "mio.", "mia.", "osv.", "mv.", "m.fl."] {
            let end = format!("Det steg med 10 {abbr} Næste sætning.");
            assert_eq!(split(&end).len(), 2, "{abbr} at the end: {:?}", split(&end));
            let inside = format!("Det steg med 10 {abbr} om året.");
            assert_eq!(
                split(&inside).len(),
                1,
                "{abbr} inside: {:?}",
                split(&inside)
            );
        }
    }

    #[test]
    fn tricky_sentences() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Mødet starter kl. 10.30 i salen.",
                &["Mødet starter kl. 10.30 i salen."],
            ),
            (
                "Det koster 1.200 kr. årligt. Det er meget.",
                &["Det koster 1.200 kr. årligt.", "Det er meget."],
            ),
            (
                "“Vi skal samarbejde,” siger Per N. Bukh. Han er professor.",
                &[
                    "“Vi skal samarbejde,” siger Per N. Bukh.",
                    "Han er professor.",
                ],
            ),
            (
                "“Det er slut.” Sådan sagde han. Og så gik han?! Ja.",
                &[
                    "“Det er slut.”",
                    "Sådan sagde han.",
                    "Og så gik han?!",
                    "Ja.",
                ],
            ),
            (
                "Den 1. august træder loven i kraft.",
                &["Den 1. august træder loven i kraft."],
            ),
            (
                "Loven gælder fra 2025. 98 kommuner er omfattet.",
                &["Loven gælder fra 2025.", "98 kommuner er omfattet."],
            ),
            (
                "Kommunerne skal\nsamarbejde mere. Det\nsiger KL.",
                &["Kommunerne skal\nsamarbejde mere.", "Det\nsiger KL."],
            ),
            (
                "Grøn IT\n\nDatacentre bruger strøm.",
                &["Grøn IT", "Datacentre bruger strøm."],
            ),
            ("Se www.kl.dk for mere.", &["Se www.kl.dk for mere."]),
            (
                "NIS2 (se s. 6) gælder. Også her.",
                &["NIS2 (se s. 6) gælder.", "Også her."],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn more_tricky_sentences() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Bl.a. Gladsaxe er med. F.eks. også Aarhus.",
                &["Bl.a. Gladsaxe er med.", "F.eks. også Aarhus."],
            ),
            (
                "Ca. 40 pct. af kommunerne har en plan, jf. KL's opgørelse.",
                &["Ca. 40 pct. af kommunerne har en plan, jf. KL's opgørelse."],
            ),
            (
                "Det sagde J. P. Jensen fra KOMBIT i går. Han er enig.",
                &["Det sagde J. P. Jensen fra KOMBIT i går.", "Han er enig."],
            ),
            (
                "“Hvorfor nu?” spørger hun. “Fordi det haster.”",
                &["“Hvorfor nu?” spørger hun.", "“Fordi det haster.”"],
            ),
            (
                "Udgiften er 2,5 mio. kr. om året, inkl. moms.",
                &["Udgiften er 2,5 mio. kr. om året, inkl. moms."],
            ),
            (
                "Det gælder fra den 1.1.2025 og t.o.m. 2027. Derefter evalueres det.",
                &[
                    "Det gælder fra den 1.1.2025 og t.o.m. 2027.",
                    "Derefter evalueres det.",
                ],
            ),
            (
                "Se § 60, stk. 2, nr. 3 i loven.",
                &["Se § 60, stk. 2, nr. 3 i loven."],
            ),
            (
                "Kommunerne skal bl.a.\nsamarbejde om drift. Det er aftalt.",
                &[
                    "Kommunerne skal bl.a.\nsamarbejde om drift.",
                    "Det er aftalt.",
                ],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn ordinals_and_initials_before_a_word_go_on() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Søgningen fra 9. og 10. klasse er steget. Det viser tal.",
                &[
                    "Søgningen fra 9. og 10. klasse er steget.",
                    "Det viser tal.",
                ],
            ),
            (
                "Det sker den 3. maj i år. Alle er inviteret.",
                &["Det sker den 3. maj i år.", "Alle er inviteret."],
            ),
            (
                "Gaven kommer fra A.P. Møller Fonden. Den er stor.",
                &["Gaven kommer fra A.P. Møller Fonden.", "Den er stor."],
            ),
            (
                "Museet af H.C. Andersen og C.F. Møller åbner. Det er nyt.",
                &[
                    "Museet af H.C. Andersen og C.F. Møller åbner.",
                    "Det er nyt.",
                ],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn spans_tile_the_text() {
        let text = "  Første sætning. Anden!\n\nTredje uden punktum\n  ";
        let found = sentences(text);
        assert_eq!(found.first().unwrap().span.start, 0);
        assert_eq!(found.last().unwrap().span.end, text.len());
        for pair in found.windows(2) {
            assert_eq!(pair[0].span.end, pair[1].span.start);
        }
        assert_eq!(found.len(), 3);
        assert_eq!(&text[found[1].trimmed_span(text)], "Anden!");
    }

    #[test]
    fn letters_whose_lower_case_is_longer_do_not_break_abbreviations() {
        let text = "🌀Ⱥ. Næste sætning.";
        let found: Vec<&str> = sentences(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(found.concat(), text);
    }
}
