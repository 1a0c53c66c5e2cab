//! Themes: which of the defined themes (cybersecurity, AI, green IT, shared operations) an
//! article is about, or none.
//!
//! Labelled data is scarce, so the classifier starts from people's words and learns the rest
//! from the corpus:
//!
//! 1. **Seeds.** Each theme's seed terms ([`Theme::seed_terms`]) become a seed vector `sₜ` in
//!    TF-IDF space: every matching vocabulary term weighted by its idf, unit length. Whole-word
//!    seeds the corpus lacks are added to the vocabulary, so they count on new text.
//! 2. **Start.** A document `x` starts in theme `argmaxₜ x·sₜ` when that similarity is at least
//!    `start_threshold`, in "none" otherwise.
//! 3. **Refine** (seeded k-means). For a few rounds: each theme's prototype becomes
//!    `cₜ = unit(mean of its documents + seed_weight · sₜ)`, so it learns the corpus's words for
//!    the theme while the seed keeps it from drifting; every unlabelled document moves to the
//!    closest prototype, or to none when no prototype is closer than `none_threshold`.
//!    Labelled documents (`tema train --labels`) stay where their labels put them.
//! 4. **Score.** For a text, `simₜ = x·cₜ` (plus `section_bonus` when a printed section header
//!    names the theme) and `sim₀ = none_threshold`; the scores are the softmax
//!    `exp(simₜ/T) / Σ exp(sim/T)` over the themes and none, so each lies in [0, 1]. The primary
//!    theme is the highest score, or null when "none" is highest.
//! 5. **Calibrate.** With labels, `none_threshold` is chosen to maximise macro-F1 on them;
//!    without, it is the default.

mod definitions;
mod model;

pub use definitions::{
    default_themes, parse_themes, read_themes, section_names, Theme, DEFAULT_THEMES,
};
pub use model::{
    baseline_theme, macro_f1, Model, Params, Prototype, Tagging, ThemeScore, TrainingDocument,
    DEFAULT_MODEL, MODEL_FORMAT,
};

/// Scales a dense vector to unit length (a zero vector stays zero).
pub(crate) fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// What the classifier reads of a unit: title (twice: a headline says what the article is
/// about more surely than any body paragraph), standfirst, body and fact boxes. The printed
/// section header is kept apart, as separate evidence.
pub fn unit_text(unit: &crate::ingest::Unit) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(unit.title.as_deref());
    parts.extend(unit.title.as_deref());
    parts.extend(unit.standfirst.as_deref());
    parts.push(&unit.body);
    parts.extend(unit.fact_boxes.iter().map(String::as_str));
    parts.join("\n\n")
}
