//! Checks that the summary weights are not fitted to the data they are judged on: fits them by
//! coordinate ascent on one half of the documents and scores the other half.
//!
//! ```text
//! cargo run --release --example tune_summaries -- tests/fixtures/summaries/standfirsts.jsonl
//! cargo run --release --example tune_summaries -- --sentences 1,3 \
//!     tests/fixtures/summaries/news.jsonl tests/fixtures/summaries/news-plain.jsonl
//! ```
//!
//! Documents whose `id` ends in `-tune` or `-check` are split on that: the weights are fitted
//! on the tune half only and the check half is only scored. Others are split by issue on
//! their `id` (`ISSUE-NN`, as `tema articles` numbers units; the first two issues are used),
//! fitted on each and scored on the other. The score is the mean ROUGE-1 F1 against each
//! document's `reference` of summaries of each `--sentences` length (3 by default). If the
//! fitted weights lower the held-out half's score, the gain on the fitted half was overfitting.
//! `--knobs lead,teaser` searches only those weights, the others keeping their defaults.

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
        name: "forward",
        set: |w, v| w.forward = v,
        values: &[0.0, 0.5, 1.0, 2.0],
    },
    Knob {
        name: "teaser",
        set: |w, v| w.teaser = v,
        values: &[0.0, 0.5, 1.0, 2.0],
    },
    Knob {
        name: "lead",
        set: |w, v| w.lead = v,
        values: &[0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0],
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

fn mean_rouge1(split: &Split<'_>, weights: Weights, lengths: &[usize], rouge: &mut Rouge) -> f64 {
    let mut summariser = Summariser::default().with_weights(weights);
    let mut total = 0.0;
    for (doc, reference) in &split.documents {
        let mut article = Article::new(&doc.text);
        if let Some(title) = &doc.title {
            article = article.title(title);
        }
        for &n in lengths {
            let summary = summariser.summarise(&article, Length::Sentences(n));
            let text: Vec<&str> = summary.iter().map(|e| e.text.as_str()).collect();
            total += score_stems(&rouge.stems(&text.join(" ")), reference)
                .rouge1
                .f1;
        }
    }
    total / (split.documents.len() * lengths.len()).max(1) as f64
}

fn main() -> ExitCode {
    let usage = "usage: tune_summaries [--sentences N,M] [--knobs NAME,NAME] DOCS.jsonl... \
                 (documents with `reference`)";
    let mut lengths = vec![3];
    let mut only: Option<Vec<String>> = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--sentences" {
            let parsed: Option<Vec<usize>> = args
                .next()
                .map(|v| v.split(',').map(|n| n.parse().ok()).collect())
                .unwrap_or_default();
            match parsed {
                Some(parsed) if !parsed.is_empty() => lengths = parsed,
                _ => {
                    eprintln!("{usage}");
                    return ExitCode::FAILURE;
                }
            }
        } else if arg == "--knobs" {
            only = args
                .next()
                .map(|v| v.split(',').map(str::to_owned).collect());
        } else {
            paths.push(arg);
        }
    }
    if paths.is_empty() {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    }
    let mut documents = Vec::new();
    for path in &paths {
        match read_documents(Path::new(path)) {
            Ok(read) => documents.extend(read),
            Err(error) => {
                eprintln!("tune_summaries: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    let path = paths.join(" ");
    let mut rouge = Rouge::default();
    let mut splits: Vec<Split<'_>> = Vec::new();
    for doc in &documents {
        let Some(reference) = doc.reference.as_deref() else {
            continue;
        };
        let issue = match doc.id.rsplit_once('-') {
            Some((_, half @ ("tune" | "check"))) => half,
            Some((issue, _)) => issue,
            None => doc.id.as_str(),
        };
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
    // A check half is never fitted on.
    let halves = match splits.iter().position(|s| s.name == "tune") {
        Some(tune) => {
            let Some(check) = splits.iter().position(|s| s.name == "check") else {
                eprintln!("tune_summaries: {path}: a tune half and no check half");
                return ExitCode::FAILURE;
            };
            vec![(tune, check)]
        }
        None => vec![(0, 1), (1, 0)],
    };
    for (fit, held_out) in halves {
        let (fit, held_out) = (&splits[fit], &splits[held_out]);
        let mut weights = Weights::default();
        let mut best = mean_rouge1(fit, weights, &lengths, &mut rouge);
        let start = mean_rouge1(held_out, weights, &lengths, &mut rouge);
        println!(
            "defaults: {} {best:.3}, {} {start:.3}",
            fit.name, held_out.name
        );
        // Three sweeps over the knobs are enough for the search to settle on this little data.
        for _ in 0..3 {
            let chosen = KNOBS
                .iter()
                .filter(|k| only.as_ref().is_none_or(|o| o.iter().any(|n| n == k.name)));
            for knob in chosen {
                for &value in knob.values {
                    let mut candidate = weights;
                    (knob.set)(&mut candidate, value);
                    let score = mean_rouge1(fit, candidate, &lengths, &mut rouge);
                    // With a few knobs chosen, every value tried is shown: the curve says
                    // more than its peak on so little data.
                    if only.is_some() {
                        println!("    {} = {value}: {} {score:.3}", knob.name, fit.name);
                    }
                    if score > best + 1e-4 {
                        best = score;
                        weights = candidate;
                        println!("  {} = {value}: {} {score:.3}", knob.name, fit.name);
                    }
                }
            }
        }
        let end = mean_rouge1(held_out, weights, &lengths, &mut rouge);
        println!(
            "fitted on {}: {} {best:.3}, held-out {} {start:.3} -> {end:.3}\n  {weights:?}",
            fit.name, fit.name, held_out.name
        );
    }
    ExitCode::SUCCESS
}
