//! `tema cluster`: topics nobody named, in issues or a JSON Lines archive.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rayon::prelude::*;

use tema::clusters::{Cluster, ClusterModel, ClusterOptions};
use tema::output::{self, ClusterReport, ClusteredDocument};
use tema::pipeline::one_line;
use tema::summaries::Length;
use tema::text::DanishStemmer;
use tema::vectors::{VectorOptions, Vocabulary};

use super::args::{InputArgs, NoRepairArgs, OutputArgs};
use super::{emit, FormatArg};

#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Issues (plain text, as for `tema articles`): their articles, editorials and briefs are
    /// clustered together. Folders are searched for .txt files, glob patterns expanded, `-` is
    /// standard input.
    #[arg(
        value_name = "FILE|DIR|GLOB",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub files: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Number of clusters [default: chosen by silhouette between 2 and 10].
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub k: Option<u32>,

    /// Give each document a summary of this many sentences (0: none).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub sentences: usize,

    /// Seed of the projection and of k-means: the same seed, the same clusters.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,
}

/// A text to cluster: a unit or a document.
struct Item {
    source: Source,
    /// A unit's title, standfirst and body, one text for its vectors; a document's own text
    /// serves as it is.
    joined: Option<String>,
}

impl Item {
    fn text(&self) -> &str {
        match (&self.joined, &self.source) {
            (Some(joined), _) => joined,
            (None, Source::Document(doc)) => &doc.text,
            (None, Source::Unit(unit)) => &unit.body,
        }
    }
}

enum Source {
    Unit(tema::ingest::Unit),
    Document(tema::ingest::Document),
}

/// Links each cluster to the theme its distinctive terms are about, if any: the theme model
/// reads them as one short text, and "no theme" stays a real answer.
fn link_themes(model: &tema::themes::Model, clusters: &mut [Cluster]) {
    let mut stemmer = DanishStemmer::default();
    for cluster in clusters {
        cluster.theme = model
            .tag(&cluster.top_terms.join(" "), None, &mut stemmer)
            .theme;
    }
}

pub fn run(args: ClusterArgs) -> Result<ExitCode> {
    let format = FormatArg::resolve(args.format, args.output.to_terminal());
    // Summaries only when asked for: 0 sentences means none.
    let length = Length::Sentences(args.sentences.max(1));
    let pipeline = tema::Pipeline::params()
        .repair(!args.repair.no_repair)
        .summary_length(length)
        .build()?;
    let mut failed = 0usize;
    let items: Vec<Item> = match &args.input.input {
        Some(path) => super::read_documents(&pipeline, path)?
            .into_iter()
            .map(|doc| Item {
                joined: None,
                source: Source::Document(doc),
            })
            .collect(),
        None => {
            let mut items = Vec::new();
            // One bad issue is reported and the others are still clustered; the exit code tells.
            for issue in super::issues(&pipeline, &args.files, &mut failed) {
                let units = issue.units.into_iter().filter(|u| u.kind.is_content());
                items.extend(units.map(|unit| {
                    let text = [unit.title.as_deref(), unit.standfirst.as_deref()]
                        .into_iter()
                        .flatten()
                        .chain([unit.body.as_str()])
                        .collect::<Vec<_>>()
                        .join("\n\n");
                    Item {
                        joined: Some(text),
                        source: Source::Unit(unit),
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

    let texts: Vec<&str> = items.iter().map(Item::text).collect();
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
    link_themes(pipeline.model(), &mut fitted.model.clusters);
    // Each document summarised as `tema summarise` and `tema tag` summarise it.
    let summaries: Vec<Vec<String>> = items
        .par_iter()
        .map(|item| {
            if args.sentences == 0 {
                return Vec::new();
            }
            let extracts = match &item.source {
                Source::Unit(unit) => pipeline.summarise_unit(unit),
                Source::Document(doc) => pipeline.summarise_document(doc),
            };
            extracts.iter().map(|e| one_line(&e.text)).collect()
        })
        .collect();
    let docs = items
        .into_iter()
        .zip(fitted.assignments)
        .zip(summaries)
        .map(|((item, cluster), summary)| {
            let (id, title) = match item.source {
                Source::Unit(unit) => (unit.id, unit.title),
                Source::Document(doc) => (doc.id, doc.title),
            };
            ClusteredDocument {
                id,
                title,
                cluster,
                summary,
            }
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
        args.output.file(),
        &output::render_clusters(&report, format),
    )?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
