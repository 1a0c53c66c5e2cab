//! Segmentation quality against hand annotations: the seeds, and a synthetic issue written from
//! new Danish text in the same layout, so the rules are checked on text they were not tuned on.
//!
//! The bar is 90% recall and 90% precision of articles, editorials and briefs per issue, where a
//! found unit matches an annotated one when each holds at least half of the other's lines.

use std::path::{Path, PathBuf};

use tema::ingest::{self, Annotation};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn score(annotation: &str) -> ingest::SegmentationScore {
    let gold = Annotation::load(&root().join(annotation)).expect("annotation loads");
    let issue: PathBuf = root().join(&gold.file);
    let text = ingest::read_text(&issue).expect("issue reads").text;
    let units = ingest::segment(&ingest::issue_name(&issue), &text);
    let score = ingest::score_segmentation(&text, &units, &gold);
    println!(
        "{annotation}: recall {:.3} ({}/{}), precision {:.3} ({}/{}); missed {:?}; spurious {:?}",
        score.recall,
        score.matched_annotated,
        score.annotated,
        score.precision,
        score.matched_found,
        score.found,
        score.missed,
        score.spurious
    );
    score
}

fn assert_bar(annotation: &str) {
    let s = score(annotation);
    assert!(
        s.annotated >= 5,
        "{annotation}: too few annotated units to judge"
    );
    assert!(
        s.recall >= 0.9,
        "{annotation}: recall {:.3}, missed {:?}",
        s.recall,
        s.missed
    );
    assert!(
        s.precision >= 0.9,
        "{annotation}: precision {:.3}, spurious {:?}",
        s.precision,
        s.spurious
    );
}

#[test]
fn clean_seed_meets_the_bar() {
    assert_bar("tests/fixtures/segments/kita-2022-autumn.json");
}

#[test]
fn ocr_seed_meets_the_bar() {
    assert_bar("tests/fixtures/segments/kita-2024-autumn.json");
}

#[test]
fn unseen_synthetic_issue_meets_the_bar() {
    assert_bar("tests/fixtures/synthetic/kita-synthetic.json");
}

#[test]
fn annotations_cover_each_line_at_most_once() {
    for annotation in [
        "tests/fixtures/segments/kita-2022-autumn.json",
        "tests/fixtures/segments/kita-2024-autumn.json",
        "tests/fixtures/synthetic/kita-synthetic.json",
    ] {
        let gold = Annotation::load(&root().join(annotation)).unwrap();
        let mut seen = std::collections::HashSet::new();
        for unit in &gold.units {
            for range in &unit.lines {
                assert!(range.0 <= range.1, "{annotation}: {range:?}");
                for line in range.0..=range.1 {
                    assert!(
                        seen.insert(line),
                        "{annotation}: line {line} annotated twice"
                    );
                }
            }
        }
    }
}
