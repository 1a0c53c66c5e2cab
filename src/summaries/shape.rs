//! What can be extracted: sentences grouped so quotations stay whole, and the shapes that
//! never belong in a summary (bylines, captions, contact lines, pull quotes, fragments).
//!
//! All rules look at the form of a sentence, never at what a particular magazine prints, so
//! they hold for any Danish article.

use std::ops::Range;

use crate::text::sentences;

/// A stretch of the text picked whole: one sentence, or several when a quotation runs across
/// sentence ends (`“Vi mangler hænder. Det er svært,” siger hun.`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Passage {
    /// Trimmed byte range in the article.
    pub span: Range<usize>,
    /// How many sentences it holds.
    pub sentences: usize,
    /// Index of its paragraph (blank-line separated) in the article.
    pub paragraph: usize,
    /// Whether it opens its paragraph.
    pub opens_paragraph: bool,
}

/// The longest quotation kept whole; beyond it an unbalanced mark is taken for OCR noise.
const MAX_QUOTE_SENTENCES: usize = 8;

/// Cuts an article into passages: sentences, joined while a quotation is open. A quotation
/// never crosses a paragraph break, so a lost closing mark cannot swallow the article.
/// Without `join_quotes` every sentence is its own passage.
pub(crate) fn passages(text: &str, join_quotes: bool) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    let mut paragraph = 0;
    let mut previous_end = 0;
    let mut open = false;
    for span in sentence_spans(text) {
        if span.is_empty() {
            continue;
        }
        let gap = &text[previous_end..span.start];
        let broken_line = gap.matches('\n').count() >= 2;
        let marks = text[span.clone()]
            .chars()
            .filter(|&c| is_double_quote(c))
            .count();
        // Text copied from a laid-out page may put a blank line after every printed line;
        // the sentence cut there goes on after it and is mended first.
        if broken_line && !out.is_empty() && continues(&text[..previous_end], &text[span.clone()]) {
            let last = out.last_mut().expect("checked above");
            last.span.end = span.end;
            previous_end = span.end;
            open ^= marks % 2 == 1;
            continue;
        }
        let new_paragraph = !out.is_empty() && broken_line;
        if new_paragraph {
            paragraph += 1;
        }
        previous_end = span.end;
        let joins = join_quotes
            && open
            && !new_paragraph
            && out
                .last()
                .is_some_and(|p| p.sentences < MAX_QUOTE_SENTENCES);
        if joins {
            let last = out.last_mut().expect("checked above");
            last.span.end = span.end;
            last.sentences += 1;
            open ^= marks % 2 == 1;
        } else {
            out.push(Passage {
                span,
                sentences: 1,
                paragraph,
                opens_paragraph: new_paragraph || out.is_empty(),
            });
            open = marks % 2 == 1;
        }
    }
    out
}

/// Texts longer than this are cut into sentences a piece at a time (see [`sentence_spans`]).
const SENTENCE_PIECE: usize = 1 << 20;

/// The trimmed spans of a text's sentences. The sentence cutter holds a copy of its input
/// four times the size, so a text of more than [`SENTENCE_PIECE`] bytes is cut in pieces of
/// about that size, each ending at a paragraph break or else after a full stop and a space:
/// where a sentence ends anyway, and memory stays linear in a small factor of the text.
fn sentence_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = piece_end(text, start);
        let piece = &text[start..end];
        let spans: Vec<Range<usize>> = sentences(piece)
            .iter()
            .map(|s| {
                let span = s.trimmed_span(piece);
                span.start + start..span.end + start
            })
            .collect();
        start = end;
        Some(spans)
    })
    .flatten()
}

/// Where the piece of `text` that starts at `start` ends: the text's end when it is near, else
/// the last paragraph break in the piece's second half, else its last ". ", else its end.
fn piece_end(text: &str, start: usize) -> usize {
    if text.len() - start <= SENTENCE_PIECE {
        return text.len();
    }
    let boundary = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (middle, end) = (
        boundary(start + SENTENCE_PIECE / 2),
        boundary(start + SENTENCE_PIECE),
    );
    let window = &text[middle..end];
    let cut = window
        .rfind("\n\n")
        .or_else(|| window.rfind(". ").map(|i| i + 1));
    cut.map_or(end, |i| middle + i)
}

/// The first paragraph of a text when it reads as a headline.
pub(crate) fn opening_headline(text: &str) -> Option<&str> {
    let start = text.len() - text.trim_start().len();
    let mut end = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    let paragraph = text[start..end].trim_end();
    is_headline(paragraph).then_some(paragraph)
}

/// Cuts the headline off the first passage when the mending of broken lines has run it into
/// what follows (a lower-case line after it): the headline is `title`'s words at the start of
/// the text, and what follows becomes a passage of its own.
pub(crate) fn split_off_headline(passages: &mut Vec<Passage>, text: &str, title: &str) {
    let Some(first) = passages.first() else {
        return;
    };
    let span = first.span.clone();
    let Some(words_end) = words_prefix(title, &text[span.clone()]).map(|len| span.start + len)
    else {
        return;
    };
    // The headline keeps the marks that close it (a closing quote, a question mark).
    let end = words_end
        + text[words_end..span.end]
            .find(char::is_whitespace)
            .unwrap_or(span.end - words_end);
    let rest = &text[end..span.end];
    // Only a break between paragraphs separates a headline from the text: a title that is
    // the first words of a sentence is not printed above it.
    let Some(gap) = rest.find(|c: char| c.is_alphanumeric() || is_double_quote(c)) else {
        return;
    };
    if !rest[..gap].contains("\n\n") {
        return;
    }
    let rest_start = end + gap;
    let mut headline = first.clone();
    headline.span = span.start..end;
    headline.sentences = 1;
    let follows = Passage {
        span: rest_start..span.end,
        sentences: first.sentences,
        paragraph: first.paragraph,
        opens_paragraph: true,
    };
    passages.splice(0..1, [headline, follows]);
}

/// Words that need a word after them: a line ending in one stops mid-sentence. Only articles,
/// prepositions, conjunctions and possessives: a stop word such as "gjort" or "være" may well
/// end a headline.
const NEEDS_MORE: &[&str] = &[
    "og", "eller", "men", "samt", "at", "som", "hvis", "når", "fordi", "end", "en", "et", "den",
    "det", "de", "i", "på", "af", "til", "med", "for", "om", "fra", "ved", "efter", "under",
    "over", "mod", "hos", "mellem", "gennem", "uden", "inden", "sin", "sit", "sine", "min", "mit",
    "mine", "din", "dit", "dine", "vores", "jeres", "hans", "hendes", "deres",
];

/// Whether `next`, after a blank line, goes on with the sentence that `before` leaves open:
/// `before` has no final stop and ends with a comma, a hyphen or a word that needs another
/// after it ("og", "i", "at"), or `next` opens in lower case.
fn continues(before: &str, next: &str) -> bool {
    let before = before.trim_end();
    if ends_a_sentence(before) || before.ends_with(':') {
        return false;
    }
    if next
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
        && !next.starts_with(|c: char| is_double_quote(c) || c == '•' || c == '-')
    {
        return true;
    }
    if before.ends_with([',', '-', '–']) {
        return true;
    }
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    before.ends_with(|c: char| c.is_alphanumeric())
        && last.chars().next().is_some_and(char::is_lowercase)
        && NEEDS_MORE.contains(&last)
        && !opens_with_capital_stop_word(next)
}

/// Whether `text` opens with a stop word written with a capital ("I", "Det", "Vi"): a new
/// sentence, not a name going on after a preposition ("på Digitaliseringsmessen"), so the line
/// before it ("Lægger nye data på") was a heading.
fn opens_with_capital_stop_word(text: &str) -> bool {
    let first = first_word(text);
    first.starts_with(char::is_uppercase) && crate::text::is_stop_word(&first.to_lowercase())
}

/// The first run of letters and digits in `text`, as written; empty when there is none.
fn first_word(text: &str) -> &str {
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
}

/// Items of at most this many words on average, and at least `MIN_LIST_ITEMS` of them, make
/// a list.
const MAX_LIST_ITEM_WORDS: f32 = 3.0;
const MIN_LIST_ITEMS: usize = 6;

/// Whether a passage is an enumeration: many short comma-separated items.
fn is_list(text: &str) -> bool {
    let items: Vec<usize> = text
        .split([',', ';'])
        .map(words)
        .filter(|&n| n > 0)
        .collect();
    items.len() >= MIN_LIST_ITEMS
        && (items.iter().sum::<usize>() as f32 / items.len() as f32) <= MAX_LIST_ITEM_WORDS
}

/// Whether two texts are the same words, case and punctuation aside.
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    words_prefix(a, b).is_some_and(|end| b[end..].chars().all(|c| !c.is_alphanumeric()))
}

/// When `text` opens with the words of `prefix` (case and punctuation aside), the byte length of
/// the part of `text` that holds them, up to the end of the last one.
pub(crate) fn words_prefix(prefix: &str, text: &str) -> Option<usize> {
    // `same_words` asks this of every passage against the title: no allocation here.
    let mut text_words = word_spans(text);
    let mut end = 0;
    for want in word_spans(prefix) {
        let got = text_words.next()?;
        let same = prefix[want]
            .chars()
            .flat_map(char::to_lowercase)
            .eq(text[got.clone()].chars().flat_map(char::to_lowercase));
        if !same {
            return None;
        }
        end = got.end;
    }
    Some(end)
}

/// The byte ranges of the runs of letters and digits in `text`, in order.
fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// Whether a passage reads as a headline: three to twenty words without a final stop, and not a
/// byline or caption, which look the same; two words are more often a kicker ("Fælles drift")
/// than a headline.
pub(crate) fn is_headline(text: &str) -> bool {
    let n = words(text);
    (3..=20).contains(&n)
        && !ends_a_sentence(text)
        && starts_a_sentence(text)
        && matches!(reject(text), None | Some(Reject::Fragment))
}

/// Double quotation marks of every convention (“…”, ”…”, „…“, »…«, «…», "…"). Counting them
/// works whatever the convention, as each quotation has two.
fn is_double_quote(c: char) -> bool {
    crate::text::punct::is_double_quote(c)
}

/// Why a passage is never picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reject {
    /// Too short, no verb, no final stop, or starting in lower case: not a whole sentence.
    Fragment,
    /// "Af …", "Tekst og foto: …".
    Byline,
    /// "Foto: …", "Illustration: …".
    Caption,
    /// E-mail addresses, web addresses, phone numbers, "Kontakt …", "Læs mere …".
    Contact,
    /// A quotation with a bare name after it: the large-type repeat of a body quote.
    PullQuote,
    /// An enumeration ("Medlemmer: Albertslund Kommune, Ballerup Kommune, …"): a fact box's
    /// list, not a statement.
    List,
    /// A date or time line (`- Torsdag den 10. september 2009, 13:11`) or a web page's stamp
    /// ("Opdateret 12.03.2021 kl. 08:14", "Publiceret …").
    Dateline,
}

/// Fewer words than this is a fragment: a subheading, a name, a caption.
const MIN_WORDS: usize = 6;

/// Checks the shape of a passage; `None` when it may be picked.
pub(crate) fn reject(text: &str) -> Option<Reject> {
    let lower = text.to_lowercase();
    let count = words(text);
    let first_word = lower.split_whitespace().next().unwrap_or("");
    if is_dateline(&lower, count) {
        return Some(Reject::Dateline);
    }
    if starts_with_any(&lower, &["af ", "tekst:", "tekst og foto", "skrevet af"]) && count < 12 {
        return Some(Reject::Byline);
    }
    if starts_with_any(
        &lower,
        &[
            "foto:",
            "fotos:",
            "foto ",
            "billede:",
            "billedet:",
            "illustration:",
            "grafik:",
            "kilde:",
            "arkivfoto",
        ],
    ) || lower.contains("foto: ")
        || (count <= 6
            && ["scanpix", "ritzau", "privatfoto", "pressefoto"]
                .iter()
                .any(|w| lower.contains(w)))
    {
        return Some(Reject::Caption);
    }
    if is_contact(&lower, first_word) {
        return Some(Reject::Contact);
    }
    if is_pull_quote(text) {
        return Some(Reject::PullQuote);
    }
    if is_list(text) {
        return Some(Reject::List);
    }
    if count < MIN_WORDS || !ends_a_sentence(text) || !starts_a_sentence(text) || !has_verb(&lower)
    {
        return Some(Reject::Fragment);
    }
    None
}

/// Weekdays and months, as a date line spells them.
const DATE_WORDS: &[&str] = &[
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
];

/// Whether a line is a date or time and little else, or a web page's publishing stamp: at most
/// twelve words, of which at least half are numbers, weekdays, months or "den"/"kl."; a
/// sentence that names a date ("Mandag den 10. september mødes byrådet …") has more words
/// besides.
fn is_dateline(lower: &str, count: usize) -> bool {
    let stamp = [
        "opdateret",
        "publiceret",
        "udgivet",
        "senest opdateret",
        "sidst opdateret",
    ];
    if stamp.iter().any(|w| {
        lower
            .strip_prefix(w)
            .is_some_and(|rest| rest.starts_with([' ', ':', '\n']) || rest.is_empty())
    }) && count <= 12
    {
        return true;
    }
    if count == 0 || count > 12 || !lower.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    // A weekday, a month, a time (13:11) or a date in figures (12.03.2021); "10.000" is a
    // number.
    let names_a_date = |w: &str| {
        DATE_WORDS.contains(&w)
            || (w.contains(':')
                && w.split(':')
                    .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit())))
            || (w.split('.').count() == 3
                && w.split('.')
                    .all(|g| (1..=4).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit())))
    };
    let dated = words
        .iter()
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                || DATE_WORDS.contains(w)
                || matches!(**w, "den" | "kl" | "klokken")
        })
        .count();
    words.iter().any(|w| names_a_date(w)) && 2 * dated >= count
}

fn starts_with_any(lower: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| lower.starts_with(p))
}

pub(crate) fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn is_contact(lower: &str, first_word: &str) -> bool {
    if lower.contains("www.") || lower.contains("http://") || lower.contains("https://") {
        return true;
    }
    // An e-mail address: something@something.something.
    if lower.split_whitespace().any(|w| {
        w.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    }) {
        return true;
    }
    if matches!(
        first_word.trim_end_matches(':'),
        "kontakt" | "tlf." | "tlf" | "telefon" | "mail" | "e-mail" | "mobil"
    ) || starts_with_any(
        lower,
        &["læs mere", "se mere", "læs også", "se også", "hør også"],
    ) {
        return true;
    }
    // A Danish phone number: eight digits, as one run or in pairs ("12 34 56 78"); in fours
    // only next to a word for telephone, as "2024 2025" is more often two years.
    let phone_word = ["tlf", "telefon", "mobil", "ring "]
        .iter()
        .any(|w| lower.contains(w));
    lower
        .split(|c: char| !(c.is_ascii_digit() || c == ' '))
        .any(|run| {
            let groups: Vec<&str> = run.split_whitespace().collect();
            let n: usize = groups.iter().map(|g| g.len()).sum();
            n == 8
                && (groups.iter().all(|g| matches!(g.len(), 2 | 8))
                    || (phone_word && groups.iter().all(|g| g.len() == 4)))
        })
}

/// A quotation followed by nothing but a name and a title, no verb of saying and no stop:
/// `“Vi skal samarbejde.” Direktør Anna Berg, KL`.
fn is_pull_quote(text: &str) -> bool {
    let trimmed = text.trim();
    let Some(first) = trimmed.chars().next() else {
        return false;
    };
    if !is_double_quote(first) {
        return false;
    }
    let Some(close) = trimmed[first.len_utf8()..].rfind(is_double_quote) else {
        return false;
    };
    let after = trimmed[first.len_utf8() + close..]
        .trim_start_matches(is_double_quote)
        .trim();
    !after.is_empty() && !ends_a_sentence(after) && !has_verb(&after.to_lowercase())
}

/// Ends with `.`, `!`, `?` or `…`, perhaps followed by closing quotes or brackets.
fn ends_a_sentence(text: &str) -> bool {
    let core = text.trim_end().trim_end_matches(|c: char| {
        is_double_quote(c) || matches!(c, '’' | '\'' | ')' | ']') || c.is_whitespace()
    });
    core.ends_with(['.', '!', '?', '…'])
}

/// Starts like a sentence: a capital, a digit or an opening mark, not a lower-case word cut
/// from the middle of one.
fn starts_a_sentence(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !c.is_lowercase())
}

/// Common Danish finite verbs that the suffix rule below misses.
const VERBS: &[&str] = &[
    "er", "var", "har", "havde", "skal", "skulle", "vil", "ville", "kan", "kunne", "må", "måtte",
    "bør", "burde", "blev", "bliver", "fik", "får", "gik", "går", "kom", "så", "sagde", "tog",
    "gav", "stod", "lå", "gør", "gjorde", "fandt", "bad", "valgte", "ved", "tror", "troede",
    // OCR forms without æ/ø/å
    "ma", "bor", "far", "gar", "gor",
];

/// Whether some word looks like a finite verb: a common one, or a present tense (-er, -år), past
/// tense (-ede, -te) or passive (-es) form. Nouns in -er pass too; the check only has to tell
/// sentences from names, headings and captions.
fn has_verb(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            VERBS.contains(&w)
                || (w.chars().count() >= 4
                    && (w.ends_with("er")
                        // foreslår, består, forstår: compounds of går, står, slår
                        || w.ends_with("år")
                        || w.ends_with("ede")
                        || w.ends_with("te")
                        || w.ends_with("es")))
        })
}

/// First words that point back to the sentence before: a passage opening with one reads
/// badly alone.
const LEANS_BACK: &[&str] = &[
    "men",
    "og",
    "så",
    "derfor",
    "dermed",
    "desuden",
    "samtidig",
    "også",
    "heller",
    "han",
    "hun",
    "de",
    "dette",
    "disse",
    "denne",
    "hans",
    "hendes",
    "deres",
    "her",
    "herudover",
    "derudover",
    "endvidere",
    "alligevel",
    "ligeledes",
    "dog",
    "tilmed",
    "således",
    "ellers",
    "både",
    "sidstnævnte",
    "derimod",
    "imidlertid",
    "omvendt",
    "tværtimod",
    "dertil",
    "hertil",
    "derefter",
    "herefter",
    "derved",
    "hermed",
    "heraf",
    "deraf",
    "ydermere",
    "yderligere",
    "førstnævnte",
    "begge",
    "det",
];

/// Whether a passage stands on its own: it does not open with a word that leans on what came
/// before.
pub(crate) fn stands_alone(text: &str) -> bool {
    !LEANS_BACK.contains(&first_word(text).to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        passages(text, true)
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect()
    }

    #[test]
    fn a_headline_run_into_the_line_after_it_is_cut_off() {
        let title = "“Kommunerne samler driften”";
        let text = "“Kommunerne samler driften”\n\nden fælles drift\n\nKommunerne har aftalt det.";
        let mut cut = passages(text, true);
        assert_eq!(
            cut.len(),
            2,
            "the lower-case line is mended onto the headline"
        );
        assert_eq!(opening_headline(text), Some(title));
        split_off_headline(&mut cut, text, title);
        let cut: Vec<&str> = cut.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(
            cut,
            [title, "den fælles drift", "Kommunerne har aftalt det."]
        );
        // A title that only opens the first sentence was not printed above it.
        let text = "Kommunerne samler driften i et nyt selskab.";
        let mut whole = passages(text, true);
        split_off_headline(&mut whole, text, "Kommunerne samler driften");
        assert_eq!(whole.len(), 1);
        assert_eq!(
            words_prefix("kommunerne, samler", text),
            Some("Kommunerne samler".len())
        );
        assert_eq!(words_prefix("Kommunerne deler", text), None);
    }

    #[test]
    fn headlines_are_a_few_words_without_a_stop_and_not_a_byline_or_a_kicker() {
        assert!(is_headline("Kommunerne samler deres it-drift"));
        assert!(is_headline("“Cybersikkerhed kalder på mere samarbejde”"));
        for not_one in [
            "Kommunerne samler deres it-drift.",
            "Fælles drift",
            "Af Anna Berg",
            "Foto: Anna Berg",
            "kommunerne samler deres it-drift",
        ] {
            assert!(!is_headline(not_one), "{not_one}");
        }
    }

    #[test]
    fn quotations_across_sentences_stay_whole() {
        let text = "Hun tog ordet. “Vi mangler hænder. Det er svært,” siger hun. Så gik hun.";
        assert_eq!(
            texts(text),
            [
                "Hun tog ordet.",
                "“Vi mangler hænder. Det er svært,” siger hun.",
                "Så gik hun."
            ]
        );
        assert_eq!(passages(text, true)[1].sentences, 2);
    }

    #[test]
    fn an_unclosed_quote_stops_at_the_paragraph() {
        let text = "“Vi mangler hænder. Det er svært.\n\nNyt afsnit her. Og mere.";
        let found = texts(text);
        assert_eq!(
            found,
            [
                "“Vi mangler hænder. Det er svært.",
                "Nyt afsnit her.",
                "Og mere."
            ]
        );
        let p = passages(text, true);
        assert_eq!(
            (p[1].paragraph, p[1].opens_paragraph, p[2].opens_paragraph),
            (1, true, false)
        );
    }

    #[test]
    fn a_headline_ending_in_a_stop_word_is_not_run_into_the_text() {
        assert_eq!(
            texts("Det er nemmere sagt end gjort\n\nFrem til 2030 mangler kommunerne hænder."),
            [
                "Det er nemmere sagt end gjort",
                "Frem til 2030 mangler kommunerne hænder."
            ]
        );
    }

    #[test]
    fn a_sentence_cut_by_blank_lines_between_printed_lines_is_mended() {
        let text = "Kommunerne mangler 44.000 ansatte, og \n\nderfor skal teknologien hjælpe til i \n\n2030. Nyt afsnit.\n\nNye krav\n\nKrav kommer nu.";
        assert_eq!(
            texts(text),
            [
                "Kommunerne mangler 44.000 ansatte, og \n\nderfor skal teknologien hjælpe til i \n\n2030.",
                "Nyt afsnit.",
                "Nye krav",
                "Krav kommer nu."
            ]
        );
        let p = passages(text, false);
        assert_eq!((p[0].sentences, p[1].paragraph, p[2].paragraph), (1, 0, 1));
        // A heading that ends in a preposition stays apart from a sentence opening with a
        // capital stop word; a name after the preposition goes on with the sentence.
        assert_eq!(
            texts("Lægger nye data på\n\nI forlængelse af samarbejdet vil de dele data."),
            [
                "Lægger nye data på",
                "I forlængelse af samarbejdet vil de dele data."
            ]
        );
        assert_eq!(
            texts("Mød os på\n\nDigitaliseringsmessen i Aarhus."),
            ["Mød os på\n\nDigitaliseringsmessen i Aarhus."]
        );
        // A heading followed by a capital stays apart; so does a lead-in ending in a colon.
        assert_eq!(
            texts("Direktør Anna Berg, KL:\n\n“Vi skal samarbejde.”"),
            ["Direktør Anna Berg, KL:", "“Vi skal samarbejde.”"]
        );
    }

    #[test]
    fn shapes_that_are_never_picked() {
        let cases: &[(&str, Option<Reject>)] = &[
            ("Kommunerne skal samarbejde mere om sikkerheden.", None),
            ("“Det haster for alle kommuner nu,” siger hun.", None),
            ("98 kommuner er nu omfattet af de nye regler.", None),
            ("Af Anna Berg, journalist", Some(Reject::Byline)),
            (
                "Foto: Mikkel Hansen viser den nye løsning frem.",
                Some(Reject::Caption),
            ),
            (
                "Kontakt Anna Berg på anna@example.dk for at høre mere.",
                Some(Reject::Contact),
            ),
            (
                "Læs mere om strategien på www.example.dk i dag.",
                Some(Reject::Contact),
            ),
            (
                "Ring til os på 12 34 56 78 hvis du har spørgsmål.",
                Some(Reject::Contact),
            ),
            (
                "“Vi skal samarbejde om det.” Direktør Anna Berg, KL",
                Some(Reject::PullQuote),
            ),
            ("10.000 årsværk", Some(Reject::Fragment)),
            (
                "Medlemmer: Albertslund Kommune, Ballerup Kommune, Faxe Kommune, Gladsaxe Kommune, Herlev Kommune, Lemvig Kommune.",
                Some(Reject::List),
            ),
            (
                "Vi har talt med KL, regionerne, staten og leverandørerne, og de er enige om, at det haster.",
                None,
            ),
            (
                "Kommunalt værn mod nye digitale trusler",
                Some(Reject::Fragment),
            ),
            (
                "og så gik det hele i stå igen bagefter.",
                Some(Reject::Fragment),
            ),
            ("Det er godt.", Some(Reject::Fragment)),
            (
                "Anna Berg, direktør i den store kommune.",
                Some(Reject::Fragment),
            ),
        ];
        for &(text, expected) in cases {
            assert_eq!(reject(text), expected, "{text}");
        }
    }

    #[test]
    fn same_words_ignores_case_punctuation_and_layout() {
        assert!(same_words("EG vinder kontrakt.", "eg  vinder\nkontrakt"));
        assert!(!same_words("EG vinder", "EG vinder kontrakt"));
        assert!(!same_words("EG vinder kontrakt", "EG vinder kontrakten"));
    }

    #[test]
    fn leaning_openers_do_not_stand_alone() {
        assert!(stands_alone("Kommunerne samarbejder."));
        assert!(!stands_alone("Men det er svært."));
        assert!(!stands_alone("“Dette er nyt,” siger hun."));
        assert!(!stands_alone("Derimod lagde få mærke til beslutningen."));
        assert!(!stands_alone("Herefter går arbejdet i gang."));
    }

    #[test]
    fn a_long_text_is_cut_in_pieces_where_sentences_end_anyway() {
        let one_line = "Kommunen har vedtaget budgettet for næste år med stort flertal. \
            “Vi er glade. Det var svært,” siger borgmesteren. Skolerne får flere penge i år. "
            .repeat(SENTENCE_PIECE / 50);
        let paragraphs = one_line.replace(". Skolerne", ".\n\nSkolerne");
        for text in [one_line, paragraphs] {
            assert!(text.len() > 2 * SENTENCE_PIECE);
            let whole: Vec<Range<usize>> = sentences(&text)
                .iter()
                .map(|s| s.trimmed_span(&text))
                .collect();
            let pieces: Vec<Range<usize>> = sentence_spans(&text).collect();
            assert_eq!(pieces, whole);
        }
        let short = "Kort tekst. Med to sætninger.";
        assert_eq!(piece_end(short, 0), short.len());
    }

    #[test]
    fn date_lines_stamps_credits_and_links_are_never_picked_but_dated_sentences_are() {
        let cases: &[(&str, Option<Reject>)] = &[
            (
                "- Torsdag den 10. september 2009, 13:11",
                Some(Reject::Dateline),
            ),
            (
                "Torsdag den 10. september 2009 kl. 13.11",
                Some(Reject::Dateline),
            ),
            ("12.03.2021 08:14", Some(Reject::Dateline)),
            ("Opdateret 12.03.2021 kl. 08:14", Some(Reject::Dateline)),
            ("Opdateret: i går", Some(Reject::Dateline)),
            ("Publiceret 4. maj 2019", Some(Reject::Dateline)),
            (
                "Mandag den 10. september mødes byrådet for at vedtage budgettet.",
                None,
            ),
            (
                "Opdateringen af systemet tog tre dage i alt for kommunen.",
                None,
            ),
            ("I 2022 steg prisen med 12 procent, viser tallene.", None),
            ("10.000 årsværk", Some(Reject::Fragment)),
            (
                "Foto: Ida Marie Odgaard/Ritzau Scanpix",
                Some(Reject::Caption),
            ),
            ("Mads Claus Rasmussen/Ritzau Scanpix", Some(Reject::Caption)),
            ("Privatfoto", Some(Reject::Caption)),
            (
                "Ritzau Scanpix har sendt billeder af stormen ud til alle landets aviser i dag.",
                None,
            ),
            (
                "Læs også: Pendlere holder i kø hver morgen",
                Some(Reject::Contact),
            ),
            (
                "Se også: Her er planen for Lynetteholm",
                Some(Reject::Contact),
            ),
            ("Af Peter Lund", Some(Reject::Byline)),
        ];
        for &(text, want) in cases {
            assert_eq!(reject(text), want, "{text}");
        }
        assert!(!is_headline("- Torsdag den 10. september 2009, 13:11"));
        assert!(!is_headline("Opdateret 30.01.2022 kl. 09:15"));
        assert!(is_headline("Storm væltede træer over hele Sjælland"));
    }
}
