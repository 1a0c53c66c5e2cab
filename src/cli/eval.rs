//! `tema eval`: measuring tema against hand annotations.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};

use tema::ingest;
use tema::summaries::{self, Article, Length, Method, Reference};

use super::emit;

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Precision and recall of `tema articles` against an annotation of the same issue (JSON:
    /// {"file", "units": [{"kind", "title", "lines": [[start, end], ...]}]}).
    Articles(EvalArticlesArgs),

    /// ROUGE-1/2/L F1 of tema's summaries, Lead-N and plain LexRank against reference
    /// summaries: the `reference` of each JSON Lines document, or, for issues, each article's
    /// standfirst (the summariser then sees only the body and the title).
    Summaries(EvalSummariesArgs),
}

#[derive(Debug, Args)]
pub struct EvalSummariesArgs {
    /// Issues whose articles' standfirsts are the references.
    #[arg(
        value_name = "ISSUE",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub issues: Vec<PathBuf>,

    /// JSON Lines documents, each with `text` and `reference` (and `title`, if known).
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Sentences per summary, the same for every method.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub sentences: u32,

    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    /// Read damaged issues as printed, without putting back their lost æ/ø/å.
    #[arg(long)]
    pub no_repair: bool,
}

#[derive(Debug, Args)]
pub struct EvalArticlesArgs {
    /// The issue file.
    pub file: PathBuf,

    /// The hand annotation of that issue.
    #[arg(short, long, value_name = "FILE")]
    pub annotation: PathBuf,

    /// Print the score as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn articles(args: EvalArticlesArgs) -> Result<ExitCode> {
    let annotation = ingest::Annotation::load(&args.annotation)?;
    let text = ingest::read_text(&args.file)?.text;
    let name = ingest::issue_name(&args.file);
    let units = ingest::segment(&name, &text);
    let score = ingest::score_segmentation(&text, &units, &annotation);
    let rendered = if args.json {
        let mut out = serde_json::to_string_pretty(&score)?;
        out.push('\n');
        out
    } else {
        let mut out = format!(
            "{name}: recall {:.3} ({}/{}), precision {:.3} ({}/{})\n",
            score.recall,
            score.matched_annotated,
            score.annotated,
            score.precision,
            score.matched_found,
            score.found
        );
        for missed in &score.missed {
            out.push_str(&format!("missed: {missed}\n"));
        }
        for spurious in &score.spurious {
            out.push_str(&format!("spurious: {spurious}\n"));
        }
        out
    };
    emit(None, &rendered)?;
    Ok(ExitCode::SUCCESS)
}

/// An article and its reference, owned, whichever input they came from.
struct Scored {
    text: String,
    title: Option<String>,
    reference: String,
}

pub fn summaries(args: EvalSummariesArgs) -> Result<ExitCode> {
    let mut scored = Vec::new();
    if let Some(input) = &args.input {
        for doc in ingest::read_documents(input)? {
            let Some(reference) = doc.reference.filter(|r| !r.trim().is_empty()) else {
                bail!(
                    "{}: document {:?} has no `reference` summary to score against",
                    input.display(),
                    doc.id
                );
            };
            scored.push(Scored {
                text: doc.text,
                title: doc.title,
                reference,
            });
        }
    }
    for file in &args.issues {
        let issue = super::load_issue(file, !args.no_repair)?;
        let before = scored.len();
        for unit in issue.units.into_iter().filter(|u| u.kind.is_content()) {
            if let Some(standfirst) = unit.standfirst {
                scored.push(Scored {
                    text: unit.body,
                    title: unit.title,
                    reference: standfirst,
                });
            }
        }
        if scored.len() == before {
            bail!(
                "{}: no article has a standfirst to score against",
                file.display()
            );
        }
    }
    let references: Vec<Reference<'_>> = scored
        .iter()
        .map(|s| {
            let mut article = Article::new(&s.text);
            if let Some(title) = &s.title {
                article = article.title(title);
            }
            Reference {
                article,
                reference: &s.reference,
            }
        })
        .collect();
    let n = args.sentences as usize;
    let evaluation = summaries::evaluate(
        &references,
        Length::Sentences(n),
        &[Method::Tema, Method::Lead, Method::Lexrank],
    );
    let rendered = if args.json {
        let mut out = serde_json::to_string_pretty(&evaluation)?;
        out.push('\n');
        out
    } else {
        let mut out = format!(
            "{} documents, {n} sentences per summary, mean F1\n{:<10} {:>8} {:>8} {:>8}\n",
            evaluation.documents, "method", "ROUGE-1", "ROUGE-2", "ROUGE-L"
        );
        for m in &evaluation.methods {
            let name = match m.method {
                Method::Lead => format!("lead-{n}"),
                other => other.as_str().to_owned(),
            };
            out.push_str(&format!(
                "{name:<10} {:>8.3} {:>8.3} {:>8.3}\n",
                m.scores.rouge1.f1, m.scores.rouge2.f1, m.scores.rouge_l.f1
            ));
        }
        out
    };
    emit(None, &rendered)?;
    Ok(ExitCode::SUCCESS)
}
