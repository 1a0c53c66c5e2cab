//! `tema eval`: measuring tema against hand annotations.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

use tema::ingest;

use super::emit;

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Precision and recall of `tema articles` against an annotation of the same issue (JSON:
    /// {"file", "units": [{"kind", "title", "lines": [[start, end], ...]}]}).
    Articles(EvalArticlesArgs),
}

#[derive(Debug, Args)]
pub struct EvalArticlesArgs {
    /// The issue file.
    pub file: PathBuf,

    /// The hand annotation of that issue.
    #[arg(short, long, value_name = "FILE")]
    pub annotation: PathBuf,

    /// Print the score as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn articles(args: EvalArticlesArgs) -> Result<ExitCode> {
    let annotation = ingest::Annotation::load(&args.annotation)?;
    let text = ingest::read_text(&args.file)?.text;
    let name = ingest::issue_name(&args.file);
    let units = ingest::segment(&name, &text);
    let score = ingest::score_segmentation(&text, &units, &annotation);
    let rendered = if args.json {
        let mut out = serde_json::to_string_pretty(&score)?;
        out.push('\n');
        out
    } else {
        let mut out = format!(
            "{name}: recall {:.3} ({}/{}), precision {:.3} ({}/{})\n",
            score.recall,
            score.matched_annotated,
            score.annotated,
            score.precision,
            score.matched_found,
            score.found
        );
        for missed in &score.missed {
            out.push_str(&format!("missed: {missed}\n"));
        }
        for spurious in &score.spurious {
            out.push_str(&format!("spurious: {spurious}\n"));
        }
        out
    };
    emit(None, &rendered)?;
    Ok(ExitCode::SUCCESS)
}
