//! The main job, once: read an issue or a JSON Lines file, check it is Danish, put back the
//! æ/ø/å that OCR lost, find the articles, tag them and summarise them.
//!
//! Every command of the `tema` binary, every bench and any program using the library go through
//! a [`Pipeline`], so the same file is read, refused, repaired, tagged and summarised the same
//! way everywhere. A pipeline owns the three things that change the answers: the theme
//! [`Model`], whether damaged text is repaired, and how long summaries are. Its settings are
//! made linfa-style: [`PipelineParams`] (unchecked, built up by methods) →
//! [`PipelineParams::check`] → [`PipelineValidParams`] → [`Pipeline`]; a setting out of range is
//! refused once, there, and never clamped quietly.
//!
//! ```
//! use tema::Pipeline;
//!
//! let text = "Af Anna Berg\n\nKommunerne skal samarbejde om it-sikkerhed og cybersikkerhed, \
//!             siger hun. Truslerne vokser, og ingen kommune kan løfte opgaven alene. Derfor \
//!             deler de nu overvågning og beredskab på tværs af landet.\n‹‹‹\n";
//! let pipeline = Pipeline::default();
//! let read = pipeline.issue_from_text("demo.txt", text)?;
//! assert!(read.notes.is_empty());
//! let articles = pipeline.tag_issue(&read.value);
//! assert_eq!(articles[0].id, "demo-01");
//! assert_eq!(articles[0].byline.as_deref(), Some("Anna Berg"));
//! assert!(!articles[0].summary.is_empty());
//! # Ok::<(), tema::Error>(())
//! ```

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result};
use crate::ingest::{self, Decoded, Document, Encoding, Issue, Unit};
use crate::output::{ClusterRef, TaggedArticle};
use crate::summaries::{Article, Extract, Length, Summariser};
use crate::text::{self, DanishStemmer};
use crate::themes::{self, Model};

/// Something the user should know about how a file was read, though it was read: printed by
/// the command line as `tema: note: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// The file is not UTF-8 and was decoded as another encoding.
    Decoded { path: PathBuf, encoding: Encoding },
    /// Invalid byte sequences were replaced by U+FFFD (`�`) while decoding.
    Replaced { path: PathBuf, count: usize },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Decoded { path, encoding } => {
                write!(f, "{} is not UTF-8; read it as {encoding}", path.display())
            }
            Note::Replaced { path, count } => write!(
                f,
                "{}: {count} invalid byte sequence{} replaced by \u{fffd}",
                path.display(),
                if *count == 1 { "" } else { "s" }
            ),
        }
    }
}

/// A document read and repaired, with its text as given when the repair changed it.
pub type GivenDocument = (Document, Option<String>);

/// What a read gives: the value and the notes on how it was read.
#[derive(Debug, Clone)]
pub struct Read<T> {
    pub value: T,
    pub notes: Vec<Note>,
}

/// The settings of a [`Pipeline`], unchecked: start from [`Pipeline::params`] (or
/// `PipelineParams::default()`: the built-in model, repair on, summaries of 3 sentences),
/// change what you need, then [`check`](Self::check) or [`build`](Self::build).
#[derive(Debug, Clone)]
pub struct PipelineParams {
    model: Option<Arc<Model>>,
    repair: bool,
    summary: Length,
}

impl Default for PipelineParams {
    fn default() -> Self {
        PipelineParams {
            model: None,
            repair: true,
            summary: Length::Sentences(3),
        }
    }
}

impl PipelineParams {
    /// The theme model to tag with (one made by `tema train`); the built-in one otherwise.
    pub fn model(mut self, model: impl Into<Arc<Model>>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// Whether to put back the æ/ø/å of text that lost them before anything reads it (on by
    /// default). Repair keeps every line and word in place, so line ranges still point into the
    /// file as it is.
    pub fn repair(mut self, repair: bool) -> Self {
        self.repair = repair;
        self
    }

    /// How long summaries are.
    pub fn summary_length(mut self, length: Length) -> Self {
        self.summary = length;
        self
    }

    /// Checks every setting: a summary needs at least one sentence or word, and a ratio lies in
    /// (0, 1].
    pub fn check(self) -> Result<PipelineValidParams> {
        let reason = match self.summary {
            Length::Sentences(0) => Some("0 sentences; a summary needs at least 1".to_owned()),
            Length::Words(0) => Some("0 words; a summary needs at least 1".to_owned()),
            Length::Ratio(r) if !(r > 0.0 && r <= 1.0) => Some(format!(
                "a share of {r}; it must lie between 0 (excluded) and 1"
            )),
            _ => None,
        };
        if let Some(reason) = reason {
            return Err(Error::Param {
                name: "summary length",
                reason,
            });
        }
        Ok(PipelineValidParams(self))
    }

    /// Checks the settings and makes the pipeline.
    pub fn build(self) -> Result<Pipeline> {
        Ok(self.check()?.build())
    }
}

/// Settings that passed [`PipelineParams::check`].
#[derive(Debug, Clone)]
pub struct PipelineValidParams(PipelineParams);

impl PipelineValidParams {
    /// Makes the pipeline; nothing can fail any more.
    pub fn build(self) -> Pipeline {
        let params = self.0;
        Pipeline {
            model: params.model,
            repair: params.repair,
            summary: params.summary,
        }
    }
}

thread_local! {
    // One stemmer and one summariser per thread, kept warm from one article to the next (a
    // batch run's workers see thousands): their caches change how fast, never what, they
    // answer.
    static STEMMER: RefCell<DanishStemmer> = RefCell::new(DanishStemmer::default());
    static SUMMARISER: RefCell<Summariser> = RefCell::new(Summariser::default());
}

/// The model built into tema, parsed once per process, and only when something is tagged.
fn built_in_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    // The embedded model is rebuilt and checked by `tests/themes.rs`: failing to read it is a
    // broken build, not bad input.
    MODEL.get_or_init(|| Model::default_model().expect("the built-in model reads"))
}

/// The main job: read, check, repair, segment, tag and summarise. Cheap to clone, and shared
/// between threads as it is (`Sync`): a batch run hands one pipeline to all its workers.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// `None`: the built-in model.
    model: Option<Arc<Model>>,
    repair: bool,
    summary: Length,
}

impl Default for Pipeline {
    /// The built-in model, repair on, summaries of 3 sentences.
    fn default() -> Self {
        PipelineParams::default()
            .check()
            .expect("the default settings are valid")
            .build()
    }
}

impl Pipeline {
    /// The default settings, to change before [`PipelineParams::build`].
    pub fn params() -> PipelineParams {
        PipelineParams::default()
    }

    /// The theme model.
    pub fn model(&self) -> &Model {
        self.model.as_deref().unwrap_or_else(|| built_in_model())
    }

    /// Whether damaged text is repaired.
    pub fn repairs(&self) -> bool {
        self.repair
    }

    /// How long summaries are.
    pub fn summary_length(&self) -> Length {
        self.summary
    }

    /// Reads a file as text, the first step of every read: size, binary and encoding checks,
    /// then the check that it is Danish (before any repair, which would read another language's
    /// words as damaged Danish). The text is as printed, not yet repaired.
    pub fn read_text(&self, path: impl AsRef<Path>) -> Result<Read<Decoded>> {
        let path = path.as_ref();
        self.check_text(path, ingest::read_text(path)?)
    }

    /// [`read_text`](Self::read_text) for bytes already in memory (standard input); `path`
    /// names them in errors and notes.
    pub fn text_from_bytes(&self, path: impl AsRef<Path>, bytes: &[u8]) -> Result<Read<Decoded>> {
        let path = path.as_ref();
        self.check_text(path, ingest::decode_bytes(path, bytes)?)
    }

    /// The check of [`read_text`](Self::read_text) for a text decoded elsewhere (a batch run
    /// reads its files itself): refused unless Danish, with a note when it was not UTF-8.
    pub fn check_text(&self, path: impl AsRef<Path>, decoded: Decoded) -> Result<Read<Decoded>> {
        let path = path.as_ref();
        ingest::danish_score(&decoded.text).check(path)?;
        let mut notes = Vec::new();
        if decoded.encoding != Encoding::Utf8 {
            notes.push(Note::Decoded {
                path: path.to_path_buf(),
                encoding: decoded.encoding,
            });
        }
        if decoded.replaced > 0 {
            notes.push(Note::Replaced {
                path: path.to_path_buf(),
                count: decoded.replaced,
            });
        }
        Ok(Read {
            value: decoded,
            notes,
        })
    }

    /// Reads an issue: decoded, checked, repaired, cut into units. `path`'s stem names the
    /// issue and prefixes its unit ids.
    pub fn read_issue(&self, path: impl AsRef<Path>) -> Result<Read<Issue>> {
        let path = path.as_ref();
        let read = self.read_text(path)?;
        Ok(self.issue_from_decoded(path, read))
    }

    /// An issue whose text is already in memory (decoded): checked, repaired, cut into units.
    pub fn issue_from_text(&self, path: impl AsRef<Path>, text: &str) -> Result<Read<Issue>> {
        let path = path.as_ref();
        let read = self.check_text(path, Decoded::utf8(text.to_owned()))?;
        Ok(self.issue_from_decoded(path, read))
    }

    /// The rest of [`read_issue`](Self::read_issue) for a text [`read_text`](Self::read_text)
    /// gave: repaired (when the pipeline repairs and the text looks damaged), cut into units.
    pub fn issue_from_decoded(&self, path: impl AsRef<Path>, read: Read<Decoded>) -> Read<Issue> {
        let path = path.as_ref();
        self.issue_from_decoded_as(path, ingest::issue_name(path), read)
    }

    /// [`issue_from_decoded`](Self::issue_from_decoded) with the issue's id given (see
    /// [`ingest::issue_ids`]: from its path below the archive root) instead of the file stem.
    pub fn issue_from_decoded_as(
        &self,
        path: impl AsRef<Path>,
        name: String,
        read: Read<Decoded>,
    ) -> Read<Issue> {
        let path = path.as_ref();
        let Read {
            value: decoded,
            notes,
        } = read;
        let text = match self.repair_text(&decoded.text) {
            Cow::Borrowed(_) => decoded.text,
            Cow::Owned(repaired) => repaired,
        };
        let mut units = ingest::segment(&name, &text);
        ingest::assign_pages(&mut units, &decoded.pages);
        Read {
            value: Issue {
                name,
                path: path.to_path_buf(),
                encoding: decoded.encoding,
                pages: decoded.pages,
                units,
            },
            notes,
        }
    }

    /// A text with its lost æ/ø/å put back when it looks damaged and the pipeline repairs;
    /// borrowed when nothing changes.
    pub fn repair_text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.repair {
            text::repair_document(text)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Reads JSON Lines documents (`id`, `text`, optional `title`, `reference`, `theme`), the
    /// file judged Danish as a whole, and repairs those that lost their æ/ø/å (see
    /// [`repair_documents`](Self::repair_documents)).
    pub fn read_documents(&self, path: impl AsRef<Path>) -> Result<Read<Vec<Document>>> {
        self.repaired(ingest::read_documents(path.as_ref())?)
    }

    /// [`read_documents`](Self::read_documents) from any reader (standard input); `path` names
    /// it in errors and gives documents without an `id` theirs.
    pub fn documents_from_reader(
        &self,
        path: impl AsRef<Path>,
        reader: impl BufRead,
    ) -> Result<Read<Vec<Document>>> {
        self.repaired(ingest::parse_documents(path.as_ref(), reader)?)
    }

    fn repaired(&self, mut docs: Vec<Document>) -> Result<Read<Vec<Document>>> {
        self.repair_documents(&mut docs, false);
        Ok(Read {
            value: docs,
            notes: Vec::new(),
        })
    }

    /// [`read_documents`](Self::read_documents), each document with its text as given when
    /// the repair changed it (`None` when left alone): for spans into the text the user holds.
    pub fn read_documents_as_given(
        &self,
        path: impl AsRef<Path>,
    ) -> Result<Read<Vec<GivenDocument>>> {
        Ok(self.as_given(ingest::read_documents(path.as_ref())?))
    }

    /// [`read_documents_as_given`](Self::read_documents_as_given) from any reader.
    pub fn documents_as_given_from_reader(
        &self,
        path: impl AsRef<Path>,
        reader: impl BufRead,
    ) -> Result<Read<Vec<GivenDocument>>> {
        Ok(self.as_given(ingest::parse_documents(path.as_ref(), reader)?))
    }

    fn as_given(&self, mut docs: Vec<Document>) -> Read<Vec<GivenDocument>> {
        let given = self.repair_documents(&mut docs, true);
        Read {
            value: docs.into_iter().zip(given).collect(),
            notes: Vec::new(),
        }
    }

    /// Repairs the documents that lost their æ/ø/å, text, title and reference alike (nothing
    /// when the pipeline does not repair). A document long enough to judge is repaired when it
    /// looks damaged; a shorter one when all of them together do, since a few dozen words may
    /// lack æ/ø/å by chance. With `keep_given`, gives back the text as it was of each document
    /// it repaired (`None` for those left alone), for spans into the text as given; without,
    /// each is dropped as soon as it is replaced, so a large archive is not held twice.
    pub fn repair_documents(&self, docs: &mut [Document], keep_given: bool) -> Vec<Option<String>> {
        if !self.repair {
            return vec![None; docs.len()];
        }
        let judged: Vec<text::Damage> = docs.iter().map(|d| text::assess(&d.text)).collect();
        let whole = text::Damage {
            words: judged.iter().map(|d| d.words).sum(),
            with_danish_letters: judged.iter().map(|d| d.with_danish_letters).sum(),
        };
        let whole_damaged = whole.is_damaged();
        // Documents are repaired in parallel, one warm repairer per thread: what a repairer
        // learns of one text does not reach the next, so the result does not depend on the
        // order or the number of threads.
        use rayon::prelude::*;
        let lexicon = text::default_lexicon();
        docs.par_iter_mut()
            .zip(&judged)
            .map_init(
                || text::Repairer::new(lexicon),
                |repairer, (doc, damage)| {
                    let damaged = if damage.words >= text::Damage::ENOUGH_WORDS {
                        damage.is_damaged()
                    } else {
                        whole_damaged
                    };
                    if !damaged {
                        return None;
                    }
                    for field in [&mut doc.title, &mut doc.reference] {
                        if let Some(text) = field.as_mut() {
                            *text = repairer.repair_text(text);
                        }
                    }
                    let repaired = repairer.repair_text(&doc.text);
                    let given = std::mem::replace(&mut doc.text, repaired);
                    keep_given.then_some(given)
                },
            )
            .collect()
    }

    /// Tags the content units (articles, editorials, briefs) of an issue, in reading order.
    pub fn tag_issue(&self, issue: &Issue) -> Vec<TaggedArticle> {
        issue
            .units
            .iter()
            .filter(|u| u.kind.is_content())
            .map(|unit| self.tag_unit(&issue.name, unit))
            .collect()
    }

    /// Tags one unit of the issue named `issue`.
    pub fn tag_unit(&self, issue: &str, unit: &Unit) -> TaggedArticle {
        STEMMER.with(|stemmer| self.tag_unit_with(issue, unit, &mut stemmer.borrow_mut()))
    }

    fn tag_unit_with(
        &self,
        issue: &str,
        unit: &Unit,
        stemmer: &mut DanishStemmer,
    ) -> TaggedArticle {
        let names = crate::names::ArticleNames::of_text(&names_text(
            [unit.title.as_deref(), unit.standfirst.as_deref()]
                .into_iter()
                .flatten()
                .chain([unit.body.as_str()])
                .chain(unit.fact_boxes.iter().map(String::as_str)),
        ));
        let tagging = self.model().tag_without(
            &themes::unit_text(unit),
            unit.section.as_deref(),
            &names.words(),
            stemmer,
        );
        let mut article = TaggedArticle {
            issue: Some(issue.to_owned()),
            id: unit.id.clone(),
            title: unit.title.clone(),
            section: unit.section.clone(),
            byline: unit.byline.clone(),
            kind: Some(unit.kind),
            words: unit.words,
            date: None,
            pages: unit.pages.clone(),
            lines: Some(unit.lines.clone()),
            theme: tagging.theme,
            themes: tagging.themes,
            cluster: tagging.cluster.map(|(id, label)| ClusterRef { id, label }),
            terms: weighed(tagging.terms, tagging.weights),
            people: Vec::new(),
            organisations: Vec::new(),
            places: Vec::new(),
            summary: summary_text(&self.summarise_unit(unit)),
            term_counts: Default::default(),
        };
        article.set_names(names);
        article
    }

    /// Tags documents, in their order.
    pub fn tag_documents(&self, docs: &[Document]) -> Vec<TaggedArticle> {
        docs.iter().map(|doc| self.tag_document(doc)).collect()
    }

    /// Tags one document.
    pub fn tag_document(&self, doc: &Document) -> TaggedArticle {
        STEMMER.with(|stemmer| self.tag_document_with(doc, &mut stemmer.borrow_mut()))
    }

    fn tag_document_with(&self, doc: &Document, stemmer: &mut DanishStemmer) -> TaggedArticle {
        let text = themes::classifier_text(doc.title.as_deref(), &[&doc.text]);
        let names = crate::names::ArticleNames::of_text(&names_text(
            doc.title.as_deref().into_iter().chain([doc.text.as_str()]),
        ));
        let tagging = self
            .model()
            .tag_without(&text, None, &names.words(), stemmer);
        let mut article = TaggedArticle {
            issue: None,
            id: doc.id.clone(),
            title: doc.title.clone(),
            section: None,
            byline: None,
            kind: None,
            words: doc.text.split_whitespace().count(),
            date: None,
            pages: Vec::new(),
            lines: None,
            theme: tagging.theme,
            themes: tagging.themes,
            cluster: tagging.cluster.map(|(id, label)| ClusterRef { id, label }),
            terms: weighed(tagging.terms, tagging.weights),
            people: Vec::new(),
            organisations: Vec::new(),
            places: Vec::new(),
            summary: summary_text(&self.summarise_document(doc)),
            term_counts: Default::default(),
        };
        article.set_names(names);
        article
    }

    /// The summary of a unit: the most telling passages of its body, in their order, the
    /// title and standfirst guiding the choice. Spans point into `unit.body`.
    pub fn summarise_unit(&self, unit: &Unit) -> Vec<Extract> {
        self.summarise(&unit_article(unit))
    }

    /// The summary of a document: passages of its text, its title guiding the choice. Spans
    /// point into `doc.text`.
    pub fn summarise_document(&self, doc: &Document) -> Vec<Extract> {
        self.summarise(&document_article(doc))
    }

    /// The summary of any article, at the pipeline's length.
    pub fn summarise(&self, article: &Article<'_>) -> Vec<Extract> {
        SUMMARISER.with(|summariser| summariser.borrow_mut().summarise(article, self.summary))
    }
}

/// The text names are found in: each part once, a blank line apart, so that a part's last
/// word and the next part's first do not run into one name (the classifier's text repeats the
/// headline, which would count its names twice).
fn names_text<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Terms with their weights, for a tagged article.
fn weighed(terms: Vec<String>, weights: Vec<f32>) -> Vec<crate::output::Term> {
    terms
        .into_iter()
        .zip(weights)
        .map(|(term, weight)| crate::output::Term {
            term,
            weight: (weight * 1e4).round() / 1e4,
        })
        .collect()
}

/// What the summariser reads of a unit: the body as the text, its title and standfirst beside
/// it. One definition for every command, so an article has one summary.
pub fn unit_article(unit: &Unit) -> Article<'_> {
    let mut article = Article::new(&unit.body);
    if let Some(title) = &unit.title {
        article = article.title(title);
    }
    if let Some(standfirst) = &unit.standfirst {
        article = article.standfirst(standfirst);
    }
    article
}

/// What the summariser reads of a document: its text, and its title beside it.
pub fn document_article(doc: &Document) -> Article<'_> {
    let mut article = Article::new(&doc.text);
    if let Some(title) = &doc.title {
        article = article.title(title);
    }
    article
}

/// A summary as one line of text: its passages in order, hard wraps made spaces. What `tema
/// tag` shows and the `summary` of a [`TaggedArticle`].
pub fn summary_text(extracts: &[Extract]) -> String {
    extracts
        .iter()
        .map(|extract| one_line(&extract.text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A passage on one line: every run of whitespace one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_summary_lengths_are_refused_not_clamped() {
        for length in [
            Length::Sentences(0),
            Length::Words(0),
            Length::Ratio(0.0),
            Length::Ratio(1.5),
            Length::Ratio(f64::NAN),
        ] {
            let err = Pipeline::params()
                .summary_length(length)
                .build()
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("summary length: "), "{err}");
        }
        let ok = Pipeline::params()
            .summary_length(Length::Ratio(1.0))
            .build()
            .unwrap();
        assert_eq!(ok.summary_length(), Length::Ratio(1.0));
    }

    #[test]
    fn the_default_is_the_built_in_model_with_repair_and_three_sentences() {
        let pipeline = Pipeline::default();
        assert!(pipeline.repairs());
        assert_eq!(pipeline.summary_length(), Length::Sentences(3));
        assert_eq!(
            pipeline.model().to_json(),
            Model::default_model().unwrap().to_json()
        );
    }

    #[test]
    fn not_danish_is_refused_before_repair() {
        let english = "The council met on Monday to discuss the budget and the new school. \
                       It was agreed that the work would start in the spring of next year.\n"
            .repeat(20);
        let err = Pipeline::default()
            .issue_from_text("en.txt", &english)
            .unwrap_err();
        assert!(matches!(err, Error::NotDanish { .. }), "{err}");
    }

    #[test]
    fn a_windows_1252_text_is_read_with_a_note() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Kommunerne skal være klar til at dele data på tværs, og det er nødvendigt.\n");
        let read = Pipeline::default()
            .text_from_bytes("cp.txt", &bytes)
            .unwrap();
        assert_eq!(read.notes.len(), 1);
        assert_eq!(
            read.notes[0].to_string(),
            "cp.txt is not UTF-8; read it as Windows-1252"
        );
        assert!(read.value.text.contains("være"));
    }
}
