//! `tema articles`: the units of one or more issues.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use tema::output;

use super::args::OutputArgs;
use super::{emit, FormatArg};

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    /// The issues: plain text extracted from the printed PDFs (UTF-8 or Windows-1252); folders
    /// are searched for .txt files, glob patterns expanded, `-` is standard input.
    #[arg(
        value_name = "FILE|DIR|GLOB",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<String>,

    /// Issues as JSON Lines on standard input (`-`, the only value), one `{"path"}` or
    /// `{"path", "text"}` per line; the units come out as JSON Lines as each line is done.
    #[arg(short, long, value_name = "-")]
    pub input: Option<std::path::PathBuf>,

    /// Output format [default: table on a terminal, json otherwise]. With several files, json
    /// is an array of issue documents.
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Put back the æ/ø/å a damaged issue lost, as the analysing commands do: the spans of
    /// `tema summarise` point into these bodies.
    #[arg(long)]
    pub repair: bool,
}

pub fn run(args: ArticlesArgs) -> Result<ExitCode> {
    let format = FormatArg::resolve(args.format, args.output.to_terminal());
    let mut failed = 0usize;
    // One bad file is reported and the others are still read; the exit code tells. The units
    // are shown as printed unless asked: this is where a reader checks the segmentation
    // against the page.
    let pipeline = tema::Pipeline::params().repair(args.repair).build()?;
    if let Some(input) = &args.input {
        if !super::stream::wanted(input, format) {
            anyhow::bail!(
                "--input {}: articles reads JSON Lines only as a stream: --input - --format jsonl",
                input.display()
            );
        }
        return super::stream::run(&pipeline, super::stream::Job::Articles);
    }
    let issues: Vec<_> = super::issues(&pipeline, &args.files, &mut failed).collect();
    if !issues.is_empty() {
        emit(args.output.file(), &output::render_issues(&issues, format))?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
