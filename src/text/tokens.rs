//! Words with byte offsets, normalised for matching.
//!
//! A token is a run of letters and digits, with `-`, `.`, `,`, `/` and `'` kept inside it when a
//! letter or digit follows: `it-chef`, `IT-chef`, `NIS2`, `CO2-udledning`, `OS2Kitos`, `1.200`,
//! `10,5`, `2016-2023` and `§60` (a leading `§`) are one token each. The span always points at the
//! text as printed; the normalised form is NFC and lower case, with soft hyphens removed and æ/ø/å
//! kept as they are, because the Danish stemmer needs them.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters only (hyphens inside allowed): `kommune`, `it-chef`.
    Word,
    /// Digits only (with separators): `2024`, `1.200`, `10,5`.
    Number,
    /// Letters and digits together: `NIS2`, `CO2`, `OS2Kitos`, `§60`.
    Mixed,
}

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// NFC, lower case, soft hyphens removed.
    pub norm: String,
    pub kind: TokenKind,
}

impl Token {
    /// The token as printed.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.span.clone()]
    }
}

const SOFT_HYPHEN: char = '\u{00AD}';

#[inline]
fn is_core(c: char) -> bool {
    is_alphanumeric(c) || c == SOFT_HYPHEN
}

/// Splits a text into tokens.
///
/// ```
/// use tema::text::{tokenize, TokenKind};
/// let text = "IT-chefen i OS2Kitos: NIS2 og CO2-krav, §60 og 1.200 kr.";
/// let tokens = tokenize(text);
/// let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
/// assert_eq!(norms, ["it-chefen", "i", "os2kitos", "nis2", "og", "co2-krav", "§60", "og", "1.200", "kr"]);
/// assert_eq!(tokens[0].text(text), "IT-chefen");
/// assert_eq!(tokens[8].kind, TokenKind::Number);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    // A token every six bytes or so in Danish prose: one allocation instead of a dozen.
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    let mut at = 0;
    while let Some((c, len)) = char_at(text, at) {
        let section_sign = c == '§'
            && text
                .as_bytes()
                .get(at + len)
                .is_some_and(u8::is_ascii_digit);
        if !is_alphanumeric(c) && !section_sign {
            at += len;
            continue;
        }
        let start = at;
        let mut end = at + len;
        let mut last = c;
        let mut letters = c.is_alphabetic();
        let mut digits = c.is_ascii_digit();
        while let Some((n, n_len)) = char_at(text, end) {
            if is_core(n) {
                end += n_len;
            } else if matches!(n, '-' | '.' | ',' | '/' | '\'' | '’') {
                // A joiner stays only between two word characters.
                match char_at(text, end + n_len) {
                    Some((m, m_len)) if is_core(m) && joins(n, last, m) => {
                        end += n_len + m_len;
                        last = m;
                        letters |= m.is_alphabetic();
                        digits |= m.is_ascii_digit();
                    }
                    _ => break,
                }
                continue;
            } else {
                break;
            }
            last = n;
            letters |= n.is_alphabetic();
            digits |= n.is_ascii_digit();
        }
        let printed = &text[start..end];
        let kind = match (letters, digits) {
            (true, false) => TokenKind::Word,
            (false, true) if !section_sign => TokenKind::Number,
            _ => TokenKind::Mixed,
        };
        tokens.push(Token {
            span: start..end,
            norm: normalize_word(printed),
            kind,
        });
        at = end;
    }
    tokens
}

/// The character at byte `at` and its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let &byte = text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((byte as char, 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, c.len_utf8()))
}

#[inline]
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Whether a separator joins the token so far, ending in `last`, to the next character:
/// hyphens and slashes join anything, periods and commas only digits to digits (`1.200`,
/// `10,5`) and the periods of abbreviations are left to the sentence splitter; apostrophes
/// join letters (`pc'er`).
fn joins(separator: char, last: char, next: char) -> bool {
    match separator {
        '-' | '/' => true,
        '.' | ',' => last.is_ascii_digit() && next.is_ascii_digit(),
        _ => last.is_alphabetic() && next.is_alphabetic(),
    }
}

/// Writes `word` in lower case into `out`, which is cleared first: a buffer kept across words,
/// as the repair and the Danish check lower-case every word they read and most need no new
/// `String`. ASCII words (most) take the byte-wise path.
///
/// ```
/// let mut out = String::new();
/// tema::text::lowercase_into("Løsning", &mut out);
/// assert_eq!(out, "løsning");
/// ```
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// NFC, lower case, soft hyphens and typographic apostrophes unified. Never folds æ/ø/å.
pub fn normalize_word(word: &str) -> String {
    // Most words are ASCII, or already NFC, and need only lower-casing.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    if unicode_normalization::is_nfc_quick(word.chars()) == unicode_normalization::IsNormalized::Yes
        && !word.contains([SOFT_HYPHEN, '’'])
    {
        return word.to_lowercase();
    }
    word.nfc()
        .filter(|&c| c != SOFT_HYPHEN)
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn mixed_tokens_stay_whole() {
        for (text, expected) in [
            ("NIS2", "nis2"),
            ("CO2", "co2"),
            ("IT-chef", "it-chef"),
            ("OS2Kitos", "os2kitos"),
            ("§60", "§60"),
            ("2016-2023", "2016-2023"),
            ("10,5", "10,5"),
            ("1.200", "1.200"),
            ("pc'er", "pc'er"),
            ("Power-BI-værktøj", "power-bi-værktøj"),
        ] {
            assert_eq!(norms(text), [expected], "{text}");
        }
    }

    #[test]
    fn punctuation_around_words_is_not_part_of_them() {
        assert_eq!(
            norms("“Det er slut,” siger hun. (KL) IT- og digitalisering - nu!"),
            [
                "det",
                "er",
                "slut",
                "siger",
                "hun",
                "kl",
                "it",
                "og",
                "digitalisering",
                "nu"
            ]
        );
        assert_eq!(norms("bl.a. f.eks."), ["bl", "a", "f", "eks"]);
    }

    #[test]
    fn normalisation_keeps_danish_letters_and_drops_soft_hyphens() {
        assert_eq!(normalize_word("Løs\u{00AD}ning"), "løsning");
        assert_eq!(normalize_word("ÆBLER"), "æbler");
        // "å" written as "a" + combining ring becomes the single NFC character.
        assert_eq!(normalize_word("pa\u{030A}"), "på");
    }

    /// The tokeniser as first written, a char at a time: the fast one must agree with it.
    fn reference(text: &str) -> Vec<(std::ops::Range<usize>, TokenKind)> {
        let mut tokens = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let section_sign = c == '§' && chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
            if !c.is_alphanumeric() && !section_sign {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(at, n)) = chars.peek() {
                if n.is_alphanumeric() || n == SOFT_HYPHEN {
                    end = at + n.len_utf8();
                    chars.next();
                } else if matches!(n, '-' | '.' | ',' | '/' | '\'' | '’') {
                    let last = text[start..end].chars().last().unwrap_or(' ');
                    match chars.clone().nth(1) {
                        Some((after, m))
                            if (m.is_alphanumeric() || m == SOFT_HYPHEN) && joins(n, last, m) =>
                        {
                            chars.next();
                            chars.next();
                            end = after + m.len_utf8();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            let printed = &text[start..end];
            let letters = printed.chars().any(char::is_alphabetic);
            let digits = printed.chars().any(|c| c.is_ascii_digit());
            let kind = match (letters, digits) {
                (true, false) => TokenKind::Word,
                (false, true) if !printed.starts_with('§') => TokenKind::Number,
                _ => TokenKind::Mixed,
            };
            tokens.push((start..end, kind));
        }
        tokens
    }

    #[test]
    fn the_fast_tokeniser_agrees_with_the_reference_on_the_seeds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let fast: Vec<_> = tokenize(&text)
                .into_iter()
                .map(|t| (t.span, t.kind))
                .collect();
            assert_eq!(fast, reference(&text), "{name}");
        }
        let tricky = "§ §6 a-\u{00AD}b 1.a a.1 1.2.3 ²x x² 'a a'' pc’er ‐ 10,- -x x-";
        let fast: Vec<_> = tokenize(tricky)
            .into_iter()
            .map(|t| (t.span, t.kind))
            .collect();
        assert_eq!(fast, reference(tricky));
    }

    #[test]
    fn spans_point_at_the_printed_token() {
        let text = "  Grøn IT-strategi i Gladsaxe ";
        for token in tokenize(text) {
            assert_eq!(normalize_word(token.text(text)), token.norm);
        }
    }
}
