//! The library's one error type.
//!
//! Every variant names the file it is about and says why in words a user can act on, so the
//! command line can print it as a single line and exit non-zero.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the library, each with the file and the reason.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file does not exist.
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },

    /// The file exists but could not be read (permissions, a directory, an I/O fault).
    #[error("{}: cannot read: {}", path.display(), io_reason(source))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file is larger than one issue can reasonably be; reading it would only waste memory.
    #[error("{}: is {}, larger than the {} allowed for one issue", path.display(), human_bytes(*size), human_bytes(*limit))]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    /// The file holds binary data (an image, a PDF, an archive) rather than text.
    #[error("{}: is binary, not text ({reason})", path.display())]
    Binary { path: PathBuf, reason: String },

    /// The file holds no words at all.
    #[error("{}: contains no text", path.display())]
    Empty { path: PathBuf },

    /// The text is not Danish, so nothing downstream would make sense of it.
    #[error("{}: does not look like Danish text ({reason})", path.display())]
    NotDanish { path: PathBuf, reason: String },

    /// An output file could not be written; nothing partial is left behind.
    #[error("{}: cannot write: {}", path.display(), io_reason(source))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A lexicon file is malformed.
    #[error("{name}: line {line}: {reason}")]
    Lexicon {
        name: String,
        line: usize,
        reason: String,
    },

    /// A JSON or JSON Lines input (annotations, documents) is malformed.
    #[error("{}: invalid JSON{}: {reason}", path.display(), line.map(|l| format!(" on line {l}")).unwrap_or_default())]
    Json {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },

    /// A hand annotation (`eval articles`, `eval themes`) does not fit itself or its issue: a
    /// unit without lines, a range backwards, a range past the last line.
    #[error("{}: invalid annotation: {reason}", path.display())]
    Annotation { path: PathBuf, reason: String },

    /// A theme definitions file (`themes.toml`) is malformed.
    #[error("{}: invalid theme definitions: {reason}", path.display())]
    Themes { path: PathBuf, reason: String },

    /// A model file cannot be used: malformed, another format version, or inconsistent.
    #[error("{}: {reason}", path.display())]
    Model { path: PathBuf, reason: String },

    /// A table of issue dates (`--dates FILE`) is malformed.
    #[error("{}: line {line}: {reason}", path.display())]
    Dates {
        path: PathBuf,
        line: usize,
        reason: String,
    },

    /// A tool tema runs on a PDF (pdftotext, pdftoppm, tesseract) is not installed.
    #[error("{}: needs {tool}, which is not installed: apt-get install {package}", path.display())]
    MissingTool {
        path: PathBuf,
        tool: String,
        package: String,
    },

    /// A tool tema runs on a PDF failed, ran too long or printed too much.
    #[error("{}: {tool} {reason}", path.display())]
    Tool {
        path: PathBuf,
        tool: String,
        reason: String,
    },

    /// Training labels are unusable (an unknown theme, no labelled text).
    #[error("{}: {reason}", path.display())]
    Labels { path: PathBuf, reason: String },

    /// A setting given to the library is out of its range (a summary of 0 sentences); checked
    /// once, where the settings are made, and never clamped quietly.
    #[error("{name}: {reason}")]
    Param { name: &'static str, reason: String },
}

impl Error {
    /// The error for a failed read of `path`: [`Error::NotFound`] when it does not exist,
    /// [`Error::Read`] otherwise.
    pub fn reading(path: &Path, source: std::io::Error) -> Error {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            Error::Read {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

/// An I/O error's reason the way the rest of a message reads: lower case, without the OS's
/// "(os error 21)", and "not UTF-8 text" for what `read_to_string` calls "stream did not
/// contain valid UTF-8".
fn io_reason(source: &std::io::Error) -> String {
    if source.kind() == std::io::ErrorKind::InvalidData && source.get_ref().is_none() {
        return "not UTF-8 text".to_owned();
    }
    let text = source.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        // Only a capital followed by lower case: "Is a directory", not "EOF".
        Some(first) if first.is_uppercase() && chars.next().is_some_and(char::is_lowercase) => {
            first
                .to_lowercase()
                .chain(text[first.len_utf8()..].chars())
                .collect()
        }
        _ => text.to_owned(),
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Formats a byte count the way people say it ("1.0 GiB", "64 MiB", "512 B").
pub(crate) fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_bytes_reads_naturally() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_bytes(1_073_741_824), "1 GiB");
        assert_eq!(human_bytes(1_500_000), "1.4 MiB");
    }

    #[test]
    fn messages_name_file_and_reason_on_one_line() {
        let err = Error::TooLarge {
            path: "big.txt".into(),
            size: 1 << 30,
            limit: 64 << 20,
        };
        let msg = err.to_string();
        assert_eq!(
            msg,
            "big.txt: is 1 GiB, larger than the 64 MiB allowed for one issue"
        );
        assert!(!msg.contains('\n'));
    }
}
