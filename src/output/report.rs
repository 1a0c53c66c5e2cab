//! Theme reports: how much each theme fills each issue and year, the top articles and terms per
//! theme, the terms on the rise, the clusters outside the themes, and every article in a table.
//!
//! The report is built from tagged articles ([`TaggedArticle`], the record `tema tag` writes)
//! grouped by issue, computed once into a [`ReportView`], and rendered by a template: a
//! self-contained HTML page (inline CSS and SVG charts, no network, everything escaped) or
//! Markdown. Shares are shares of the articles' words, so a long feature weighs more than a
//! brief, as it does for a reader.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

mod charts;

use crate::clusters::{Topic, TopicOptions, TopicTerm, Topics};
use crate::ingest::{LineRange, Unit};
use crate::names::GroupNames;
pub use crate::output::{ClusterRef, TaggedArticle};

/// A theme as the report names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeLabel {
    pub id: String,
    pub label: String,
}

pub use crate::ingest::IssueDate;

/// What an issue without a date is shown as.
const UNDATED: &str = "udateret";

/// One issue with its tagged articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportIssue {
    pub name: String,
    /// When the issue came out; `None` when neither its path, its first page nor `--dates`
    /// says: such an issue is shown apart ("udateret"), never left out.
    pub date: Option<IssueDate>,
    pub articles: Vec<TaggedArticle>,
}

/// What a report is made from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    pub title: String,
    pub themes: Vec<ThemeLabel>,
    pub issues: Vec<ReportIssue>,
    /// The topics of these articles ([`find_topics`]); the articles' `cluster` points into them.
    #[serde(default)]
    pub topics: Vec<Topic>,
}

/// The text an article's topic is found in: its title, standfirst and body.
pub fn topic_text(unit: &Unit) -> String {
    [unit.title.as_deref(), unit.standfirst.as_deref()]
        .into_iter()
        .flatten()
        .chain([unit.body.as_str()])
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Finds the topics of the report's own articles (not the model's training issues) and sets
/// every article's `cluster` to its topic. `texts` are the articles' texts ([`topic_text`]) in
/// issue and article order. A topic is linked to a theme when most of its articles carry it.
pub fn find_topics(input: &mut ReportInput, texts: &[String]) {
    let articles: Vec<&TaggedArticle> = input.issues.iter().flat_map(|i| &i.articles).collect();
    assert_eq!(articles.len(), texts.len(), "one text per article");
    let (_, topics) = Topics::of_texts(texts, &TopicOptions::default(), &|_| false);
    set_topics(input, topics);
}

/// [`find_topics`] from the articles' own [`term_counts`](TaggedArticle::term_counts) (the
/// counts of their [`topic_text`]), as `tema batch` records carry them: the same topics as
/// from the texts, so a report from batch results needs no text. An article without counts
/// counts as one without terms.
pub fn find_topics_of_records(input: &mut ReportInput) {
    let bags: Vec<_> = input
        .issues
        .iter()
        .flat_map(|i| &i.articles)
        .map(|a| {
            a.term_counts
                .iter()
                .flatten()
                .map(|(w, &n)| (w.as_str(), n))
        })
        .collect();
    let (_, topics) = Topics::of_term_counts(&bags, &TopicOptions::default(), &|_| false);
    set_topics(input, topics);
}

/// Links `topics` (of the input's articles, in order) to themes and sets every article's topic.
fn set_topics(input: &mut ReportInput, mut topics: Topics) {
    let articles: Vec<&TaggedArticle> = input.issues.iter().flat_map(|i| &i.articles).collect();
    let themes: Vec<Option<&str>> = articles.iter().map(|a| a.theme.as_deref()).collect();
    topics.link_themes(&themes);
    let mut next = topics.assignments.iter();
    for article in input.issues.iter_mut().flat_map(|i| &mut i.articles) {
        let id = *next.next().expect("one topic per article");
        article.cluster = topics.topics.get(id).map(|t| ClusterRef {
            id,
            label: t.label.clone(),
        });
    }
    input.topics = topics.topics;
}

/// A theme's share of some text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub theme: String,
    pub label: String,
    pub color: String,
    pub words: usize,
    pub articles: usize,
    /// Share of the words, 0–1.
    pub share: f64,
    /// The share as a percentage, rounded, for text.
    pub percent: String,
}

/// An issue or a year with its theme shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub name: String,
    pub date: String,
    pub articles: usize,
    pub words: usize,
    pub shares: Vec<Share>,
    /// A year between the first and the last with no issue: no shares, shown as a gap.
    pub gap: bool,
}

/// An article as a row of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    pub issue: String,
    pub id: String,
    /// The id without its issue's name in front ("03" for `kita-2022-autumn-03`): under the
    /// issue's heading the rest says nothing new.
    pub number: String,
    pub title: String,
    pub theme: String,
    pub score: String,
    pub lines: String,
    pub summary: String,
}

/// The articles of one issue, for a table that names each issue once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueArticles {
    pub name: String,
    pub date: String,
    pub articles: Vec<ArticleRow>,
}

/// A term and how strongly it marks a theme or a time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermWeight {
    pub term: String,
    /// In how many of the group's articles it appears.
    pub articles: usize,
    /// How strongly it marks the group: its weight in the group's articles times the
    /// log-ratio of its rate there and elsewhere, rounded to two places.
    pub weight: f64,
    /// The weight against the group's heaviest term, 0–100, for drawing its bar.
    pub bar: f64,
}

/// Everything the report says about one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeSection {
    pub id: String,
    /// The section's anchor, for the table of contents.
    pub anchor: String,
    pub label: String,
    pub color: String,
    pub articles: usize,
    pub percent: String,
    pub top: Vec<ArticleRow>,
    pub terms: Vec<TermWeight>,
    /// The people, organisations and places its articles name, most articles first.
    pub names: GroupNames,
}

/// A topic that holds articles with none of the themes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterSection {
    pub label: String,
    /// Its articles with no theme.
    pub articles: usize,
    /// All its articles.
    pub size: usize,
    /// Its distinctive terms with their weights (empty when the report was given no topics).
    pub terms: Vec<TopicTerm>,
    /// Titles of its articles with no theme.
    pub examples: Vec<String>,
}

/// The computed report, ready for a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportView {
    pub title: String,
    pub issues: Vec<Period>,
    pub years: Vec<Period>,
    pub themes: Vec<ThemeSection>,
    pub rising: Vec<TermWeight>,
    /// From the first to the last dated issue ("2022-10 til 2024-10"), and how many are undated.
    pub span: String,
    /// Between which dates the rising terms were measured, when there are two to compare.
    pub rising_span: Option<String>,
    pub clusters: Vec<ClusterSection>,
    /// The names in the articles with no theme.
    pub unthemed_names: GroupNames,
    pub articles: Vec<ArticleRow>,
    /// The same articles by issue, in date order.
    pub groups: Vec<IssueArticles>,
    pub issue_chart: String,
    pub year_chart: String,
}

/// Colours of the first themes, then of any further ones; "none" is grey.
const PALETTE: [&str; 8] = [
    "#c0392b", "#7d3c98", "#229954", "#2471a3", "#d68910", "#17a589", "#a04000", "#5d6d7e",
];
const NONE_ID: &str = "none";
const NONE_COLOR: &str = "#b3b6b7";
/// Top articles and terms shown per theme.
const TOP: usize = 5;
const TERMS: usize = 12;

impl ReportView {
    /// Computes the report from tagged issues; issues are put in date order.
    pub fn build(input: &ReportInput) -> ReportView {
        let mut issues = input.issues.clone();
        // Undated issues come last, apart from the dated ones.
        issues.sort_by(|a, b| {
            (a.date.is_none(), a.date, &a.name).cmp(&(b.date.is_none(), b.date, &b.name))
        });
        let mut legend: Vec<(String, String, String)> = input
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    t.id.clone(),
                    t.label.clone(),
                    PALETTE[i % PALETTE.len()].to_owned(),
                )
            })
            .collect();
        legend.push((
            NONE_ID.to_owned(),
            "Intet tema".to_owned(),
            NONE_COLOR.to_owned(),
        ));
        let label_of = |theme: &Option<String>| -> String {
            let id = theme.as_deref().unwrap_or(NONE_ID);
            legend
                .iter()
                .find(|(t, _, _)| t == id)
                .map_or_else(|| id.to_owned(), |(_, l, _)| l.clone())
        };

        let period = |name: String, date: String, articles: Vec<&TaggedArticle>| {
            let words: usize = articles.iter().map(|a| a.words.max(1)).sum();
            let shares = legend
                .iter()
                .map(|(id, label, color)| {
                    let of_theme: Vec<&&TaggedArticle> = articles
                        .iter()
                        .filter(|a| a.theme.as_deref().unwrap_or(NONE_ID) == id)
                        .collect();
                    let theme_words: usize = of_theme.iter().map(|a| a.words.max(1)).sum();
                    let share = if words == 0 {
                        0.0
                    } else {
                        theme_words as f64 / words as f64
                    };
                    Share {
                        theme: id.clone(),
                        label: label.clone(),
                        color: color.clone(),
                        words: theme_words,
                        articles: of_theme.len(),
                        share,
                        percent: format!("{:.0} %", share * 100.0),
                    }
                })
                .collect();
            Period {
                name,
                date,
                articles: articles.len(),
                words,
                shares,
                gap: false,
            }
        };

        let issue_periods: Vec<Period> = issues
            .iter()
            .map(|issue| {
                period(
                    issue.name.clone(),
                    issue.date.map_or_else(|| UNDATED.to_owned(), |d| d.label()),
                    issue.articles.iter().collect(),
                )
            })
            .collect();
        let mut by_year: BTreeMap<i32, Vec<&TaggedArticle>> = BTreeMap::new();
        let mut undated: Vec<&TaggedArticle> = Vec::new();
        for issue in &issues {
            match issue.date {
                Some(date) => by_year.entry(date.year).or_default(),
                None => &mut undated,
            }
            .extend(issue.articles.iter());
        }
        let span = by_year
            .keys()
            .next()
            .zip(by_year.keys().next_back())
            .map(|(first, last)| *first..=*last);
        let mut years: Vec<Period> = span
            .into_iter()
            .flatten()
            .map(|year| match by_year.remove(&year) {
                Some(articles) => period(year.to_string(), year.to_string(), articles),
                None => Period {
                    name: year.to_string(),
                    date: year.to_string(),
                    articles: 0,
                    words: 0,
                    shares: Vec::new(),
                    gap: true,
                },
            })
            .collect();
        if issues.iter().any(|i| i.date.is_none()) {
            years.push(period(UNDATED.to_owned(), UNDATED.to_owned(), undated));
        }

        let row = |issue: &ReportIssue, a: &TaggedArticle| ArticleRow {
            issue: issue.name.clone(),
            id: a.id.clone(),
            number: a
                .id
                .strip_prefix(issue.name.as_str())
                .map(|rest| rest.trim_start_matches(['-', '_', '/']))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&a.id)
                .to_owned(),
            title: a.title.clone().unwrap_or_else(|| "(uden titel)".to_owned()),
            theme: label_of(&a.theme),
            score: format!("{:.2}", a.score()),
            lines: lines_label(a.lines.as_deref().unwrap_or_default()),
            summary: a.summary.clone(),
        };
        let all: Vec<(&ReportIssue, &TaggedArticle)> = issues
            .iter()
            .flat_map(|i| i.articles.iter().map(move |a| (i, a)))
            .collect();
        let total_words: usize = all.iter().map(|(_, a)| a.words.max(1)).sum();

        let themes = legend
            .iter()
            .filter(|(id, _, _)| id != NONE_ID)
            .map(|(id, label, color)| {
                let mut members: Vec<&(&ReportIssue, &TaggedArticle)> = all
                    .iter()
                    .filter(|(_, a)| a.theme.as_deref() == Some(id))
                    .collect();
                members.sort_by(|x, y| y.1.score().total_cmp(&x.1.score()));
                let words: usize = members.iter().map(|(_, a)| a.words.max(1)).sum();
                let inside: Vec<&TaggedArticle> = members.iter().map(|(_, a)| *a).collect();
                let outside: Vec<&TaggedArticle> = all
                    .iter()
                    .filter(|(_, a)| a.theme.as_deref() != Some(id))
                    .map(|(_, a)| *a)
                    .collect();
                ThemeSection {
                    id: id.clone(),
                    anchor: anchor(label),
                    label: label.clone(),
                    color: color.clone(),
                    articles: members.len(),
                    percent: format!("{:.0} %", 100.0 * words as f64 / total_words.max(1) as f64),
                    top: members.iter().take(TOP).map(|(i, a)| row(i, a)).collect(),
                    terms: distinctive_terms(&inside, &outside, TERMS),
                    names: top_names(&inside),
                }
            })
            .collect();

        let (rising, rising_span) = rising_terms(&issues);
        let clusters = outside_clusters(
            &all.iter().map(|(_, a)| *a).collect::<Vec<_>>(),
            &input.topics,
        );
        let unthemed: Vec<&TaggedArticle> = all
            .iter()
            .filter(|(_, a)| a.theme.is_none())
            .map(|(_, a)| *a)
            .collect();
        let unthemed_names = top_names(&unthemed);
        let articles = all.iter().map(|(i, a)| row(i, a)).collect();
        let groups = issues
            .iter()
            .filter(|i| !i.articles.is_empty())
            .map(|i| IssueArticles {
                name: i.name.clone(),
                date: i.date.map_or_else(|| UNDATED.to_owned(), |d| d.label()),
                articles: i.articles.iter().map(|a| row(i, a)).collect(),
            })
            .collect();
        let issue_slots: Vec<charts::Slot> = issue_periods
            .iter()
            .map(|p| charts::Slot {
                label: p.date.clone(),
                period: Some(p),
            })
            .collect();
        let issue_chart =
            charts::stacked_bars(&issue_slots, "Temaernes andel af ordene pr. nummer");
        let year_chart =
            charts::share_lines(&year_slots(&years), "Temaernes andel af ordene pr. år");
        let dated: Vec<IssueDate> = issues.iter().filter_map(|i| i.date).collect();
        let mut span = match (dated.first(), dated.last()) {
            (Some(first), Some(last)) if first != last => {
                format!("{} til {}", first.label(), last.label())
            }
            (Some(only), _) => only.label(),
            _ => String::new(),
        };
        let undated = issues.len() - dated.len();
        if undated > 0 {
            if !span.is_empty() {
                span.push_str(" · ");
            }
            let _ = write!(span, "{undated} {UNDATED}");
        }
        ReportView {
            title: input.title.clone(),
            span,
            issues: issue_periods,
            years,
            themes,
            rising,
            rising_span,
            clusters,
            unthemed_names,
            articles,
            groups,
            issue_chart,
            year_chart,
        }
    }
}

/// A heading's anchor as GitHub makes it for Markdown, so one name serves both pages: lower
/// case, spaces to hyphens, other punctuation dropped ("Grøn IT" → `grøn-it`).
pub fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// "l. 785–891, 960–1025": where an article sits in its issue file, without links.
fn lines_label(lines: &[LineRange]) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let ranges: Vec<String> = lines.iter().map(|r| format!("{}–{}", r.0, r.1)).collect();
    format!("l. {}", ranges.join(", "))
}

/// Terms that mark a group of articles against the rest: the term's weight in the group's
/// articles (the sum of each article's weight for it, so a term central to its articles beats
/// one mentioned in passing) times the smoothed log-ratio of the share of articles with it
/// there and elsewhere. Ties go to the term in more articles, then to the alphabet.
fn distinctive_terms(
    inside: &[&TaggedArticle],
    outside: &[&TaggedArticle],
    keep: usize,
) -> Vec<TermWeight> {
    let ins = term_counts(inside);
    let outs = term_counts(outside);
    let n_in = inside.len() as f64;
    let n_out = outside.len() as f64;
    let mut scored: Vec<(f64, f64, &str, usize)> = ins
        .iter()
        .map(|(&term, &(c, weight))| {
            let rate_in = (c as f64 + 0.5) / (n_in + 1.0);
            let rate_out = (outs.get(term).map_or(0, |o| o.0) as f64 + 0.5) / (n_out + 1.0);
            (weight * (rate_in / rate_out).ln(), weight, term, c)
        })
        .filter(|&(score, _, _, _)| score > 0.0)
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.3.cmp(&a.3))
            .then_with(|| a.2.cmp(b.2))
    });
    let heaviest = scored.first().map_or(1.0, |s| s.0);
    scored
        .into_iter()
        .take(keep)
        .map(|(weight, _, term, articles)| TermWeight {
            term: term.to_owned(),
            articles,
            weight: (weight * 100.0).round() / 100.0,
            bar: (weight / heaviest * 1000.0).round() / 10.0,
        })
        .collect()
}

/// In how many of the articles each term appears, and its summed weight in them.
fn term_counts<'a>(articles: &[&'a TaggedArticle]) -> BTreeMap<&'a str, (usize, f64)> {
    let mut counts: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for article in articles {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for term in &article.terms {
            if seen.insert(term.term.as_str()) {
                let entry = counts.entry(term.term.as_str()).or_default();
                entry.0 += 1;
                entry.1 += f64::from(term.weight);
            }
        }
    }
    counts
}

/// Names shown per group and kind.
const NAMES: usize = 8;

/// The names of some articles, the first few of each kind.
fn top_names(articles: &[&TaggedArticle]) -> GroupNames {
    let names: Vec<crate::names::ArticleNames> = articles.iter().map(|a| a.names()).collect();
    let mut group = GroupNames::of(&names);
    group.people.truncate(NAMES);
    group.organisations.truncate(NAMES);
    group.places.truncate(NAMES);
    group
}

/// The years of the chart: every year from the first to the last dated one, a year with no
/// issue as an empty slot (drawn as a gap); undated issues are left to the table.
fn year_slots(years: &[Period]) -> Vec<charts::Slot<'_>> {
    years
        .iter()
        .filter(|p| p.name != UNDATED)
        .map(|p| charts::Slot {
            label: p.name.clone(),
            period: (!p.gap).then_some(p),
        })
        .collect()
}

/// Terms whose use grew: the later half of the issues (by date) against the earlier half.
fn rising_terms(issues: &[ReportIssue]) -> (Vec<TermWeight>, Option<String>) {
    // Only dated issues have a place in time.
    let dated: Vec<(IssueDate, &ReportIssue)> = issues
        .iter()
        .filter_map(|i| i.date.map(|d| (d, i)))
        .collect();
    let dates: BTreeSet<IssueDate> = dated.iter().map(|(d, _)| *d).collect();
    if dates.len() < 2 {
        return (Vec::new(), None);
    }
    let dates: Vec<IssueDate> = dates.into_iter().collect();
    let split = dates[dates.len() / 2];
    let early: Vec<&ReportIssue> = dated
        .iter()
        .filter(|(d, _)| *d < split)
        .map(|(_, i)| *i)
        .collect();
    let late: Vec<&ReportIssue> = dated
        .iter()
        .filter(|(d, _)| *d >= split)
        .map(|(_, i)| *i)
        .collect();
    fn articles<'a>(group: &[&'a ReportIssue]) -> Vec<&'a TaggedArticle> {
        group.iter().flat_map(|i| i.articles.iter()).collect()
    }
    // "2019 mod 2021–2024": a half of one date is named once.
    let range = |from: IssueDate, to: IssueDate| {
        if from == to {
            from.label()
        } else {
            format!("{}–{}", from.label(), to.label())
        }
    };
    let early_end = early
        .iter()
        .filter_map(|i| i.date)
        .max()
        .unwrap_or(dates[0]);
    let span = format!(
        "{} mod {}",
        range(dates[0], early_end),
        range(split, dates[dates.len() - 1])
    );
    (
        distinctive_terms(&articles(&late), &articles(&early), TERMS)
            .into_iter()
            .filter(|t| t.articles >= 2)
            .collect(),
        Some(span),
    )
}

/// The topics of the articles with no theme: what else the archive writes about, the topics
/// with most such articles first.
fn outside_clusters(all: &[&TaggedArticle], topics: &[Topic]) -> Vec<ClusterSection> {
    let mut groups: BTreeMap<(usize, &str), (usize, Vec<&TaggedArticle>)> = BTreeMap::new();
    for article in all {
        if let Some(cluster) = &article.cluster {
            let group = groups
                .entry((cluster.id, cluster.label.as_str()))
                .or_default();
            group.0 += 1;
            if article.theme.is_none() {
                group.1.push(article);
            }
        }
    }
    let mut sections: Vec<(usize, ClusterSection)> = groups
        .into_iter()
        .filter(|(_, (_, outside))| !outside.is_empty())
        .map(|((id, label), (size, outside))| {
            let terms = topics
                .iter()
                .find(|t| t.id == id && t.label == label)
                .map(|t| t.terms.iter().take(TERMS).cloned().collect())
                .unwrap_or_default();
            (
                id,
                ClusterSection {
                    label: label.to_owned(),
                    articles: outside.len(),
                    size,
                    terms,
                    examples: outside
                        .iter()
                        .filter_map(|a| a.title.clone())
                        .take(4)
                        .collect(),
                },
            )
        })
        .collect();
    sections.sort_by(|a, b| b.1.articles.cmp(&a.1.articles).then(a.0.cmp(&b.0)));
    sections.into_iter().map(|(_, s)| s).collect()
}

/// The page, in a format people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Markdown,
}

const HTML_TEMPLATE: &str = include_str!("report.html.j2");
const MARKDOWN_TEMPLATE: &str = include_str!("report.md.j2");

/// Renders a computed report.
pub fn render(view: &ReportView, format: ReportFormat) -> String {
    let mut env = minijinja::Environment::new();
    // The names decide escaping: HTML-escaped for the page, as written for Markdown.
    env.add_template("report.html", HTML_TEMPLATE)
        .expect("the HTML template parses");
    env.add_template("report.md", MARKDOWN_TEMPLATE)
        .expect("the Markdown template parses");
    let name = match format {
        ReportFormat::Html => "report.html",
        ReportFormat::Markdown => "report.md",
    };
    let mut out = env
        .get_template(name)
        .and_then(|t| t.render(minijinja::context! { r => view }))
        .unwrap_or_else(|e| {
            let mut msg = String::new();
            let _ = write!(msg, "report template failed: {e}");
            msg
        });
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, theme: Option<&str>, words: usize, terms: &[&str]) -> TaggedArticle {
        TaggedArticle {
            issue: None,
            id: id.to_owned(),
            title: Some(format!("Titel <{id}> & co")),
            section: None,
            byline: None,
            kind: None,
            lines: Some(vec![LineRange(1, 10), LineRange(20, 30)]),
            words,
            date: None,
            pages: Vec::new(),
            theme: theme.map(str::to_owned),
            themes: vec![crate::themes::ThemeScore {
                id: theme.unwrap_or("ai").to_owned(),
                label: String::new(),
                score: 0.5,
            }],
            summary: "Et resumé.".to_owned(),
            terms: terms
                .iter()
                .map(|t| crate::output::Term {
                    term: t.to_string(),
                    weight: 0.1,
                })
                .collect(),
            people: Vec::new(),
            organisations: Vec::new(),
            places: Vec::new(),
            cluster: Some(ClusterRef {
                id: usize::from(theme.is_none()),
                label: if theme.is_none() {
                    "bredbånd, mast"
                } else {
                    "sikkerhed"
                }
                .to_owned(),
            }),
            term_counts: Default::default(),
        }
    }

    fn input() -> ReportInput {
        ReportInput {
            title: "Temarapport".to_owned(),
            themes: vec![
                ThemeLabel {
                    id: "cybersecurity".to_owned(),
                    label: "Cybersikkerhed".to_owned(),
                },
                ThemeLabel {
                    id: "ai".to_owned(),
                    label: "Kunstig intelligens".to_owned(),
                },
            ],
            issues: vec![
                ReportIssue {
                    name: "b-2024".to_owned(),
                    date: Some(IssueDate {
                        year: 2024,
                        month: 10,
                    }),
                    articles: vec![
                        article("b-01", Some("ai"), 300, &["sprogmodel", "chatbot"]),
                        article("b-02", Some("ai"), 100, &["sprogmodel"]),
                        article("b-03", None, 100, &["bredbånd"]),
                    ],
                },
                ReportIssue {
                    name: "a-2022".to_owned(),
                    date: Some(IssueDate {
                        year: 2022,
                        month: 10,
                    }),
                    articles: vec![
                        article("a-01", Some("cybersecurity"), 600, &["nis2", "angreb"]),
                        article("a-02", None, 200, &["bredbånd", "mast"]),
                        article("a-03", None, 200, &["bredbånd"]),
                    ],
                },
            ],
            topics: Vec::new(),
        }
    }

    #[test]
    fn shares_are_word_weighted_and_issues_in_date_order() {
        let view = ReportView::build(&input());
        assert_eq!(view.issues[0].name, "a-2022");
        let cyber = &view.issues[0].shares[0];
        assert_eq!((cyber.theme.as_str(), cyber.share), ("cybersecurity", 0.6));
        assert!(view.years[1].gap, "2023 has no issue");
        let ai_2024 = &view.years[2].shares[1];
        assert_eq!((ai_2024.theme.as_str(), ai_2024.share), ("ai", 0.8));
        for period in view.issues.iter().chain(&view.years).filter(|p| !p.gap) {
            let total: f64 = period.shares.iter().map(|s| s.share).sum();
            assert!((total - 1.0).abs() < 1e-9, "{}: {total}", period.name);
        }
    }

    #[test]
    fn terms_mark_their_theme_and_rise_over_time() {
        let view = ReportView::build(&input());
        let ai = view.themes.iter().find(|t| t.id == "ai").unwrap();
        assert_eq!(ai.terms[0].term, "sprogmodel");
        assert!(!ai.terms.iter().any(|t| t.term == "bredbånd"));
        assert_eq!(
            view.rising
                .iter()
                .map(|t| t.term.as_str())
                .collect::<Vec<_>>(),
            ["sprogmodel"]
        );
        assert_eq!(view.clusters.len(), 1);
        assert_eq!(view.clusters[0].label, "bredbånd, mast");
    }

    #[test]
    fn html_is_escaped_self_contained_and_has_both_charts() {
        let html = render(&ReportView::build(&input()), ReportFormat::Html);
        assert!(
            html.contains("Titel &lt;a-01&gt; &amp; co"),
            "titles are escaped"
        );
        assert!(!html.contains("<a-01>"));
        assert_eq!(
            html.matches("<svg ").count(),
            4,
            "two charts, each wide and narrow"
        );
        for external in ["http://", "https://", "src=", "url(", "@import"] {
            assert!(
                !html.contains(external),
                "refers outside the page: {external}"
            );
        }
        assert!(html.contains("l. 1–10, 20–30"));
        // Links only to the page's own sections.
        assert!(html
            .match_indices("href=\"")
            .all(|(i, _)| html[i + 6..].starts_with('#')));
    }

    #[test]
    fn equal_counts_are_ranked_by_weight_not_by_the_alphabet() {
        let mut input = input();
        // Each of the three terms is in one AI article: their weights decide, not the alphabet
        // (which would put "aaa" first).
        let b01 = &mut input.issues[0].articles[0];
        b01.terms = vec![
            crate::output::Term {
                term: "aaa".to_owned(),
                weight: 0.05,
            },
            crate::output::Term {
                term: "chatbot".to_owned(),
                weight: 0.4,
            },
        ];
        let view = ReportView::build(&input);
        let ai = view.themes.iter().find(|t| t.id == "ai").unwrap();
        let terms: Vec<&str> = ai.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["chatbot", "sprogmodel", "aaa"]);
        assert!(ai.terms[0].weight > ai.terms[1].weight);
        assert_eq!(ai.terms[0].bar, 100.0);
        assert!(ai.terms[2].bar < ai.terms[1].bar);
    }

    #[test]
    fn the_span_names_the_dated_issues_and_counts_the_undated() {
        let mut input = input();
        assert_eq!(ReportView::build(&input).span, "2022-10 til 2024-10");
        input.issues[0].date = None;
        assert_eq!(ReportView::build(&input).span, "2022-10 · 1 udateret");
    }

    #[test]
    fn anchors_are_as_github_makes_them() {
        assert_eq!(anchor("Udvikling pr. år"), "udvikling-pr-år");
        assert_eq!(anchor("Grøn IT"), "grøn-it");
        assert_eq!(anchor("Fælles drift"), "fælles-drift");
    }

    #[test]
    fn articles_are_listed_by_issue_without_repeating_its_name() {
        let mut input = input();
        for issue in &mut input.issues {
            for a in &mut issue.articles {
                a.id = format!("{}-{}", issue.name, &a.id[2..]);
            }
        }
        // An id that does not start with its issue's name is shown whole.
        input.issues[0].articles[2].id = "other".to_owned();
        let view = ReportView::build(&input);
        let names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["a-2022", "b-2024"]);
        let numbers: Vec<&str> = view.groups[0]
            .articles
            .iter()
            .map(|a| a.number.as_str())
            .collect();
        assert_eq!(numbers, ["01", "02", "03"]);
        let numbers: Vec<&str> = view.groups[1]
            .articles
            .iter()
            .map(|a| a.number.as_str())
            .collect();
        assert_eq!(numbers, ["01", "02", "other"]);
    }

    #[test]
    fn markdown_has_the_same_content() {
        let md = render(&ReportView::build(&input()), ReportFormat::Markdown);
        assert!(md.starts_with("# Temarapport"));
        assert!(md.contains("| a-2022 |"));
        assert!(md.contains("Kunstig intelligens"));
        assert!(md.contains("sprogmodel"));
    }
}
