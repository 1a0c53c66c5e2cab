//! The streaming mapper: `tema tag|summarise|articles --input - --format jsonl`.
//!
//! Reads JSON Lines on standard input and writes one record per article on standard output as
//! it goes, so Spark's `RDD.pipe`, Hadoop Streaming and GNU parallel can cut an archive into
//! shards and run tema on each. Each line is judged on its own (no state passes from one line
//! to the next but the model), so a record does not depend on how the input was cut:
//!
//! - `{"path": "archive/kita-2022-autumn.txt"}`: an issue file, read as `tema tag FILE` reads
//!   it; with `"text"` too, that text is the issue's and `path` only names it (its stem
//!   prefixes the unit ids, as for a file of that name); with `"issue"`, that is the issue's id
//!   (`2019-nr3`, as `tema batch` names `2019/nr3.txt` below the archive root). One record per
//!   content unit (per unit for `articles`); `tag` writes the record `tema batch` writes
//!   (`source`, `source_hash`, `date`, `term_counts` and the tagged article), so `tema report
//!   --from` reads a stream's output as it reads batch results.
//! - `{"text": …, "id"?: …, "title"?: …}`: a document, as a line of `tema tag --input FILE`.
//!   One record. A missing `id` becomes `stdin-<line number>`.
//!
//! A line that fails (not JSON, no text, a file that cannot be read, not Danish) becomes an
//! error record `{"id", "line", "error"}` in its place, with the same line on stderr, and the
//! stream goes on; the exit status is 1 if any line failed. Unlike a whole `--input FILE`, a
//! short document is repaired only when it looks damaged itself, and each document must be
//! Danish on its own (a text under 40 words always passes).
//!
//! Memory stays bounded: a reader thread hands over at most [`BATCH`] lines at a time, each
//! batch is done in parallel, written in input order and flushed before the next is taken.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use tema::ingest::Document;
use tema::output::{self, batch, Format};
use tema::Pipeline;

/// Lines done together: enough to keep every core busy, few enough to stay close to the input.
const BATCH: usize = 64;

/// The longest line read: an issue's largest file, as text in JSON, with room for escapes.
const MAX_LINE_BYTES: usize = 2 * tema::ingest::MAX_ISSUE_BYTES as usize;

/// What the records of a stream are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Job {
    /// `tema tag`: the tagged-article record.
    Tag,
    /// `tema summarise`: `{id, title, summary}`.
    Summarise,
    /// `tema articles`: the units of issues (issue lines only).
    Articles,
}

/// Whether a command's `--input` and format ask for the stream: standard input as JSON Lines.
pub(crate) fn wanted(input: &Path, format: Format) -> bool {
    input == Path::new("-") && format == Format::Jsonl
}

/// One line as written.
#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    path: Option<PathBuf>,
    /// The issue's id, as `tema batch` would give it from the path below the archive root;
    /// the file stem when absent.
    #[serde(default)]
    issue: Option<String>,
}

/// The record of a line that failed.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: &'a str,
    line: usize,
    error: &'a str,
}

/// A line of input as the reader hands it over: its number and bytes, or why it was dropped.
type Numbered = (usize, std::result::Result<Vec<u8>, String>);

/// The records of a line as JSON Lines, or the id to report it under and why it failed.
type Records = std::result::Result<String, (String, String)>;

/// Runs the stream over standard input, writing to standard output.
pub(crate) fn run(pipeline: &Pipeline, job: Job) -> Result<ExitCode> {
    let (send, receive) = mpsc::sync_channel::<Numbered>(BATCH);
    let reader = std::thread::spawn(move || read_lines(std::io::stdin().lock(), send));
    let mut stdout = std::io::stdout().lock();
    let failed = map(pipeline, job, &receive, &mut stdout);
    drop(receive);
    // The reader ends once the channel is closed or standard input is; a read error it met
    // is the run's error.
    reader.join().expect("the reader thread does not panic")?;
    match failed {
        Ok(0) => Ok(ExitCode::SUCCESS),
        Ok(_) => Ok(ExitCode::FAILURE),
        // The reader of our output went away (`| head`): it has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("standard output: cannot write"),
    }
}

/// Sends every non-blank line of `input`, numbered from 1, until the input ends or nobody
/// listens. A line longer than [`MAX_LINE_BYTES`] is skipped and sent as its reason.
fn read_lines(mut input: impl BufRead, send: mpsc::SyncSender<Numbered>) -> Result<()> {
    let mut number = 0;
    loop {
        number += 1;
        let mut bytes = Vec::new();
        let read = std::io::Read::take(&mut input, MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut bytes)
            .context("standard input: cannot read")?;
        if read == 0 {
            return Ok(());
        }
        let item = if bytes.len() > MAX_LINE_BYTES && bytes.last() != Some(&b'\n') {
            input
                .skip_until(b'\n')
                .context("standard input: cannot read")?;
            Err(format!("longer than {MAX_LINE_BYTES} bytes"))
        } else {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            Ok(bytes)
        };
        if send.send((number, item)).is_err() {
            return Ok(());
        }
    }
}

/// Takes batches of lines as they come and writes their records in order, flushing after each
/// batch; gives back how many lines failed.
fn map(
    pipeline: &Pipeline,
    job: Job,
    lines: &mpsc::Receiver<Numbered>,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let mut failed = 0;
    // Waits for one line, then takes what else is already there: a slow producer gets each
    // record as soon as its line is done, a fast one full batches.
    while let Ok(first) = lines.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match lines.try_recv() {
                Ok(line) => batch.push(line),
                Err(_) => break,
            }
        }
        let done: Vec<(usize, Records)> = batch
            .into_par_iter()
            .map(|(number, bytes)| {
                let records = bytes
                    .map_err(|reason| (format!("{STDIN}-{number}"), reason))
                    .and_then(|bytes| records(pipeline, job, number, &bytes));
                (number, records)
            })
            .collect();
        for (number, records) in done {
            match records {
                Ok(records) => out.write_all(records.as_bytes())?,
                Err((id, reason)) => {
                    failed += 1;
                    let error = format!("{STDIN}: line {number}: {reason}");
                    say!("tema: error: {error}");
                    let record = ErrorRecord {
                        id: &id,
                        line: number,
                        error: &error,
                    };
                    let mut line = serde_json::to_string(&record).expect("records serialise");
                    line.push('\n');
                    out.write_all(line.as_bytes())?;
                }
            }
        }
        out.flush()?;
    }
    Ok(failed)
}

/// How standard input is named in ids and errors, as everywhere in tema.
const STDIN: &str = "stdin";

/// The records of one line, one JSON line each; or the id to report it under and why it
/// failed.
fn records(pipeline: &Pipeline, job: Job, number: usize, bytes: &[u8]) -> Records {
    let fallback_id = format!("{STDIN}-{number}");
    let text = std::str::from_utf8(bytes)
        .map_err(|_| (fallback_id.clone(), "not UTF-8 text".to_owned()))?;
    let line: Line = serde_json::from_str(text.trim())
        .map_err(|e| (fallback_id.clone(), format!("invalid JSON: {e}")))?;
    let id = match &line.id {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(id)) => Some(id.clone()),
        Some(serde_json::Value::Number(id)) => Some(id.to_string()),
        Some(other) => {
            return Err((
                fallback_id,
                format!("`id` must be a string or a number, not {other}"),
            ))
        }
    };
    if let Some(path) = &line.path {
        let name = id.unwrap_or_else(|| path.display().to_string());
        return issue_records(pipeline, job, path, line.issue, line.text)
            .map_err(|reason| (name, reason));
    }
    let id = id.unwrap_or(fallback_id);
    let Some(text) = line.text else {
        return Err((
            id,
            "a line needs `text` (a document) or `path` (an issue)".into(),
        ));
    };
    if job == Job::Articles {
        return Err((
            id,
            "`tema articles` reads issues: give each line a `path`".into(),
        ));
    }
    let doc = Document {
        id,
        text,
        title: line.title,
        reference: None,
        theme: None,
    };
    document_record(pipeline, job, doc)
}

/// The records of an issue line; `tag` writes them as `tema batch` does, with the issue's
/// source, hash and date.
fn issue_records(
    pipeline: &Pipeline,
    job: Job,
    path: &Path,
    id: Option<String>,
    text: Option<String>,
) -> std::result::Result<String, String> {
    let print_notes = |notes: &[tema::Note]| {
        for note in notes {
            say!("tema: note: {note}");
        }
    };
    let decoded = match text {
        Some(text) => tema::ingest::Decoded::utf8(text),
        None => tema::ingest::read_text(path).map_err(|e| e.to_string())?,
    };
    let id = id.unwrap_or_else(|| tema::ingest::issue_name(path));
    if job == Job::Tag {
        let hash = batch::content_hash(&decoded.text);
        let read =
            batch::tag_issue_file(pipeline, path, id, decoded, None).map_err(|e| e.to_string())?;
        print_notes(&read.notes);
        return Ok(batch::result_lines(
            &path.display().to_string(),
            &hash,
            &read.value.articles,
        ));
    }
    let read = pipeline
        .check_text(path, decoded)
        .map_err(|e| e.to_string())?;
    let issue = pipeline.issue_from_decoded_as(path, id, read);
    print_notes(&issue.notes);
    let issue = issue.value;
    Ok(match job {
        Job::Articles => output::render_units(&issue, Format::Jsonl),
        Job::Tag => unreachable!("tag lines are done above"),
        Job::Summarise => issue
            .units
            .iter()
            .filter(|u| u.kind.is_content())
            .map(|unit| {
                let record = super::summarised::Summarised::of_unit(pipeline, unit);
                serde_json::to_string(&record).expect("records serialise") + "\n"
            })
            .collect(),
    })
}

/// The record of a document line.
fn document_record(pipeline: &Pipeline, job: Job, mut doc: Document) -> Records {
    tema::ingest::danish_score(&doc.text)
        .check(Path::new(&doc.id))
        .map_err(|e| (doc.id.clone(), e.to_string()))?;
    let given = pipeline
        .repair_documents(std::slice::from_mut(&mut doc), job == Job::Summarise)
        .pop()
        .flatten();
    let mut line = match job {
        Job::Tag => serde_json::to_string(&pipeline.tag_document(&doc)),
        Job::Summarise => {
            let id = doc.id.clone();
            let record =
                super::summarised::summarise_document(pipeline, Path::new(STDIN), doc, given)
                    .map_err(|e| (id, format!("{e:#}")))?;
            serde_json::to_string(&record)
        }
        Job::Articles => unreachable!("articles streams issues only"),
    }
    .expect("records serialise");
    line.push('\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: &str) -> Vec<Numbered> {
        let (send, receive) = mpsc::sync_channel(1000);
        read_lines(input.as_bytes(), send).unwrap();
        receive.into_iter().collect()
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        let lines = lines_of("{\"text\": \"a\"}\n\n   \n{\"text\": \"b\"}");
        let numbers: Vec<usize> = lines.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 4]);
        assert_eq!(lines[1].1.as_deref().unwrap(), b"{\"text\": \"b\"}");
    }

    #[test]
    fn bad_lines_become_error_records_and_the_rest_go_on() {
        let pipeline = Pipeline::params().repair(false).build().unwrap();
        let (send, receive) = mpsc::sync_channel(1000);
        let input = "{\"id\": \"a\", \"text\": \"Kommunerne deler data om borgerne.\"}\n\
                     {not json\n\
                     {\"id\": [1], \"text\": \"x\"}\n\
                     {\"id\": \"d\"}\n\
                     {\"text\": \"Regionerne deler også data.\"}\n";
        read_lines(input.as_bytes(), send).unwrap();
        let mut out = Vec::new();
        let failed = map(&pipeline, Job::Tag, &receive, &mut out).unwrap();
        assert_eq!(failed, 3);
        let records: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["a", "stdin-2", "stdin-3", "d", "stdin-5"]);
        assert!(records[0].get("error").is_none());
        assert!(records[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("stdin: line 2: invalid JSON"));
        assert_eq!(records[2]["line"], 3);
        assert!(records[3]["error"]
            .as_str()
            .unwrap()
            .contains("needs `text`"));
        assert!(records[4].get("theme").is_some());
    }
}
