//! Text: how the later stages see Danish.
//!
//! Text is normalised for matching ([`normalize`](fn@normalize): NFC, one form of quotes and
//! dashes, no soft hyphens). Sentences ([`sentences`](fn@sentences)) and tokens ([`tokenize`]) keep
//! byte spans into the text they were cut from; tokens are normalised (NFC, lower case, soft
//! hyphens removed, æ/ø/å kept) and stemmed with the Snowball Danish stemmer ([`DanishStemmer`]);
//! stop words are the Snowball list plus a documented extension ([`is_stop_word`]);
//! [`SurfaceForms`] turns stems back into words people read. [`analyze`] puts it together for one
//! text, with compound parts ([`compound_parts`]) unless [`AnalyzerOptions`] turns them off.
//!
//! OCR repair is a separate, explicit step before analysis: [`repair_document`] judges whether a
//! text lost its æ/ø/å ([`assess`]) and, if so, restores them with the shipped Danish lexicon
//! ([`default_lexicon`]), keeping a repairer per thread so that the words of one issue are
//! read once for all the issues a run repairs; [`Repairer`] is that repairer, for a cache held
//! by hand or another lexicon. [`RepairOffsets`] takes a span found in a repaired text back to
//! the text as given.

mod analyzer;
mod channel;
mod compounds;
mod lexicon;
/// Lays the lexicon's table out, shared with `build.rs`.
mod lexicon_build;
/// The lexicon's flat table, shared with `build.rs`.
mod lexicon_table;
mod normalize;
mod offsets;
pub mod punct;
mod repair;
mod sentences;
mod stems;
mod str_map;
mod tokens;
mod whitespace;

use serde::Serialize;

pub use analyzer::{Analyzer, Filter, ALL_WORDS, CONTENT_WORDS, TERMS};
pub use compounds::compound_parts;
pub use lexicon::{default_lexicon, Lexicon};
pub use normalize::normalize;
pub use offsets::RepairOffsets;
pub use repair::{assess, changed_words, repair_document, repair_shapes, Damage, Repairer};
pub use sentences::{lead, sentences, Sentence};
pub use stems::{is_stop_word, DanishStemmer, SurfaceForms, EXTRA_STOP_WORDS, SNOWBALL_STOP_WORDS};
pub use tokens::{lowercase_into, normalize_word, tokenize, Token, TokenKind};

/// A token with its stem, as the analysis of a text reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzedToken {
    /// Byte range in the analysed text.
    pub span: (usize, usize),
    pub text: String,
    pub norm: String,
    pub stem: String,
    pub stop: bool,
    /// Compound parts (lower case), when the token is a compound and compounds are on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// The stems of those parts: extra terms for the vectors stage.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub part_stems: Vec<String>,
}

/// Switches for [`analyze_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzerOptions {
    /// Split compounds into their parts ([`compound_parts`], with the shipped lexicon) and stem
    /// the parts too. On by default; the vectors stage can turn it off to compare.
    pub compounds: bool,
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        AnalyzerOptions { compounds: true }
    }
}

/// A sentence and its tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzedSentence {
    /// Byte range of the sentence (trimmed) in the analysed text.
    pub span: (usize, usize),
    pub text: String,
    pub tokens: Vec<AnalyzedToken>,
}

/// Cuts a text into sentences and stemmed tokens.
///
/// ```
/// let mut stemmer = tema::text::DanishStemmer::default();
/// let analysis = tema::text::analyze("Kommunerne samarbejder. De deler løsninger.", &mut stemmer);
/// assert_eq!(analysis.len(), 2);
/// let first = &analysis[0].tokens[0];
/// assert_eq!((first.text.as_str(), first.stop), ("Kommunerne", false));
/// assert!(analysis[1].tokens[0].stop); // "De"
/// ```
pub fn analyze(text: &str, stemmer: &mut DanishStemmer) -> Vec<AnalyzedSentence> {
    analyze_with(text, stemmer, AnalyzerOptions::default())
}

/// [`analyze`] with options.
///
/// ```
/// use tema::text::{analyze_with, AnalyzerOptions, DanishStemmer};
/// let mut stemmer = DanishStemmer::default();
/// let on = analyze_with("Cybersikkerhedsstrategien.", &mut stemmer, AnalyzerOptions::default());
/// assert_eq!(on[0].tokens[0].parts, ["cyber", "sikkerhed", "strategien"]);
/// assert_eq!(on[0].tokens[0].part_stems, ["cyb", "sikker", "strategi"]);
/// let off = analyze_with("Cybersikkerhedsstrategien.", &mut stemmer, AnalyzerOptions { compounds: false });
/// assert!(off[0].tokens[0].parts.is_empty());
/// ```
pub fn analyze_with(
    text: &str,
    stemmer: &mut DanishStemmer,
    options: AnalyzerOptions,
) -> Vec<AnalyzedSentence> {
    sentences(text)
        .into_iter()
        .map(|sentence| {
            let span = sentence.trimmed_span(text);
            let tokens = tokenize(&text[span.clone()])
                .into_iter()
                .map(|token| {
                    let start = span.start + token.span.start;
                    let end = span.start + token.span.end;
                    let parts = if options.compounds && token.norm.chars().count() > 7 {
                        compound_parts(&token.norm, default_lexicon())
                    } else {
                        Vec::new()
                    };
                    let part_stems = parts.iter().map(|p| stemmer.stem(p).to_owned()).collect();
                    AnalyzedToken {
                        parts,
                        part_stems,
                        span: (start, end),
                        text: text[start..end].to_owned(),
                        stem: stemmer.stem(&token.norm).to_owned(),
                        stop: is_stop_word(&token.norm),
                        norm: token.norm,
                    }
                })
                .collect();
            AnalyzedSentence {
                span: (span.start, span.end),
                text: text[span].to_owned(),
                tokens,
            }
        })
        .collect()
}
