//! The command line: what the user typed, checked and turned into library calls.
//!
//! clap types stay in this module and `main.rs`; the library only sees its own types.

/// `eprintln!` that cannot panic: a standard error closed by its reader (`tema batch … 2>&1 |
/// head`) would make `eprintln!` panic, and a message nobody can read is not worth a crash.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod articles;
mod batch;
mod cluster;
mod eval;
mod repair;
mod report;
mod stream;
mod summarise;
mod summarised;
mod tag;
mod themes;
mod tokens;
mod train;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use std::path::{Path, PathBuf};

use tema::ingest::{Decoded, Document, Issue};
use tema::output::{self, Format};
use tema::Pipeline;

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
    /// CSV in the dialect of --delimiter/--bom.
    Csv,
    /// An Excel workbook; needs -o FILE.
    Xlsx,
}

/// What a command writes: text in a format, or an Excel workbook into a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Written {
    Text(Format),
    Workbook(PathBuf),
}

impl Written {
    /// The text format; JSON for a workbook (which is never a stream of lines either).
    fn format(&self) -> Format {
        match self {
            Written::Text(format) => *format,
            Written::Workbook(_) => Format::Json,
        }
    }
}

impl FormatArg {
    /// What to write for the `--format` given and the `-o` of the command: the table on a
    /// terminal and JSON otherwise when none is given; a workbook only into a file, since a
    /// terminal or a pipe wants text.
    fn resolve(choice: Option<FormatArg>, output: &args::OutputArgs) -> Result<Written> {
        Ok(Written::Text(match choice {
            Some(FormatArg::Table) => Format::Table,
            Some(FormatArg::Json) => Format::Json,
            Some(FormatArg::Jsonl) => Format::Jsonl,
            Some(FormatArg::Md) => Format::Markdown,
            Some(FormatArg::Csv) => Format::Csv,
            Some(FormatArg::Xlsx) => match output.file() {
                Some(path) => return Ok(Written::Workbook(path.to_path_buf())),
                None => anyhow::bail!(
                    "--format xlsx writes an Excel workbook, not text: give the file with -o FILE.xlsx"
                ),
            },
            None if output.to_terminal() => Format::Table,
            None => Format::Json,
        }))
    }
}

/// Writes a command's result: the text `render` makes in the chosen format (to the file of
/// `-o` or standard output), or the sheets of `sheets` as a workbook.
pub(crate) fn emit_written(
    output: &args::OutputArgs,
    written: &Written,
    render: impl FnOnce(Format) -> String,
    sheets: impl FnOnce() -> Vec<output::Sheet>,
) -> Result<()> {
    match written {
        Written::Text(format) => emit(output.file(), &render(*format)),
        Written::Workbook(path) => Ok(output::write_xlsx(path, &sheets())?),
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

/// Prints the notes of a read, one line each, as every command does.
pub(crate) fn print_notes(notes: &[tema::Note]) {
    for note in notes {
        say!("tema: note: {note}");
    }
}

/// A read's value, its notes printed.
pub(crate) fn noted<T>(read: tema::Read<T>) -> T {
    print_notes(&read.notes);
    read.value
}

/// The note for an issue that was read and segmented but holds nothing to tag (only ads and page
/// furniture): not an error, since the issue is as it is, but worth a line, so an empty result
/// is never a silent one. `tag` and `batch` print it and exit 0 for such an issue.
pub(crate) fn nothing_to_tag(issue: &Issue) -> Option<String> {
    if issue.units.iter().any(|u| u.kind.is_content()) {
        return None;
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for unit in &issue.units {
        match kinds.iter_mut().find(|(k, _)| *k == unit.kind.as_str()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((unit.kind.as_str(), 1)),
        }
    }
    let found = if kinds.is_empty() {
        "no units at all".to_owned()
    } else {
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        format!("only {}", kinds.join(", "))
    };
    Some(format!(
        "{}: no articles, editorials or briefs found ({found}); nothing to tag",
        issue.path.display()
    ))
}

/// What `-` stands for where a file is read.
const STDIN: &str = "-";

/// The name standard input goes by in errors, notes and unit ids.
const STDIN_NAME: &str = "stdin";

/// Whether a path is `-`, standard input.
fn is_stdin(path: &Path) -> bool {
    path == Path::new(STDIN)
}

/// Reads all of standard input; the size limit of one issue holds here too.
fn stdin_bytes() -> tema::Result<Vec<u8>> {
    use std::io::Read as _;
    let name = Path::new(STDIN_NAME);
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(tema::ingest::MAX_ISSUE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| tema::Error::reading(name, source))?;
    if bytes.len() as u64 > tema::ingest::MAX_ISSUE_BYTES {
        return Err(tema::Error::TooLarge {
            path: name.to_path_buf(),
            size: bytes.len() as u64,
            limit: tema::ingest::MAX_ISSUE_BYTES,
        });
    }
    Ok(bytes)
}

/// Reads an issue given on the command line: a file, or `-` for standard input.
pub(crate) fn read_text(pipeline: &Pipeline, path: &Path) -> tema::Result<tema::Read<Decoded>> {
    if is_stdin(path) {
        pipeline.text_from_bytes(STDIN_NAME, &stdin_bytes()?)
    } else {
        pipeline.read_text(path)
    }
}

/// The path an issue read from `path` is named by: `stdin` for `-`.
pub(crate) fn issue_path(path: &Path) -> &Path {
    if is_stdin(path) {
        Path::new(STDIN_NAME)
    } else {
        path
    }
}

/// Reads, checks, repairs and segments an issue given on the command line (`-`: standard
/// input).
pub(crate) fn read_issue(pipeline: &Pipeline, path: &Path) -> tema::Result<tema::Read<Issue>> {
    let read = read_text(pipeline, path)?;
    Ok(pipeline.issue_from_decoded(issue_path(path), read))
}

/// [`read_issue`] with the issue's id given ([`tema::ingest::issue_ids`]); standard input is
/// `stdin` whatever the id.
pub(crate) fn read_issue_as(
    pipeline: &Pipeline,
    path: &Path,
    id: String,
) -> tema::Result<tema::Read<Issue>> {
    if is_stdin(path) {
        return read_issue(pipeline, path);
    }
    let read = read_text(pipeline, path)?;
    Ok(pipeline.issue_from_decoded_as(path, id, read))
}

/// Reads JSON Lines documents given on the command line (`-`: standard input), repaired.
pub(crate) fn read_documents(pipeline: &Pipeline, path: &Path) -> tema::Result<Vec<Document>> {
    let read = if is_stdin(path) {
        pipeline.documents_from_reader(STDIN_NAME, std::io::stdin().lock())?
    } else {
        pipeline.read_documents(path)?
    };
    Ok(noted(read))
}

/// [`read_documents`], each document with its text as given when the repair changed it.
pub(crate) fn read_documents_as_given(
    pipeline: &Pipeline,
    path: &Path,
) -> tema::Result<Vec<tema::pipeline::GivenDocument>> {
    let read = if is_stdin(path) {
        pipeline.documents_as_given_from_reader(STDIN_NAME, std::io::stdin().lock())?
    } else {
        pipeline.read_documents_as_given(path)?
    };
    Ok(noted(read))
}

/// The issue files of the command line, in order: files as given, folders searched
/// (recursively) for `.txt` files in sorted order, glob patterns expanded, `-` for standard
/// input. An input that names nothing is reported on stderr in one line and counted in
/// `failed`; the others are still read.
pub(crate) fn issue_files(inputs: &[String], failed: &mut usize) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        match expand(input) {
            Ok(found) => files.extend(found),
            Err(err) => {
                say!("tema: error: {err}");
                *failed += 1;
            }
        }
    }
    files
}

/// The issue files of the command line as [`issue_files`] finds them, the first input that
/// names nothing an error: for commands whose result over part of the input would mislead.
pub(crate) fn all_issue_files(inputs: &[String]) -> tema::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        files.extend(expand(input)?);
    }
    Ok(files)
}

/// The files one command-line input stands for.
fn expand(input: &str) -> tema::Result<Vec<PathBuf>> {
    if input == STDIN {
        return Ok(vec![PathBuf::from(STDIN)]);
    }
    let found = tema::output::batch::collect_files(&[input.to_owned()])?;
    if found.is_empty() {
        // Only a folder can come back empty: a missing file or a pattern that matches nothing
        // is an error already.
        return Err(tema::Error::Read {
            path: PathBuf::from(input),
            source: std::io::Error::other("is a directory without .txt or .pdf issues in it"),
        });
    }
    Ok(found)
}

/// The issues of a command that goes on past a bad file, each read by the pipeline: a file
/// that fails is reported on stderr in one line and counted in `failed`, for the exit code to
/// tell; the notes of each read are printed.
pub(crate) fn issues<'a>(
    pipeline: &'a Pipeline,
    inputs: &[String],
    failed: &'a mut usize,
) -> impl Iterator<Item = Issue> + 'a {
    let files = issue_files(inputs, failed);
    let ids = tema::ingest::issue_ids(inputs, &files);
    files.into_iter().zip(ids).filter_map(move |(file, id)| {
        match read_issue_as(pipeline, &file, id) {
            Ok(read) => Some(noted(read)),
            Err(err) => {
                say!("tema: error: {err}");
                *failed += 1;
                None
            }
        }
    })
}

/// Sends output to a file (atomically) or to standard output. A closed pipe (`| head`) is not
/// an error: the reader has what it wanted.
pub(crate) fn emit(path: Option<&Path>, rendered: &str) -> Result<()> {
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
    fn xlsx_needs_a_file() {
        let to = |path: Option<&str>| args::OutputArgs {
            output: path.map(PathBuf::from),
        };
        assert_eq!(
            FormatArg::resolve(Some(FormatArg::Md), &to(None)).unwrap(),
            Written::Text(Format::Markdown)
        );
        assert_eq!(
            FormatArg::resolve(Some(FormatArg::Xlsx), &to(Some("a.xlsx"))).unwrap(),
            Written::Workbook(PathBuf::from("a.xlsx"))
        );
        for stdout in [None, Some("-")] {
            let err = FormatArg::resolve(Some(FormatArg::Xlsx), &to(stdout)).unwrap_err();
            assert!(err.to_string().contains("-o FILE.xlsx"), "{err}");
        }
    }
}
