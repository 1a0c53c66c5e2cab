//! `tema tag`: every article of some issues, or of a JSON Lines file, with its themes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use tema::ingest::{self, Unit};
use tema::output::{self, Format, TaggedArticle};
use tema::summaries::{Article, Length, Summariser};
use tema::text::DanishStemmer;
use tema::themes::{self, Model};

use super::{emit, load_model};

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Issues: plain text extracted from the printed PDFs (UTF-8 or Windows-1252).
    #[arg(
        value_name = "FILE",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<PathBuf>,

    /// Documents as JSON Lines instead of issues: objects with `text` and optional `id` and
    /// `title`.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// A model made by `tema train` [default: the model built into tema].
    #[arg(short, long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<TagFormat>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not repair OCR damage (lost æ/ø/å) before analysis.
    #[arg(long)]
    pub no_repair: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    Table,
    Json,
    Jsonl,
    Md,
    Csv,
}

pub fn run(args: TagArgs) -> Result<ExitCode> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = match args.format {
        Some(TagFormat::Table) => Format::Table,
        Some(TagFormat::Json) => Format::Json,
        Some(TagFormat::Jsonl) => Format::Jsonl,
        Some(TagFormat::Md) => Format::Markdown,
        Some(TagFormat::Csv) => Format::Csv,
        None if to_terminal => Format::Table,
        None => Format::Json,
    };
    let model = load_model(args.model.as_deref())?;
    let mut stemmer = DanishStemmer::default();
    let mut articles = Vec::new();
    let mut failed = 0usize;
    if let Some(input) = &args.input {
        for doc in super::load_documents(input, !args.no_repair)? {
            let text = themes::classifier_text(doc.title.as_deref(), &[&doc.text]);
            articles.push(tag_text(
                &model,
                &mut stemmer,
                doc.id,
                doc.title,
                None,
                &text,
                None,
                &doc.text,
            ));
        }
    } else {
        // One bad file is reported and the others are still tagged; the exit code tells.
        for issue in super::issues(&args.files, !args.no_repair, &mut failed) {
            articles.extend(tag_issue(&model, &mut stemmer, &issue));
        }
    }
    if failed < args.files.len() || args.input.is_some() {
        emit(
            args.output.as_deref(),
            &output::render_tagged(&articles, format),
        )?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Tags the content units (articles, editorials, briefs) of an issue.
pub fn tag_issue(
    model: &Model,
    stemmer: &mut DanishStemmer,
    issue: &ingest::Issue,
) -> Vec<TaggedArticle> {
    issue
        .units
        .iter()
        .filter(|u| u.kind.is_content())
        .map(|unit| tag_unit(model, stemmer, unit))
        .collect()
}

fn tag_unit(model: &Model, stemmer: &mut DanishStemmer, unit: &Unit) -> TaggedArticle {
    tag_text(
        model,
        stemmer,
        unit.id.clone(),
        unit.title.clone(),
        Some(unit.lines.clone()),
        &themes::unit_text(unit),
        unit.section.as_deref(),
        &unit.body,
    )
}

#[allow(clippy::too_many_arguments)]
fn tag_text(
    model: &Model,
    stemmer: &mut DanishStemmer,
    id: String,
    title: Option<String>,
    lines: Option<Vec<ingest::LineRange>>,
    text: &str,
    section: Option<&str>,
    body: &str,
) -> TaggedArticle {
    let tagging = model.tag(text, section, stemmer);
    let summary = summary_for(body, title.as_deref());
    TaggedArticle {
        id,
        title,
        lines,
        theme: tagging.theme,
        themes: tagging.themes,
        cluster: tagging
            .cluster
            .map(|(id, label)| output::ClusterRef { id, label }),
        terms: tagging.terms,
        summary,
    }
}

/// The summary of an article's body: its three most telling sentences, in their order. These are
/// the summaries `tema summarise` gives, the headline a document's text may open with included.
pub fn summary_for(body: &str, title: Option<&str>) -> String {
    let mut article = Article::new(body);
    if let Some(title) = title {
        article = article.title(title);
    }
    Summariser::default()
        .summarise(&article, Length::Sentences(3))
        .iter()
        .map(|extract| {
            extract
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ")
}
