//! From classified lines to the units of an issue.
//!
//! Two passes. First the lines are cut into *blocks*: a block ends where the layout says a box
//! ends — at a new page (a line opening with one space), after an end mark or a "fortsættes på
//! side" note, or at a gap of two or more blank lines. Then the blocks are read in order and each
//! is given to a unit:
//!
//! - a block that reads like an advertisement (contact details, "du/jeres", no reported speech,
//!   no byline) becomes or extends an ad;
//! - a block with a byline starts an article, unless it is the head of the article the previous
//!   block began (the extraction often prints a page's headline and byline *after* its text), or
//!   the continuation of an article that said it goes on later, signed by the same author;
//! - a block without a byline continues the open article; after an end mark it is the article's
//!   tail (pull quotes, fact boxes, captions) until a new page starts; a new page after an end
//!   mark continues an article that said it goes on later, or else starts a unit of its own.
//!
//! Nothing here knows any title, name or advertiser: only layout and the shape of the words.

use super::lines::{Line, LineKind};

/// A run of lines that the layout keeps together. Indices into the line list, first and last
/// non-blank line inclusive.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub first: usize,
    pub last: usize,
    /// Line index of the first byline in the block.
    pub byline: Option<usize>,
    pub starts_page: bool,
    pub ends_article: bool,
    pub continues_later: bool,
    pub ad: AdEvidence,
    /// The block opens a new page with an article head: a section header, or headline lines
    /// followed by a wide standfirst, or a stack of short headline lines.
    pub opens_with_head: bool,
    /// The block follows two or more blank lines.
    pub after_gap: bool,
    /// The block opens with a short headline (one to three lines without closing punctuation)
    /// set off by a blank line from the text under it.
    pub opens_with_headline: bool,
}

/// How strongly a block reads as an advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AdEvidence {
    None,
    /// It addresses the reader and quotes nobody: an ad, or a fact box written to the reader.
    Voice,
    /// Contact details or an "ANNONCE" label, and nobody quoted.
    Contact,
}

/// Words that introduce reported speech: articles quote people, ads address the reader.
const SPEECH: &[&str] = &[
    "siger",
    "sagde",
    "fortæller",
    "fortaeller",
    "forteller",
    "fortzeller",
    "mener",
    "udtaler",
    "påpeger",
    "papeger",
    "tilføjer",
    "tilfojer",
    "forklarer",
    "understreger",
    "vurderer",
    "skriver",
];

/// Words that address the reader, the voice of advertising.
const READER: &[&str] = &["du", "dig", "din", "dit", "dine", "jer", "jeres"];

/// Splits classified lines into blocks.
pub(crate) fn blocks(lines: &[Line<'_>]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut blank_run = 0usize;
    let mut prev: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            blank_run += 1;
            continue;
        }
        let boundary = match prev {
            None => true,
            Some(p) => {
                line.page_start
                    || blank_run >= 2
                    || (line.tabbed && !lines[p].tabbed)
                    || matches!(lines[p].kind, LineKind::EndMark | LineKind::Continuation)
            }
        };
        if boundary {
            out.push(Block {
                first: i,
                last: i,
                byline: None,
                starts_page: line.page_start,
                ends_article: false,
                continues_later: false,
                ad: AdEvidence::None,
                opens_with_head: false,
                after_gap: prev.is_some() && blank_run >= 2,
                opens_with_headline: false,
            });
        }
        let block = out
            .last_mut()
            .expect("a block was pushed at the first line");
        block.last = i;
        match line.kind {
            LineKind::Byline if block.byline.is_none() => block.byline = Some(i),
            LineKind::EndMark => block.ends_article = true,
            LineKind::Continuation => block.continues_later = true,
            _ => {}
        }
        blank_run = 0;
        prev = Some(i);
    }
    for block in &mut out {
        let own = &lines[block.first..=block.last];
        block.ad = looks_like_ad(own, block.byline.is_some());
        block.opens_with_head = block.starts_page && opens_with_head(own);
        block.opens_with_headline = opens_with_headline(own);
    }
    out
}

/// Labels that head boxes inside an article, not articles.
const BOX_LABELS: &[&str] = &["FAKTA", "FAKTABOKS", "ANNONCE", "MENU", "KONTAKT"];

/// Whether a block starts like an article: a section header in capitals; or up to six short
/// headline lines followed by a wide standfirst; or three or more very short lines stacked as a
/// display headline. A continuation page starts with running text or a single subheading.
fn opens_with_head(block: &[Line<'_>]) -> bool {
    let mut text = block.iter().filter(|l| !l.is_blank());
    let Some(first) = text.next() else {
        return false;
    };
    // A page that opens mid-sentence ("som vi ville lukke ned," siger hun.) is running text
    // carried over from the page before, however short its first lines are.
    if first.tabbed
        || super::lines::opens_with_quote_mark(first.text)
        || first.text.trim_start().starts_with(char::is_lowercase)
    {
        return false;
    }
    if first.kind == LineKind::Caps && !BOX_LABELS.contains(&super::lines::strip_marks(first.text))
    {
        return true;
    }
    let head: Vec<&Line<'_>> = block
        .iter()
        .filter(|l| !l.is_blank())
        .take_while(|l| matches!(l.kind, LineKind::Text | LineKind::Caps) && l.width() <= 48)
        .take(7)
        .collect();
    let after = block.iter().filter(|l| !l.is_blank()).nth(head.len());
    let widest = head.iter().map(|l| l.width()).max().unwrap_or(0);
    let standfirst_follows = after.is_some_and(|l| l.width() >= 60 && l.width() * 4 >= widest * 5);
    let very_short = head.iter().take_while(|l| l.width() <= 32).count();
    (2..=6).contains(&head.len()) && standfirst_follows || very_short >= 3
}

/// Whether a block opens with one to three short lines that read as a headline (capital first,
/// no sentence punctuation at their ends), then a blank line, then running text.
fn opens_with_headline(block: &[Line<'_>]) -> bool {
    let Some(first) = block.first() else {
        return false;
    };
    if !first.text.trim_start().starts_with(char::is_uppercase) {
        return false;
    }
    let head_len = block.iter().take_while(|l| !l.is_blank()).count();
    let head = &block[..head_len];
    let body = block[head_len..].iter().find(|l| !l.is_blank());
    (1..=3).contains(&head_len)
        && head.iter().all(|l| {
            l.kind == LineKind::Text
                && l.width() <= 48
                && !l.text.trim_end().ends_with(['.', ',', ';', ':', '-'])
        })
        && body.is_some_and(|l| l.kind == LineKind::Text && l.width() >= 40)
}

/// Reads a block's words for the voice of advertising: contact details and a reader addressed
/// as "du"/"jer", without a byline or anybody quoted.
fn looks_like_ad(lines: &[Line<'_>], has_byline: bool) -> AdEvidence {
    if has_byline {
        return AdEvidence::None;
    }
    if lines.iter().any(|l| l.text.eq_ignore_ascii_case("annonce")) {
        return AdEvidence::Contact;
    }
    let mut words = 0usize;
    let mut speech = 0usize;
    let mut reader = 0usize;
    for line in lines {
        for word in line
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            let lower = word.to_lowercase();
            if SPEECH.contains(&lower.as_str()) {
                speech += 1;
            }
            if READER.contains(&lower.as_str()) {
                reader += 1;
            }
        }
    }
    let contact = lines.iter().filter(|l| l.contact).count();
    let promotion: usize = lines.iter().map(|l| promotion_marks(l.text)).sum();
    if words == 0 {
        AdEvidence::None
    } else if (contact >= 1 && speech == 0)
        || (contact >= 1 && speech <= 1 && reader >= 1)
        || (contact >= 2 && speech <= 1 && words < 600)
    {
        AdEvidence::Contact
    } else if speech == 0 && (reader * 100 >= words * 2 || promotion >= 2) {
        AdEvidence::Voice
    } else {
        AdEvidence::None
    }
}

/// Marks of advertising copy that Danish news style avoids: "35%" where a journalist writes
/// "35 pct.", a footnote star on a claim ("undersøgelse*"), an exclamation mark.
fn promotion_marks(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            match c {
                '%' => before.is_some_and(|b| b.is_ascii_digit() || b == ' '),
                '*' => before.is_some_and(char::is_alphabetic),
                '!' => before.is_some_and(char::is_alphabetic),
                _ => false,
            }
        })
        .count()
}

/// What the reading pass knows about a unit while it is being built.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub ad: bool,
    /// Line indices (non-blank lines only), in order.
    pub lines: Vec<usize>,
    pub byline: Option<usize>,
    /// An end mark has been seen: what follows on the same page is the unit's tail.
    pub closed: bool,
    /// A "fortsættes på side" note has been seen and the continuation has not ended yet.
    pub continues_later: bool,
    /// Index of the last block given to this unit.
    pub last_block: usize,
}

impl Draft {
    fn new(ad: bool, last_block: usize) -> Self {
        Draft {
            ad,
            lines: Vec::new(),
            byline: None,
            closed: false,
            continues_later: false,
            last_block,
        }
    }

    fn take(&mut self, lines: &[Line<'_>], range: std::ops::RangeInclusive<usize>, block: &Block) {
        // A continuation is printed on another page: once one arrives, nothing is pending.
        if block.starts_page {
            self.continues_later = false;
        }
        for i in range {
            if lines[i].is_blank() {
                continue;
            }
            if lines[i].kind == LineKind::Byline && self.byline.is_none() && !self.ad {
                self.byline = Some(i);
            }
            self.lines.push(i);
        }
        if block.ends_article {
            self.closed = true;
            self.continues_later = false;
        }
        if block.continues_later {
            self.continues_later = true;
            self.closed = false;
        }
    }
}

/// Groups blocks into units, in reading order of their first line.
pub(crate) fn group(lines: &[Line<'_>], blocks: &[Block]) -> Vec<Draft> {
    let mut units: Vec<Draft> = Vec::new();
    // The content unit that text without a byline belongs to.
    let mut current: Option<usize> = None;
    for (b, block) in blocks.iter().enumerate() {
        let range = block.first..=block.last;
        // Below an end mark on the same page sit the article's boxes and quotes, which may well
        // address the reader; only contact details make an ad there.
        let tail = current.is_some_and(|c| units[c].closed) && !block.starts_page;
        let is_ad = match block.ad {
            AdEvidence::Contact => true,
            AdEvidence::Voice => !tail,
            AdEvidence::None => false,
        };
        if is_ad {
            let extend = units
                .last()
                .is_some_and(|u| u.ad && u.last_block + 1 == b && !block.starts_page);
            if !extend {
                units.push(Draft::new(true, b));
            }
            let unit = units.last_mut().expect("an ad unit exists");
            unit.take(lines, range, block);
            unit.last_block = b;
            continue;
        }
        let target = match (block.byline, current) {
            (_, None) => None,
            // A byline repeated on a later page continues the article it signed, wherever the
            // pages between went.
            (Some(byline), Some(_)) => units.iter().rposition(|u| {
                !u.ad
                    && u.continues_later
                    && u.byline
                        .is_some_and(|own| lines[own].text == lines[byline].text)
            }),
            // Unsigned short items printed one after another: a headline after a wide gap
            // starts the next item.
            (None, Some(c))
                if block.after_gap
                    && block.opens_with_headline
                    && !units[c].closed
                    && units[c].byline.is_none()
                    && word_count(lines, &units[c].lines) >= 40 =>
            {
                None
            }
            (None, Some(c))
                if block.opens_with_head && !repeats_head(lines, block, &units[c].lines) =>
            {
                None
            }
            (None, Some(c)) => {
                let cur = &units[c];
                if !cur.closed {
                    Some(c)
                } else if block.starts_page {
                    // A new page after an end mark: the rest of an article that said it goes on
                    // later, or something new. An article whose author signs a later block
                    // again continues there, not here.
                    units.iter().rposition(|u| {
                        !u.ad
                            && u.continues_later
                            && !u.closed
                            && !signed_again_later(lines, &blocks[b + 1..], u.byline)
                    })
                } else {
                    Some(c)
                }
            }
        };
        let index = match target {
            Some(t) => t,
            None => {
                units.push(Draft::new(false, b));
                units.len() - 1
            }
        };
        units[index].take(lines, range, block);
        units[index].last_block = b;
        current = Some(index);
    }
    absorb_fragments(lines, &mut units);
    units.retain(|u| !u.lines.is_empty());
    units.sort_by_key(|u| u.lines[0]);
    units
}

/// Whether a later block carries the same byline: where an article's author signs again, its
/// continuation is printed.
fn signed_again_later(lines: &[Line<'_>], later: &[Block], byline: Option<usize>) -> bool {
    byline.is_some_and(|own| {
        later
            .iter()
            .filter_map(|block| block.byline)
            .any(|other| lines[other].text == lines[own].text)
    })
}

/// Whether a block's opening lines repeat text the unit already has: a title printed again in
/// display type on the article's next page is not a new article.
fn repeats_head(lines: &[Line<'_>], block: &Block, unit: &[usize]) -> bool {
    let opening: Vec<usize> = (block.first..=block.last)
        .filter(|&i| !lines[i].is_blank())
        .take(3)
        .collect();
    let needle = letters_only(lines, &opening);
    needle.chars().count() >= 12 && letters_only(lines, unit).contains(&needle)
}

/// The lowercase letters and digits of some lines, for comparing text across line breaks.
fn letters_only(lines: &[Line<'_>], indices: &[usize]) -> String {
    indices
        .iter()
        .flat_map(|&i| lines[i].text.chars())
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A content unit of a few words (a page banner, a stray label) is not a unit of its own: it
/// joins the unit that follows it directly, or the one before.
fn absorb_fragments(lines: &[Line<'_>], units: &mut [Draft]) {
    for i in 0..units.len() {
        if units[i].ad || units[i].lines.is_empty() || word_count(lines, &units[i].lines) >= 12 {
            continue;
        }
        let last = *units[i].lines.last().expect("not empty");
        let first = units[i].lines[0];
        let next = (0..units.len()).find(|&j| {
            j != i
                && !units[j].ad
                && units[j]
                    .lines
                    .first()
                    .is_some_and(|&f| f > last && only_blank_between(lines, last, f))
        });
        let prev = (0..units.len()).find(|&j| {
            j != i
                && !units[j].ad
                && units[j]
                    .lines
                    .last()
                    .is_some_and(|&l| l < first && only_blank_between(lines, l, first))
        });
        if let Some(j) = next.or(prev) {
            let moved = std::mem::take(&mut units[i].lines);
            units[j].lines.extend(moved);
            units[j].lines.sort_unstable();
        }
    }
}

fn only_blank_between(lines: &[Line<'_>], a: usize, b: usize) -> bool {
    lines[a + 1..b].iter().all(Line::is_blank)
}

pub(crate) fn word_count(lines: &[Line<'_>], indices: &[usize]) -> usize {
    indices
        .iter()
        .map(|&i| {
            lines[i]
                .text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lines::classify_lines;

    fn units_of(text: &str) -> Vec<Vec<usize>> {
        let lines = classify_lines(text);
        let blocks = blocks(&lines);
        group(&lines, &blocks)
            .into_iter()
            .map(|u| u.lines.iter().map(|&i| lines[i].no).collect())
            .collect()
    }

    #[test]
    fn end_mark_then_new_page_starts_a_new_unit() {
        let text = "Af Anna Berg\n\nKommunerne skal samarbejde mere om it og data, siger hun.\n‹‹‹\n \
                    Af Bo Dahl\n\nEt nyt datacenter skal spare strøm, siger han, og det er godt.\n‹‹‹\n";
        assert_eq!(units_of(text), vec![vec![1, 3, 4], vec![5, 7, 8]]);
    }

    #[test]
    fn text_after_an_ad_continues_the_open_article() {
        let text = "Af Anna Berg\n\nKommunerne skal samarbejde mere om it og om data og om \
                    sikkerhed, siger hun, og det er der\n\n\n\
                    Køb vores løsning i dag. Vi hjælper dig og jeres kommune.\nKontakt: info@firma.dk\n\n\n\
                    mange gode grunde til, mener hun. Alle skal med.\n‹‹‹\n";
        assert_eq!(units_of(text), vec![vec![1, 3, 10, 11], vec![6, 7]]);
    }

    #[test]
    fn continuation_signed_by_the_same_author_joins_its_article() {
        let text = " Af Anna Berg\n\nKommunerne skal samarbejde mere om it og om data og om \
                    sikkerhed, siger hun.\n- fortsættes på side 8 ›››\n \
                    Af Anna Berg\n\nDerfor er der mange gode grunde til at gå sammen, mener hun.\n‹‹‹\n";
        assert_eq!(units_of(text), vec![vec![1, 3, 4, 5, 7, 8]]);
    }

    #[test]
    fn a_page_opening_mid_sentence_continues_the_article() {
        let text = "Af Anna Berg\n\nKommunerne skal samarbejde mere om it og data, og det \
                    vil de gerne, for det er det,\n \
                    som vi ville lukke ned,” siger hun.\n\nTolv timer\n\
                    Da angrebet kom, blev netværket isoleret inden for en halv time og mere.\n‹‹‹\n";
        assert_eq!(units_of(text), vec![vec![1, 3, 4, 6, 7, 8]]);
    }

    #[test]
    fn unsigned_items_after_a_wide_gap_are_separate() {
        let brief = |title: &str| {
            format!(
                "{title}\n\nFlere kommuner har i løbet af efteråret modtaget fakturaer, der \
                 ligner dem fra kendte leverandører.\nØkonomiafdelingerne opfordres til altid at \
                 ringe til leverandøren på et kendt nummer, og aldrig at bruge det nummer, der står \
                 i selve mailen, når der kommer besked.\n"
            )
        };
        let text = format!(" {}\n\n{}", brief("Falske fakturaer"), brief("Ny platform"));
        assert_eq!(units_of(&text), vec![vec![1, 3, 4], vec![7, 9, 10]]);
    }

    #[test]
    fn a_repeated_byline_finds_its_article_past_other_pages() {
        let text = " Af Anna Berg\n\nKommunerne skal samarbejde mere om it og om data og om \
                    sikkerhed, siger hun.\n- fortsættes på side 8 ›››\n \
                    Af Bo Dahl\n\nEt nyt datacenter skal spare strøm, siger han, og det er godt.\n‹‹‹\n \
                    Af Anna Berg\n\nDerfor er der mange gode grunde til at gå sammen, mener hun.\n‹‹‹\n";
        assert_eq!(
            units_of(text),
            vec![vec![1, 3, 4, 9, 11, 12], vec![5, 7, 8]]
        );
    }
}
