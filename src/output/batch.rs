//! Batch runs over archives: many issue files, in parallel, one JSON Lines file of results,
//! resumable.
//!
//! The files are processed in sorted order, a chunk at a time, in parallel within a chunk, and
//! their records are written in that same order, so the results are identical whatever the
//! number of threads, and memory holds one chunk, never the archive.
//!
//! Two files are written: the results (`results.jsonl`, one line per record, each naming its
//! source file and the hash of its content) and beside them a ledger (`results.jsonl.done`, one
//! line per finished file). A file's records are written and flushed before its ledger line, in
//! single writes of whole lines, so after a crash or Ctrl-C the ledger never claims a file whose
//! records are not all there. `--resume` trusts only the ledger: it drops any records of files
//! the ledger does not list (and a torn last line), then skips the files it lists whose content
//! is unchanged. A bad file is reported and the run goes on.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest::{read_text, Decoded};

/// How a batch run is set up.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Keep the results of files the ledger lists as done, and skip those files.
    pub resume: bool,
    /// Files read and processed together; bounds memory.
    pub chunk: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            resume: false,
            chunk: 64,
        }
    }
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
    /// The run was stopped (Ctrl-C) before every file was looked at.
    pub interrupted: bool,
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

/// Runs `process` over every file and writes its records to `out`.
///
/// `process` gets the file's path and decoded text and returns its records; an error fails that
/// file only. `report` hears of every file as it finishes, in file order. `stop` is checked
/// between chunks: once set, the run ends cleanly with what it has written.
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
    let started = Instant::now();
    let ledger = ledger_path(out);
    // Held until the run ends: a second run into the same results would write every record
    // twice and list files twice in the ledger. Taken before resume reads or truncation.
    let _lock = lock(out)?;
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

    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .collect();
    report(BatchEvent::Start {
        files: files.len(),
        bytes: sizes.iter().sum(),
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| Error::Read {
            path: out.to_path_buf(),
            source: std::io::Error::other(format!("cannot start worker threads: {e}")),
        })?;

    let mut summary = BatchSummary {
        files: files.len(),
        ..BatchSummary::default()
    };
    let chunk = options.chunk.max(1);
    for (chunk_index, paths) in files.chunks(chunk).enumerate() {
        if stop.load(Ordering::Relaxed) {
            summary.interrupted = true;
            break;
        }
        let outcomes: Vec<Outcome> = pool.install(|| {
            paths
                .par_iter()
                .map(|path| handle(path, &done, &process))
                .collect()
        });
        for (offset, (path, outcome)) in paths.iter().zip(outcomes).enumerate() {
            let bytes = sizes[chunk_index * chunk + offset];
            match outcome {
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
                Outcome::Done { hash, lines } => {
                    let records = lines.len();
                    // Whole lines in one write, then the ledger: a torn run leaves at worst
                    // records that the ledger does not vouch for, which resume drops.
                    // Synced, not only flushed: after a power cut the ledger must not vouch
                    // for records that never reached the disk.
                    results
                        .write_all(lines.concat().as_bytes())
                        .and_then(|()| results.flush())
                        .and_then(|()| results.sync_data())
                        .map_err(write_error(out))?;
                    let mut entry = serde_json::to_string(&LedgerLine {
                        source: path.display().to_string(),
                        hash,
                        records,
                    })
                    .expect("a ledger line serialises");
                    entry.push('\n');
                    ledger_file
                        .write_all(entry.as_bytes())
                        .and_then(|()| ledger_file.flush())
                        .and_then(|()| ledger_file.sync_data())
                        .map_err(write_error(&ledger))?;
                    summary.done += 1;
                    summary.records += records;
                    summary.bytes += bytes;
                    report(BatchEvent::Done {
                        path,
                        bytes,
                        records,
                    });
                }
            }
        }
    }
    results.sync_all().map_err(write_error(out))?;
    ledger_file.sync_all().map_err(write_error(&ledger))?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
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

/// Takes the exclusive lock on a run's results, or says which file another run holds.
fn lock(out: &Path) -> Result<File> {
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
        Ok(()) => Ok(file),
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

enum Outcome {
    Skipped,
    Failed(Error),
    Done { hash: String, lines: Vec<String> },
}

fn handle<R, P>(path: &Path, done: &HashMap<String, String>, process: &P) -> Outcome
where
    R: Serialize,
    P: Fn(&Path, &Decoded) -> Result<Vec<R>>,
{
    let source = path.display().to_string();
    if done.contains_key(&source) {
        return Outcome::Skipped;
    }
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
                chunk: 5,
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
    fn a_stop_request_ends_the_run_between_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..10)
            .map(|i| write(dir.path(), &format!("{i}.txt"), "linje\n"))
            .collect();
        let out = dir.path().join("out.jsonl");
        let stop = AtomicBool::new(false);
        let options = BatchOptions {
            chunk: 2,
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
