//! Summarising speed: every article, editorial and brief of both seed issues, one core, read
//! as `tema summarise` reads them (through `Pipeline`: Danish check and repair included, so the
//! damaged 2024 issue is summarised with its æ/ø/å put back).
//!
//! Run with `cargo bench --bench summaries`; throughput in MB/s of article text summarised.
//! `summaries/tema` summarises through `Pipeline::summarise_unit`, as every command does;
//! `summaries/lexrank` is the baseline on the same articles.
//! Each iteration checks its summaries against those made before timing, so a fast wrong
//! answer cannot pass as a speed-up.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tema::ingest::Unit;
use tema::pipeline::unit_article;
use tema::summaries::{Extract, Length, Method, Summariser};
use tema::Pipeline;

/// Every content unit of the seeds, read as the commands read them.
fn articles(pipeline: &Pipeline) -> Vec<Unit> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    ["kita-2022-autumn.txt", "kita-2024-autumn.txt"]
        .iter()
        .flat_map(|name| {
            let issue = pipeline
                .read_issue(dir.join(name))
                .expect("seed issue reads");
            issue
                .value
                .units
                .into_iter()
                .filter(|u| u.kind.is_content())
        })
        .collect()
}

fn summarise_all(
    pipeline: &Pipeline,
    summariser: &mut Summariser,
    method: Method,
    articles: &[Unit],
) -> Vec<Vec<Extract>> {
    articles
        .iter()
        .map(|unit| match method {
            Method::Tema => pipeline.summarise_unit(unit),
            _ => summariser.summarise(&unit_article(unit), Length::Sentences(3)),
        })
        .collect()
}

fn summary_benches(c: &mut Criterion) {
    let pipeline = Pipeline::default();
    let articles = articles(&pipeline);
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    let mut group = c.benchmark_group("summaries");
    group.throughput(Throughput::Bytes(bytes as u64));
    for method in [Method::Tema, Method::Lexrank] {
        let expected = summarise_all(&pipeline, &mut Summariser::new(method), method, &articles);
        assert!(
            expected.iter().filter(|s| !s.is_empty()).count() * 10 >= articles.len() * 9,
            "most articles summarised"
        );
        group.bench_function(method.as_str(), |b| {
            // A summariser lives as long as a batch run (the pipeline keeps one per thread); its
            // stemmer cache is warm.
            let mut summariser = Summariser::new(method);
            b.iter(|| {
                let got = summarise_all(&pipeline, &mut summariser, method, black_box(&articles));
                assert_eq!(got, expected);
                got
            })
        });
    }
    group.finish();
}

criterion_group!(benches, summary_benches);
criterion_main!(benches);
