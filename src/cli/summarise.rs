//! `tema summarise`: extractive summaries of the articles of issues, or of JSON Lines documents.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use serde::Serialize;

use tema::output::Format;
use tema::summaries::{Extract, Length};
use tema::text::RepairOffsets;

use tema::pipeline::one_line;

use super::{emit, FormatArg};

/// How long summaries are; at most one of the three, 3 sentences when none is given.
#[derive(Debug, Clone, Copy, Args)]
#[group(multiple = false)]
pub struct LengthArgs {
    /// At most N sentences per summary (a quotation kept whole counts all its sentences).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub sentences: Option<u32>,

    /// At most N words per summary.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub words: Option<u32>,

    /// This share of each article's words, between 0 and 1.
    #[arg(long, value_name = "R", value_parser = parse_ratio)]
    pub ratio: Option<f64>,
}

impl LengthArgs {
    pub fn length(&self) -> Length {
        match (self.sentences, self.words, self.ratio) {
            (_, Some(n), _) => Length::Words(n as usize),
            (_, _, Some(r)) => Length::Ratio(r),
            (n, _, _) => Length::Sentences(n.unwrap_or(3) as usize),
        }
    }
}

fn parse_ratio(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if r > 0.0 && r <= 1.0 => Ok(r),
        _ => Err(format!(
            "{text:?} is not a share between 0 (excluded) and 1"
        )),
    }
}

#[derive(Debug, Args)]
pub struct SummariseArgs {
    /// Issues (plain text of the printed PDFs): every article, editorial and brief is summarised.
    #[arg(
        value_name = "FILE",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<PathBuf>,

    /// JSON Lines documents ({"id", "text", "title"?}) instead of issues.
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    #[command(flatten)]
    pub length: LengthArgs,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Read damaged issues as printed, without putting back their lost æ/ø/å.
    #[arg(long)]
    pub no_repair: bool,
}

/// One summarised document, as JSON shows it.
#[derive(Debug, Serialize)]
struct Summarised {
    id: String,
    title: Option<String>,
    summary: Vec<Extract>,
}

impl Summarised {
    /// The extracts a view that prints the title beside them shows: the headline only when
    /// there is no title to print.
    fn sentences(&self) -> impl Iterator<Item = &Extract> {
        self.summary
            .iter()
            .filter(|e| !(e.headline && self.title.is_some()))
    }
}

pub fn run(args: SummariseArgs) -> Result<ExitCode> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = FormatArg::resolve(args.format, to_terminal);
    let pipeline = tema::Pipeline::params()
        .repair(!args.no_repair)
        .summary_length(args.length.length())
        .build()?;
    let mut docs = Vec::new();
    let mut failed = 0usize;
    if let Some(input) = &args.input {
        for (doc, given) in super::noted(pipeline.read_documents_as_given(input)?) {
            let mut summary = pipeline.summarise_document(&doc);
            // The user holds the text as given: a span must point there, not into the repair.
            // The extract's text stays repaired, as it reads best.
            if let Some(given) = given {
                let Some(offsets) = RepairOffsets::new(&given, &doc.text) else {
                    bail!(
                        "{}: document {:?}: the repair moved words, so spans cannot be given (try --no-repair)",
                        input.display(),
                        doc.id
                    );
                };
                for extract in &mut summary {
                    extract.span = offsets.original_span(extract.span);
                }
            }
            docs.push(Summarised {
                id: doc.id,
                title: doc.title,
                summary,
            });
        }
    }
    // One bad issue is reported and the others are still summarised; the exit code tells.
    for issue in super::issues(&pipeline, &args.files, &mut failed) {
        for unit in issue.units.iter().filter(|u| u.kind.is_content()) {
            docs.push(Summarised {
                id: unit.id.clone(),
                title: unit.title.clone(),
                summary: pipeline.summarise_unit(unit),
            });
        }
    }
    if docs.is_empty() && failed > 0 {
        return Ok(ExitCode::FAILURE);
    }
    if docs.is_empty() {
        bail!("no articles to summarise");
    }
    emit(args.output.as_deref(), &render(&docs, format))?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn render(docs: &[Summarised], format: Format) -> String {
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
            let mut writer = csv::Writer::from_writer(Vec::new());
            let rows = std::iter::once(["id".to_owned(), "title".to_owned(), "summary".to_owned()])
                .chain(docs.iter().map(|d| {
                    let summary: Vec<String> = d.sentences().map(|e| one_line(&e.text)).collect();
                    [
                        d.id.clone(),
                        d.title.clone().unwrap_or_default(),
                        summary.join(" "),
                    ]
                }));
            for row in rows {
                writer
                    .write_record(&row)
                    .expect("writing to memory cannot fail");
            }
            String::from_utf8(writer.into_inner().expect("writing to memory cannot fail"))
                .expect("CSV of UTF-8 fields is UTF-8")
        }
        Format::Table => {
            let mut table = Table::new();
            table
                .load_style(
                    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' ')),
                )
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(["id", "title", "summary"]);
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
