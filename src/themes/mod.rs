//! Themes: which of the defined themes (cybersecurity, AI, green IT, shared operations) an
//! article is about, or none.
//!
//! Labelled data is scarce, so the classifier starts from people's words and learns the rest
//! from labelled examples and the corpus:
//!
//! 1. **Seeds.** Each theme's seed terms ([`Theme::seed_terms`]) become a seed vector `sₜ` in
//!    TF-IDF space: every matching vocabulary term weighted by its idf, unit length. Whole-word
//!    seeds the corpus lacks are added to the vocabulary, so they count on new text. Compounds
//!    also count as their parts ([`crate::vectors::VectorOptions::compounds`]), so
//!    "cybersikkerhedsstrategi" shares terms with "cyber" and "sikkerhed".
//! 2. **Passages.** A text is read in passages of about `passage_words` words; its similarity
//!    to a vector `v` is `sim(x, v) = λ·p₀·v + (1 − λ)·mean(pᵢ·v)`, where `pᵢ` is passage i's
//!    TF-IDF row and λ the `lead_weight`. A theme that fills an article scores in every
//!    passage; one named in a single paragraph of a general article moves the mean little; the
//!    first passage (headline, standfirst) counts extra. Passages are about equally long
//!    whatever the text's length, so one threshold fits briefs and long features alike.
//! 3. **Start.** A document starts in theme `argmaxₜ sim(x, sₜ)` when that similarity is at
//!    least `start_threshold`, in "none" otherwise. Labelled documents (`tema train --labels`)
//!    start, and stay, where their labels put them.
//! 4. **Refine** (seeded k-means). For a few rounds: each theme's prototype becomes
//!    `cₜ = unit(mean of its documents − mean of all documents, negatives dropped, + seed_weight
//!    · sₜ)`, so it learns the words that set the theme apart while the seed keeps it from
//!    drifting; every unlabelled document moves to the closest prototype when it comes closer
//!    than `join_threshold`, to none otherwise.
//! 5. **Score.** For a text, `simₜ = sim(x, cₜ)` (plus `section_bonus` when a printed section
//!    header names the theme) and `sim₀ = none_threshold`; the scores are the softmax
//!    `exp(simₜ/T) / Σ exp(sim/T)` over the themes and none, so each lies in [0, 1]. The primary
//!    theme is the highest score, or null when "none" is highest.
//! 6. **Calibrate.** With labels, `none_threshold` is the middle of the thresholds that
//!    maximise macro-F1 on them. A labelled document helps make its own theme's prototype, so
//!    with ten labels or more each is judged by prototypes refined without it (five-fold
//!    cross-fitting): a threshold set on in-sample similarities is too strict for new text.
//!    Without labels, it is the default.

mod definitions;
mod evaluate;
mod labels;
mod model;
mod prototype;
mod supervised;

pub use definitions::{
    check_themes, default_themes, parse_themes, read_themes, section_names, Problem, Theme,
    DEFAULT_THEMES,
};
pub use evaluate::{class_scores, folds, ClassScore};
pub use labels::{check_teachable, labelled_documents};
pub use model::{
    baseline_theme, macro_f1, Model, Params, Prototype, Tagging, ThemeScore, TrainingDocument,
    DEFAULT_MODEL, MODEL_FORMAT,
};
pub use supervised::{CharGrams, Supervised};

/// Scales a dense vector to unit length (a zero vector stays zero).
pub(crate) fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// What the classifier reads of a unit: headline, standfirst, body and fact boxes. The printed
/// section header is kept apart, as separate evidence.
pub fn unit_text(unit: &crate::ingest::Unit) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(unit.standfirst.as_deref());
    parts.push(&unit.body);
    parts.extend(unit.fact_boxes.iter().map(String::as_str));
    classifier_text(unit.title.as_deref(), &parts)
}

/// What the classifier reads of any document: its headline twice (a headline says what the
/// text is about more surely than any paragraph), then its parts, a blank line apart. Issue
/// units ([`unit_text`]), JSON Lines documents and labels all go through here, so training and
/// tagging read texts alike.
///
/// ```
/// let text = tema::themes::classifier_text(Some("Ny chatbot"), &["Kommunen svarer borgerne."]);
/// assert_eq!(text, "Ny chatbot\n\nNy chatbot\n\nKommunen svarer borgerne.");
/// ```
pub fn classifier_text(title: Option<&str>, parts: &[&str]) -> String {
    let mut all: Vec<&str> = Vec::new();
    all.extend(title);
    all.extend(title);
    all.extend(parts.iter().copied().filter(|p| !p.trim().is_empty()));
    all.join("\n\n")
}

/// Softmax of `values` at `temperature`: the prototypes' scores and naive Bayes' both, so it
/// lives above the two (their files must not import each other).
fn softmax(values: &[f32], temperature: f32) -> Vec<f32> {
    let t = temperature.max(1e-6);
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = values.iter().map(|v| ((v - max) / t).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.iter().map(|e| e / sum).collect()
}
