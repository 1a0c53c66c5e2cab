//! How well a segmentation matches a hand annotation of the same issue.
//!
//! Units are compared by the non-blank lines they share. A found unit matches an annotated one
//! when the shared lines are at least half of the annotated unit's lines *and* at least half of
//! the found unit's lines, so neither a unit swallowing two articles nor a fragment of one counts
//! as found. Only content (articles, editorials, briefs) is scored; whether a match is called an
//! article or a brief does not matter.
//!
//! - recall: annotated content units matched by a found content unit;
//! - precision: found content units that match an annotated content unit.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{LineRange, Unit, UnitKind};
use crate::error::{Error, Result};

/// A hand annotation of one issue.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Annotation {
    /// The issue file the annotation describes.
    pub file: String,
    pub units: Vec<AnnotatedUnit>,
}

/// One annotated unit.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AnnotatedUnit {
    pub kind: UnitKind,
    #[serde(default)]
    pub title: Option<String>,
    pub lines: Vec<LineRange>,
    /// The unit's theme id; null when it has none (or was not judged).
    #[serde(default)]
    pub theme: Option<String>,
}

impl Annotation {
    /// Reads an annotation from a JSON file and checks it ([`Annotation::validate`]).
    pub fn load(path: &Path) -> Result<Annotation> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::reading(path, source))?;
        let annotation: Annotation = serde_json::from_str(&text).map_err(|e| Error::Json {
            path: path.to_path_buf(),
            line: Some(e.line()),
            reason: e.to_string(),
        })?;
        annotation.validate(path)?;
        Ok(annotation)
    }

    /// Checks what the annotation says of itself: every unit has at least one range, and
    /// every range starts at line 1 or later and does not end before it starts. `path` names
    /// the annotation in the error.
    pub fn validate(&self, path: &Path) -> Result<()> {
        for (i, unit) in self.units.iter().enumerate() {
            if unit.lines.is_empty() {
                return Err(self.invalid(path, i, "has no lines".into()));
            }
            if let Some(r) = unit.lines.iter().find(|r| r.0 == 0 || r.1 < r.0) {
                return Err(self.invalid(
                    path,
                    i,
                    format!(
                        "has the range [{}, {}] (lines count from 1, start ≤ end)",
                        r.0, r.1
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Checks the annotation (`path`) against the text of the issue it is scored on (`issue`,
    /// which the message names: the file given, not necessarily the one the annotation names):
    /// no range may end past the last line, so a mistyped `[[1, 1000000000000]]` is refused
    /// rather than walked line by line.
    pub fn check_against(&self, path: &Path, issue: &Path, text: &str) -> Result<()> {
        let lines = text.lines().count();
        for (i, unit) in self.units.iter().enumerate() {
            if let Some(r) = unit.lines.iter().find(|r| r.1 > lines) {
                return Err(self.invalid(
                    path,
                    i,
                    format!(
                        "has the range [{}, {}], past the last line ({lines}) of {}",
                        r.0,
                        r.1,
                        issue.display()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn invalid(&self, path: &Path, unit: usize, reason: String) -> Error {
        let name = match &self.units[unit].title {
            Some(title) => format!("unit {} ({title:?})", unit + 1),
            None => format!("unit {}", unit + 1),
        };
        Error::Annotation {
            path: path.to_path_buf(),
            reason: format!("{name} {reason}"),
        }
    }
}

/// Precision and recall of found content units against an annotation.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentationScore {
    pub annotated: usize,
    pub found: usize,
    /// Annotated content units matched.
    pub matched_annotated: usize,
    /// Found content units that match.
    pub matched_found: usize,
    pub recall: f64,
    pub precision: f64,
    /// Titles (or first line numbers) of annotated content units that were not found.
    pub missed: Vec<String>,
    /// Ids of found content units that match nothing.
    pub spurious: Vec<String>,
}

/// Scores `found` units of `text` against an annotation.
pub fn score_segmentation(text: &str, found: &[Unit], gold: &Annotation) -> SegmentationScore {
    let non_blank: Vec<bool> = text.lines().map(|l| !l.trim().is_empty()).collect();
    let line_set = |ranges: &[LineRange]| -> HashSet<usize> {
        ranges
            .iter()
            // Clamped to the text, so even an unchecked annotation costs no more than it.
            .flat_map(|r| r.0.max(1)..=r.1.min(non_blank.len()))
            .filter(|&n| non_blank[n - 1])
            .collect()
    };
    let gold_sets: Vec<(String, HashSet<usize>)> = gold
        .units
        .iter()
        .filter(|u| u.kind.is_content())
        .map(|u| {
            let name = u
                .title
                .clone()
                .unwrap_or_else(|| format!("line {}", u.lines.first().map_or(0, |r| r.0)));
            (name, line_set(&u.lines))
        })
        .collect();
    let found_sets: Vec<(String, HashSet<usize>)> = found
        .iter()
        .filter(|u| u.kind.is_content())
        .map(|u| (u.id.clone(), line_set(&u.lines)))
        .collect();
    let matches = |g: &HashSet<usize>, f: &HashSet<usize>| {
        let shared = g.intersection(f).count();
        !g.is_empty() && !f.is_empty() && shared * 2 >= g.len() && shared * 2 >= f.len()
    };
    let missed: Vec<String> = gold_sets
        .iter()
        .filter(|(_, g)| !found_sets.iter().any(|(_, f)| matches(g, f)))
        .map(|(name, _)| name.clone())
        .collect();
    let spurious: Vec<String> = found_sets
        .iter()
        .filter(|(_, f)| !gold_sets.iter().any(|(_, g)| matches(g, f)))
        .map(|(id, _)| id.clone())
        .collect();
    let ratio = |hit: usize, all: usize| {
        if all == 0 {
            1.0
        } else {
            hit as f64 / all as f64
        }
    };
    let matched_annotated = gold_sets.len() - missed.len();
    let matched_found = found_sets.len() - spurious.len();
    SegmentationScore {
        annotated: gold_sets.len(),
        found: found_sets.len(),
        matched_annotated,
        matched_found,
        recall: ratio(matched_annotated, gold_sets.len()),
        precision: ratio(matched_found, found_sets.len()),
        missed,
        spurious,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, kind: UnitKind, lines: Vec<LineRange>) -> Unit {
        Unit {
            id: id.into(),
            kind,
            lines,
            section: None,
            title: None,
            byline: None,
            standfirst: None,
            body: String::new(),
            pull_quotes: vec![],
            fact_boxes: vec![],
            words: 0,
            pages: vec![],
        }
    }

    fn gold(units: Vec<(UnitKind, Vec<LineRange>)>) -> Annotation {
        Annotation {
            file: "x".into(),
            units: units
                .into_iter()
                .map(|(kind, lines)| AnnotatedUnit {
                    kind,
                    title: None,
                    lines,
                    theme: None,
                })
                .collect(),
        }
    }

    #[test]
    fn matches_need_half_of_both_sides() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        let annotation = gold(vec![
            (UnitKind::Article, vec![LineRange(1, 4)]),
            (UnitKind::Article, vec![LineRange(5, 8)]),
        ]);
        // One unit swallowing two articles and more matches neither.
        let merged = [unit("m", UnitKind::Article, vec![LineRange(1, 9)])];
        let s = score_segmentation(text, &merged, &annotation);
        assert_eq!((s.matched_annotated, s.matched_found), (0, 0));
        // Exact units match; an ad is not scored; a stray content unit lowers precision.
        let good = [
            unit("a", UnitKind::Article, vec![LineRange(1, 3)]),
            unit("b", UnitKind::Brief, vec![LineRange(5, 8)]),
            unit("ad", UnitKind::Ad, vec![LineRange(4, 4)]),
        ];
        let s = score_segmentation(text, &good, &annotation);
        assert_eq!((s.recall, s.precision), (1.0, 1.0));
        let stray = [
            unit("a", UnitKind::Article, vec![LineRange(1, 4)]),
            unit("x", UnitKind::Article, vec![LineRange(5, 5)]),
        ];
        let s = score_segmentation(text, &stray, &annotation);
        assert_eq!(s.recall, 0.5);
        assert_eq!(s.precision, 0.5);
        assert_eq!(s.spurious, vec!["x".to_owned()]);
    }

    #[test]
    fn blank_lines_do_not_count() {
        let text = "a\n\n\n\n\nb\n";
        let annotation = gold(vec![(UnitKind::Article, vec![LineRange(1, 6)])]);
        let found = [unit("a", UnitKind::Article, vec![LineRange(1, 1)])];
        let s = score_segmentation(text, &found, &annotation);
        assert_eq!(s.recall, 1.0);
    }
}
