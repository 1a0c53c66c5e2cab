//! `tema report`: a theme report of issues, as a self-contained HTML page or Markdown.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

use tema::output::report::{
    self, IssueDate, ReportFormat, ReportInput, ReportIssue, ReportView, ThemeLabel,
};

use super::args::{LengthArgs, ModelArgs, NoRepairArgs};
use super::emit;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Issues, folders of issues (searched recursively for .txt) or glob patterns.
    #[arg(required = true, value_name = "ISSUE|DIR")]
    pub inputs: Vec<String>,

    /// The report: .html for a web page, .md for Markdown (or say which with --format); `-`
    /// is standard output.
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    pub output: PathBuf,

    /// The report's format [default: from the file name, HTML unless it ends in .md].
    #[arg(short, long, value_enum)]
    pub format: Option<ReportFormatArg>,

    /// When issues came out whose name and first lines say no year: YYYY or YYYY-MM.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<IssueDate>,

    /// The report's heading.
    #[arg(long, default_value = "Temarapport")]
    pub title: String,

    #[command(flatten)]
    pub model: ModelArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,

    #[command(flatten)]
    pub length: LengthArgs,
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
        None if args.output.extension().is_some_and(|e| e == "md") => ReportFormat::Markdown,
        None => ReportFormat::Html,
    };
    let pipeline = super::args::pipeline(&args.model, args.repair, args.length.length())?;
    let mut issues = Vec::new();
    let mut texts = Vec::new();
    let mut failed = 0usize;
    for file in super::all_issue_files(&args.inputs)? {
        // One read serves the date (from the text as printed) and the analysis.
        let read = super::read_text(&pipeline, &file).map(|read| {
            let path = super::issue_path(&file);
            let date = issue_date(path, &read.value.text, args.date);
            (date, super::noted(pipeline.issue_from_decoded(path, read)))
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
        // What topics are found in: the same text `tema cluster` reads, in tag_issue's order.
        texts.extend(
            issue
                .units
                .iter()
                .filter(|u| u.kind.is_content())
                .map(report::topic_text),
        );
        let articles = pipeline.tag_issue(&issue);
        issues.push(ReportIssue {
            name: issue.name,
            date,
            articles,
        });
    }
    if issues.is_empty() {
        // Each failed file has had its line.
        if failed > 0 {
            return Ok(ExitCode::FAILURE);
        }
        bail!("no issue could be read for the report");
    }
    let mut input = ReportInput {
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
        topics: Vec::new(),
    };
    report::find_topics(&mut input, &texts);
    let out = Some(args.output.as_path()).filter(|p| *p != Path::new("-"));
    emit(out, &report::render(&ReportView::build(&input), format))?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
