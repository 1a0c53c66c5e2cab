//! Tagged articles: the record of `tema tag`, `tema batch` and `tema report`, and how `tema tag`
//! prints it in every format.

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use serde::{Deserialize, Serialize};

use super::{shorten, Format};
use crate::ingest::{LineRange, UnitKind};
use crate::themes::ThemeScore;

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
    /// Distinctive terms as readable words.
    #[serde(default)]
    pub terms: Vec<String>,
    /// The summary's passages on one line, as `tema summarise` picks them.
    #[serde(default)]
    pub summary: String,
}

impl TaggedArticle {
    /// The primary theme's score, or the best score when no theme fits (0 without themes).
    pub fn score(&self) -> f64 {
        self.themes.first().map_or(0.0, |t| f64::from(t.score))
    }
}

/// Renders tagged articles; `--format json` is one array, `jsonl` one object per line.
pub fn render_tagged(articles: &[TaggedArticle], format: Format) -> String {
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
        Format::Table => table(articles),
        Format::Markdown => markdown(articles),
        Format::Csv => csv(articles),
    }
}

fn top_score(article: &TaggedArticle) -> String {
    article
        .themes
        .first()
        .map(|s| format!("{:.2}", s.score))
        .unwrap_or_default()
}

fn table(articles: &[TaggedArticle]) -> String {
    let mut table = Table::new();
    table
        .load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' ')))
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(["id", "theme", "score", "title", "terms"]);
    for a in articles {
        table.add_row([
            a.id.clone(),
            a.theme.clone().unwrap_or_else(|| "–".into()),
            top_score(a),
            shorten(a.title.as_deref().unwrap_or(""), 50),
            shorten(
                &a.terms
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                40,
            ),
        ]);
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
            out.push_str(&format!("Terms: {}\n\n", a.terms.join(", ")));
        }
        if !a.summary.is_empty() {
            out.push_str(&format!("> {}\n\n", a.summary));
        }
    }
    out
}

fn csv(articles: &[TaggedArticle]) -> String {
    let theme_ids: Vec<String> = articles
        .first()
        .map(|a| {
            let mut ids: Vec<String> = a.themes.iter().map(|s| s.id.clone()).collect();
            ids.sort();
            ids
        })
        .unwrap_or_default();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id".to_owned(),
        "title".into(),
        "lines".into(),
        "theme".into(),
    ];
    header.extend(theme_ids.iter().map(|id| format!("score_{id}")));
    header.extend(["cluster".into(), "terms".into(), "summary".into()]);
    writer.write_record(&header).expect("writing to memory");
    for a in articles {
        let lines = a
            .lines
            .iter()
            .flatten()
            .map(|r| format!("{}-{}", r.0, r.1))
            .collect::<Vec<_>>()
            .join(" ");
        let mut record = vec![
            a.id.clone(),
            a.title.clone().unwrap_or_default(),
            lines,
            a.theme.clone().unwrap_or_default(),
        ];
        for id in &theme_ids {
            let score = a
                .themes
                .iter()
                .find(|s| &s.id == id)
                .map_or(0.0, |s| s.score);
            record.push(format!("{score:.4}"));
        }
        record.push(
            a.cluster
                .as_ref()
                .map(|c| c.label.clone())
                .unwrap_or_default(),
        );
        record.push(a.terms.join("; "));
        record.push(a.summary.clone());
        writer.write_record(&record).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 fields")
}
