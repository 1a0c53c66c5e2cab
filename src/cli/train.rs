//! `tema train`: a model from issues and documents, with or without labels.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use tema::ingest;
use tema::themes::{self, Model, Params, TrainingDocument};

use super::args::{InputArgs, NoRepairArgs, RequiredOutputArgs};

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Issues to learn from (their articles, editorials and briefs); folders are searched for
    /// .txt files, glob patterns expanded, `-` is standard input.
    #[arg(value_name = "FILE|DIR|GLOB")]
    pub files: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Labelled documents, as JSON Lines: objects with `text` and `theme` (a theme id, or null
    /// or "none" for no theme). They anchor the prototypes and calibrate the threshold for none.
    /// Without --themes, their ids are the themes (built-in definitions where an id is one).
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,

    /// Theme definitions [default: the models/themes.toml built into tema, or the label ids of
    /// --labels when they are not all built-in themes]. Labels must name themes of this file.
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,

    #[command(flatten)]
    pub output: RequiredOutputArgs,

    #[command(flatten)]
    pub repair: NoRepairArgs,

    #[command(flatten)]
    pub training: TrainingArgs,
}

/// The knobs of training, shared by `tema train` and `tema eval themes --folds`.
#[derive(Debug, Args)]
pub struct TrainingArgs {
    /// Seed similarity a document needs to start in a theme.
    #[arg(long, value_name = "X", default_value_t = Params::default().start_threshold, value_parser = finite)]
    pub start_threshold: f32,

    /// Weight of the seed terms against the corpus in each prototype.
    #[arg(long, value_name = "X", default_value_t = Params::default().seed_weight, value_parser = finite)]
    pub seed_weight: f32,

    /// The similarity a theme must exceed to be the primary theme (recalibrated when --labels
    /// are given).
    #[arg(long, value_name = "X", default_value_t = Params::default().none_threshold, value_parser = finite)]
    pub none_threshold: f32,

    /// Added to a theme's similarity when a printed section header names it.
    #[arg(long, value_name = "X", default_value_t = Params::default().section_bonus, value_parser = finite)]
    pub section_bonus: f32,

    /// Words per passage when texts are judged passage by passage.
    #[arg(long, value_name = "N", default_value_t = Params::default().passage_words as u32, value_parser = clap::value_parser!(u32).range(1..))]
    pub passage_words: u32,

    /// Weight (0–1) of the first passage against the mean of all passages.
    #[arg(long, value_name = "X", default_value_t = Params::default().lead_weight, value_parser = unit_interval)]
    pub lead_weight: f32,

    /// Count compounds as whole words only, not also as their parts.
    #[arg(long)]
    pub no_compounds: bool,

    /// Weight (0–1) of the supervised classifier against the prototypes [default: calibrated
    /// on the labels, with the threshold for none; 0 turns the classifier off].
    #[arg(long, value_name = "X", value_parser = unit_interval)]
    pub supervised_weight: Option<f32>,

    /// L2 penalty of the supervised classifier (larger: smoother, less sure of itself).
    #[arg(long, value_name = "X", default_value_t = Params::default().l2, value_parser = non_negative)]
    pub l2: f32,

    /// Whether the supervised classifier reads character n-grams of the words too (3–5
    /// letters) [default: when the labelled texts are short, a median under 50 words].
    #[arg(long, value_name = "BOOL")]
    pub char_ngrams: Option<bool>,
}

impl TrainingArgs {
    /// The training parameters these options ask for.
    pub fn params(&self) -> Params {
        Params {
            start_threshold: self.start_threshold,
            seed_weight: self.seed_weight,
            none_threshold: self.none_threshold,
            section_bonus: self.section_bonus,
            passage_words: self.passage_words as usize,
            lead_weight: self.lead_weight,
            supervised_weight: self.supervised_weight,
            l2: self.l2,
            char_ngrams: self.char_ngrams,
            vectors: tema::vectors::VectorOptions {
                compounds: !self.no_compounds,
                ..Params::default().vectors
            },
            ..Params::default()
        }
    }
}

fn non_negative(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{text:?} is not a number of 0 or more")),
    }
}

/// A finite number: `NaN` and `inf` would be written into the model as `null`, which no tema
/// can read back.
fn finite(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("{text:?} is not a finite number")),
    }
}

fn unit_interval(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{text:?} is not a number from 0 to 1")),
    }
}

pub fn run(args: TrainArgs) -> Result<ExitCode> {
    if args.files.is_empty() && args.input.input.is_none() && args.labels.is_none() {
        bail!("nothing to train on: give issues, --input or --labels");
    }
    let defined = match &args.themes {
        Some(path) => Some(themes::read_themes(path)?),
        None => None,
    };
    let (themes, labelled) = match &args.labels {
        Some(path) => {
            let (themes, docs) =
                themes::labelled_documents(path, &ingest::read_documents(path)?, defined)?;
            (themes, docs)
        }
        None => (defined.unwrap_or_else(themes::default_themes), Vec::new()),
    };
    let source = args
        .themes
        .clone()
        .unwrap_or_else(|| PathBuf::from("models/themes.toml"));
    themes::check_teachable(&source, &themes, &labelled)?;
    let pipeline = tema::Pipeline::params()
        .repair(!args.repair.no_repair)
        .build()?;
    let mut failed = 0usize;
    let files = super::issue_files(&args.files, &mut failed);
    if failed > 0 {
        // A model trained on part of what was asked for is not the model asked for.
        return Ok(ExitCode::FAILURE);
    }
    let mut docs = Vec::new();
    for file in &files {
        let issue = super::noted(super::read_issue(&pipeline, file)?);
        docs.extend(
            issue
                .units
                .iter()
                .filter(|u| u.kind.is_content())
                .map(|u| TrainingDocument {
                    text: themes::unit_text(u),
                    section: u.section.clone(),
                    label: None,
                }),
        );
    }
    if let Some(input) = &args.input.input {
        docs.extend(
            super::read_documents(&pipeline, input)?
                .into_iter()
                .map(|d| TrainingDocument {
                    text: themes::classifier_text(d.title.as_deref(), &[&d.text]),
                    section: None,
                    label: None,
                }),
        );
    }
    docs.extend(labelled);
    if docs.is_empty() {
        // A model of no documents has only its seed terms: not what anyone training asked for.
        let given: Vec<String> = (args.files.iter().cloned())
            .chain(args.input.input.iter().map(|p| p.display().to_string()))
            .collect();
        bail!("{}: no articles to train on", given.join(", "));
    }
    let params = args.training.params();
    let model = Model::train(&docs, themes, params);
    super::emit(args.output.file(), &model.to_json())?;
    say!(
        "tema: trained on {} documents ({} labelled), {} terms; wrote {}",
        model.documents,
        model.labelled,
        model.vocabulary.len(),
        args.output.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
