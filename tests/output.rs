//! What the terminal and the files show: tables that fit `COLUMNS`, the row of an article no
//! theme fits, CSV in the dialect a spreadsheet needs, and Excel workbooks read back.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

mod common;

use common::{json_of, stderr, stdout, tema, SEEDS};

/// The columns a line takes on a terminal (every character of these tables is one column).
fn columns(line: &str) -> usize {
    line.chars().count()
}

fn run_with_columns(columns: &str, args: &[&str]) -> String {
    let output = tema().env("COLUMNS", columns).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn tables_fit_the_columns_they_are_given() {
    for seed in SEEDS {
        for command in [
            &["tag", seed][..],
            &["articles", seed],
            &["summarise", seed],
            &["cluster", seed, "--k", "3"],
        ] {
            let args = [command, &["--format", "table"]].concat();
            for width in [60, 80, 120] {
                let table = run_with_columns(&width.to_string(), &args);
                let widest = table.lines().map(columns).max().unwrap();
                assert!(widest <= width, "{args:?} at {width}: a line of {widest}");
                // Not squeezed either: the table uses most of what it has.
                assert!(
                    widest + 10 >= width.min(100),
                    "{args:?} at {width}: {widest}"
                );
            }
        }
    }
}

#[test]
fn without_columns_off_a_terminal_tables_are_100_wide_and_ids_stay_whole() {
    let output = tema()
        .env_remove("COLUMNS")
        .args(["tag", SEEDS[0], "--format", "table"])
        .output()
        .unwrap();
    let table = stdout(&output);
    assert!(table.lines().map(columns).max().unwrap() <= 100);
    let narrow = run_with_columns("60", &["tag", SEEDS[0], "--format", "table"]);
    for article in json_of(&["tag", SEEDS[0], "--format", "json"])
        .as_array()
        .unwrap()
    {
        let id = article["id"].as_str().unwrap();
        assert!(table.contains(id) && narrow.contains(id), "{id}");
    }
}

/// Tagged articles of both seeds as JSON.
fn tagged() -> Vec<Value> {
    let mut articles = Vec::new();
    for seed in SEEDS {
        articles.extend(
            json_of(&["tag", seed, "--format", "json"])
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
    }
    articles
}

#[test]
fn an_article_no_theme_fits_says_so_with_the_best_score_in_every_format() {
    let articles = tagged();
    let untagged: Vec<&Value> = articles.iter().filter(|a| a["theme"].is_null()).collect();
    assert!(!untagged.is_empty(), "the seeds have articles of no theme");
    let mut tables = String::new();
    let mut csv = String::new();
    for seed in SEEDS {
        tables += &run_with_columns("200", &["tag", seed, "--format", "table"]);
        csv += &run_with_columns("200", &["tag", seed, "--format", "csv"]);
    }
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let header: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for article in &articles {
        let id = article["id"].as_str().unwrap();
        let best = &article["themes"][0];
        let (best_id, best_score) = (
            best["id"].as_str().unwrap(),
            best["score"].as_f64().unwrap(),
        );
        let line = tables
            .lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_else(|| panic!("{id} not in the table"));
        let row = rows.iter().find(|r| r[0] == id).unwrap();
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let csv_best: f64 = row[column(&format!("score_{best_id}"))].parse().unwrap();
        assert!((csv_best - best_score).abs() < 1e-4, "{id}");
        match article["theme"].as_str() {
            None => {
                let said = format!("none (best: {best_id} {best_score:.2})");
                assert!(line.contains(&said), "{id}: {line}");
                assert_eq!(row[column("theme")], "", "{id}");
            }
            Some(theme) => {
                assert_eq!(theme, best_id, "{id}: the theme is the best one");
                assert!(
                    line.contains(&format!("{theme} {best_score:.2}")),
                    "{id}: {line}"
                );
                assert!(!line.contains("none"), "{id}: {line}");
                assert_eq!(row[column("theme")], theme, "{id}");
            }
        }
    }
}

#[test]
fn csv_for_danish_excel_has_semicolons_decimal_commas_and_a_bom() {
    let plain = run_with_columns("80", &["tag", SEEDS[1], "--format", "csv"]);
    assert!(
        plain.starts_with("id,title,lines,theme,score_ai,"),
        "{plain}"
    );
    let danish = tema()
        .args(["tag", SEEDS[1], "--format", "csv", "--delimiter", ";"])
        .output()
        .unwrap();
    assert!(danish.status.success(), "{}", stderr(&danish));
    let bytes = &danish.stdout;
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("id;title;lines;theme;score_ai;"), "{text}");
    let read = |text: &str, delimiter: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let (plain_rows, danish_rows) = (read(&plain, b','), read(text, b';'));
    assert_eq!(plain_rows.len(), danish_rows.len());
    for (p, d) in plain_rows.iter().zip(&danish_rows) {
        // The same fields; the scores (columns 4..) with a decimal comma.
        assert_eq!(p[..4], d[..4]);
        assert_eq!(p[4].replace('.', ","), d[4]);
        assert!(d[4].contains(','), "{}", d[4]);
    }
    assert!(danish_rows.iter().any(|r| r[1].contains(['æ', 'ø', 'å'])));

    let no_bom = run_with_columns(
        "80",
        &[
            "tag",
            SEEDS[1],
            "--format",
            "csv",
            "--delimiter",
            ";",
            "--no-bom",
        ],
    );
    assert!(no_bom.starts_with("id;title"));
    let bom = run_with_columns("80", &["tag", SEEDS[1], "--format", "csv", "--bom"]);
    assert!(bom.starts_with("\u{feff}id,title"));
    let tabs = run_with_columns(
        "80",
        &[
            "articles",
            SEEDS[0],
            "--format",
            "csv",
            "--delimiter",
            "tab",
        ],
    );
    assert!(
        tabs.starts_with("issue\tid\tkind\tsection\ttitle\t"),
        "{tabs}"
    );

    let bad = tema()
        .args(["tag", SEEDS[1], "--format", "csv", "--delimiter", "ab"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--delimiter"), "{}", stderr(&bad));
}

/// The rows of a workbook's sheet, header first.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("{other:?} is not text"),
    }
}

#[test]
fn xlsx_holds_the_csv_values_with_numbers_as_numbers_and_danish_letters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tagged.xlsx");
    let output = tema()
        .args(["tag", SEEDS[1], "--format", "xlsx", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let articles = json_of(&["tag", SEEDS[1], "--format", "json"]);
    let articles = articles.as_array().unwrap();
    let rows = sheet_rows(&path, "articles");
    assert_eq!(
        rows.len(),
        articles.len() + 1,
        "a header and a row per article"
    );
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header[..5], ["id", "title", "lines", "theme", "score_ai"]);
    for (row, article) in rows[1..].iter().zip(articles) {
        assert_eq!(text(&row[0]), article["id"].as_str().unwrap());
        assert_eq!(text(&row[1]), article["title"].as_str().unwrap_or(""));
        assert_eq!(text(&row[3]), article["theme"].as_str().unwrap_or(""));
        let ai = article["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "ai")
            .unwrap();
        match &row[4] {
            Data::Float(x) => assert!((x - ai["score"].as_f64().unwrap()).abs() < 1e-6),
            other => panic!("score_ai is {other:?}, not a number"),
        }
    }
    let titles: String = rows[1..].iter().map(|r| text(&r[1])).collect();
    assert!(titles.contains(['æ', 'ø', 'å']), "{titles}");
    // Only the workbook: no temporary file left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let clusters = dir.path().join("clusters.xlsx");
    let output = tema()
        .args(["cluster", SEEDS[0], "--k", "3", "--format", "xlsx", "-o"])
        .arg(&clusters)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json_of(&["cluster", SEEDS[0], "--k", "3", "--format", "json"]);
    let docs = sheet_rows(&clusters, "documents");
    assert_eq!(docs.len(), report["docs"].as_array().unwrap().len() + 1);
    let topics = sheet_rows(&clusters, "clusters");
    assert_eq!(topics.len(), 4);
    for (row, cluster) in topics[1..]
        .iter()
        .zip(report["clusters"].as_array().unwrap())
    {
        assert_eq!(text(&row[3]), cluster["label"].as_str().unwrap());
        assert_eq!(row[1], Data::Float(cluster["size"].as_f64().unwrap()));
    }

    let units = dir.path().join("units.xlsx");
    let output = tema()
        .args(["articles", SEEDS[0], SEEDS[1], "--format", "xlsx", "-o"])
        .arg(&units)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = sheet_rows(&units, "units");
    let ids: usize = SEEDS
        .iter()
        .map(|s| {
            json_of(&["articles", s, "--format", "json"])["units"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(rows.len(), ids + 1);
}

#[test]
fn xlsx_is_refused_on_standard_output_in_one_line_before_any_work() {
    for args in [
        &["tag", SEEDS[0], "--format", "xlsx"][..],
        &["tag", SEEDS[0], "--format", "xlsx", "-o", "-"],
        &["articles", SEEDS[0], "--format", "xlsx"],
        &["summarise", SEEDS[0], "--format", "xlsx"],
        &["cluster", SEEDS[0], "--format", "xlsx"],
    ] {
        let output = tema().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("-o FILE.xlsx"), "{err}");
    }
}

#[test]
fn a_workbook_into_a_missing_folder_is_one_line_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("out.xlsx");
    let output = tema()
        .args(["tag", SEEDS[0], "--format", "xlsx", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("out.xlsx: cannot write"), "{err}");
    assert!(!path.exists());
}
