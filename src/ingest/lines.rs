//! What each line of an issue is, judged on its own.
//!
//! Text extracted from a magazine PDF keeps a few layout traces that say more than the words:
//! a line opening with a single space starts a new page, a tab opens a pull quote, `‹‹‹` ends an
//! article, `Af …` is a byline, a short line in capitals is a section header. This module reads
//! those traces line by line; [`super::segment`](fn@super::segment) puts the lines together into units.
//!
//! OCR turns the marks into other glyphs (`‹‹‹` into `K`, `LK` or `(€<`; `›››` into `33` or
//! `»»»`), so each test accepts the damaged forms too.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What a line is, as far as it can be told from the line alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Only whitespace.
    Blank,
    /// An end mark (`‹‹‹` and its OCR forms): the article above is over.
    EndMark,
    /// "- fortsættes på side 8 ›››": the article goes on later in the issue.
    Continuation,
    /// "Af Flemming Kjærsdam": who wrote the article.
    Byline,
    /// A short line in capitals: a section header, a fact-box label or an ad's shout.
    Caps,
    /// "Foto: …": a photo credit.
    Credit,
    /// A page number standing alone.
    PageNumber,
    /// A closing quotation mark standing alone, the tail of a pull quote.
    QuoteClose,
    /// Anything else: running text, headlines, captions.
    Text,
}

/// One line of the issue with what is known about it.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: usize,
    /// The line as printed, without its line ending.
    pub raw: &'a str,
    /// The line without surrounding whitespace.
    pub text: &'a str,
    /// Byte range of `raw` in the source.
    pub span: Range<usize>,
    pub kind: LineKind,
    /// The line opens a new page of the PDF (it starts with exactly one space).
    pub page_start: bool,
    /// The line starts with a tab, which the extraction gives the first lines of a pull quote.
    pub tabbed: bool,
    /// The line carries contact details: an e-mail address, a web address or a phone number.
    pub contact: bool,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }

    /// Number of characters, the measure column widths are compared in.
    pub fn width(&self) -> usize {
        self.text.chars().count()
    }
}

/// Splits a text into classified lines, keeping byte spans into it.
pub fn classify_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (index, piece) in text.split_inclusive('\n').enumerate() {
        let raw = piece.trim_end_matches(['\n', '\r']);
        let span = offset..offset + raw.len();
        offset += piece.len();
        lines.push(classify(index + 1, raw, span));
    }
    lines
}

fn classify(no: usize, raw: &str, span: Range<usize>) -> Line<'_> {
    let text = raw.trim();
    // A bullet indented by one space is a list item, not a new page.
    let page_start = raw.starts_with(' ')
        && raw[1..].starts_with(|c: char| !c.is_whitespace() && !BULLETS.contains(&c));
    let tabbed = raw.starts_with('\t') && !text.is_empty();
    let kind = kind_of(text);
    Line {
        no,
        raw,
        text,
        span,
        kind,
        page_start,
        tabbed,
        contact: kind != LineKind::Blank && has_contact(text),
    }
}

fn kind_of(text: &str) -> LineKind {
    if text.is_empty() {
        LineKind::Blank
    } else if is_end_mark(text) {
        LineKind::EndMark
    } else if CONTINUATION.is_match(text) {
        LineKind::Continuation
    } else if byline_name(text).is_some() {
        LineKind::Byline
    } else if text.starts_with("Foto:") || text.starts_with("FOTO:") || text.starts_with("Fotos:") {
        LineKind::Credit
    } else if matches!(text, "”" | "\"" | "“" | "»" | "’") {
        LineKind::QuoteClose
    } else if text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit()) {
        LineKind::PageNumber
    } else if is_caps(text) {
        LineKind::Caps
    } else {
        LineKind::Text
    }
}

/// Characters that open list items.
const BULLETS: &[char] = &['●', '•', '▪', '■', '◆', '*', '+', '–', '-'];

/// Characters an end mark is printed or OCR'd as.
const END_GLYPHS: &[char] = &['‹', '<', '«', 'K', 'L', '(', '€', 'C'];

/// `‹‹‹` alone on a line, or one of its OCR forms (`K`, `LK`, `(€<`).
pub fn is_end_mark(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let n = compact.chars().count();
    (1..=4).contains(&n)
        && compact.chars().all(|c| END_GLYPHS.contains(&c))
        && compact.ends_with(['‹', '<', '«', 'K'])
}

static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–—]?\s*forts\w{3,8}\s+p\S{0,2}\s+side\s+\d+").expect("valid regex")
});

static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Af\s+(\S.{2,140})$").expect("valid regex"));

/// The author part of a byline ("Af Flemming Kjærsdam" → "Flemming Kjærsdam"), or `None` when
/// the line is not a byline. A sentence that happens to start with "Af" ("Af andre større
/// projekter …") is told apart by how few of its words are capitalised.
pub fn byline_name(text: &str) -> Option<&str> {
    if !text.starts_with("Af") {
        return None;
    }
    let name = BYLINE.captures(text)?.get(1)?.as_str().trim();
    if name.ends_with(['.', '-', ',', ':']) {
        return None;
    }
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    (capitalised >= 1 && capitalised * 5 >= words.len() * 2).then_some(name)
}

/// A short line in capitals ("CYBERSIKKERHED", "OFFENTLIG DIGITALISERING  ‹‹‹", "FAKTA").
pub fn is_caps(text: &str) -> bool {
    let core = strip_marks(text);
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && core.chars().count() <= 48
        && core.split_whitespace().count() <= 6
        && !core.chars().any(char::is_lowercase)
        && !core.ends_with('.')
}

/// Removes decorative end marks and arrows around a header ("FAKTA ‹‹‹" → "FAKTA").
pub fn strip_marks(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '‹' | '›' | '«' | '»' | '<' | '>'))
}

/// A line that opens with a quotation mark set apart by a space (`' Jeg mener`, `" Vi har`), as
/// the extraction prints the first line of a pull quote.
pub fn opens_with_quote_mark(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('\'' | '"' | '‘' | '’' | '“' | '”'))
        && chars.next().is_some_and(|c| c == ' ' || c == '‘')
}

static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    // ASCII word boundaries: addresses and numbers are ASCII, and Unicode boundaries would
    // force the slow matcher on every line.
    Regex::new(concat!(
        r"(?i)[\w.+-]+@[\w-]+\.[a-z]{2,}",
        r"|(?-u:\b)www\.\S+|https?://\S+",
        r"|(?-u:\b)[a-z0-9-]+\.(?:dk|com|eu|org|net|io|nu)(?:/\S*)?(?-u:\b)",
        r"|\+\s?45[\s\d]{8,}",
        r"|(?-u:\b)(?:tlf|telefon|mobil|t|m)\.?\s*[-:]?\s*\d[\d ]{6,}\d(?-u:\b)",
        // A line that is only a handle or logo ("@ firmanavn"): how ads sign off.
        r"|^\s*@\s?[\w-]{3,}\S{0,2}\s*$",
    ))
    .expect("valid regex")
});

/// An e-mail address, a web address, a Danish phone number or a line that is only a handle.
pub fn has_contact(text: &str) -> bool {
    // Most lines have none of the characters an address or number needs; skip the regex there.
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let may_have = text.contains(['@', '.', '/']) || digits >= 8;
    may_have && CONTACT.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> LineKind {
        kind_of(text.trim())
    }

    #[test]
    fn end_marks_in_print_and_ocr() {
        for mark in ["‹‹‹", "‹", "K", "LK", "(€<", "< < <", "«««"] {
            assert_eq!(kind(mark), LineKind::EndMark, "{mark}");
        }
        for not in ["KL", "Kontakt", "L", "(", "KITA", "Af K"] {
            assert_ne!(kind(not), LineKind::EndMark, "{not}");
        }
    }

    #[test]
    fn continuation_notes_in_print_and_ocr() {
        for note in [
            "- fortsættes på side 8 ›››",
            "- fortsættes på side 16  ›››",
            "- fortseettes pa side 8 33",
            "- fortseettes pd side 14 33»",
            "- fortsaettes pa side 28 »»»",
        ] {
            assert_eq!(kind(note), LineKind::Continuation, "{note}");
        }
        assert_ne!(kind("Arbejdet fortsaetter"), LineKind::Continuation);
    }

    #[test]
    fn bylines_and_sentences_that_start_with_af() {
        assert_eq!(
            byline_name("Af Flemming Kjærsdam"),
            Some("Flemming Kjærsdam")
        );
        assert_eq!(
            byline_name("Af formand Henrik Brix ‹ KITA"),
            Some("formand Henrik Brix ‹ KITA")
        );
        assert!(byline_name(
            "Af kommunaldirektør Jan Thomsen og Digitaliserings- og IT-chef Anne Dandanell, Kalundborg Kommune"
        )
        .is_some());
        assert_eq!(
            byline_name(
                "Af andre større interne projekter i foreningen er IdM-løsningen til automa-"
            ),
            None
        );
        assert_eq!(byline_name("Af samme grund blev det udskudt."), None);
        assert_eq!(byline_name("Afdelingen for IT"), None);
    }

    #[test]
    fn caps_headers() {
        for header in [
            "CYBERSIKKERHED",
            "OFFENTLIG DIGITALISERING  ‹‹‹",
            "GRONIT",
            "FAKTA ‹‹‹",
            "DIGITALISERINGSMESSEN 2024",
        ] {
            assert_eq!(kind(header), LineKind::Caps, "{header}");
        }
        for not in ["IT", "NIS2 er vedtaget", "Kommunerne skal med", "EU."] {
            assert_ne!(kind(not), LineKind::Caps, "{not}");
        }
    }

    #[test]
    fn contact_details() {
        for line in [
            "Mail: info@magenta.dk",
            "Hjemmeside: www.magenta.dk",
            "Læs mere på kmd.dk/data",
            "+45 5191 5115",
            "T - 23 43 55 75",
            "tlf. 35 300 700",
            "Laes mere pa conscia.dk/services/managed-services her:",
        ] {
            assert!(has_contact(line), "{line}");
        }
        for line in [
            "Kommunerne sparede 25 pct. i 2022.",
            "Der er afsat 320 mio. kr. til strategien.",
            "NIS2 træder i kraft 1. marts 2025",
        ] {
            assert!(!has_contact(line), "{line}");
        }
    }

    #[test]
    fn layout_flags_and_spans() {
        let text = "Af Flemming Kjærsdam\n\n Ny side her\n\t Citat starter\n ● punkt\n";
        let lines = classify_lines(text);
        assert_eq!(lines.len(), 5);
        assert!(!lines[4].page_start);
        assert!(!lines[0].page_start);
        assert!(lines[2].page_start);
        assert!(lines[3].tabbed);
        for line in &lines {
            assert_eq!(&text[line.span.clone()], line.raw);
        }
        assert_eq!(lines[2].no, 3);
    }

    #[test]
    fn quote_marks_that_open_pull_quotes() {
        assert!(opens_with_quote_mark("' Jeg mener kommunerne leverer"));
        assert!(opens_with_quote_mark("\" Vi har i den periode"));
        assert!(opens_with_quote_mark("’ ‘ Nzestved"));
        assert!(!opens_with_quote_mark("“Vi har i den periode"));
        assert!(!opens_with_quote_mark("Jeg mener"));
    }
}
