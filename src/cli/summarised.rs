//! The record of one summarised document or unit, shared by `tema summarise` and the streaming
//! path of `--input -` (its own module, so neither command imports the other).

use anyhow::{bail, Result};
use serde::Serialize;

use tema::summaries::Extract;
use tema::text::RepairOffsets;

/// One summarised document, as JSON shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Summarised {
    pub id: String,
    pub title: Option<String>,
    pub summary: Vec<Extract>,
}

impl Summarised {
    /// The summary of an issue's unit, as `summarise` prints it and `--input -` streams it.
    pub(crate) fn of_unit(pipeline: &tema::Pipeline, unit: &tema::ingest::Unit) -> Summarised {
        Summarised {
            id: unit.id.clone(),
            title: unit.title.clone(),
            summary: pipeline.summarise_unit(unit),
        }
    }

    /// The extracts a view that prints the title beside them shows: the headline only when
    /// there is no title to print.
    pub(crate) fn sentences(&self) -> impl Iterator<Item = &Extract> {
        self.summary
            .iter()
            .filter(|e| !(e.headline && self.title.is_some()))
    }
}

/// The summary of a document of `source`, its spans pointing into the text as given (`given`,
/// when the repair changed it).
pub(crate) fn summarise_document(
    pipeline: &tema::Pipeline,
    source: &std::path::Path,
    doc: tema::ingest::Document,
    given: Option<String>,
) -> Result<Summarised> {
    let mut summary = pipeline.summarise_document(&doc);
    // The user holds the text as given: a span must point there, not into the repair. The
    // extract's text stays repaired, as it reads best.
    if let Some(given) = given {
        let Some(offsets) = RepairOffsets::new(&given, &doc.text) else {
            bail!(
                "{}: document {:?}: the repair moved words, so spans cannot be given (try --no-repair)",
                source.display(),
                doc.id
            );
        };
        for extract in &mut summary {
            extract.span = offsets.original_span(extract.span);
        }
    }
    Ok(Summarised {
        id: doc.id,
        title: doc.title,
        summary,
    })
}
