//! Summarising speed: every article, editorial and brief of both seed issues, one core.
//!
//! Run with `cargo bench --bench summaries`; throughput in MB/s of article text summarised.
//! Each iteration checks its summaries against those made before timing, so a fast wrong
//! answer cannot pass as a speed-up.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tema::summaries::{Article, Extract, Length, Method, Summariser};

/// (body, title, standfirst) of every content unit of the seeds.
fn articles() -> Vec<(String, Option<String>, Option<String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    ["kita-2022-autumn.txt", "kita-2024-autumn.txt"]
        .iter()
        .flat_map(|name| {
            let issue = tema::ingest::read_issue(&dir.join(name)).expect("seed issue reads");
            issue
                .units
                .into_iter()
                .filter(|u| u.kind.is_content())
                .map(|u| (u.body, u.title, u.standfirst))
        })
        .collect()
}

fn summarise_all(
    summariser: &mut Summariser,
    articles: &[(String, Option<String>, Option<String>)],
) -> Vec<Vec<Extract>> {
    articles
        .iter()
        .map(|(body, title, standfirst)| {
            let mut article = Article::new(body);
            if let Some(title) = title {
                article = article.title(title);
            }
            if let Some(standfirst) = standfirst {
                article = article.standfirst(standfirst);
            }
            summariser.summarise(&article, Length::Sentences(3))
        })
        .collect()
}

fn summary_benches(c: &mut Criterion) {
    let articles = articles();
    let bytes: usize = articles.iter().map(|a| a.0.len()).sum();
    let mut group = c.benchmark_group("summaries");
    group.throughput(Throughput::Bytes(bytes as u64));
    for method in [Method::Tema, Method::Lexrank] {
        let expected = summarise_all(&mut Summariser::new(method), &articles);
        assert!(
            expected.iter().filter(|s| !s.is_empty()).count() * 10 >= articles.len() * 9,
            "most articles summarised"
        );
        group.bench_function(method.as_str(), |b| {
            // A summariser lives as long as a batch run; its stemmer cache is warm.
            let mut summariser = Summariser::new(method);
            b.iter(|| {
                let got = summarise_all(&mut summariser, black_box(&articles));
                assert_eq!(got, expected);
                got
            })
        });
    }
    group.finish();
}

criterion_group!(benches, summary_benches);
criterion_main!(benches);
