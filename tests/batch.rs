//! `tema batch` on an archive made of the seed issues: a bad file does not stop the run, a run
//! killed midway and resumed ends exactly like a run that was never interrupted, and the thread
//! count does not change the output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const SEEDS: [&str; 2] = ["seeds/kita-2022-autumn.txt", "seeds/kita-2024-autumn.txt"];

fn tema() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tema"))
}

/// An archive of `copies` issues per seed, in year folders, each copy a little different so no
/// two files share a content hash.
fn archive(dir: &Path, copies: usize) -> PathBuf {
    let root = dir.join("archive");
    for (s, seed) in SEEDS.iter().enumerate() {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(seed)).unwrap();
        let folder = root.join(format!("{}", 2022 + 2 * s));
        std::fs::create_dir_all(&folder).unwrap();
        for copy in 0..copies {
            let issue = format!("{text}\n\nNummer {copy}.\n");
            std::fs::write(folder.join(format!("kita-{copy:03}.txt")), issue).unwrap();
        }
    }
    root
}

fn run_batch(root: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    tema()
        .arg("batch")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_bad_file_is_reported_and_the_rest_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 1);
    std::fs::write(root.join("2022/cover.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let out = dir.path().join("results.jsonl");
    let output = run_batch(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cover.txt: is binary"), "{stderr}");
    assert!(
        stderr.contains("2 files done") && stderr.contains("1 failed"),
        "{stderr}"
    );
    let records = lines(&out);
    let sources: std::collections::BTreeSet<String> = records
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(sources.len(), 2, "both good issues have records");
    for line in &records {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        // The record of `tema tag`, with its issue and source.
        assert!(record["id"]
            .as_str()
            .unwrap()
            .starts_with(record["issue"].as_str().unwrap()));
        assert!(record["theme"].is_null() || record["theme"].is_string());
        assert_eq!(record["themes"].as_array().unwrap().len(), 4);
        assert!(record["summary"].is_string());
        assert_eq!(record["source_hash"].as_str().unwrap().len(), 16);
    }
}

#[test]
fn a_killed_run_resumed_equals_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 60);
    let whole = dir.path().join("whole.jsonl");
    assert!(run_batch(&root, &whole, &["--jobs", "2"]).status.success());

    let resumed = dir.path().join("resumed.jsonl");
    let ledger = dir.path().join("resumed.jsonl.done");
    let mut child = tema()
        .arg("batch")
        .arg(&root)
        .arg("--out")
        .arg(&resumed)
        .args(["--jobs", "1"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some files are done and before all are.
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let done = std::fs::read_to_string(&ledger)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if done >= 3 || child.try_wait().unwrap().is_some() {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before = std::fs::read_to_string(&ledger).unwrap().lines().count();
    assert!(
        done_before < 120,
        "the run was killed before it finished ({done_before} done)"
    );

    let output = run_batch(&root, &resumed, &["--resume", "--jobs", "2"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{done_before} skipped")),
        "{stderr}"
    );
    assert_eq!(
        lines(&resumed),
        lines(&whole),
        "no duplicates, nothing lost, same order"
    );
}

#[test]
fn thread_count_does_not_change_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 4);
    let one = dir.path().join("one.jsonl");
    let two = dir.path().join("two.jsonl");
    assert!(run_batch(&root, &one, &["--jobs", "1"]).status.success());
    assert!(run_batch(&root, &two, &["--jobs", "2"]).status.success());
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
}

#[test]
fn existing_results_are_refused_without_resume_or_force() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 1);
    let out = dir.path().join("results.jsonl");
    std::fs::write(&out, "{\"earlier\": true}\n").unwrap();
    let output = run_batch(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("results.jsonl: holds results of an earlier run"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "{\"earlier\": true}\n",
        "left alone"
    );
    let output = run_batch(&root, &out, &["--force"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!std::fs::read_to_string(&out).unwrap().contains("earlier"));
}

#[test]
fn a_second_run_into_the_same_results_is_refused_while_the_first_holds_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 1);
    let out = dir.path().join("results.jsonl");
    // The lock a running batch holds, taken here so the test needs no race.
    let held = std::fs::File::create(dir.path().join("results.jsonl.lock")).unwrap();
    // Through fs4: std's `File::lock` is newer than the crate's MSRV.
    fs4::FileExt::lock(&held).unwrap();
    let output = run_batch(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another tema batch is writing these results"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    fs4::FileExt::unlock(&held).unwrap();
    let output = run_batch(&root, &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Waits until the run writing `ledger` has vouched for at least `files` files, or has ended.
fn wait_for_ledger(child: &mut std::process::Child, ledger: &Path, files: usize) {
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let done = std::fs::read_to_string(ledger)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if done >= files || child.try_wait().unwrap().is_some() {
            return;
        }
    }
}

fn signal(child: &std::process::Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name}");
}

/// The records of a results file as a sorted list, to compare runs whatever their order.
fn record_set(path: &Path) -> Vec<String> {
    let mut records = lines(path);
    records.sort();
    records
}

/// Every source in the ledger once, and exactly the results' sources with their record counts.
fn assert_ledger_vouches_for_exactly_the_results(out: &Path) {
    let ledger = lines(&PathBuf::from(format!("{}.done", out.display())));
    let mut vouched = std::collections::BTreeMap::new();
    for line in &ledger {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        let source = entry["source"].as_str().unwrap().to_owned();
        let records = entry["records"].as_u64().unwrap();
        assert!(
            vouched.insert(source, records).is_none(),
            "a file twice in the ledger"
        );
    }
    let mut found = std::collections::BTreeMap::new();
    for line in lines(out) {
        let record: serde_json::Value = serde_json::from_str(&line).unwrap();
        *found
            .entry(record["source"].as_str().unwrap().to_owned())
            .or_insert(0u64) += 1;
    }
    assert_eq!(found, vouched);
}

#[test]
fn a_second_run_while_the_first_writes_is_refused_and_no_record_is_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 15);
    let clean = dir.path().join("clean.jsonl");
    assert!(run_batch(&root, &clean, &[]).status.success());

    let out = dir.path().join("results.jsonl");
    let ledger = dir.path().join("results.jsonl.done");
    let mut first = tema()
        .arg("batch")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "1"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_ledger(&mut first, &ledger, 1);
    // Paused, the first run certainly holds the results while the second tries: no race.
    signal(&first, "STOP");
    let finished_early = first.try_wait().unwrap().is_some();
    for extra in [&[][..], &["--force"][..], &["--resume"][..]] {
        let second = run_batch(&root, &out, extra);
        let stderr = String::from_utf8_lossy(&second.stderr);
        if !finished_early {
            assert_eq!(second.status.code(), Some(1), "{extra:?}: {stderr}");
            assert!(
                stderr.contains("another tema batch is writing these results"),
                "{extra:?}: {stderr}"
            );
        }
    }
    signal(&first, "CONT");
    assert!(first.wait().unwrap().success());
    assert!(!finished_early, "the first run was caught while it wrote");
    assert_eq!(lines(&out), lines(&clean), "nothing twice, nothing lost");
    assert_eq!(lines(&ledger).len(), 30, "each file once in the ledger");
}

#[test]
fn ctrl_c_stops_the_run_with_the_ledger_consistent_and_resume_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 30);
    let clean = dir.path().join("clean.jsonl");
    assert!(run_batch(&root, &clean, &["--jobs", "2"]).status.success());

    for presses in [1, 2] {
        let out = dir.path().join(format!("stopped-{presses}.jsonl"));
        let ledger = PathBuf::from(format!("{}.done", out.display()));
        let mut child = tema()
            .arg("batch")
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .args(["--jobs", "1"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_ledger(&mut child, &ledger, 2);
        for _ in 0..presses {
            signal(&child, "INT");
        }
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "{presses}: {stderr}");
        if presses == 1 {
            assert!(
                stderr.contains("stopping after the files in hand"),
                "{stderr}"
            );
            assert!(
                stderr.contains("stopped by Ctrl-C") && stderr.contains("--resume"),
                "{stderr}"
            );
        }
        let vouched = lines(&ledger).len();
        assert!(
            vouched < 60,
            "{presses}: stopped before the end ({vouched})"
        );
        if presses == 1 {
            // A clean stop leaves no record the ledger does not vouch for.
            assert_ledger_vouches_for_exactly_the_results(&out);
        }

        let resumed = run_batch(&root, &out, &["--resume", "--jobs", "2"]);
        let stderr = String::from_utf8_lossy(&resumed.stderr);
        assert!(resumed.status.success(), "{presses}: {stderr}");
        assert!(
            stderr.contains(&format!("{vouched} done before")),
            "{stderr}"
        );
        assert_eq!(record_set(&out), record_set(&clean), "{presses}");
        assert_ledger_vouches_for_exactly_the_results(&out);
    }
}

#[test]
fn results_stream_to_standard_output_with_no_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 2);
    let file = dir.path().join("results.jsonl");
    assert!(run_batch(&root, &file, &[]).status.success());
    let output = tema()
        .current_dir(dir.path())
        .arg("batch")
        .arg(&root)
        .args(["--out", "-", "--jobs", "2"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        std::fs::read_to_string(&file).unwrap()
    );
    assert!(!dir.path().join("-.done").exists() && !dir.path().join("-").exists());

    let resume = tema()
        .arg("batch")
        .arg(&root)
        .args(["--out", "-", "--resume"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&resume.stderr);
    assert_eq!(resume.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("keeps no ledger"), "{stderr}");
}

#[test]
fn the_closing_line_says_what_was_skipped_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 1);
    std::fs::write(root.join("notes.md"), "noter").unwrap();
    std::fs::write(root.join("2022/index.html"), "<p>").unwrap();
    let out = dir.path().join("results.jsonl");
    let output = run_batch(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("2 files done, 0 failed, 2 skipped (2 not issue files: .html 1, .md 1)"),
        "{stderr}"
    );
    let again = run_batch(&root, &out, &["--resume"]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("0 files done, 0 failed, 4 skipped (2 done before, 2 not issue files"),
        "{stderr}"
    );
}

#[test]
fn issue_files_are_found_whatever_the_case_of_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 1);
    std::fs::rename(
        root.join("2022/kita-000.txt"),
        root.join("2022/KITA-000.TXT"),
    )
    .unwrap();
    let out = dir.path().join("results.jsonl");
    let output = run_batch(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 files done"), "{stderr}");
}

#[test]
fn a_folder_without_issues_fails_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = run_batch(&empty, &dir.path().join("r.jsonl"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("empty") && stderr.contains("without .txt or .pdf issues"),
        "{stderr}"
    );
}

/// A `batch --out -` run over an archive in `dir` whose reader takes the first 100 bytes and
/// closes its end, as `| head -c 100` does; with `merged`, its stderr is closed first, as in
/// `2>&1 | head -c 100`, so that every message it writes meets a closed pipe.
fn batch_to_a_reader_of_100_bytes(dir: &Path, merged: bool) -> (std::process::Child, [u8; 100]) {
    use std::io::Read;
    // Far more records than a pipe holds, so writing must meet the closed end.
    let root = archive(dir, 20);
    let mut child = tema()
        .current_dir(dir)
        .arg("batch")
        .arg(&root)
        .args(["--out", "-", "--jobs", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if merged {
        drop(child.stderr.take());
    }
    let mut head = [0u8; 100];
    // The read end is dropped at the end of this statement, as `head` exits.
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    (child, head)
}

/// `tema batch DIR --out - | head -c 100`: the reader has what it wanted, so the run stops
/// quietly (no panic, exit 0), says in its closing line that standard output was closed, and
/// leaves nothing behind (a run to standard output keeps no lock or ledger).
#[test]
fn a_reader_closing_standard_output_stops_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let (child, head) = batch_to_a_reader_of_100_bytes(dir.path(), false);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(head.starts_with(b"{\"source\":"), "{:?}", head);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("standard output was closed by its reader"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("archive")]);
}

/// `tema batch DIR --out - 2>&1 | head -c 100`: standard error is closed too, so even the
/// closing line cannot be written; that must not turn into a panic (exit 101).
#[test]
fn closed_standard_output_and_error_are_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, _) = batch_to_a_reader_of_100_bytes(dir.path(), true);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// `tema batch DIR --out FILE 2>&1 | head -1`: the notes and closing line go nowhere, but the
/// run finishes and its ledger vouches for exactly the records written.
#[test]
fn a_closed_standard_error_does_not_stop_a_run_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 3);
    // A file the run reports as failed, so it has something to say on the closed stream.
    std::fs::write(root.join("2022/cover.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let out = dir.path().join("results.jsonl");
    let mut child = tema()
        .arg("batch")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    assert_eq!(
        lines(&PathBuf::from(format!("{}.done", out.display()))).len(),
        6
    );
    assert_ledger_vouches_for_exactly_the_results(&out);
    let resume = run_batch(&root, &out, &["--resume"]);
    let stderr = String::from_utf8_lossy(&resume.stderr);
    assert!(stderr.contains("6 done before"), "{stderr}");
}
