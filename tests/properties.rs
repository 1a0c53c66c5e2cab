//! Invariants of segmentation that must hold for any text, not just the seeds.

use proptest::prelude::*;
use tema::ingest::segment;

/// Lines shaped like an issue's: bylines, headers, end marks, continuation notes, page starts,
/// pull quotes, contact lines, body text, blanks, and arbitrary Unicode.
fn issue_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(String::new()),
        Just("Af Anna Berg".to_owned()),
        Just(" CYBERSIKKERHED".to_owned()),
        Just("‹‹‹".to_owned()),
        Just("K".to_owned()),
        Just("- fortsættes på side 8 ›››".to_owned()),
        Just("\t Det er vigtigt at samarbejde, siger hun.".to_owned()),
        Just("Kontakt: info@firma.dk".to_owned()),
        Just("Kommunerne skal samarbejde mere om it-sikker-".to_owned()),
        Just("heden, siger direktøren, og det haster.".to_owned()),
        "[a-zæøå ,.]{0,80}",
        " [A-ZÆØÅ][a-zæøå ]{0,40}",
        any::<String>().prop_map(|s| s.replace(['\n', '\r'], " ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn units_are_disjoint_ordered_and_inside_the_text(lines in prop::collection::vec(issue_line(), 0..120)) {
        let text = lines.join("\n");
        let line_count = text.lines().count();
        let units = segment("p", &text);
        let mut seen = vec![false; line_count + 2];
        let mut previous_first = 0;
        for (n, unit) in units.iter().enumerate() {
            prop_assert_eq!(&unit.id, &format!("p-{:02}", n + 1));
            prop_assert!(!unit.lines.is_empty());
            prop_assert!(unit.lines[0].0 > previous_first);
            previous_first = unit.lines[0].0;
            for range in &unit.lines {
                prop_assert!(1 <= range.0 && range.0 <= range.1 && range.1 <= line_count);
                for slot in &mut seen[range.0..=range.1] {
                    prop_assert!(!*slot, "line in two units: {:?}", range);
                    *slot = true;
                }
            }
            prop_assert_eq!(unit.words, unit.body.split_whitespace().count());
        }
        // Every line with a letter or digit belongs to some unit.
        for (index, line) in text.lines().enumerate() {
            if line.chars().any(char::is_alphanumeric) {
                prop_assert!(seen[index + 1], "line {} ({:?}) belongs nowhere", index + 1, line);
            }
        }
    }

    #[test]
    fn segmentation_is_deterministic(lines in prop::collection::vec(issue_line(), 0..60)) {
        let text = lines.join("\n");
        prop_assert_eq!(segment("p", &text), segment("p", &text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn sentences_tile_any_text(text in any::<String>()) {
        let found = tema::text::sentences(&text);
        if text.trim().is_empty() {
            prop_assert!(found.len() <= 1);
        } else {
            prop_assert_eq!(found.first().unwrap().span.start, 0);
            prop_assert_eq!(found.last().unwrap().span.end, text.len());
            for pair in found.windows(2) {
                prop_assert_eq!(pair[0].span.end, pair[1].span.start);
            }
            for sentence in &found {
                prop_assert!(!sentence.text(&text).is_empty());
            }
        }
    }

    #[test]
    fn sentences_tile_danish_like_text(words in prop::collection::vec(
        prop_oneof![
            Just("Kommunerne"), Just("skal"), Just("bl.a."), Just("kr."), Just("1.200"), Just("10.30"),
            Just("siger"), Just("“Det"), Just("er"), Just("godt,”"), Just("hun."), Just("Per"), Just("N."),
            Just("\n"), Just("\n\n"), Just("NIS2."), Just("?"), Just("!"), Just("f.eks."), Just("Næste"),
        ], 0..80)) {
        let text = words.join(" ");
        let found = tema::text::sentences(&text);
        let rebuilt: String = found.iter().map(|s| &text[s.span.clone()]).collect();
        prop_assert_eq!(rebuilt, text);
    }

    #[test]
    fn token_spans_map_back_to_their_words(text in any::<String>()) {
        let mut previous_end = 0;
        for token in tema::text::tokenize(&text) {
            prop_assert!(token.span.start >= previous_end);
            previous_end = token.span.end;
            let printed = token.text(&text);
            prop_assert!(printed.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '§'));
            prop_assert_eq!(tema::text::normalize_word(printed), token.norm.clone());
        }
    }
}

/// Summaries on any text: every extract is the source at its span, in order, never overlapping.
fn assert_extracts_are_substrings(
    text: &str,
    length: tema::summaries::Length,
) -> Result<(), TestCaseError> {
    use tema::summaries::{Article, Method, Summariser};
    for method in [Method::Tema, Method::Lead, Method::Lexrank] {
        let summary = Summariser::new(method)
            .summarise(&Article::new(text).title("Kommunerne og data"), length);
        let mut previous_end = 0;
        for extract in &summary {
            let (start, end) = extract.span;
            prop_assert!(start >= previous_end && start < end && end <= text.len());
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            prop_assert_eq!(&text[start..end], extract.text.as_str());
            previous_end = end;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn summary_sentences_are_the_source_at_their_spans(text in any::<String>(), n in 1usize..5) {
        assert_extracts_are_substrings(&text, tema::summaries::Length::Sentences(n))?;
    }

    #[test]
    fn summaries_of_danish_like_text_map_back(words in prop::collection::vec(
        prop_oneof![
            Just("Kommunerne"), Just("skal"), Just("samarbejde"), Just("om"), Just("data."), Just("“Det"),
            Just("er"), Just("godt,”"), Just("siger"), Just("hun."), Just("Af"), Just("Men"), Just("\n\n"),
            Just("foto:"), Just("kr."), Just("1.200"), Just("NIS2"), Just("løsninger."), Just("»Vi"), Just("«"),
            Just("Regionerne"), Just("har"), Just("besluttet"), Just("at"), Just("investere"), Just("i"),
        ], 0..150), words_budget in 1usize..60) {
        let text = words.join(" ");
        assert_extracts_are_substrings(&text, tema::summaries::Length::Sentences(3))?;
        assert_extracts_are_substrings(&text, tema::summaries::Length::Words(words_budget))?;
        assert_extracts_are_substrings(&text, tema::summaries::Length::Ratio(0.2))?;
    }
}

/// Words a Danish article might hold, stop words, numbers and arbitrary text among them.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("kommunerne"),
            Just("cybersikkerhed"),
            Just("og"),
            Just("2024"),
            Just("NIS2"),
            Just("grøn"),
            Just("it-sikkerheden"),
            Just("datacentre"),
        ]
        .prop_map(str::to_owned)
        .boxed()
        .prop_union("[a-zæøå]{1,12}".boxed())
        .or(any::<String>().boxed()),
        0..40,
    )
    .prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tfidf_rows_have_unit_length_or_are_empty(docs in prop::collection::vec(words(), 1..12)) {
        let vocabulary = tema::vectors::Vocabulary::fit(&docs, &tema::vectors::VectorOptions::default());
        let matrix = vocabulary.transform(&docs);
        prop_assert_eq!(matrix.n_rows(), docs.len());
        for (columns, weights) in matrix.rows() {
            prop_assert!(columns.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(weights.iter().all(|&w| w > 0.0));
            let norm: f32 = weights.iter().map(|w| w * w).sum();
            prop_assert!(columns.is_empty() || (norm - 1.0).abs() < 1e-4, "norm {}", norm);
        }
    }
}

/// Words shaped like damaged Danish, hyphenated line ends, OCR debris and arbitrary Unicode.
fn damaged_word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("pa".to_owned()),
        Just("Al".to_owned()),
        Just("|".to_owned()),
        Just("[T-chef".to_owned()),
        Just("0S2".to_owned()),
        Just("lgsning-".to_owned()),
        Just("veerktej,".to_owned()),
        Just("(s&)".to_owned()),
        Just("Igsningerne.".to_owned()),
        "[a-zæøåA-Z@&|380é-]{1,14}",
        "[^ \t\n]{1,8}",
    ]
}

fn whitespace() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("  \t".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\u{a0}".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Repair changes only the letters inside words: the same lines, the same whitespace between
    /// the same number of words, whether or not the text looks damaged.
    #[test]
    fn repair_keeps_lines_and_whitespace(
        pieces in prop::collection::vec((damaged_word(), whitespace()), 0..80),
        arbitrary in any::<String>(),
    ) {
        let mut text: String = pieces.iter().map(|(w, s)| format!("{w}{s}")).collect();
        text.push_str(&arbitrary);
        let lexicon = tema::text::default_lexicon();
        for repaired in [
            tema::text::Repairer::new(lexicon).repair_text(&text),
            tema::text::Repairer::cautious(lexicon).repair_text(&text),
            tema::text::repair_document(&text).into_owned(),
        ] {
            prop_assert_eq!(repaired.lines().count(), text.lines().count());
            let spaces = |s: &str| s.split(|c: char| !c.is_whitespace()).filter(|w| !w.is_empty()).map(str::to_owned).collect::<Vec<_>>();
            prop_assert_eq!(spaces(&repaired), spaces(&text));
            prop_assert_eq!(repaired.split_whitespace().count(), text.split_whitespace().count());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every word of a repair maps back to the same word of the text as given, its start to its
    /// start and its end to its end, so summary spans can be given in the user's text.
    #[test]
    fn repaired_words_map_back_to_the_words_as_given(
        pieces in prop::collection::vec((damaged_word(), whitespace()), 0..80),
    ) {
        let text: String = pieces.iter().map(|(w, s)| format!("{w}{s}")).collect();
        let repaired = tema::text::Repairer::new(tema::text::default_lexicon()).repair_text(&text);
        let offsets = tema::text::RepairOffsets::new(&text, &repaired);
        prop_assert!(offsets.is_some(), "{:?} / {:?}", text, repaired);
        let offsets = offsets.unwrap();
        let word_spans = |s: &str| -> Vec<(usize, usize)> {
            let mut spans = Vec::new();
            let mut start = None;
            for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
                match (c.is_whitespace(), start) {
                    (false, None) => start = Some(i),
                    (true, Some(b)) => {
                        spans.push((b, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            spans
        };
        let (was, now) = (word_spans(&text), word_spans(&repaired));
        prop_assert_eq!(was.len(), now.len());
        for (w, n) in was.iter().zip(&now) {
            prop_assert_eq!(offsets.original_span(*n), *w);
        }
    }
}
