//! Outputs: units rendered as a table, JSON, JSON Lines, Markdown or CSV, sheets for a
//! workbook, and files written whole.
//!
//! Every renderer returns a `String`, so the caller decides where it goes; [`write_atomic`]
//! puts it in a file through a temporary file and a rename, so a reader never sees half a file
//! and a failed run leaves nothing behind. Tables are laid out to a width ([`Layout`]), CSV in
//! a dialect ([`CsvOptions`]); what CSV shows is a [`Sheet`], which [`write_xlsx`] also writes
//! as an Excel workbook.

pub mod batch;
mod clusters;
pub mod report;
mod sheet;

use std::io::Write;
use std::path::Path;

use comfy_table::{ColumnConstraint, ContentArrangement, LineStyle, Row, Table, TableStyle};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{Issue, Unit};
pub use clusters::{
    cluster_sheets, render_clusters, render_clusters_with, ClusterReport, ClusteredDocument,
};
pub use sheet::{write_xlsx, Cell, CsvOptions, Sheet};

mod tags;
pub use tags::{
    names_by_theme, render_tagged, render_tagged_with, tagged_sheet, ClusterRef, TaggedArticle,
    Term,
};

/// The width tables are laid out to when nothing tells it: output that is not a terminal and
/// no `COLUMNS`.
pub const DEFAULT_WIDTH: u16 = 100;

/// How text output is laid out: the width tables fit in and the CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Columns a table may take, borders included; long cells wrap (at most two lines) and the
    /// rest is cut with `…`.
    pub width: u16,
    pub csv: CsvOptions,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            width: DEFAULT_WIDTH,
            csv: CsvOptions::default(),
        }
    }
}

/// How units are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for people: id, kind, section, title, words.
    Table,
    /// One JSON document: the issue and all its units.
    Json,
    /// One JSON object per unit and line, each naming its issue.
    Jsonl,
    /// A Markdown document, one section per unit.
    Markdown,
    /// Comma-separated values with a header row, in the dialect of [`Layout::csv`].
    Csv,
}

/// The JSON document for one issue (`--format json`).
#[derive(Serialize)]
struct IssueDocument<'a> {
    issue: &'a str,
    file: String,
    encoding: crate::ingest::Encoding,
    units: &'a [Unit],
}

impl<'a> IssueDocument<'a> {
    fn of(issue: &'a Issue) -> Self {
        IssueDocument {
            issue: &issue.name,
            file: issue.path.display().to_string(),
            encoding: issue.encoding,
            units: &issue.units,
        }
    }
}

/// One line of `--format jsonl`.
#[derive(Serialize)]
struct UnitLine<'a> {
    issue: &'a str,
    #[serde(flatten)]
    unit: &'a Unit,
}

/// Renders an issue's units in the chosen format.
///
/// ```
/// use tema::output::{render_units, Format};
/// let units = tema::ingest::segment("demo", "Af Anna Berg\n\nKommunerne skal samarbejde om it-sikkerhed, siger hun, og det haster nu for alle.\n‹‹‹\n");
/// let issue = tema::ingest::Issue { name: "demo".into(), path: "demo.txt".into(), encoding: tema::ingest::Encoding::Utf8, pages: Vec::new(), units };
/// let jsonl = render_units(&issue, Format::Jsonl);
/// assert!(jsonl.starts_with("{\"issue\":\"demo\",\"id\":\"demo-01\""));
/// ```
pub fn render_units(issue: &Issue, format: Format) -> String {
    render_units_with(issue, format, &Layout::default())
}

/// [`render_units`] laid out to `layout`.
pub fn render_units_with(issue: &Issue, format: Format, layout: &Layout) -> String {
    match format {
        Format::Table => units_table(&issue.units, layout.width),
        Format::Json => {
            let mut out =
                serde_json::to_string_pretty(&IssueDocument::of(issue)).expect("units serialise");
            out.push('\n');
            out
        }
        Format::Jsonl => {
            let mut out = String::new();
            for unit in &issue.units {
                let line = UnitLine {
                    issue: &issue.name,
                    unit,
                };
                out.push_str(&serde_json::to_string(&line).expect("units serialise"));
                out.push('\n');
            }
            out
        }
        Format::Markdown => units_markdown(issue),
        Format::Csv => units_sheet(std::slice::from_ref(issue)).to_csv(&layout.csv),
    }
}

/// Renders several issues: tables and Markdown one after the other, JSON Lines concatenated,
/// JSON as one document for a single issue and an array of them for several.
pub fn render_issues(issues: &[Issue], format: Format) -> String {
    render_issues_with(issues, format, &Layout::default())
}

/// [`render_issues`] laid out to `layout`; CSV is one sheet of the units of all issues.
pub fn render_issues_with(issues: &[Issue], format: Format, layout: &Layout) -> String {
    if let [issue] = issues {
        return render_units_with(issue, format, layout);
    }
    match format {
        Format::Json => {
            let docs: Vec<IssueDocument<'_>> = issues.iter().map(IssueDocument::of).collect();
            let mut out = serde_json::to_string_pretty(&docs).expect("units serialise");
            out.push('\n');
            out
        }
        Format::Table => issues
            .iter()
            .map(|issue| {
                format!(
                    "{}\n{}",
                    issue.name,
                    render_units_with(issue, format, layout)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => units_sheet(issues).to_csv(&layout.csv),
        Format::Jsonl | Format::Markdown => issues
            .iter()
            .map(|issue| render_units_with(issue, format, layout))
            .collect(),
    }
}

/// The units of some issues as one sheet (`tema articles --format csv|xlsx`): a row per unit
/// with its issue, kind, section, title, byline, line ranges and words; no body text.
pub fn units_sheet(issues: &[Issue]) -> Sheet {
    let mut sheet = Sheet::new(
        "units",
        &[
            "issue", "id", "kind", "section", "title", "byline", "lines", "pages", "words",
        ],
    );
    for issue in issues {
        for unit in &issue.units {
            sheet.rows.push(vec![
                issue.name.as_str().into(),
                unit.id.as_str().into(),
                unit.kind.as_str().into(),
                unit.section.as_deref().unwrap_or("").into(),
                unit.title.as_deref().unwrap_or("").into(),
                unit.byline.as_deref().unwrap_or("").into(),
                line_ranges(&unit.lines).into(),
                unit.pages
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into(),
                unit.words.into(),
            ]);
        }
    }
    sheet
}

/// "12-40 44-51": line ranges as a spreadsheet cell shows them.
pub(crate) fn line_ranges(lines: &[crate::ingest::LineRange]) -> String {
    lines
        .iter()
        .map(|r| format!("{}-{}", r.0, r.1))
        .collect::<Vec<_>>()
        .join(" ")
}

fn units_table(units: &[Unit], width: u16) -> String {
    let mut table = fitted_table(
        &["id", "kind", "section", "title", "words"],
        &[0, 1, 4],
        width,
    );
    for unit in units {
        add_row(
            &mut table,
            [
                unit.id.clone(),
                unit.kind.as_str().to_owned(),
                unit.section.clone().unwrap_or_default(),
                unit.title.clone().unwrap_or_default(),
                unit.words.to_string(),
            ],
        );
    }
    let mut out = table.to_string();
    out.push('\n');
    out
}

/// Lines a row of a fitted table may take before its cells are cut with `…`.
const ROW_LINES: usize = 2;

/// A table for the terminal, at most `width` columns wide: the columns of `whole` (ids,
/// numbers, theme names) keep their full width, the others share the rest, wrapping. Rows
/// are added with [`add_row`].
pub(crate) fn fitted_table(header: &[&str], whole: &[usize], width: u16) -> Table {
    let mut table = Table::new();
    table
        .load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' ')))
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_truncation_indicator("…")
        .set_header(header.iter().copied());
    for &i in whole {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    table
}

/// Adds a row of at most [`ROW_LINES`] lines to a [`fitted_table`].
pub(crate) fn add_row<const N: usize>(table: &mut Table, cells: [String; N]) {
    let mut row = Row::from(cells);
    row.max_height(ROW_LINES);
    table.add_row(row);
}

fn units_markdown(issue: &Issue) -> String {
    let mut out = format!("# {}\n", issue.name);
    for unit in &issue.units {
        let title = unit.title.as_deref().unwrap_or("(untitled)");
        out.push_str(&format!("\n## {title}\n\n"));
        let mut facts = vec![format!("`{}`", unit.id), unit.kind.as_str().to_owned()];
        if let Some(section) = &unit.section {
            facts.push(section.clone());
        }
        if let Some(byline) = &unit.byline {
            facts.push(format!("by {byline}"));
        }
        let ranges: Vec<String> = unit
            .lines
            .iter()
            .map(|r| format!("{}–{}", r.0, r.1))
            .collect();
        facts.push(format!("lines {}", ranges.join(", ")));
        facts.push(format!("{} words", unit.words));
        out.push_str(&format!("*{}*\n", facts.join(" · ")));
        if let Some(standfirst) = &unit.standfirst {
            out.push_str(&format!("\n**{standfirst}**\n"));
        }
        if !unit.body.is_empty() {
            out.push_str(&format!("\n{}\n", unit.body));
        }
        for quote in &unit.pull_quotes {
            out.push_str(&format!("\n> {quote}\n"));
        }
        for facts in &unit.fact_boxes {
            out.push_str(&format!("\n```text\n{facts}\n```\n"));
        }
    }
    out
}

/// Cuts text to at most `max` characters, marking the cut with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Writes `contents` to `path` whole or not at all: into a temporary file beside it, then
/// renamed over it.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let write_error = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source: without_temporary_path(source),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(write_error)?;
    // A temporary file is private (0600); the result should have the permissions a plain
    // write would give: the old file's, or the usual 0644.
    let permissions = match std::fs::metadata(path) {
        Ok(old) => old.permissions(),
        Err(_) => default_permissions(),
    };
    file.as_file()
        .set_permissions(permissions)
        .map_err(write_error)?;
    file.write_all(contents).map_err(write_error)?;
    file.as_file().sync_all().map_err(write_error)?;
    file.persist(path).map_err(|e| write_error(e.error))?;
    Ok(())
}

/// The cause of an error `tempfile` made, without the temporary file's name it adds ("… at
/// path /out/.tmpX1y2"): the user asked for the destination, which the error already names.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    let message = error.to_string();
    match message.find(" at path \"") {
        Some(at) => std::io::Error::new(error.kind(), &message[..at]),
        None => error,
    }
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    let mut permissions = std::fs::metadata(".")
        .map(|m| m.permissions())
        .expect("the current directory has metadata");
    permissions.set_readonly(false);
    permissions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_marks_the_cut() {
        assert_eq!(shorten("kort", 10), "kort");
        assert_eq!(shorten("en meget lang overskrift", 10), "en meget …");
    }

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "readable like any written file");
        }
    }

    #[test]
    fn atomic_write_into_missing_directory_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.json");
        let err = write_atomic(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("out.json: cannot write"), "{err}");
    }
}
