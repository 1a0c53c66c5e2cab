//! `tema eval`: measuring tema against hand annotations.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};

use tema::ingest;
use tema::summaries::{self, Article, Length, Method, Reference};

use super::args::{ModelArgs, NoRepairArgs, OutputArgs};
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

    /// Macro-F1 of the primary theme against hand labels (annotated issues or labelled JSON
    /// Lines), beside a keyword-count baseline.
    Themes(EvalThemesArgs),
}

#[derive(Debug, Args)]
pub struct EvalSummariesArgs {
    /// Issues whose articles' standfirsts are the references; folders are searched for .txt
    /// files, glob patterns expanded, `-` is standard input.
    #[arg(
        value_name = "FILE|DIR|GLOB",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub issues: Vec<String>,

    /// JSON Lines documents, each with `text` and `reference` (and `title`, if known); `-` is
    /// standard input.
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Sentences per summary, the same for every method.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub sentences: u32,

    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,
}

#[derive(Debug, Args)]
pub struct EvalArticlesArgs {
    /// The issue file (`-`: standard input).
    pub file: PathBuf,

    /// The hand annotation of that issue.
    #[arg(short, long, value_name = "FILE")]
    pub annotation: PathBuf,

    /// Print the score as JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn articles(args: EvalArticlesArgs) -> Result<ExitCode> {
    let annotation = ingest::Annotation::load(&args.annotation)?;
    // Scored as `tema articles` shows the issue: as printed, not repaired.
    let pipeline = tema::Pipeline::params().repair(false).build()?;
    let read = super::read_text(&pipeline, &args.file)?;
    let text = read.value.text.clone();
    annotation.check_against(&args.annotation, &args.file, &text)?;
    let issue = super::noted(pipeline.issue_from_decoded(super::issue_path(&args.file), read));
    let name = issue.name;
    let score = ingest::score_segmentation(&text, &issue.units, &annotation);
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
    emit(args.output.file(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}

/// An article and its reference, owned, whichever input they came from.
struct Scored {
    text: String,
    title: Option<String>,
    reference: String,
}

pub fn summaries(args: EvalSummariesArgs) -> Result<ExitCode> {
    let pipeline = tema::Pipeline::params()
        .repair(!args.repair.no_repair)
        .build()?;
    let mut scored = Vec::new();
    if let Some(input) = &args.input {
        for doc in super::read_documents(&pipeline, input)? {
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
    let mut failed = 0usize;
    let files = super::issue_files(&args.issues, &mut failed);
    if failed > 0 {
        // Scores over part of what was asked for would pass for scores over all of it.
        return Ok(ExitCode::FAILURE);
    }
    for file in &files {
        let issue = super::noted(super::read_issue(&pipeline, file)?);
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
    emit(args.output.file(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct EvalThemesArgs {
    /// Hand annotations of issues (JSON with `file` and `units`, each unit with `lines` and
    /// `theme`); the issue is read from the annotation's `file`, relative to the current
    /// directory.
    #[arg(value_name = "ANNOTATION", required_unless_present = "input")]
    pub annotations: Vec<PathBuf>,

    /// Labelled documents as JSON Lines (`text`, `theme`), instead of or besides issues; `-`
    /// is standard input.
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Ignore printed section headers: judge the text alone.
    #[arg(long)]
    pub no_sections: bool,

    #[command(flatten)]
    pub repair: NoRepairArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Also list every document with its gold and predicted theme.
    #[arg(short, long)]
    pub verbose: bool,

    /// Cross-validate the --input label file instead of judging a model: cut it into K folds
    /// (each theme spread evenly, in file order), train on all folds but one as `tema train
    /// --labels` would, judge the one left out, K times.
    #[arg(long, value_name = "K", requires = "input", conflicts_with_all = ["annotations", "model"], value_parser = clap::value_parser!(u32).range(2..))]
    pub folds: Option<u32>,

    /// With --folds: the theme definitions to train with (as `tema train --themes`).
    #[arg(long, value_name = "FILE", requires = "folds")]
    pub themes: Option<PathBuf>,

    /// With --folds: how to train.
    #[command(flatten)]
    pub training: super::train::TrainingArgs,
}

/// One judged document.
struct Judged {
    name: String,
    gold: Option<String>,
    model: Option<String>,
    baseline: Option<String>,
}

pub fn themes(args: EvalThemesArgs) -> Result<ExitCode> {
    let pipeline = super::args::pipeline(
        &args.model,
        args.repair,
        tema::summaries::Length::Sentences(3),
    )?;
    let model = pipeline.model();
    let mut stemmer = tema::text::DanishStemmer::default();
    let mut judged = Vec::new();
    let mut classes: Vec<String> = model.themes.iter().map(|t| t.id.clone()).collect();
    if let (Some(k), Some(input)) = (args.folds, &args.input) {
        let docs = super::read_documents(&pipeline, input)?;
        let defined = match &args.themes {
            Some(path) => Some(tema::themes::read_themes(path)?),
            None => None,
        };
        let (themes, training) = tema::themes::labelled_documents(input, &docs, defined)?;
        let source = args.themes.clone().unwrap_or_else(|| input.clone());
        tema::themes::check_teachable(&source, &themes, &training)?;
        let labels: Vec<Option<String>> =
            training.iter().map(|d| d.label.clone().flatten()).collect();
        let fold = tema::themes::folds(&labels, k as usize);
        let mut predicted: Vec<Option<Judged>> = docs.iter().map(|_| None).collect();
        for f in 0..k as usize {
            let kept: Vec<tema::themes::TrainingDocument> = training
                .iter()
                .zip(&fold)
                .filter(|(_, &g)| g != f)
                .map(|(d, _)| d.clone())
                .collect();
            let fold_model =
                tema::themes::Model::train(&kept, themes.clone(), args.training.params());
            for (d, _) in fold.iter().enumerate().filter(|(_, &g)| g == f) {
                let text = &training[d].text;
                predicted[d] = Some(Judged {
                    name: docs[d].id.clone(),
                    gold: labels[d].clone(),
                    model: fold_model.tag(text, None, &mut stemmer).theme,
                    baseline: tema::themes::baseline_theme(&themes, text, &mut stemmer),
                });
            }
        }
        judged.extend(predicted.into_iter().flatten());
        classes = themes.iter().map(|t| t.id.clone()).collect();
    }
    for path in &args.annotations {
        let annotation = ingest::Annotation::load(path)?;
        let file = std::path::Path::new(&annotation.file);
        // One read serves the lines as printed and the analysis.
        let read = pipeline.read_text(file)?;
        let text = read.value.text.clone();
        annotation.check_against(path, file, &text)?;
        let issue = super::noted(pipeline.issue_from_decoded(file, read));
        let non_blank: Vec<bool> = text.lines().map(|l| !l.trim().is_empty()).collect();
        let lines_of = |ranges: &[ingest::LineRange]| -> std::collections::HashSet<usize> {
            ranges
                .iter()
                .flat_map(|r| r.0..=r.1)
                .filter(|&n| n >= 1 && non_blank.get(n - 1).copied().unwrap_or(false))
                .collect()
        };
        let content: Vec<&ingest::Unit> =
            issue.units.iter().filter(|u| u.kind.is_content()).collect();
        for gold in annotation.units.iter().filter(|u| u.kind.is_content()) {
            let gold_lines = lines_of(&gold.lines);
            // The found unit sharing the most lines stands for the annotated one.
            let found = content
                .iter()
                .map(|u| (lines_of(&u.lines).intersection(&gold_lines).count(), *u))
                .filter(|(shared, _)| *shared > 0)
                .max_by_key(|(shared, _)| *shared)
                .map(|(_, u)| u);
            let (predicted, baseline) = match found {
                Some(unit) => {
                    let text = tema::themes::unit_text(unit);
                    let section = if args.no_sections {
                        None
                    } else {
                        unit.section.as_deref()
                    };
                    (
                        model.tag(&text, section, &mut stemmer).theme,
                        tema::themes::baseline_theme(&model.themes, &text, &mut stemmer),
                    )
                }
                None => (None, None),
            };
            judged.push(Judged {
                name: format!(
                    "{} {}",
                    issue.name,
                    gold.title
                        .clone()
                        .unwrap_or_else(|| format!("line {}", gold.lines[0].0))
                ),
                gold: gold.theme.clone(),
                model: predicted,
                baseline,
            });
        }
    }
    if let Some(input) = args.input.as_ref().filter(|_| args.folds.is_none()) {
        for doc in super::read_documents(&pipeline, input)? {
            let text = tema::themes::classifier_text(doc.title.as_deref(), &[&doc.text]);
            judged.push(Judged {
                name: doc.id.clone(),
                gold: doc.theme.filter(|t| t != "none"),
                model: model.tag(&text, None, &mut stemmer).theme,
                baseline: tema::themes::baseline_theme(&model.themes, &text, &mut stemmer),
            });
        }
    }
    let gold: Vec<Option<String>> = judged.iter().map(|j| j.gold.clone()).collect();
    let predicted: Vec<Option<String>> = judged.iter().map(|j| j.model.clone()).collect();
    let baseline: Vec<Option<String>> = judged.iter().map(|j| j.baseline.clone()).collect();
    let accuracy = |p: &[Option<String>]| p.iter().zip(&gold).filter(|(a, b)| a == b).count();
    let mut out = String::new();
    if args.verbose {
        let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
        for j in &judged {
            let mark = if j.gold == j.model { ' ' } else { '✗' };
            out.push_str(&format!(
                "{mark} gold {:<17} model {:<17} baseline {:<17} {}\n",
                show(&j.gold),
                show(&j.model),
                show(&j.baseline),
                j.name
            ));
        }
    }
    out.push_str(&format!(
        "{} documents: model macro-F1 {:.3} ({} right), keyword baseline macro-F1 {:.3} ({} right)\n",
        judged.len(),
        tema::themes::macro_f1(&gold, &predicted),
        accuracy(&predicted),
        tema::themes::macro_f1(&gold, &baseline),
        accuracy(&baseline),
    ));
    if let Some(k) = args.folds {
        out.push_str(&format!(
            "(cross-validated: {k} folds, each judged by a model trained on the others)\n"
        ));
    }
    classes.push("none".into());
    out.push_str(&class_report(&classes, &gold, &predicted));
    emit(args.output.file(), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// The model's precision, recall and F1 for each theme and none, then the confusion table
/// (rows: gold; columns: the model's answer).
fn class_report(
    classes: &[String],
    gold: &[Option<String>],
    predicted: &[Option<String>],
) -> String {
    let name = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
    let gold: Vec<String> = gold.iter().map(name).collect();
    let predicted: Vec<String> = predicted.iter().map(name).collect();
    let mut classes = classes.to_vec();
    // A gold label the model does not know still counts, as a row of its own.
    for g in &gold {
        if !classes.contains(g) {
            classes.push(g.clone());
        }
    }
    let (scores, table) = tema::themes::class_scores(&classes, &gold, &predicted);
    let width = classes
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(4)
        .max(5);
    let mut out = format!(
        "\n{:<width$}  precision  recall     F1  documents\n",
        "theme"
    );
    for s in &scores {
        out.push_str(&format!(
            "{:<width$}  {:>9.3}  {:>6.3}  {:>5.3}  {:>9}\n",
            s.class, s.precision, s.recall, s.f1, s.support
        ));
    }
    out.push_str(&format!(
        "\nconfusion (rows: gold, columns: model)\n{:<width$}",
        ""
    ));
    let short: Vec<String> = classes
        .iter()
        .map(|c| c.chars().take(8).collect())
        .collect();
    for c in &short {
        out.push_str(&format!(" {c:>8}"));
    }
    out.push('\n');
    for (c, row) in classes.iter().zip(&table) {
        out.push_str(&format!("{c:<width$}"));
        for n in row {
            out.push_str(&format!(" {n:>8}"));
        }
        out.push('\n');
    }
    out
}
