//! Ingest: from an issue's text to its units (articles, editorials, briefs, ads and the rest).
//!
//! The stage reads a file ([`read_text`]: size, binary and encoding checks), makes sure it is
//! Danish ([`danish_score`]), classifies every line by its layout traces, cuts the lines into
//! blocks, groups the blocks into units (an article interrupted by an ad or continued on a later
//! page stays one unit with several line ranges), and takes each unit apart into title, byline,
//! standfirst, body, pull quotes and fact boxes.
//!
//! ```
//! let text = "\
//!  CYBERSIKKERHED
//!
//! Af Anna Berg
//!
//! Kommunerne rykker
//! sammen om NIS2
//! Alle 98 kommuner skal have styr på it-sikkerheden, og det kræver samarbejde på tværs af landet, siger KL.
//!
//! Kommunerne skal nu samarbejde om sikker-
//! heden, siger Anna Berg. Det er ikke nemt, men det er nødvendigt for alle.
//!
//! ‹‹‹
//! ";
//! let units = tema::ingest::segment("demo", text);
//! assert_eq!(units.len(), 1);
//! let unit = &units[0];
//! assert_eq!(unit.id, "demo-01");
//! assert_eq!(unit.section.as_deref(), Some("CYBERSIKKERHED"));
//! assert_eq!(unit.byline.as_deref(), Some("Anna Berg"));
//! assert_eq!(unit.title.as_deref(), Some("Kommunerne rykker sammen om NIS2"));
//! assert!(unit.body.starts_with("Kommunerne skal nu samarbejde om sikkerheden"));
//! assert_eq!(unit.lines, vec![tema::ingest::LineRange(1, 12)]);
//! ```

mod anatomy;
mod dates;
mod decode;
mod documents;
mod evaluate;
mod identity;
mod language;
pub mod lines;
mod pdf;
mod segment;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;
pub use dates::{date_from_path, date_from_text, read_dates, IssueDate};
pub use decode::{decode_bytes, is_issue_file, read_text, Decoded, Encoding, MAX_ISSUE_BYTES};
pub use documents::{parse_documents, read_documents, Document, MAX_DOCUMENTS_BYTES};
pub use evaluate::{score_segmentation, AnnotatedUnit, Annotation, SegmentationScore};
pub use identity::issue_ids;
pub use language::{danish_score, danish_score_of, DanishScore, RivalLanguage};
pub use pdf::{is_pdf, read_pdf, PageSource, PdfPage};

/// What kind of unit a stretch of an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A signed feature or news story.
    Article,
    /// The leader, written by the association's chair or the editor.
    Editorial,
    /// A short unsigned news item or notice.
    Brief,
    /// An advertisement.
    Ad,
    /// Anything else: contents, masthead, page furniture.
    Other,
}

impl UnitKind {
    /// Articles, editorials and briefs: the units people read and tag.
    pub fn is_content(self) -> bool {
        matches!(
            self,
            UnitKind::Article | UnitKind::Editorial | UnitKind::Brief
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Article => "article",
            UnitKind::Editorial => "editorial",
            UnitKind::Brief => "brief",
            UnitKind::Ad => "ad",
            UnitKind::Other => "other",
        }
    }
}

/// A 1-based, inclusive range of line numbers in the input file; serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRange(pub usize, pub usize);

impl LineRange {
    /// Whether a 1-based line number lies in the range.
    pub fn contains(&self, line: usize) -> bool {
        self.0 <= line && line <= self.1
    }
}

/// One unit of an issue: an article, editorial, brief, ad or other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// `<issue-stem>-NN`, numbered in reading order.
    pub id: String,
    pub kind: UnitKind,
    /// The input lines that belong to the unit, in order; several ranges when an ad interrupts
    /// it or it continues on a later page.
    pub lines: Vec<LineRange>,
    /// The printed section header ("CYBERSIKKERHED"), if any.
    pub section: Option<String>,
    pub title: Option<String>,
    /// The author, without "Af ".
    pub byline: Option<String>,
    /// The introductory paragraph set apart from the body.
    pub standfirst: Option<String>,
    /// Running text: hyphenation undone, paragraphs separated by blank lines, without title,
    /// standfirst, pull quotes, fact boxes, captions, page numbers and end marks.
    pub body: String,
    /// Quotes repeated from the body in large type.
    pub pull_quotes: Vec<String>,
    /// Boxes of facts printed with the unit, after its end mark.
    pub fact_boxes: Vec<String>,
    /// Words in the body.
    pub words: usize,
    /// The pages (1-based) the unit is printed on, for a unit of a PDF issue; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<usize>,
}

/// An issue read from a file and cut into units.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// The file stem, which prefixes every unit id.
    pub name: String,
    pub path: PathBuf,
    pub encoding: Encoding,
    /// Where each page of a PDF issue starts in its text; empty for a text file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PdfPage>,
    pub units: Vec<Unit>,
}

/// Reads, checks and segments one issue file.
pub fn read_issue(path: &Path) -> Result<Issue> {
    issue_from_text(path, read_text(path)?)
}

/// Checks and segments an issue already read; `path` names it and gives its units their ids.
pub fn issue_from_text(path: &Path, decoded: Decoded) -> Result<Issue> {
    danish_score(&decoded.text).check(path)?;
    let name = issue_name(path);
    let mut units = segment(&name, &decoded.text);
    assign_pages(&mut units, &decoded.pages);
    Ok(Issue {
        name,
        path: path.to_path_buf(),
        encoding: decoded.encoding,
        pages: decoded.pages,
        units,
    })
}

/// Gives each unit of a PDF issue the pages it is printed on, from where each page starts
/// ([`Decoded::pages`]); leaves the units of a text issue without pages.
pub fn assign_pages(units: &mut [Unit], pages: &[PdfPage]) {
    for unit in units {
        unit.pages = pages_of(pages, &unit.lines);
    }
}

/// The pages (1-based) that hold some of `lines`, given where each page starts; none when the
/// issue has no pages (a text file).
fn pages_of(pages: &[PdfPage], lines: &[LineRange]) -> Vec<usize> {
    let page_of = |line: usize| pages.partition_point(|p| p.first_line <= line);
    let mut out: Vec<usize> = Vec::new();
    if pages.is_empty() {
        return out;
    }
    for range in lines {
        for page in page_of(range.0).max(1)..=page_of(range.1).max(1) {
            // A page with no lines of its own starts where the next one does: it holds none.
            let holds = pages[page - 1].first_line
                != pages.get(page).map_or(usize::MAX, |next| next.first_line);
            if holds && !out.contains(&page) {
                out.push(page);
            }
        }
    }
    out.sort_unstable();
    out
}

/// The name an issue's units are prefixed with: the file stem.
pub fn issue_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "issue".to_owned())
}

/// Cuts an issue's text into units, in reading order. `name` prefixes the ids.
pub fn segment(name: &str, text: &str) -> Vec<Unit> {
    let lines = lines::classify_lines(text);
    let blocks = segment::blocks(&lines);
    let mut drafts = segment::group(&lines, &blocks);
    let mut parts: Vec<anatomy::Anatomy> = drafts
        .iter()
        .map(|d| anatomy::dissect(&lines, &d.lines, d.byline))
        .collect();
    join_heads_to_bodies(&lines, &mut drafts, &mut parts);
    let width = if drafts.len() >= 100 { 3 } else { 2 };
    drafts
        .iter()
        .zip(parts)
        .enumerate()
        .map(|(n, (draft, parts))| {
            let words = parts.body.split_whitespace().count();
            let kind = if draft.ad {
                UnitKind::Ad
            } else {
                kind_of(&parts, &lines, &draft.lines)
            };
            Unit {
                id: format!("{name}-{:0width$}", n + 1),
                kind,
                lines: ranges(&lines, &draft.lines),
                section: parts.section,
                title: parts.title,
                byline: parts.byline,
                standfirst: parts.standfirst,
                body: parts.body,
                pull_quotes: parts.pull_quotes,
                fact_boxes: parts.fact_boxes,
                words,
                pages: Vec::new(),
            }
        })
        .collect()
}

/// A head without a body (title and standfirst, a few words, no byline) directly followed by a
/// signed body without a title is one article whose page break fell between the two.
fn join_heads_to_bodies(
    lines: &[lines::Line<'_>],
    drafts: &mut Vec<segment::Draft>,
    parts: &mut Vec<anatomy::Anatomy>,
) {
    let mut i = 0;
    while i + 1 < drafts.len() {
        let (head, body) = (&drafts[i], &drafts[i + 1]);
        let joins = !head.ad
            && !body.ad
            && head.byline.is_none()
            && body.byline.is_some()
            && parts[i].title.is_some()
            && parts[i].body.split_whitespace().count() < 60
            && parts[i + 1].title.is_none()
            && head.lines.last() < body.lines.first();
        if joins {
            let head = drafts.remove(i);
            parts.remove(i);
            let body = &mut drafts[i];
            let mut merged = head.lines;
            merged.extend_from_slice(&body.lines);
            body.lines = merged;
            parts[i] = anatomy::dissect(lines, &body.lines, body.byline);
        }
        i += 1;
    }
}

/// Titles people sign a leader with.
const LEADER_ROLES: &[&str] = &["formand", "forperson", "chefredaktør", "redaktør", "leder"];

/// Words a masthead (colophon) is made of.
const MASTHEAD_WORDS: &[&str] = &[
    "redaktion",
    "redaktør",
    "ansvarshavende",
    "udgiver",
    "issn",
    "oplag",
    "tryk",
    "layout",
    "abonnement",
    "annoncesalg",
    "forsidefoto",
    "redaktionen",
    "udgivet",
];

fn kind_of(parts: &anatomy::Anatomy, lines: &[lines::Line<'_>], unit: &[usize]) -> UnitKind {
    let words = segment::word_count(lines, unit);
    let byline = parts.byline.as_deref().unwrap_or("").to_lowercase();
    let section = parts.section.as_deref().unwrap_or("").to_lowercase();
    if words < 25 || is_contents_or_masthead(lines, unit) {
        UnitKind::Other
    } else if LEADER_ROLES
        .iter()
        .any(|role| byline.split_whitespace().next() == Some(role))
        || section == "leder"
    {
        UnitKind::Editorial
    } else if parts.byline.is_none() && words < 450 {
        UnitKind::Brief
    } else {
        UnitKind::Article
    }
}

/// A table of contents (most lines start or end with a page number) or a masthead (the words
/// colophons are made of), without anybody quoted.
fn is_contents_or_masthead(lines: &[lines::Line<'_>], unit: &[usize]) -> bool {
    let texts: Vec<&str> = unit.iter().map(|&i| lines[i].text).collect();
    let page_numbered = texts
        .iter()
        .filter(|t| {
            let first = t.split_whitespace().next().unwrap_or("");
            let last = t.split_whitespace().last().unwrap_or("");
            let number =
                |w: &str| !w.is_empty() && w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit());
            number(first) || number(last)
        })
        .count();
    let masthead = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| MASTHEAD_WORDS.contains(&w.to_lowercase().as_str()))
        .count();
    let quoted = texts
        .iter()
        .any(|t| t.contains(" siger") || t.contains(" fortæller"));
    !quoted && (texts.len() >= 4 && page_numbered * 2 >= texts.len() || masthead >= 3)
}

/// Compresses a unit's line indices into ranges of 1-based line numbers; blank lines between
/// two of its lines do not break a range.
fn ranges(lines: &[lines::Line<'_>], indices: &[usize]) -> Vec<LineRange> {
    let mut out: Vec<LineRange> = Vec::new();
    let mut prev: Option<usize> = None;
    for &i in indices {
        let joined =
            prev.is_some_and(|p| i > p && lines[p + 1..i].iter().all(lines::Line::is_blank));
        match out.last_mut() {
            Some(range) if joined => range.1 = lines[i].no,
            _ => out.push(LineRange(lines[i].no, lines[i].no)),
        }
        prev = Some(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_get_the_pages_their_lines_are_on() {
        let page = |first_line| PdfPage {
            first_line,
            source: PageSource::Text,
        };
        // Page 2 is empty: it starts where page 3 does.
        let pages = [page(1), page(10), page(10), page(20)];
        assert_eq!(pages_of(&pages, &[LineRange(2, 5)]), [1]);
        assert_eq!(pages_of(&pages, &[LineRange(8, 12)]), [1, 3]);
        assert_eq!(
            pages_of(&pages, &[LineRange(25, 30), LineRange(3, 4)]),
            [1, 4]
        );
        assert!(pages_of(&[], &[LineRange(1, 2)]).is_empty());
    }

    fn kinds(text: &str) -> Vec<UnitKind> {
        segment("t", text).iter().map(|u| u.kind).collect()
    }

    #[test]
    fn contents_and_masthead_are_other() {
        let contents = " INDHOLD\n\n4 Leder: Fælles drift er vejen frem\n6 Cybersikkerhed i kommunerne \
                        kræver samarbejde\n10 Grøn IT: levetidsforlængelse af udstyr\n14 Kunstig \
                        intelligens i borgerservice og jobcentre\n18 Nyt fra foreningen og fra bestyrelsen\n";
        assert_eq!(kinds(contents), [UnitKind::Other]);
        let masthead =
            " Magasinet udgives af foreningen for kommunale it-chefer fire gange om året.\n\
                        Ansvarshavende redaktør: Anna Berg\nRedaktion: Bo Dahl og Carl Eriksen, \
                        journalister\nLayout: Grafisk Hus\nTryk: Trykkeriet i Vejle\nOplag: 2.500 \
                        eksemplarer\nISSN 1234-5678\n";
        assert_eq!(kinds(masthead), [UnitKind::Other]);
    }

    #[test]
    fn unsigned_short_news_is_a_brief_and_a_signed_leader_an_editorial() {
        let brief = " Ny pulje til bredbånd\n\nStyrelsen åbner nu for ansøgninger til puljen, og \
                     kommunerne kan søge frem til december, skriver styrelsen i en meddelelse. \
                     Der er afsat 50 mio. kr. i år, og flere hundrede adresser kan få hurtigt \
                     internet.\n";
        assert_eq!(kinds(brief), [UnitKind::Brief]);
        let leader = "Af formand Anna Berg\n\nKære medlemmer. Året har budt på mange nye opgaver \
                      for kommunerne, og foreningen har arbejdet for at samle erfaringerne på \
                      tværs, så alle kan få glæde af dem i det kommende år.\n";
        assert_eq!(kinds(leader), [UnitKind::Editorial]);
    }
}
