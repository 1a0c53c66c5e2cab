//! Text analysis speed: tokenising and stemming, and sentence splitting, on the seed issues.
//!
//! Run with `cargo bench --bench text`; throughput in MB/s of text, one core except the fresh
//! repair, which uses rayon's pool. Each iteration checks its result against a count made
//! before timing.

// The allocator the `tema` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use tema::text::{
    changed_words, compound_parts, default_lexicon, is_stop_word, repair_shapes, sentences,
    tokenize, DanishStemmer, Repairer,
};

fn seeds() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    ["kita-2022-autumn.txt", "kita-2024-autumn.txt"]
        .iter()
        .map(|name| std::fs::read_to_string(dir.join(name)).expect("seed issue present"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Tokenises and stems every content word, as the vectors stage will; returns how many stems
/// were made and their total length, so the work cannot be optimised away.
fn tokenize_and_stem(text: &str, stemmer: &mut DanishStemmer) -> (usize, usize) {
    let mut count = 0;
    let mut length = 0;
    for token in tokenize(text) {
        if !is_stop_word(&token.norm) {
            count += 1;
            length += stemmer.stem(&token.norm).len();
        }
    }
    (count, length)
}

fn text_benches(c: &mut Criterion) {
    let text = seeds();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(text.len() as u64));

    let expected = tokenize_and_stem(&text, &mut DanishStemmer::default());
    assert!(expected.0 > 10_000, "{expected:?}");
    group.bench_function("tokenize+stem", |b| {
        // A stemmer lives as long as a batch run; its cache is warm after the first issue.
        let mut stemmer = DanishStemmer::default();
        b.iter(|| {
            let got = tokenize_and_stem(black_box(&text), &mut stemmer);
            assert_eq!(got, expected);
            got
        })
    });

    // A single issue read by a new process meets every stem for the first time.
    group.bench_function("tokenize+stem, fresh stemmer", |b| {
        b.iter(|| {
            let got = tokenize_and_stem(black_box(&text), &mut DanishStemmer::default());
            assert_eq!(got, expected);
            got
        })
    });

    let expected_sentences = sentences(&text).len();
    group.bench_function("sentences", |b| {
        b.iter(|| {
            let found = sentences(black_box(&text));
            assert_eq!(found.len(), expected_sentences);
            found
        })
    });
    group.finish();
}

/// Repairs the damaged 2024 issue: with a warm repairer (which has repaired the issue before),
/// with one that has repaired another issue (a batch run's) and with a fresh one (the first
/// issue of a run). The lexicon is parsed before timing, as it is once per process.
fn repair_benches(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let damaged = std::fs::read_to_string(dir.join("kita-2024-autumn.txt")).expect("seed present");
    let lexicon = default_lexicon();
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    // Made on one thread, so that the timed runs on the whole pool check that they agree.
    let expected = one_thread.install(|| Repairer::new(lexicon).repair_text(&damaged));
    let changed = changed_words(&damaged, &expected);
    assert!(changed > 1000, "{changed}");

    let mut group = c.benchmark_group("repair");
    group.throughput(Throughput::Bytes(damaged.len() as u64));
    group.bench_function("warm", |b| {
        let mut repairer = Repairer::new(lexicon);
        b.iter(|| {
            let fixed = repairer.repair_text(black_box(&damaged));
            assert!(
                fixed == expected,
                "the repair differs from the one before timing"
            );
            fixed
        })
    });
    // A fresh repairer searches on rayon's pool (all cores); on one thread for comparison.
    group.bench_function("fresh", |b| {
        b.iter(|| {
            let fixed = Repairer::new(lexicon).repair_text(black_box(&damaged));
            assert!(
                fixed == expected,
                "the repair differs from the one before timing"
            );
            fixed
        })
    });
    // A batch run's repairer meets each issue after others: here after the 2022 issue, its
    // æ/ø/å lost the commonest way, so it knows the words the two issues share.
    let clean = std::fs::read_to_string(dir.join("kita-2022-autumn.txt")).expect("seed present");
    let mut other = String::with_capacity(clean.len() + 4096);
    for c in clean.chars() {
        match c {
            'å' => other.push('a'),
            'æ' => other.push_str("ae"),
            'ø' => other.push('o'),
            'Å' => other.push('A'),
            'Æ' => other.push_str("Ae"),
            'Ø' => other.push('O'),
            c => other.push(c),
        }
    }
    group.bench_function("after another issue, one thread", |b| {
        b.iter_batched(
            || {
                let mut repairer = Repairer::new(lexicon);
                one_thread.install(|| repairer.repair_text(&other));
                repairer
            },
            |mut repairer| {
                let fixed = one_thread.install(|| repairer.repair_text(black_box(&damaged)));
                assert!(
                    fixed == expected,
                    "the repair differs from the one before timing"
                );
                fixed
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("fresh, one thread", |b| {
        b.iter(|| {
            let fixed =
                one_thread.install(|| Repairer::new(lexicon).repair_text(black_box(&damaged)));
            assert!(
                fixed == expected,
                "the repair differs from the one before timing"
            );
            fixed
        })
    });
    // The pass for the confusions of letter shapes, a part of every repair above, alone: over
    // the repaired issue it reads every word again and finds nothing more to change.
    group.bench_function("shapes alone", |b| {
        b.iter(|| {
            let fixed = repair_shapes(black_box(&expected), lexicon);
            assert!(matches!(fixed, std::borrow::Cow::Borrowed(_)));
            fixed.len()
        })
    });
    group.finish();

    let text = std::fs::read_to_string(dir.join("kita-2022-autumn.txt")).expect("seed present");
    let count_parts = |text: &str| -> usize {
        tokenize(text)
            .iter()
            .filter(|t| t.norm.chars().count() > 7)
            .map(|t| compound_parts(&t.norm, lexicon).len())
            .sum()
    };
    let expected_parts = count_parts(&text);
    assert!(expected_parts > 500, "{expected_parts}");
    let mut group = c.benchmark_group("compounds");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tokenize+split", |b| {
        b.iter(|| {
            let parts = count_parts(black_box(&text));
            assert_eq!(parts, expected_parts);
            parts
        })
    });
    group.finish();
}

criterion_group!(benches, text_benches, repair_benches);
criterion_main!(benches);
