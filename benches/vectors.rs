//! Vectorising speed: vocabulary fitting and TF-IDF weighting of the seeds' paragraphs, in
//! parallel on all cores.
//!
//! Run with `cargo bench --bench vectors`; throughput in MB/s of text. The corpus is every
//! paragraph of both seed issues, ten times over (about 2 MB, some 20,000 documents). Each
//! iteration checks the vocabulary size and the number of non-zeros against a run made before
//! timing, so a fast wrong answer cannot pass as a speed-up.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tema::vectors::{VectorOptions, Vocabulary};

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut docs = Vec::new();
    for _ in 0..10 {
        for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"] {
            let text = std::fs::read_to_string(dir.join(name)).expect("seed issue present");
            docs.extend(
                text.split("\n\n")
                    .filter(|p| !p.trim().is_empty())
                    .map(str::to_owned),
            );
        }
    }
    docs
}

fn vectors_bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("vectors");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    // Plain terms (clusters), and with compound parts (the theme model's reading).
    for (name, compounds) in [("", false), ("_compounds", true)] {
        let options = VectorOptions {
            compounds,
            ..VectorOptions::default()
        };
        let vocabulary = Vocabulary::fit(&docs, &options);
        let expected = (vocabulary.len(), vocabulary.transform(&docs).nnz());
        assert!(expected.0 > 3_000 && expected.1 > 100_000, "{expected:?}");
        group.bench_function(format!("fit_transform{name}"), |b| {
            b.iter(|| {
                let (vocabulary, matrix) = Vocabulary::fit_transform(black_box(&docs), &options);
                assert_eq!((vocabulary.len(), matrix.nnz()), expected);
                matrix
            })
        });
        group.bench_function(format!("transform{name}"), |b| {
            b.iter(|| {
                let matrix = vocabulary.transform(black_box(&docs));
                assert_eq!(matrix.nnz(), expected.1);
                matrix
            })
        });
    }
    group.finish();
}

criterion_group!(benches, vectors_bench);
criterion_main!(benches);
