//! A real archive end to end: year folders, text PDFs, a scanned PDF, text issues, an undated
//! issue and a bad file; `tema batch` over it, then `tema report --from` its results, which must
//! equal the report `tema report` makes from the issues themselves, topics and all.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use common::{run, stderr};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The archive: the 2022 seed as `2019/nr3.txt`, the 2024 seed's PDF as `2020/nr3.pdf` (the
/// same file name as 2019's), the 2022 two-column PDF under a season folder, the first three
/// pages of the 2022 PDF scanned, the 2024 seed with no date anywhere, and a binary file.
fn archive(dir: &Path) {
    let coll = dir.join("coll");
    for folder in ["2019", "2020", "kita-efteraar-2024", "2023-04"] {
        std::fs::create_dir_all(coll.join(folder)).unwrap();
    }
    let copy = |from: &str, to: &str| {
        std::fs::copy(root().join(from), coll.join(to)).unwrap();
    };
    copy("seeds/kita-2022-autumn.txt", "2019/nr3.txt");
    copy("tests/fixtures/pdf/kita-2024-autumn.pdf", "2020/nr3.pdf");
    copy(
        "tests/fixtures/pdf/kita-2022-autumn-2col.pdf",
        "kita-efteraar-2024/KITA.PDF",
    );
    copy("seeds/kita-2024-autumn.txt", "udgave.txt");
    std::fs::write(coll.join("bad.txt"), b"\x00\x01 not an issue").unwrap();
    let pages = dir.join("pages");
    std::fs::create_dir(&pages).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png", "-f", "1", "-l", "3"])
        .arg(root().join("tests/fixtures/pdf/kita-2022-autumn.pdf"))
        .arg(pages.join("p"))
        .status()
        .expect("pdftoppm runs (Debian poppler-utils)")
        .success();
    assert!(ok);
    let mut images: Vec<_> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    images.sort();
    let ok = Command::new("img2pdf")
        .args(&images)
        .arg("-o")
        .arg(coll.join("2023-04/scan.pdf"))
        .status()
        .expect("img2pdf runs (Debian img2pdf)")
        .success();
    assert!(ok);
}

fn tema_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("tema").unwrap();
    cmd.current_dir(dir).args(args).output().unwrap()
}

#[test]
fn batch_then_report_from_its_results_equals_the_report_from_the_issues() {
    let dir = tempfile::tempdir().unwrap();
    archive(dir.path());

    let batch = tema_in(dir.path(), &["batch", "coll", "-o", "results.jsonl"]);
    let err = stderr(&batch);
    assert_eq!(batch.status.code(), Some(1), "the bad file fails: {err}");
    assert!(err.contains("coll/bad.txt"), "{err}");
    assert!(err.contains("5 files done"), "{err}");

    let results = std::fs::read_to_string(dir.path().join("results.jsonl")).unwrap();
    let records: Vec<Value> = results
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut ids = HashSet::new();
    let mut issues = HashSet::new();
    for r in &records {
        for field in [
            "issue",
            "source",
            "id",
            "kind",
            "words",
            "themes",
            "terms",
            "summary",
            "term_counts",
        ] {
            assert!(!r[field].is_null(), "{field} missing in {r}");
        }
        assert!(ids.insert(r["id"].as_str().unwrap().to_owned()), "{r}");
        let issue = r["issue"].as_str().unwrap().to_owned();
        assert!(r["id"].as_str().unwrap().starts_with(&issue));
        let pdf = r["source"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .ends_with(".pdf");
        assert_eq!(!r["pages"].is_null(), pdf, "pages exactly for PDFs: {r}");
        let date = &r["date"];
        let want = match issue.as_str() {
            "2019-nr3" => Some((2019, 0)),
            "2020-nr3" => Some((2020, 0)),
            "kita-efteraar-2024-KITA" => Some((2024, 10)),
            "2023-04-scan" => Some((2023, 4)),
            "udgave" => None,
            other => panic!("unexpected issue {other}"),
        };
        match want {
            Some((year, month)) => {
                assert_eq!(date["year"], year, "{issue}");
                assert_eq!(date["month"], month, "{issue}");
            }
            None => assert!(date.is_null(), "{issue}: {date}"),
        }
        issues.insert(issue);
    }
    assert_eq!(issues.len(), 5, "{issues:?}");

    let from = tema_in(
        dir.path(),
        &["report", "--from", "results.jsonl", "-o", "from.md"],
    );
    assert!(from.status.success(), "{}", stderr(&from));
    assert!(
        stderr(&from).contains("udgave: no date"),
        "{}",
        stderr(&from)
    );
    let direct = tema_in(dir.path(), &["report", "coll", "-o", "direct.md"]);
    assert_eq!(direct.status.code(), Some(1), "{}", stderr(&direct));
    let from = std::fs::read_to_string(dir.path().join("from.md")).unwrap();
    let direct = std::fs::read_to_string(dir.path().join("direct.md")).unwrap();
    // The records carry each article's term counts, so the report from them finds the same
    // topics ("Andre emner" and each article's topic) as the one from the issues: all of it is
    // the same.
    assert!(direct.contains("## Andre emner"), "{direct}");
    assert_eq!(from, direct);
    assert!(
        from.contains("| udateret |"),
        "the undated issue is shown apart"
    );
    assert!(from.contains("2019-nr3") && from.contains("2020-nr3"));

    // --dates overrides the path, in both ways of making the report.
    std::fs::write(dir.path().join("dates.csv"), "issue,date\nudgave,2021-06\n").unwrap();
    let dated = tema_in(
        dir.path(),
        &[
            "report",
            "--from",
            "results.jsonl",
            "--dates",
            "dates.csv",
            "-o",
            "dated.md",
        ],
    );
    assert!(dated.status.success(), "{}", stderr(&dated));
    let dated = std::fs::read_to_string(dir.path().join("dated.md")).unwrap();
    assert!(!dated.contains("udateret") && dated.contains("2021-06"));
}

#[test]
fn the_2022_seed_is_dated_by_its_name_not_by_a_sentence_of_its_leader() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    let output = run(&[
        "report",
        "seeds/kita-2022-autumn.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(report.contains("2022-10") && !report.contains("2021-11"));
}
