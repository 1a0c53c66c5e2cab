//! Bad input of every kind: refused with one line naming the file and the reason, never a
//! panic, a hang or silently wrong output. Regression tests are named after what broke.

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use tema::themes::Model;

mod common;

use common::{run, stderr};

/// A failed run: exit 1 (not a panic's 101), one line on stderr naming the file and the reason.
fn assert_refused(output: &Output, file: &str, reason: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "exit 1, no panic: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(file), "names the file {file}: {err}");
    assert!(err.contains(reason), "says why ({reason}): {err}");
}

fn default_model_json() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default-model.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The reason `Model::from_json` gives for the default model changed by `corrupt`.
fn refusal(corrupt: impl FnOnce(&mut Value)) -> String {
    let mut model = default_model_json();
    corrupt(&mut model);
    match Model::from_json(Path::new("bad.json"), &model.to_string()) {
        Ok(_) => panic!("a corrupt model was accepted"),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("bad.json: "), "{msg}");
            assert!(!msg.contains('\n'), "{msg}");
            msg
        }
    }
}

fn truncate(array: &mut Value, len: usize) {
    array.as_array_mut().unwrap().truncate(len);
}

#[test]
fn the_default_model_passes_validation() {
    Model::from_json(Path::new("m.json"), &default_model_json().to_string()).unwrap();
}

#[test]
fn model_with_short_idf_is_refused_not_an_index_panic() {
    let msg = refusal(|m| truncate(&mut m["vocabulary"]["idf"], 10));
    assert!(msg.contains("vocabulary.idf has 10 entries"), "{msg}");
}

#[test]
fn model_with_short_df_surface_or_terms_is_refused() {
    for key in ["df", "surface", "terms"] {
        let msg = refusal(|m| truncate(&mut m["vocabulary"][key], 10));
        assert!(msg.contains("entries for"), "{key}: {msg}");
    }
}

#[test]
fn model_with_an_empty_surface_is_refused() {
    let msg = refusal(|m| m["vocabulary"]["surface"][3] = "".into());
    assert!(msg.contains("vocabulary.surface[3] is empty"), "{msg}");
}

#[test]
fn model_with_unsorted_terms_is_refused() {
    let msg = refusal(|m| m["vocabulary"]["terms"].as_array_mut().unwrap().swap(0, 1));
    assert!(msg.contains("not sorted"), "{msg}");
}

#[test]
fn model_with_projection_dims_zero_is_refused_not_a_division_by_zero() {
    let msg = refusal(|m| m["clusters"]["projection"]["dims"] = 0.into());
    assert!(msg.contains("clusters.projection.dims is 0"), "{msg}");
}

#[test]
fn model_with_huge_projection_dims_is_refused_not_an_allocation() {
    let msg = refusal(|m| {
        m["clusters"]["projection"]["dims"] = 1_000_000_000_000u64.into();
        m["clusters"]["centroids"] = Value::Array(vec![]);
        m["clusters"]["clusters"] = Value::Array(vec![]);
    });
    assert!(msg.contains("clusters.projection.dims"), "{msg}");
}

#[test]
fn model_with_bad_per_term_is_refused() {
    for n in [0, 1000] {
        let msg = refusal(|m| m["clusters"]["projection"]["per_term"] = n.into());
        assert!(msg.contains("per_term"), "{msg}");
    }
}

#[test]
fn model_with_centroids_not_matching_clusters_is_refused() {
    let msg = refusal(|m| truncate(&mut m["clusters"]["clusters"], 1));
    assert!(msg.contains("centroids for 1 clusters"), "{msg}");
    let msg = refusal(|m| truncate(&mut m["clusters"]["centroids"][0], 5));
    assert!(msg.contains("clusters.centroids[0] has 5 values"), "{msg}");
    let msg = refusal(|m| m["clusters"]["clusters"][0]["theme"] = "nope".into());
    assert!(msg.contains("\"nope\""), "{msg}");
}

#[test]
fn model_without_themes_is_refused() {
    let msg = refusal(|m| {
        m["themes"] = Value::Array(vec![]);
        m["prototypes"] = Value::Array(vec![]);
    });
    assert!(msg.contains("no themes"), "{msg}");
}

#[test]
fn model_with_a_repeated_theme_or_too_few_prototypes_is_refused() {
    let msg = refusal(|m| {
        let first = m["themes"][0].clone();
        m["themes"].as_array_mut().unwrap().push(first);
        let proto = m["prototypes"][0].clone();
        m["prototypes"].as_array_mut().unwrap().push(proto);
    });
    assert!(msg.contains("defined twice"), "{msg}");
    let msg = refusal(|m| truncate(&mut m["prototypes"], 1));
    assert!(msg.contains("1 prototypes for 4 themes"), "{msg}");
}

#[test]
fn model_with_a_prototype_outside_the_vocabulary_is_refused() {
    let msg = refusal(|m| m["prototypes"][0]["columns"][0] = 999_999.into());
    assert!(
        msg.contains("column 999999, outside the vocabulary"),
        "{msg}"
    );
    let msg = refusal(|m| {
        m["prototypes"][0]["weights"].as_array_mut().unwrap().pop();
    });
    assert!(msg.contains("columns and"), "{msg}");
}

#[test]
fn model_with_numbers_that_break_scoring_is_refused() {
    // 1e300 is read into an f32 as infinity.
    let msg = refusal(|m| m["params"]["none_threshold"] = 1e300.into());
    assert!(msg.contains("params.none_threshold is inf"), "{msg}");
    let msg = refusal(|m| m["params"]["temperature"] = 0.into());
    assert!(msg.contains("params.temperature is 0"), "{msg}");
    let msg = refusal(|m| m["params"]["passage_words"] = 0.into());
    assert!(msg.contains("params.passage_words is 0"), "{msg}");
    let msg = refusal(|m| m["vocabulary"]["idf"][0] = (-5.0).into());
    assert!(msg.contains("vocabulary.idf[0]"), "{msg}");
    let msg = refusal(|m| m["prototypes"][0]["weights"][0] = 1e300.into());
    assert!(msg.contains("not finite"), "{msg}");
}

#[test]
fn model_of_another_format_version_is_refused() {
    let msg = refusal(|m| m["format"] = 7.into());
    assert!(msg.contains("model format version 7"), "{msg}");
}

#[test]
fn every_command_taking_a_model_refuses_a_corrupt_one_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = default_model_json();
    truncate(&mut model["vocabulary"]["idf"], 10);
    let path = dir.path().join("short-idf.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let model = path.to_str().unwrap();
    let report = dir.path().join("report.md");
    let report = report.to_str().unwrap();
    let seed = "seeds/kita-2022-autumn.txt";
    for args in [
        vec!["tag", seed, "--model", model],
        vec!["report", seed, "--model", model, "--out", report],
        vec![
            "eval",
            "themes",
            "tests/fixtures/segments/kita-2022-autumn.json",
            "--model",
            model,
        ],
    ] {
        let output = run(&args);
        assert_refused(&output, "short-idf.json", "vocabulary.idf has 10 entries");
    }
}

#[test]
fn train_refuses_a_none_threshold_that_is_not_finite_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    for value in ["NaN", "inf", "-inf"] {
        let output = run(&[
            "train",
            "seeds/kita-2022-autumn.txt",
            &format!("--none-threshold={value}"),
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "a usage error: {err}");
        assert!(err.contains("not a finite number"), "{err}");
        assert!(!out.exists(), "no model written");
    }
}

/// Writes an annotation of the 2022 seed with `units` into `dir`.
fn annotation(dir: &Path, units: &str) -> String {
    let path = dir.join("gold.json");
    std::fs::write(
        &path,
        format!(r#"{{"file": "seeds/kita-2022-autumn.txt", "units": {units}}}"#),
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn annotation_range_past_the_file_is_refused_not_walked_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = annotation(
        dir.path(),
        r#"[{"kind": "article", "title": "Alt", "lines": [[1, 1000000000000]], "theme": null}]"#,
    );
    let seed = "seeds/kita-2022-autumn.txt";
    for args in [
        vec!["eval", "articles", seed, "--annotation", &gold],
        vec!["eval", "themes", &gold],
    ] {
        let output = run(&args);
        assert_refused(&output, "gold.json", "past the last line");
        assert!(
            stderr(&output).contains(r#"unit 1 ("Alt")"#),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn annotation_unit_without_lines_or_title_is_refused_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let gold = annotation(dir.path(), r#"[{"kind": "article", "lines": []}]"#);
    for args in [
        vec!["eval", "themes", &gold],
        vec![
            "eval",
            "articles",
            "seeds/kita-2022-autumn.txt",
            "--annotation",
            &gold,
        ],
    ] {
        assert_refused(&run(&args), "gold.json", "unit 1 has no lines");
    }
}

#[test]
fn annotation_range_backwards_or_from_line_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for range in ["[9, 3]", "[0, 4]"] {
        let gold = annotation(
            dir.path(),
            &format!(r#"[{{"kind": "brief", "lines": [{range}]}}]"#),
        );
        assert_refused(
            &run(&["eval", "themes", &gold]),
            "gold.json",
            "lines count from 1",
        );
    }
}

#[test]
fn scoring_clamps_an_unchecked_annotation_to_the_text() {
    use tema::ingest::{score_segmentation, Annotation};
    let gold: Annotation = serde_json::from_str(
        r#"{"file": "x", "units": [{"kind": "article", "lines": [[1, 1000000000000]]}]}"#,
    )
    .unwrap();
    let score = score_segmentation("en linje\nto linjer\n", &[], &gold);
    assert_eq!((score.annotated, score.matched_annotated), (1, 0));
}

fn seed_bytes(seed: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(seed)).unwrap()
}

#[test]
fn a_few_stray_bytes_in_utf8_are_replaced_and_counted_not_mojibake() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = seed_bytes("seeds/kita-2022-autumn.txt");
    // Five stray bytes at line starts, away from any multi-byte character.
    let starts: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
        .step_by(200)
        .take(5)
        .collect();
    for at in starts.into_iter().rev() {
        bytes.insert(at, 0xe6);
    }
    let path = dir.path().join("stray.txt");
    std::fs::write(&path, &bytes).unwrap();
    let output = run(&["articles", path.to_str().unwrap(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("stray.txt: 5 invalid byte sequences replaced"),
        "{err}"
    );
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("længe ventede"), "æ/ø/å kept");
    assert!(!out.contains("Ã¦"), "no mojibake");
}

#[test]
fn utf16_issue_with_a_byte_order_mark_reads_as_the_utf8_one() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(seed_bytes("seeds/kita-2022-autumn.txt")).unwrap();
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let path = dir.path().join("kita-2022-autumn.txt");
    std::fs::write(&path, bytes).unwrap();
    let utf16 = run(&["articles", path.to_str().unwrap(), "--format", "jsonl"]);
    assert!(utf16.status.success(), "{}", stderr(&utf16));
    assert!(
        stderr(&utf16).contains("read it as UTF-16LE"),
        "{}",
        stderr(&utf16)
    );
    let utf8 = run(&[
        "articles",
        "seeds/kita-2022-autumn.txt",
        "--format",
        "jsonl",
    ]);
    assert_eq!(utf16.stdout, utf8.stdout);
}

#[test]
fn a_nul_byte_after_the_first_64_kib_is_refused_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = seed_bytes("seeds/kita-2022-autumn.txt");
    assert!(bytes.len() > 80_000);
    let at = bytes[80_000..].iter().position(|&b| b == b'\n').unwrap() + 80_000;
    bytes.insert(at, 0);
    let path = dir.path().join("nul.txt");
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        vec!["articles", path],
        vec!["tag", path],
        vec!["repair", path],
    ] {
        assert_refused(&run(&args), "nul.txt", "NUL bytes");
    }
}

#[test]
fn a_write_error_names_the_destination_not_a_temporary_file() {
    let output = run(&[
        "articles",
        "seeds/kita-2022-autumn.txt",
        "-o",
        "/nonexistent-dir/units.json",
    ]);
    assert_refused(&output, "/nonexistent-dir/units.json", "cannot write");
    assert!(!stderr(&output).contains(".tmp"), "{}", stderr(&output));
}

#[test]
fn annotation_past_the_issue_given_names_that_issue_not_the_one_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.txt");
    std::fs::write(
        &short,
        "Kommunerne skal samarbejde om det, og det er godt.\n",
    )
    .unwrap();
    let gold = annotation(
        dir.path(),
        r#"[{"kind": "article", "title": "Alt", "lines": [[1, 30]], "theme": null}]"#,
    );
    let output = run(&[
        "eval",
        "articles",
        short.to_str().unwrap(),
        "--annotation",
        &gold,
    ]);
    assert_refused(&output, "gold.json", "past the last line (1) of");
    assert!(stderr(&output).contains("short.txt"), "{}", stderr(&output));
}

#[test]
fn a_folder_given_as_a_model_says_so_without_the_os_error_number() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let output = run(&["tag", "seeds/kita-2022-autumn.txt", "-m", folder]);
    assert_refused(&output, folder, "cannot read: is a directory");
    assert!(!stderr(&output).contains("os error"), "{}", stderr(&output));
}

#[test]
fn batch_refuses_a_thread_count_it_could_never_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.jsonl");
    let output = run(&[
        "batch",
        "seeds/kita-2022-autumn.txt",
        "--jobs=100000000",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--jobs"), "{}", stderr(&output));
    assert!(!out.exists());
}

#[test]
fn an_issue_of_no_articles_is_refused_by_train_and_summarise_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let word = dir.path().join("oneword.txt");
    std::fs::write(&word, "kommune".repeat(20_000) + "\n").unwrap();
    let model = dir.path().join("m.json");
    let file = word.to_str().unwrap();
    let output = run(&["train", file, "-o", model.to_str().unwrap()]);
    assert_refused(&output, "oneword.txt", "no articles to train on");
    assert!(!model.exists(), "no model of no documents written");
    let output = run(&["summarise", file]);
    assert_refused(&output, "oneword.txt", "no articles to summarise");
}

/// `tema tag --input - --format jsonl | head -1`, with standard error in the same pipe: the
/// reader has what it wanted, so tema stops quietly with exit 0, never a panic (101) from a
/// write to the closed pipe.
#[test]
fn tag_of_a_document_stream_stops_quietly_when_its_reader_closes() {
    use std::io::{BufRead, Write};
    use std::process::Stdio;
    let seed = String::from_utf8(seed_bytes(common::SEEDS[1])).unwrap();
    let mut documents = String::new();
    // Far more than a pipe holds, so tema must meet the closed end while writing.
    for (i, paragraph) in seed
        .split("\n\n")
        .filter(|p| p.trim().len() > 200)
        .cycle()
        .take(3000)
        .enumerate()
    {
        let line = serde_json::json!({"id": format!("d{i}"), "text": paragraph});
        documents.push_str(&line.to_string());
        documents.push('\n');
    }
    for merged in [false, true] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tema"))
            .args(["tag", "--input", "-", "--format", "jsonl"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feed = documents.clone();
        // tema may stop reading once its output is gone: a failed write here is expected.
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(feed.as_bytes());
        });
        if merged {
            drop(child.stderr.take());
        }
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let output = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "merged {merged}: {err}");
        assert!(err.is_empty(), "nothing to say: {err}");
        let record: Value = serde_json::from_str(&first).unwrap();
        assert_eq!(record["id"], "d0");
    }
}

/// Norwegian passes the share of Danish words (30% here) that the check once relied on alone:
/// every command refuses it in one line that names the file and the language it reads as.
#[test]
fn norwegian_and_swedish_are_refused_naming_the_file_and_the_language() {
    for (file, language) in [
        ("tests/fixtures/language/nb.txt", "reads as Norwegian"),
        ("tests/fixtures/language/sv.txt", "reads as Swedish"),
    ] {
        for command in ["tag", "summarise", "articles"] {
            assert_refused(&run(&[command, file]), file, language);
        }
    }
    assert!(run(&["tag", "tests/fixtures/language/da-english.txt"])
        .status
        .success());
}

/// `-k 1` would put every article in one topic, and more topics than articles cannot be had:
/// both are refused in one line, not quietly changed into something else.
#[test]
fn cluster_refuses_a_k_it_cannot_honour_instead_of_clamping_it() {
    let one = run(&["cluster", common::SEEDS[0], "-k", "1"]);
    assert_refused(&one, "k: 1 topic", "would hold every document");
    let many = run(&["cluster", common::SEEDS[0], "-k", "900"]);
    assert_refused(&many, "k: 900 topics", "give at most");
}

/// `--date 2024-13` was read as 2024, the month dropped without a word.
#[test]
fn report_refuses_a_date_it_cannot_read_whole() {
    for (date, reason) in [
        ("2024-13", "month 13 is not between 1 and 12"),
        ("24", "year 24 is not between 1990 and 2099"),
        ("2024 or so", "is not a date like 2024"),
    ] {
        let output = run(&["report", common::SEEDS[0], "--date", date, "-o", "-"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.contains(reason), "{date}: {err}");
        assert!(output.stdout.is_empty());
    }
    let dir = tempfile::tempdir().unwrap();
    let dates = dir.path().join("dates.csv");
    std::fs::write(&dates, "issue,date\nkita-2022-autumn,2022-00\n").unwrap();
    let output = run(&[
        "report",
        common::SEEDS[0],
        "--dates",
        dates.to_str().unwrap(),
        "-o",
        "-",
    ]);
    assert_refused(
        &output,
        "dates.csv: line 2",
        "month 00 is not between 1 and 12",
    );
}

/// An issue of nothing but ads is read fine and has nothing to tag: `tag` and `batch` say so
/// in a note naming the file and exit 0, with an empty result, so a script can tell it from a
/// file that could not be read (exit 1).
#[test]
fn an_issue_with_no_articles_is_a_note_and_an_empty_result_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let ads = dir.path().join("ads.txt");
    std::fs::write(
        &ads,
        "KITA\nNr. 3 2024\n\nAnnonce\nKøb vores nye system til kommunen og spar penge på \
         it-driften hvert eneste år.\nRing og hør mere om tilbuddet til kommuner og regioner.\n",
    )
    .unwrap();
    let ads = ads.to_str().unwrap();
    let note = "no articles, editorials or briefs found (only 1 ad); nothing to tag";
    let output = run(&["tag", ads, "-f", "json"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_eq!(err.trim_end(), format!("tema: note: {ads}: {note}"));
    assert_eq!(common::stdout(&output).trim(), "[]");
    // Beside an issue that has articles, only the empty one gets the note.
    let both = run(&["tag", ads, common::SEEDS[0], "-f", "jsonl"]);
    assert_eq!(both.status.code(), Some(0));
    assert_eq!(stderr(&both).lines().count(), 1, "{}", stderr(&both));
    assert!(!common::stdout(&both).is_empty());

    let results = dir.path().join("r.jsonl");
    let output = run(&["batch", ads, "-o", results.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains(&format!("tema: note: {ads}: {note}")), "{err}");
    assert!(err.contains("1 files done, 0 failed"), "{err}");
    assert_eq!(std::fs::read_to_string(&results).unwrap(), "");
}
