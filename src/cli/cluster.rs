//! `tema cluster`: topics nobody named, in issues or a JSON Lines archive.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rayon::prelude::*;

use tema::clusters::{Cluster, ClusterModel, ClusterOptions};
use tema::output::{self, ClusterReport, ClusteredDocument};
use tema::text::DanishStemmer;
use tema::vectors::{VectorOptions, Vocabulary};

use super::{emit, FormatArg};

#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Issues (plain text, as for `tema articles`): their articles, editorials and briefs are
    /// clustered together.
    #[arg(
        value_name = "FILE",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<PathBuf>,

    /// A JSON Lines archive instead: one object per line with `text` and optionally `id` and
    /// `title`.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Number of clusters [default: chosen by silhouette between 2 and 10].
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub k: Option<u32>,

    /// Give each document a summary of this many sentences.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub sentences: usize,

    /// Seed of the projection and of k-means: the same seed, the same clusters.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not repair OCR damage (lost æ/ø/å) before analysis.
    #[arg(long)]
    pub no_repair: bool,
}

/// A text to cluster, with the names it is reported under.
struct Item {
    id: String,
    title: Option<String>,
    text: String,
}

/// The summary of one document: its most telling sentences, in their order, on one line each.
fn summarise(text: &str, sentences: usize) -> Vec<String> {
    tema::summaries::Summariser::default()
        .summarise(
            &tema::summaries::Article::new(text),
            tema::summaries::Length::Sentences(sentences),
        )
        .into_iter()
        .map(|extract| {
            extract
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Links each cluster to the theme its distinctive terms are about, if any: the theme model
/// reads them as one short text, and "no theme" stays a real answer.
fn link_themes(clusters: &mut [Cluster]) -> Result<()> {
    let model = tema::themes::Model::default_model()?;
    let mut stemmer = DanishStemmer::default();
    for cluster in clusters {
        cluster.theme = model
            .tag(&cluster.top_terms.join(" "), None, &mut stemmer)
            .theme;
    }
    Ok(())
}

pub fn run(args: ClusterArgs) -> Result<ExitCode> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = FormatArg::resolve(args.format, to_terminal);
    let mut failed = 0usize;
    let items = match &args.input {
        Some(path) => super::load_documents(path, !args.no_repair)?
            .into_iter()
            .map(|doc| Item {
                id: doc.id,
                title: doc.title,
                text: doc.text,
            })
            .collect(),
        None => {
            let mut items = Vec::new();
            // One bad issue is reported and the others are still clustered; the exit code tells.
            for issue in super::issues(&args.files, !args.no_repair, &mut failed) {
                let units = issue.units.into_iter().filter(|u| u.kind.is_content());
                items.extend(units.map(|unit| {
                    let text = [unit.title.as_deref(), unit.standfirst.as_deref()]
                        .into_iter()
                        .flatten()
                        .chain([unit.body.as_str()])
                        .collect::<Vec<_>>()
                        .join("\n\n");
                    Item {
                        id: unit.id,
                        title: unit.title,
                        text,
                    }
                }));
            }
            items
        }
    };
    if items.is_empty() {
        if failed == 0 {
            eprintln!("tema: error: no articles, editorials or briefs to cluster");
        }
        return Ok(ExitCode::FAILURE);
    }

    let texts: Vec<&str> = items.iter().map(|item| item.text.as_str()).collect();
    // A term in one document only cannot bring documents together; dropping such terms halves
    // the vocabulary of an archive. Tiny inputs keep every term.
    let vector_options = VectorOptions {
        min_df: if texts.len() >= 20 { 2 } else { 1 },
        ..VectorOptions::default()
    };
    let (vocabulary, matrix) = Vocabulary::fit_transform(&texts, &vector_options);
    let options = ClusterOptions {
        k: args.k.map(|k| k as usize),
        seed: args.seed,
        ..ClusterOptions::default()
    };
    let mut fitted = ClusterModel::fit(&vocabulary, &matrix, &options);
    link_themes(&mut fitted.model.clusters)?;
    let summaries: Vec<Vec<String>> = texts
        .par_iter()
        .map(|text| summarise(text, args.sentences))
        .collect();
    let docs = items
        .into_iter()
        .zip(fitted.assignments)
        .zip(summaries)
        .map(|((item, cluster), summary)| ClusteredDocument {
            id: item.id,
            title: item.title,
            cluster,
            summary,
        })
        .collect();
    let report = ClusterReport {
        n_docs: matrix.n_rows(),
        vocab_size: vocabulary.len(),
        k: fitted.model.k(),
        seed: args.seed,
        silhouette: fitted.model.silhouette,
        clusters: fitted.model.clusters,
        docs,
    };
    emit(
        args.output.as_deref(),
        &output::render_clusters(&report, format),
    )?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
