//! # tema
//!
//! Reads Danish magazine issues, finds the articles in them, labels each by theme
//! (cybersecurity, AI, green IT, shared municipal operations, or none) and writes short
//! extractive summaries. Built for the archives of Magasinet KITA, the magazine of Denmark's
//! municipal IT managers, and for anything laid out like it.
//!
//! ## Where to start: [`Pipeline`]
//!
//! A [`Pipeline`] runs the main job the way every `tema` command runs it: read a file, check
//! it is Danish, put back the æ/ø/å that OCR lost, find the articles, tag each with its themes
//! and distinctive terms, and summarise it. `Pipeline::default()` uses the model built into
//! tema, repairs damaged text and writes 3-sentence summaries; [`Pipeline::params`] changes
//! that, checked before use. Each tagged article is a [`TaggedArticle`], the record `tema tag`,
//! `tema batch` and `tema report` write.
//!
//! ```
//! use tema::Pipeline;
//!
//! let text = "CYBERSIKKERHED\n\nAf Anna Berg\n\nKommunerne rykker sammen om NIS2\n\n\
//!             Alle 98 kommuner skal have styr på it-sikkerheden og cybersikkerheden, og det \
//!             kræver samarbejde på tværs af landet, siger KL. Truslerne fra hackere vokser, \
//!             og ingen kommune kan løfte beredskabet alene. Derfor deler kommunerne nu \
//!             overvågning, beredskab og viden om angreb med hinanden.\n‹‹‹\n";
//! let pipeline = Pipeline::default();
//! // From a file: `pipeline.read_issue("kita-2024-autumn.txt")?`.
//! let issue = pipeline.issue_from_text("demo.txt", text)?;
//! for note in &issue.notes {
//!     eprintln!("note: {note}"); // e.g. "x.txt is not UTF-8; read it as Windows-1252"
//! }
//! let articles = pipeline.tag_issue(&issue.value);
//! assert_eq!(articles.len(), 1);
//! let article = &articles[0];
//! assert_eq!(article.byline.as_deref(), Some("Anna Berg"));
//! assert_eq!(article.theme.as_deref(), Some("cybersecurity"));
//! assert!(article.summary.starts_with("Alle 98 kommuner"));
//! // The summary `tema summarise` gives, with byte spans into the body.
//! let extracts = pipeline.summarise_unit(&issue.value.units[0]);
//! assert_eq!(tema::pipeline::summary_text(&extracts), article.summary);
//! # Ok::<(), tema::Error>(())
//! ```
//!
//! ## A tour of the stages
//!
//! Data flows one way through the stages, in this order (the [`pipeline`] module wires them):
//!
//! 1. [`ingest`] reads the file: size and binary checks, UTF-8 or Windows-1252, and the check
//!    that the text is Danish (before any repair, which would read another language's words as
//!    damaged Danish).
//! 2. [`text`] repairs the OCR damage: a text that lost its æ/ø/å gets them back, every line
//!    and word kept in place, so line ranges still point into the file.
//! 3. [`ingest`] cuts the repaired text into units: reads the layout traces of each line (page
//!    starts, bylines, end marks, continuation notes), groups lines into articles, editorials,
//!    briefs and ads, and takes each apart into title, byline, standfirst, body, pull quotes
//!    and fact boxes, with hyphenation undone.
//! 4. [`text`] then reads the Danish: normalisation, sentences, tokens, Danish stems and
//!    compound parts; [`vectors`] turns the stems into a vocabulary and sparse TF-IDF rows
//!    (sublinear tf, smoothed idf, unit length), the same on any number of threads.
//! 5. [`themes`]: theme definitions (`models/themes.toml`), a seed-guided classifier refined on
//!    the corpus (seeded k-means over TF-IDF), the model file and tagging;
//!    [`clusters`]: topics nobody named, by k-means (linfa) on a sparse random projection of
//!    the TF-IDF rows, labelled by their distinctive terms.
//! 6. [`summaries`]: extractive summaries. Sentences scored by LexRank centrality, similarity
//!    to the article, its title and standfirst, and position; bylines, captions, contact lines,
//!    pull quotes and fragments never picked; quotations kept whole; redundancy held off by
//!    maximal marginal relevance; each extract with its byte span. ROUGE-1/2/L for Danish
//!    measures them against references.
//! 7. [`output`]: tables, JSON, JSON Lines, Markdown and CSV written atomically; theme
//!    reports (HTML with SVG charts, Markdown); resumable batch runs over archives.
//!
//! Each stage can be used on its own too, e.g. [`ingest::segment`] for the units of a text
//! already repaired.
//!
//! Errors are one [`Error`] type whose every variant names the file and the reason.

pub mod clusters;
pub mod error;
pub mod ingest;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod summaries;
pub mod text;
pub mod themes;
pub mod vectors;

pub use error::{Error, Result};

// The README's examples run as doctests, so they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
pub use output::TaggedArticle;
pub use pipeline::{Note, Pipeline, PipelineParams, PipelineValidParams, Read};
