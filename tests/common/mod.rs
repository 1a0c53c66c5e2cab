//! What the integration tests share: the seed issues and running the real binary from the
//! repository's root.
// Each test file uses some of these helpers, never all.
#![allow(dead_code)]

use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

pub const SEEDS: [&str; 2] = ["seeds/kita-2022-autumn.txt", "seeds/kita-2024-autumn.txt"];

/// The `tema` binary, run from the repository's root so the seeds' paths resolve.
pub fn tema() -> Command {
    let mut cmd = Command::cargo_bin("tema").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

pub fn run(args: &[&str]) -> Output {
    tema().args(args).output().expect("tema runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 errors")
}

/// The JSON a successful run prints.
pub fn json_of(args: &[&str]) -> Value {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("valid JSON")
}
