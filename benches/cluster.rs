//! Clustering speed: the work of `tema cluster --k 5 --sentences 3` on the seeds' paragraphs,
//! without reading and writing files.
//!
//! Run with `cargo bench --bench cluster`. The corpus is every paragraph of both seed issues,
//! five times over (about 10,000 documents). Each iteration checks the cluster sizes and the
//! number of summary sentences against a run made before timing, so a fast wrong answer cannot
//! pass as a speed-up.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use std::hint::black_box;
use tema::clusters::{ClusterModel, ClusterOptions};
use tema::vectors::{VectorOptions, Vocabulary};

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut docs = Vec::new();
    for _ in 0..5 {
        for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"] {
            let text = std::fs::read_to_string(dir.join(name)).expect("seed issue present");
            docs.extend(
                text.split("\n\n")
                    .filter(|p| p.split_whitespace().count() >= 5)
                    .map(str::to_owned),
            );
        }
    }
    docs
}

/// Cluster sizes and summary sentences: what the command computes.
fn cluster(docs: &[String], options: &ClusterOptions) -> (Vec<usize>, usize) {
    let vector_options = VectorOptions {
        min_df: 2,
        ..VectorOptions::default()
    };
    let (vocabulary, matrix) = Vocabulary::fit_transform(docs, &vector_options);
    let fitted = ClusterModel::fit(&vocabulary, &matrix, options);
    let sentences: usize = docs
        .par_iter()
        .map(|text| tema::text::lead(text, 3).len())
        .sum();
    let sizes = fitted.model.clusters.iter().map(|c| c.size).collect();
    (sizes, sentences)
}

fn cluster_bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let options = ClusterOptions {
        k: Some(5),
        ..ClusterOptions::default()
    };
    let expected = cluster(&docs, &options);
    assert_eq!(expected.0.len(), 5);
    assert_eq!(expected.0.iter().sum::<usize>(), docs.len());
    assert!(expected.1 >= docs.len(), "{expected:?}");

    let vocabulary = Vocabulary::fit(&docs, &VectorOptions::default());
    let matrix = vocabulary.transform(&docs);
    let fitted = ClusterModel::fit(&vocabulary, &matrix, &options);

    let mut group = c.benchmark_group("cluster");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("vectors_kmeans_lead3", |b| {
        b.iter(|| assert_eq!(cluster(black_box(&docs), &options), expected))
    });
    group.bench_function("fit_k5", |b| {
        b.iter(|| {
            let again = ClusterModel::fit(&vocabulary, black_box(&matrix), &options);
            assert_eq!(again.assignments, fitted.assignments);
        })
    });
    group.bench_function("assign_all", |b| {
        b.iter(|| {
            assert_eq!(
                fitted.model.assign_all(&vocabulary, black_box(&matrix)),
                fitted.assignments
            )
        })
    });
    group.finish();
}

criterion_group!(benches, cluster_bench);
criterion_main!(benches);
