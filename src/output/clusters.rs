//! The output of `tema cluster`: the clusters with their labels and terms, and every document
//! with its cluster and summary.

use comfy_table::Row;
use serde::Serialize;

use super::{add_row, fitted_table, Cell, Format, Layout, Sheet};
use crate::clusters::Topic;

/// One clustered document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusteredDocument {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The id of its cluster.
    pub cluster: usize,
    /// Summary sentences, in text order (empty without `--sentences`).
    pub summary: Vec<String>,
}

/// Everything `tema cluster` reports (`--format json` is this object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterReport {
    pub n_docs: usize,
    /// Terms in the vocabulary the documents were weighed with.
    pub vocab_size: usize,
    pub k: usize,
    pub seed: u64,
    /// When k was chosen: each k tried and its score (the silhouette beyond that of a
    /// topic-free null, [`crate::clusters::KCriterion::SilhouetteGap`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub k_scores: Vec<(usize, f64)>,
    pub clusters: Vec<Topic>,
    pub docs: Vec<ClusteredDocument>,
}

/// One line of `--format jsonl`: a document with its cluster's label.
#[derive(Serialize)]
struct DocumentLine<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    cluster: usize,
    label: &'a str,
    summary: &'a [String],
}

/// Renders a clustering: `json` the whole report, `jsonl` and `csv` one document per line
/// (with its cluster's label), `table` and `md` the clusters first, then the documents.
///
/// ```
/// use tema::output::{render_clusters, ClusterReport, ClusteredDocument, Format};
/// use tema::clusters::{Topic, TopicTerm};
/// let report = ClusterReport {
///     n_docs: 1, vocab_size: 2, k: 1, seed: 0, k_scores: vec![],
///     clusters: vec![Topic { id: 0, label: "skolen".into(), terms: vec![TopicTerm { term: "skolen".into(), weight: 0.5 }], size: 1, theme: None }],
///     docs: vec![ClusteredDocument { id: "a".into(), title: None, cluster: 0, summary: vec!["Skolen åbner.".into()] }],
/// };
/// let line = render_clusters(&report, Format::Jsonl);
/// assert_eq!(line, "{\"id\":\"a\",\"cluster\":0,\"label\":\"skolen\",\"summary\":[\"Skolen åbner.\"]}\n");
/// ```
pub fn render_clusters(report: &ClusterReport, format: Format) -> String {
    render_clusters_with(report, format, &Layout::default())
}

/// [`render_clusters`] laid out to `layout`.
pub fn render_clusters_with(report: &ClusterReport, format: Format, layout: &Layout) -> String {
    match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report).expect("reports serialise");
            out.push('\n');
            out
        }
        Format::Jsonl => {
            let mut out = String::new();
            for doc in &report.docs {
                let line = DocumentLine {
                    id: &doc.id,
                    title: doc.title.as_deref(),
                    cluster: doc.cluster,
                    label: label_of(report, doc.cluster),
                    summary: &doc.summary,
                };
                out.push_str(&serde_json::to_string(&line).expect("documents serialise"));
                out.push('\n');
            }
            out
        }
        Format::Csv => documents_sheet(report).to_csv(&layout.csv),
        Format::Table => clusters_table(report, layout.width),
        Format::Markdown => clusters_markdown(report),
    }
}

fn label_of(report: &ClusterReport, id: usize) -> &str {
    report
        .clusters
        .get(id)
        .map_or("", |cluster| cluster.label.as_str())
}

/// A clustering as sheets (`--format xlsx`): the documents with their cluster and label (what
/// `--format csv` shows), then the clusters with their size, theme, label and weighted terms.
pub fn cluster_sheets(report: &ClusterReport) -> Vec<Sheet> {
    let mut clusters = Sheet::new("clusters", &["cluster", "docs", "theme", "label", "terms"]);
    for cluster in &report.clusters {
        clusters.rows.push(vec![
            cluster.id.into(),
            cluster.size.into(),
            cluster.theme.as_deref().unwrap_or("").into(),
            cluster.label.as_str().into(),
            weighted_terms(cluster).into(),
        ]);
    }
    vec![documents_sheet(report), clusters]
}

fn documents_sheet(report: &ClusterReport) -> Sheet {
    let mut sheet = Sheet::new("documents", &["id", "title", "cluster", "label", "summary"]);
    for doc in &report.docs {
        sheet.rows.push(vec![
            doc.id.as_str().into(),
            doc.title.as_deref().unwrap_or("").into(),
            Cell::from(doc.cluster),
            label_of(report, doc.cluster).into(),
            doc.summary.join(" ").into(),
        ]);
    }
    sheet
}

fn clusters_table(report: &ClusterReport, width: u16) -> String {
    // The label names the cluster; its weighted terms (which start with the label's words) go
    // on the line below it, so both fit a narrow terminal.
    let mut clusters = fitted_table(
        &["cluster", "docs", "theme", "label / top terms"],
        &[0, 1, 2],
        width,
    );
    for cluster in &report.clusters {
        let mut row = Row::from([
            cluster.id.to_string(),
            cluster.size.to_string(),
            cluster.theme.clone().unwrap_or_else(|| "none".to_owned()),
            format!("{}\n{}", cluster.label, weighted_terms(cluster)),
        ]);
        row.max_height(4);
        clusters.add_row(row);
    }
    let mut docs = fitted_table(&["id", "cluster", "title or summary"], &[0, 1], width);
    for doc in &report.docs {
        let text = doc
            .title
            .clone()
            .or_else(|| doc.summary.first().cloned())
            .unwrap_or_default();
        add_row(&mut docs, [doc.id.clone(), doc.cluster.to_string(), text]);
    }
    format!("{clusters}\n\n{docs}\n")
}

/// "nis2 0.21, lovforslaget 0.12": a topic's terms with their weights, heaviest first.
fn weighted_terms(topic: &Topic) -> String {
    topic
        .terms
        .iter()
        .map(|t| format!("{} {:.2}", t.term, t.weight))
        .collect::<Vec<_>>()
        .join(", ")
}

fn clusters_markdown(report: &ClusterReport) -> String {
    let mut out = format!("# {} clusters of {} documents\n", report.k, report.n_docs);
    for cluster in &report.clusters {
        out.push_str(&format!(
            "\n## {}: {}\n\n*{} documents · theme: {} · {}*\n\n",
            cluster.id,
            cluster.label,
            cluster.size,
            cluster.theme.as_deref().unwrap_or("none"),
            weighted_terms(cluster)
        ));
        for doc in report.docs.iter().filter(|d| d.cluster == cluster.id) {
            out.push_str(&format!("- `{}`", doc.id));
            if let Some(title) = &doc.title {
                out.push_str(&format!(" **{title}**"));
            }
            if !doc.summary.is_empty() {
                out.push_str(&format!(": {}", doc.summary.join(" ")));
            }
            out.push('\n');
        }
    }
    out
}
