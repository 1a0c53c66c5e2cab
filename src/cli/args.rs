//! Argument groups every command shares (`#[command(flatten)]`), so one option has one name,
//! one meaning and one help text everywhere, and the translation into a [`Pipeline`] is written
//! once.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use tema::output::{CsvOptions, Layout, DEFAULT_WIDTH};
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

/// `--delimiter`, `--bom`, `--no-bom`: the CSV dialect of `--format csv`.
#[derive(Debug, Clone, Copy, Args)]
pub struct CsvArgs {
    /// The field delimiter of --format csv: `,`, `;` (for Excel set to Danish: numbers then
    /// get decimal commas and the file a BOM) or `tab`.
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,

    /// Start CSV with a UTF-8 byte-order mark, as Excel needs to read æ/ø/å [default: with `;`
    /// only].
    #[arg(long, overrides_with = "no_bom")]
    pub bom: bool,

    /// No byte-order mark, even with `--delimiter ';'`.
    #[arg(long, overrides_with = "bom")]
    pub no_bom: bool,
}

impl CsvArgs {
    /// The dialect asked for.
    pub fn options(&self) -> CsvOptions {
        let mut options = CsvOptions::with_delimiter(self.delimiter);
        if self.bom {
            options.bom = true;
        }
        if self.no_bom {
            options.bom = false;
        }
        options
    }
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => match text.as_bytes() {
            [b] if b.is_ascii_punctuation() => {
                if *b == b'"' {
                    Err("the quote \" marks fields; choose another delimiter".to_owned())
                } else {
                    Ok(*b)
                }
            }
            _ => Err(format!(
                "{text:?} is not one ASCII punctuation character like , or ; (or tab)"
            )),
        },
    }
}

/// The columns a table may take: `COLUMNS` when set, else the terminal's width when the table
/// goes to one, else [`DEFAULT_WIDTH`].
pub fn table_width(output: &OutputArgs) -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0);
    if let Some(columns) = columns {
        return columns;
    }
    if output.to_terminal() {
        if let Some((terminal_size::Width(width), _)) =
            terminal_size::terminal_size_of(std::io::stdout())
        {
            return width;
        }
    }
    DEFAULT_WIDTH
}

/// The layout of a command's text output: the table width for `output`, the CSV dialect of
/// `csv`.
pub fn layout(output: &OutputArgs, csv: &CsvArgs) -> Layout {
    Layout {
        width: table_width(output),
        csv: csv.options(),
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
