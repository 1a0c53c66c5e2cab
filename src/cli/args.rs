//! Argument groups every command shares (`#[command(flatten)]`), so one option has one name,
//! one meaning and one help text everywhere, and the translation into a [`Pipeline`] is written
//! once.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use tema::summaries::Length;
use tema::Pipeline;

/// `-m/--model`: the theme model.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// A model made by `tema train` [default: the model built into tema].
    #[arg(short, long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// `--no-repair`: read damaged text as printed.
#[derive(Debug, Clone, Copy, Args)]
pub struct NoRepairArgs {
    /// Do not repair OCR damage (lost æ/ø/å) before analysis.
    #[arg(long)]
    pub no_repair: bool,
}

/// `-o/--output`: where the result goes.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write to this file (atomically: never half written) instead of standard output; `-` is
    /// standard output.
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// The file to write, `None` for standard output (`-` included).
    pub fn file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| *p != Path::new("-"))
    }

    /// Whether the result goes to a terminal, where tables read best.
    pub fn to_terminal(&self) -> bool {
        self.file().is_none() && std::io::stdout().is_terminal()
    }
}

/// `-o/--output` for a command that must write a file.
#[derive(Debug, Clone, Args)]
pub struct RequiredOutputArgs {
    /// The file to write (atomically: never half written); `-` is standard output.
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    pub output: PathBuf,
}

impl RequiredOutputArgs {
    /// The file to write, `None` for standard output.
    pub fn file(&self) -> Option<&Path> {
        Some(self.output.as_path()).filter(|p| *p != Path::new("-"))
    }
}

/// `-i/--input`: JSON Lines documents.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Documents as JSON Lines instead of issues: one object per line with `text` and
    /// optionally `id` and `title`; `-` is standard input.
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,
}

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
    /// The length asked for, 3 sentences when none was.
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

/// The pipeline of a command: the model of `--model` (or the built-in one), repair unless
/// `--no-repair`, summaries of `length`.
pub fn pipeline(model: &ModelArgs, repair: NoRepairArgs, length: Length) -> Result<Pipeline> {
    let mut params = Pipeline::params()
        .repair(!repair.no_repair)
        .summary_length(length);
    if let Some(path) = &model.model {
        params = params.model(tema::themes::Model::read(path)?);
    }
    Ok(params.build()?)
}
