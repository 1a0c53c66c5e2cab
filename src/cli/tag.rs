//! `tema tag`: every article of some issues, or of a JSON Lines file, with its themes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use tema::output::{self, Format};
use tema::summaries::Length;

use super::emit;

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
    let pipeline = super::pipeline(args.model.as_deref(), !args.no_repair, Length::Sentences(3))?;
    let mut articles = Vec::new();
    let mut failed = 0usize;
    if let Some(input) = &args.input {
        let docs = super::noted(pipeline.read_documents(input)?);
        articles = pipeline.tag_documents(&docs);
    } else {
        // One bad file is reported and the others are still tagged; the exit code tells.
        for issue in super::issues(&pipeline, &args.files, &mut failed) {
            articles.extend(pipeline.tag_issue(&issue));
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
