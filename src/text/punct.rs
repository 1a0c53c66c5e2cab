//! Quotation marks and dashes in one place. The normaliser folds every mark here to its plain
//! form, and the stages that read text as printed (the segmenter, the summariser, the name
//! finder) ask the same sets, so a mark one stage knows is a mark every stage knows.

/// Double quotation marks of every convention: “…” and ”…” (Danish), „…“, »…« and «…», "…",
/// and the reversed ‟ and double prime ″ that word processors and OCR put for them.
pub const DOUBLE_QUOTES: &[char] = &['"', '“', '”', '„', '‟', '«', '»', '″'];

/// Single quotation marks and apostrophes, and the prime and accents typed for them.
pub const SINGLE_QUOTES: &[char] = &['\'', '‘', '’', '‚', '‛', '′', '`', '´'];

/// The hyphen-minus and every hyphen, dash and minus sign.
pub const DASHES: &[char] = &['-', '‐', '‑', '‒', '–', '—', '―', '−'];

/// Whether `c` is a double quotation mark of any convention.
///
/// ```
/// assert!(tema::text::punct::is_double_quote('„') && !tema::text::punct::is_double_quote('\''));
/// ```
pub fn is_double_quote(c: char) -> bool {
    DOUBLE_QUOTES.contains(&c)
}

/// Whether `c` is a single quotation mark or an apostrophe.
pub fn is_single_quote(c: char) -> bool {
    SINGLE_QUOTES.contains(&c)
}

/// Whether `c` is a hyphen, a dash or a minus sign.
pub fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}
