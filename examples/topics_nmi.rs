//! Measures tema's archive topics against labelled sections: NMI at a given k and at the k tema
//! chooses, with each way of choosing k, and writes the TF-IDF rows for a comparison with
//! scikit-learn (`tests/fixtures/topics/sklearn_nmi.py`).
//!
//! ```sh
//! cargo run --release --example topics_nmi -- tests/fixtures/topics/sections-da.jsonl 6 /tmp/tfidf.mtx
//! ```

use std::io::Write as _;

use tema::clusters::{nmi, KCriterion, TopicOptions, Topics};
use tema::vectors::Vocabulary;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("a JSON Lines file with text and section");
    let k: usize = args.get(2).map_or(6, |k| k.parse().expect("k"));
    let text = std::fs::read_to_string(path).expect("readable file");
    let mut texts = Vec::new();
    let mut sections: Vec<String> = Vec::new();
    let mut truth = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("JSON");
        let section = doc["section"].as_str().expect("section").to_owned();
        let label = sections
            .iter()
            .position(|s| *s == section)
            .unwrap_or_else(|| {
                sections.push(section.clone());
                sections.len() - 1
            });
        truth.push(label);
        texts.push(doc["text"].as_str().expect("text").to_owned());
    }
    // As `tema cluster` and `tema report` build it.
    let (vocabulary, matrix) =
        Vocabulary::fit_transform(&texts, &tema::clusters::topic_vectors(texts.len()));
    println!(
        "{} documents, {} sections, {} terms",
        texts.len(),
        sections.len(),
        vocabulary.len()
    );
    if let Some(out) = args.get(3) {
        let mut f = std::fs::File::create(out).expect("writable");
        writeln!(f, "%%MatrixMarket matrix coordinate real general").unwrap();
        writeln!(
            f,
            "{} {} {}",
            matrix.n_rows(),
            matrix.n_cols(),
            matrix.nnz()
        )
        .unwrap();
        for (i, (cols, weights)) in matrix.rows().enumerate() {
            for (c, w) in cols.iter().zip(weights) {
                writeln!(f, "{} {} {}", i + 1, c + 1, w).unwrap();
            }
        }
        let labels = format!("{out}.labels");
        std::fs::write(
            labels,
            truth.iter().map(|t| format!("{t}\n")).collect::<String>(),
        )
        .unwrap();
    }
    let none = |_: u32| false;
    let mut at_k = Vec::new();
    for seed in 0..10 {
        let options = TopicOptions {
            k: Some(k),
            seed,
            ..TopicOptions::default()
        };
        let topics = Topics::find(&vocabulary, &matrix, &options, &none);
        at_k.push(nmi(&topics.assignments, &truth));
    }
    at_k.sort_by(f64::total_cmp);
    println!(
        "k={k}: NMI median {:.3} (min {:.3}, max {:.3}, 10 seeds)",
        (at_k[4] + at_k[5]) / 2.0,
        at_k[0],
        at_k[9]
    );
    let mut old = Vec::new();
    for seed in 0..5 {
        let options = tema::clusters::ClusterOptions {
            seed,
            k_range: (2, tema::clusters::k_max_for(texts.len())),
            ..Default::default()
        };
        let fitted = tema::clusters::ClusterModel::fit(&vocabulary, &matrix, &options);
        old.push(format!(
            "k={} NMI {:.3}",
            fitted.model.k(),
            nmi(&fitted.assignments, &truth)
        ));
    }
    println!("projection + silhouette (before): {}", old.join("; "));
    for criterion in [
        KCriterion::Stability,
        KCriterion::Silhouette,
        KCriterion::SilhouetteGap,
    ] {
        let mut line = Vec::new();
        for seed in 0..5 {
            let options = TopicOptions {
                criterion,
                seed,
                ..TopicOptions::default()
            };
            let topics = Topics::find(&vocabulary, &matrix, &options, &none);
            line.push(format!(
                "k={} NMI {:.3}",
                topics.k(),
                nmi(&topics.assignments, &truth)
            ));
        }
        println!("{criterion:?}: {}", line.join("; "));
        let wide = TopicOptions {
            criterion,
            k_max: Some(20),
            ..TopicOptions::default()
        };
        let topics = Topics::find(&vocabulary, &matrix, &wide, &none);
        let scores: Vec<String> = topics
            .scores
            .iter()
            .map(|(k, s)| format!("{k}:{s:.3}"))
            .collect();
        println!("  scores up to k=20 (seed 0): {}", scores.join(" "));
    }
}
