//! Headline quality against the hand annotations: every annotated article, editorial and brief
//! with a title is looked up among the units the pipeline finds (the one sharing at least half of
//! its non-blank lines each way) and its title compared, whitespace aside. The text is read as
//! users get it: decoded, repaired, segmented. A title is judged by its correct spelling: the
//! unit's `headline` where the annotation gives one (the OCR seed spells its `title` as damaged
//! as the text it was found in), else its `title`.
//!
//! Bar: at least 95% of the annotated headlines right on both seeds and the synthetic issue.

use std::collections::HashSet;
use std::path::Path;

use tema::ingest::{Annotation, LineRange};
use tema::pipeline::Pipeline;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (right, judged, wrong ones as (gold, found)).
fn headlines(annotation: &str) -> (usize, usize, Vec<(String, Option<String>)>) {
    let gold = Annotation::load(&root().join(annotation)).expect("annotation loads");
    // `headline` is this test's key alone, so it is read beside the annotation, not into it.
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(annotation)).unwrap()).unwrap();
    let spelled: Vec<Option<String>> = raw["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["headline"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(spelled.len(), gold.units.len());
    let issue = Pipeline::default()
        .read_issue(root().join(&gold.file))
        .expect("issue reads")
        .value;
    let text = std::fs::read_to_string(root().join(&gold.file)).unwrap();
    let non_blank: Vec<bool> = text.lines().map(|l| !l.trim().is_empty()).collect();
    let lines = |ranges: &[LineRange]| -> HashSet<usize> {
        ranges
            .iter()
            .flat_map(|r| r.0.max(1)..=r.1.min(non_blank.len()))
            .filter(|&n| non_blank[n - 1])
            .collect()
    };
    let (mut right, mut judged, mut wrong) = (0, 0, Vec::new());
    for (unit, spelled) in gold.units.iter().zip(&spelled) {
        if !unit.kind.is_content() {
            continue;
        }
        let Some(title) = spelled.as_ref().or(unit.title.as_ref()) else {
            continue;
        };
        judged += 1;
        let g = lines(&unit.lines);
        let found = issue.units.iter().find(|f| {
            let f = lines(&f.lines);
            let shared = g.intersection(&f).count();
            !f.is_empty() && shared * 2 >= g.len() && shared * 2 >= f.len()
        });
        let got = found.and_then(|f| f.title.clone());
        if got.as_deref().map(squeeze) == Some(squeeze(title)) {
            right += 1;
        } else {
            wrong.push((title.clone(), got));
        }
    }
    (right, judged, wrong)
}

fn assert_bar(annotation: &str, bar: f64) {
    let (right, judged, wrong) = headlines(annotation);
    let share = right as f64 / judged as f64;
    println!("{annotation}: {right}/{judged} headlines right ({share:.3}); wrong: {wrong:#?}");
    assert!(judged >= 5, "{annotation}: too few headlines to judge");
    assert!(
        share >= bar,
        "{annotation}: {right}/{judged} headlines right; wrong: {wrong:#?}"
    );
}

#[test]
fn clean_seed_headlines_meet_the_bar() {
    assert_bar("tests/fixtures/segments/kita-2022-autumn.json", 0.95);
}

#[test]
fn synthetic_issue_headlines_meet_the_bar() {
    assert_bar("tests/fixtures/synthetic/kita-synthetic.json", 0.95);
}

/// Judged by the correct spelling, so OCR damage the repair leaves in a title counts against it.
#[test]
fn ocr_seed_headlines_meet_the_bar() {
    assert_bar("tests/fixtures/segments/kita-2024-autumn.json", 0.95);
}
