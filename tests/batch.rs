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

#[test]
fn two_runs_at_once_into_the_same_results_leave_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let root = archive(dir.path(), 6);
    let out = dir.path().join("results.jsonl");
    let spawn = || {
        tema()
            .arg("batch")
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .arg("--force")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let refused = [&a, &b]
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("another tema batch"))
        .count();
    // Either one was refused, or the first ended before the second began: never both writing.
    assert!(refused <= 1);
    let results = lines(&out);
    let mut keys: Vec<String> = results
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{} {}", v["source"], v["id"])
        })
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "no record twice");
    let ledger = lines(&dir.path().join("results.jsonl.done"));
    assert_eq!(ledger.len(), 12, "each file once in the ledger");
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
        stderr.contains("empty") && stderr.contains("without .txt issues"),
        "{stderr}"
    );
}
