//! `tema tag`: every article of some issues, or of a JSON Lines file, with its themes.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use tema::output;

use super::args::{CsvArgs, InputArgs, LengthArgs, ModelArgs, NoRepairArgs, OutputArgs};
use super::{emit_written, FormatArg};

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Issues: plain text extracted from the printed PDFs (UTF-8 or Windows-1252); folders are
    /// searched for .txt files, glob patterns expanded, `-` is standard input.
    #[arg(
        value_name = "FILE|DIR|GLOB",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub csv: CsvArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,

    #[command(flatten)]
    pub length: LengthArgs,
}

pub fn run(args: TagArgs) -> Result<ExitCode> {
    let written = FormatArg::resolve(args.format, &args.output)?;
    let format = written.format();
    let pipeline = super::args::pipeline(&args.model, args.repair, args.length.length())?;
    let mut articles = Vec::new();
    let mut failed = 0usize;
    if let Some(input) = &args.input.input {
        if super::stream::wanted(input, format) {
            return super::stream::run(&pipeline, super::stream::Job::Tag);
        }
        articles = pipeline.tag_documents(&super::read_documents(&pipeline, input)?);
    } else {
        // One bad file is reported and the others are still tagged; the exit code tells.
        let mut read = 0usize;
        for issue in super::issues(&pipeline, &args.files, &mut failed) {
            read += 1;
            if let Some(note) = super::nothing_to_tag(&issue) {
                say!("tema: note: {note}");
            }
            articles.extend(pipeline.tag_issue(&issue));
        }
        if read == 0 {
            return Ok(ExitCode::FAILURE);
        }
    }
    let layout = super::args::layout(&args.output, &args.csv);
    emit_written(
        &args.output,
        &written,
        |format| output::render_tagged_with(&articles, format, &layout),
        || vec![output::tagged_sheet(&articles)],
    )?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
