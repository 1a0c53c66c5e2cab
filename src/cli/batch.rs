//! `tema batch`: a whole archive in one run, in parallel, resumable.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use tema::ingest::Decoded;
use tema::output::batch::{self, BatchEvent, BatchOptions};

use super::args::{LengthArgs, ModelArgs, NoRepairArgs};

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Issue files, folders (searched recursively for .txt, whatever its case) or glob patterns
    /// ("archive/20*/*.txt").
    #[arg(required = true, value_name = "DIR|GLOB|FILE")]
    pub inputs: Vec<String>,

    /// The results, one JSON line per article; a ledger of finished files is kept beside it
    /// (FILE.done), and a lock (FILE.lock) keeps a second run out. `-`: JSON Lines to standard
    /// output, with no ledger, so such a run cannot be resumed.
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    pub output: PathBuf,

    /// Worker threads, at most 1024 [default: one per core].
    // Bounded: a mistyped 100000000 would otherwise spend minutes starting threads.
    #[arg(short, long, value_name = "N", default_value_t = 0,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=1024))]
    pub jobs: usize,

    /// Keep what an earlier run of the same command finished and do only the rest.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,

    /// Replace results an earlier run left (without this or --resume, they are refused).
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub model: ModelArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,

    #[command(flatten)]
    pub length: LengthArgs,

    /// Dates of issues that override what their paths and first pages say: CSV rows
    /// `issue,date` (`2019-nr3,2019-10`).
    #[arg(long, value_name = "FILE")]
    pub dates: Option<PathBuf>,
}

pub fn run(args: BatchArgs) -> Result<ExitCode> {
    if args.inputs.iter().any(|i| i == "-") {
        bail!(
            "tema batch reads issue files (its ledger lets --resume pick up), not standard input"
        );
    }
    let to_stdout = args.output == Path::new("-");
    if to_stdout && args.resume {
        say!(
            "tema: error: --resume needs a results file: a run to standard output keeps no ledger (give --out FILE to be able to resume)"
        );
        return Ok(ExitCode::from(2));
    }
    // Taken before the results are looked at, so a run in progress is named as such.
    let lock = if to_stdout {
        None
    } else {
        Some(
            batch::lock(&args.output)
                .with_context(|| format!("batch run into {}", args.output.display()))?,
        )
    };
    let has_results = !to_stdout && std::fs::metadata(&args.output).is_ok_and(|m| m.len() > 0);
    if has_results && !args.resume && !args.force {
        say!(
            "tema: error: {}: holds results of an earlier run; give --resume to finish that run or --force to replace them",
            args.output.display()
        );
        return Ok(ExitCode::from(2));
    }
    let files = super::all_issue_files(&args.inputs)?;
    let passed_over: Vec<PathBuf> = batch::passed_over(&args.inputs)
        .into_iter()
        .filter(|p| to_stdout || !is_own_file(p, &args.output))
        .collect();
    let dating = super::report::Dating::new(args.dates.as_deref(), None)?;
    let ids: std::collections::HashMap<PathBuf, String> = files
        .iter()
        .cloned()
        .zip(tema::ingest::issue_ids(&args.inputs, &files))
        .collect();
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {msg} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta}",
            )
            .expect("a valid progress template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        let bar = progress.clone();
        let after = if to_stdout {
            "standard output keeps no ledger: run again with --out FILE to be able to resume"
        } else {
            "the ledger will vouch for every record written; --resume does the rest"
        };
        // The first Ctrl-C lets the files in hand finish and be written; the second quits at
        // once, which the ledger also survives: records are synced before the ledger line
        // that vouches for them, and resume drops any it does not.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                say!("tema: batch: stopped at once; {after}");
                std::process::exit(130);
            }
            let line = format!(
                "tema: batch: stopping after the files in hand (Ctrl-C again quits at once); {after}"
            );
            match &bar {
                Some(bar) => bar.println(line),
                None => say!("{line}"),
            }
        });
    }
    let files_seen = Mutex::new((0usize, 0usize));
    let report = |event: BatchEvent<'_>| {
        let mut seen = files_seen.lock().expect("the counter is never poisoned");
        match event {
            BatchEvent::Start { files, bytes } => {
                seen.1 = files;
                if let Some(bar) = &progress {
                    bar.set_length(bytes);
                    bar.reset_eta();
                }
            }
            BatchEvent::Done { bytes, .. } => {
                seen.0 += 1;
                if let Some(bar) = &progress {
                    bar.inc(bytes);
                }
            }
            BatchEvent::Skipped { bytes, .. } => {
                // Done before: not work of this run, so it is left out of its rate and ETA.
                seen.0 += 1;
                if let Some(bar) = &progress {
                    bar.dec_length(bytes);
                }
            }
            BatchEvent::Failed { bytes, error, .. } => {
                seen.0 += 1;
                let line = format!("tema: error: {error}");
                match &progress {
                    Some(bar) => {
                        bar.inc(bytes);
                        bar.println(line);
                    }
                    None => say!("{line}"),
                }
            }
        }
        if let Some(bar) = &progress {
            bar.set_message(format!("{}/{} files", seen.0, seen.1));
        }
    };
    let options = BatchOptions {
        jobs: args.jobs,
        resume: args.resume,
        ..BatchOptions::default()
    };
    let pipeline = super::args::pipeline(&args.model, args.repair, args.length.length())?;
    // Each issue as `tema tag` reads and tags it; its notes go where the errors go.
    let process = |path: &Path, decoded: &Decoded| {
        let id = ids
            .get(path)
            .cloned()
            .unwrap_or_else(|| tema::ingest::issue_name(path));
        let given = dating.given(&id);
        let read = batch::tag_issue_file(&pipeline, path, id, decoded.clone(), given)?;
        let notes = read.notes.iter().map(ToString::to_string);
        for note in notes.chain(super::nothing_to_tag(&read.value.issue)) {
            let line = format!("tema: note: {note}");
            match &progress {
                Some(bar) => bar.println(line),
                None => say!("{line}"),
            }
        }
        Ok::<_, tema::Error>(read.value.articles)
    };
    let summary = match &lock {
        Some(lock) => batch::run_locked(lock, &files, &options, process, &report, &stop)
            .with_context(|| format!("batch run into {}", args.output.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            batch::run_to_stream(&files, &mut stdout, &options, process, &report, &stop)?
        }
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    say!(
        "tema: batch: {}",
        closing_line(&summary, &passed_over, to_stdout)
    );
    Ok(if summary.interrupted && !summary.closed {
        ExitCode::from(130)
    } else if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Whether a file found among the inputs is this run's own results, ledger or lock (results
/// written inside the archive): not worth a word in the closing line.
fn is_own_file(path: &Path, results: &Path) -> bool {
    let own = [
        results.to_path_buf(),
        batch::ledger_path(results),
        batch::lock_path(results),
    ];
    own.iter().any(|o| same_file(o, path))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The run's account in one line: files done, failed and skipped and why, records, speed, and
/// what a stop means for what was written.
fn closing_line(summary: &batch::BatchSummary, passed_over: &[PathBuf], to_stdout: bool) -> String {
    let mut skipped = Vec::new();
    if summary.skipped > 0 {
        skipped.push(format!("{} done before", summary.skipped));
    }
    if !passed_over.is_empty() {
        skipped.push(format!(
            "{} not issue files: {}",
            passed_over.len(),
            by_extension(passed_over)
        ));
    }
    let not_started = summary
        .files
        .saturating_sub(summary.done + summary.skipped + summary.failed);
    let mut line = format!(
        "{} files done, {} failed, {} skipped{}; {} articles; {:.1} s ({:.1} MB/s)",
        summary.done,
        summary.failed,
        summary.skipped + passed_over.len(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join(", "))
        },
        summary.records,
        summary.seconds,
        summary.bytes as f64 / 1e6 / summary.seconds.max(1e-9),
    );
    if summary.closed {
        line.push_str(&format!(
            "; standard output was closed by its reader, {not_started} files not done"
        ));
    } else if summary.interrupted {
        line.push_str(&format!(
            "; stopped by Ctrl-C, {not_started} files not done: "
        ));
        line.push_str(if to_stdout {
            "every record written is whole; standard output keeps no ledger, so run again with --out FILE to be able to resume"
        } else {
            "the ledger vouches for every record written; run again with --resume to finish"
        });
    }
    line
}

/// Counts of file extensions, most common first: `.md 2, .jsonl 1, no extension 1`.
fn by_extension(paths: &[PathBuf]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for path in paths {
        let extension = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_else(|| "no extension".to_owned());
        *counts.entry(extension).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let shown: Vec<String> = counts
        .iter()
        .take(4)
        .map(|(e, n)| format!("{e} {n}"))
        .collect();
    let rest = counts.len().saturating_sub(4);
    if rest > 0 {
        format!("{} and {rest} more kinds", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
