//! `tema cluster` run for real: on the seed issues, on a small JSON Lines archive and on bad
//! input.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod common;

use common::{json_of, run, stderr, stdout, tema, SEEDS};

/// Ids of the articles, editorials and briefs `tema articles` finds in an issue.
fn content_ids(file: &str) -> Vec<String> {
    let doc = json_of(&["articles", file, "--format", "json"]);
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| ["article", "editorial", "brief"].contains(&u["kind"].as_str().unwrap()))
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Checks the shape every `--format json` report has, and returns (doc ids, cluster per doc).
fn check_report(report: &Value) -> (Vec<String>, Vec<usize>) {
    let k = report["k"].as_u64().unwrap() as usize;
    let clusters = report["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), k);
    let docs = report["docs"].as_array().unwrap();
    assert_eq!(docs.len(), report["n_docs"].as_u64().unwrap() as usize);
    let mut sizes = vec![0; k];
    let mut ids = Vec::new();
    let mut assigned = Vec::new();
    for doc in docs {
        let c = doc["cluster"].as_u64().unwrap() as usize;
        assert!(c < k, "{doc}");
        assert!(doc["summary"].is_array());
        sizes[c] += 1;
        ids.push(doc["id"].as_str().unwrap().to_owned());
        assigned.push(c);
    }
    for (i, cluster) in clusters.iter().enumerate() {
        assert_eq!(cluster["id"], i);
        let theme = &cluster["theme"];
        assert!(
            theme.is_null()
                || ["cybersecurity", "ai", "green_it", "shared_operations"]
                    .contains(&theme.as_str().unwrap()),
            "{cluster}"
        );
        assert_eq!(cluster["size"], sizes[i]);
        let terms: Vec<&str> = cluster["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap())
            .collect();
        let weights: Vec<f64> = cluster["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["weight"].as_f64().unwrap())
            .collect();
        assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{cluster}");
        assert!(!terms.is_empty(), "{cluster}");
        assert!(terms.iter().all(|t| t.chars().any(char::is_alphabetic)));
        assert!(cluster["label"]
            .as_str()
            .unwrap()
            .starts_with(&terms[0].to_string()));
    }
    (ids, assigned)
}

#[test]
fn clusters_every_content_unit_of_both_seeds() {
    for seed in SEEDS {
        let report = json_of(&["cluster", seed, "--format", "json", "--sentences", "2"]);
        let (ids, _) = check_report(&report);
        assert_eq!(ids, content_ids(seed));
        let k = report["k"].as_u64().unwrap();
        let n = ids.len() as f64;
        // The range grows with the archive: 2 to ⌈√n⌉.
        assert!(
            (2..=n.sqrt().ceil() as u64).contains(&k),
            "k chosen in range: {k}"
        );
        let scores = report["k_scores"].as_array().unwrap();
        assert_eq!(scores[0][0], 2);
        assert!(scores.iter().any(|s| s[0] == k));
        for doc in report["docs"].as_array().unwrap() {
            assert!(doc["summary"].as_array().unwrap().len() <= 2);
        }
    }
    let both = json_of(&[
        "cluster", SEEDS[0], SEEDS[1], "--k", "4", "--format", "json",
    ]);
    let (ids, _) = check_report(&both);
    let mut expected = content_ids(SEEDS[0]);
    expected.extend(content_ids(SEEDS[1]));
    assert_eq!(ids, expected);
    assert_eq!(both["k"], 4);
}

#[test]
fn same_output_on_any_number_of_threads_and_runs() {
    let args = [
        "cluster",
        SEEDS[0],
        SEEDS[1],
        "--format",
        "json",
        "--sentences",
        "3",
    ];
    let runs: Vec<Vec<u8>> = ["1", "2", "4"]
        .iter()
        .map(|threads| {
            let output = tema()
                .args(args)
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap();
            assert!(output.status.success());
            output.stdout
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
    let other_seed = run(&[&args[..], &["--seed", "7"]].concat());
    assert!(other_seed.status.success());
}

/// A small archive: two clearly different topics, five documents each.
fn archive(dir: &Path) -> std::path::PathBuf {
    let school = "Skolen får nye tavler. Eleverne og lærerne glæder sig til undervisningen. \
                  Forældrene er med. Folkeskolen satser på lektiehjælp.";
    let roads = "Vejene får ny asfalt. Cyklister og busser deler krydset. \
                 Parkering ved broen flyttes. Vejarbejdet varer et år.";
    let mut lines = String::new();
    for i in 0..5 {
        lines.push_str(
            &serde_json::json!({"id": format!("s{i}"), "text": format!("Nr. {i}. {school}")})
                .to_string(),
        );
        lines.push('\n');
        lines.push_str(&serde_json::json!({"id": format!("v{i}"), "title": "Vej", "text": format!("Nr. {i}. {roads}")}).to_string());
        lines.push('\n');
    }
    let path = dir.join("docs.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn jsonl_archive_gives_the_peer_shape_with_summaries_from_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    let path = path.to_str().unwrap();
    let report = json_of(&[
        "cluster",
        "--input",
        path,
        "--k",
        "2",
        "--sentences",
        "3",
        "--format",
        "json",
    ]);
    let (ids, clusters) = check_report(&report);
    assert_eq!(ids.len(), 10);
    for (id, &c) in ids.iter().zip(&clusters) {
        let same_topic = ids
            .iter()
            .zip(&clusters)
            .filter(|(other, _)| other[..1] == id[..1])
            .all(|(_, &oc)| oc == c);
        assert!(same_topic, "{id} is with its own topic: {clusters:?}");
    }
    let docs = report["docs"].as_array().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    for doc in docs {
        let summary = doc["summary"].as_array().unwrap();
        // At most the sentences asked for; fragments such as "Nr. 3." are never picked.
        assert!((1..=3).contains(&summary.len()), "{doc}");
        for sentence in summary {
            assert!(text.contains(sentence.as_str().unwrap()), "{sentence}");
        }
    }
    assert_eq!(docs[1]["title"], "Vej");
    for cluster in report["clusters"].as_array().unwrap() {
        assert!(
            cluster["theme"].is_null(),
            "schools and roads are no theme: {cluster}"
        );
    }

    let lines = stdout(&run(&[
        "cluster", "--input", path, "--k", "2", "--format", "jsonl",
    ]));
    assert_eq!(lines.lines().count(), 10);
    for (line, doc) in lines.lines().zip(docs) {
        let line: Value = serde_json::from_str(line).unwrap();
        assert_eq!(line["id"], doc["id"]);
        let c = line["cluster"].as_u64().unwrap() as usize;
        assert_eq!(line["label"], report["clusters"][c]["label"]);
        assert_eq!(
            line["summary"].as_array().unwrap().len(),
            0,
            "no --sentences"
        );
    }
    for format in ["table", "md"] {
        let out = stdout(&run(&[
            "cluster", "--input", path, "--k", "2", "--format", format,
        ]));
        for cluster in report["clusters"].as_array().unwrap() {
            assert!(
                out.contains(cluster["label"].as_str().unwrap()),
                "{format}: {out}"
            );
        }
    }
    let file = dir.path().join("out.json");
    let output = run(&[
        "cluster",
        "--input",
        path,
        "--k",
        "2",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success() && output.stdout.is_empty());
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    check_report(&written);
}

/// Labelled sections of Danish news-like texts (composed for tema: see
/// `tests/fixtures/topics/README.md`), clustered at k = 6 and at tema's own k: agreement with the
/// sections must stay near scikit-learn KMeans on the same TF-IDF (median 0.404 at k = 6).
#[test]
fn topics_of_labelled_sections_agree_with_the_sections() {
    let path = "tests/fixtures/topics/sections-da.jsonl";
    let text = std::fs::read_to_string(path).unwrap();
    let sections: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["section"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let names: Vec<&String> = {
        let mut n: Vec<&String> = sections.iter().collect();
        n.sort();
        n.dedup();
        n
    };
    let truth: Vec<usize> = sections
        .iter()
        .map(|s| names.iter().position(|n| *n == s).unwrap())
        .collect();
    let nmi_of = |args: &[&str]| {
        let report = json_of(&[&["cluster", "--input", path, "--format", "json"], args].concat());
        let (_, assigned) = check_report(&report);
        (
            tema::clusters::nmi(&assigned, &truth),
            report["k"].as_u64().unwrap(),
        )
    };
    let (at_6, _) = nmi_of(&["--k", "6"]);
    assert!(at_6 >= 0.32, "NMI at k=6: {at_6}");
    let (own, k) = nmi_of(&[]);
    assert!((4..=8).contains(&k), "tema's k {k}");
    assert!(own >= 0.8 * 0.404, "NMI at tema's k={k}: {own}");
}

/// A failed run: exit code 1, one line on stderr naming the file and the reason, no stdout.
fn assert_one_line_error(output: &Output, file: &str, reason: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(file) && err.contains(reason), "{err}");
    assert!(output.stdout.is_empty(), "no partial output");
}

#[test]
fn bad_input_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"a\", \"text\": \"Skolen åbner.\"}\n{\"id\": \"b\", \"text\": \n",
    )
    .unwrap();
    let output = run(&[
        "cluster",
        "--input",
        bad.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_one_line_error(&output, "bad.jsonl", "invalid JSON on line 2");

    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n").unwrap();
    let output = run(&["cluster", "--input", empty.to_str().unwrap()]);
    assert_one_line_error(&output, "empty.jsonl", "no text");

    let output = run(&["cluster", "missing-issue.txt", "--format", "json"]);
    assert_one_line_error(&output, "missing-issue.txt", "no such file");

    // One bad issue among good ones: the good ones are still clustered, the exit code tells.
    let output = run(&["cluster", SEEDS[0], "missing-issue.txt", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("missing-issue.txt"));
    check_report(&serde_json::from_str(&stdout(&output)).unwrap());

    let output = run(&["cluster", "--input", bad.to_str().unwrap(), "--k", "0"]);
    assert!(!output.status.success() && output.stdout.is_empty());
}
