//! How fast an issue becomes units: line classification, grouping and dissection together.
//!
//! Run with `cargo bench --bench segment`; throughput is reported in MB/s of issue text. Each
//! iteration checks what it computed, so a fast wrong answer cannot pass as a speed-up.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn seed(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name);
    std::fs::read_to_string(path).expect("seed issue present")
}

fn segment_seeds(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment");
    for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"] {
        let text = seed(name);
        let expected = tema::ingest::segment("bench", &text);
        let content = expected.iter().filter(|u| u.kind.is_content()).count();
        assert!(content >= 10, "{name}: {content} content units");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let units = tema::ingest::segment("bench", black_box(&text));
                assert_eq!(units.len(), expected.len());
                units
            })
        });
    }
    group.finish();
}

criterion_group!(benches, segment_seeds);
criterion_main!(benches);
