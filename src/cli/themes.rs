//! `tema themes`: the built-in theme definitions, to start one's own file from, and a check of
//! a themes file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::emit;

#[derive(Debug, Args)]
pub struct ThemesArgs {
    /// Check a themes file instead: one line per problem, naming the file and the entry; exits
    /// with 1 if there is any.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
}

pub fn run(args: ThemesArgs) -> Result<ExitCode> {
    let Some(path) = args.check else {
        emit(None, tema::themes::DEFAULT_THEMES)?;
        return Ok(ExitCode::SUCCESS);
    };
    let text =
        std::fs::read_to_string(&path).map_err(|source| tema::Error::reading(&path, source))?;
    let problems = tema::themes::check_themes(&text);
    let shown = path.display();
    if problems.is_empty() {
        let themes = tema::themes::parse_themes(&path, &text)?;
        let ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
        emit(
            None,
            &format!(
                "{shown}: {} themes ({}), no problems\n",
                ids.len(),
                ids.join(", ")
            ),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for problem in &problems {
        out.push_str(&format!("{shown}: {problem}\n"));
    }
    emit(None, &out)?;
    Ok(ExitCode::from(1))
}
