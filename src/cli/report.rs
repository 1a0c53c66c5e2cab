//! `tema report`: a theme report of issues, as a self-contained HTML page or Markdown.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

use std::collections::HashMap;

use tema::output::report::{
    self, IssueDate, ReportFormat, ReportInput, ReportIssue, ReportView, ThemeLabel,
};

use super::args::{LengthArgs, ModelArgs, NoRepairArgs};
use super::emit;
use tema::output::TaggedArticle;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Issues, folders of issues (searched recursively for .txt) or glob patterns.
    #[arg(
        required_unless_present = "from",
        conflicts_with = "from",
        value_name = "ISSUE|DIR"
    )]
    pub inputs: Vec<String>,

    /// Build the report from the results of `tema batch` (JSON Lines) instead of reading
    /// issues: nothing is read or tagged again. The output of `tema tag --input -` over issue
    /// lines, and of the Python package's Dask and Spark helpers, is read the same way.
    #[arg(long, value_name = "RESULTS", num_args = 1..)]
    pub from: Vec<PathBuf>,

    /// Dates of issues that override what their paths and first pages say: CSV rows
    /// `issue,date` (`2019-nr3,2019-10`).
    #[arg(long, value_name = "FILE")]
    pub dates: Option<PathBuf>,

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

// Strict: `2024-13` is refused, not read as 2024.
fn parse_date(text: &str) -> Result<IssueDate, String> {
    IssueDate::parse(text)
}

/// How the issues of a run are dated: `--dates FILE` first, then the issue's path, then the
/// issue line printed on its first page or in its masthead, then `--date`.
pub(crate) struct Dating {
    given: HashMap<String, IssueDate>,
    fallback: Option<IssueDate>,
}

impl Dating {
    pub(crate) fn new(dates: Option<&Path>, fallback: Option<IssueDate>) -> Result<Dating> {
        let given = match dates {
            Some(path) => tema::ingest::read_dates(path)?,
            None => HashMap::new(),
        };
        Ok(Dating { given, fallback })
    }

    /// The date the user gave for an issue, if any.
    pub(crate) fn given(&self, issue: &str) -> Option<IssueDate> {
        self.given.get(issue).copied()
    }

    /// The date of issue `id` read from `path`, whose text as printed is `text`.
    pub(crate) fn date(&self, id: &str, path: &Path, text: &str) -> Option<IssueDate> {
        self.given(id)
            .or_else(|| tema::ingest::date_from_path(path))
            .or_else(|| tema::ingest::date_from_text(text))
            .or(self.fallback)
    }
}

/// Says on stderr that an issue has no date and is shown apart.
fn note_undated(issue: &str) {
    say!(
        "tema: note: {issue}: no date in its path, first page or masthead; shown apart as undated (give it one with --dates)"
    );
}

/// A line of results: a record, or the error record of a line that failed.
#[derive(serde::Deserialize)]
struct ResultRecord {
    #[serde(default)]
    error: Option<String>,
    #[serde(flatten)]
    article: TaggedArticle,
}

/// The issues in `tema batch` results (or the stream's), in the order their records come, each
/// with its articles in order; the date of an issue is `--dates`'s or its records'. Error
/// records are told on stderr and counted in `failed`.
fn issues_from_results(
    files: &[PathBuf],
    dating: &Dating,
    failed: &mut usize,
) -> Result<Vec<ReportIssue>> {
    use std::io::BufRead as _;
    let mut issues: Vec<ReportIssue> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for file in files {
        let reader = std::fs::File::open(file)
            .map(std::io::BufReader::new)
            .map_err(|e| tema::Error::reading(file, e))?;
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| tema::Error::reading(file, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |reason: String| tema::Error::Json {
                path: file.clone(),
                line: Some(n + 1),
                reason,
            };
            let record: ResultRecord =
                serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
            if let Some(error) = record.error {
                // A line the stream (or an engine's task) could not do: said, counted, and the
                // report made of the rest, as a bad issue file is in a report of issues.
                say!("tema: error: {}: line {}: {error}", file.display(), n + 1);
                *failed += 1;
                continue;
            }
            let mut article = record.article;
            let Some(issue) = article.issue.clone() else {
                return Err(bad(
                    "a record without its issue; is this `tema batch` output?".to_owned()
                )
                .into());
            };
            if let Some(date) = dating.given(&issue) {
                article.date = Some(date);
            }
            let at = *index.entry(issue.clone()).or_insert_with(|| {
                issues.push(ReportIssue {
                    name: issue.clone(),
                    date: article.date,
                    articles: Vec::new(),
                });
                issues.len() - 1
            });
            issues[at].articles.push(article);
        }
    }
    for issue in &mut issues {
        // In reading order, as the issue's units come, whatever order the records came in.
        issue
            .articles
            .sort_by_key(|a| a.lines.as_ref().and_then(|l| l.first()).map(|l| l.0));
        if issue.date.is_none() {
            note_undated(&issue.name);
        }
    }
    Ok(issues)
}

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let format = match args.format {
        Some(ReportFormatArg::Html) => ReportFormat::Html,
        Some(ReportFormatArg::Md) => ReportFormat::Markdown,
        None if args.output.extension().is_some_and(|e| e == "md") => ReportFormat::Markdown,
        None => ReportFormat::Html,
    };
    let pipeline = super::args::pipeline(&args.model, args.repair, args.length.length())?;
    let dating = Dating::new(args.dates.as_deref(), args.date)?;
    let mut failed = 0usize;
    let issues = if args.from.is_empty() {
        let mut issues = Vec::new();
        let files = super::all_issue_files(&args.inputs)?;
        let ids = tema::ingest::issue_ids(&args.inputs, &files);
        for (file, id) in files.iter().zip(ids) {
            // One read serves the date (from the text as printed) and the analysis.
            let read = super::read_text(&pipeline, file).map(|read| {
                let path = super::issue_path(file);
                let date = dating.date(&id, path, &read.value.text);
                let issue = super::noted(pipeline.issue_from_decoded_as(path, id.clone(), read));
                (date, issue)
            });
            let (date, issue) = match read {
                Ok(read) => read,
                Err(err) => {
                    say!("tema: error: {err}");
                    failed += 1;
                    continue;
                }
            };
            if date.is_none() {
                note_undated(&issue.name);
            }
            let mut articles = pipeline.tag_issue(&issue);
            let units = issue.units.iter().filter(|u| u.kind.is_content());
            for (article, unit) in articles.iter_mut().zip(units) {
                article.date = date;
                // What `tema batch` records carry: topics are found in these counts either way.
                article.term_counts = Some(tema::vectors::term_counts(&report::topic_text(unit)));
            }
            issues.push(ReportIssue {
                name: issue.name,
                date,
                articles,
            });
        }
        issues
    } else {
        issues_from_results(&args.from, &dating, &mut failed)?
    };
    if issues.is_empty() {
        // Each failed file has had its line.
        if failed > 0 {
            return Ok(ExitCode::FAILURE);
        }
        bail!("no issue could be read for the report");
    }
    // In the order the report shows them: topics are then found in the same order of articles
    // whatever order the files were given or the records came in (a cluster's parts come back
    // in any order).
    let mut issues = issues;
    issues.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.name).cmp(&(b.date.is_none(), b.date, &b.name))
    });
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
    // Topics are found in the articles' term counts, which `tema batch` records carry too, so a
    // report from results finds the same topics as one from the issues. Records written before
    // the counts were kept have none: such a report has no topics of its own.
    if input
        .issues
        .iter()
        .flat_map(|i| &i.articles)
        .all(|a| a.term_counts.is_some())
    {
        report::find_topics_of_records(&mut input);
    } else {
        say!(
            "tema: note: some records carry no term counts (written by an older tema), so the report shows no topics; run `tema batch` again for them"
        );
    }
    let out = Some(args.output.as_path()).filter(|p| *p != Path::new("-"));
    emit(out, &report::render(&ReportView::build(&input), format))?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
