//! Tagged articles: the record of `tema tag`, `tema batch` and `tema report`, and how `tema tag`
//! prints it in every format.

use comfy_table::{ColumnConstraint, Width};
use serde::{Deserialize, Serialize};

use super::{add_row, fitted_table, line_ranges, Cell, Format, Layout, Sheet};
use crate::ingest::{LineRange, UnitKind};
use crate::names::{ArticleNames, GroupNames, NameCount};
use crate::themes::ThemeScore;

/// A distinctive term of an article and its TF-IDF weight there.
///
/// Read back, a plain string (a record written before weights were kept) is a term of weight 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub term: String,
    pub weight: f32,
}

impl<'de> Deserialize<'de> for Term {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Given {
            Word(String),
            Weighed { term: String, weight: f32 },
        }
        Ok(match Given::deserialize(deserializer)? {
            Given::Word(term) => Term { term, weight: 0.0 },
            Given::Weighed { term, weight } => Term { term, weight },
        })
    }
}

/// A cluster an article belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterRef {
    pub id: usize,
    pub label: String,
}

/// One tagged article: the one record `tema tag`, `tema batch` and `tema report` all carry, for
/// a unit of an issue and a JSON Lines document alike.
///
/// Fields a document does not have (its issue, section, byline, kind, line ranges) are `None`
/// and left out of JSON, and every field but `id` may be missing when a record is read back,
/// so fields can be added without breaking files written before. New fields go here, once,
/// and every command that writes articles shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedArticle {
    /// The issue the article was found in (its file stem); absent for documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// The unit id (`<issue>-NN`) or the document's id.
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    /// The printed section header ("CYBERSIKKERHED"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The author, if signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Article, editorial or brief; absent for documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
    /// Words of the text the article is summarised from (an issue unit's body).
    #[serde(default)]
    pub words: usize,
    /// When the issue came out (`tema batch`, `tema report`); absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<crate::ingest::IssueDate>,
    /// The pages of a PDF issue the article is printed on; absent for text issues.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<usize>,
    /// Line ranges in the issue; absent for documents given as JSON Lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineRange>>,
    /// The primary theme id, or null when no theme fits.
    #[serde(default)]
    pub theme: Option<String>,
    /// Every theme with its score, highest first.
    #[serde(default)]
    pub themes: Vec<ThemeScore>,
    /// The nearest topic of the model's training corpus; null when the model holds none.
    #[serde(default)]
    pub cluster: Option<ClusterRef>,
    /// Distinctive terms as readable words with their weights, heaviest first; never the
    /// words of a name.
    #[serde(default)]
    pub terms: Vec<Term>,
    /// People named, with their mentions, most mentioned first.
    #[serde(default)]
    pub people: Vec<NameCount>,
    /// Organisations named, with their mentions.
    #[serde(default)]
    pub organisations: Vec<NameCount>,
    /// Places named (municipalities, regions, countries), with their mentions.
    #[serde(default)]
    pub places: Vec<NameCount>,
    /// The summary's passages on one line, as `tema summarise` picks them.
    #[serde(default)]
    pub summary: String,
    /// How often each term word of the article's title, standfirst and body occurs
    /// ([`term_counts`](crate::vectors::term_counts)): what the report finds topics in, carried by
    /// `tema batch` records (which hold no text) so `tema report --from` finds the same topics.
    /// `None`, and left out of JSON, in `tema tag`'s records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_counts: Option<std::collections::BTreeMap<String, u32>>,
}

impl TaggedArticle {
    /// The article's names by kind.
    pub fn names(&self) -> ArticleNames {
        ArticleNames {
            people: self.people.clone(),
            organisations: self.organisations.clone(),
            places: self.places.clone(),
        }
    }

    /// Sets the article's names.
    pub fn set_names(&mut self, names: ArticleNames) {
        self.people = names.people;
        self.organisations = names.organisations;
        self.places = names.places;
    }

    /// The terms as words, heaviest first.
    pub fn term_words(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| t.term.as_str())
    }

    /// The primary theme's score, or the best score when no theme fits (0 without themes).
    pub fn score(&self) -> f64 {
        self.themes.first().map_or(0.0, |t| f64::from(t.score))
    }
}

/// The names of the articles of each theme (`None`: the articles with no theme), in the order
/// themes first appear; for the report's per-theme lists.
///
/// ```
/// use tema::output::{names_by_theme, TaggedArticle};
/// let mut a: TaggedArticle = serde_json::from_str(r#"{"id": "a", "theme": "ai"}"#).unwrap();
/// a.set_names(tema::names::ArticleNames::of_text("Det siger Anne Holm i Viborg."));
/// let b: TaggedArticle = serde_json::from_str(r#"{"id": "b"}"#).unwrap();
/// let by_theme = names_by_theme(&[a, b]);
/// assert_eq!(by_theme[0].0.as_deref(), Some("ai"));
/// assert_eq!(by_theme[0].1.people[0].name, "Anne Holm");
/// assert_eq!(by_theme[1].0, None);
/// ```
pub fn names_by_theme(articles: &[TaggedArticle]) -> Vec<(Option<String>, GroupNames)> {
    let mut themes: Vec<Option<String>> = Vec::new();
    for a in articles {
        if !themes.contains(&a.theme) {
            themes.push(a.theme.clone());
        }
    }
    themes
        .into_iter()
        .map(|theme| {
            let names: Vec<ArticleNames> = articles
                .iter()
                .filter(|a| a.theme == theme)
                .map(TaggedArticle::names)
                .collect();
            let group = GroupNames::of(&names);
            (theme, group)
        })
        .collect()
}

/// Renders tagged articles; `--format json` is one array, `jsonl` one object per line.
pub fn render_tagged(articles: &[TaggedArticle], format: Format) -> String {
    render_tagged_with(articles, format, &Layout::default())
}

/// [`render_tagged`] laid out to `layout`.
pub fn render_tagged_with(articles: &[TaggedArticle], format: Format, layout: &Layout) -> String {
    match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(articles).expect("articles serialise");
            out.push('\n');
            out
        }
        Format::Jsonl => articles
            .iter()
            .map(|a| serde_json::to_string(a).expect("articles serialise") + "\n")
            .collect(),
        Format::Table => table(articles, layout.width),
        Format::Markdown => markdown(articles),
        Format::Csv => tagged_sheet(articles).to_csv(&layout.csv),
    }
}

/// The theme of an article with its score, as the table shows it: "cybersecurity 0.85", or
/// for an article no theme fits "none (best: ai 0.12)", so the best score is never read as
/// the article's theme.
fn theme_with_score(article: &TaggedArticle) -> String {
    let best = article.themes.first();
    match (&article.theme, best) {
        (Some(theme), _) => {
            let score = article
                .themes
                .iter()
                .find(|s| &s.id == theme)
                .map_or(0.0, |s| s.score);
            format!("{theme} {score:.2}")
        }
        (None, Some(best)) => format!("none (best: {} {:.2})", best.id, best.score),
        (None, None) => "none".to_owned(),
    }
}

fn table(articles: &[TaggedArticle], width: u16) -> String {
    let mut table = fitted_table(&["id", "theme", "title", "terms"], &[0], width);
    // The theme column is as wide as its widest theme and score, and "none (best: …)" fits it
    // in two lines, the best theme and score on the second; the terms get at most a third.
    let themed = articles
        .iter()
        .map(|a| match (&a.theme, a.themes.first()) {
            (None, Some(best)) => best.id.chars().count() + " 0.00)".len(),
            _ => theme_with_score(a).chars().count(),
        })
        .max()
        .unwrap_or(0)
        .max("none (best:".len());
    // Comfy-table counts a cell's padding, one space each side, in the column's width.
    let themed = (themed + 2) as u16;
    if let Some(theme) = table.column_mut(1) {
        theme.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(themed)));
    }
    if let Some(terms) = table.column_mut(3) {
        terms.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(33)));
    }
    for a in articles {
        add_row(
            &mut table,
            [
                a.id.clone(),
                theme_with_score(a),
                a.title.clone().unwrap_or_default(),
                a.terms
                    .iter()
                    .take(4)
                    .map(|t| format!("{} {:.2}", t.term, t.weight))
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
        );
    }
    let mut out = table.to_string();
    out.push('\n');
    out
}

fn markdown(articles: &[TaggedArticle]) -> String {
    let mut out = String::new();
    for a in articles {
        let title = a.title.as_deref().unwrap_or("(untitled)");
        out.push_str(&format!("## {title}\n\n"));
        let theme = a.theme.as_deref().unwrap_or("no theme");
        let scores: Vec<String> = a
            .themes
            .iter()
            .map(|s| format!("{} {:.2}", s.id, s.score))
            .collect();
        out.push_str(&format!(
            "*`{}` · **{theme}** · {}*\n\n",
            a.id,
            scores.join(", ")
        ));
        if !a.terms.is_empty() {
            out.push_str(&format!("Terms: {}\n\n", terms_text(&a.terms)));
        }
        for (label, names) in [
            ("People", &a.people),
            ("Organisations", &a.organisations),
            ("Places", &a.places),
        ] {
            if !names.is_empty() {
                out.push_str(&format!("{label}: {}\n\n", names_text(names, ", ")));
            }
        }
        if !a.summary.is_empty() {
            out.push_str(&format!("> {}\n\n", a.summary));
        }
    }
    out
}

/// Tagged articles as one sheet (`--format csv|xlsx`): id, title, line ranges, the theme
/// (empty when none fits), a score column per theme (so the best score of an article with no
/// theme is there, under its own theme), the cluster, terms with weights, names with their
/// mentions and the summary.
pub fn tagged_sheet(articles: &[TaggedArticle]) -> Sheet {
    let theme_ids: Vec<String> = articles
        .first()
        .map(|a| {
            let mut ids: Vec<String> = a.themes.iter().map(|s| s.id.clone()).collect();
            ids.sort();
            ids
        })
        .unwrap_or_default();
    let score_columns: Vec<String> = theme_ids.iter().map(|id| format!("score_{id}")).collect();
    let mut header = vec!["id", "title", "lines", "theme"];
    header.extend(score_columns.iter().map(String::as_str));
    header.extend([
        "cluster",
        "terms",
        "people",
        "organisations",
        "places",
        "summary",
    ]);
    let mut sheet = Sheet::new("articles", &header);
    for a in articles {
        let mut row: Vec<Cell> = vec![
            a.id.as_str().into(),
            a.title.as_deref().unwrap_or("").into(),
            line_ranges(a.lines.as_deref().unwrap_or(&[])).into(),
            a.theme.as_deref().unwrap_or("").into(),
        ];
        for id in &theme_ids {
            let score = a
                .themes
                .iter()
                .find(|s| &s.id == id)
                .map_or(0.0, |s| s.score);
            row.push(score.into());
        }
        row.push(a.cluster.as_ref().map_or("", |c| c.label.as_str()).into());
        row.push(
            a.terms
                .iter()
                .map(|t| format!("{} ({:.2})", t.term, t.weight))
                .collect::<Vec<_>>()
                .join("; ")
                .into(),
        );
        for names in [&a.people, &a.organisations, &a.places] {
            row.push(names_text(names, "; ").into());
        }
        row.push(a.summary.as_str().into());
        sheet.rows.push(row);
    }
    sheet
}

/// "nis2 (0.42), angreb (0.31)": terms with their weights.
fn terms_text(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| format!("{} ({:.2})", t.term, t.weight))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Anne Holm (3), KL (1)": names with their mentions.
fn names_text(names: &[NameCount], separator: &str) -> String {
    names
        .iter()
        .map(|n| format!("{} ({})", n.name, n.count))
        .collect::<Vec<_>>()
        .join(separator)
}
