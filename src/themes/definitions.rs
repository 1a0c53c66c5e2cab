//! Theme definitions: what `models/themes.toml` (or a user's `--themes FILE`) says.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::{normalize_word, tokenize, DanishStemmer};
use crate::vectors::Vocabulary;

/// The theme definitions shipped with tema.
pub const DEFAULT_THEMES: &str = include_str!("../../models/themes.toml");

/// One theme as defined by people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Used in output and label files: `cybersecurity`.
    pub id: String,
    /// `Cybersikkerhed`.
    pub label_da: String,
    /// `Cybersecurity`.
    pub label_en: String,
    pub description: String,
    /// Danish words or phrases; `*` at either end matches any letters there.
    pub seed_terms: Vec<String>,
    /// Section headers (or the start of a header word) that name the theme.
    #[serde(default)]
    pub section_aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<Theme>,
}

/// Parses theme definitions; `path` names the source in errors.
///
/// ```
/// let themes = tema::themes::parse_themes(std::path::Path::new("themes.toml"), tema::themes::DEFAULT_THEMES)?;
/// assert_eq!(themes[0].id, "cybersecurity");
/// # Ok::<(), tema::Error>(())
/// ```
pub fn parse_themes(path: &Path, text: &str) -> Result<Vec<Theme>> {
    let invalid = |reason: String| Error::Themes {
        path: path.to_path_buf(),
        reason,
    };
    let file: ThemesFile =
        toml::from_str(text).map_err(|e| invalid(e.message().replace('\n', " ")))?;
    if file.theme.is_empty() {
        return Err(invalid("no [[theme]] defined".into()));
    }
    let mut seen = std::collections::HashSet::new();
    for theme in &file.theme {
        if theme.id.is_empty() || theme.id == "none" || !seen.insert(theme.id.as_str()) {
            return Err(invalid(format!(
                "theme id {:?} is empty, reserved or repeated",
                theme.id
            )));
        }
        if theme.seed_terms.is_empty() {
            return Err(invalid(format!("theme {} has no seed_terms", theme.id)));
        }
    }
    Ok(file.theme)
}

/// Reads theme definitions from a TOML file.
pub fn read_themes(path: &Path) -> Result<Vec<Theme>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::reading(path, source))?;
    parse_themes(path, &text)
}

/// The shipped definitions.
pub fn default_themes() -> Vec<Theme> {
    parse_themes(&PathBuf::from("models/themes.toml"), DEFAULT_THEMES)
        .expect("the shipped themes.toml is valid")
}

/// One word of a seed term, ready to match vocabulary terms.
enum Pattern {
    /// A whole word (stem, word): matches the stem.
    Stem(String, String),
    /// `cyber*`, `*affald`, `*sikkerhed*`: matches the readable form or the stem of a term.
    Wild {
        text: String,
        prefix: bool,
        suffix: bool,
    },
}

impl Pattern {
    fn parse(word: &str, stemmer: &mut DanishStemmer) -> Option<Pattern> {
        let open_start = word.starts_with('*');
        let open_end = word.ends_with('*');
        let core = normalize_word(word.trim_matches('*'));
        if core.is_empty() {
            return None;
        }
        Some(if open_start || open_end {
            Pattern::Wild {
                text: core,
                prefix: open_end,
                suffix: open_start,
            }
        } else {
            Pattern::Stem(stemmer.stem(&core).to_owned(), core)
        })
    }

    fn matches(&self, stem: &str, surface: &str) -> bool {
        match self {
            Pattern::Stem(s, _) => s == stem,
            Pattern::Wild {
                text,
                prefix,
                suffix,
            } => [stem, surface].iter().any(|w| match (prefix, suffix) {
                (true, true) => w.contains(text.as_str()),
                (true, false) => w.starts_with(text.as_str()),
                _ => w.ends_with(text.as_str()),
            }),
        }
    }
}

/// The stems and patterns of a theme's seed terms.
pub(crate) struct SeedMatcher {
    patterns: Vec<Pattern>,
}

impl SeedMatcher {
    pub(crate) fn new(theme: &Theme) -> SeedMatcher {
        let mut stemmer = DanishStemmer::default();
        let mut patterns = Vec::new();
        for term in &theme.seed_terms {
            for word in term.split_whitespace() {
                // A word with a `*` is taken as written; others go through the tokenizer so
                // they are cut exactly as text is.
                if word.contains('*') {
                    patterns.extend(Pattern::parse(word, &mut stemmer));
                } else {
                    for token in tokenize(word) {
                        patterns.extend(Pattern::parse(&token.norm, &mut stemmer));
                    }
                }
            }
        }
        SeedMatcher { patterns }
    }

    /// The stems of whole-word seeds with the words they came from, to be added to a
    /// vocabulary so they count even when the training corpus lacks them.
    pub(crate) fn stems(&self) -> impl Iterator<Item = (&str, &str)> {
        self.patterns.iter().filter_map(|p| match p {
            Pattern::Stem(s, word) => Some((s.as_str(), word.as_str())),
            Pattern::Wild { .. } => None,
        })
    }

    pub(crate) fn matches(&self, stem: &str, surface: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(stem, surface))
    }

    /// The seed vector over a vocabulary: every matching term weighted by its idf, unit length.
    pub(crate) fn seed_vector(&self, vocabulary: &Vocabulary) -> Vec<f32> {
        let mut v: Vec<f32> = (0..vocabulary.len() as u32)
            .map(|c| {
                if self.matches(vocabulary.term(c), vocabulary.surface(c)) {
                    vocabulary.idf(c)
                } else {
                    0.0
                }
            })
            .collect();
        super::normalise(&mut v);
        v
    }
}

/// Whether a printed section header names the theme: a word of the header (lower case) starts
/// with one of the aliases, or the header contains a multi-word alias.
pub fn section_names(theme: &Theme, header: &str) -> bool {
    let header = header.to_lowercase();
    let words: Vec<&str> = header
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    theme.section_aliases.iter().any(|alias| {
        let alias = alias.to_lowercase();
        if alias.contains(' ') {
            header.contains(&alias)
        } else {
            words.iter().any(|w| w.starts_with(&alias))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_themes_are_the_four() {
        let ids: Vec<String> = default_themes().into_iter().map(|t| t.id).collect();
        assert_eq!(
            ids,
            ["cybersecurity", "ai", "green_it", "shared_operations"]
        );
    }

    #[test]
    fn bad_files_say_why() {
        let path = Path::new("mine.toml");
        let err = parse_themes(path, "[[theme]]\nid = 3\n").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("mine.toml: invalid theme definitions"));
        assert!(!err.to_string().contains('\n'));
        let twice =
            "[[theme]]\nid='a'\nlabel_da='A'\nlabel_en='A'\ndescription=''\nseed_terms=['x']\n";
        let err = parse_themes(path, &format!("{twice}{twice}")).unwrap_err();
        assert!(err.to_string().contains("repeated"), "{err}");
    }

    #[test]
    fn seeds_match_inflections_and_compounds() {
        let theme = Theme {
            id: "t".into(),
            label_da: "T".into(),
            label_en: "T".into(),
            description: String::new(),
            seed_terms: vec![
                "cyberangreb".into(),
                "*affald".into(),
                "kunstig intelligens".into(),
            ],
            section_aliases: vec!["cyber".into(), "grøn it".into()],
        };
        let m = SeedMatcher::new(&theme);
        let mut stemmer = DanishStemmer::default();
        let stem = stemmer.stem("cyberangrebene").to_owned();
        assert!(m.matches(&stem, "cyberangrebene"));
        assert!(m.matches("elektronikaffald", "elektronikaffald"));
        assert!(m.matches(stemmer.stem("intelligens"), "intelligens"));
        assert!(!m.matches("kommun", "kommunerne"));
        assert!(section_names(&theme, "VELKOMMEN TIL CYBERSAMFUNDET"));
        assert!(section_names(&theme, "Grøn IT"));
        assert!(!section_names(&theme, "DIGITALISERING"));
    }
}
