//! The streaming mapper (`--input - --format jsonl`): records as the lines come, in order, a bad
//! line an error record in its place, and the same records as the commands that read whole
//! files.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as StdCommand, Stdio};

use serde_json::Value;

use common::{run, stderr, stdout, tema, SEEDS};

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Runs a stream over `input`; gives its records and whether it exited 0.
fn stream(args: &[&str], input: &str) -> (Vec<Value>, bool, String) {
    let output = tema()
        .args(args)
        .args(["--input", "-", "--format", "jsonl"])
        .write_stdin(input)
        .output()
        .expect("tema runs");
    (
        jsonl(&stdout(&output)),
        output.status.success(),
        stderr(&output),
    )
}

/// The content units of both seeds as printed, as documents of at least 100 words: a document
/// that long is repaired when it looks damaged itself, in the stream and in a whole file alike.
fn seed_documents() -> Vec<Value> {
    let mut docs = Vec::new();
    for seed in SEEDS {
        let output = run(&["articles", seed, "--format", "jsonl", "--no-repair"]);
        assert!(output.status.success(), "{}", stderr(&output));
        for unit in jsonl(&stdout(&output)) {
            if unit["kind"] != "ad" && unit["words"].as_u64().unwrap() >= 100 {
                docs.push(serde_json::json!({
                    "id": unit["id"], "title": unit["title"], "text": unit["body"],
                }));
            }
        }
    }
    assert!(docs.len() > 20, "{} documents", docs.len());
    docs
}

fn lines_of(docs: &[Value]) -> String {
    docs.iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn a_malformed_line_in_the_middle_becomes_an_error_record_in_its_place() {
    let docs = seed_documents();
    let middle = docs.len() / 2;
    let mut input = lines_of(&docs[..middle]);
    input.push_str("{\"id\": \"broken\", \"text\": \n");
    input.push_str(&lines_of(&docs[middle..]));
    let (records, ok, errors) = stream(&["tag"], &input);
    assert!(!ok, "a failed line makes the exit status non-zero");
    assert_eq!(records.len(), docs.len() + 1);
    let bad = &records[middle];
    assert_eq!(bad["id"], format!("stdin-{}", middle + 1));
    assert_eq!(bad["line"], middle + 1);
    let message = bad["error"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("stdin: line {}: invalid JSON", middle + 1)),
        "{message}"
    );
    assert!(errors.contains(message), "{errors}");
    // Order kept: every other record is its document's, where it was.
    let ids: Vec<&Value> = records
        .iter()
        .filter(|r| r.get("error").is_none())
        .map(|r| &r["id"])
        .collect();
    let expected: Vec<&Value> = docs.iter().map(|d| &d["id"]).collect();
    assert_eq!(ids, expected);
}

#[test]
fn streamed_tags_equal_those_of_the_whole_file() {
    let docs = seed_documents();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.jsonl");
    std::fs::write(&file, lines_of(&docs)).unwrap();
    let whole = run(&[
        "tag",
        "--input",
        file.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert!(whole.status.success(), "{}", stderr(&whole));
    let (records, ok, errors) = stream(&["tag"], &lines_of(&docs));
    assert!(ok, "{errors}");
    assert_eq!(records, jsonl(&stdout(&whole)));
}

#[test]
fn streamed_summaries_equal_those_of_the_whole_file() {
    let docs = seed_documents();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.jsonl");
    std::fs::write(&file, lines_of(&docs)).unwrap();
    let args = ["summarise", "--sentences", "2"];
    let whole = run(&[
        &args[..],
        &["--input", file.to_str().unwrap(), "--format", "jsonl"],
    ]
    .concat());
    assert!(whole.status.success(), "{}", stderr(&whole));
    let (records, ok, errors) = stream(&args, &lines_of(&docs));
    assert!(ok, "{errors}");
    assert_eq!(records, jsonl(&stdout(&whole)));
}

/// Issue lines: a path to read, or a path naming the text given beside it.
fn issue_lines() -> String {
    let text = std::fs::read_to_string(SEEDS[1]).unwrap();
    format!(
        "{}\n{}\n",
        serde_json::json!({"path": SEEDS[0]}),
        serde_json::json!({"path": "elsewhere/kita-2024-autumn.txt", "text": text}),
    )
}

#[test]
fn issue_lines_give_what_the_commands_give_for_the_files() {
    for (command, extra) in [("summarise", &[][..]), ("articles", &[][..])] {
        let whole = run(&[&[command, SEEDS[0], SEEDS[1], "--format", "jsonl"], extra].concat());
        assert!(whole.status.success(), "{command}: {}", stderr(&whole));
        let (records, ok, errors) = stream(&[&[command], extra].concat(), &issue_lines());
        assert!(ok, "{command}: {errors}");
        assert_eq!(records, jsonl(&stdout(&whole)), "{command}");
        assert!(records.len() > 20, "{command}");
    }
}

/// The field names of a record, sorted.
fn fields(record: &Value) -> Vec<String> {
    let mut names: Vec<String> = record.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

#[test]
fn tagged_issue_lines_are_the_records_of_tema_batch() {
    let batch = run(&["batch", SEEDS[0], SEEDS[1], "-o", "-"]);
    assert!(batch.status.success(), "{}", stderr(&batch));
    let batch = jsonl(&stdout(&batch));
    let (records, ok, errors) = stream(&["tag"], &issue_lines());
    assert!(ok, "{errors}");
    assert_eq!(records.len(), batch.len());
    for (streamed, batched) in records.iter().zip(&batch) {
        assert_eq!(fields(streamed), fields(batched), "{}", streamed["id"]);
        for field in ["source", "source_hash", "date", "term_counts", "issue"] {
            assert!(!streamed[field].is_null(), "{field}: {streamed}");
        }
    }
    // The second line names its text `elsewhere/…`: only its source differs.
    let mut renamed = records.clone();
    for r in &mut renamed {
        r["source"] = Value::Null;
    }
    let mut expected = batch.clone();
    for r in &mut expected {
        r["source"] = Value::Null;
    }
    assert_eq!(renamed, expected);
    assert_eq!(records[0]["source"], SEEDS[0]);

    // With `issue`, the line names the issue as a batch over an archive root would.
    let line = serde_json::json!({"path": SEEDS[0], "issue": "2022-nr3"});
    let (records, ok, errors) = stream(&["tag"], &format!("{line}\n"));
    assert!(ok, "{errors}");
    assert!(records
        .iter()
        .all(|r| r["issue"] == "2022-nr3" && r["id"].as_str().unwrap().starts_with("2022-nr3-")));
}

#[test]
fn a_missing_issue_file_is_an_error_record_and_the_stream_goes_on() {
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"path": "no/such-issue.txt"}),
        serde_json::json!({"path": SEEDS[0]})
    );
    let (records, ok, _) = stream(&["tag"], &input);
    assert!(!ok);
    assert_eq!(records[0]["id"], "no/such-issue.txt");
    assert_eq!(
        records[0]["error"],
        "stdin: line 1: no/such-issue.txt: no such file"
    );
    assert!(records[1..].iter().all(|r| r.get("error").is_none()));
    assert!(records.len() > 10);
}

#[test]
fn articles_streams_issues_only() {
    let (records, ok, _) = stream(
        &["articles"],
        "{\"id\": \"d\", \"text\": \"Kommunerne deler data.\"}\n",
    );
    assert!(!ok);
    assert!(records[0]["error"]
        .as_str()
        .unwrap()
        .contains("give each line a `path`"));
    let output = run(&["articles", "--input", "docs.jsonl"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--input - --format jsonl"),
        "{}",
        stderr(&output)
    );
}

/// A record comes out as soon as its line is done, before the input ends: what a pipe
/// through Spark or a shell relies on.
#[test]
fn records_come_out_before_the_input_ends() {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_tema"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tag", "--input", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    for n in 1..=3 {
        writeln!(
            stdin,
            "{}",
            serde_json::json!({"id": n, "text": "Kommunerne skal dele data om borgerne sikkert."})
        )
        .unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let record: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(record["id"], n.to_string());
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}
