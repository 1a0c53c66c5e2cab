//! From a file on disk to trustworthy text.
//!
//! Issues arrive as text extracted from PDFs, usually UTF-8 but sometimes saved by older tools as
//! Windows-1252 (a superset of Latin-1) or as UTF-16 with a byte-order mark. All are accepted;
//! anything that looks binary, is empty, is too large for one issue, or is not Danish is refused
//! with a reason, before any analysis.
//!
//! Which encoding: a UTF-16 byte-order mark decides first. Otherwise the file is UTF-8 unless
//! it is not UTF-8 *as a whole*: a few stray bytes in a UTF-8 file (a bad copy, one pasted
//! Latin-1 word) are replaced by U+FFFD and counted ([`Decoded::replaced`]), because reading the
//! whole file as Windows-1252 would turn every æ/ø/å into `Ã¦`/`Ã¸`/`Ã¥`. Only when invalid
//! sequences are at least as many as valid non-ASCII characters (a Windows-1252 file has none of
//! the latter) is the file read as Windows-1252.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest file accepted as one issue. A magazine issue is a few hundred kilobytes; anything
/// near this limit is a mistake (a whole archive concatenated, a disk image) and reading it would
/// only cost memory.
pub const MAX_ISSUE_BYTES: u64 = 64 * 1024 * 1024;

/// The character encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// Windows-1252, which also covers every printable Latin-1 character.
    #[serde(rename = "windows-1252")]
    Windows1252,
    /// UTF-16, little-endian, as its byte-order mark said.
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    /// UTF-16, big-endian, as its byte-order mark said.
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        })
    }
}

/// Text read from a file, and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Where each page starts, for a PDF issue; empty for a text file.
    pub pages: Vec<super::PdfPage>,
    /// Invalid byte sequences replaced by U+FFFD (`�`) while decoding: stray bytes in a file
    /// that is otherwise UTF-8, or a broken UTF-16 surrogate; 0 for a clean file. Worth a note
    /// to the user when not 0.
    pub replaced: usize,
}

impl Decoded {
    /// Text that was UTF-8 already (in memory, from another reader): nothing replaced.
    pub fn utf8(text: String) -> Decoded {
        Decoded {
            text,
            encoding: Encoding::Utf8,
            pages: Vec::new(),
            replaced: 0,
        }
    }
}

/// Whether a path names an issue file by its extension, whatever its case (`nr3.txt`,
/// `NOTES.TXT`, `2019/NR3.PDF`): the one test every folder walk uses to pick issues.
pub fn is_issue_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("pdf"))
}

/// Reads a file as issue text: checks its size before reading, refuses binary content, decodes
/// UTF-8 or Windows-1252, and refuses empty text.
///
/// ```no_run
/// let decoded = tema::ingest::read_text(std::path::Path::new("seeds/kita-2022-autumn.txt"))?;
/// assert!(decoded.text.contains("kommune"));
/// # Ok::<(), tema::Error>(())
/// ```
pub fn read_text(path: &Path) -> Result<Decoded> {
    let metadata = fs::metadata(path).map_err(|source| Error::reading(path, source))?;
    if metadata.is_dir() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::other("is a directory"),
        });
    }
    if metadata.len() > MAX_ISSUE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: metadata.len(),
            limit: MAX_ISSUE_BYTES,
        });
    }
    // Read through a limit as well: the size on disk can change between the check and the read.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    fs::File::open(path)
        .and_then(|file| file.take(MAX_ISSUE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|source| Error::reading(path, source))?;
    if bytes.len() as u64 > MAX_ISSUE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_ISSUE_BYTES,
        });
    }
    if super::pdf::is_pdf(&bytes) {
        return super::pdf::read_pdf(path);
    }
    decode_bytes(path, &bytes)
}

/// Decodes bytes already in memory; `path` only names them in errors.
pub fn decode_bytes(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    let binary = |reason: String| Error::Binary {
        path: path.to_path_buf(),
        reason,
    };
    let decoded = if let Some(decoded) = decode_utf16(bytes) {
        // UTF-16 holds a NUL byte in every ASCII character; only a NUL character is binary.
        if decoded.text.contains('\0') {
            return Err(binary("it contains NUL characters".to_owned()));
        }
        decoded
    } else {
        if let Some(reason) = binary_reason(bytes) {
            return Err(binary(reason));
        }
        decode_8bit(bytes)
    };
    if !decoded.text.chars().any(char::is_alphanumeric) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(decoded)
}

/// UTF-16 text, when the bytes start with a UTF-16 byte-order mark.
fn decode_utf16(bytes: &[u8]) -> Option<Decoded> {
    let (encoding, coding) = if bytes.starts_with(b"\xff\xfe") {
        (Encoding::Utf16Le, encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xfe\xff") {
        (Encoding::Utf16Be, encoding_rs::UTF_16BE)
    } else {
        return None;
    };
    let (text, _) = coding.decode_without_bom_handling(&bytes[2..]);
    let text = text.into_owned();
    let replaced = text.matches('\u{fffd}').count();
    Some(Decoded {
        text,
        encoding,
        pages: Vec::new(),
        replaced,
    })
}

/// UTF-8, with stray bytes replaced, unless the bytes are not UTF-8 as a whole (see the
/// [module docs](self)): then Windows-1252.
fn decode_8bit(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded::utf8(text.to_owned());
    }
    let (mut invalid, mut non_ascii) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        non_ascii += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if non_ascii > invalid {
        Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: Encoding::Utf8,
            pages: Vec::new(),
            replaced: invalid,
        }
    } else {
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        Decoded {
            text: text.into_owned(),
            encoding: Encoding::Windows1252,
            pages: Vec::new(),
            replaced: 0,
        }
    }
}

/// Says why bytes are binary, or `None` when they can be text. Text never holds NUL, and holds
/// few control characters besides tab, newline, carriage return and form feed; magic numbers
/// catch the common binary formats whose first kilobytes could pass.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive or office document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"\x7fELF", "an executable"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(format!("it is {what}"));
        }
    }
    // Anywhere in the file, not only at its start: a NUL later on is as sure a sign (a text
    // glued to a binary), and costs one scan.
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Some(format!("it contains NUL bytes, the first at byte {at}"));
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if controls * 100 > sample.len().max(1) {
        return Some(format!(
            "{controls} control characters in its first {} bytes",
            sample.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Decoded> {
        decode_bytes(Path::new("x.txt"), bytes)
    }

    #[test]
    fn utf8_is_read_as_is_without_bom() {
        let d = decode("\u{feff}Så kører vi på øen".as_bytes()).unwrap();
        assert_eq!(d.text, "Så kører vi på øen");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn windows_1252_is_detected_and_decoded() {
        // "Grøn IT på én dag – 5 €" in Windows-1252.
        let bytes = b"Gr\xf8n IT p\xe5 \xe9n dag \x96 5 \x80";
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "Grøn IT på én dag – 5 €");
        assert_eq!(d.encoding, Encoding::Windows1252);
    }

    #[test]
    fn binary_content_is_refused_with_a_reason() {
        for (bytes, reason) in [
            (&b"%PDF-1.7 ..."[..], "PDF"),
            (&b"text\0with nul"[..], "NUL"),
            (&b"\x01\x02\x03\x04\x05 abc"[..], "control characters"),
        ] {
            match decode(bytes) {
                Err(Error::Binary { reason: r, .. }) => assert!(r.contains(reason), "{r}"),
                other => panic!("expected binary error, got {other:?}"),
            }
        }
    }

    #[test]
    fn utf8_with_a_few_stray_bytes_stays_utf8_and_counts_them() {
        let sentence = "Grøn IT på én dag og mere æble. ".as_bytes();
        let mut bytes = Vec::new();
        // Five stray Latin-1 bytes between sentences: each is one invalid sequence, and one U+FFFD.
        for strays in [&[0xe6][..], &[0xe6], &[0xe6, 0xf8], &[0xe5], &[]] {
            bytes.extend_from_slice(sentence);
            bytes.extend_from_slice(strays);
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.replaced, 5);
        assert_eq!(d.text.matches('\u{fffd}').count(), 5);
        assert!(d.text.contains("på én dag"), "{}", d.text);
        assert!(!d.text.contains('Ã'));
    }

    #[test]
    fn a_file_mostly_not_utf8_is_windows_1252_even_with_one_valid_sequence() {
        // Three Windows-1252 letters, and one pair of bytes that happens to be valid UTF-8.
        let d = decode(b"Gr\xf8n p\xe5 \xe6ble \xc3\xa6").unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.replaced, 0);
        assert!(d.text.starts_with("Grøn på æble"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Grøn IT på én dag – 5 €\n";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for (bytes, encoding) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
            let d = decode(&bytes).unwrap();
            assert_eq!(
                (d.text.as_str(), d.encoding, d.replaced),
                (text, encoding, 0)
            );
        }
        let nul: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("ab\0cd".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(matches!(decode(&nul), Err(Error::Binary { .. })));
    }

    #[test]
    fn a_nul_far_into_the_file_is_binary() {
        let mut bytes = "Kommunerne og staten. ".repeat(10_000).into_bytes();
        assert!(bytes.len() > 128 * 1024);
        bytes.insert(150_000, 0);
        match decode(&bytes) {
            Err(Error::Binary { reason, .. }) => {
                assert!(reason.contains("byte 150000"), "{reason}")
            }
            other => panic!("expected binary, got {other:?}"),
        }
    }

    #[test]
    fn issue_files_are_found_by_extension_whatever_its_case() {
        for (name, is) in [
            ("a.txt", true),
            ("B.TXT", true),
            ("c.Txt", true),
            ("e.pdf", true),
            ("F.PDF", true),
            ("d.md", false),
            ("txt", false),
        ] {
            assert_eq!(is_issue_file(Path::new(name)), is, "{name}");
        }
    }

    #[test]
    fn text_without_letters_is_empty() {
        assert!(matches!(decode(b"  \n\n\t "), Err(Error::Empty { .. })));
        assert!(matches!(decode(b""), Err(Error::Empty { .. })));
    }
}
