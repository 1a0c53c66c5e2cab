//! Tagging latency: one seed issue from file to tagged articles, model loading included, as
//! `tema tag` does it (read, repair, segment, load the embedded model, vectorise, score).
//!
//! Run with `cargo bench --bench tag`. Each iteration checks the number of tagged articles and
//! the themes found against a run made before timing.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tema::text::DanishStemmer;
use tema::themes::{unit_text, Model};

fn tag_issue(path: &std::path::Path) -> Vec<Option<String>> {
    let mut decoded = tema::ingest::read_text(path).expect("seed readable");
    if let std::borrow::Cow::Owned(fixed) = tema::text::repair_document(&decoded.text) {
        decoded.text = fixed;
    }
    let issue = tema::ingest::issue_from_text(path, decoded).expect("seed is Danish");
    let model = Model::default_model().expect("embedded model loads");
    let mut stemmer = DanishStemmer::default();
    issue
        .units
        .iter()
        .filter(|u| u.kind.is_content())
        .map(|u| {
            model
                .tag(&unit_text(u), u.section.as_deref(), &mut stemmer)
                .theme
        })
        .collect()
}

fn tag_bench(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut group = c.benchmark_group("tag");
    group.sample_size(20);
    for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"] {
        let path = dir.join(name);
        let expected = tag_issue(&path);
        assert!(expected.len() >= 10 && expected.iter().any(Option::is_some));
        group.bench_function(name, |b| {
            b.iter(|| {
                let themes = tag_issue(black_box(&path));
                assert_eq!(themes, expected);
                themes
            })
        });
    }
    group.finish();
}

criterion_group!(benches, tag_bench);
criterion_main!(benches);
