//! Scoring summarisers against reference summaries: `tema eval summaries`.

use serde::Serialize;

use super::{Article, Length, Method, Rouge, RougeScores, Summariser};

/// An article with the summary a person wrote for it.
#[derive(Debug, Clone, Copy)]
pub struct Reference<'a> {
    pub article: Article<'a>,
    pub reference: &'a str,
}

/// The mean ROUGE of one method over all references.
#[derive(Debug, Clone, Serialize)]
pub struct MethodScore {
    pub method: Method,
    #[serde(flatten)]
    pub scores: RougeScores,
}

/// Every method's mean scores on the same references.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub documents: usize,
    pub methods: Vec<MethodScore>,
}

/// Summarises every article with every method at the same length and scores the summaries
/// against the references (macro average).
///
/// ```
/// use tema::summaries::{evaluate, Article, Length, Method, Reference};
/// let text = "Kommunerne skal styrke sikkerheden i år og næste år. Mødet sluttede sent om aftenen.";
/// let refs = [Reference { article: Article::new(text), reference: "Kommunerne skal styrke sikkerheden i år." }];
/// let eval = evaluate(&refs, Length::Sentences(1), &[Method::Tema, Method::Lead]);
/// assert_eq!(eval.documents, 1);
/// assert!(eval.methods[0].scores.rouge1.f1 > 0.5);
/// assert_eq!(eval.methods[1].method, Method::Lead);
/// ```
pub fn evaluate(references: &[Reference<'_>], length: Length, methods: &[Method]) -> Evaluation {
    let mut rouge = Rouge::default();
    let reference_stems: Vec<Vec<String>> = references
        .iter()
        .map(|r| rouge.stems(r.reference))
        .collect();
    let methods = methods
        .iter()
        .map(|&method| {
            let mut summariser = Summariser::new(method);
            let scores: Vec<RougeScores> = references
                .iter()
                .zip(&reference_stems)
                .map(|(r, reference)| {
                    let summary = summariser.summarise(&r.article, length);
                    let text: Vec<&str> = summary.iter().map(|e| e.text.as_str()).collect();
                    let candidate = rouge.stems(&text.join(" "));
                    super::score_stems(&candidate, reference)
                })
                .collect();
            MethodScore {
                method,
                scores: RougeScores::mean(&scores),
            }
        })
        .collect();
    Evaluation {
        documents: references.len(),
        methods,
    }
}
