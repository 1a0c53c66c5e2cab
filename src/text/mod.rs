//! Text: how the later stages see Danish.
//!
//! Text is normalised for matching ([`normalize`]: NFC, one form of quotes and dashes, no soft
//! hyphens). Sentences ([`sentences`]) and tokens ([`tokenize`]) keep byte spans into the text they were
//! cut from; tokens are normalised (NFC, lower case, soft hyphens removed, æ/ø/å kept) and stemmed
//! with the Snowball Danish stemmer ([`DanishStemmer`]); stop words are the Snowball list plus a
//! documented extension ([`is_stop_word`]); [`SurfaceForms`] turns stems back into words people
//! read. [`analyze`] puts it together for one text.

mod normalize;
mod repair;
mod sentences;
mod stems;
mod tokens;

use serde::Serialize;

pub use normalize::normalize;
pub use repair::{assess, Damage, Lexicon, Repairer};
pub use sentences::{lead, sentences, Sentence};
pub use stems::{is_stop_word, DanishStemmer, SurfaceForms, EXTRA_STOP_WORDS, SNOWBALL_STOP_WORDS};
pub use tokens::{normalize_word, tokenize, Token, TokenKind};

/// A token with its stem, as the analysis of a text reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzedToken {
    /// Byte range in the analysed text.
    pub span: (usize, usize),
    pub text: String,
    pub norm: String,
    pub stem: String,
    pub stop: bool,
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
    sentences(text)
        .into_iter()
        .map(|sentence| {
            let span = sentence.trimmed_span(text);
            let tokens = tokenize(&text[span.clone()])
                .into_iter()
                .map(|token| {
                    let start = span.start + token.span.start;
                    let end = span.start + token.span.end;
                    AnalyzedToken {
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
