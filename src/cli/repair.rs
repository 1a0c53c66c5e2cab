//! `tema repair`: put back the æ/ø/å that OCR lost.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use tema::text;

use super::args::OutputArgs;
use super::emit;

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// A text file (UTF-8 or Windows-1252); `-` is standard input.
    pub file: PathBuf,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Repair even when the text keeps its æ/ø/å; then only words the lexicon does not know
    /// are replaced.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: RepairArgs) -> Result<ExitCode> {
    // Checked to be Danish first: another language's words would be "repaired" into Danish ones.
    let pipeline = tema::Pipeline::default();
    let text = super::noted(super::read_text(&pipeline, &args.file)?).text;
    let damage = text::assess(&text);
    let damaged = damage.is_damaged();
    let repaired = if damaged {
        text::Repairer::new(text::default_lexicon()).repair_text(&text)
    } else if args.force {
        text::Repairer::cautious(text::default_lexicon()).repair_text(&text)
    } else {
        text.clone()
    };
    let changed = text::changed_words(&text, &repaired);
    let words = text.split_whitespace().count();
    let verdict = if damaged {
        "looks damaged (few words keep æ/ø/å)"
    } else if args.force {
        "looks clean; repaired anyway (--force), unknown words only"
    } else {
        "looks clean; left as it is (--force repairs anyway)"
    };
    say!(
        "tema: note: {}: {verdict}: {} of {} words with æ/ø/å; changed {changed} of {words} words",
        super::issue_path(&args.file).display(),
        damage.with_danish_letters,
        damage.words,
    );
    emit(args.output.file(), &repaired)?;
    Ok(ExitCode::SUCCESS)
}
