//! The command line: what the user typed, checked and turned into library calls.
//!
//! clap types stay in this module and `main.rs`; the library only sees its own types.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use tema::ingest::{self, Encoding};
use tema::output::{self, Format};
use tema::text;

/// Reads Danish magazine issues, finds their articles, tags them by theme and summarises them.
#[derive(Debug, Parser)]
#[command(name = "tema", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the units of an issue (articles, editorials, briefs, ads) with their line ranges,
    /// titles, bylines, standfirsts and clean body text.
    Articles(ArticlesArgs),

    /// Show how tema reads the Danish of an issue: sentences, tokens, stems and stop words, for
    /// people tuning themes.
    Tokens(TokensArgs),

    /// Put back the æ, ø and å that OCR lost: the same lines and words, only letters inside
    /// damaged words change. Text that looks clean is left alone unless --force is given.
    Repair(RepairArgs),

    /// Measure tema against your own hand annotations.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Debug, Args)]
pub struct TokensArgs {
    /// An issue, or with --raw any Danish text file.
    pub file: PathBuf,

    /// Only this unit (an id from `tema articles`).
    #[arg(short, long, value_name = "ID")]
    pub unit: Option<String>,

    /// Analyse the file's text as it is, without finding its articles; spans then point into
    /// the file.
    #[arg(long, conflicts_with = "unit")]
    pub raw: bool,

    /// Print JSON: per text, its sentences with spans and tokens (text, norm, stem, stop, span).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// A text file (UTF-8 or Windows-1252).
    pub file: PathBuf,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Repair even when the text keeps its æ/ø/å; then only words the lexicon does not know
    /// are replaced.
    #[arg(long)]
    pub force: bool,
}

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

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    /// The issues: plain text extracted from the printed PDFs (UTF-8 or Windows-1252).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format [default: table on a terminal, json otherwise]. With several files, json
    /// is an array of issue documents.
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Jsonl,
    Md,
}

impl FormatArg {
    fn resolve(choice: Option<FormatArg>, to_terminal: bool) -> Format {
        match choice {
            Some(FormatArg::Table) => Format::Table,
            Some(FormatArg::Json) => Format::Json,
            Some(FormatArg::Jsonl) => Format::Jsonl,
            Some(FormatArg::Md) => Format::Markdown,
            None if to_terminal => Format::Table,
            None => Format::Json,
        }
    }
}

/// Runs the parsed command; errors come back for `main` to print as one line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Articles(args) => articles(args),
        Command::Tokens(args) => tokens(args),
        Command::Repair(args) => repair(args),
        Command::Eval(EvalCommand::Articles(args)) => eval_articles(args),
    }
}

/// One text shown by `tema tokens`.
#[derive(serde::Serialize)]
struct TokenView {
    id: String,
    sentences: Vec<text::AnalyzedSentence>,
}

fn tokens(args: TokensArgs) -> Result<ExitCode> {
    let mut stemmer = text::DanishStemmer::default();
    let views: Vec<TokenView> = if args.raw {
        let decoded = ingest::read_text(&args.file)?;
        vec![TokenView {
            id: ingest::issue_name(&args.file),
            sentences: text::analyze(&decoded.text, &mut stemmer),
        }]
    } else {
        let issue = ingest::read_issue(&args.file)?;
        if let Some(id) = &args.unit {
            if !issue.units.iter().any(|u| &u.id == id) {
                anyhow::bail!("{}: has no unit {id}", args.file.display());
            }
        }
        issue
            .units
            .iter()
            .filter(|u| match &args.unit {
                Some(id) => &u.id == id,
                None => u.kind.is_content(),
            })
            .map(|u| TokenView {
                id: u.id.clone(),
                sentences: text::analyze(&u.body, &mut stemmer),
            })
            .collect()
    };
    let rendered = if args.json {
        let mut out = serde_json::to_string_pretty(&views)?;
        out.push('\n');
        out
    } else {
        let mut out = String::new();
        for view in &views {
            out.push_str(&format!("== {}\n", view.id));
            for (n, sentence) in view.sentences.iter().enumerate() {
                out.push_str(&format!(
                    "[{}] {}\n   ",
                    n + 1,
                    sentence.text.replace('\n', " ")
                ));
                for token in &sentence.tokens {
                    if token.stop {
                        out.push_str(&format!(" ({})", token.text));
                    } else if token.stem == token.norm {
                        out.push_str(&format!(" {}", token.text));
                    } else {
                        out.push_str(&format!(" {}={}", token.text, token.stem));
                    }
                    if !token.parts.is_empty() {
                        out.push_str(&format!("[{}]", token.parts.join("+")));
                    }
                }
                out.push('\n');
            }
        }
        out
    };
    emit(None, &rendered)?;
    Ok(ExitCode::SUCCESS)
}

fn repair(args: RepairArgs) -> Result<ExitCode> {
    let text = ingest::read_text(&args.file)?.text;
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
    eprintln!(
        "tema: note: {}: {verdict}: {} of {} words with æ/ø/å; changed {changed} of {words} words",
        args.file.display(),
        damage.with_danish_letters,
        damage.words,
    );
    emit(args.output.as_deref(), &repaired)?;
    Ok(ExitCode::SUCCESS)
}

fn eval_articles(args: EvalArticlesArgs) -> Result<ExitCode> {
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

fn articles(args: ArticlesArgs) -> Result<ExitCode> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = FormatArg::resolve(args.format, to_terminal);
    let mut issues = Vec::new();
    let mut failed = 0usize;
    // One bad file is reported and the others are still read; the exit code tells.
    for file in &args.files {
        match ingest::read_issue(file) {
            Ok(issue) => {
                if issue.encoding != Encoding::Utf8 {
                    eprintln!(
                        "tema: note: {} is not UTF-8; read it as {}",
                        file.display(),
                        issue.encoding
                    );
                }
                issues.push(issue);
            }
            Err(err) => {
                eprintln!("tema: error: {err}");
                failed += 1;
            }
        }
    }
    if !issues.is_empty() {
        emit(
            args.output.as_deref(),
            &output::render_issues(&issues, format),
        )?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Sends output to a file (atomically) or to standard output. A closed pipe (`| head`) is not
/// an error: the reader has what it wanted.
fn emit(path: Option<&std::path::Path>, rendered: &str) -> Result<()> {
    match path {
        Some(path) => output::write_atomic(path, rendered.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(rendered.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("standard output: cannot write")?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn default_format_depends_on_the_terminal() {
        assert_eq!(FormatArg::resolve(None, true), Format::Table);
        assert_eq!(FormatArg::resolve(None, false), Format::Json);
        assert_eq!(
            FormatArg::resolve(Some(FormatArg::Md), true),
            Format::Markdown
        );
    }
}
