//! `tema articles`: the units of one or more issues.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use tema::output;

use super::args::{CsvArgs, NoRepairArgs, OutputArgs};
use super::{emit_written, FormatArg};

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

    #[command(flatten)]
    pub csv: CsvArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,

    /// Repair (the default now; kept so scripts written when it was not still run).
    #[arg(long = "repair", hide = true, conflicts_with = "no_repair")]
    pub repaired: bool,
}

pub fn run(args: ArticlesArgs) -> Result<ExitCode> {
    let written = FormatArg::resolve(args.format, &args.output)?;
    let format = written.format();
    let mut failed = 0usize;
    // One bad file is reported and the others are still read; the exit code tells. The units
    // are repaired as every other command repairs them, so the bodies shown are the ones
    // `tema summarise` spans point into; `--no-repair` shows them as printed.
    let pipeline = tema::Pipeline::params()
        .repair(!args.repair.no_repair)
        .build()?;
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
        let layout = super::args::layout(&args.output, &args.csv);
        emit_written(
            &args.output,
            &written,
            |format| output::render_issues_with(&issues, format, &layout),
            || vec![output::units_sheet(&issues)],
        )?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
