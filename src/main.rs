//! The `tema` command. Parses arguments, runs, and turns any error into one line on stderr and
//! a non-zero exit.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

// The repair and the vectors make many small strings, and glibc's allocator spent about a seventh
// of a fresh repair's instructions on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Not `eprintln!`: it panics when standard error is a closed pipe.
            let _ = writeln!(std::io::stderr(), "tema: error: {}", one_line(&err));
            ExitCode::FAILURE
        }
    }
}

/// The cause chain on one line, down to the library's error, whose message already says its
/// cause ("x.txt: cannot read: is a directory", not "…: is a directory: is a directory").
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&cause.to_string());
        if cause.is::<tema::Error>() {
            break;
        }
    }
    line
}
