//! `tema report`: a theme report of issues, as a self-contained HTML page or Markdown.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

use tema::output::batch::collect_files;
use tema::output::report::{
    self, IssueDate, ReportFormat, ReportInput, ReportIssue, ReportView, ThemeLabel,
};
use tema::summaries::Length;

use super::emit;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Issues, folders of issues (searched recursively for .txt) or glob patterns.
    #[arg(required = true, value_name = "ISSUE|DIR")]
    pub inputs: Vec<String>,

    /// The report: .html for a web page, .md for Markdown (or say which with --format).
    #[arg(short, long, value_name = "FILE")]
    pub out: PathBuf,

    /// The report's format [default: from the file name, HTML unless it ends in .md].
    #[arg(short, long, value_enum)]
    pub format: Option<ReportFormatArg>,

    /// When issues came out whose name and first lines say no year: YYYY or YYYY-MM.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<IssueDate>,

    /// The report's heading.
    #[arg(long, default_value = "Temarapport")]
    pub title: String,

    /// A model made by `tema train` [default: the model built into tema].
    #[arg(short, long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Do not repair OCR damage (lost æ/ø/å) before analysis.
    #[arg(long)]
    pub no_repair: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Html,
    Md,
}

fn parse_date(text: &str) -> Result<IssueDate, String> {
    IssueDate::find(text).ok_or_else(|| format!("{text:?} is not a date like 2024 or 2024-10"))
}

/// The date of an issue: from its file name, else its first lines, else `--date`.
fn issue_date(path: &Path, text: &str, fallback: Option<IssueDate>) -> Option<IssueDate> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opening: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
    IssueDate::find(&stem)
        .or_else(|| IssueDate::find(&opening))
        .or(fallback)
}

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let format = match args.format {
        Some(ReportFormatArg::Html) => ReportFormat::Html,
        Some(ReportFormatArg::Md) => ReportFormat::Markdown,
        None if args.out.extension().is_some_and(|e| e == "md") => ReportFormat::Markdown,
        None => ReportFormat::Html,
    };
    let pipeline = super::pipeline(args.model.as_deref(), !args.no_repair, Length::Sentences(3))?;
    let mut issues = Vec::new();
    let mut failed = 0usize;
    for file in collect_files(&args.inputs)? {
        // One read serves the date (from the text as printed) and the analysis.
        let read = pipeline.read_text(&file).map(|read| {
            let date = issue_date(&file, &read.value.text, args.date);
            (date, super::noted(pipeline.issue_from_decoded(&file, read)))
        });
        let (date, issue) = match read {
            Ok(read) => read,
            Err(err) => {
                eprintln!("tema: error: {err}");
                failed += 1;
                continue;
            }
        };
        let Some(date) = date else {
            eprintln!(
                "tema: error: {}: cannot tell when it came out (no year in its name or first lines); give --date",
                file.display()
            );
            failed += 1;
            continue;
        };
        let articles = pipeline.tag_issue(&issue);
        issues.push(ReportIssue {
            name: issue.name,
            date,
            articles,
        });
    }
    if issues.is_empty() {
        bail!("no issue could be read for the report");
    }
    let input = ReportInput {
        title: args.title,
        themes: pipeline
            .model()
            .themes
            .iter()
            .map(|t| ThemeLabel {
                id: t.id.clone(),
                label: t.label_da.clone(),
            })
            .collect(),
        issues,
    };
    emit(
        Some(&args.out),
        &report::render(&ReportView::build(&input), format),
    )?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
