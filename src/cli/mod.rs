//! The command line: what the user typed, checked and turned into library calls.
//!
//! clap types stay in this module and `main.rs`; the library only sees its own types.

mod articles;
mod batch;
mod cluster;
mod eval;
mod repair;
mod report;
mod summarise;
mod tag;
mod themes;
mod tokens;
mod train;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use tema::output::{self, Format};

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
    Articles(articles::ArticlesArgs),

    /// Show how tema reads the Danish of an issue: sentences, tokens, stems and stop words, for
    /// people tuning themes.
    Tokens(tokens::TokensArgs),

    /// Find topics nobody named: cluster the articles of issues, or the documents of a JSON
    /// Lines archive, label each cluster by its distinctive words and summarise each document.
    Cluster(cluster::ClusterArgs),
    /// Put back the æ, ø and å that OCR lost: the same lines and words, only letters inside
    /// damaged words change. Text that looks clean is left alone unless --force is given.
    Repair(repair::RepairArgs),

    /// Tag every article of some issues (or JSON Lines documents) with its themes, distinctive
    /// terms and a short summary.
    Tag(tag::TagArgs),

    /// Build a model (vocabulary, theme prototypes, calibrated thresholds) from issues,
    /// documents and optional labels.
    Train(train::TrainArgs),

    /// Run over a whole archive in parallel: one JSON line per article, a progress bar, a bad
    /// file reported and skipped, and --resume to finish an interrupted run.
    Batch(batch::BatchArgs),

    /// Summarise every article of issues, or JSON Lines documents, with a few of their own
    /// sentences, each with its byte span.
    Summarise(summarise::SummariseArgs),

    /// Write a theme report of issues: theme shares per issue and year with charts, top
    /// articles and terms per theme, rising terms, other topics and every article; HTML or
    /// Markdown.
    Report(report::ReportArgs),

    /// Print the built-in theme definitions (to start a themes file of one's own from), or
    /// check a themes file with --check.
    Themes(themes::ThemesArgs),

    /// Measure tema against your own hand annotations.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
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
        Command::Articles(args) => articles::run(args),
        Command::Tokens(args) => tokens::run(args),
        Command::Cluster(args) => cluster::run(args),
        Command::Repair(args) => repair::run(args),
        Command::Tag(args) => tag::run(args),
        Command::Train(args) => train::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Report(args) => report::run(args),
        Command::Summarise(args) => summarise::run(args),
        Command::Themes(args) => themes::run(args),
        Command::Eval(eval::EvalCommand::Articles(args)) => eval::articles(args),
        Command::Eval(eval::EvalCommand::Summaries(args)) => eval::summaries(args),
        Command::Eval(eval::EvalCommand::Themes(args)) => eval::themes(args),
    }
}

/// The model of `--model FILE`, or the one built into tema.
pub(crate) fn load_model(path: Option<&std::path::Path>) -> Result<tema::themes::Model> {
    Ok(match path {
        Some(path) => tema::themes::Model::read(path)?,
        None => tema::themes::Model::default_model()?,
    })
}

/// Reads an issue the way every analysing command does: decoded, its lost æ/ø/å put back when
/// the text is damaged (unless `repair` is off), then segmented. Repair keeps every line and
/// word in place, so line ranges still point into the file as it is.
pub(crate) fn load_issue(
    path: &std::path::Path,
    repair: bool,
) -> tema::Result<tema::ingest::Issue> {
    prepare_issue(path, tema::ingest::read_text(path)?, repair)
}

/// The issues of a command that goes on past a bad file, each read by [`load_issue`]: a file
/// that fails is reported on stderr in one line and counted in `failed`, for the exit code to
/// tell; an issue not in UTF-8 gets a note saying how it was read.
pub(crate) fn issues<'a>(
    files: &'a [std::path::PathBuf],
    repair: bool,
    failed: &'a mut usize,
) -> impl Iterator<Item = tema::ingest::Issue> + 'a {
    files
        .iter()
        .filter_map(move |file| match load_issue(file, repair) {
            Ok(issue) => {
                if issue.encoding != tema::ingest::Encoding::Utf8 {
                    eprintln!(
                        "tema: note: {} is not UTF-8; read it as {}",
                        file.display(),
                        issue.encoding
                    );
                }
                Some(issue)
            }
            Err(err) => {
                eprintln!("tema: error: {err}");
                *failed += 1;
                None
            }
        })
}

/// [`load_issue`] for a text already read.
pub(crate) fn prepare_issue(
    path: &std::path::Path,
    mut decoded: tema::ingest::Decoded,
    repair: bool,
) -> tema::Result<tema::ingest::Issue> {
    if repair {
        // Checked before the repair too, which would read another language's words as
        // damaged Danish.
        tema::ingest::danish_score(&decoded.text).check(path)?;
        if let std::borrow::Cow::Owned(repaired) = tema::text::repair_document(&decoded.text) {
            decoded.text = repaired;
        }
    }
    tema::ingest::issue_from_text(path, decoded)
}

/// Reads JSON Lines documents the way every analysing command does: with their lost æ/ø/å put
/// back (unless `repair` is off). A document long enough to judge is repaired when it looks
/// damaged; a shorter one when the file as a whole does, since a few dozen words may lack
/// æ/ø/å by chance. Title and reference are repaired with their text.
pub(crate) fn load_documents(
    path: &std::path::Path,
    repair: bool,
) -> tema::Result<Vec<tema::ingest::Document>> {
    let mut docs = tema::ingest::read_documents(path)?;
    if repair {
        repair_documents(&mut docs, false);
    }
    Ok(docs)
}

/// Repairs the documents that lost their æ/ø/å, text, title and reference alike. With
/// `keep_given`, gives back the text as it was of each document it repaired (`None` for those
/// left alone); without, each is dropped as soon as it is replaced, so a large archive is not
/// held twice.
pub(crate) fn repair_documents(
    docs: &mut [tema::ingest::Document],
    keep_given: bool,
) -> Vec<Option<String>> {
    let judged: Vec<tema::text::Damage> =
        docs.iter().map(|d| tema::text::assess(&d.text)).collect();
    let whole = tema::text::Damage {
        words: judged.iter().map(|d| d.words).sum(),
        with_danish_letters: judged.iter().map(|d| d.with_danish_letters).sum(),
    };
    let whole_damaged = whole.is_damaged();
    // Documents are repaired in parallel, one warm repairer per thread: what a repairer learns
    // of one text does not reach the next, so the result does not depend on the order or the
    // number of threads.
    use rayon::prelude::*;
    let lexicon = tema::text::default_lexicon();
    docs.par_iter_mut()
        .zip(&judged)
        .map_init(
            || tema::text::Repairer::new(lexicon),
            |repairer, (doc, damage)| {
                let damaged = if damage.words >= tema::text::Damage::ENOUGH_WORDS {
                    damage.is_damaged()
                } else {
                    whole_damaged
                };
                if !damaged {
                    return None;
                }
                for field in [&mut doc.title, &mut doc.reference] {
                    if let Some(text) = field.as_mut() {
                        *text = repairer.repair_text(text);
                    }
                }
                let repaired = repairer.repair_text(&doc.text);
                let given = std::mem::replace(&mut doc.text, repaired);
                keep_given.then_some(given)
            },
        )
        .collect()
}

/// Sends output to a file (atomically) or to standard output. A closed pipe (`| head`) is not
/// an error: the reader has what it wanted.
pub(crate) fn emit(path: Option<&std::path::Path>, rendered: &str) -> Result<()> {
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
