//! Lays out `models/lexicon-da.tsv` as the lexicon table the library embeds, so that loading the
//! lexicon costs nothing at run time (see `src/text/lexicon_table.rs`).

// The library's own modules, so that the table is laid out (and its settled words searched)
// by the code that reads it.
#[allow(dead_code)]
#[path = "src/text/channel.rs"]
mod channel;
#[allow(dead_code)]
#[path = "src/text/lexicon_build.rs"]
mod lexicon_build;
#[allow(dead_code)]
#[path = "src/text/lexicon_table.rs"]
mod lexicon_table;

fn main() {
    const TSV: &str = "models/lexicon-da.tsv";
    println!("cargo:rerun-if-changed={TSV}");
    println!("cargo:rerun-if-changed=src/text/lexicon_table.rs");
    println!("cargo:rerun-if-changed=src/text/channel.rs");
    println!("cargo:rerun-if-changed=src/text/lexicon_build.rs");
    let text = std::fs::read_to_string(TSV).unwrap_or_else(|e| panic!("{TSV}: {e}"));
    let pairs =
        text.lines().enumerate().filter_map(|(n, line)| {
            if line.starts_with('#') || line.trim().is_empty() {
                return None;
            }
            let parsed = line
                .split_once('\t')
                .and_then(|(word, count)| Some((word, count.trim().parse::<u64>().ok()?)));
            Some(parsed.unwrap_or_else(|| {
                panic!("{TSV}: line {}: expected a word, a tab and a count", n + 1)
            }))
        });
    let table = lexicon_build::build_table(pairs);
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("lexicon-da.table");
    std::fs::write(&out, table).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
