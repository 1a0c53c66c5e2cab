//! `tema summarise` and `tema eval summaries` run for real on the seed issues and on bad input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};

mod common;

use common::{json_of, run, stderr, stdout, SEEDS};

/// The content units of an issue (articles, editorials, briefs), by id, as printed or with
/// their lost æ/ø/å put back.
fn content_units(seed: &str, repair: bool) -> HashMap<String, Value> {
    let mut args = vec!["articles", seed, "--format", "json"];
    if !repair {
        args.push("--no-repair");
    }
    let doc = json_of(&args);
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| ["article", "editorial", "brief"].contains(&u["kind"].as_str().unwrap()))
        .map(|u| (u["id"].as_str().unwrap().to_owned(), u.clone()))
        .collect()
}

fn sorted_ids(units: &HashMap<String, Value>) -> Vec<&String> {
    let mut ids: Vec<&String> = units.keys().collect();
    ids.sort();
    ids
}

/// The units as JSON Lines documents, the body as `text`, in id order; with their titles or
/// without.
fn units_as_json_lines(units: &HashMap<String, Value>, titled: bool) -> String {
    sorted_ids(units)
        .iter()
        .map(|id| {
            let mut doc = json!({"id": id, "text": units[*id]["body"]});
            if titled {
                doc["title"] = units[*id]["title"].clone();
            }
            doc.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn span(extract: &Value) -> (usize, usize) {
    let span = extract["span"].as_array().expect("span is [start, end]");
    assert_eq!(span.len(), 2);
    (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    )
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Checks every summary of an issue against its article: the spans cut the printed text
/// out of the body, in document order, without overlap; returns the summaries by id.
/// Summaries are of the repaired issue, as by default, so the bodies are too.
fn summaries_map_back(seed: &str, extra: &[&str]) -> HashMap<String, Vec<(String, usize, usize)>> {
    let units = content_units(seed, true);
    let mut args = vec!["summarise", seed, "--format", "json"];
    args.extend_from_slice(extra);
    let docs = json_of(&args);
    let docs = docs.as_array().expect("an array of documents");
    assert_eq!(docs.len(), units.len(), "one summary per content unit");
    let mut out = HashMap::new();
    for doc in docs {
        let id = doc["id"].as_str().unwrap();
        let unit = &units[id];
        assert_eq!(doc["title"], unit["title"]);
        let body = unit["body"].as_str().unwrap();
        let mut previous_end = 0;
        let mut extracts = Vec::new();
        for extract in doc["summary"].as_array().unwrap() {
            let (start, end) = span(extract);
            assert!(start >= previous_end && end > start, "{id}: order/overlap");
            previous_end = end;
            let text = extract["text"].as_str().unwrap();
            assert_eq!(&body[start..end], text, "{id}: span maps back");
            extracts.push((text.to_owned(), start, end));
        }
        out.insert(id.to_owned(), extracts);
    }
    out
}

#[test]
fn summary_sentences_come_from_their_article_in_order() {
    for seed in SEEDS {
        let summaries = summaries_map_back(seed, &[]);
        let with_summary = summaries.values().filter(|s| !s.is_empty()).count();
        assert!(
            with_summary * 10 >= summaries.len() * 9,
            "{seed}: most articles get a summary ({with_summary}/{})",
            summaries.len()
        );
        for (id, extracts) in &summaries {
            let sentences: usize = extracts
                .iter()
                .map(|(text, _, _)| tema::text::sentences(text).len())
                .sum();
            assert!(
                sentences <= 3,
                "{id}: default is 3 sentences, got {sentences}"
            );
            for (text, _, _) in extracts {
                // Never a heading, caption or other fragment: whole sentences only.
                assert!(words(text) >= 6, "{id}: fragment {text:?}");
                let first = text.chars().find(|c| c.is_alphanumeric()).unwrap();
                assert!(!first.is_lowercase(), "{id}: starts mid-sentence {text:?}");
                assert!(!text.starts_with("Af "), "{id}: byline {text:?}");
                assert!(!text.contains('@'), "{id}: contact line {text:?}");
            }
        }
    }
}

#[test]
fn length_options_are_honoured() {
    let seed = SEEDS[0];
    let units = content_units(seed, true);
    let one = summaries_map_back(seed, &["--sentences", "1"]);
    let five = summaries_map_back(seed, &["--sentences", "5"]);
    let mut longer = 0;
    for (id, extracts) in &one {
        let sentences: usize = extracts
            .iter()
            .map(|(t, _, _)| tema::text::sentences(t).len())
            .sum();
        // A single quotation of several sentences is the only way past one sentence.
        assert!(extracts.len() <= 1, "{id}: {extracts:?}");
        assert!(sentences <= 1 || extracts.len() == 1, "{id}");
        if five[id].len() > extracts.len() {
            longer += 1;
        }
    }
    assert!(
        longer * 2 > one.len(),
        "--sentences 5 gives longer summaries"
    );

    for (id, extracts) in summaries_map_back(seed, &["--words", "40"]) {
        let total: usize = extracts.iter().map(|(t, _, _)| words(t)).sum();
        assert!(total <= 40 || extracts.len() == 1, "{id}: {total} words");
    }
    for (id, extracts) in summaries_map_back(seed, &["--ratio", "0.1"]) {
        let body_words = words(units[&id]["body"].as_str().unwrap());
        let total: usize = extracts.iter().map(|(t, _, _)| words(t)).sum();
        let budget = (body_words as f64 * 0.1).round() as usize;
        assert!(
            total <= budget || extracts.len() == 1,
            "{id}: {total} > {budget}"
        );
    }
}

#[test]
fn json_lines_input_and_every_format_agree() {
    let dir = tempfile::tempdir().unwrap();
    let units = content_units(SEEDS[0], false);
    let ids = sorted_ids(&units);
    let input = temp_file(
        dir.path(),
        "docs.jsonl",
        units_as_json_lines(&units, true).as_bytes(),
    );
    let input = input.to_str().unwrap();
    let from_input = json_of(&["summarise", "--input", input, "--format", "json"]);
    let docs = from_input.as_array().unwrap();
    assert_eq!(docs.len(), ids.len());
    for doc in docs {
        let body = units[doc["id"].as_str().unwrap()]["body"].as_str().unwrap();
        for extract in doc["summary"].as_array().unwrap() {
            let (start, end) = span(extract);
            assert_eq!(&body[start..end], extract["text"].as_str().unwrap());
        }
    }

    let jsonl = stdout(&run(&["summarise", "--input", input, "--format", "jsonl"]));
    let from_lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&from_lines, docs);

    let md = stdout(&run(&["summarise", "--input", input, "--format", "md"]));
    let table = stdout(&run(&["summarise", "--input", input, "--format", "table"]));
    for doc in docs {
        let id = doc["id"].as_str().unwrap();
        assert!(
            md.contains(&format!("`{id}`")) && table.contains(id),
            "{id}"
        );
    }

    let out = dir.path().join("summaries.json");
    let output = run(&[
        "summarise",
        "--input",
        input,
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success() && output.stdout.is_empty());
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(&written, &from_input);
}

/// A damaged document is summarised from its repair, and the spans still point into the text
/// as the user gave it: the same words, with the letters the repair put back left out.
#[test]
fn spans_of_a_repaired_document_point_into_the_text_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let units = content_units(SEEDS[1], false);
    let input = temp_file(
        dir.path(),
        "damaged.jsonl",
        units_as_json_lines(&units, false).as_bytes(),
    );
    let docs = json_of(&[
        "summarise",
        "--input",
        input.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let (mut repaired, mut words, mut same) = (0, 0, 0);
    for doc in docs.as_array().unwrap() {
        let given = units[doc["id"].as_str().unwrap()]["body"].as_str().unwrap();
        for extract in doc["summary"].as_array().unwrap() {
            let (start, end) = span(extract);
            let text = extract["text"].as_str().unwrap();
            let was: Vec<&str> = given[start..end].split_whitespace().collect();
            let now: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(was.len(), now.len(), "{was:?} / {now:?}");
            words += now.len();
            same += was.iter().zip(&now).filter(|(a, b)| a == b).count();
            repaired += usize::from(given[start..end] != *text);
        }
    }
    assert!(
        repaired > 10,
        "the damaged issue's summaries are repaired: {repaired}"
    );
    // Most words keep their letters: a span that slipped would pair other words.
    assert!(same * 10 >= words * 8, "{same} of {words} words the same");
}

/// Documents whose text opens with the headline, as printed: the summary opens with it, JSON
/// says so, and the views that print the title beside the summary do not print it twice.
#[test]
fn a_printed_headline_opens_the_summary_once() {
    let dir = tempfile::tempdir().unwrap();
    let printed =
        std::fs::read_to_string("tests/fixtures/summaries/standfirsts-headline.jsonl").unwrap();
    let first = printed.lines().next().unwrap();
    let doc: Value = serde_json::from_str(first).unwrap();
    let title = doc["title"].as_str().unwrap();
    let untitled = json!({"id": "untitled", "text": doc["text"]}).to_string();
    let input = temp_file(
        dir.path(),
        "docs.jsonl",
        format!("{first}\n{untitled}").as_bytes(),
    );
    let input = input.to_str().unwrap();
    let docs = json_of(&["summarise", "--input", input, "--format", "json"]);
    for doc in docs.as_array().unwrap() {
        let summary = doc["summary"].as_array().unwrap();
        assert_eq!(summary.len(), 3, "{doc}");
        assert_eq!(summary[0]["text"], title, "{doc}");
        assert_eq!(summary[0]["headline"], true);
        assert_eq!(span(&summary[0]).0, 0);
        assert!(summary[1..].iter().all(|e| e.get("headline").is_none()));
    }
    let md = stdout(&run(&["summarise", "--input", input, "--format", "md"]));
    assert!(md.contains(&format!("## {title}\n")), "{md}");
    assert_eq!(
        md.matches(&format!("- {title}\n")).count(),
        1,
        "only the untitled document lists its headline: {md}"
    );
    assert!(
        md.contains(&format!("## (untitled)\n\n*`untitled`*\n\n- {title}\n")),
        "without a title, the headline is the first line: {md}"
    );
}

/// `tema eval summaries --input FILE --json`.
fn eval_input(file: &Path) -> Value {
    json_of(&[
        "eval",
        "summaries",
        "--input",
        file.to_str().unwrap(),
        "--json",
    ])
}

fn method_f1(eval: &Value, method: &str, key: &str) -> f64 {
    eval["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == method)
        .unwrap_or_else(|| panic!("{method} reported"))[key]["f1"]
        .as_f64()
        .unwrap()
}

#[test]
fn rouge_against_the_standfirsts_beats_lead_3() {
    let eval = json_of(&["eval", "summaries", SEEDS[0], SEEDS[1], "--json"]);
    let articles_with_standfirst: usize = SEEDS
        .iter()
        .map(|s| {
            content_units(s, true)
                .values()
                .filter(|u| u["standfirst"].is_string())
                .count()
        })
        .sum();
    assert_eq!(eval["documents"], articles_with_standfirst);
    let tema = method_f1(&eval, "tema", "rouge1");
    let lead = method_f1(&eval, "lead", "rouge1");
    let lexrank = method_f1(&eval, "lexrank", "rouge1");
    assert!(tema > lead, "tema {tema:.3} vs lead-3 {lead:.3}");
    assert!(tema > lexrank, "tema {tema:.3} vs lexrank {lexrank:.3}");
    for key in ["rouge1", "rouge2", "rougeL"] {
        let f1 = method_f1(&eval, "tema", key);
        assert!(f1 > 0.0 && f1 < 1.0, "{key}: {f1}");
    }
}

/// The standfirst sets are tema's own repair and segmentation of the seeds cut by the hand
/// annotation: rebuilt with this build, they must be the sets the figures were measured on.
#[test]
fn the_standfirst_sets_are_what_this_build_makes() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new("python3")
        .arg("tests/fixtures/summaries/make_standfirsts.py")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TEMA", env!("CARGO_BIN_EXE_tema"))
        .env("OUT", dir.path())
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{}", stderr(&output));
    for name in ["standfirsts.jsonl", "standfirsts-headline.jsonl"] {
        let built = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let kept = std::fs::read_to_string(format!("tests/fixtures/summaries/{name}")).unwrap();
        assert!(
            built == kept,
            "{name} is stale: run tests/fixtures/summaries/make_standfirsts.py and re-measure"
        );
    }
}

/// The hand-annotated standfirsts of both seeds (`tests/fixtures/summaries/`, built by its
/// `make_standfirsts.py`): every annotated article with a standfirst, not only those that
/// `tema articles` finds one for.
#[test]
fn rouge_against_the_annotated_standfirsts() {
    let set = |name: &str| eval_input(Path::new(&format!("tests/fixtures/summaries/{name}.jsonl")));
    let plain = set("standfirsts");
    assert_eq!(plain["documents"], 31);
    let tema = method_f1(&plain, "tema", "rouge1");
    let lead = method_f1(&plain, "lead", "rouge1");
    let lexrank = method_f1(&plain, "lexrank", "rouge1");
    // The lead is the prior that evidence must overcome (news summaries are mostly the
    // lead), so the gain on magazine bodies is smaller than centrality alone would give.
    assert!(tema > lead + 0.01, "tema {tema:.3} vs lead-3 {lead:.3}");
    assert!(tema > lexrank, "tema {tema:.3} vs lexrank {lexrank:.3}");
    // With the headline printed above the body, Lead-3 starts with it: a far stronger
    // baseline. tema's summary opens with the headline too, and still gains on Lead-3.
    let headline = set("standfirsts-headline");
    let lead_with_headline = method_f1(&headline, "lead", "rouge1");
    assert!(lead_with_headline > lead + 0.02, "{lead_with_headline:.3}");
    let tema_with_headline = method_f1(&headline, "tema", "rouge1");
    // Issue 29's bar for magazine articles as printed: 5% above Lead-3.
    assert!(
        tema_with_headline >= 1.05 * lead_with_headline,
        "tema {tema_with_headline:.3} vs lead-3 {lead_with_headline:.3}"
    );
    assert!(
        tema_with_headline > tema + 0.01,
        "the headline helps: {tema_with_headline:.3} vs {tema:.3}"
    );
    // Without a `title`, the headline the text opens with is found and used all the same.
    let dir = tempfile::tempdir().unwrap();
    let untitled = dir.path().join("untitled.jsonl");
    let lines: Vec<String> =
        std::fs::read_to_string("tests/fixtures/summaries/standfirsts-headline.jsonl")
            .unwrap()
            .lines()
            .map(|line| {
                let mut doc: serde_json::Value = serde_json::from_str(line).unwrap();
                doc.as_object_mut().unwrap().remove("title");
                doc.to_string()
            })
            .collect();
    std::fs::write(&untitled, lines.join("\n")).unwrap();
    let untitled = eval_input(&untitled);
    let tema_untitled = method_f1(&untitled, "tema", "rouge1");
    assert!(
        (tema_untitled - tema_with_headline).abs() < 0.02,
        "untitled {tema_untitled:.3} vs titled {tema_with_headline:.3}"
    );
}

/// `tema eval summaries --input FILE --sentences N --json`.
fn eval_sentences(file: &str, sentences: usize) -> Value {
    json_of(&[
        "eval",
        "summaries",
        "--input",
        file,
        "--sentences",
        &sentences.to_string(),
        "--json",
    ])
}

/// The composed news articles (`tests/fixtures/summaries/news.jsonl`, with date lines,
/// bylines and stamps, and `news-plain.jsonl`, the same opening with the teaser): a news
/// summary is mostly its lead, so tema must not fall below Lead-N, and the layout lines must
/// not be picked where Lead-N takes them. The tolerance keeps small changes elsewhere (the
/// sentence cutter, the stemmer) from failing this; the figures are in docs/quality.md.
#[test]
fn news_summaries_hold_the_lead() {
    for name in ["news", "news-plain"] {
        let file = format!("tests/fixtures/summaries/{name}.jsonl");
        for sentences in [1, 3] {
            let eval = eval_sentences(&file, sentences);
            assert_eq!(eval["documents"], 29);
            let tema = method_f1(&eval, "tema", "rouge1");
            let lead = method_f1(&eval, "lead", "rouge1");
            let lexrank = method_f1(&eval, "lexrank", "rouge1");
            assert!(
                tema >= lead - 0.01,
                "{name}, {sentences}: tema {tema:.3} vs lead {lead:.3}"
            );
            assert!(
                tema > lexrank + 0.03,
                "{name}, {sentences}: tema {tema:.3} vs lexrank {lexrank:.3}"
            );
        }
    }
    // The date line, byline or stamp a dated article opens with is never a summary.
    let dated = eval_sentences("tests/fixtures/summaries/news.jsonl", 1);
    assert!(method_f1(&dated, "tema", "rouge1") > method_f1(&dated, "lead", "rouge1") + 0.3);
}

#[test]
fn eval_on_json_lines_matches_eval_on_the_issue() {
    let dir = tempfile::tempdir().unwrap();
    let units = content_units(SEEDS[0], false);
    let mut ids: Vec<&String> = units
        .keys()
        .filter(|id| units[*id]["standfirst"].is_string())
        .collect();
    ids.sort();
    let lines: Vec<String> = ids
        .iter()
        .map(|id| {
            let u = &units[*id];
            json!({"id": id, "title": u["title"], "text": u["body"], "reference": u["standfirst"]})
                .to_string()
        })
        .collect();
    let input = temp_file(dir.path(), "refs.jsonl", lines.join("\n").as_bytes());
    let from_lines = eval_input(&input);
    let from_issue = json_of(&["eval", "summaries", SEEDS[0], "--json"]);
    assert_eq!(from_lines, from_issue);

    let text = stdout(&run(&["eval", "summaries", SEEDS[0], "--sentences", "2"]));
    assert!(
        text.contains("lead-2") && text.contains("ROUGE-L"),
        "{text}"
    );
}

fn temp_file(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// A failed run: exit code 1, one line on stderr naming the file and the reason, no stdout.
fn assert_one_line_error(output: &Output, file: &str, reason: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "should fail: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(file), "names the file {file}: {err}");
    assert!(err.contains(reason), "says why ({reason}): {err}");
    assert!(output.stdout.is_empty(), "no partial output");
}

#[test]
fn malformed_json_lines_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = temp_file(
        dir.path(),
        "bad.jsonl",
        b"{\"text\": \"Kommunerne samarbejder om sikkerheden.\"}\n{\"text\": \n",
    );
    let bad = bad.to_str().unwrap();
    for args in [
        vec!["summarise", "--input", bad],
        vec!["eval", "summaries", "--input", bad],
    ] {
        assert_one_line_error(&run(&args), "bad.jsonl", "line 2");
    }
}

#[test]
fn a_document_without_reference_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let docs = temp_file(
        dir.path(),
        "docs.jsonl",
        "{\"id\": \"a\", \"text\": \"Kommunerne samarbejder om sikkerheden i år.\", \"reference\": \"Kommunerne samarbejder.\"}\n\
         {\"id\": \"b\", \"text\": \"Regionerne samarbejder også om sikkerheden i år.\"}\n"
            .as_bytes(),
    );
    assert_one_line_error(
        &run(&["eval", "summaries", "--input", docs.to_str().unwrap()]),
        "docs.jsonl",
        "\"b\" has no `reference`",
    );
}

#[test]
fn missing_issue_is_one_clear_line() {
    assert_one_line_error(
        &run(&["eval", "summaries", "seeds/no-such-issue.txt"]),
        "no-such-issue.txt",
        "no such file",
    );
    assert_one_line_error(
        &run(&["summarise", "seeds/no-such-issue.txt"]),
        "no-such-issue.txt",
        "no such file",
    );
}
