//! Theme definitions: what `models/themes.toml` (or a user's `--themes FILE`) says.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::{normalize_word, DanishStemmer, ALL_WORDS};
use crate::vectors::Vocabulary;

/// The theme definitions shipped with tema.
pub const DEFAULT_THEMES: &str = include_str!("../../models/themes.toml");

/// One theme as defined by people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Used in output and label files: `cybersecurity`.
    pub id: String,
    /// `Cybersikkerhed`; the id when the file gives none.
    #[serde(default)]
    pub label_da: String,
    /// `Cybersecurity`; the id when the file gives none.
    #[serde(default)]
    pub label_en: String,
    #[serde(default)]
    pub description: String,
    /// Danish words or phrases; `*` at either end matches any letters there. Optional for a
    /// theme that labelled documents teach.
    #[serde(default)]
    pub seed_terms: Vec<String>,
    /// Section headers (or the start of a header word) that name the theme.
    #[serde(default)]
    pub section_aliases: Vec<String>,
}

impl Theme {
    /// A theme known only by the id labelled documents give it: no seed terms, the id as its
    /// labels. `tema train --labels` makes these for label ids no themes file names.
    ///
    /// ```
    /// let theme = tema::themes::Theme::from_label("sport");
    /// assert_eq!((theme.label_da.as_str(), theme.seed_terms.len()), ("sport", 0));
    /// ```
    pub fn from_label(id: &str) -> Theme {
        Theme {
            id: id.to_owned(),
            label_da: id.to_owned(),
            label_en: id.to_owned(),
            description: String::new(),
            seed_terms: Vec::new(),
            section_aliases: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<Theme>,
}

/// One thing wrong with a themes file: which entry (`theme 2 (ai)`, or `file` for the file as
/// a whole) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub entry: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.entry, self.reason)
    }
}

/// The fields a `[[theme]]` entry may have.
const FIELDS: [&str; 6] = [
    "id",
    "label_da",
    "label_en",
    "description",
    "seed_terms",
    "section_aliases",
];

/// Everything wrong with a themes file, entry by entry, in file order; empty when it is valid.
/// [`parse_themes`] refuses a file with any problem; `tema themes --check` lists them all.
///
/// ```
/// let text = "[[theme]]\nid = 'sport'\nseed_terms = ['fodbold', 'cy*kel']\n\n[[theme]]\nid = 'sport'\n";
/// let problems = tema::themes::check_themes(text);
/// let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
/// assert_eq!(lines, [
///     "theme 1 (sport): seed term \"cy*kel\": `*` may stand only at the start or end of a word",
///     "theme 2 (sport): id \"sport\" repeats theme 1",
/// ]);
/// ```
pub fn check_themes(text: &str) -> Vec<Problem> {
    let file_problem = |reason: String| Problem {
        entry: "file".into(),
        reason,
    };
    let table = match text.parse::<toml::Table>() {
        Ok(table) => table,
        Err(e) => {
            let line = e
                .span()
                .map(|span| {
                    format!(
                        "line {}: ",
                        1 + text[..span.start.min(text.len())].matches('\n').count()
                    )
                })
                .unwrap_or_default();
            return vec![file_problem(format!(
                "{line}not TOML: {}",
                e.message().trim().replace('\n', " ")
            ))];
        }
    };
    let mut problems = Vec::new();
    for key in table.keys().filter(|k| *k != "theme") {
        problems.push(file_problem(format!(
            "unknown top-level key `{key}` (themes are `[[theme]]` entries)"
        )));
    }
    let entries = match table.get("theme") {
        None => {
            problems.push(file_problem("no [[theme]] defined".into()));
            return problems;
        }
        Some(toml::Value::Array(entries)) if entries.is_empty() => {
            problems.push(file_problem("no [[theme]] defined".into()));
            return problems;
        }
        Some(toml::Value::Array(entries)) => entries,
        Some(_) => {
            problems.push(file_problem(
                "`theme` must be a list of `[[theme]]` entries".into(),
            ));
            return problems;
        }
    };
    let mut ids: Vec<Option<String>> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let number = i + 1;
        let id = entry
            .get("id")
            .and_then(toml::Value::as_str)
            .map(str::to_owned);
        let name = match &id {
            Some(id) => format!("theme {number} ({id})"),
            None => format!("theme {number}"),
        };
        let mut say = |reason: String| {
            problems.push(Problem {
                entry: name.clone(),
                reason,
            })
        };
        let Some(fields) = entry.as_table() else {
            say("is not a table of fields".into());
            ids.push(None);
            continue;
        };
        for key in fields.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
            say(format!(
                "unknown field `{key}` (known: {})",
                FIELDS.join(", ")
            ));
        }
        match fields.get("id") {
            None => say("has no `id`".into()),
            Some(toml::Value::String(id)) => {
                if let Some(reason) = id_problem(id) {
                    say(reason);
                } else if let Some(first) = ids.iter().position(|seen| seen.as_deref() == Some(id))
                {
                    say(format!("id {id:?} repeats theme {}", first + 1));
                }
            }
            Some(_) => say("`id` must be a string".into()),
        }
        for key in ["label_da", "label_en", "description"] {
            if fields.get(key).is_some_and(|v| !v.is_str()) {
                say(format!("`{key}` must be a string"));
            }
        }
        for key in ["seed_terms", "section_aliases"] {
            let Some(value) = fields.get(key) else {
                continue;
            };
            let Some(list) = value
                .as_array()
                .filter(|l| l.iter().all(toml::Value::is_str))
            else {
                say(format!("`{key}` must be a list of strings"));
                continue;
            };
            let mut seen: Vec<&str> = Vec::new();
            for item in list.iter().filter_map(toml::Value::as_str) {
                let reason = if key == "seed_terms" {
                    seed_term_problem(item)
                } else if item.trim().is_empty() {
                    Some("is empty".to_owned())
                } else {
                    None
                };
                let what = if key == "seed_terms" {
                    "seed term"
                } else {
                    "section alias"
                };
                if let Some(reason) = reason {
                    say(format!("{what} {item:?}: {reason}"));
                } else if seen.contains(&item) {
                    say(format!("{what} {item:?} is listed twice"));
                }
                seen.push(item);
            }
        }
        ids.push(id);
    }
    problems
}

/// Why an id cannot name a theme, if it cannot: ids go into label files, CSV column names and
/// output, so they are short plain words.
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some("`id` is empty".into())
    } else if id == "none" {
        Some("id \"none\" is reserved for articles about none of the themes".into())
    } else if !id
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        Some(format!(
            "id {id:?} may hold only letters, digits, `_` and `-`"
        ))
    } else {
        None
    }
}

/// Why a seed term cannot match anything, if it cannot.
fn seed_term_problem(term: &str) -> Option<String> {
    if term.trim().is_empty() {
        return Some("is empty".into());
    }
    for word in term.split_whitespace() {
        if word.trim_matches('*').contains('*') {
            return Some("`*` may stand only at the start or end of a word".into());
        }
        if word.contains('*') {
            if normalize_word(word.trim_matches('*')).is_empty() {
                return Some("a `*` needs letters beside it".into());
            }
        } else if ALL_WORDS.tokens(word).next().is_none() {
            return Some(format!("{word:?} holds no word to match"));
        }
    }
    None
}

/// Parses theme definitions; `path` names the source in errors. A file with any problem
/// [`check_themes`] finds is refused, naming the first.
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
    let problems = check_themes(text);
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more: `tema themes --check` lists them)", n - 1),
        };
        return Err(invalid(format!("{first}{more}")));
    }
    let file: ThemesFile =
        toml::from_str(text).map_err(|e| invalid(e.message().replace('\n', " ")))?;
    Ok(file
        .theme
        .into_iter()
        .map(|mut theme| {
            for label in [&mut theme.label_da, &mut theme.label_en] {
                if label.trim().is_empty() {
                    label.clone_from(&theme.id);
                }
            }
            theme
        })
        .collect())
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
                // A word with a `*` is taken as written; others go through the analyser so
                // they are cut exactly as text is (every token: a seed term is meant whole).
                if word.contains('*') {
                    patterns.extend(Pattern::parse(word, &mut stemmer));
                } else {
                    for token in ALL_WORDS.tokens(word) {
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
        assert!(err.to_string().contains("repeats theme 1"), "{err}");
    }

    #[test]
    fn every_problem_of_every_entry_is_named() {
        let text = r#"
title = "mine"

[[theme]]
id = "none"
colour = "red"

[[theme]]
label_da = 3
seed_terms = ["ok", "", "mid*dle", "*", "ok"]
section_aliases = "sport"

[[theme]]
id = "has space"

[[theme]]
id = "sport"
"#;
        let lines: Vec<String> = check_themes(text).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            [
                "file: unknown top-level key `title` (themes are `[[theme]]` entries)",
                "theme 1 (none): unknown field `colour` (known: id, label_da, label_en, description, seed_terms, section_aliases)",
                "theme 1 (none): id \"none\" is reserved for articles about none of the themes",
                "theme 2: has no `id`",
                "theme 2: `label_da` must be a string",
                "theme 2: seed term \"\": is empty",
                "theme 2: seed term \"mid*dle\": `*` may stand only at the start or end of a word",
                "theme 2: seed term \"*\": a `*` needs letters beside it",
                "theme 2: seed term \"ok\" is listed twice",
                "theme 2: `section_aliases` must be a list of strings",
                "theme 3 (has space): id \"has space\" may hold only letters, digits, `_` and `-`",
            ]
        );
        let broken = check_themes("[[theme]]\nid = \"a\"\nseed_terms = [\"x\"\n");
        assert_eq!(broken.len(), 1);
        assert!(
            broken[0].to_string().starts_with("file: line "),
            "{:?}",
            broken
        );
        assert_eq!(check_themes("").len(), 1);
        assert!(check_themes(DEFAULT_THEMES).is_empty());
    }

    #[test]
    fn a_theme_needs_only_an_id_and_gets_it_as_its_labels() {
        let themes = parse_themes(Path::new("t.toml"), "[[theme]]\nid = \"sport\"\n").unwrap();
        assert_eq!(themes, [Theme::from_label("sport")]);
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
