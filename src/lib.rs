//! # tema
//!
//! Reads Danish magazine issues, finds the articles in them, labels each by theme
//! (cybersecurity, AI, green IT, shared municipal operations, or none) and writes short
//! extractive summaries. Built for the archives of Magasinet KITA, the magazine of Denmark's
//! municipal IT managers, and for anything laid out like it.
//!
//! ## A tour of the pipeline
//!
//! Data flows one way through the stages, one module each:
//!
//! 1. [`ingest`]: issue text → pages → units. Checks and decodes the file, reads the layout
//!    traces of each line (page starts, bylines, end marks, continuation notes), groups lines
//!    into articles, editorials, briefs and ads, and takes each apart into title, byline,
//!    standfirst, body, pull quotes and fact boxes, with hyphenation undone.
//! 2. [`text`]: normalisation, OCR repair of lost æ/ø/å, sentences, tokens, Danish stems and
//!    compound parts.
//! 3. [`vectors`]: a vocabulary of Danish stems and sparse TF-IDF rows (sublinear tf, smoothed
//!    idf, unit length), counted in parallel with the same result on any number of threads.
//! 4. [`themes`]: theme definitions (`models/themes.toml`), a seed-guided classifier refined on
//!    the corpus (seeded k-means over TF-IDF), the model file and tagging;
//!    [`clusters`]: topics nobody named, by k-means (linfa) on a sparse random projection of
//!    the TF-IDF rows, labelled by their distinctive terms.
//! 5. [`summaries`]: extractive summaries. Sentences scored by LexRank centrality, similarity
//!    to the article, its title and standfirst, and position; bylines, captions, contact lines,
//!    pull quotes and fragments never picked; quotations kept whole; redundancy held off by
//!    maximal marginal relevance; each extract with its byte span. ROUGE-1/2/L for Danish
//!    measures them against references.
//! 6. [`output`]: tables, JSON, JSON Lines, Markdown and CSV written atomically; theme
//!    reports (HTML with SVG charts, Markdown); resumable batch runs over archives.
//!
//! ```
//! let text = "Af Anna Berg\n\nKommunerne skal samarbejde om it-sikkerhed, siger hun, \
//!             og det haster for alle, for truslerne vokser, og ingen kommune kan \
//!             løfte opgaven alene.\n‹‹‹\n";
//! let units = tema::ingest::segment("demo", text);
//! assert_eq!(units[0].byline.as_deref(), Some("Anna Berg"));
//! assert!(units[0].kind.is_content());
//! ```
//!
//! Errors are one [`Error`] type whose every variant names the file and the reason.

pub mod clusters;
pub mod error;
pub mod ingest;
pub mod output;
pub mod pipeline;
pub mod summaries;
pub mod text;
pub mod themes;
pub mod vectors;

pub use error::{Error, Result};
pub use output::TaggedArticle;
pub use pipeline::{Note, Pipeline, PipelineParams, PipelineValidParams, Read};
