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
    /// Issue files, folders (searched recursively for .txt) or glob patterns ("archive/20*/*.txt").
    #[arg(required = true, value_name = "DIR|GLOB|FILE")]
    pub inputs: Vec<String>,

    /// The results, one JSON line per article; a ledger of finished files is kept beside it
    /// (FILE.done).
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    pub output: PathBuf,

    /// Worker threads [default: one per core].
    #[arg(short, long, value_name = "N", default_value_t = 0)]
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
}

pub fn run(args: BatchArgs) -> Result<ExitCode> {
    if args.inputs.iter().any(|i| i == "-") || args.output == Path::new("-") {
        bail!("tema batch reads and writes files (its ledger lets --resume pick up), not standard input or output");
    }
    let has_results = std::fs::metadata(&args.output).is_ok_and(|m| m.len() > 0);
    if has_results && !args.resume && !args.force {
        eprintln!(
            "tema: error: {}: holds results of an earlier run; give --resume to finish that run or --force to replace them",
            args.output.display()
        );
        return Ok(ExitCode::from(2));
    }
    let files = super::all_issue_files(&args.inputs)?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second Ctrl-C is not caught again: the run has already been asked to stop.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::Relaxed));
    }
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {msg} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
            )
            .expect("a valid progress template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let files_seen = Mutex::new((0usize, 0usize));
    let report = |event: BatchEvent<'_>| {
        let mut seen = files_seen.lock().expect("the counter is never poisoned");
        match event {
            BatchEvent::Start { files, bytes } => {
                seen.1 = files;
                if let Some(bar) = &progress {
                    bar.set_length(bytes);
                }
            }
            BatchEvent::Done { bytes, .. } | BatchEvent::Skipped { bytes, .. } => {
                seen.0 += 1;
                if let Some(bar) = &progress {
                    bar.inc(bytes);
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
                    None => eprintln!("{line}"),
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
        let read = pipeline.check_text(path, decoded.clone())?;
        let issue = pipeline.issue_from_decoded(path, read);
        for note in &issue.notes {
            let line = format!("tema: note: {note}");
            match &progress {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        Ok::<_, tema::Error>(pipeline.tag_issue(&issue.value))
    };
    let summary = batch::run(&files, &args.output, &options, process, &report, &stop)
        .with_context(|| format!("batch run into {}", args.output.display()))?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    eprintln!(
        "tema: batch: {} files done, {} skipped as done before, {} failed; {} articles; {:.1} s ({:.1} MB/s){}",
        summary.done,
        summary.skipped,
        summary.failed,
        summary.records,
        summary.seconds,
        summary.bytes as f64 / 1e6 / summary.seconds.max(1e-9),
        if summary.interrupted {
            "; stopped early, run again with --resume to finish"
        } else {
            ""
        }
    );
    Ok(if summary.failed == 0 && !summary.interrupted {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
