//! `tema tokens`: how tema reads the Danish of a text.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use tema::{ingest, text};

use super::args::{NoRepairArgs, OutputArgs};
use super::emit;

#[derive(Debug, Args)]
pub struct TokensArgs {
    /// An issue, or with --raw any Danish text file; `-` is standard input.
    pub file: PathBuf,

    /// Only this unit (an id from `tema articles`).
    #[arg(short, long, value_name = "ID")]
    pub unit: Option<String>,

    /// Analyse the file's whole text, without finding its articles; spans then point into the
    /// file's text (as repaired, unless --no-repair).
    #[arg(long, conflicts_with = "unit")]
    pub raw: bool,

    /// Print JSON: per text, its sentences with spans and tokens (text, norm, stem, stop, span).
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,
}

/// One text shown by `tema tokens`.
#[derive(serde::Serialize)]
struct TokenView {
    id: String,
    sentences: Vec<text::AnalyzedSentence>,
}

pub fn run(args: TokensArgs) -> Result<ExitCode> {
    let mut stemmer = text::DanishStemmer::default();
    // Repaired as the analysing commands read it, so the tokens shown are the ones they weigh;
    // `--no-repair` shows what tema makes of the words as printed.
    let pipeline = tema::Pipeline::params()
        .repair(!args.repair.no_repair)
        .build()?;
    let views: Vec<TokenView> = if args.raw {
        let decoded = super::noted(super::read_text(&pipeline, &args.file)?);
        vec![TokenView {
            id: ingest::issue_name(super::issue_path(&args.file)),
            sentences: text::analyze(&pipeline.repair_text(&decoded.text), &mut stemmer),
        }]
    } else {
        let issue = super::noted(super::read_issue(&pipeline, &args.file)?);
        if let Some(id) = &args.unit {
            if !issue.units.iter().any(|u| &u.id == id) {
                anyhow::bail!("{}: has no unit {id}", args.file.display());
            }
        }
        issue
            .units
            .iter()
            .filter(|u| match &args.unit {
                Some(id) => &u.id == id,
                None => u.kind.is_content(),
            })
            .map(|u| TokenView {
                id: u.id.clone(),
                sentences: text::analyze(&u.body, &mut stemmer),
            })
            .collect()
    };
    let rendered = if args.json {
        let mut out = serde_json::to_string_pretty(&views)?;
        out.push('\n');
        out
    } else {
        let mut out = String::new();
        for view in &views {
            out.push_str(&format!("== {}\n", view.id));
            for (n, sentence) in view.sentences.iter().enumerate() {
                out.push_str(&format!(
                    "[{}] {}\n   ",
                    n + 1,
                    sentence.text.replace('\n', " ")
                ));
                for token in &sentence.tokens {
                    if token.stop {
                        out.push_str(&format!(" ({})", token.text));
                    } else if token.stem == token.norm {
                        out.push_str(&format!(" {}", token.text));
                    } else {
                        out.push_str(&format!(" {}={}", token.text, token.stem));
                    }
                    if !token.parts.is_empty() {
                        out.push_str(&format!("[{}]", token.parts.join("+")));
                    }
                }
                out.push('\n');
            }
        }
        out
    };
    emit(args.output.file(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}
