//! The lexicon: Danish word forms with how often they occur (per billion words), read by the
//! OCR repair and by the compound splitter alike.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::lexicon_build::build_table;
#[cfg(test)]
use super::lexicon_table::{prefix_step, PREFIX_SEED};
use super::lexicon_table::{TableLayout, TableView};
use crate::error::{Error, Result};

/// Danish word forms with how often they occur.
///
/// Held as one flat table (`src/text/lexicon_table.rs`) that lookups read in place: the shipped
/// lexicon is laid out at build time and embedded, so it loads in no time.
#[derive(Clone)]
pub struct Lexicon {
    pub(super) table: Cow<'static, [u8]>,
    layout: TableLayout,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.layout.len)
            .field("max_count", &self.layout.max_count)
            .finish_non_exhaustive()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::from_counts([])
    }
}

impl Lexicon {
    /// Reads the `word<TAB>count` format of `models/lexicon-da.tsv`; lines starting with `#` are
    /// comments. `name` only names the source in errors.
    pub fn parse(name: &str, text: &str) -> Result<Lexicon> {
        let mut pairs = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count());
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let parsed = line
                .split_once('\t')
                .and_then(|(word, count)| Some((word, count.trim().parse::<u64>().ok()?)));
            let Some(pair) = parsed else {
                return Err(Error::Lexicon {
                    name: name.to_owned(),
                    line: n + 1,
                    reason: "expected a word, a tab and a count".to_owned(),
                });
            };
            pairs.push(pair);
        }
        Ok(Lexicon::from_counts(pairs))
    }

    /// Builds a lexicon from `(word, count)` pairs; a word given twice keeps its last count.
    pub fn from_counts<'a>(pairs: impl IntoIterator<Item = (&'a str, u64)>) -> Lexicon {
        Lexicon::from_table(Cow::Owned(build_table(pairs)))
            .expect("build_table lays out what from_table reads")
    }

    /// Reads a table's header; `None` when it is not a table of this version.
    pub(super) fn from_table(table: Cow<'static, [u8]>) -> Option<Lexicon> {
        let layout = TableLayout::read(&table)?;
        Some(Lexicon { table, layout })
    }

    /// The table, read in place.
    #[inline]
    pub(super) fn view(&self) -> TableView<'_> {
        TableView::new(&self.table, self.layout)
    }

    /// Whether some word may begin with `prefix`.
    #[cfg(test)]
    pub(super) fn has_prefix(&self, prefix: &str) -> bool {
        self.view()
            .may_begin(prefix.bytes().fold(PREFIX_SEED, prefix_step))
    }

    /// How often a lower-case word occurs; 0 when unknown.
    #[inline]
    pub fn count(&self, word: &str) -> u64 {
        self.view().count_bytes(word.as_bytes())
    }

    /// How many words the lexicon holds.
    pub fn len(&self) -> usize {
        self.layout.len
    }

    /// Whether the lexicon holds no word.
    pub fn is_empty(&self) -> bool {
        self.layout.len == 0
    }
}

/// The lexicon shipped in `models/lexicon-da.tsv` (wordfreq counts plus hunspell-da forms; see
/// `models/LEXICON-LICENSE.md`), laid out by `build.rs` and embedded in the binary.
///
/// ```
/// let lexicon = tema::text::default_lexicon();
/// assert!(lexicon.count("på") > lexicon.count("pa"));
/// assert!(lexicon.count("løsninger") > 0);
/// ```
pub fn default_lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        Lexicon::from_table(Cow::Borrowed(DEFAULT_LEXICON))
            .expect("build.rs writes a table of this version")
    })
}

static DEFAULT_LEXICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-da.table"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_holds_every_word_of_the_tsv() {
        let tsv = include_str!("../../models/lexicon-da.tsv");
        let embedded = default_lexicon();
        let parsed = Lexicon::parse("models/lexicon-da.tsv", tsv).unwrap();
        assert_eq!(embedded.len(), parsed.len());
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let (word, count) = line.split_once('\t').unwrap();
            assert_eq!(
                embedded.count(word),
                count.parse::<u64>().unwrap(),
                "{word}"
            );
        }
        assert_eq!(embedded.count("ikke-et-ord"), 0);
    }

    #[test]
    fn beginnings_with_danish_letters_are_found() {
        let lexicon = Lexicon::from_counts([("løsning", 5), ("grå", 3), ("grå", 7)]);
        for prefix in ["l", "lø", "løsning", "grå"] {
            assert!(lexicon.has_prefix(prefix), "{prefix}");
        }
        assert!(!lexicon.has_prefix("lg"));
        assert_eq!(lexicon.count("grå"), 7);
        assert_eq!(lexicon.len(), 2);
        assert_eq!(lexicon.count("gr"), 0);
    }

    #[test]
    fn the_shipped_lexicon_parses_and_knows_danish() {
        let lexicon = default_lexicon();
        assert!(lexicon.len() > 100_000, "{}", lexicon.len());
        for word in [
            "på",
            "også",
            "løsninger",
            "kommunerne",
            "bekendtgørelser",
            "sikkerhed",
        ] {
            assert!(lexicon.count(word) > 0, "{word}");
        }
        assert!(lexicon.count("på") > 100 * lexicon.count("pa"));
    }

    #[test]
    fn lexicon_format_errors_name_the_line() {
        let err = Lexicon::parse("lex.tsv", "# header\npå\t900\nbroken line\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "lex.tsv: line 3: expected a word, a tab and a count"
        );
        let ok = Lexicon::parse("lex.tsv", "# header\npå\t900\n").unwrap();
        assert_eq!(ok.count("på"), 900);
    }
}
