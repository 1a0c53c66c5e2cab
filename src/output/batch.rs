//! Batch runs over archives: many issue files, in parallel, one JSON Lines file of results,
//! resumable.
//!
//! The files are taken in sorted order and streamed through a pool of threads, a few files in
//! hand at a time, and their records are written in that same order as each file ends, so the
//! results are identical whatever the number of threads, progress is seen file by file, and
//! memory holds a few files, never the archive.
//!
//! Two files are written: the results (`results.jsonl`, one line per record, each naming its
//! source file and the hash of its content) and beside them a ledger (`results.jsonl.done`, one
//! line per finished file). A file's records are written and flushed before its ledger line, in
//! single writes of whole lines, so after a crash or Ctrl-C the ledger never claims a file whose
//! records are not all there. `--resume` trusts only the ledger: it drops any records of files
//! the ledger does not list (and a torn last line), then skips the files it lists whose content
//! is unchanged. A bad file is reported and the run goes on.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest::{read_text, Decoded, IssueDate};
use crate::output::TaggedArticle;
use crate::{Pipeline, Read};

/// How a batch run is set up.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Keep the results of files the ledger lists as done, and skip those files.
    pub resume: bool,
    /// How many files may be in hand (read, processed, waiting to be written in order) at
    /// once; bounds memory. `None`: four per thread, at least 16, so that a slow file does not
    /// idle the threads and one sync covers many files.
    pub window: Option<usize>,
}

/// What happened to one file, as reported while the run goes on.
#[derive(Debug, Clone)]
pub enum BatchEvent<'a> {
    /// The run starts: files to look at, and their bytes on disk.
    Start { files: usize, bytes: u64 },
    /// A file was processed and its records written.
    Done {
        path: &'a Path,
        bytes: u64,
        records: usize,
    },
    /// A file was already done in an earlier run.
    Skipped { path: &'a Path, bytes: u64 },
    /// A file could not be processed; the run goes on.
    Failed {
        path: &'a Path,
        bytes: u64,
        error: &'a Error,
    },
}

/// The closing account of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BatchSummary {
    pub files: usize,
    pub done: usize,
    /// Done in an earlier run and skipped by `--resume`.
    pub skipped: usize,
    pub failed: usize,
    pub records: usize,
    pub bytes: u64,
    pub seconds: f64,
    /// The run was stopped (Ctrl-C, or its reader went away) before every file was looked at.
    pub interrupted: bool,
    /// The stream a [`run_to_stream`] wrote to was closed by its reader.
    pub closed: bool,
}

/// One line of the ledger.
#[derive(Debug, Serialize, Deserialize)]
struct LedgerLine {
    source: String,
    hash: String,
    records: usize,
}

/// The fields every results line starts with.
#[derive(Serialize)]
struct ResultLine<'a, R> {
    source: &'a str,
    source_hash: &'a str,
    #[serde(flatten)]
    record: &'a R,
}

/// One line of `tema batch` results with its article: the record every way of running tema over
/// an archive writes (`tema batch`, the stream `tema tag --input -`, the Python package and its
/// Dask and Spark helpers), so `tema report --from` reads the output of any of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRecord {
    /// The issue file, as found (or as named where the text came from elsewhere).
    pub source: String,
    /// [`content_hash`] of its text as decoded.
    pub source_hash: String,
    #[serde(flatten)]
    pub article: TaggedArticle,
}

/// An issue and the records of its content units, as [`tag_issue_file`] gives them.
#[derive(Debug, Clone)]
pub struct TaggedIssue {
    pub issue: crate::ingest::Issue,
    pub articles: Vec<TaggedArticle>,
}

/// Tags one issue as `tema batch` does: its text as decoded from `path` checked, repaired and cut
/// into units named `id` ([`issue_ids`](crate::ingest::issue_ids)), and the records of its
/// content units, each dated (`date` when given, else from the path, else from the issue line
/// printed on its first page) and carrying its [`term_counts`](TaggedArticle::term_counts).
pub fn tag_issue_file(
    pipeline: &Pipeline,
    path: &Path,
    id: String,
    decoded: Decoded,
    date: Option<IssueDate>,
) -> Result<Read<TaggedIssue>> {
    let date = date
        .or_else(|| crate::ingest::date_from_path(path))
        .or_else(|| crate::ingest::date_from_text(&decoded.text));
    let read = pipeline.check_text(path, decoded)?;
    let Read {
        value: issue,
        notes,
    } = pipeline.issue_from_decoded_as(path, id, read);
    let mut articles = pipeline.tag_issue(&issue);
    let units = issue.units.iter().filter(|u| u.kind.is_content());
    for (article, unit) in articles.iter_mut().zip(units) {
        article.date = date;
        article.term_counts = Some(crate::vectors::term_counts(&super::report::topic_text(
            unit,
        )));
    }
    Ok(Read {
        value: TaggedIssue { issue, articles },
        notes,
    })
}

/// The records of an issue as lines of results (each ending in a line break), from `source`
/// whose decoded text has the hash `source_hash`.
pub fn result_lines<R: Serialize>(source: &str, source_hash: &str, records: &[R]) -> String {
    records
        .iter()
        .map(|record| {
            serde_json::to_string(&ResultLine {
                source,
                source_hash,
                record,
            })
            .expect("records serialise")
                + "\n"
        })
        .collect()
}

/// The key results lines are read back by on resume.
#[derive(Deserialize)]
struct ResultKey {
    source: String,
    source_hash: String,
}

/// The hash that keys a file's content in the ledger: xxh3, 64 bits, hex.
pub fn content_hash(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// The ledger that goes with a results file.
pub fn ledger_path(results: &Path) -> PathBuf {
    let mut name = results.as_os_str().to_owned();
    name.push(".done");
    PathBuf::from(name)
}

/// The `.txt` files named by the inputs: files as given, folders walked recursively, and glob
/// patterns expanded; sorted and without duplicates, so every run sees the same order.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir(dir.path().join("2024")).unwrap();
/// std::fs::write(dir.path().join("2024/b.txt"), "x").unwrap();
/// std::fs::write(dir.path().join("a.txt"), "x").unwrap();
/// std::fs::write(dir.path().join("notes.md"), "x").unwrap();
/// let files = tema::output::batch::collect_files(&[dir.path().display().to_string()]).unwrap();
/// let names: Vec<_> = files.iter().map(|p| p.strip_prefix(dir.path()).unwrap().to_owned()).collect();
/// assert_eq!(names, [std::path::Path::new("2024/b.txt"), std::path::Path::new("a.txt")]);
/// ```
pub fn collect_files(inputs: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Read {
                    path: e.path().unwrap_or(path).to_path_buf(),
                    source: e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk")),
                })?;
                if entry.file_type().is_file() && crate::ingest::is_issue_file(entry.path()) {
                    files.push(entry.into_path());
                }
            }
        } else if path.exists() {
            files.push(path.to_path_buf());
        } else if input.contains(['*', '?', '[']) {
            let paths = glob::glob(input).map_err(|e| Error::Read {
                path: path.to_path_buf(),
                source: std::io::Error::other(format!("not a valid pattern: {e}")),
            })?;
            let before = files.len();
            files.extend(paths.filter_map(|p| p.ok()).filter(|p| p.is_file()));
            if files.len() == before {
                return Err(Error::NotFound {
                    path: path.to_path_buf(),
                });
            }
        } else {
            return Err(Error::NotFound {
                path: path.to_path_buf(),
            });
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Runs `process` over every file and writes its records to `out`, with a ledger beside it
/// and a lock that keeps a second run out.
///
/// `process` gets the file's path and decoded text and returns its records; an error fails that
/// file only. `report` hears of every file as its records are written, in file order. `stop` is
/// checked as each file ends: once set, no new file is started, the files in hand are finished
/// and written, and the run ends with the ledger vouching for exactly what is in the results.
pub fn run<R, P>(
    files: &[PathBuf],
    out: &Path,
    options: &BatchOptions,
    process: P,
    report: &(dyn Fn(BatchEvent<'_>) + Sync),
    stop: &AtomicBool,
) -> Result<BatchSummary>
where
    R: Serialize + Send,
    P: Fn(&Path, &Decoded) -> Result<Vec<R>> + Sync,
{
    // Held until the run ends: a second run into the same results would write every record
    // twice and list files twice in the ledger. Taken before resume reads or truncation.
    let lock = lock(out)?;
    run_locked(&lock, files, options, process, report, stop)
}

/// [`run`] under a lock already taken with [`lock`], for a caller that must look at the
/// results before the run starts without another run getting in between.
pub fn run_locked<R, P>(
    lock: &BatchLock,
    files: &[PathBuf],
    options: &BatchOptions,
    process: P,
    report: &(dyn Fn(BatchEvent<'_>) + Sync),
    stop: &AtomicBool,
) -> Result<BatchSummary>
where
    R: Serialize + Send,
    P: Fn(&Path, &Decoded) -> Result<Vec<R>> + Sync,
{
    let started = Instant::now();
    let out = lock.results.as_path();
    let ledger = ledger_path(out);
    let done: HashMap<String, String> = if options.resume {
        recover(out, &ledger, files)?
    } else {
        HashMap::new()
    };
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let open = |path: &Path| {
        OpenOptions::new()
            .create(true)
            .append(true)
            .truncate(false)
            .open(path)
            .map_err(write_error(path))
    };
    let mut results = open(out)?;
    let mut ledger_file = open(&ledger)?;
    if !options.resume {
        results.set_len(0).map_err(write_error(out))?;
        ledger_file.set_len(0).map_err(write_error(&ledger))?;
    }
    let mut write = |group: &[Written<'_>]| -> Result<()> {
        // Whole lines, then the ledger: a torn run leaves at worst records that the ledger does
        // not vouch for, which resume drops. Synced, not only flushed, before the ledger lines
        // are written: after a power cut the ledger must not vouch for records that never
        // reached the disk. The ledger itself needs no sync of its own: a line of it that is
        // lost only means that file is done again.
        let records: String = group
            .iter()
            .flat_map(|w| w.lines.iter().map(String::as_str))
            .collect();
        results
            .write_all(records.as_bytes())
            .and_then(|()| results.flush())
            .and_then(|()| results.sync_data())
            .map_err(write_error(out))?;
        let mut entries = String::new();
        for written in group {
            entries.push_str(
                &serde_json::to_string(&LedgerLine {
                    source: written.path.display().to_string(),
                    hash: written.hash.to_owned(),
                    records: written.lines.len(),
                })
                .expect("a ledger line serialises"),
            );
            entries.push('\n');
        }
        ledger_file
            .write_all(entries.as_bytes())
            .and_then(|()| ledger_file.flush())
            .map_err(write_error(&ledger))
    };
    let (mut summary, failure) = drive(
        files, &done, options, &process, report, stop, &mut write, out,
    );
    if let Some(error) = failure {
        return Err(error);
    }
    results.sync_all().map_err(write_error(out))?;
    ledger_file.sync_all().map_err(write_error(&ledger))?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// [`run`] into a stream (standard output) instead of a file: the same records in the same
/// order, whole lines written and flushed as files end, but no ledger and no lock, so such a run
/// cannot be resumed; whoever reads the stream keeps what it got. A reader that goes away (a
/// closed pipe) stops the run like `stop` does, and [`BatchSummary::closed`] says so.
pub fn run_to_stream<R, P, W>(
    files: &[PathBuf],
    stream: &mut W,
    options: &BatchOptions,
    process: P,
    report: &(dyn Fn(BatchEvent<'_>) + Sync),
    stop: &AtomicBool,
) -> Result<BatchSummary>
where
    R: Serialize + Send,
    P: Fn(&Path, &Decoded) -> Result<Vec<R>> + Sync,
    W: Write,
{
    let started = Instant::now();
    let name = Path::new("standard output");
    let closed = AtomicBool::new(false);
    let mut write = |group: &[Written<'_>]| -> Result<()> {
        let records: String = group
            .iter()
            .flat_map(|w| w.lines.iter().map(String::as_str))
            .collect();
        match stream
            .write_all(records.as_bytes())
            .and_then(|()| stream.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                closed.store(true, Ordering::Relaxed);
                Err(Error::Write {
                    path: name.to_path_buf(),
                    source: e,
                })
            }
            other => other.map_err(|source| Error::Write {
                path: name.to_path_buf(),
                source,
            }),
        }
    };
    let done = HashMap::new();
    let (mut summary, failure) = drive(
        files, &done, options, &process, report, stop, &mut write, name,
    );
    match failure {
        Some(_) if closed.load(Ordering::Relaxed) => {
            summary.interrupted = true;
            summary.closed = true;
        }
        Some(error) => return Err(error),
        None => {}
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The engine of both runs. Files are started in order on the pool, at most `window` ahead of
/// the last one written, and their records are written strictly in file order as they come in,
/// so the output is the same for any number of threads and memory holds a few files, never the
/// archive. The writer runs on the calling thread and only it blocks: the workers never wait,
/// so the pipeline's own parallel loops inside `process` cannot deadlock against them.
#[allow(clippy::too_many_arguments)]
fn drive<R, P>(
    files: &[PathBuf],
    done: &HashMap<String, String>,
    options: &BatchOptions,
    process: &P,
    report: &(dyn Fn(BatchEvent<'_>) + Sync),
    stop: &AtomicBool,
    write: &mut dyn FnMut(&[Written<'_>]) -> Result<()>,
    out: &Path,
) -> (BatchSummary, Option<Error>)
where
    R: Serialize + Send,
    P: Fn(&Path, &Decoded) -> Result<Vec<R>> + Sync,
{
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .collect();
    report(BatchEvent::Start {
        files: files.len(),
        bytes: sizes.iter().sum(),
    });
    let mut summary = BatchSummary {
        files: files.len(),
        ..BatchSummary::default()
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            let error = Error::Read {
                path: out.to_path_buf(),
                source: std::io::Error::other(format!("cannot start worker threads: {e}")),
            };
            return (summary, Some(error));
        }
    };
    let window = options
        .window
        .unwrap_or((4 * pool.current_num_threads()).max(16))
        .max(1);
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Outcome)>();
    let mut failure = None;
    pool.in_place_scope(|scope| {
        let mut next = 0;
        let mut written = 0;
        let mut in_flight = 0;
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut cut = false;
        loop {
            // Start what the window allows; files done before need no worker.
            while failure.is_none()
                && next < files.len()
                && next < written + window
                && !stop.load(Ordering::Relaxed)
            {
                let index = next;
                next += 1;
                if done.contains_key(&files[index].display().to_string()) {
                    pending.insert(index, Outcome::Skipped);
                    continue;
                }
                in_flight += 1;
                let sender = sender.clone();
                scope.spawn(move |_| {
                    // A file still waiting for a thread when the stop comes is not begun: the
                    // stop then waits only for the files being worked on.
                    let outcome = if stop.load(Ordering::Relaxed) {
                        Outcome::NotBegun
                    } else {
                        handle(&files[index], process)
                    };
                    // The writer outlives every worker within the scope.
                    let _ = sender.send((index, outcome));
                });
            }
            // Write out, in order, whatever is ready, in one go: one sync for many files.
            let mut ready: Vec<(usize, Outcome)> = Vec::new();
            while let Some(outcome) = pending.remove(&written) {
                ready.push((written, outcome));
                written += 1;
            }
            if failure.is_none() && !cut {
                // Nothing after a file not begun is written, so what was written is still the
                // results' first files in order, which resume continues.
                if let Some(at) = ready
                    .iter()
                    .position(|(_, o)| matches!(o, Outcome::NotBegun))
                {
                    ready.truncate(at);
                    cut = true;
                }
                let group: Vec<Written<'_>> = ready
                    .iter()
                    .filter_map(|(index, outcome)| match outcome {
                        Outcome::Done { hash, lines } => Some(Written {
                            path: &files[*index],
                            hash,
                            lines,
                        }),
                        _ => None,
                    })
                    .collect();
                if !group.is_empty() {
                    if let Err(error) = write(&group) {
                        failure = Some(error);
                        ready.clear();
                    }
                }
                for (index, outcome) in ready {
                    let (path, bytes) = (files[index].as_path(), sizes[index]);
                    match outcome {
                        Outcome::NotBegun => {}
                        Outcome::Skipped => {
                            summary.skipped += 1;
                            report(BatchEvent::Skipped { path, bytes });
                        }
                        Outcome::Failed(error) => {
                            summary.failed += 1;
                            report(BatchEvent::Failed {
                                path,
                                bytes,
                                error: &error,
                            });
                        }
                        Outcome::Done { lines, .. } => {
                            summary.done += 1;
                            summary.records += lines.len();
                            summary.bytes += bytes;
                            report(BatchEvent::Done {
                                path,
                                bytes,
                                records: lines.len(),
                            });
                        }
                    }
                }
            }
            if in_flight == 0 {
                // Nothing in hand means everything started is written: go on only if there
                // is more to start.
                if failure.is_none() && !cut && next < files.len() && !stop.load(Ordering::Relaxed)
                {
                    continue;
                }
                break;
            }
            match receiver.recv() {
                Ok((index, outcome)) => {
                    in_flight -= 1;
                    pending.insert(index, outcome);
                }
                Err(_) => break,
            }
            // And whatever else has come in meanwhile, to write it in the same go.
            while let Ok((index, outcome)) = receiver.try_recv() {
                in_flight -= 1;
                pending.insert(index, outcome);
            }
        }
        let finished = summary.done + summary.skipped + summary.failed;
        summary.interrupted = finished < files.len() && failure.is_none();
    });
    (summary, failure)
}

/// The lock file that keeps two runs out of the same results: `results.jsonl.lock`, beside
/// them. A file of its own because resume replaces the results and the ledger by renaming,
/// which a lock on them would not survive; it is left in place, since removing it would race a
/// run that just took it.
pub fn lock_path(results: &Path) -> PathBuf {
    let mut name = results.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The exclusive hold of one run on its results, released when dropped.
#[derive(Debug)]
pub struct BatchLock {
    results: PathBuf,
    _file: File,
}

/// Takes the exclusive lock on a run's results (see [`lock_path`]), or says that another run
/// holds it.
pub fn lock(out: &Path) -> Result<BatchLock> {
    let path = lock_path(out);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    // Called through the trait: std's own `File::try_lock` is newer than the crate's MSRV.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(BatchLock {
            results: out.to_path_buf(),
            _file: file,
        }),
        Err(fs4::TryLockError::WouldBlock) => Err(Error::Write {
            path: out.to_path_buf(),
            source: std::io::Error::other(format!(
                "another tema batch is writing these results (it holds {}); wait for it to end",
                path.display()
            )),
        }),
        Err(fs4::TryLockError::Error(source)) => Err(Error::Write { path, source }),
    }
}

/// The files inside the folders among the inputs that are not issue files, which a run passes
/// over: for its closing line to say what it skipped and why. Unreadable entries are left to
/// [`collect_files`] to report.
pub fn passed_over(inputs: &[String]) -> Vec<PathBuf> {
    let mut skipped = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            skipped.extend(
                walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_file() && !crate::ingest::is_issue_file(e.path()))
                    .map(|e| e.into_path()),
            );
        }
    }
    skipped
}

/// The records of one file, ready to be written.
struct Written<'a> {
    path: &'a Path,
    hash: &'a str,
    lines: &'a [String],
}

enum Outcome {
    NotBegun,
    Skipped,
    Failed(Error),
    Done { hash: String, lines: Vec<String> },
}

fn handle<R, P>(path: &Path, process: &P) -> Outcome
where
    R: Serialize,
    P: Fn(&Path, &Decoded) -> Result<Vec<R>>,
{
    let source = path.display().to_string();
    let decoded = match read_text(path) {
        Ok(decoded) => decoded,
        Err(error) => return Outcome::Failed(error),
    };
    let hash = content_hash(&decoded.text);
    match process(path, &decoded) {
        Ok(records) => {
            let lines: std::result::Result<Vec<String>, _> = records
                .iter()
                .map(|record| {
                    serde_json::to_string(&ResultLine {
                        source: &source,
                        source_hash: &hash,
                        record,
                    })
                    .map(|line| line + "\n")
                })
                .collect();
            match lines {
                Ok(lines) => Outcome::Done { hash, lines },
                Err(e) => Outcome::Failed(Error::Read {
                    path: path.to_path_buf(),
                    source: std::io::Error::other(format!("cannot write its records: {e}")),
                }),
            }
        }
        Err(error) => Outcome::Failed(error),
    }
}

/// Reads back what an earlier run finished: the ledger's files whose content is unchanged,
/// and the results cut down to exactly their records (rewritten atomically when anything has to
/// go). A file of this run whose content changed since is done again.
fn recover(out: &Path, ledger: &Path, files: &[PathBuf]) -> Result<HashMap<String, String>> {
    let this_run: HashSet<String> = files.iter().map(|f| f.display().to_string()).collect();
    let mut done = HashMap::new();
    let mut ledger_lines = Vec::new();
    for line in complete_lines(ledger)? {
        let Ok(entry) = serde_json::from_str::<LedgerLine>(&line) else {
            continue;
        };
        let unchanged = !this_run.contains(&entry.source)
            || read_text(Path::new(&entry.source))
                .is_ok_and(|decoded| content_hash(&decoded.text) == entry.hash);
        if unchanged {
            done.insert(entry.source, entry.hash);
            ledger_lines.push(line);
        }
    }
    let vouched: HashSet<(&str, &str)> =
        done.iter().map(|(s, h)| (s.as_str(), h.as_str())).collect();
    let all = complete_lines(out)?;
    let raw_len = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    let kept: Vec<&String> = all
        .iter()
        .filter(|line| {
            serde_json::from_str::<ResultKey>(line)
                .is_ok_and(|k| vouched.contains(&(k.source.as_str(), k.source_hash.as_str())))
        })
        .collect();
    let kept_len: u64 = kept.iter().map(|l| l.len() as u64 + 1).sum();
    if kept_len != raw_len {
        let text: String = kept.iter().map(|l| format!("{l}\n")).collect();
        super::write_atomic(out, text.as_bytes())?;
    }
    let ledger_text: String = ledger_lines.iter().map(|l| format!("{l}\n")).collect();
    if ledger_text.len() as u64 != std::fs::metadata(ledger).map(|m| m.len()).unwrap_or(0) {
        super::write_atomic(ledger, ledger_text.as_bytes())?;
    }
    Ok(done)
}

/// The lines of a file that end in a newline; a missing file has none.
fn complete_lines(path: &Path) -> Result<Vec<String>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::reading(path, source)),
    };
    let mut lines = Vec::new();
    for line in BufReader::new(file).split(b'\n') {
        let line = line.map_err(|source| Error::reading(path, source))?;
        lines.push(line);
    }
    // `split` cannot tell whether the last piece ended in a newline: check the file's last byte.
    let ends_whole = std::fs::read(path)
        .map(|b| b.last().is_none_or(|&c| c == b'\n'))
        .unwrap_or(true);
    if !ends_whole {
        lines.pop();
    }
    Ok(lines
        .into_iter()
        .filter_map(|l| String::from_utf8(l).ok())
        .filter(|l| !l.trim().is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[derive(Serialize)]
    struct Record {
        line: String,
    }

    /// A processor that makes one record per non-blank line, so results are easy to predict.
    fn lines_of(_: &Path, decoded: &Decoded) -> Result<Vec<Record>> {
        Ok(decoded
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| Record {
                line: line.to_owned(),
            })
            .collect())
    }

    fn quiet(_: BatchEvent<'_>) {}

    #[test]
    fn bad_files_are_counted_and_the_run_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "a.txt", "en\nto\n");
        let empty = write(dir.path(), "b.txt", "  \n");
        let out = dir.path().join("out.jsonl");
        let summary = run(
            &[good, empty],
            &out,
            &BatchOptions::default(),
            lines_of,
            &quiet,
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!((summary.done, summary.failed, summary.records), (1, 1, 2));
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("{\"source\":"), "{text}");
        assert!(
            text.lines()
                .all(|l| l.ends_with("\"line\":\"en\"}") || l.ends_with("\"line\":\"to\"}")),
            "{text}"
        );
    }

    #[test]
    fn resume_drops_unvouched_and_torn_lines_and_skips_done_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.txt", "en\nto\n");
        let b = write(dir.path(), "b.txt", "tre\n");
        let out = dir.path().join("out.jsonl");
        let files = [a.clone(), b.clone()];
        let stop = AtomicBool::new(false);
        let options = BatchOptions::default();
        run(&files, &out, &options, lines_of, &quiet, &stop).unwrap();
        let whole = std::fs::read_to_string(&out).unwrap();

        // Simulate a crash while b's records were being written: its ledger line is gone and
        // its record torn.
        let ledger = ledger_path(&out);
        let first_ledger_line = std::fs::read_to_string(&ledger)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned();
        std::fs::write(&ledger, format!("{first_ledger_line}\n")).unwrap();
        let torn = &whole[..whole.len() - 5];
        std::fs::write(&out, torn).unwrap();

        let resume = BatchOptions {
            resume: true,
            ..options
        };
        let summary = run(&files, &out, &resume, lines_of, &quiet, &stop).unwrap();
        assert_eq!((summary.skipped, summary.done), (1, 1));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), whole);

        // A changed file is done again, not skipped.
        std::fs::write(&a, "en\nto\nfire\n").unwrap();
        let summary = run(&files, &out, &resume, lines_of, &quiet, &stop).unwrap();
        assert_eq!((summary.skipped, summary.done), (1, 1));
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
    }

    #[test]
    fn output_is_the_same_for_one_thread_and_four() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..40)
            .map(|i| {
                write(
                    dir.path(),
                    &format!("{i:02}.txt"),
                    &"linje\n".repeat(i % 7 + 1),
                )
            })
            .collect();
        let render = |jobs: usize| {
            let out = dir.path().join(format!("out-{jobs}.jsonl"));
            let options = BatchOptions {
                jobs,
                window: Some(5),
                ..BatchOptions::default()
            };
            run(
                &files,
                &out,
                &options,
                lines_of,
                &quiet,
                &AtomicBool::new(false),
            )
            .unwrap();
            std::fs::read_to_string(out).unwrap()
        };
        assert_eq!(render(1), render(4));
    }

    #[test]
    fn a_stop_request_ends_the_run_with_the_files_in_hand() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..10)
            .map(|i| write(dir.path(), &format!("{i}.txt"), "linje\n"))
            .collect();
        let out = dir.path().join("out.jsonl");
        let stop = AtomicBool::new(false);
        let options = BatchOptions {
            jobs: 1,
            window: Some(2),
            ..BatchOptions::default()
        };
        let stop_after_first = |event: BatchEvent<'_>| {
            if matches!(event, BatchEvent::Done { .. }) {
                stop.store(true, Ordering::Relaxed);
            }
        };
        let summary = run(&files, &out, &options, lines_of, &stop_after_first, &stop).unwrap();
        assert!(summary.interrupted);
        assert_eq!(summary.done, 2);
    }
}
