//! The analyser: how every stage gets its terms from a text, in one place.
//!
//! A chain of small steps, as tantivy's `TextAnalyzer` is: [`tokenize`] cuts the text into
//! tokens with byte offsets into it and lower-cases them ([`Token::norm`]: NFC, soft hyphens
//! removed, æ/ø/å kept); each [`Filter`] of the analyser may drop a token; the Danish stemmer
//! ([`DanishStemmer`]) reduces the rest; and [`Analyzer::parts`] adds a compound's parts
//! ([`compound_parts`]) for the stages that count them. Offsets are never changed, so a term
//! can always be shown where it stands.
//!
//! A *term* is defined once, by [`TERMS`]: not a stop word, not a bare number, longer than one
//! character. The other analysers are the same chain with fewer filters: [`CONTENT_WORDS`]
//! keeps numbers (the summariser compares sentences that quote the same figures), and
//! [`ALL_WORDS`] keeps every token (ROUGE counts stop words, as the original does).
//!
//! ```
//! use tema::text::{DanishStemmer, TERMS, ALL_WORDS};
//! let mut stemmer = DanishStemmer::default();
//! let text = "Det er 2024, og NIS2 gælder kommunerne.";
//! assert_eq!(TERMS.stems(text, &mut stemmer), ["nis2", "gæld", "kommun"]);
//! assert_eq!(ALL_WORDS.stems(text, &mut stemmer).len(), 7);
//! ```

use super::compounds::compound_parts;
use super::lexicon::default_lexicon;
use super::stems::{is_stop_word, DanishStemmer};
use super::tokens::{tokenize, Token, TokenKind};

/// Words whose compound parts a thread remembers before it starts afresh: about 20 MB at most.
const PARTS_MEMO_WORDS: usize = 200_000;

/// A word's compound parts, by the word.
type PartsMemo = rustc_hash::FxHashMap<Box<str>, Box<[Box<str>]>>;

thread_local! {
    static PARTS: std::cell::RefCell<PartsMemo> = Default::default();
}

/// One step of an analyser that may drop a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Drops the stop words ([`is_stop_word`]).
    StopWords,
    /// Drops tokens of one character.
    SingleCharacters,
    /// Drops bare numbers ([`TokenKind::Number`]); words with digits ("NIS2") stay.
    Numbers,
}

impl Filter {
    /// Whether the token passes this filter.
    #[inline]
    fn keeps(self, kind: TokenKind, norm: &str) -> bool {
        match self {
            Filter::StopWords => !is_stop_word(norm),
            Filter::SingleCharacters => norm.chars().nth(1).is_some(),
            Filter::Numbers => kind != TokenKind::Number,
        }
    }
}

/// A tokeniser, a chain of [`Filter`]s and the Danish stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analyzer {
    filters: &'static [Filter],
}

/// Terms: what vectors, themes and cluster labels count.
pub const TERMS: Analyzer =
    Analyzer::new(&[Filter::Numbers, Filter::SingleCharacters, Filter::StopWords]);

/// Content words: [`TERMS`] with numbers kept, what the summariser compares sentences by.
pub const CONTENT_WORDS: Analyzer = Analyzer::new(&[Filter::SingleCharacters, Filter::StopWords]);

/// Every token, stemmed: what ROUGE compares.
pub const ALL_WORDS: Analyzer = Analyzer::new(&[]);

impl Analyzer {
    /// The analyser with these filters, applied in order.
    pub const fn new(filters: &'static [Filter]) -> Analyzer {
        Analyzer { filters }
    }

    /// Its filters.
    pub fn filters(&self) -> &'static [Filter] {
        self.filters
    }

    /// Whether a token of this kind and normalised form passes every filter.
    #[inline]
    pub fn keeps(&self, kind: TokenKind, norm: &str) -> bool {
        self.filters.iter().all(|filter| filter.keeps(kind, norm))
    }

    /// The tokens of `text` that pass the filters, in order, with their byte spans.
    pub fn tokens(&self, text: &str) -> impl Iterator<Item = Token> + '_ {
        tokenize(text)
            .into_iter()
            .filter(|token| self.keeps(token.kind, &token.norm))
    }

    /// Calls `f(token, stem)` for every token that passes, in order.
    pub fn for_each(
        &self,
        text: &str,
        stemmer: &mut DanishStemmer,
        mut f: impl FnMut(&Token, &str),
    ) {
        for token in self.tokens(text) {
            f(&token, stemmer.stem(&token.norm));
        }
    }

    /// The stems of the tokens that pass, in order.
    pub fn stems(&self, text: &str, stemmer: &mut DanishStemmer) -> Vec<String> {
        let mut stems = Vec::new();
        self.for_each(text, stemmer, |_, stem| stems.push(stem.to_owned()));
        stems
    }

    /// Calls `f(stem, part)` for every part of a compound (a token's normalised form) that
    /// passes the filters as a word of its own ([`compound_parts`] with the shipped lexicon);
    /// a part may stem as the whole word does, which callers skip.
    pub fn parts(&self, norm: &str, stemmer: &mut DanishStemmer, mut f: impl FnMut(&str, &str)) {
        PARTS.with_borrow_mut(|memo| {
            // Splitting searches the lexicon for every cut of the word; a text repeats its
            // words, so the parts are remembered per thread (a pure function of the word, so
            // the output cannot depend on what a thread read before).
            if !memo.contains_key(norm) {
                if memo.len() >= PARTS_MEMO_WORDS {
                    memo.clear();
                }
                let parts = compound_parts(norm, default_lexicon())
                    .into_iter()
                    .map(String::into_boxed_str)
                    .collect();
                memo.insert(norm.into(), parts);
            }
            let parts = &memo[norm];
            for part in parts.iter() {
                if self.keeps(TokenKind::Word, part) {
                    f(stemmer.stem(part), part);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analysers_differ_only_in_their_filters() {
        let mut stemmer = DanishStemmer::default();
        let text = "I 2024 fik 3 kommuner en ny it-løsning.";
        // A hyphenated word is one token; its parts come from `parts`.
        let terms = TERMS.stems(text, &mut stemmer);
        assert_eq!(terms[..2], ["kommun", "ny"]);
        assert_eq!(terms.len(), 3);
        let content = CONTENT_WORDS.stems(text, &mut stemmer);
        assert_eq!(content[0], "2024");
        assert_eq!(content[1..], terms[..]);
        assert_eq!(ALL_WORDS.stems(text, &mut stemmer).len(), 8);
        // Spans point into the text, whatever the filters drop.
        for token in TERMS.tokens(text) {
            assert_eq!(text[token.span.clone()].to_lowercase(), token.norm);
        }
    }

    #[test]
    fn compound_parts_pass_the_same_filters() {
        let mut stemmer = DanishStemmer::default();
        let mut parts = Vec::new();
        TERMS.parts("cybersikkerhedsstrategien", &mut stemmer, |stem, part| {
            parts.push((stem.to_owned(), part.to_owned()))
        });
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], ("sikker".to_owned(), "sikkerhed".to_owned()));
    }
}
