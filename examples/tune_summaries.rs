//! Checks that the summary weights are not fitted to the seeds: fits them on one seed's
//! annotated standfirsts by coordinate ascent and scores the other seed, both ways.
//!
//! ```text
//! cargo run --release --example tune_summaries -- tests/fixtures/summaries/standfirsts.jsonl
//! ```
//!
//! Documents are split by issue on their `id` (`ISSUE-NN`, as `tema articles` numbers units;
//! the first two issues are used); the score is the mean ROUGE-1 F1 of 3-sentence summaries against each document's `reference`. If the fitted
//! weights lower the held-out seed's score, the gain on the fitted seed was overfitting.

use std::path::Path;
use std::process::ExitCode;

use tema::ingest::{read_documents, Document};
use tema::summaries::{score_stems, Article, Length, Rouge, Summariser, Weights};

/// A weight the search may change, and the values it tries.
struct Knob {
    name: &'static str,
    set: fn(&mut Weights, f32),
    values: &'static [f32],
}

const KNOBS: &[Knob] = &[
    Knob {
        name: "central",
        set: |w, v| w.central = v,
        values: &[0.0, 0.5, 1.0, 2.0, 3.0],
    },
    Knob {
        name: "centroid",
        set: |w, v| w.centroid = v,
        values: &[0.0, 0.5, 1.0, 2.0, 3.0],
    },
    Knob {
        name: "position",
        set: |w, v| w.position = v,
        values: &[0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    },
    Knob {
        name: "position_decay",
        set: |w, v| w.position_decay = v,
        values: &[0.25, 0.5, 1.0],
    },
    Knob {
        name: "title",
        set: |w, v| w.title = v,
        values: &[0.0, 1.0, 2.0, 3.0, 4.0],
    },
    Knob {
        name: "opens_paragraph",
        set: |w, v| w.opens_paragraph = v,
        values: &[0.0, 0.1, 0.3],
    },
    Knob {
        name: "leaning_penalty",
        set: |w, v| w.leaning_penalty = v,
        values: &[0.5, 0.7, 0.85, 1.0],
    },
    Knob {
        name: "mmr_lambda",
        set: |w, v| w.mmr_lambda = v,
        values: &[0.5, 0.7, 0.85, 1.0],
    },
    Knob {
        name: "title_coverage",
        set: |w, v| w.title_coverage = v,
        values: &[0.0, 1.0, 2.0, 3.0, 4.0],
    },
    Knob {
        name: "sentence_cost",
        set: |w, v| w.sentence_cost = v,
        values: &[0.0, 0.5, 1.0],
    },
];

/// One seed's documents with the stems of their references.
struct Split<'a> {
    name: String,
    documents: Vec<(&'a Document, Vec<String>)>,
}

fn mean_rouge1(split: &Split<'_>, weights: Weights, rouge: &mut Rouge) -> f64 {
    let mut summariser = Summariser::default().with_weights(weights);
    let total: f64 = split
        .documents
        .iter()
        .map(|(doc, reference)| {
            let mut article = Article::new(&doc.text);
            if let Some(title) = &doc.title {
                article = article.title(title);
            }
            let summary = summariser.summarise(&article, Length::Sentences(3));
            let text: Vec<&str> = summary.iter().map(|e| e.text.as_str()).collect();
            score_stems(&rouge.stems(&text.join(" ")), reference)
                .rouge1
                .f1
        })
        .sum();
    total / split.documents.len().max(1) as f64
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tune_summaries DOCS.jsonl (documents with `reference`)");
        return ExitCode::FAILURE;
    };
    let documents = match read_documents(Path::new(&path)) {
        Ok(documents) => documents,
        Err(error) => {
            eprintln!("tune_summaries: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut rouge = Rouge::default();
    let mut splits: Vec<Split<'_>> = Vec::new();
    for doc in &documents {
        let Some(reference) = doc.reference.as_deref() else {
            continue;
        };
        let issue = doc
            .id
            .rsplit_once('-')
            .map_or(doc.id.as_str(), |(issue, _)| issue);
        let index = match splits.iter().position(|s| s.name == issue) {
            Some(index) => index,
            None => {
                splits.push(Split {
                    name: issue.to_owned(),
                    documents: Vec::new(),
                });
                splits.len() - 1
            }
        };
        splits[index].documents.push((doc, rouge.stems(reference)));
    }
    if splits.len() < 2 {
        eprintln!("tune_summaries: {path}: the ids name fewer than two issues");
        return ExitCode::FAILURE;
    }
    for (fit, held_out) in [(0, 1), (1, 0)] {
        let (fit, held_out) = (&splits[fit], &splits[held_out]);
        let mut weights = Weights::default();
        let mut best = mean_rouge1(fit, weights, &mut rouge);
        let start = mean_rouge1(held_out, weights, &mut rouge);
        println!(
            "defaults: {} {best:.3}, {} {start:.3}",
            fit.name, held_out.name
        );
        // Three sweeps over the knobs are enough for the search to settle on this little data.
        for _ in 0..3 {
            for knob in KNOBS {
                for &value in knob.values {
                    let mut candidate = weights;
                    (knob.set)(&mut candidate, value);
                    let score = mean_rouge1(fit, candidate, &mut rouge);
                    if score > best + 1e-4 {
                        best = score;
                        weights = candidate;
                        println!("  {} = {value}: {} {score:.3}", knob.name, fit.name);
                    }
                }
            }
        }
        let end = mean_rouge1(held_out, weights, &mut rouge);
        println!(
            "fitted on {}: {} {best:.3}, held-out {} {start:.3} -> {end:.3}\n  {weights:?}",
            fit.name, fit.name, held_out.name
        );
    }
    ExitCode::SUCCESS
}
