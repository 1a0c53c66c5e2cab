//! The `tema` command. Parses arguments, runs, and turns any error into one line on stderr and
//! a non-zero exit.

mod cli;

use std::process::ExitCode;

use clap::Parser;

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
