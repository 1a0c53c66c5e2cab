//! `tema tag`, `tema train` and `tema eval themes` run for real on the seed issues.

use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const SEEDS: [&str; 2] = ["seeds/kita-2022-autumn.txt", "seeds/kita-2024-autumn.txt"];
const THEMES: [&str; 4] = ["cybersecurity", "ai", "green_it", "shared_operations"];

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("tema")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("tema runs")
}

fn ok_stdout(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn tag_json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["tag", "--format", "json"];
    all.extend(args);
    serde_json::from_str::<Value>(&ok_stdout(&all))
        .expect("valid JSON")
        .as_array()
        .expect("an array of articles")
        .clone()
}

fn one_line_error(output: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{needle}: {err}");
    assert!(output.stdout.is_empty());
}

#[test]
fn tag_json_has_the_documented_shape_on_both_seeds() {
    for seed in SEEDS {
        let articles = tag_json(&[seed]);
        assert!(articles.len() >= 10, "{seed}: {}", articles.len());
        for a in &articles {
            assert!(a["id"].as_str().unwrap().starts_with("kita-20"));
            assert!(a["lines"].as_array().is_some_and(|l| !l.is_empty()));
            match &a["theme"] {
                Value::Null => {}
                Value::String(t) => assert!(THEMES.contains(&t.as_str()), "{t}"),
                other => panic!("theme {other}"),
            }
            let scores: Vec<f64> = a["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["score"].as_f64().unwrap())
                .collect();
            assert_eq!(scores.len(), 4);
            assert!(
                scores.windows(2).all(|w| w[0] >= w[1]),
                "sorted: {scores:?}"
            );
            assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
            if let Value::String(t) = &a["theme"] {
                assert_eq!(&a["themes"][0]["id"], t, "the primary theme scores highest");
            }
            let cluster = &a["cluster"];
            assert!(
                cluster["id"].is_u64() && cluster["label"].is_string(),
                "{cluster}"
            );
            assert!(!a["terms"].as_array().unwrap().is_empty());
            assert!(a["summary"].is_string());
        }
    }
}

#[test]
fn tagging_is_deterministic_and_every_format_renders() {
    let first = ok_stdout(&["tag", SEEDS[1], "--format", "jsonl"]);
    assert_eq!(first, ok_stdout(&["tag", SEEDS[1], "--format", "jsonl"]));
    for line in first.lines() {
        serde_json::from_str::<Value>(line).expect("each line is JSON");
    }
    let csv = ok_stdout(&["tag", SEEDS[1], "--format", "csv"]);
    assert!(csv.starts_with("id,title,lines,theme,score_ai,score_cybersecurity"));
    let md = ok_stdout(&["tag", SEEDS[1], "--format", "md"]);
    assert_eq!(md.matches("\n## ").count() + 1, first.lines().count());
    let table = ok_stdout(&["tag", SEEDS[1], "--format", "table"]);
    assert!(table.contains("kita-2024-autumn-"));
}

#[test]
fn repair_restores_danish_letters_before_tagging() {
    let repaired = tag_json(&[SEEDS[1]]);
    let raw = tag_json(&[SEEDS[1], "--no-repair"]);
    let letters = |articles: &[Value]| {
        articles
            .iter()
            .filter_map(|a| a["title"].as_str())
            .filter(|t| t.contains(['æ', 'ø', 'å']))
            .count()
    };
    assert_eq!(letters(&raw), 0);
    assert!(letters(&repaired) >= 5, "{}", letters(&repaired));
    let lines = |articles: &[Value]| {
        articles
            .iter()
            .map(|a| a["lines"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(lines(&repaired), lines(&raw), "repair keeps line ranges");
}

#[test]
fn cybersecurity_articles_of_the_annotated_seed_are_found() {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/segments/kita-2022-autumn.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let articles = tag_json(&[SEEDS[0]]);
    let first_line = |a: &Value| a["lines"][0][0].as_u64().unwrap();
    let mut cyber = 0;
    let mut found = 0;
    for unit in gold["units"].as_array().unwrap() {
        if unit["theme"] != "cybersecurity" {
            continue;
        }
        cyber += 1;
        let start = unit["lines"][0][0].as_u64().unwrap();
        let end = unit["lines"][0][1].as_u64().unwrap();
        if articles
            .iter()
            .any(|a| (start..=end).contains(&first_line(a)) && a["theme"] == "cybersecurity")
        {
            found += 1;
        }
    }
    assert!(cyber >= 4);
    assert!(found * 4 >= cyber * 3, "{found} of {cyber}");
}

#[test]
fn the_default_model_is_what_train_builds_from_the_seeds_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default-model.json"),
    )
    .unwrap();
    // Weights are written an array to a line: tens of thousands of numbers, one to a line,
    // would bury the rest of the file.
    assert!(
        shipped.lines().count() < 20_000,
        "{} lines",
        shipped.lines().count()
    );
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("model-{threads}.json"));
        let output = Command::cargo_bin("tema")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "train",
                SEEDS[0],
                SEEDS[1],
                "--labels",
                "models/labels.jsonl",
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let built = std::fs::read_to_string(&out).unwrap();
        assert!(
            built == shipped,
            "{threads} threads: models/default-model.json is stale or thread-dependent: rebuild it (README)"
        );
    }
}

#[test]
fn documents_from_json_lines_are_tagged_and_none_is_an_answer() {
    let articles = tag_json(&["--input", "tests/fixtures/themes/unseen.jsonl"]);
    assert_eq!(articles.len(), 15);
    assert!(articles.iter().all(|a| a.get("lines").is_none()));
    // Ids name the label: u-cyber-1, u-none-2, ...
    let label_of = |id: &str| match id.split('-').nth(1) {
        Some("cyber") => Value::from("cybersecurity"),
        Some("ai") => Value::from("ai"),
        Some("green") => Value::from("green_it"),
        Some("shared") => Value::from("shared_operations"),
        _ => Value::Null,
    };
    let right = articles
        .iter()
        .filter(|a| a["theme"] == label_of(a["id"].as_str().unwrap()))
        .count();
    assert!(right >= 10, "{right} of 15");
    assert!(articles.iter().any(|a| a["theme"].is_null()));
}

#[test]
fn bad_models_and_labels_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("old.json");
    std::fs::write(&model, "{\"format\": 99}").unwrap();
    let output = run(&["tag", SEEDS[0], "--model", model.to_str().unwrap()]);
    one_line_error(&output, "model format version 99");
    let labels = dir.path().join("labels.jsonl");
    std::fs::write(
        &labels,
        "{\"text\": \"Hackere angreb\", \"theme\": \"sport\"}\n",
    )
    .unwrap();
    let out = dir.path().join("m.json");
    // A themes file is the list of themes: a label naming none of them is a typo to report.
    let output = run(&[
        "train",
        "--labels",
        labels.to_str().unwrap(),
        "--themes",
        "models/themes.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    one_line_error(&output, "unknown theme \"sport\"");
    // A theme that nothing teaches (no seed terms, no labels) is refused too.
    let themes = dir.path().join("t.toml");
    std::fs::write(
        &themes,
        "[[theme]]\nid = \"sport\"\n[[theme]]\nid = \"mad\"\n",
    )
    .unwrap();
    let output = run(&[
        "train",
        "--labels",
        labels.to_str().unwrap(),
        "--themes",
        themes.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    one_line_error(
        &output,
        "theme mad has neither seed terms nor labelled documents",
    );
    assert!(!out.exists(), "no model written");
    let output = run(&["tag"]);
    assert_eq!(output.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn labels_calibrate_a_model_that_tags_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let out_str = out.to_str().unwrap();
    let output = run(&[
        "train",
        SEEDS[0],
        "--labels",
        "tests/fixtures/themes/unseen.jsonl",
        "--out",
        out_str,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let model: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(model["labelled"], 15);
    assert_eq!(model["format"], 4);
    assert_eq!(
        model["supervised"]["classes"],
        serde_json::json!([0, 1, 2, 3, 4]),
        "the classifier learns none and the four themes"
    );
    let clusters = model["clusters"]["clusters"].as_array().unwrap();
    assert!(clusters.len() >= 2, "the training corpus is clustered");
    let themes = ["cybersecurity", "ai", "green_it", "shared_operations"];
    for cluster in clusters {
        assert!(cluster["theme"].is_null() || themes.contains(&cluster["theme"].as_str().unwrap()));
    }
    let report = ok_stdout(&[
        "eval",
        "themes",
        "--input",
        "tests/fixtures/themes/unseen.jsonl",
        "--model",
        out_str,
    ]);
    let f1: f64 = report.split("model macro-F1 ").nth(1).unwrap()[..5]
        .parse()
        .unwrap();
    assert!(f1 >= 0.9, "trained on these labels: {report}");
}

/// The F1 figures `tema eval themes` prints: (model, baseline).
fn f1s(report: &str) -> (f64, f64) {
    let after = |label: &str| -> f64 {
        report.split(label).nth(1).expect(label)[..5]
            .parse()
            .expect("a number")
    };
    (after("model macro-F1 "), after("baseline macro-F1 "))
}

/// Runs `tema eval themes` and checks it judged `documents` texts and that the model reaches
/// the issue's bar of 0.90 macro-F1 and beats the keyword baseline.
fn meets_the_bar(args: &[&str], documents: usize) {
    let mut all = vec!["eval", "themes"];
    all.extend(args);
    let report = ok_stdout(&all);
    assert!(
        report.starts_with(&format!("{documents} documents")),
        "{report}"
    );
    let (model, baseline) = f1s(&report);
    assert!(model >= 0.9 && model > baseline, "{report}");
}

#[test]
fn on_both_seeds_without_headers_the_model_beats_the_keyword_baseline() {
    meets_the_bar(
        &[
            "tests/fixtures/segments/kita-2022-autumn.json",
            "tests/fixtures/segments/kita-2024-autumn.json",
            "--no-sections",
        ],
        31,
    );
}

/// The guard against tuning to the seeds: 40 articles written for this test by another hand
/// than the labels the model is trained on, none from the seeds, with hard cases (articles that
/// mention a theme in passing, themes touching each other).
#[test]
fn on_held_out_articles_not_from_the_seeds_the_model_beats_the_keyword_baseline() {
    meets_the_bar(&["--input", "tests/fixtures/themes/holdout.jsonl"], 40);
}

#[test]
fn damaged_json_lines_documents_are_repaired_before_tagging() {
    // An article of the OCR-damaged seed, passed as a document rather than as an issue.
    let issue =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEEDS[1]))
            .unwrap();
    let text: String = issue
        .lines()
        .skip(40)
        .take(60)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !text.contains(['æ', 'ø', 'å']),
        "the seed lost its Danish letters"
    );
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs.jsonl");
    let line = serde_json::json!({"id": "d1", "title": "Nar kommunerne far NIS2", "text": text});
    std::fs::write(&docs, format!("{line}\n")).unwrap();
    let path = docs.to_str().unwrap();
    let repaired = tag_json(&["--input", path]);
    let raw = tag_json(&["--input", path, "--no-repair"]);
    let letters = |a: &Value| {
        a["summary"]
            .as_str()
            .unwrap()
            .matches(['æ', 'ø', 'å'])
            .count()
    };
    assert_eq!(letters(&raw[0]), 0);
    assert!(letters(&repaired[0]) >= 3, "{}", repaired[0]["summary"]);
    assert_eq!(repaired[0]["title"], "Når kommunerne får NIS2");
}

#[test]
fn themes_prints_the_built_in_definitions_and_they_check_clean() {
    let printed = ok_stdout(&["themes"]);
    assert_eq!(printed, include_str!("../models/themes.toml"));
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, &printed).unwrap();
    let report = ok_stdout(&["themes", "--check", mine.to_str().unwrap()]);
    assert!(
        report
            .ends_with("4 themes (cybersecurity, ai, green_it, shared_operations), no problems\n"),
        "{report}"
    );
}

#[test]
fn themes_check_names_the_file_and_entry_of_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    let text = "[[theme]]\nid = \"sport\"\nseed_terms = [\"fod*bold\"]\n\n[[theme]]\nid = \"sport\"\nlabel = \"Sport\"\n";
    std::fs::write(&mine, text).unwrap();
    let output = run(&["themes", "--check", mine.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let shown = mine.display().to_string();
    let lines: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            l.strip_prefix(&format!("{shown}: "))
                .unwrap_or(l)
                .to_owned()
        })
        .collect();
    assert_eq!(
        lines,
        [
            "theme 1 (sport): seed term \"fod*bold\": `*` may stand only at the start or end of a word",
            "theme 2 (sport): unknown field `label` (known: id, label_da, label_en, description, seed_terms, section_aliases)",
            "theme 2 (sport): id \"sport\" repeats theme 1",
        ]
    );
    // A file `train` would refuse is refused there in one line, pointing to the check.
    let out = dir.path().join("m.json");
    let refused = run(&[
        "train",
        "--labels",
        "models/labels.jsonl",
        "--themes",
        mine.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    one_line_error(&refused, "tema themes --check");
}

#[test]
fn labels_alone_make_their_ids_the_themes_and_tag_new_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let output = run(&[
        "train",
        "--labels",
        "tests/fixtures/themes/topics-train.jsonl",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let model: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let ids: Vec<&str> = model["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "sport",
            "food",
            "health",
            "economy",
            "culture",
            "transport",
            "weather"
        ]
    );
    // Texts written apart from the labels, in words they share with them.
    let docs = dir.path().join("new.jsonl");
    std::fs::write(
        &docs,
        "{\"id\": \"a\", \"text\": \"Holdet tabte kampen, og træneren blev fyret efter nederlaget.\"}\n\
         {\"id\": \"b\", \"text\": \"Stormen bragte regn og sne, og temperaturen faldt til frost.\"}\n",
    )
    .unwrap();
    let tagged = tag_json(&[
        "--input",
        docs.to_str().unwrap(),
        "--model",
        out.to_str().unwrap(),
    ]);
    let themes: Vec<&str> = tagged
        .iter()
        .map(|a| a["theme"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(themes, ["sport", "weather"]);
    assert_eq!(tagged[0]["themes"].as_array().unwrap().len(), 7);
}

#[test]
fn eval_themes_cross_validates_a_label_file_with_per_theme_scores_and_confusion() {
    let args = [
        "eval",
        "themes",
        "--input",
        "tests/fixtures/themes/topics-train.jsonl",
        "--folds",
        "5",
    ];
    let report = ok_stdout(&args);
    assert_eq!(report, ok_stdout(&args), "the same folds every run");
    let first = report.lines().next().unwrap();
    assert!(
        first.starts_with("126 documents: model macro-F1 "),
        "{first}"
    );
    let f1: f64 = first.split("model macro-F1 ").nth(1).unwrap()[..5]
        .parse()
        .unwrap();
    assert!(f1 > 0.3, "{first}");
    assert!(report.contains("(cross-validated: 5 folds"), "{report}");
    let topics = [
        "sport",
        "food",
        "health",
        "economy",
        "culture",
        "transport",
        "weather",
    ];
    // Per-theme rows: precision, recall, F1 in [0, 1] and 18 documents each.
    for topic in topics {
        let row = report
            .lines()
            .find(|l| l.starts_with(topic) && l.split_whitespace().count() == 5)
            .unwrap_or_else(|| panic!("{topic}: {report}"));
        let cells: Vec<f64> = row
            .split_whitespace()
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        assert!(cells[..3].iter().all(|x| (0.0..=1.0).contains(x)), "{row}");
        assert_eq!(cells[3], 18.0, "{row}");
    }
    // The confusion table: a row per class whose counts add up to its documents.
    let table = report.split("columns: model)\n").nth(1).unwrap();
    let total: usize = table
        .lines()
        .skip(1)
        .flat_map(|l| {
            l.split_whitespace()
                .skip(1)
                .map(|n| n.parse::<usize>().unwrap())
        })
        .sum();
    assert_eq!(total, 126);
    let output = run(&["eval", "themes", "--folds", "5", SEEDS[0]]);
    assert_eq!(output.status.code(), Some(2), "--folds needs a label file");
}
