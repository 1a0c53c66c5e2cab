//! Labelled documents: which themes they teach, and the documents as training reads them.
//!
//! A label file alone is enough to train on. With no themes file, its label ids are the
//! themes: the built-in definition where an id is a built-in theme, an id alone (no seed
//! terms, [`Theme::from_label`]) otherwise. A themes file, when given, is the list of themes,
//! and a label naming none of them is an error (a typo in a label file must not quietly make a
//! theme of its own). Either way a theme needs seed terms or labelled documents to be learnt
//! from; where it has both, they combine (see the [module docs](super)).

use std::path::Path;

use super::classifier_text;
use super::definitions::{default_themes, Theme};
use super::model::TrainingDocument;
use crate::error::{Error, Result};
use crate::ingest::Document;

/// The label of a document: `None` for "no theme" (null or `"none"`), else the theme id.
fn label_of(doc: &Document) -> Option<&str> {
    doc.theme.as_deref().filter(|t| *t != "none")
}

/// The themes a model trained on `labels` (read from `path`) has, and the labelled documents as
/// training reads them. `defined` is the themes file the user gave, if any (see the
/// [module docs](self)).
///
/// ```
/// use tema::ingest::Document;
/// let doc = |text: &str, theme: &str| Document {
///     id: text.into(), text: text.into(), title: None, reference: None, theme: Some(theme.into()),
/// };
/// let labels = [doc("Holdet vandt kampen 2-1.", "sport"), doc("Suppen koger i en time.", "mad")];
/// let (themes, docs) = tema::themes::labelled_documents(std::path::Path::new("l.jsonl"), &labels, None)?;
/// let ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
/// assert_eq!(ids, ["sport", "mad"]);
/// assert_eq!(docs[1].label, Some(Some("mad".to_owned())));
/// # Ok::<(), tema::Error>(())
/// ```
pub fn labelled_documents(
    path: &Path,
    labels: &[Document],
    defined: Option<Vec<Theme>>,
) -> Result<(Vec<Theme>, Vec<TrainingDocument>)> {
    let bad = |reason: String| Error::Labels {
        path: path.to_path_buf(),
        reason,
    };
    if labels.is_empty() {
        return Err(bad("holds no labelled documents".into()));
    }
    let themes = match defined {
        Some(themes) => {
            if let Some(doc) = labels
                .iter()
                .find(|d| label_of(d).is_some_and(|id| !themes.iter().any(|t| t.id == id)))
            {
                let known: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
                return Err(bad(format!(
                    "document {}: unknown theme {:?} (known: {}, none)",
                    doc.id,
                    label_of(doc).unwrap_or_default(),
                    known.join(", ")
                )));
            }
            themes
        }
        None => {
            let built_in = default_themes();
            let mut ids: Vec<&str> = Vec::new();
            for id in labels.iter().filter_map(label_of) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.iter().all(|id| built_in.iter().any(|t| t.id == *id)) {
                built_in
            } else {
                ids.iter()
                    .map(|id| {
                        built_in
                            .iter()
                            .find(|t| t.id == *id)
                            .cloned()
                            .unwrap_or_else(|| Theme::from_label(id))
                    })
                    .collect()
            }
        }
    };
    let docs = labels
        .iter()
        .map(|d| TrainingDocument {
            text: classifier_text(d.title.as_deref(), &[&d.text]),
            section: None,
            label: Some(label_of(d).map(str::to_owned)),
        })
        .collect();
    Ok((themes, docs))
}

/// Refuses themes that nothing teaches: a theme with no seed terms and no labelled document
/// would have an empty prototype and could never be chosen. `source` is the themes file they
/// came from, named in the error (only a themes file can define such a theme: the built-in
/// ones have seed terms, and a theme made from a label id has that label).
pub fn check_teachable(source: &Path, themes: &[Theme], docs: &[TrainingDocument]) -> Result<()> {
    for theme in themes.iter().filter(|t| t.seed_terms.is_empty()) {
        let labelled = docs.iter().any(|d| {
            d.label
                .as_ref()
                .is_some_and(|l| l.as_deref() == Some(&theme.id))
        });
        if !labelled {
            return Err(Error::Themes {
                path: source.to_path_buf(),
                reason: format!(
                    "theme {} has neither seed terms nor labelled documents to learn from",
                    theme.id
                ),
            });
        }
    }
    Ok(())
}
