//! From a file on disk to trustworthy text.
//!
//! Issues arrive as text extracted from PDFs, usually UTF-8 but sometimes saved by older tools as
//! Windows-1252 (a superset of Latin-1). Both are accepted; anything that looks binary, is empty,
//! is too large for one issue, or is not Danish is refused with a reason, before any analysis.

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
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
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
    if let Some(reason) = binary_reason(bytes) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            reason,
        });
    }
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            encoding: Encoding::Utf8,
            pages: Vec::new(),
        },
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: Encoding::Windows1252,
                pages: Vec::new(),
            }
        }
    };
    if !decoded.text.chars().any(char::is_alphanumeric) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(decoded)
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
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return Some("it contains NUL bytes".to_owned());
    }
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
    fn text_without_letters_is_empty() {
        assert!(matches!(decode(b"  \n\n\t "), Err(Error::Empty { .. })));
        assert!(matches!(decode(b""), Err(Error::Empty { .. })));
    }
}
