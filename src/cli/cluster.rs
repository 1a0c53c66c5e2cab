//! `tema cluster`: topics nobody named, in issues or a JSON Lines archive.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use rayon::prelude::*;

use tema::clusters::{TopicOptions, Topics};
use tema::output::{self, ClusterReport, ClusteredDocument};
use tema::pipeline::one_line;
use tema::summaries::Length;
use tema::text::DanishStemmer;

use super::args::{CsvArgs, InputArgs, NoRepairArgs, OutputArgs};
use super::{emit_written, FormatArg};

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

    /// Number of clusters [default: chosen between 2 and √documents (at most 40) by the
    /// silhouette beyond that of a topic-free null].
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub k: Option<u32>,

    /// Give each document a summary of this many sentences (0: none).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub sentences: usize,

    /// Seed of k-means and its samples: the same seed, the same clusters.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub csv: CsvArgs,

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

pub fn run(args: ClusterArgs) -> Result<ExitCode> {
    let written = FormatArg::resolve(args.format, &args.output)?;
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
            let given = match &args.input.input {
                Some(path) => path.display().to_string(),
                None => args.files.join(", "),
            };
            say!("tema: error: {given}: no articles, editorials or briefs to cluster");
        }
        return Ok(ExitCode::FAILURE);
    }

    let texts: Vec<&str> = items.iter().map(Item::text).collect();
    let options = TopicOptions {
        k: args.k.map(|k| k as usize),
        seed: args.seed,
        ..TopicOptions::default()
    };
    // Refused, not clamped: `-k 1` or more topics than documents is a mistake to report.
    options.check(texts.len())?;
    let (vocabulary, mut topics) = Topics::of_texts(&texts, &options, &|_| false);
    // A topic is linked to a theme only when most of its articles carry that theme.
    let themes: Vec<Option<String>> = items
        .par_iter()
        .map_init(DanishStemmer::default, |stemmer, item| match &item.source {
            Source::Unit(unit) => {
                pipeline
                    .model()
                    .tag(
                        &tema::themes::unit_text(unit),
                        unit.section.as_deref(),
                        stemmer,
                    )
                    .theme
            }
            Source::Document(doc) => {
                pipeline
                    .model()
                    .tag(
                        &tema::themes::classifier_text(doc.title.as_deref(), &[&doc.text]),
                        None,
                        stemmer,
                    )
                    .theme
            }
        })
        .collect();
    topics.link_themes(&themes.iter().map(Option::as_deref).collect::<Vec<_>>());
    let n_docs = texts.len();
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
        .zip(topics.assignments.iter().copied())
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
        n_docs,
        vocab_size: vocabulary.len(),
        k: topics.k(),
        seed: args.seed,
        k_scores: topics.scores,
        clusters: topics.topics,
        docs,
    };
    let layout = super::args::layout(&args.output, &args.csv);
    emit_written(
        &args.output,
        &written,
        |format| output::render_clusters_with(&report, format, &layout),
        || output::cluster_sheets(&report),
    )?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
