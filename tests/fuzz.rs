//! A fuzz suite: the segmenter, the tokeniser and analyser, repair, the summariser, the readers
//! and the whole [`Pipeline`] on hostile text (long words, long lines, control and combining
//! characters, mixed scripts, random bytes, truncated UTF-8, giant numbers in JSON). Nothing may
//! panic, every output must be well formed, and the same input must give the same output.
//!
//! It runs briefly with the other tests (a few dozen cases per property); for a long run by hand:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test fuzz
//! ```
//!
//! A failure is shrunk to a small input and saved in `tests/fuzz.proptest-regressions`, which is
//! replayed first on every later run: commit it with the fix.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use tema::ingest::{decode_bytes, segment};
use tema::summaries::{Article, Extract, Length, Method, Summariser};
use tema::text::{self, DanishStemmer, Repairer, CONTENT_WORDS, TERMS};
use tema::Pipeline;

/// Cases per property: `PROPTEST_CASES` when set, else few enough for CI to take seconds.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    ProptestConfig {
        cases,
        // A long run should find new inputs, not spend itself shrinking one.
        max_shrink_iters: 2_000,
        // Next to this file, as `tests/fuzz.proptest-regressions`.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::default);

/// Danish words, common enough that a text of them passes the Danish check.
const DANISH: &[&str] = &[
    "og",
    "det",
    "er",
    "at",
    "en",
    "til",
    "på",
    "ikke",
    "som",
    "har",
    "med",
    "for",
    "kommunerne",
    "skal",
    "samarbejde",
    "om",
    "it-sikkerheden",
    "cybersikkerhed",
    "kunstig",
    "intelligens",
    "datacentre",
    "grøn",
    "fællesskab",
    "løsninger.",
    "siger",
    "hun.",
    "“Det",
    "godt,”",
    "»Vi",
    "kan",
    "ikke«",
    "kr.",
    "1.200",
    "bl.a.",
    "NIS2.",
    "Næste",
    "år",
    "København",
    "Aarhus",
    "borgerne?",
    "nu!",
];

fn danish_word() -> impl Strategy<Value = String> {
    prop::sample::select(DANISH).prop_map(str::to_owned)
}

/// A word no dictionary holds: a compound repeated to thousands of letters, or letters at random.
fn long_word() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(&["kommune", "samarbejde", "sikkerhed", "æøå", "data"][..]),
            1usize..400
        )
            .prop_map(|(part, n)| part.repeat(n)),
        "[a-zæøåA-Z]{65,3000}",
        "[a-zæøå-]{65,600}",
        "[0-9.,]{20,400}",
    ]
}

/// Characters that break naive text code.
fn awkward_char() -> impl Strategy<Value = char> {
    prop_oneof![
        // C0 and C1 controls, DEL; NUL is refused on reading but may still reach the library.
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{7f}'),
        (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
        // Line and paragraph separators, zero-width and BOM, soft hyphen, bidi controls.
        prop::sample::select(
            &[
                '\u{85}', '\u{2028}', '\u{2029}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}',
                '\u{ad}', '\u{200e}', '\u{202e}', '\u{2066}', '\u{fffd}', '\u{a0}', '\u{3000}',
            ][..]
        ),
        // Combining marks (a + ring above is a decomposed å).
        (0x300u32..0x370).prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{30a}'),
        Just('\u{338}'),
        // Other scripts: Greek, Cyrillic, Arabic, Hebrew, Devanagari, Thai, CJK, Hangul, emoji.
        prop::sample::select(
            &[
                'Ω', 'ж', 'Я', 'ع', 'ש', 'क', 'ก', '中', '語', '한', '😀', '🇩', '🇰', 'ß', 'İ', 'ı',
                'ﬁ', 'Å', 'Ø', 'Æ', '⁂', '§', '€', '½', '²',
            ][..]
        ),
        any::<char>(),
    ]
}

fn awkward_word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(awkward_char(), 1..12).prop_map(|c| c.into_iter().collect()),
        // A Danish word with marks or controls inside it.
        (danish_word(), awkward_char(), any::<prop::sample::Index>()).prop_map(|(w, c, i)| {
            let at = w
                .char_indices()
                .map(|(b, _)| b)
                .nth(i.index(w.chars().count()))
                .unwrap_or(0);
            format!("{}{c}{}", &w[..at], &w[at..])
        }),
    ]
}

fn separator() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just(" ".to_owned()),
        2 => Just("\n".to_owned()),
        1 => Just("\n\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("\t".to_owned()),
        1 => Just("-\n".to_owned()),
        1 => Just("\u{a0}".to_owned()),
        1 => Just("\u{2028}".to_owned()),
    ]
}

/// Lines an issue's layout is read from: headers, bylines, end marks, continuation notes.
fn layout_line() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "CYBERSIKKERHED",
            " KUNSTIG INTELLIGENS",
            "Af Anna Berg",
            "AF PER HANSEN, JOURNALIST",
            "‹‹‹",
            "›››",
            "K",
            "- fortsættes på side 8 ›››",
            "Kontakt: info@firma.dk",
            "Foto: Colourbox",
            "12",
            "ANNONCE",
        ][..],
    )
    .prop_map(|line| format!("\n{line}\n"))
}

/// Mostly Danish text, so that it passes the Danish check and reaches every stage, with
/// hostile pieces mixed in.
fn hostile_danish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop_oneof![
                12 => danish_word(),
                2 => awkward_word(),
                1 => long_word(),
                1 => layout_line(),
            ],
            separator(),
        ),
        0..400,
    )
    .prop_map(|pieces| pieces.into_iter().map(|(w, s)| w + &s).collect())
}

/// Anything at all: hostile Danish, arbitrary strings, one very long line, awkward characters.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => hostile_danish(),
        2 => any::<String>(),
        1 => prop::collection::vec(danish_word(), 0..3000).prop_map(|w| w.join(" ")),
        1 => prop::collection::vec(awkward_char(), 0..400).prop_map(|c| c.into_iter().collect()),
        1 => long_word(),
    ]
}

/// Bytes a file might hold: random bytes, hostile text cut at any byte (truncated UTF-8),
/// Windows-1252, UTF-16 with and without its byte-order mark.
fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000),
        (hostile_danish(), any::<prop::sample::Index>()).prop_map(|(t, i)| {
            let bytes = t.into_bytes();
            let cut = i.index(bytes.len() + 1);
            bytes[..cut].to_vec()
        }),
        hostile_danish().prop_map(|t| encoding_rs::WINDOWS_1252.encode(&t).0.into_owned()),
        (hostile_danish(), any::<bool>(), any::<bool>()).prop_map(|(t, bom, big)| {
            let mut bytes = Vec::new();
            if bom {
                bytes.extend_from_slice(if big { &[0xfe, 0xff] } else { &[0xff, 0xfe] });
            }
            for unit in t.encode_utf16() {
                bytes.extend(if big {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            bytes
        }),
        // Stray bytes in UTF-8.
        (
            hostile_danish(),
            prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 1..8)
        )
            .prop_map(|(t, strays)| {
                let mut bytes = t.into_bytes();
                for (at, byte) in strays {
                    let at = at.index(bytes.len() + 1);
                    bytes.insert(at, byte);
                }
                bytes
            }),
    ]
}

/// Extracts are the text at their spans, on character boundaries, in order, not overlapping.
fn check_extracts(text: &str, extracts: &[Extract]) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for extract in extracts {
        let (start, end) = extract.span;
        prop_assert!(
            start >= previous_end && start < end && end <= text.len(),
            "{:?}",
            extract.span
        );
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert_eq!(&text[start..end], extract.text.as_str());
        previous_end = end;
    }
    Ok(())
}

/// An error is one line that starts with the name of the file.
fn check_error(name: &str, error: &tema::Error) -> Result<(), TestCaseError> {
    let message = error.to_string();
    prop_assert!(message.starts_with(name), "names {}: {}", name, message);
    prop_assert!(!message.contains('\n'), "one line: {:?}", message);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Sentences tile the text: from its first byte to its last, each following the one before.
    #[test]
    fn sentences_tile_hostile_text(text in any_text()) {
        let found = text::sentences(&text);
        if text.trim().is_empty() {
            prop_assert!(found.len() <= 1);
        } else {
            prop_assert_eq!(found.first().map(|s| s.span.start), Some(0));
            prop_assert_eq!(found.last().map(|s| s.span.end), Some(text.len()));
            for pair in found.windows(2) {
                prop_assert_eq!(pair[0].span.end, pair[1].span.start);
            }
            for sentence in &found {
                prop_assert!(text.is_char_boundary(sentence.span.start));
                prop_assert!(!sentence.text(&text).is_empty());
            }
        }
        prop_assert_eq!(text::sentences(&text), found);
    }

    /// Tokens lie in the text in order, each its normalised form, and the analysers keep a
    /// subset of them in order; stems and compound parts are never empty.
    #[test]
    fn tokens_and_analysers_stay_in_the_text(text in any_text()) {
        let tokens = text::tokenize(&text);
        let mut previous_end = 0;
        for token in &tokens {
            prop_assert!(token.span.start >= previous_end && token.span.start < token.span.end);
            prop_assert!(token.span.end <= text.len());
            previous_end = token.span.end;
            prop_assert_eq!(text::normalize_word(token.text(&text)), token.norm.clone());
        }
        let mut stemmer = DanishStemmer::default();
        for analyzer in [TERMS, CONTENT_WORDS] {
            let kept: Vec<_> = analyzer.tokens(&text).map(|t| t.span).collect();
            let all: Vec<_> = tokens.iter().map(|t| t.span.clone()).collect();
            let mut rest = all.iter();
            for span in &kept {
                prop_assert!(rest.any(|s| s == span), "a kept token that was not a token");
            }
            let stems = analyzer.stems(&text, &mut stemmer);
            prop_assert_eq!(stems.len(), kept.len());
            prop_assert!(stems.iter().all(|s| !s.is_empty()));
        }
        for token in tokens.iter().take(200) {
            for part in text::compound_parts(&token.norm, text::default_lexicon()) {
                prop_assert!(!part.is_empty());
            }
        }
        // The analysis `tema tokens` prints: sentences of tokens, the same every time.
        let analysis = text::analyze(&text, &mut DanishStemmer::default());
        prop_assert_eq!(analysis, text::analyze(&text, &mut stemmer));
    }

    /// A word of any length is split (or left whole) at once, into pieces of the word.
    #[test]
    fn long_words_split_into_their_own_letters(word in long_word()) {
        let lower = word.to_lowercase();
        for part in text::compound_parts(&word, text::default_lexicon()) {
            prop_assert!(lower.contains(part.as_str()), "{:?} not in the word", part);
        }
        prop_assert!(text::tokenize(&word).len() <= word.len());
    }

    /// Repair keeps every line and every run of whitespace, and changes clean Danish not at all.
    #[test]
    fn repair_keeps_lines_and_leaves_clean_text_alone(text in any_text(), clean in prop::collection::vec(danish_word(), 1..300)) {
        let lexicon = text::default_lexicon();
        for repaired in [
            Repairer::new(lexicon).repair_text(&text),
            Repairer::cautious(lexicon).repair_text(&text),
            text::repair_document(&text).into_owned(),
        ] {
            prop_assert_eq!(repaired.lines().count(), text.lines().count());
            prop_assert_eq!(repaired.split_whitespace().count(), text.split_whitespace().count());
        }
        prop_assert_eq!(text::repair_document(&text), text::repair_document(&text));
        // Text with its æ/ø/å in place is not damaged: nothing to put back.
        let clean = clean.join(" ") + " på år og løsninger i København, så det går.";
        let repaired = text::repair_document(&clean);
        prop_assert!(matches!(repaired, std::borrow::Cow::Borrowed(_)), "clean text changed: {:?}", repaired);
        let repaired = PIPELINE.repair_text(&clean);
        prop_assert_eq!(repaired.as_ref(), clean.as_str());
    }

    /// Summaries of any text, by every method and length: sentences of the input at their
    /// spans, at most as many as asked, the same every time.
    #[test]
    fn summaries_are_sentences_of_the_input(
        text in any_text(),
        title in prop_oneof![Just(String::new()), hostile_danish()],
        n in 1usize..6,
        words in 1usize..80,
        ratio in 0.01f64..1.0,
    ) {
        let sentences: Vec<&str> = text::sentences(&text).iter().map(|s| s.text(&text)).collect();
        for method in [Method::Tema, Method::Lead, Method::Lexrank] {
            for length in [Length::Sentences(n), Length::Words(words), Length::Ratio(ratio)] {
                let article = Article::new(&text).title(&title).standfirst(&title);
                let summary = Summariser::new(method).summarise(&article, length);
                check_extracts(&text, &summary)?;
                for extract in &summary {
                    // An extract is one sentence or a quotation of whole sentences.
                    let trimmed = extract.text.trim();
                    prop_assert!(
                        sentences.iter().any(|s| s.contains(trimmed)) || sentences.iter().any(|s| trimmed.contains(s.trim())),
                        "{:?} is no sentence of the text", trimmed
                    );
                }
                if let Length::Sentences(n) = length {
                    let picked: usize = summary.iter().map(|e| text::sentences(&e.text).len().max(1)).sum();
                    prop_assert!(summary.len() <= n || picked <= n * 2 + 8, "{} extracts for {}", summary.len(), n);
                }
                prop_assert_eq!(Summariser::new(method).summarise(&article, length), summary);
            }
        }
    }

    /// Segmentation of hostile text: units in reading order, their lines inside the text, none
    /// in two units, word counts true, and the same units every time.
    #[test]
    fn units_of_hostile_text_are_well_formed(text in any_text()) {
        let units = segment("f", &text);
        let lines = text.lines().count();
        let mut seen = vec![false; lines + 2];
        for (n, unit) in units.iter().enumerate() {
            prop_assert_eq!(&unit.id, &format!("f-{:02}", n + 1));
            prop_assert!(!unit.lines.is_empty());
            for range in &unit.lines {
                prop_assert!(1 <= range.0 && range.0 <= range.1 && range.1 <= lines, "{:?} of {} lines", range, lines);
                for slot in &mut seen[range.0..=range.1] {
                    prop_assert!(!*slot, "a line in two units");
                    *slot = true;
                }
            }
            prop_assert_eq!(unit.words, unit.body.split_whitespace().count());
        }
        prop_assert_eq!(segment("f", &text), units);
    }

    /// Any bytes decode or are refused in one line naming the file; text decoded is text.
    #[test]
    fn any_bytes_decode_or_are_refused_in_one_line(bytes in any_bytes()) {
        let path = Path::new("fuzz-input.txt");
        match decode_bytes(path, &bytes) {
            Ok(decoded) => {
                prop_assert!(!decoded.text.contains('\0'));
                prop_assert!(decoded.replaced <= bytes.len());
            }
            Err(error) => check_error("fuzz-input.txt", &error)?,
        }
        match PIPELINE.text_from_bytes(path, &bytes) {
            Ok(read) => {
                for note in &read.notes {
                    prop_assert!(note.to_string().contains("fuzz-input.txt"));
                }
            }
            Err(error) => check_error("fuzz-input.txt", &error)?,
        }
    }

    /// The whole pipeline, end to end: read, check, repair, segment, tag, summarise. Refused
    /// in one line, or every article tagged with a theme it scored, its summary sentences of
    /// its body, the same on a second run.
    #[test]
    fn the_pipeline_tags_and_summarises_hostile_issues(text in any_text()) {
        let issue = match PIPELINE.issue_from_text("fuzz-issue.txt", &text) {
            Ok(issue) => issue.value,
            Err(error) => return check_error("fuzz-issue.txt", &error),
        };
        let articles = PIPELINE.tag_issue(&issue);
        prop_assert!(articles.len() <= issue.units.len());
        for article in &articles {
            let unit = issue.units.iter().find(|u| u.id == article.id);
            prop_assert!(unit.is_some(), "an article of no unit: {}", article.id);
            let unit = unit.unwrap();
            if let Some(theme) = &article.theme {
                prop_assert!(article.themes.iter().any(|t| &t.id == theme));
            }
            prop_assert!(article.themes.iter().all(|t| t.score.is_finite()));
            prop_assert!(!article.summary.contains('\n'));
            let extracts = PIPELINE.summarise_unit(unit);
            check_extracts(&unit.body, &extracts)?;
        }
        prop_assert_eq!(PIPELINE.tag_issue(&issue), articles);
    }

    /// JSON Lines with giant or odd numbers, deep nesting, wrong types and broken lines: read,
    /// or refused in one line naming the file; never a panic.
    #[test]
    fn json_lines_with_odd_values_are_read_or_refused(lines in prop::collection::vec(json_line(), 0..12)) {
        let input = lines.join("\n");
        let path = Path::new("fuzz-docs.jsonl");
        match PIPELINE.documents_from_reader(path, input.as_bytes()) {
            Ok(read) => {
                for doc in &read.value {
                    let _ = PIPELINE.tag_document(doc);
                    check_extracts(&doc.text, &PIPELINE.summarise_document(doc))?;
                }
            }
            Err(error) => check_error("fuzz-docs.jsonl", &error)?,
        }
    }
}

/// One line of a JSON Lines input, valid or not.
fn json_line() -> impl Strategy<Value = String> {
    let id = prop_oneof![
        Just("1".to_owned()),
        Just("\"a\"".to_owned()),
        Just("1e999999".to_owned()),
        Just("-1e-999999".to_owned()),
        Just("123456789012345678901234567890123456789012345678901234567890".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("-9223372036854775809".to_owned()),
        Just("NaN".to_owned()),
        Just("null".to_owned()),
        Just("[1,2]".to_owned()),
        Just("{\"x\":1}".to_owned()),
        Just("true".to_owned()),
        "-?[0-9]{1,400}(\\.[0-9]{1,40})?(e[+-]?[0-9]{1,6})?",
    ];
    let text = prop_oneof![
        hostile_danish().prop_map(|t| serde_json::to_string(&t).unwrap()),
        Just("12".to_owned()),
        Just("null".to_owned()),
        Just("\"\\ud800\"".to_owned()),
        Just("\"\\u0000\"".to_owned()),
    ];
    prop_oneof![
        6 => (id, text.clone()).prop_map(|(id, text)| format!("{{\"id\": {id}, \"text\": {text}}}")),
        1 => text.clone().prop_map(|text| format!("{{\"text\": {text}, \"title\": 7}}")),
        1 => (1usize..200).prop_map(|depth| format!("{{\"text\": \"a\", \"x\": {}{}}}", "[".repeat(depth), "]".repeat(depth))),
        1 => text.prop_map(|text| {
            let line = format!("{{\"id\": 1, \"text\": {text}}}");
            let half = (0..=line.len() / 2).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            line[..half].to_owned()
        }),
        1 => Just(String::new()),
        1 => any::<String>().prop_map(|s| s.replace('\n', " ")),
    ]
}
