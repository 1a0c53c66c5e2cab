//! The model file: vocabulary, theme prototypes, calibrated parameters; training and tagging.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::definitions::{section_names, SeedMatcher, Theme};
use super::supervised::{Parts, Sparse, Supervised};
use super::{normalise, softmax};
use crate::clusters::{ClusterModel, ClusterOptions};
use crate::error::{Error, Result};
use crate::text::DanishStemmer;
use crate::vectors::{for_each_term, TfIdfMatrix, VectorOptions, Vocabulary};

/// The model format this tema reads and writes; files of any other version are rejected.
pub const MODEL_FORMAT: u32 = 4;

/// The default model, built from the seed issues by `tema train` (see the README) and embedded
/// in the binary so tema works from any directory.
pub const DEFAULT_MODEL: &str = include_str!("../../models/default-model.json");

/// The knobs of training and scoring; stored in the model so tagging matches training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Which terms the vocabulary keeps, and whether compound parts count.
    pub vectors: VectorOptions,
    /// Seed similarity a document needs to start in a theme.
    pub start_threshold: f32,
    /// Similarity an unlabelled document needs to join a theme while prototypes are refined:
    /// only clear cases teach a prototype the corpus's words, so general articles that touch
    /// a theme do not widen it.
    pub join_threshold: f32,
    /// Weight of the seed vector against the mean of a theme's documents.
    pub seed_weight: f32,
    /// Rounds of refinement at most.
    pub iterations: usize,
    /// Added to a theme's similarity when a printed section header names it.
    pub section_bonus: f32,
    /// The similarity "none" stands at: a theme must come closer to be the primary theme. The
    /// calibrated threshold for no theme.
    pub none_threshold: f32,
    /// Softmax temperature turning similarities into scores.
    pub temperature: f32,
    /// Words per passage: texts are judged passage by passage (see the [module docs](super)).
    pub passage_words: usize,
    /// Weight of the first passage (headline, standfirst, opening) against the mean of all.
    pub lead_weight: f32,
    /// L2 penalty `α` of the supervised classifier (see [`Supervised`]).
    pub l2: f32,
    /// Weight of the supervised classifier's probabilities against the prototypes' scores
    /// (0: prototypes only; 1: classifier only); calibrated on the labels with the threshold
    /// for none.
    /// `None` when training starts: calibrate it.
    pub supervised_weight: Option<f32>,
    /// Whether the supervised classifier also reads character n-grams ([`super::CharGrams`]);
    /// `None` when training starts: yes when the labelled texts are short (their median under
    /// [`SHORT_TEXT_WORDS`] words), where a word is often the only one of its kind.
    pub char_ngrams: Option<bool>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            vectors: VectorOptions {
                compounds: true,
                ..VectorOptions::default()
            },
            start_threshold: 0.1,
            join_threshold: 0.12,
            seed_weight: 1.0,
            iterations: 10,
            section_bonus: 0.15,
            none_threshold: 0.03,
            temperature: 0.02,
            passage_words: 100,
            lead_weight: 0.3,
            l2: 0.1,
            supervised_weight: None,
            char_ngrams: None,
        }
    }
}

// In a file of its own: the supervised classifier stores its weights as prototypes too, and
// would otherwise import this module while this one imports it.
pub use super::prototype::Prototype;

/// A trained model, as stored in a JSON file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// [`MODEL_FORMAT`].
    pub format: u32,
    pub params: Params,
    pub themes: Vec<Theme>,
    pub vocabulary: Vocabulary,
    /// One per theme, in the order of `themes`.
    pub prototypes: Vec<Prototype>,
    /// Documents trained on, and how many of them had labels.
    pub documents: usize,
    pub labelled: usize,
    /// Topics of the training corpus found by k-means, each linked to the theme most of its
    /// documents were given; articles tagged later are put in the nearest.
    pub clusters: Option<ClusterModel>,
    /// The supervised classifier learnt from the labels, when they hold two classes or more
    /// and enough documents to calibrate it.
    pub supervised: Option<Supervised>,
    #[serde(skip)]
    dense: Vec<Vec<f32>>,
}

/// One document to train on.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingDocument {
    /// Title, standfirst and body: what the classifier reads.
    pub text: String,
    /// The printed section header, if any.
    pub section: Option<String>,
    /// `None`: unlabelled; `Some(None)`: labelled "no theme"; `Some(Some(id))`: a theme.
    pub label: Option<Option<String>>,
}

/// A theme's score for one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    pub id: String,
    pub label: String,
    pub score: f32,
}

/// What the model says about one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tagging {
    /// The primary theme, or `None` when no theme fits.
    pub theme: Option<String>,
    /// Every theme with its score in [0, 1], highest first (ties: definition order).
    pub themes: Vec<ThemeScore>,
    /// The text's most distinctive terms, as readable words, heaviest first; names of people,
    /// organisations and places left out.
    pub terms: Vec<String>,
    /// The TF-IDF weight of each of `terms` in the text, in their order.
    pub weights: Vec<f32>,
    /// The nearest cluster of the training corpus: its id and label.
    pub cluster: Option<(usize, String)>,
}

/// How many distinctive terms a tagging lists.
const TERMS_SHOWN: usize = 8;

impl Model {
    /// Trains a model on documents (see the [module docs](super) for the method).
    ///
    /// Labels must name defined themes; check them before calling.
    pub fn train(docs: &[TrainingDocument], themes: Vec<Theme>, params: Params) -> Model {
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        let mut vocabulary = Vocabulary::fit(&texts, &params.vectors);
        let matchers: Vec<SeedMatcher> = themes.iter().map(SeedMatcher::new).collect();
        let extra: Vec<(&str, &str)> = matchers.iter().flat_map(|m| m.stems()).collect();
        vocabulary.extend(extra);
        let views = Views::of(&vocabulary, &texts, &params);
        let matrix = &views.full;
        let seeds: Vec<Vec<f32>> = matchers
            .iter()
            .map(|m| m.seed_vector(&vocabulary))
            .collect();
        let sections: Vec<Vec<bool>> = docs
            .iter()
            .map(|d| {
                themes
                    .iter()
                    .map(|t| d.section.as_deref().is_some_and(|s| section_names(t, s)))
                    .collect()
            })
            .collect();
        let fixed: Vec<Option<usize>> = docs
            .iter()
            .map(|d| {
                d.label.as_ref().map(|label| match label {
                    Some(id) => 1 + themes.iter().position(|t| &t.id == id).unwrap_or(0),
                    None => 0,
                })
            })
            .collect();

        let evidence = Evidence {
            views: &views,
            texts: &texts,
            offset: vocabulary.len() as u32,
            seeds: &seeds,
            sections: &sections,
        };
        let everyone = vec![true; docs.len()];
        let (assignment, prototypes) = evidence.refine(&fixed, &everyone, &params);
        let clusters = fit_clusters(&vocabulary, matrix, &assignment, &themes);

        let mut params = params;
        let labelled: Vec<usize> = (0..docs.len()).filter(|&d| fixed[d].is_some()).collect();
        if params.char_ngrams.is_none() {
            params.char_ngrams = Some(short_texts(&labelled, &texts));
        }
        let mut supervised = (labelled.len() >= 2 * CALIBRATION_FOLDS)
            .then(|| evidence.fit_supervised(&labelled, &fixed, &params))
            .flatten();
        if !labelled.is_empty() {
            let (threshold, weight, bayes) = evidence.calibrate_none(
                &labelled,
                &fixed,
                &prototypes,
                supervised.is_some(),
                &params,
            );
            params.none_threshold = threshold;
            params.supervised_weight = Some(weight);
            if let Some(s) = supervised.as_mut() {
                match (s.bayes.as_mut(), bayes) {
                    // Calibration found naive Bayes no help: the model does without it.
                    (_, (share, _)) if share <= 0.0 => s.bayes = None,
                    (Some(b), (share, temperature)) => {
                        (b.weight, b.temperature) = (share, temperature)
                    }
                    (None, _) => {}
                }
            }
        }

        let mut model = Model {
            format: MODEL_FORMAT,
            themes,
            prototypes: prototypes
                .iter()
                .map(|p| Prototype::from_dense(p))
                .collect(),
            vocabulary,
            documents: docs.len(),
            labelled: labelled.len(),
            params,
            clusters,
            supervised,
            dense: Vec::new(),
        };
        model.densify();
        model
    }

    fn densify(&mut self) {
        let len = self.vocabulary.len();
        self.dense = self.prototypes.iter().map(|p| p.to_dense(len)).collect();
    }

    /// Reads a model from JSON; `path` names it in errors. Another format version, a malformed
    /// file or prototypes that do not fit the vocabulary are rejected with one line saying so.
    pub fn from_json(path: &Path, text: &str) -> Result<Model> {
        let bad = |reason: String| Error::Model {
            path: path.to_path_buf(),
            reason,
        };
        #[derive(Deserialize)]
        struct Version {
            format: Option<u32>,
        }
        let version: Version = serde_json::from_str(text)
            .map_err(|e| bad(format!("not a tema model (invalid JSON: {e})")))?;
        match version.format {
            Some(MODEL_FORMAT) => {}
            Some(other) => {
                return Err(bad(format!(
                    "model format version {other}, but this tema reads version {MODEL_FORMAT}; retrain it with `tema train`"
                )))
            }
            None => return Err(bad("not a tema model (no format version)".into())),
        }
        let mut model: Model =
            serde_json::from_str(text).map_err(|e| bad(format!("not a usable tema model: {e}")))?;
        model
            .validate()
            .map_err(|reason| bad(format!("not a usable tema model: {reason}")))?;
        model.densify();
        Ok(model)
    }

    /// Checks the whole of a model read from a file before anything uses it, so a corrupt or
    /// hand-edited file is refused with the first fault found instead of failing later
    /// (an index out of range, a division by zero, a `NaN` score): the parameters, at least one
    /// theme with a distinct id, the vocabulary
    /// ([`Vocabulary::validate`]), one prototype per theme whose columns are ascending and
    /// inside the vocabulary with finite weights, and the clusters
    /// ([`ClusterModel::validate`]), whose themes must be the model's.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.format != MODEL_FORMAT {
            return Err(format!("format version {}", self.format));
        }
        self.validate_params()?;
        if self.themes.is_empty() {
            return Err("no themes".into());
        }
        for (i, theme) in self.themes.iter().enumerate() {
            // The rules `parse_themes` holds ids to, so any model `tema train` writes passes
            // (themes learnt from labels alone have no seed terms, so none are required).
            if theme.id.is_empty() || theme.id == "none" {
                return Err(format!(
                    "themes[{i}] has id {:?}, empty or reserved",
                    theme.id
                ));
            }
            if self.themes[..i].iter().any(|t| t.id == theme.id) {
                return Err(format!("theme {:?} is defined twice", theme.id));
            }
        }
        self.vocabulary.validate()?;
        if self.prototypes.len() != self.themes.len() {
            return Err(format!(
                "{} prototypes for {} themes",
                self.prototypes.len(),
                self.themes.len()
            ));
        }
        let len = self.vocabulary.len();
        for (i, p) in self.prototypes.iter().enumerate() {
            if p.columns.len() != p.weights.len() {
                return Err(format!(
                    "prototypes[{i}] has {} columns and {} weights",
                    p.columns.len(),
                    p.weights.len()
                ));
            }
            if let Some(&c) = p.columns.iter().find(|&&c| c as usize >= len) {
                return Err(format!(
                    "prototypes[{i}] names column {c}, outside the vocabulary of {len} terms"
                ));
            }
            if p.columns.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("prototypes[{i}].columns are not ascending"));
            }
            if p.weights.iter().any(|w| !w.is_finite()) {
                return Err(format!("prototypes[{i}] holds a weight that is not finite"));
            }
        }
        if let Some(supervised) = &self.supervised {
            if !supervised.fits(self.themes.len() + 1, len as u32) {
                return Err(
                    "the supervised classifier does not fit the themes or the vocabulary".into(),
                );
            }
        }
        if let Some(w) = self
            .params
            .supervised_weight
            .filter(|w| !(0.0..=1.0).contains(w))
        {
            return Err(format!("params.supervised_weight is {w}, not from 0 to 1"));
        }
        if self.labelled > self.documents {
            return Err(format!(
                "{} labelled of {} documents",
                self.labelled, self.documents
            ));
        }
        if let Some(clusters) = &self.clusters {
            clusters.validate()?;
            for (i, c) in clusters.clusters.iter().enumerate() {
                if let Some(theme) = &c.theme {
                    if !self.themes.iter().any(|t| &t.id == theme) {
                        return Err(format!(
                            "clusters.clusters[{i}] names theme {theme:?}, which the model does not define"
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn validate_params(&self) -> std::result::Result<(), String> {
        if !(self.params.l2.is_finite() && self.params.l2 >= 0.0) {
            return Err(format!("params.l2 is {}, not 0 or more", self.params.l2));
        }
        let p = &self.params;
        for (name, x) in [
            ("start_threshold", p.start_threshold),
            ("join_threshold", p.join_threshold),
            ("seed_weight", p.seed_weight),
            ("section_bonus", p.section_bonus),
            ("none_threshold", p.none_threshold),
            ("temperature", p.temperature),
            ("lead_weight", p.lead_weight),
        ] {
            if !x.is_finite() {
                return Err(format!("params.{name} is {x}, not a finite number"));
            }
        }
        if p.temperature <= 0.0 {
            return Err(format!(
                "params.temperature is {}, not above 0",
                p.temperature
            ));
        }
        if p.passage_words == 0 {
            return Err("params.passage_words is 0".into());
        }
        if !(0.0..=1.0).contains(&p.lead_weight) {
            return Err(format!(
                "params.lead_weight is {}, not from 0 to 1",
                p.lead_weight
            ));
        }
        if !(p.vectors.max_df > 0.0 && p.vectors.max_df <= 1.0) {
            return Err(format!(
                "params.vectors.max_df is {}, not in (0, 1]",
                p.vectors.max_df
            ));
        }
        Ok(())
    }

    /// Reads a model file.
    pub fn read(path: &Path) -> Result<Model> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::reading(path, source))?;
        Model::from_json(path, &text)
    }

    /// The model shipped inside the binary.
    pub fn default_model() -> Result<Model> {
        Model::from_json(Path::new("models/default-model.json"), DEFAULT_MODEL)
    }

    /// The model as pretty JSON, ending in a newline, with each array of numbers on one line
    /// (a model holds tens of thousands of weights, one line each would bury the rest).
    pub fn to_json(&self) -> String {
        let pretty = serde_json::to_string_pretty(self).expect("models serialise");
        let mut out = numbers_on_one_line(&pretty);
        out.push('\n');
        out
    }

    /// Tags one text; `section` is its printed section header, if any.
    ///
    /// ```
    /// let model = tema::themes::Model::default_model()?;
    /// let mut stemmer = tema::text::DanishStemmer::default();
    /// let tagging = model.tag("Hackere angreb kommunens netværk med ransomware, og it-sikkerheden skal styrkes.", None, &mut stemmer);
    /// assert_eq!(tagging.theme.as_deref(), Some("cybersecurity"));
    /// assert!(tagging.themes.windows(2).all(|w| w[0].score >= w[1].score));
    /// # Ok::<(), tema::Error>(())
    /// ```
    pub fn tag(&self, text: &str, section: Option<&str>, stemmer: &mut DanishStemmer) -> Tagging {
        let names = crate::names::Names::from_names(&crate::names::find(text));
        self.tag_without(text, section, &names, stemmer)
    }

    /// [`tag`](Self::tag), with the words of `names` (found by the caller) kept out of the terms.
    pub fn tag_without(
        &self,
        text: &str,
        section: Option<&str>,
        names: &crate::names::Names,
        stemmer: &mut DanishStemmer,
    ) -> Tagging {
        let views = Views::of_one(&self.vocabulary, text, &self.params, stemmer);
        let matrix = &views.full;
        let sections: Vec<bool> = self
            .themes
            .iter()
            .map(|t| section.is_some_and(|s| section_names(t, s)))
            .collect();
        let sims = similarities(&views, 0, &self.dense, &sections, &self.params);
        // A text with nothing the model knows gets no theme; character n-grams can know parts
        // of words the vocabulary never saw.
        let empty = matrix.nnz() == 0
            && sections.iter().all(|&s| !s)
            && !self
                .supervised
                .as_ref()
                .is_some_and(|s| s.reads_beyond_words(text));
        let probabilities = self.supervised.as_ref().map(|s| {
            let offset = self.vocabulary.len() as u32;
            s.probabilities(views.aggregate(0, &self.params), text, offset, sims.len())
        });
        let scores = blend(
            softmax(&sims, self.params.temperature),
            probabilities.as_deref(),
            self.params.supervised_weight.unwrap_or(0.0),
        );
        let primary = if empty { 0 } else { argmax(&scores) };
        let mut themes: Vec<ThemeScore> = self
            .themes
            .iter()
            .zip(&scores[1..])
            .map(|(t, &score)| ThemeScore {
                id: t.id.clone(),
                label: t.label_da.clone(),
                score: if empty { 0.0 } else { round(score) },
            })
            .collect();
        themes.sort_by(|a, b| b.score.total_cmp(&a.score));
        // Ties in weight go to the column, which is the term's place in the sorted vocabulary:
        // only the last resort, as top_columns sorts by weight first.
        let (terms, weights) = distinct_terms(
            matrix
                .top_columns(0, 4 * TERMS_SHOWN)
                .into_iter()
                .map(|(c, w)| (self.vocabulary.surface(c), w))
                .filter(|(term, _)| !names.contains(term)),
        );
        let cluster = self
            .clusters
            .as_ref()
            .filter(|c| c.k() > 0 && matrix.nnz() > 0)
            .map(|c| {
                let (id, label) = c.assign(&self.vocabulary, matrix.row(0));
                (id, label.to_owned())
            });
        Tagging {
            theme: (primary > 0).then(|| self.themes[primary - 1].id.clone()),
            themes,
            terms,
            weights,
            cluster,
        }
    }
}

/// The first [`TERMS_SHOWN`] terms that are not part of another one shown, nor contain one:
/// with compound parts counted, "taskforcen", "task" and "force" would say one thing thrice.
fn distinct_terms<'a>(ranked: impl Iterator<Item = (&'a str, f32)>) -> (Vec<String>, Vec<f32>) {
    let mut shown: Vec<String> = Vec::new();
    let mut weights = Vec::new();
    for (term, weight) in ranked {
        if shown.len() == TERMS_SHOWN {
            break;
        }
        if !shown
            .iter()
            .any(|s| s.contains(term) || term.contains(s.as_str()))
        {
            shown.push(term.to_owned());
            weights.push(weight);
        }
    }
    (shown, weights)
}

/// Clusters of the training documents, each linked to the theme that more than half of its
/// documents were assigned (`assignment`: 0 is none, t + 1 is theme t).
fn fit_clusters(
    vocabulary: &Vocabulary,
    matrix: &TfIdfMatrix,
    assignment: &[usize],
    themes: &[Theme],
) -> Option<ClusterModel> {
    if matrix.n_rows() < 4 {
        return None;
    }
    let fitted = ClusterModel::fit(vocabulary, matrix, &ClusterOptions::default());
    let mut model = fitted.model;
    for cluster in &mut model.clusters {
        let members: Vec<usize> = fitted
            .assignments
            .iter()
            .zip(assignment)
            .filter(|(&c, _)| c == cluster.id)
            .map(|(_, &t)| t)
            .collect();
        cluster.theme = (1..=themes.len())
            .find(|&t| members.iter().filter(|&&m| m == t).count() * 2 > members.len())
            .map(|t| themes[t - 1].id.clone());
    }
    Some(model)
}

/// Pretty JSON with every array whose items are all numbers joined onto its opening line.
/// serde_json's pretty output puts each item of an array on a line of its own and opens an
/// array only at the end of a line, so a line ending in `[` whose items up to the closing line
/// are all numbers is such an array; strings, objects and nested arrays stay as they are.
fn numbers_on_one_line(pretty: &str) -> String {
    let lines: Vec<&str> = pretty.lines().collect();
    let mut out = String::with_capacity(pretty.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.ends_with('[') {
            let mut items = Vec::new();
            let mut j = i + 1;
            while let Some(item) = lines.get(j) {
                let item = item.trim().trim_end_matches(',');
                if !item.is_empty() && item.parse::<f64>().is_ok() {
                    items.push(item);
                    j += 1;
                } else {
                    break;
                }
            }
            let close = lines.get(j).map(|l| l.trim());
            if !items.is_empty() && matches!(close, Some("]") | Some("],")) {
                out.push_str(line);
                out.push_str(&items.join(", "));
                out.push_str(close.unwrap_or("]"));
                out.push('\n');
                i = j + 1;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out.pop();
    out
}

/// Scores rounded to four decimals: enough to rank, and stable to read in output.
fn round(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

fn bonus(params: &Params, named: bool) -> f32 {
    if named {
        params.section_bonus
    } else {
        0.0
    }
}

/// Similarities of row `d`: none (index 0, the threshold) and each theme (1..).
fn similarities(
    views: &Views,
    d: usize,
    prototypes: &[Vec<f32>],
    sections: &[bool],
    params: &Params,
) -> Vec<f32> {
    std::iter::once(params.none_threshold)
        .chain(
            prototypes
                .iter()
                .zip(sections)
                .map(|(p, &named)| views.dot(d, p, params) + bonus(params, named)),
        )
        .collect()
}

/// Texts as the classifier reads them: whole (to make prototypes from), and in passages of
/// about `passage_words` words (to judge them by).
///
/// A text's similarity to a theme is the mean similarity of its passages, with the first
/// passage (headline, standfirst, opening) weighed extra: a headline says what an article is
/// about more surely than a paragraph deep in the body that touches another subject, and a
/// theme named in one passage of ten moves the mean by a tenth only. Passages are about equally
/// long whatever the text's length, so a threshold calibrated on short labelled texts holds for
/// long articles too, which similarities of whole texts (lower the longer and more varied the
/// text) do not.
struct Views {
    full: TfIdfMatrix,
    passages: TfIdfMatrix,
    /// Per text: its rows in `passages`.
    ranges: Vec<std::ops::Range<usize>>,
}

impl Views {
    fn of(vocabulary: &Vocabulary, texts: &[&str], params: &Params) -> Views {
        let mut passages: Vec<&str> = Vec::new();
        let mut ranges = Vec::with_capacity(texts.len());
        for text in texts {
            let start = passages.len();
            passages.extend(passages_of(text, params.passage_words));
            ranges.push(start..passages.len());
        }
        Views {
            full: vocabulary.transform(texts),
            passages: vocabulary.transform(&passages),
            ranges,
        }
    }

    fn of_one(
        vocabulary: &Vocabulary,
        text: &str,
        params: &Params,
        stemmer: &mut DanishStemmer,
    ) -> Views {
        // Passages tile the text, so the whole text's counts are the sum of theirs: each word
        // is read once.
        let passages = passages_of(text, params.passage_words);
        let mut whole = FxHashMap::default();
        let rows = passages
            .iter()
            .map(|p| {
                let mut tf = FxHashMap::default();
                vocabulary.count_into(p, stemmer, &mut tf);
                for (&col, &n) in &tf {
                    *whole.entry(col).or_default() += n;
                }
                vocabulary.weigh_counts(&tf)
            })
            .collect();
        Views {
            full: TfIdfMatrix::from_rows(vocabulary.len(), vec![vocabulary.weigh_counts(&whole)]),
            passages: TfIdfMatrix::from_rows(vocabulary.len(), rows),
            ranges: std::iter::once(0..passages.len()).collect(),
        }
    }

    /// Text `d` as one sparse vector, `λ·p₀ + (1 − λ)·mean(pᵢ)` over its passages' rows: its
    /// dot product with a prototype is [`Views::dot`], and it is what the supervised
    /// classifier reads. Columns ascending; summed in passage order, so the same on any
    /// thread count.
    fn aggregate(&self, d: usize, params: &Params) -> Sparse {
        let range = self.ranges[d].clone();
        if range.is_empty() {
            return Vec::new();
        }
        let n = range.len() as f32;
        let lambda = params.lead_weight;
        let mut sum: FxHashMap<u32, f32> = FxHashMap::default();
        for i in range.clone() {
            let weight = (1.0 - lambda) / n + if i == range.start { lambda } else { 0.0 };
            let (cols, values) = self.passages.row(i);
            for (&c, &v) in cols.iter().zip(values) {
                *sum.entry(c).or_default() += weight * v;
            }
        }
        let mut row: Sparse = sum.into_iter().filter(|&(_, v)| v != 0.0).collect();
        row.sort_unstable_by_key(|&(c, _)| c);
        row
    }

    /// `λ·s₀ + (1 − λ)·mean(sᵢ)` for text `d`, where `sᵢ` is passage i's similarity to `p`
    /// and λ the lead weight.
    fn dot(&self, d: usize, p: &[f32], params: &Params) -> f32 {
        let range = self.ranges[d].clone();
        if range.is_empty() {
            return 0.0;
        }
        let n = range.len() as f32;
        let lead = self.passages.dot(range.start, p);
        let mean = range.map(|i| self.passages.dot(i, p)).sum::<f32>() / n;
        let lambda = params.lead_weight;
        lambda * lead + (1.0 - lambda) * mean
    }
}

/// A text cut into passages of `words` words at whitespace; a last passage of fewer than
/// half as many words joins the one before. An empty text has no passages.
fn passages_of(text: &str, words: usize) -> Vec<&str> {
    let words = words.max(1);
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace()
                && text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return Vec::new();
    }
    let mut count = starts.len() / words;
    if count == 0 || starts.len() % words >= words.div_ceil(2) {
        count += 1;
    }
    (0..count)
        .map(|k| {
            let from = if k == 0 { 0 } else { starts[k * words] };
            let to = if k + 1 == count {
                text.len()
            } else {
                starts[(k + 1) * words]
            };
            &text[from..to]
        })
        .collect()
}

/// The first index of the largest value.
fn argmax(values: &[f32]) -> usize {
    best_of(values.iter().copied()).0
}

fn best_of(values: impl Iterator<Item = f32>) -> (usize, f32) {
    values
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, v)| {
            if v > best.1 {
                (i, v)
            } else {
                best
            }
        })
}

/// The scores of none and the themes: the prototypes' softmax scores, mixed with the
/// supervised classifier's probabilities at `weight` when there is a classifier. Both sum to
/// one, so the blend does too.
fn blend(scores: Vec<f32>, probabilities: Option<&[f32]>, weight: f32) -> Vec<f32> {
    match probabilities {
        Some(p) if weight > 0.0 => scores
            .iter()
            .zip(p)
            .map(|(s, p)| (1.0 - weight) * s + weight * p)
            .collect(),
        _ => scores,
    }
}

/// What training reads of its documents: their views, the seed vectors and which themes each
/// document's printed section header names.
struct Evidence<'a> {
    views: &'a Views,
    /// The documents' texts, for the supervised classifier's character n-grams.
    texts: &'a [&'a str],
    /// Where the n-gram columns start: the vocabulary's length.
    offset: u32,
    seeds: &'a [Vec<f32>],
    sections: &'a [Vec<bool>],
}

impl Evidence<'_> {
    /// Seeded k-means over the `active` documents (see the module docs): the final assignment
    /// (0 none, t + 1 theme t; inactive documents stay 0) and the prototypes it gives.
    /// Documents with a `fixed` label keep it.
    fn refine(
        &self,
        fixed: &[Option<usize>],
        active: &[bool],
        params: &Params,
    ) -> (Vec<usize>, Vec<Vec<f32>>) {
        let n = fixed.len();
        // Start: seed similarity (with section evidence) above the threshold, or none.
        let mut assignment: Vec<usize> = (0..n)
            .map(|d| {
                if !active[d] {
                    return 0;
                }
                fixed[d].unwrap_or_else(|| {
                    let (best, sim) = best_of(self.seeds.iter().enumerate().map(|(t, s)| {
                        self.views.dot(d, s, params) + bonus(params, self.sections[d][t])
                    }));
                    if sim >= params.start_threshold {
                        best + 1
                    } else {
                        0
                    }
                })
            })
            .collect();
        let joining = Params {
            none_threshold: params.join_threshold,
            ..params.clone()
        };
        for _ in 0..params.iterations {
            let prototypes = self.centroids(&assignment, active, params.seed_weight);
            let next: Vec<usize> = (0..n)
                .map(|d| {
                    if !active[d] {
                        return 0;
                    }
                    fixed[d].unwrap_or_else(|| argmax(&self.similarities(d, &prototypes, &joining)))
                })
                .collect();
            if next == assignment {
                break;
            }
            assignment = next;
        }
        let prototypes = self.centroids(&assignment, active, params.seed_weight);
        (assignment, prototypes)
    }

    fn similarities(&self, d: usize, prototypes: &[Vec<f32>], params: &Params) -> Vec<f32> {
        similarities(self.views, d, prototypes, &self.sections[d], params)
    }

    /// Prototypes for each theme from an assignment of the active documents (0 is none and
    /// makes no prototype); sums run in document order so the result does not depend on
    /// threads.
    fn centroids(&self, assignment: &[usize], active: &[bool], seed_weight: f32) -> Vec<Vec<f32>> {
        let matrix = &self.views.full;
        let len = matrix.n_cols();
        let mut sums = vec![vec![0.0f32; len]; self.seeds.len() + 1];
        let mut counts = vec![0usize; self.seeds.len() + 1];
        let mut all = vec![0.0f32; len];
        let mut n_all = 0usize;
        for (d, &k) in assignment.iter().enumerate().filter(|&(d, _)| active[d]) {
            let (cols, weights) = matrix.row(d);
            for (&c, &w) in cols.iter().zip(weights) {
                all[c as usize] += w;
                if k > 0 {
                    sums[k][c as usize] += w;
                }
            }
            counts[k] += 1;
            n_all += 1;
        }
        let n_all = n_all.max(1) as f32;
        all.iter_mut().for_each(|x| *x /= n_all);
        for (k, sum) in sums.iter_mut().enumerate() {
            if counts[k] > 0 {
                // What sets the theme's documents apart from the corpus: words every article
                // uses cancel out, so general articles are not pulled in by them.
                let n = counts[k] as f32;
                for (x, a) in sum.iter_mut().zip(&all) {
                    *x = (*x / n - a).max(0.0);
                }
            }
            if k > 0 {
                for (x, s) in sum.iter_mut().zip(&self.seeds[k - 1]) {
                    *x += seed_weight * s;
                }
            }
            normalise(sum);
        }
        sums.remove(0);
        sums
    }

    /// The none threshold that maximises macro-F1 on the labelled documents: the middle of
    /// the thresholds that reach the best score, so the margin is as wide on both sides as
    /// the labels allow.
    ///
    /// A labelled document helps make its theme's prototype, so it sits closer to it than a
    /// new text would; a threshold set on such similarities is too strict for new texts.
    /// With enough labels, each is therefore judged by prototypes trained without it
    /// (`CALIBRATION_FOLDS`-fold cross-fitting); with few, by the final prototypes.
    fn calibrate_none(
        &self,
        labelled: &[usize],
        fixed: &[Option<usize>],
        prototypes: &[Vec<f32>],
        supervised: bool,
        params: &Params,
    ) -> (f32, f32, (f32, f32)) {
        // Each judged document: its similarities, and the supervised classifier's parts.
        let mut judged: Vec<(usize, Vec<f32>, Option<Parts>)> = Vec::new();
        let n_classes = self.seeds.len() + 1;
        if labelled.len() >= 2 * CALIBRATION_FOLDS {
            for fold in 0..CALIBRATION_FOLDS {
                let in_fold = |i: usize| i % CALIBRATION_FOLDS == fold;
                let (held_out, kept): (Vec<usize>, Vec<usize>) = (
                    (0..labelled.len())
                        .filter(|&i| in_fold(i))
                        .map(|i| labelled[i])
                        .collect(),
                    (0..labelled.len())
                        .filter(|&i| !in_fold(i))
                        .map(|i| labelled[i])
                        .collect(),
                );
                let mut active = vec![true; fixed.len()];
                held_out.iter().for_each(|&d| active[d] = false);
                let (_, fold_prototypes) = self.refine(fixed, &active, params);
                let fold_supervised = supervised
                    .then(|| self.fit_supervised(&kept, fixed, params))
                    .flatten();
                judged.extend(held_out.iter().map(|&d| {
                    let probabilities = supervised.then(|| match &fold_supervised {
                        Some(s) => s.parts(
                            self.views.aggregate(d, params),
                            self.texts[d],
                            self.offset,
                            n_classes,
                        ),
                        // A fold whose labels hold one class: the prototypes alone judge it.
                        None => Parts::nothing(n_classes),
                    });
                    (
                        d,
                        self.similarities(d, &fold_prototypes, params),
                        probabilities,
                    )
                }));
            }
        } else {
            judged.extend(
                labelled
                    .iter()
                    .map(|&d| (d, self.similarities(d, prototypes, params), None)),
            );
        }
        let gold: Vec<usize> = judged
            .iter()
            .map(|(d, _, _)| fixed[*d].unwrap_or(0))
            .collect();
        let weights: Vec<f32> = match params.supervised_weight {
            Some(w) if supervised => vec![w],
            _ if supervised => (0..=10).map(|i| i as f32 / 10.0).collect(),
            _ => vec![0.0],
        };
        // Naive Bayes' share and temperature: none, or each pair of the grid.
        let mut mixes: Vec<(f32, f32)> = vec![(0.0, 1.0)];
        if supervised {
            for share in BAYES_SHARES {
                for temperature in BAYES_TEMPERATURES {
                    mixes.push((share, temperature));
                }
            }
        }
        // For each choice, the best macro-F1 and the thresholds that reach it.
        let mut best: Option<Choice> = None;
        for &mix in &mixes {
            let mixed: Vec<Option<Vec<f32>>> = judged
                .iter()
                .map(|(_, _, parts)| parts.as_ref().map(|p| p.mix(mix.0, mix.1)))
                .collect();
            for &weight in &weights {
                let mut top = f64::NEG_INFINITY;
                let mut thresholds = Vec::new();
                for step in 1..=120 {
                    let threshold = step as f32 / 400.0;
                    let predicted: Vec<usize> = judged
                        .iter()
                        .zip(&mixed)
                        .map(|((_, sims, _), probabilities)| {
                            let mut sims = sims.clone();
                            sims[0] = threshold;
                            argmax(&blend(
                                softmax(&sims, params.temperature),
                                probabilities.as_deref(),
                                weight,
                            ))
                        })
                        .collect();
                    let f1 = macro_f1(&gold, &predicted);
                    if f1 > top + 1e-12 {
                        top = f1;
                        thresholds.clear();
                    }
                    if (f1 - top).abs() <= 1e-12 {
                        thresholds.push(threshold);
                    }
                }
                // Among choices that score alike: the one nearest an even mix of prototypes
                // and classifier (each half covers for the other's mistakes on text unlike
                // the labels), then the first of the grid (naive Bayes only where it helps).
                let better = best.as_ref().is_none_or(|(f1, w, _, _)| {
                    top > f1 + 1e-12
                        || ((top - f1).abs() <= 1e-12
                            && (weight - 0.5).abs() < (w - 0.5).abs() - 1e-6)
                });
                if better {
                    best = Some((top, weight, mix, thresholds));
                }
            }
        }
        let (_, weight, mix, thresholds) = best.expect("at least one weight");
        // Labels that never say "none" cannot show where none begins, only that every one of
        // them has a theme: then the threshold is the lowest that serves them, and a text
        // gets no theme only when it shares nothing with any.
        let at = if gold.contains(&0) {
            thresholds.len() / 2
        } else {
            0
        };
        (thresholds[at], weight, mix)
    }

    /// The supervised classifier of the `labelled` documents (see [`Supervised`]).
    fn fit_supervised(
        &self,
        labelled: &[usize],
        fixed: &[Option<usize>],
        params: &Params,
    ) -> Option<Supervised> {
        let rows: Vec<Sparse> = labelled
            .iter()
            .map(|&d| self.views.aggregate(d, params))
            .collect();
        let texts: Vec<&str> = labelled.iter().map(|&d| self.texts[d]).collect();
        let classes: Vec<usize> = labelled.iter().map(|&d| fixed[d].unwrap_or(0)).collect();
        Supervised::fit(
            &rows,
            &texts,
            &classes,
            params.l2,
            params.char_ngrams.unwrap_or(false),
            self.offset,
        )
    }
}

/// A choice of calibration: its macro-F1, the supervised weight, naive Bayes' share and
/// temperature, and the none thresholds that reach that macro-F1.
type Choice = (f64, f32, (f32, f32), Vec<f32>);

/// Naive Bayes' shares of the classifier's probabilities that training tries.
const BAYES_SHARES: [f32; 4] = [0.25, 0.5, 0.75, 1.0];
/// Temperatures of naive Bayes' softmax that training tries: its scores are sums of
/// unit-length rows times log-ratios, so class gaps are small.
const BAYES_TEMPERATURES: [f32; 4] = [0.01, 0.03, 0.1, 0.3];

/// Labelled texts whose median is under this many words are short: sentences, briefs.
pub const SHORT_TEXT_WORDS: usize = 50;

/// Whether the median labelled text is short (see [`SHORT_TEXT_WORDS`]).
fn short_texts(labelled: &[usize], texts: &[&str]) -> bool {
    let mut words: Vec<usize> = labelled
        .iter()
        .map(|&d| texts[d].split_whitespace().count())
        .collect();
    words.sort_unstable();
    !words.is_empty() && words[words.len() / 2] < SHORT_TEXT_WORDS
}

/// Folds of the cross-fitted calibration of the none threshold.
const CALIBRATION_FOLDS: usize = 5;

/// Macro-F1 over the classes that occur in `gold` or `predicted` (a class neither holds has no
/// F1 to average).
///
/// ```
/// assert_eq!(tema::themes::macro_f1(&[0, 1, 1], &[0, 1, 1]), 1.0);
/// assert!((tema::themes::macro_f1(&[0, 1], &[1, 1]) - 1.0 / 3.0).abs() < 1e-9);
/// ```
pub fn macro_f1<T: PartialEq + Clone>(gold: &[T], predicted: &[T]) -> f64 {
    let mut classes: Vec<T> = Vec::new();
    for c in gold.iter().chain(predicted) {
        if !classes.contains(c) {
            classes.push(c.clone());
        }
    }
    if classes.is_empty() {
        return 1.0;
    }
    let f1s: f64 = classes
        .iter()
        .map(|c| {
            let pairs = gold.iter().zip(predicted);
            let tp = pairs.clone().filter(|(g, p)| *g == c && *p == c).count() as f64;
            let fp = pairs.clone().filter(|(g, p)| *g != c && *p == c).count() as f64;
            let fn_ = pairs.filter(|(g, p)| *g == c && *p != c).count() as f64;
            if tp == 0.0 {
                0.0
            } else {
                2.0 * tp / (2.0 * tp + fp + fn_)
            }
        })
        .sum();
    f1s / classes.len() as f64
}

/// The keyword-count baseline: the theme with the most seed-term occurrences in the text, if it
/// has at least two, else none. For comparison only.
pub fn baseline_theme(themes: &[Theme], text: &str, stemmer: &mut DanishStemmer) -> Option<String> {
    let matchers: Vec<SeedMatcher> = themes.iter().map(SeedMatcher::new).collect();
    let mut counts = vec![0usize; themes.len()];
    for_each_term(text, stemmer, |stem, surface| {
        for (count, m) in counts.iter_mut().zip(&matchers) {
            if m.matches(stem, surface) {
                *count += 1;
            }
        }
    });
    let (best, &count) = counts
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|(_, &c)| c)
        .expect("at least one theme");
    (count >= 2).then(|| themes[best].id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::default_themes;

    fn doc(text: &str, label: Option<Option<&str>>) -> TrainingDocument {
        TrainingDocument {
            text: text.into(),
            section: None,
            label: label.map(|l| l.map(str::to_owned)),
        }
    }

    fn corpus() -> Vec<TrainingDocument> {
        vec![
            doc("Hackere angreb kommunen med ransomware. Cyberangrebet lammede it-systemerne, og it-sikkerheden skal styrkes.", None),
            doc("NIS2 stiller krav til cybersikkerhed og beredskab i kommunerne.", None),
            doc("Kunstig intelligens og sprogmodeller hjælper sagsbehandlerne; en chatbot svarer borgerne.", None),
            doc("Datacentret bruger mindre strøm, og gamle computere genbruges: grøn it sparer CO2.", None),
            doc("KOMBIT og kommunerne laver et fælles udbud af en fælleskommunal løsning til drift.", None),
            doc("Bredbånd til landdistrikterne: puljen åbner for ansøgninger om fibernet.", None),
            doc("Manglen på arbejdskraft og rekruttering af medarbejdere fylder i velfærden.", None),
        ]
    }

    #[test]
    fn seeds_and_refinement_find_the_themes() {
        let model = Model::train(&corpus(), default_themes(), Params::default());
        let mut stemmer = DanishStemmer::default();
        let theme = |text: &str| {
            model
                .clone()
                .tag(text, None, &mut DanishStemmer::default())
                .theme
        };
        assert_eq!(
            theme("Et nyt cyberangreb med ransomware ramte kommunen.").as_deref(),
            Some("cybersecurity")
        );
        assert_eq!(
            theme("Chatbot og kunstig intelligens i sagsbehandlingen.").as_deref(),
            Some("ai")
        );
        assert_eq!(
            theme("Fælles udbud gennem KOMBIT.").as_deref(),
            Some("shared_operations")
        );
        let tagging = model.tag("", None, &mut stemmer);
        assert_eq!(tagging.theme, None);
        assert!(tagging.themes.iter().all(|s| s.score == 0.0));
        let tagging = model.tag("Hackere og ransomware", None, &mut stemmer);
        assert!(tagging
            .themes
            .iter()
            .all(|s| (0.0..=1.0).contains(&s.score)));
        assert!(
            tagging.terms.contains(&"ransomware".to_owned()),
            "{:?}",
            tagging.terms
        );
    }

    #[test]
    fn models_round_trip_and_other_versions_are_refused() {
        let model = Model::train(&corpus(), default_themes(), Params::default());
        let json = model.to_json();
        let back = Model::from_json(Path::new("m.json"), &json).unwrap();
        assert_eq!(back.to_json(), json);
        let current = format!("\"format\": {MODEL_FORMAT}");
        assert!(json.contains(&current));
        let old = json.replacen(&current, "\"format\": 1", 1);
        let err = Model::from_json(Path::new("old.json"), &old)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("old.json: model format version 1"), "{err}");
        assert!(!err.contains('\n'));
        let err = Model::from_json(Path::new("x.json"), "[1, 2]")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json: not a tema model"), "{err}");
    }

    #[test]
    fn arrays_of_numbers_go_on_one_line_and_the_rest_stays_pretty() {
        let value = serde_json::json!({
            "numbers": [1, -2.5, 3e-7],
            "words": ["1", "to"],
            "rows": [[1, 2], [], [3]],
            "objects": [{"columns": [4, 5], "n": 0}],
            "empty": []
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let compact = numbers_on_one_line(&pretty);
        let back: serde_json::Value = serde_json::from_str(&compact).unwrap();
        assert_eq!(back, value);
        assert!(
            compact.contains("\"numbers\": [1, -2.5, 3e-7],"),
            "{compact}"
        );
        assert!(compact.contains("    [1, 2],\n"), "{compact}");
        assert!(compact.contains("\"columns\": [4, 5],"), "{compact}");
        assert!(compact.contains("\"words\": [\n    \"1\",\n"), "{compact}");
        // No number stands on a line of its own.
        assert!(compact
            .lines()
            .all(|l| l.trim().trim_end_matches(',').parse::<f64>().is_err()));
    }

    #[test]
    fn labels_stay_put_and_calibrate_none() {
        let mut docs = corpus();
        docs.push(doc(
            "Digitaliseringsstrategien handler om data og borgere.",
            Some(None),
        ));
        docs.push(doc(
            "Ransomware og hackere truer kommunerne.",
            Some(Some("cybersecurity")),
        ));
        let model = Model::train(&docs, default_themes(), Params::default());
        assert_eq!(model.labelled, 2);
        assert!((0.0..=0.3).contains(&model.params.none_threshold));
    }

    #[test]
    fn passages_tile_the_text_and_a_short_tail_joins_the_last() {
        let words = |n: usize| {
            (0..n)
                .map(|i| format!("ord{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for (n, expected) in [
            (0, 0),
            (30, 1),
            (100, 1),
            (149, 1),
            (150, 2),
            (240, 2),
            (250, 3),
        ] {
            let text = format!("  {}\n", words(n));
            let passages = passages_of(&text, 100);
            assert_eq!(passages.len(), expected, "{n} words");
            assert_eq!(
                passages.concat(),
                if n == 0 { String::new() } else { text.clone() }
            );
        }
        assert!(passages_of(" \n\t ", 100).is_empty());
        let text = words(250);
        let passages = passages_of(&text, 100);
        assert_eq!(passages[0].split_whitespace().count(), 100);
        assert_eq!(passages[2].split_whitespace().count(), 50);
    }

    #[test]
    fn a_theme_in_the_lead_counts_more_than_the_same_words_deep_in_the_body() {
        let model = Model::train(&corpus(), default_themes(), Params::default());
        let mut stemmer = DanishStemmer::default();
        let general =
            "Kommunen bygger nye skoler, og byrådet har vedtaget budgettet for næste år. "
                .repeat(30);
        let cyber = "Hackere angreb kommunen med ransomware, og it-sikkerheden skal styrkes. ";
        let score = |text: &str, stemmer: &mut DanishStemmer| {
            let tagging = model.tag(text, None, stemmer);
            tagging
                .themes
                .iter()
                .find(|t| t.id == "cybersecurity")
                .unwrap()
                .score
        };
        let leading = score(&format!("{cyber}{general}"), &mut stemmer);
        let trailing = score(&format!("{general}{cyber}"), &mut stemmer);
        assert!(leading > trailing, "lead {leading}, deep {trailing}");
    }

    #[test]
    fn terms_shown_do_not_repeat_each_other() {
        let ranked = [
            "taskforcen",
            "task",
            "force",
            "ai",
            "kommunerne",
            "kommune",
            "ai-chatbot",
        ];
        let (terms, weights) =
            distinct_terms(ranked.into_iter().zip([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]));
        assert_eq!(terms, ["taskforcen", "ai", "kommunerne"]);
        assert_eq!(weights, [0.9, 0.6, 0.5]);
    }

    #[test]
    fn baseline_counts_seed_words() {
        let themes = default_themes();
        let mut stemmer = DanishStemmer::default();
        let text = "Hackere og ransomware: cyberangreb mod kommunen.";
        assert_eq!(
            baseline_theme(&themes, text, &mut stemmer).as_deref(),
            Some("cybersecurity")
        );
        assert_eq!(
            baseline_theme(&themes, "Bredbånd til alle.", &mut stemmer),
            None
        );
    }
}
