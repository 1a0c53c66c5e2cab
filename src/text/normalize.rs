//! Normalisation for matching: one form for the many ways print writes the same thing.
//!
//! NFC (so `å` is one character however it was typed), every quotation mark as `"` or `'`, every
//! dash and hyphen variant as `-`, no soft hyphens, no-break and other odd spaces as plain
//! spaces. Lower-casing is separate ([`super::normalize_word`] does it per token). Æ/ø/å are
//! never folded: the Danish stemmer needs them, and "for"/"før" are different words.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::punct;

/// Returns the text normalised for matching; borrows when nothing changes.
///
/// ```
/// use tema::text::normalize;
/// assert_eq!(normalize("„Grøn IT“ – sagt ‘kort’"), "\"Grøn IT\" - sagt 'kort'");
/// assert_eq!(normalize("løs\u{00AD}ning"), "løsning");
/// assert!(matches!(normalize("uændret tekst"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn normalize(text: &str) -> Cow<'_, str> {
    let needs_nfc = unicode_normalization::is_nfc_quick(text.chars())
        != unicode_normalization::IsNormalized::Yes;
    if !needs_nfc && !text.chars().any(|c| unify(c) != Some(c)) {
        return Cow::Borrowed(text);
    }
    let composed: String = if needs_nfc {
        text.nfc().collect()
    } else {
        text.to_owned()
    };
    Cow::Owned(composed.chars().filter_map(unify).collect())
}

/// The one form of a character, or `None` when it is dropped.
fn unify(c: char) -> Option<char> {
    Some(match c {
        '\u{00AD}' => return None,
        c if punct::is_double_quote(c) => '"',
        c if punct::is_single_quote(c) => '\'',
        c if punct::is_dash(c) => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => ' ',
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_spaces_and_soft_hyphens() {
        let cases = [
            ("”Det er godt”, siger hun", "\"Det er godt\", siger hun"),
            ("«citat»", "\"citat\""),
            ("2016–2023 — nu", "2016-2023 - nu"),
            ("10\u{00A0}000", "10 000"),
            ("it-\u{00AD}sikkerhed", "it-sikkerhed"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "{input}");
        }
    }

    #[test]
    fn danish_letters_are_composed_never_folded() {
        assert_eq!(normalize("pa\u{030A} o\u{0308}"), "på ö");
        assert_eq!(normalize("Grøn, Ærø, Åbenrå"), "Grøn, Ærø, Åbenrå");
    }
}
