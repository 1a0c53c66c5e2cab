//! Documents given as JSON Lines: the `--input docs.jsonl` of `tag`, `cluster`, `summarise`,
//! `train` and `eval summaries`.
//!
//! One JSON object per line with at least `text`; `id`, `title`, `reference` (a summary to score
//! against) and `theme` (a label to train on) are optional. Blank lines are skipped. A missing
//! `id` becomes `<file stem>-<line number>`, so every document can still be named in output.
//!
//! The file is read line by line, so an archive of many thousands of documents never has to fit
//! in memory twice; a line that is not a valid document stops the read with the file, the line
//! number and the reason.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One document of a JSON Lines input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A reference summary, for `eval summaries`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// A theme label, for `train --labels`: a theme id, or null/"none" for no theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// The shape of a line as written; `id` may be a string or a number.
#[derive(Deserialize)]
struct RawDocument {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    theme: Option<String>,
}

/// The largest JSON Lines file read, as for issues but larger: an archive's worth of documents.
pub const MAX_DOCUMENTS_BYTES: u64 = 4 << 30;

/// Reads every document of a JSON Lines file, in file order.
///
/// ```no_run
/// let docs = tema::ingest::read_documents(std::path::Path::new("docs.jsonl"))?;
/// for doc in &docs {
///     println!("{}: {} bytes", doc.id, doc.text.len());
/// }
/// # Ok::<(), tema::Error>(())
/// ```
pub fn read_documents(path: &Path) -> Result<Vec<Document>> {
    let metadata = std::fs::metadata(path).map_err(|source| Error::reading(path, source))?;
    if metadata.is_dir() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::other("is a directory"),
        });
    }
    if metadata.len() > MAX_DOCUMENTS_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: metadata.len(),
            limit: MAX_DOCUMENTS_BYTES,
        });
    }
    let file = File::open(path).map_err(|source| Error::reading(path, source))?;
    parse_documents(path, BufReader::new(file))
}

/// Parses JSON Lines from any reader; `path` names the source in errors and gives missing ids
/// their stem.
pub fn parse_documents(path: &Path, reader: impl BufRead) -> Result<Vec<Document>> {
    let stem = super::issue_name(path);
    let mut documents = Vec::new();
    for (index, line) in reader.split(b'\n').enumerate() {
        let number = index + 1;
        let bytes = line.map_err(|source| Error::reading(path, source))?;
        let json_error = |reason: String| Error::Json {
            path: path.to_path_buf(),
            line: Some(number),
            reason,
        };
        let line = std::str::from_utf8(&bytes)
            .map_err(|_| json_error("not UTF-8 text".to_owned()))?
            .trim();
        if line.is_empty() {
            continue;
        }
        let raw: RawDocument = serde_json::from_str(line).map_err(|e| json_error(e.to_string()))?;
        let id = match raw.id {
            None | Some(serde_json::Value::Null) => format!("{stem}-{number}"),
            Some(serde_json::Value::String(id)) => id,
            Some(serde_json::Value::Number(id)) => id.to_string(),
            Some(other) => {
                return Err(json_error(format!(
                    "`id` must be a string or a number, not {other}"
                )))
            }
        };
        documents.push(Document {
            id,
            text: raw.text,
            title: raw.title,
            reference: raw.reference,
            theme: raw.theme,
        });
    }
    if documents.is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    // Judged over the file, not each document: a few dozen words may look like anything, and
    // an English article among Danish ones is no reason to stop.
    super::danish_score_of(documents.iter().map(|doc| doc.text.as_str())).check(path)?;
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Document>> {
        parse_documents(Path::new("dir/docs.jsonl"), text.as_bytes())
    }

    #[test]
    fn reads_documents_with_and_without_optional_fields() {
        let docs = parse(
            "{\"id\": \"a\", \"text\": \"Første.\", \"title\": \"T\"}\n\n\
             {\"id\": 7, \"text\": \"Anden.\", \"reference\": \"R\", \"theme\": \"ai\"}\n\
             {\"text\": \"Tredje.\"}\n",
        )
        .unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].title.as_deref(), Some("T"));
        assert_eq!(docs[1].id, "7");
        assert_eq!(docs[1].reference.as_deref(), Some("R"));
        assert_eq!(docs[1].theme.as_deref(), Some("ai"));
        assert_eq!(docs[2].id, "docs-4");
    }

    #[test]
    fn a_bad_line_names_file_line_and_reason() {
        let err = parse("{\"text\": \"ok\"}\n{\"id\": \"b\"}\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("dir/docs.jsonl: invalid JSON on line 2:"),
            "{err}"
        );
        assert!(err.contains("text"), "{err}");
        let err = parse("{\"text\": \"ok\", \"id\": [1]}\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1") && err.contains("`id`"), "{err}");
    }

    #[test]
    fn no_documents_is_an_error() {
        let err = parse("\n\n").unwrap_err().to_string();
        assert_eq!(err, "dir/docs.jsonl: contains no text");
    }
}
