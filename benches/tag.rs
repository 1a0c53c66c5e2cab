//! Tagging latency: one seed issue from file to tagged articles, as `tema tag` does it, through
//! the library's `Pipeline`: read, Danish check, repair, segment, load the embedded model (one
//! load per run, as one `tema tag` process pays it), vectorise, score and summarise.
//!
//! Run with `cargo bench --bench tag`. Each iteration checks its tagged articles (themes,
//! terms, summaries) against a run made before timing.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tema::themes::Model;
use tema::{Pipeline, TaggedArticle};

fn tag_issue(path: &std::path::Path) -> Vec<TaggedArticle> {
    let model = Model::default_model().expect("embedded model loads");
    let pipeline = Pipeline::params()
        .model(model)
        .build()
        .expect("default settings");
    let issue = pipeline.read_issue(path).expect("seed reads").value;
    pipeline.tag_issue(&issue)
}

fn tag_bench(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut group = c.benchmark_group("tag");
    group.sample_size(20);
    for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"] {
        let path = dir.join(name);
        let expected = tag_issue(&path);
        assert!(expected.len() >= 10 && expected.iter().any(|a| a.theme.is_some()));
        assert!(expected.iter().all(|a| !a.summary.is_empty()));
        group.bench_function(name, |b| {
            b.iter(|| {
                let tagged = tag_issue(black_box(&path));
                assert_eq!(tagged, expected);
                tagged
            })
        });
    }
    group.finish();
}

criterion_group!(benches, tag_bench);
criterion_main!(benches);
