//! The parts of one unit: section, byline, title, standfirst, pull quotes, fact boxes and body.
//!
//! The head of an article (title, standfirst, section, byline) sits near its byline, before it
//! in one layout and after it in the other, and a standfirst is set wider than the body columns.
//! Pull quotes repeat a sentence of the body: they are found by that repetition (word pairs shared
//! with text elsewhere in the unit), helped by the tab or quote mark that opens them. Whatever is
//! left is the body, rejoined across line-end hyphens and page breaks.

use std::collections::{HashMap, HashSet};

use super::lines::{strip_marks, Line, LineKind};

/// The parts of a unit, as line indices and cleaned strings.
#[derive(Debug, Default, Clone)]
pub(crate) struct Anatomy {
    pub section: Option<String>,
    pub byline: Option<String>,
    pub title: Option<String>,
    pub standfirst: Option<String>,
    pub body: String,
    pub pull_quotes: Vec<String>,
    pub fact_boxes: Vec<String>,
}

/// Takes a unit apart. `unit` holds the unit's non-blank line indices in order.
pub(crate) fn dissect(lines: &[Line<'_>], unit: &[usize], byline: Option<usize>) -> Anatomy {
    let mut anatomy = Anatomy::default();
    let mut used: HashSet<usize> = HashSet::new();

    if let Some(b) = byline {
        anatomy.byline = super::lines::byline_name(lines[b].text).map(clean_byline);
        used.insert(b);
    }

    // Section: the caps line nearest the head (just above the byline in one layout, above the
    // title in the other), or at the unit's very top.
    let anchor = byline.unwrap_or(unit[0]);
    let pos_anchor = unit.iter().position(|&i| i == anchor).unwrap_or(0);
    let section = unit
        .iter()
        .enumerate()
        .filter(|&(pos, &i)| {
            (pos.abs_diff(pos_anchor) <= 3 || pos < 2)
                && lines[i].kind == LineKind::Caps
                && is_section_name(lines[i].text)
        })
        .min_by_key(|&(pos, _)| pos.abs_diff(pos_anchor));
    let mut section = section.map(|(_, &i)| i);
    if let Some(i) = section {
        anatomy.section = Some(strip_marks(lines[i].text).to_owned());
        used.insert(i);
    }

    let median = median_width(lines, unit);
    if let Some((mut title, standfirst)) =
        find_head(lines, unit, pos_anchor, median, byline.is_some())
    {
        // Capitals set line on line on top of a headline under the byline are the headline's
        // first words in large type ("DIGIT / udmel"), not a section.
        if let (Some(s), Some(b), Some(&first)) = (section, byline, title.first()) {
            if s > b && s + 1 == first && strip_marks(lines[s].text) == lines[s].text {
                title.insert(0, s);
                anatomy.section = None;
                section = None;
            }
        }
        let _ = section;
        if !standfirst.is_empty() {
            anatomy.standfirst = Some(join_lines(lines, &standfirst));
        }
        // Drop-cap and pull-quote fragments set among the headline lines stay out of its text
        // (their lines still belong to the head, not the body).
        let words: Vec<usize> = title
            .iter()
            .copied()
            .filter(|&i| !headline_fragment(lines[i].text))
            .collect();
        anatomy.title = Some(join_lines(lines, &words));
        if let Some(&first) = title.first() {
            used.extend(kicker_above(lines, unit, first));
        }
        used.extend(title);
        used.extend(standfirst);
    }

    // After an end mark the unit's tail is boxes and quotes, never body.
    let end = unit
        .iter()
        .position(|&i| lines[i].kind == LineKind::EndMark)
        .unwrap_or(unit.len());
    let quotes = pull_quote_runs(lines, unit, &used);
    for run in &quotes {
        let text = join_lines(lines, run);
        if !text.is_empty() {
            anatomy.pull_quotes.push(text);
        }
        used.extend(run.iter().copied());
    }

    let mut body: Vec<usize> = Vec::new();
    let mut tail: Vec<usize> = Vec::new();
    for (pos, &i) in unit.iter().enumerate() {
        if used.contains(&i) || !carries_text(&lines[i]) {
            continue;
        }
        if pos > end {
            tail.push(i);
        } else {
            body.push(i);
        }
    }
    anatomy.body = join_paragraphs(lines, &body, median);
    if !tail.is_empty() {
        let text = join_lines(lines, &tail);
        if !text.is_empty() {
            anatomy.fact_boxes.push(text);
        }
    }
    anatomy
}

/// Section names are one to five words in capitals; fact-box labels are not sections.
fn is_section_name(text: &str) -> bool {
    let name = strip_marks(text);
    !matches!(name, "FAKTA" | "FAKTABOKS" | "ANNONCE" | "MENU")
        && name.split_whitespace().count() <= 5
}

/// Lines that belong in running text: not marks, notes, credits, labels or page numbers.
fn carries_text(line: &Line<'_>) -> bool {
    matches!(line.kind, LineKind::Text | LineKind::Byline)
}

fn clean_byline(name: &str) -> String {
    // "formand Henrik Brix ‹ KITA": the glyph stands for a separator in print.
    let parts: Vec<&str> = name
        .split(['‹', '<', '«'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(", ")
}

fn median_width(lines: &[Line<'_>], unit: &[usize]) -> usize {
    let mut widths: Vec<usize> = unit
        .iter()
        .filter(|&&i| lines[i].kind == LineKind::Text && lines[i].width() >= 25)
        .map(|&i| lines[i].width())
        .collect();
    if widths.is_empty() {
        return 70;
    }
    widths.sort_unstable();
    widths[widths.len() / 2]
}

/// A headline line: clearly shorter than the body column, no sentence or hyphen at its end
/// (abbreviations such as "kr." aside).
fn headline_like(line: &Line<'_>, median: usize) -> bool {
    let abbreviation_end = ["kr.", "mio.", "mia.", "pct.", "nr."]
        .iter()
        .any(|a| line.text.ends_with(a));
    line.kind == LineKind::Text
        && line.width() <= 48
        && line.width() * 10 <= median * 8
        && (!line.text.ends_with(['-', ',', ';', '.']) || abbreviation_end)
        && !line.tabbed
}

/// A line that may stand in a headline: [`headline_like`], or a line opening a quotation that
/// runs on to the next line ("“Vi øvede angrebet," / "før det kom”"), whose comma is the
/// quotation's, not a sentence's.
fn title_line_like(line: &Line<'_>, median: usize) -> bool {
    if headline_like(line, median) {
        return true;
    }
    let text = line.text;
    let opens = text.starts_with(['“', '"', '„', '«']) && !text.contains(['”', '»']);
    opens
        && text.ends_with(',')
        && !line.tabbed
        && line.kind == LineKind::Text
        && line.width() <= 48
        && line.width() * 10 <= median * 8
}

/// A line among the headline lines that is no part of the headline's words: a drop-cap or
/// pull-quote fragment (`’ ‘ Nzestved`, `|`), or a lone token of OCR debris with a full stop
/// inside it (`alm.t`).
fn headline_fragment(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    let debris = !text.contains(char::is_whitespace)
        && text
            .char_indices()
            .any(|(at, c)| c == '.' && text[at + 1..].starts_with(char::is_alphabetic))
        && text[..text.find('.').unwrap_or(0)]
            .chars()
            .all(char::is_lowercase);
    letters < 2 || super::lines::opens_with_quote_mark(text) || debris
}

/// A standfirst line: set wider than the body text.
fn standfirst_like(line: &Line<'_>, median: usize) -> bool {
    line.kind == LineKind::Text && line.width() >= 85 && line.width() * 10 >= median * 13
}

/// Finds the title and standfirst lines of a unit, given the position of its anchor (the
/// byline, or the first line) in `unit`.
///
/// The standfirst is the run of wide lines with a headline above it nearest the anchor. Without
/// one, the title is the headline just above the section and byline (the layout that prints the
/// head at the foot of the page) or, failing that, the one just below them.
fn find_head(
    lines: &[Line<'_>],
    unit: &[usize],
    pos_anchor: usize,
    median: usize,
    has_byline: bool,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut best: Option<(usize, usize)> = None; // first and last position in `unit`
                                                 // The first standfirst with no headline above it (first and last position).
    let mut untitled: Option<(usize, usize)> = None;
    let mut pos = 0;
    while pos < unit.len() {
        if standfirst_like(&lines[unit[pos]], median) {
            let start = pos;
            while pos + 1 < unit.len()
                && standfirst_like(&lines[unit[pos + 1]], median)
                && unit[pos + 1] <= unit[pos] + 2
            {
                pos += 1;
            }
            // Six wide lines in a row are a wide body, not a standfirst.
            let short_enough = pos - start < 6;
            let closer = |s: usize| s.abs_diff(pos_anchor);
            let titled = !title_before(lines, unit, start, median).is_empty();
            if short_enough && titled && best.is_none_or(|(b, _)| closer(start) < closer(b)) {
                best = Some((start, pos));
            }
            if short_enough && !titled && untitled.is_none() {
                untitled = Some((start, standfirst_end(lines, unit, start, pos)));
            }
        }
        pos += 1;
    }
    if let Some((start, end)) = best {
        let end = standfirst_end(lines, unit, start, end);
        let title = title_before(lines, unit, start, median);
        return Some((title, unit[start..=end].to_vec()));
    }
    if has_byline {
        let above = title_before(lines, unit, pos_anchor, median);
        if !above.is_empty() {
            return Some((above, Vec::new()));
        }
    }
    let from = if has_byline { pos_anchor + 1 } else { 0 };
    let mut title: Vec<usize> = Vec::new();
    for &i in unit.iter().skip(from) {
        let line = &lines[i];
        if matches!(line.kind, LineKind::Caps | LineKind::Byline) && title.is_empty() {
            continue;
        }
        // A headline under a byline broken over lines set apart runs on in lower case; a
        // capital after a blank line starts what follows it (a lede in large type).
        if has_byline
            && title.last().is_some_and(|&above| i > above + 1)
            && line.text.starts_with(char::is_uppercase)
        {
            break;
        }
        if title_line_like(line, median) && title.len() < 6 {
            title.push(i);
        } else {
            break;
        }
    }
    drop_kicker(lines, &mut title);
    if title.is_empty() {
        // No headline above or below the head: the layout may set it just under the
        // standfirst ("Velkommen til / cybersamfundet" below the wide lines).
        if let Some((start, end)) = untitled {
            let below = title_after(lines, unit, end + 1, median);
            if !below.is_empty() {
                return Some((below, unit[start..=end].to_vec()));
            }
        }
    }
    (!title.is_empty()).then(|| (title, Vec::new()))
}

/// Where the standfirst whose wide lines run from position `start` to `end` ends: its last
/// lines may be short, as its paragraph runs on until a sentence ends.
fn standfirst_end(lines: &[Line<'_>], unit: &[usize], start: usize, mut end: usize) -> usize {
    while end + 1 < unit.len()
        && end - start < 8
        && unit[end + 1] <= unit[end] + 2
        && lines[unit[end + 1]].kind == LineKind::Text
        && !lines[unit[end]].text.ends_with(['.', '!', '?', '”', '"'])
    {
        end += 1;
    }
    end
}

/// The headline lines from position `start` on, set line under line (no blank between them).
fn title_after(lines: &[Line<'_>], unit: &[usize], start: usize, median: usize) -> Vec<usize> {
    let mut title: Vec<usize> = Vec::new();
    for &i in unit.iter().skip(start) {
        let follows = title.last().is_none_or(|&above| i == above + 1);
        if !follows || title.len() == 6 || !title_line_like(&lines[i], median) {
            break;
        }
        title.push(i);
    }
    drop_kicker(lines, &mut title);
    title
}

/// The headline lines directly above position `start`, skipping section and byline lines.
fn title_before(lines: &[Line<'_>], unit: &[usize], start: usize, median: usize) -> Vec<usize> {
    let mut title: Vec<usize> = Vec::new();
    let mut pos = start;
    while pos > 0 && title.len() < 6 {
        pos -= 1;
        let i = unit[pos];
        let line = &lines[i];
        if matches!(line.kind, LineKind::Caps | LineKind::Byline) && title.is_empty() {
            continue;
        }
        if !title_line_like(line, median) {
            break;
        }
        title.push(i);
        // The first line of a page is as far up as a page's head reaches.
        if line.page_start {
            break;
        }
    }
    title.reverse();
    drop_kicker(lines, &mut title);
    title
}

/// The kicker naming the speaker printed just above a headline ("Direktør Christian Harsløf,
/// KL:"), which [`drop_kicker`] keeps out of the title: a short line ending in a colon, with the
/// short lines set directly above it (no blank line between) that it runs on from
/// ("EU-parlamentariker / Morten Løkkegaard (V):"). It belongs to the head, not the body.
fn kicker_above(lines: &[Line<'_>], unit: &[usize], title_start: usize) -> Vec<usize> {
    let Some(mut pos) = unit.iter().position(|&i| i == title_start) else {
        return Vec::new();
    };
    let mut kicker: Vec<usize> = Vec::new();
    while pos > 0 {
        pos -= 1;
        let line = &lines[unit[pos]];
        let fits = match kicker.last() {
            None => line.text.ends_with(':'),
            Some(&below) => unit[pos] + 1 == below && !line.text.ends_with(['.', '!', '?']),
        };
        if line.kind != LineKind::Text || line.width() > 48 || !fits {
            break;
        }
        kicker.push(unit[pos]);
        if line.page_start {
            break;
        }
    }
    kicker
}

/// Drops a kicker naming the speaker ("EU-parlamentariker / Morten Løkkegaard (V):") from the
/// top of a title: everything up to the last line ending in a colon, if a headline remains.
/// A kicker names someone, so it has at least two words: a lone name before a colon
/// ("IT-Forsyningen:") opens the headline itself.
fn drop_kicker(lines: &[Line<'_>], title: &mut Vec<usize>) {
    if let Some(k) = title.iter().rposition(|&i| lines[i].text.ends_with(':')) {
        let words: usize = title[..=k]
            .iter()
            .map(|&i| lines[i].text.split_whitespace().count())
            .sum();
        if k + 1 < title.len() && words >= 2 {
            title.drain(..=k);
        }
    }
}

/// Word pairs of a line, lowercased, letters and digits only: the unit of repetition. Each pair
/// is kept as a 64-bit FNV-1a hash, which is all a comparison needs and costs no allocation.
fn pairs(text: &str) -> Vec<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let word_hash = |word: &str| {
        word.chars()
            .flat_map(char::to_lowercase)
            .fold(OFFSET, |h, c| (h ^ u64::from(c)).wrapping_mul(PRIME))
    };
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(word_hash)
        .collect();
    words
        .windows(2)
        .map(|w| (w[0].rotate_left(29) ^ w[1]).wrapping_mul(PRIME))
        .collect()
}

/// Runs of lines that repeat text found elsewhere in the unit and open like a pull quote (a tab
/// or a quotation mark), with the attribution and closing mark that follow them.
fn pull_quote_runs(lines: &[Line<'_>], unit: &[usize], used: &HashSet<usize>) -> Vec<Vec<usize>> {
    // Where each word pair occurs, by position in the unit.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    let line_pairs: Vec<Vec<u64>> = unit.iter().map(|&i| pairs(lines[i].text)).collect();
    for (pos, ps) in line_pairs.iter().enumerate() {
        for &p in ps {
            seen.entry(p).or_default().push(pos);
        }
    }
    let repeated = |pos: usize, lo: usize, hi: usize| -> bool {
        let ps = &line_pairs[pos];
        if ps.is_empty() {
            return false;
        }
        let hits = ps
            .iter()
            .filter(|p| seen[p].iter().any(|&q| q < lo || q > hi))
            .count();
        hits * 2 >= ps.len()
    };

    let mut runs = Vec::new();
    let mut pos = 0;
    while pos < unit.len() {
        let line = &lines[unit[pos]];
        if used.contains(&unit[pos]) || line.kind != LineKind::Text {
            pos += 1;
            continue;
        }
        if opens_quotation(line.text) {
            let end = run_end(lines, unit, pos);
            if let Some(last) = attributed_quote_across_a_sentence(lines, unit, pos, end, used) {
                runs.push(unit[pos..=last].to_vec());
                pos = last + 1;
                continue;
            }
        }
        if !line.tabbed && !super::lines::opens_with_quote_mark(line.text) {
            pos += 1;
            continue;
        }
        let end = run_end(lines, unit, pos);
        // A quote set into the column in the middle of a sentence, which goes on in lower case
        // after the quote's attribution ("… fra 60 | ’ Vi gennemfører … | Kontorchef Charlotte
        // Jacoby, Digitaliseringsstyrelsen | til 90 dage …"): quote and attribution end at the
        // attribution, whether or not the body repeats the quote.
        if let Some(attribution) = interrupting_quote(lines, unit, pos, used) {
            runs.push(unit[pos..=attribution].to_vec());
            pos = attribution + 1;
            continue;
        }
        let repeating = (pos..=end).filter(|&p| repeated(p, pos, end)).count();
        let speech = (pos..=end).any(|p| mentions_speech(lines[unit[p]].text));
        // A tabbed quote closed by an attributed quotation mark is a quote box even when the
        // body does not repeat it.
        let boxed = line.tabbed
            && unit[end + 1..unit.len().min(end + 4)]
                .iter()
                .any(|&i| lines[i].kind == LineKind::QuoteClose || lines[i].text.ends_with('”'));
        if (repeating * 2 > end - pos + 1 || boxed) && !speech {
            let mut run: Vec<usize> = unit[pos..=end].to_vec();
            // Attribution (one or two short lines) and a lone closing mark.
            let mut next = end + 1;
            while next < unit.len() && next <= end + 3 {
                let l = &lines[unit[next]];
                let attribution = l.kind == LineKind::Text
                    && l.width() <= 70
                    && !l.text.ends_with('.')
                    && l.text.chars().next().is_some_and(char::is_uppercase)
                    && !repeated(next, pos, end);
                if l.kind == LineKind::QuoteClose || attribution {
                    run.push(unit[next]);
                    next += 1;
                } else {
                    break;
                }
            }
            runs.push(run);
            pos = next;
        } else {
            pos = end + 1;
        }
    }
    runs
}

/// The last line of the run that opens at `unit[pos]`: the text lines after it, until a blank gap
/// of more than one line, a non-text line, a new page or a pull quote's tab.
fn run_end(lines: &[Line<'_>], unit: &[usize], pos: usize) -> usize {
    let mut end = pos;
    while end + 1 < unit.len()
        && lines[unit[end + 1]].kind == LineKind::Text
        && unit[end + 1] <= unit[end] + 2
        && !lines[unit[end + 1]].page_start
        && (!lines[unit[end + 1]].tabbed || lines[unit[end]].tabbed)
        && end - pos < 14
    {
        end += 1;
    }
    end
}

/// Whether a line opens a quotation: an opening quotation mark before a capital, or the OCR'd
/// pull-quote form of a mark and a space.
fn opens_quotation(text: &str) -> bool {
    let mut chars = text.chars();
    super::lines::opens_with_quote_mark(text)
        || (chars
            .next()
            .is_some_and(crate::text::punct::is_double_quote)
            && chars.next().is_some_and(char::is_uppercase))
}

/// Whether a quote opens at `unit[pos]` while the body text before it is in mid-sentence: the text
/// line before has no final stop.
fn quote_opens_mid_sentence(
    lines: &[Line<'_>],
    unit: &[usize],
    pos: usize,
    used: &HashSet<usize>,
) -> bool {
    if pos == 0 || !opens_quotation(lines[unit[pos]].text) {
        return false;
    }
    let before = &lines[unit[pos - 1]];
    before.kind == LineKind::Text
        && !used.contains(&unit[pos - 1])
        && before
            .text
            .ends_with(|c: char| c.is_alphanumeric() || c == ',')
}

/// Where the attribution of a quote that opens at `unit[pos]` ends, when the quote interrupts a
/// sentence: the text line before it has no final stop, and within a few lines a short attribution
/// on a line of its own (a capital, a comma, no final stop, blank lines around it) is followed by
/// running text that opens in lower case. A wrapped line of a quoted paragraph has no blank lines
/// around it, so a paragraph that merely opens with a quotation stays in the body.
fn interrupting_quote(
    lines: &[Line<'_>],
    unit: &[usize],
    pos: usize,
    used: &HashSet<usize>,
) -> Option<usize> {
    if !quote_opens_mid_sentence(lines, unit, pos, used) {
        return None;
    }
    (pos + 1..unit.len().min(pos + 12)).find(|&k| {
        let line = &lines[unit[k]];
        let Some(&after) = unit.get(k + 1) else {
            return false;
        };
        let stands_alone = unit[k] > unit[k - 1] + 1 && after > unit[k] + 1;
        let after = &lines[after];
        stands_alone
            && line.kind == LineKind::Text
            && line.width() <= 70
            && line.text.contains(',')
            && !line.text.ends_with(['.', '!', '?', '”', '"'])
            && line.text.starts_with(char::is_uppercase)
            && after.kind == LineKind::Text
            && after.text.starts_with(char::is_lowercase)
    })
}

/// Where a whole attributed quotation ("“…,” siger X.") that opens at `unit[pos]` ends, when it
/// is set between the two halves of a sentence: it opens mid-sentence, and within its run
/// (`..=end`) a line closes with a full stop after someone is said to speak, and the body goes on
/// in lower case on the next line ("… slet ikke, | “Viljen …,” siger Eik Møller … | … strategien.
/// | hvis ikke man investerer i det."). Running text never goes on in lower case after a full
/// stop, so the quotation cannot belong to the sentence around it.
fn attributed_quote_across_a_sentence(
    lines: &[Line<'_>],
    unit: &[usize],
    pos: usize,
    end: usize,
    used: &HashSet<usize>,
) -> Option<usize> {
    if !quote_opens_mid_sentence(lines, unit, pos, used) {
        return None;
    }
    let said = (pos..=end).find(|&k| mentions_speech(lines[unit[k]].text))?;
    (said..=end).find(|&k| {
        let after = unit.get(k + 1).map(|&i| &lines[i]);
        let text = lines[unit[k]].text;
        // "mio. kr." or "bl.a." may end a line mid-sentence; a full word before the stop ends one.
        let last_word = text
            .trim_end_matches('.')
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        text.ends_with('.')
            && last_word.chars().count() >= 4
            && after
                .is_some_and(|a| a.kind == LineKind::Text && a.text.starts_with(char::is_lowercase))
    })
}

fn mentions_speech(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).any(|w| {
        matches!(
            w,
            "siger" | "sagde" | "fortæller" | "fortaeller" | "tilføjer"
        )
    })
}

/// Joins lines into one string, rejoining words hyphenated at line ends.
pub(crate) fn join_lines(lines: &[Line<'_>], indices: &[usize]) -> String {
    let mut out = String::new();
    for &i in indices {
        append_line(&mut out, lines[i].text);
    }
    out
}

/// Joins body lines into paragraphs. A paragraph ends at a line that closes a sentence well short
/// of the column width; before a subheading (a short line without a full stop, very short or alone
/// between two paragraphs); and at a blank line after a sentence's end, where the copy leaves
/// blank lines only between paragraphs.
fn join_paragraphs(lines: &[Line<'_>], indices: &[usize], median: usize) -> String {
    let blank_before = |k: usize| {
        k > 0
            && indices[k] > indices[k - 1] + 1
            && lines[indices[k - 1] + 1..indices[k]]
                .iter()
                .all(Line::is_blank)
    };
    // Some page copies put a blank line after every printed line, others only between
    // paragraphs; where most lines follow each other directly, a blank line is a paragraph's end.
    let gaps = (1..indices.len()).filter(|&k| blank_before(k)).count();
    let blank_ends_paragraphs = gaps * 2 < indices.len().saturating_sub(1);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (k, &i) in indices.iter().enumerate() {
        let line = &lines[i];
        let next = indices.get(k + 1).map(|&n| &lines[n]);
        if blank_ends_paragraphs
            && blank_before(k)
            && !current.is_empty()
            // A blank line may also fall mid-sentence where the copy broke a column.
            && (closes_sentence(&current) || current.ends_with([':', ')']))
            && !line.text.starts_with(char::is_lowercase)
        {
            paragraphs.push(std::mem::take(&mut current));
        }
        // A short line can only end its paragraph; when the line before ended one too, this is
        // a paragraph of one line, and without a final stop that is a heading.
        let after_a_paragraph = k == 0 || closes_sentence(lines[indices[k - 1]].text);
        let subheading = headline_like(line, median)
            && (line.width() * 10 < median * 6 || after_a_paragraph)
            && !line.text.ends_with(['.', '!', '?', ':', '”', '"'])
            && next.is_some_and(|n| n.text.chars().next().is_some_and(char::is_uppercase));
        if subheading {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            paragraphs.push(line.text.to_owned());
            continue;
        }
        append_line(&mut current, line.text);
        if closes_sentence(line.text) && line.width() * 10 < median * 8 {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.retain(|p| !p.trim().is_empty());
    paragraphs.join("\n\n")
}

/// Whether a line (or running text) ends with a sentence's final stop, a closing quote included.
fn closes_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '”', '"', '»'])
}

/// Appends a printed line to running text, undoing the hyphenation that split a word at the end
/// of the previous line.
fn append_line(out: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    if out.is_empty() {
        out.push_str(line);
        return;
    }
    if out.ends_with('-') && !out.ends_with(" -") && !out.ends_with("--") {
        match hyphen_join(out, line) {
            HyphenJoin::Remove => {
                out.pop();
            }
            HyphenJoin::Keep => {}
            HyphenJoin::KeepWithSpace => out.push(' '),
        }
        out.push_str(line);
        return;
    }
    out.push(' ');
    out.push_str(line);
}

#[derive(Debug, PartialEq)]
enum HyphenJoin {
    /// "kommu-" + "ner": a word split by the line end.
    Remove,
    /// "it-" + "systemerne", "2016-" + "2023": a real hyphen that happened to end the line.
    Keep,
    /// "ældre-" + "og unge": a suspended compound ("ældre- og ungeområdet").
    KeepWithSpace,
}

/// Decides what a line-end hyphen was, from the word part before it and the line after it.
fn hyphen_join(before: &str, next: &str) -> HyphenJoin {
    let stem = before
        .trim_end_matches('-')
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let last_part = stem.rsplit('-').next().unwrap_or(stem);
    let next_word = next.split_whitespace().next().unwrap_or("");
    let next_first = next_word.chars().next();
    if matches!(next_word, "og" | "eller" | "til" | "samt" | "&") {
        return HyphenJoin::KeepWithSpace;
    }
    let letters: Vec<char> = last_part.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let mixed_case = last_part.chars().skip(1).any(char::is_uppercase);
    let has_digit = last_part.chars().any(|c| c.is_ascii_digit());
    if next_first.is_some_and(|c| !c.is_lowercase())
        || acronym
        || mixed_case
        || has_digit
        || letters.len() <= 2
    {
        HyphenJoin::Keep
    } else {
        HyphenJoin::Remove
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(parts: &[&str]) -> String {
        let mut out = String::new();
        for p in parts {
            append_line(&mut out, p);
        }
        out
    }

    fn anatomy_of(text: &str) -> Anatomy {
        let lines = crate::ingest::lines::classify_lines(text);
        let unit: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
        dissect(&lines, &unit, None)
    }

    /// The one pull quote found in `text`, checking that the body reads `rejoined` where the
    /// quote stood.
    fn the_quote_taken_out(text: &str, rejoined: &str) -> String {
        let anatomy = anatomy_of(text);
        assert!(anatomy.body.contains(rejoined), "{}", anatomy.body);
        assert_eq!(anatomy.pull_quotes.len(), 1, "{:?}", anatomy.pull_quotes);
        anatomy.pull_quotes[0].clone()
    }

    #[test]
    fn a_quote_set_into_a_sentence_is_taken_out_and_the_sentence_rejoined() {
        let text = "Kommunerne har længe bedt om mere tid til revisionen.\n\
            Et andet punkt er en udvidelse af tidsfristen fra 60\n\n\
            ’ Vi gør det ikke for at genere nogen. Det er vigtigt, at det er den\n\
            rigtige person\n\n\
            Kontorchef Anna Berg, Digitaliseringsstyrelsen\n\n\
            til 90 dage for aflevering af erklæringen. Det giver alle mere tid.\n";
        let quote = the_quote_taken_out(text, "tidsfristen fra 60 til 90 dage");
        assert!(quote.ends_with("Kontorchef Anna Berg, Digitaliseringsstyrelsen"));
        // A quotation that opens a paragraph after a finished sentence is body text.
        let quoted = "Han er glad for aftalen.\n\n\
            ’ Vi har ventet længe, men nu er den her,” siger han,\n\
            og kommunerne kan nu komme i gang med arbejdet.\n";
        let anatomy = anatomy_of(quoted);
        assert!(anatomy.pull_quotes.is_empty(), "{:?}", anatomy.pull_quotes);
        // So does one after a heading, though a wrapped line of it looks like an attribution.
        let after_heading = "Kommunerne har længe bedt om mere tid til revisionen.\n\n\
            Nye krav\n\n\
            ’ Vi har ventet længe på reglerne, siger hun, og nu\n\
            Digitaliseringsstyrelsen, som har skrevet dem, og\n\
            kommunerne skal nu i gang.\n";
        let anatomy = anatomy_of(after_heading);
        assert!(anatomy.pull_quotes.is_empty(), "{:?}", anatomy.pull_quotes);
        assert!(
            anatomy.body.contains("Vi har ventet længe"),
            "{}",
            anatomy.body
        );
    }

    #[test]
    fn an_attributed_quote_between_two_halves_of_a_sentence_is_taken_out() {
        let text = "Det koster 80 medarbejdere på den konto.\n\n\
            “Det sker ikke af sig selv, og det sker slet ikke,\n\n\
            “Viljen til at investere i broer er større end viljen til at investere i digitalisering\n\
            af arbejdsgange i den offentlige sektor,” siger direktør Eik Møller, Ballerup Kommune\n\
            efter lanceringen af strategien.\n\
            hvis ikke man investerer i det. Og så er vi tilbage ved udgangspunktet”.\n";
        let quote = the_quote_taken_out(text, "slet ikke, hvis ikke man investerer");
        assert!(quote.starts_with("“Viljen"));
        // Each of these stays in the body: the body goes on with a new sentence after the
        // quote; the quote follows a finished sentence; nobody is said to speak; the line ends
        // in an abbreviation, not a sentence.
        let new_sentence = text.replace("hvis ikke man", "Hvis ikke man");
        let finished = text.replace("slet ikke,\n", "slet ikke.\n");
        let unsaid = text.replace("siger direktør", "og direktør");
        let abbreviation = text.replace("efter lanceringen af strategien.", "for 5 mio. kr.");
        for text in [new_sentence, finished, unsaid, abbreviation] {
            let anatomy = anatomy_of(&text);
            assert!(anatomy.pull_quotes.is_empty(), "{:?}", anatomy.pull_quotes);
            assert!(anatomy.body.contains("“Viljen"), "{}", anatomy.body);
        }
    }

    /// The paragraphs `join_paragraphs` makes of all the text's lines, for a column `median`
    /// characters wide.
    fn paragraphs_of(text: &str, median: usize) -> Vec<String> {
        let lines = crate::ingest::lines::classify_lines(text);
        let body: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
        join_paragraphs(&lines, &body, median)
            .split("\n\n")
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_kicker_above_the_headline_is_neither_title_nor_body() {
        let body_line = "kommunerne har brug for at samarbejde mere om sikkerheden i";
        let text = format!(
            "{body_line}\n{body_line}\ndriften, og ingen\n\n\
            EU-parlamentariker\n\
            Morten Løkkegaard (V):\n\n\
            “NIS2 skal også gælde\n\
            for kommunerne”\n\
            I slutningen af juli blev politikerne i EU-parlamentet enige om at indføre et nyt direktiv.\n\
            Ifølge det danske medlem af EU-parlamentet bør alle landets kommuner være omfattet af det.\n\
            organisation er stærkere end det svageste led, siger han.\n{body_line}\n{body_line}\n"
        );
        let anatomy = anatomy_of(&text);
        assert_eq!(
            anatomy.title.as_deref(),
            Some("“NIS2 skal også gælde for kommunerne”")
        );
        assert!(anatomy.standfirst.is_some());
        assert!(
            anatomy.body.contains("og ingen organisation er stærkere"),
            "{}",
            anatomy.body
        );
        assert!(!anatomy.body.contains("Løkkegaard"), "{}", anatomy.body);
    }

    #[test]
    fn a_short_line_between_two_paragraphs_is_a_heading() {
        let paragraphs = |text: &str| paragraphs_of(text, 60);
        let text = "ressourcer hos kommunerne og hurtigere implementering”.\n\
            Trods små projekter møder man ofte muren\n\
            Kim Sørensen, IT-supportchef i Hjørring Kommune, er en af\n\
            kommunernes praktikere på området.\n";
        assert_eq!(
            paragraphs(text),
            [
                "ressourcer hos kommunerne og hurtigere implementering”.",
                "Trods små projekter møder man ofte muren",
                "Kim Sørensen, IT-supportchef i Hjørring Kommune, er en af kommunernes praktikere på området."
            ]
        );
        // In mid-paragraph, a line as short goes on into the next: a name may open it.
        let running = text.replace("implementering”.", "implementering, og");
        assert_eq!(paragraphs(&running).len(), 1, "{:?}", paragraphs(&running));
    }

    #[test]
    fn a_blank_line_ends_a_paragraph_where_lines_mostly_follow_each_other() {
        let paragraphs = |text: &str| paragraphs_of(text, 70);
        let text = "Puljen åbner nu for ansøgninger om etablering af hurtigt internet,\n\
            ifølge Styrelsen for Dataforsyning og Infrastruktur (SDFI)\n\n\
            \"Der er afsat 50 mio. kr. til puljen i år, og der er ca. 80 mio. kr.\n\
            til rådighed i alt, og det fortrolige møde foregår\n\n\
            “bag lukkede døre”, som det hedder i styrelsen, hvor man\n\
            gerne vil have mange ansøgninger fra hele landet i år,\n\
            også fra de små kommuner,” skriver SDFI.\n";
        assert_eq!(
            paragraphs(text),
            [
                "Puljen åbner nu for ansøgninger om etablering af hurtigt internet, ifølge Styrelsen for Dataforsyning og Infrastruktur (SDFI)",
                "\"Der er afsat 50 mio. kr. til puljen i år, og der er ca. 80 mio. kr. til rådighed i alt, og det fortrolige møde foregår “bag lukkede døre”, som det hedder i styrelsen, hvor man gerne vil have mange ansøgninger fra hele landet i år, også fra de små kommuner,” skriver SDFI.",
            ],
            "a blank line after a sentence's end parts paragraphs, one in mid-sentence does not"
        );
        // A copy with a blank line after every printed line says nothing by them.
        let spaced = text.replace('\n', "\n\n").replace("\n\n\n\n", "\n\n");
        assert_eq!(paragraphs(&spaced).len(), 1, "{:?}", paragraphs(&spaced));
    }

    #[test]
    fn line_end_hyphens_are_undone_only_where_a_word_was_split() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["74 kommu-", "ner er medlemmer"],
                "74 kommuner er medlemmer",
            ),
            (
                &["andre it-", "systemer for at"],
                "andre it-systemer for at",
            ),
            (
                &["Kommunale IT-", "chefer mener"],
                "Kommunale IT-chefer mener",
            ),
            (
                &["i perioden 2016-", "2023 er der"],
                "i perioden 2016-2023 er der",
            ),
            (
                &["på ældre- og ungeområder-", "ne. Kommunerne"],
                "på ældre- og ungeområderne. Kommunerne",
            ),
            (
                &["både ældre-", "og ungeområdet"],
                "både ældre- og ungeområdet",
            ),
            (&["OS2-fælles-", "skabet kan"], "OS2-fællesskabet kan"),
            (&["fra KL-", "huset"], "fra KL-huset"),
            (
                &["en ny Data-", "Analyse Platform"],
                "en ny Data-Analyse Platform",
            ),
            (&["et lille -", "men vigtigt"], "et lille - men vigtigt"),
        ];
        for (parts, expected) in cases {
            assert_eq!(joined(parts), *expected, "{parts:?}");
        }
    }
}
