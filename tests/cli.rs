//! The `tema` binary run for real on the seed issues and on bad input.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;

use common::{run, stderr, stdout, SEEDS};

/// A failed run: non-zero exit, one line on stderr naming the file and the reason, no stdout.
fn assert_one_line_error(output: &Output, file: &str, reason: &str) {
    let err = stderr(output);
    assert!(!output.status.success(), "should fail: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(file), "names the file {file}: {err}");
    assert!(err.contains(reason), "says why ({reason}): {err}");
    assert!(output.stdout.is_empty(), "no partial output");
}

fn json_units(file: &str) -> Vec<Value> {
    let output = run(&["articles", file, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(doc["file"], file);
    doc["units"].as_array().expect("units array").clone()
}

#[test]
fn articles_json_units_tile_the_issue_without_overlap() {
    for seed in SEEDS {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(seed)).unwrap();
        let line_count = text.lines().count();
        let stem = Path::new(seed).file_stem().unwrap().to_str().unwrap();
        let units = json_units(seed);
        let mut owner = vec![None; line_count + 1];
        for (n, unit) in units.iter().enumerate() {
            assert_eq!(unit["id"], format!("{stem}-{:02}", n + 1));
            let kind = unit["kind"].as_str().unwrap();
            assert!(["article", "editorial", "brief", "ad", "other"].contains(&kind));
            let mut previous_end = 0;
            for range in unit["lines"].as_array().unwrap() {
                let (start, end) = (
                    range[0].as_u64().unwrap() as usize,
                    range[1].as_u64().unwrap() as usize,
                );
                assert!(
                    1 <= start && start <= end && end <= line_count,
                    "{range} in {seed}"
                );
                assert!(start > previous_end, "ranges in order: {}", unit["lines"]);
                previous_end = end;
                for (line, slot) in owner.iter_mut().enumerate().take(end + 1).skip(start) {
                    assert!(slot.is_none(), "line {line} of {seed} in two units");
                    *slot = Some(n);
                }
            }
        }
        // Units come in reading order of their first lines.
        let firsts: Vec<u64> = units
            .iter()
            .map(|u| u["lines"][0][0].as_u64().unwrap())
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    }
}

#[test]
fn article_bodies_are_clean_running_text() {
    for seed in SEEDS {
        for unit in json_units(seed) {
            if unit["kind"] == "ad" {
                continue;
            }
            let body = unit["body"].as_str().unwrap();
            for mark in ["‹‹‹", "fortsættes på side", "Foto:"] {
                assert!(!body.contains(mark), "{} body holds {mark:?}", unit["id"]);
            }
            if let Some(byline) = unit["byline"].as_str() {
                assert!(!byline.starts_with("Af "), "{byline}");
            }
            assert_eq!(
                unit["words"].as_u64().unwrap() as usize,
                body.split_whitespace().count(),
                "{}",
                unit["id"]
            );
        }
    }
}

#[test]
fn every_format_lists_the_same_units() {
    for seed in SEEDS {
        let units = json_units(seed);
        let ids: Vec<&str> = units.iter().map(|u| u["id"].as_str().unwrap()).collect();

        let jsonl = stdout(&run(&["articles", seed, "--format", "jsonl"]));
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), ids.len());
        for (line, id) in lines.iter().zip(&ids) {
            assert_eq!(line["id"], *id);
            assert!(line["issue"].is_string());
        }

        let table = stdout(&run(&["articles", seed, "--format", "table"]));
        assert!(
            table.lines().next().unwrap().contains("title"),
            "header first"
        );
        for id in &ids {
            assert!(table.contains(id), "table lacks {id}");
        }

        let md = stdout(&run(&["articles", seed, "--format", "md"]));
        assert_eq!(md.matches("\n## ").count(), ids.len());
        for id in &ids {
            assert!(md.contains(&format!("`{id}`")), "markdown lacks {id}");
        }
    }
}

#[test]
fn output_is_the_same_on_every_run() {
    let first = run(&["articles", SEEDS[1], "--format", "json"]);
    let second = run(&["articles", SEEDS[1], "--format", "json"]);
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("units.json");
    let output = run(&[
        "articles",
        SEEDS[0],
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        doc["units"].as_array().unwrap().len(),
        json_units(SEEDS[0]).len()
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left"
    );
}

fn temp_file(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn missing_file_is_one_clear_line() {
    let output = run(&["articles", "no/such/issue.txt"]);
    assert_one_line_error(&output, "no/such/issue.txt", "no such file");
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let png = temp_file(dir.path(), "cover.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_one_line_error(
        &run(&["articles", png.to_str().unwrap()]),
        "cover.txt",
        "binary",
    );
}

#[test]
fn empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = temp_file(dir.path(), "empty.txt", b"\n  \n");
    assert_one_line_error(
        &run(&["articles", empty.to_str().unwrap()]),
        "empty.txt",
        "no text",
    );
}

#[test]
fn huge_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.txt");
    // A sparse 1 GiB file: costs no disk, and tema must not try to read it.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let output = run(&["articles", path.to_str().unwrap()]);
    assert_one_line_error(&output, "archive.txt", "larger than");
}

#[test]
fn another_language_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let english = "The municipalities must work together on cyber security, the director says. \
                   It is not something a single municipality can carry alone, and therefore we \
                   must cooperate more across the country than we have done so far. We know that \
                   the threats are growing and that more hands and more knowledge are needed.\n";
    let path = temp_file(dir.path(), "english.txt", english.repeat(3).as_bytes());
    let path = path.to_str().unwrap();
    // The repair most of all: it would turn English words into Danish ones ("made" → "måde").
    for command in [
        &["articles", path][..],
        &["repair", path],
        &["tokens", "--raw", path],
        &["tag", path],
        &["summarise", path],
    ] {
        assert_one_line_error(&run(command), "english.txt", "Danish");
    }
    let line = serde_json::json!({"id": "en", "text": english.repeat(3)}).to_string();
    let docs = temp_file(
        dir.path(),
        "english.jsonl",
        format!("{line}\n").repeat(2).as_bytes(),
    );
    for command in ["tag", "summarise", "cluster"] {
        let output = run(&[command, "--input", docs.to_str().unwrap()]);
        assert_one_line_error(&output, "english.jsonl", "Danish");
    }
}

#[test]
fn windows_1252_is_decoded_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEEDS[0])).unwrap();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable || bytes.len() > 1000);
    let path = temp_file(dir.path(), "latin.txt", &bytes);
    let output = run(&["articles", path.to_str().unwrap(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Windows-1252"),
        "{}",
        stderr(&output)
    );
    let doc: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(doc["encoding"], "windows-1252");
    let titles: Vec<&str> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["title"].as_str())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains('å') || t.contains('ø') || t.contains('æ')),
        "æ/ø/å survive: {titles:?}"
    );
    // Every command that reads issues says so, not only `articles`.
    for command in ["tag", "summarise", "cluster"] {
        let output = run(&[command, path.to_str().unwrap(), "--format", "json"]);
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("is not UTF-8; read it as Windows-1252"),
            "{command}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn malformed_annotation_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = temp_file(dir.path(), "gold.json", b"{\"file\": \"x\", \"units\": [");
    let output = run(&[
        "eval",
        "articles",
        SEEDS[0],
        "--annotation",
        bad.to_str().unwrap(),
    ]);
    assert_one_line_error(&output, "gold.json", "invalid JSON");
}

#[test]
fn unwritable_output_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("units.json");
    let output = run(&["articles", SEEDS[0], "--output", out.to_str().unwrap()]);
    assert_one_line_error(&output, "units.json", "cannot write");
    assert!(!out.exists());
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("issues");
    std::fs::create_dir(&sub).unwrap();
    let output = run(&["articles", sub.to_str().unwrap()]);
    assert_one_line_error(&output, "issues", "is a directory");
    assert_eq!(output.status.code(), Some(1), "an input error exits 1");
}

#[test]
fn a_usage_error_exits_2() {
    let output = run(&["articles", "--format", "pdf", "x.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("pdf"));
}

#[test]
fn text_without_an_article_is_one_other_unit() {
    let dir = tempfile::tempdir().unwrap();
    let contents = "Indhold i dette nummer af bladet\n\nLeder: Det er nu, vi skal samarbejde 3\n\
                    Kommunerne og det nye år i it 4\nHvad er det, der sker med data 8\n\
                    En dag på kontoret hos IT-chefen 12\nNyt fra foreningen og fra bestyrelsen 14\n";
    let path = temp_file(dir.path(), "indhold.txt", contents.as_bytes());
    let output = run(&["articles", path.to_str().unwrap(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let units = doc["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["kind"], "other");
    assert_eq!(units[0]["lines"], serde_json::json!([[1, 7]]));
}

#[test]
fn repair_restores_the_damaged_issue_and_keeps_its_layout() {
    let output = run(&["repair", SEEDS[1]]);
    assert!(output.status.success(), "{}", stderr(&output));
    let repaired = stdout(&output);
    let original = std::fs::read_to_string(SEEDS[1]).unwrap();
    assert_eq!(repaired.lines().count(), original.lines().count());
    let layout = |s: &str| s.split_whitespace().count();
    assert_eq!(layout(&repaired), layout(&original));
    // The 2024 issue has no æ/ø/å left; after repair a tenth of its words have them again.
    let damage = tema::text::assess(&repaired);
    assert!(damage.with_danish_letters * 20 > damage.words, "{damage:?}");
    assert!(repaired.contains(" på "));
    let note = stderr(&output);
    assert!(
        note.contains("looks damaged") && note.contains("changed"),
        "{note}"
    );
}

#[test]
fn repair_leaves_the_clean_issue_alone_and_writes_files_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("repaired.txt");
    let output = run(&["repair", SEEDS[0], "--output", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let original = std::fs::read_to_string(SEEDS[0]).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), original);
    assert!(
        stderr(&output).contains("looks clean"),
        "{}",
        stderr(&output)
    );

    let forced = run(&["repair", SEEDS[0], "--force"]);
    assert!(forced.status.success());
    let changed = tema::text::changed_words(&original, &stdout(&forced));
    assert!(
        changed * 1000 <= original.split_whitespace().count(),
        "{changed}"
    );
}

#[test]
fn repair_of_a_missing_file_is_one_clear_line() {
    assert_one_line_error(
        &run(&["repair", "no-such-issue.txt"]),
        "no-such-issue.txt",
        "",
    );
}

#[test]
fn tokens_show_compound_parts() {
    let dir = tempfile::tempdir().unwrap();
    let file = temp_file(
        dir.path(),
        "compounds.txt",
        "Kommunerne har en ny cybersikkerhedsstrategi og skærpede it-sikkerhedskrav.\n".as_bytes(),
    );
    let text = run(&["tokens", "--raw", file.to_str().unwrap()]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(
        stdout(&text).contains("[cyber+sikkerhed+strategi]"),
        "{}",
        stdout(&text)
    );
    let json = run(&["tokens", "--raw", "--json", file.to_str().unwrap()]);
    let views: Value = serde_json::from_slice(&json.stdout).unwrap();
    let tokens = views[0]["sentences"][0]["tokens"].as_array().unwrap();
    let krav = tokens
        .iter()
        .find(|t| t["norm"] == "it-sikkerhedskrav")
        .expect("token present");
    assert_eq!(
        krav["parts"],
        serde_json::json!(["it", "sikkerhed", "krav"])
    );
    assert_eq!(krav["part_stems"].as_array().unwrap().len(), 3);
}

/// The number of words with æ, ø or å in a text.
fn danish_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']))
        .count()
}

#[test]
fn articles_and_tokens_repair_by_default_as_the_other_commands_do() {
    // The 2024 seed lost its æ/ø/å in OCR: repaired, its bodies and tokens have them back.
    let bodies = |extra: &[&str]| {
        let doc = common::json_of(&[&["articles", SEEDS[1], "--format", "json"], extra].concat());
        doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["body"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let repaired = bodies(&[]);
    let printed = bodies(&["--no-repair"]);
    assert_eq!(danish_words(&printed), 0);
    assert!(danish_words(&repaired) > 500, "{}", danish_words(&repaired));
    // The flag of the time before repair was the default still means the default.
    assert_eq!(bodies(&["--repair"]), repaired);

    let tokens = |extra: &[&str]| {
        let output = run(&[&["tokens", SEEDS[1], "--json"], extra].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    assert!(danish_words(&tokens(&[])) > 500);
    assert_eq!(danish_words(&tokens(&["--no-repair"])), 0);
    let raw = |extra: &[&str]| {
        let output = run(&[&["tokens", "--raw", SEEDS[1]], extra].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    assert!(danish_words(&raw(&[])) > 500);
    assert_eq!(danish_words(&raw(&["--no-repair"])), 0);
    // Clean text is left as it is either way.
    let clean = run(&["tokens", "--raw", SEEDS[0]]);
    let clean_printed = run(&["tokens", "--raw", SEEDS[0], "--no-repair"]);
    assert_eq!(stdout(&clean), stdout(&clean_printed));
}

/// Every command that reads issues, given `file`: the arguments, with `out` a scratch folder
/// for the files some must write and `annotation_of` an annotation naming `file` for `eval
/// themes`.
fn issue_commands(file: &str, out: &Path, annotation_of: &str) -> Vec<(String, Vec<String>)> {
    let o = |name: &str| out.join(name).to_str().unwrap().to_owned();
    let gold = "tests/fixtures/segments/kita-2022-autumn.json";
    let commands: Vec<Vec<&str>> = vec![
        vec!["articles", file],
        vec!["tokens", file],
        vec!["repair", file],
        vec!["tag", file],
        vec!["summarise", file],
        vec!["cluster", file],
        vec!["eval", "articles", file, "--annotation", gold],
        vec!["eval", "summaries", file],
        vec!["eval", "themes", annotation_of],
    ];
    let mut commands: Vec<Vec<String>> = commands
        .into_iter()
        .map(|c| c.into_iter().map(str::to_owned).collect())
        .collect();
    for (command, name) in [
        ("train", "model.json"),
        ("batch", "batch.jsonl"),
        ("report", "report.md"),
    ] {
        commands.push(vec![command.into(), file.into(), "-o".into(), o(name)]);
    }
    commands
        .into_iter()
        .map(|c| {
            let words = if c[0] == "eval" { 2 } else { 1 };
            (c[..words].join(" "), c)
        })
        .collect()
}

/// The one bad-input table: every command that reads issues refuses the same bad files with
/// one line naming the file and the reason, and exit code 1 (`batch` adds its summary line);
/// every one reads a Windows-1252 issue with the same note.
#[test]
fn every_command_refuses_the_same_bad_input_and_gives_the_same_notes() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(root.join(SEEDS[0])).unwrap();
    let english = "The municipalities must work together on cyber security, the director says. \
                   It is not something a single municipality can carry alone.\n"
        .repeat(10);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&seed);
    let folder = dir.path().join("empty-folder");
    std::fs::create_dir(&folder).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (dir.path().join("missing.txt"), "no such file"),
        (folder, "is a directory"),
        (
            temp_file(dir.path(), "cover.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "binary",
        ),
        (temp_file(dir.path(), "blank.txt", b"\n \n"), "no text"),
        (
            temp_file(dir.path(), "english.txt", english.as_bytes()),
            "Danish",
        ),
    ];
    let latin_dir = dir.path().join("latin");
    std::fs::create_dir(&latin_dir).unwrap();
    // Named like the seed, so `report` can tell when it came out.
    let latin = temp_file(&latin_dir, "kita-2022-autumn.txt", &latin);
    let mut checked = 0;
    for (file, reason) in cases
        .iter()
        .map(|(f, r)| (f, Some(*r)))
        .chain([(&latin, None)])
    {
        let path = file.to_str().unwrap();
        let annotation = temp_file(
            dir.path(),
            "annotation.json",
            serde_json::json!({"file": path, "units": []})
                .to_string()
                .as_bytes(),
        );
        let out = tempfile::tempdir().unwrap();
        for (name, args) in issue_commands(path, out.path(), annotation.to_str().unwrap()) {
            let output = common::tema().args(&args).output().unwrap();
            let err = stderr(&output);
            match reason {
                Some(reason) => {
                    assert_eq!(output.status.code(), Some(1), "{name} {path}: {err}");
                    let mut lines = err.lines();
                    let first = lines.next().unwrap_or_default();
                    assert!(
                        first.starts_with("tema: error: ") && first.contains(path),
                        "{name}: names {path}: {err}"
                    );
                    assert!(
                        first.contains(reason),
                        "{name} {path}: says {reason}: {err}"
                    );
                    let rest: Vec<&str> = lines.collect();
                    let allowed =
                        name == "batch" && rest.len() == 1 && rest[0].starts_with("tema: batch:");
                    assert!(rest.is_empty() || allowed, "{name} {path}: one line: {err}");
                    assert!(output.stdout.is_empty(), "{name} {path}: no output");
                }
                None => {
                    assert!(output.status.success(), "{name}: {err}");
                    let note = format!("tema: note: {path} is not UTF-8; read it as Windows-1252");
                    assert_eq!(
                        err.lines().filter(|l| *l == note).count(),
                        1,
                        "{name}: the note, once: {err}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 6 * 12, "every command, every input");
}

/// The same table for JSON Lines documents: every command that takes `--input` refuses the
/// same bad files alike.
#[test]
fn every_command_refuses_the_same_bad_documents() {
    let dir = tempfile::tempdir().unwrap();
    let english = serde_json::json!({"id": "en", "text": "The council met on Monday to discuss \
        the budget and the new school, and it was agreed that work would start in spring."})
    .to_string();
    let cases: Vec<(PathBuf, &str)> = vec![
        (dir.path().join("missing.jsonl"), "no such file"),
        (dir.path().to_path_buf(), "is a directory"),
        (temp_file(dir.path(), "blank.jsonl", b"\n\n"), "no text"),
        (
            temp_file(
                dir.path(),
                "english.jsonl",
                format!("{english}\n").repeat(5).as_bytes(),
            ),
            "Danish",
        ),
        (
            temp_file(dir.path(), "broken.jsonl", b"{\"id\": 1}\n"),
            "line 1",
        ),
    ];
    let out = tempfile::tempdir().unwrap();
    let model = out.path().join("model.json");
    for (file, reason) in &cases {
        let path = file.to_str().unwrap();
        for args in [
            vec!["tag", "--input", path],
            vec!["summarise", "--input", path],
            vec!["cluster", "--input", path],
            vec!["train", "--input", path, "-o", model.to_str().unwrap()],
            vec!["eval", "summaries", "--input", path],
            vec!["eval", "themes", "--input", path],
        ] {
            assert_one_line_error(&run(&args), path, reason);
        }
    }
}

/// Tagged articles by id, from a JSON array or JSON Lines.
fn by_id(records: impl IntoIterator<Item = Value>) -> std::collections::BTreeMap<String, Value> {
    records
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
        .collect()
}

/// The summary, terms and themes of an article are the same whichever command shows it, and the
/// same as the library's `Pipeline` gives.
#[test]
fn every_command_gives_an_article_the_same_summary_terms_and_themes() {
    let pipeline = tema::Pipeline::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let batch_out = dir.path().join("batch.jsonl");
    let output = run(&[
        "batch",
        SEEDS[0],
        SEEDS[1],
        "-o",
        batch_out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let batch = by_id(
        std::fs::read_to_string(&batch_out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()),
    );
    let report_out = dir.path().join("report.md");
    let output = run(&[
        "report",
        SEEDS[0],
        SEEDS[1],
        "-o",
        report_out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = std::fs::read_to_string(&report_out).unwrap();
    let mut all_tagged = Vec::new();
    for seed in SEEDS {
        let tagged = by_id(
            common::json_of(&["tag", seed, "--format", "json"])
                .as_array()
                .unwrap()
                .clone(),
        );
        assert!(tagged.len() >= 10, "{seed}: {} articles", tagged.len());
        // The library, as a program would call it.
        let issue = pipeline.read_issue(root.join(seed)).unwrap().value;
        let library = pipeline.tag_issue(&issue);
        assert_eq!(library.len(), tagged.len(), "{seed}");
        for article in &library {
            // Through JSON text, as the command writes it (scores are f32).
            let from_library: Value =
                serde_json::from_str(&serde_json::to_string(article).unwrap()).unwrap();
            assert_eq!(from_library, tagged[&article.id], "{seed}: library");
        }
        let summarised = common::json_of(&["summarise", seed, "--format", "json"]);
        let clustered = common::json_of(&["cluster", seed, "--sentences", "3", "--format", "json"]);
        let clustered = by_id(clustered["docs"].as_array().unwrap().clone());
        for doc in summarised.as_array().unwrap() {
            let id = doc["id"].as_str().unwrap();
            let tag = &tagged[id];
            let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
            let extracts: Vec<String> = doc["summary"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| words(e["text"].as_str().unwrap()))
                .collect();
            assert!(!extracts.is_empty(), "{id}");
            assert_eq!(tag["summary"], extracts.join(" "), "{id}: summarise");
            let cluster_summary: Vec<&str> = clustered[id]["summary"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert_eq!(tag["summary"], cluster_summary.join(" "), "{id}: cluster");
            for field in [
                "summary", "terms", "themes", "theme", "cluster", "title", "lines",
            ] {
                assert_eq!(tag[field], batch[id][field], "{id}: batch {field}");
            }
        }
        all_tagged.extend(tagged.into_values());
    }
    // The report lists the top articles of each theme with their score and summary.
    let top = regex::Regex::new(r"(?m)^- \*\*.*\*\* \(([^,]+), l\. .*?, score ([0-9.]+)\): (.*)$")
        .unwrap();
    let mut listed = 0;
    for line in top.captures_iter(&report) {
        let (issue, score, summary) = (&line[1], &line[2], &line[3]);
        let found = all_tagged.iter().any(|t| {
            t["id"].as_str().unwrap().starts_with(issue)
                && t["summary"] == summary
                && format!("{:.2}", t["themes"][0]["score"].as_f64().unwrap()) == score
        });
        assert!(found, "report: {issue} {score} {summary}");
        listed += 1;
    }
    assert!(listed >= 5, "{listed} top articles in the report");
}

/// Issues come from files, folders, glob patterns or standard input (`-`), and `-o -` is
/// standard output, on every command that reads issues.
#[test]
fn folders_globs_and_standard_input_read_the_same_issues() {
    let both = common::json_of(&["tag", SEEDS[0], SEEDS[1], "--format", "json"]);
    assert_eq!(common::json_of(&["tag", "seeds", "--format", "json"]), both);
    assert_eq!(
        common::json_of(&["tag", "seeds/kita-*.txt", "-o", "-", "--format", "json"]),
        both
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read(root.join(SEEDS[1])).unwrap();
    for command in ["articles", "tag", "summarise"] {
        let from_file = common::json_of(&[command, SEEDS[1], "--format", "json"]);
        let output = common::tema()
            .args([command, "-", "--format", "json"])
            .write_stdin(seed.clone())
            .output()
            .unwrap();
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        // The same articles, named after standard input.
        let from_stdin = stdout(&output).replace("stdin", "kita-2024-autumn");
        let from_stdin: Value = serde_json::from_str(&from_stdin).unwrap();
        if command == "articles" {
            assert_eq!(from_stdin["units"], from_file["units"], "{command}");
        } else {
            assert_eq!(from_stdin, from_file, "{command}");
        }
    }
    let output = run(&["repair", "no/such/dir/*.txt"]);
    assert_one_line_error(&output, "no/such/dir/*.txt", "no such file");
}
