//! `tema summarise`: extractive summaries of the articles of issues, or of JSON Lines documents.

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};

use tema::output::{Format, Layout, Sheet};

use tema::pipeline::one_line;

use super::args::{CsvArgs, InputArgs, LengthArgs, NoRepairArgs, OutputArgs};
use super::summarised::{summarise_document, Summarised};
use super::{emit_written, FormatArg};

#[derive(Debug, Args)]
pub struct SummariseArgs {
    /// Issues (plain text of the printed PDFs): every article, editorial and brief is
    /// summarised. Folders are searched for .txt files, glob patterns expanded, `-` is
    /// standard input.
    #[arg(
        value_name = "FILE|DIR|GLOB",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub length: LengthArgs,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub csv: CsvArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,
}

pub fn run(args: SummariseArgs) -> Result<ExitCode> {
    let written = FormatArg::resolve(args.format, &args.output)?;
    let format = written.format();
    let pipeline = tema::Pipeline::params()
        .repair(!args.repair.no_repair)
        .summary_length(args.length.length())
        .build()?;
    let mut docs = Vec::new();
    let mut failed = 0usize;
    if let Some(input) = &args.input.input {
        if super::stream::wanted(input, format) {
            return super::stream::run(&pipeline, super::stream::Job::Summarise);
        }
        for (doc, given) in super::read_documents_as_given(&pipeline, input)? {
            docs.push(summarise_document(&pipeline, input, doc, given)?);
        }
    }
    // One bad issue is reported and the others are still summarised; the exit code tells.
    for issue in super::issues(&pipeline, &args.files, &mut failed) {
        for unit in issue.units.iter().filter(|u| u.kind.is_content()) {
            docs.push(Summarised::of_unit(&pipeline, unit));
        }
    }
    if docs.is_empty() && failed > 0 {
        return Ok(ExitCode::FAILURE);
    }
    if docs.is_empty() {
        bail!("{}: no articles to summarise", args.files.join(", "));
    }
    let layout = super::args::layout(&args.output, &args.csv);
    emit_written(
        &args.output,
        &written,
        |format| render(&docs, format, &layout),
        || vec![sheet(&docs)],
    )?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The summaries as one sheet: id, title and the summary on one line.
fn sheet(docs: &[Summarised]) -> Sheet {
    let mut sheet = Sheet::new("summaries", &["id", "title", "summary"]);
    for d in docs {
        let summary: Vec<String> = d.sentences().map(|e| one_line(&e.text)).collect();
        sheet.rows.push(vec![
            d.id.as_str().into(),
            d.title.as_deref().unwrap_or("").into(),
            summary.join(" ").into(),
        ]);
    }
    sheet
}

fn render(docs: &[Summarised], format: Format, layout: &Layout) -> String {
    let mut out = match format {
        Format::Json => serde_json::to_string_pretty(docs).expect("summaries serialise"),
        Format::Jsonl => docs
            .iter()
            .map(|d| serde_json::to_string(d).expect("summaries serialise"))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => docs
            .iter()
            .map(|d| {
                let mut section = format!(
                    "## {}\n\n*`{}`*\n\n",
                    d.title.as_deref().unwrap_or("(untitled)"),
                    d.id
                );
                for extract in d.sentences() {
                    section.push_str(&format!("- {}\n", one_line(&extract.text)));
                }
                section
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => {
            let mut csv = sheet(docs).to_csv(&layout.csv);
            // The one newline every format gets is added below.
            csv.pop();
            csv
        }
        Format::Table => {
            let mut table = Table::new();
            table
                .load_style(
                    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' ')),
                )
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(layout.width)
                .set_header(["id", "title", "summary"]);
            if let Some(id) = table.column_mut(0) {
                id.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
            for d in docs {
                let summary: Vec<String> = d.sentences().map(|e| one_line(&e.text)).collect();
                table.add_row([
                    d.id.clone(),
                    d.title.clone().unwrap_or_default(),
                    summary.join(" "),
                ]);
            }
            table.to_string()
        }
    };
    out.push('\n');
    out
}
