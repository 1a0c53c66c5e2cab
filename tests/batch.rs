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
