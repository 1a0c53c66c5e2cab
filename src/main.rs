//! The `tema` command. Parses arguments, runs, and turns any error into one line on stderr and
//! a non-zero exit.

mod cli;

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
            // `{:#}` keeps the whole cause chain on one line.
            eprintln!("tema: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
