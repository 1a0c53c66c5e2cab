//! Summaries: a few of an article's own sentences that say what it is about.
//!
//! An article is cut into passages ([`tema::text::sentences`](crate::text::sentences), joined
//! while a quotation is open so quotations stay whole). Passages that are not sentences a
//! reader could take alone (bylines, captions, contact lines, pull quotes, headings and other
//! fragments) are never picked, save the headline a text opens with (below). Each remaining
//! passage gets a score:
//!
//! ```text
//! score = w_central · centrality          (LexRank over TF-IDF cosine of stems, scaled to max 1)
//!       + w_centroid · cos(passage, whole article)
//!       + w_position / (1 + rank)^decay   (rank among the pickable passages; leads matter)
//!       + w_title · cos(passage, title)
//!       + w_standfirst · cos(passage, standfirst)
//!       + w_opens · [opens a paragraph]
//!       + w_forward · Σ cos(passage, later passages)   (PacSum's directed centrality, max 1)
//!       + w_teaser · [the teaser: a short first paragraph of prose with more after it]
//!       + w_lead · [in the lead: the first pickable passages that fill the budget]
//! score × leaning_penalty                 when it opens with a word that points back ("Men", "Han")
//! score ÷ sentences^sentence_cost         for a quotation kept whole across sentences
//! ```
//!
//! Passages are then picked by maximal marginal relevance with a reward for covering the
//! title, `λ·score − (1−λ)·max cos(passage, picked) + w_cover · Σ title_weight(t)²` over the
//! title's stems `t` that the passage adds to the summary so far, until the length budget is
//! spent, and given back in document order, each with its byte span in the article.
//!
//! A text that opens with its headline (the title, or when none is given a few words without a
//! final stop) takes it as its title, and its summary opens with it when the budget leaves room
//! for a sentence more: shown alone in a list or a feed, a summary is all a reader sees of the
//! article, and the headline says most in fewest words. An article whose headline is given
//! apart from its text, as `tema` cuts issues, gets only sentences.
//!
//! The TF-IDF vectors are built here, over the article's own passages (or with an [`Idf`]
//! learnt from a collection); [`Rouge`] scores summaries against references, and
//! [`evaluate`](fn@evaluate) compares tema with the Lead-N baseline and plain LexRank.
//!
//! ```
//! use tema::summaries::{Article, Length, Summariser};
//! let text = "Kommunerne skal styrke deres it-sikkerhed, og det kræver samarbejde. \
//!             Det siger direktøren for KL, der peger på de nye krav i NIS2. \
//!             “Ingen kommune kan løfte opgaven alene,” siger hun. \
//!             Mødet sluttede klokken fire med kaffe og kage i kantinen.";
//! let mut summariser = Summariser::default();
//! let summary = summariser.summarise(&Article::new(text).title("Kommuner samarbejder om it-sikkerhed"), Length::Sentences(2));
//! assert_eq!(summary.len(), 2);
//! for extract in &summary {
//!     assert_eq!(&text[extract.span.0..extract.span.1], extract.text);
//! }
//! assert!(summary[0].span.0 < summary[1].span.0); // document order
//! ```

mod evaluate;
mod rouge;
mod shape;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::text::{DanishStemmer, CONTENT_WORDS};
use crate::vectors::{smoothed_idf, SparseVec, StemIds};
pub use evaluate::{evaluate, Evaluation, MethodScore, Reference};
pub use rouge::{score_stems, Prf, Rouge, RougeScores};

/// An article to summarise: its running text, and its title and standfirst when known.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    pub text: &'a str,
    pub title: Option<&'a str>,
    pub standfirst: Option<&'a str>,
}

impl<'a> Article<'a> {
    /// An article with running text only.
    pub fn new(text: &'a str) -> Self {
        Article {
            text,
            title: None,
            standfirst: None,
        }
    }

    /// Adds a title (ignored when blank).
    pub fn title(mut self, title: &'a str) -> Self {
        self.title = Some(title).filter(|t| !t.trim().is_empty());
        self
    }

    /// Adds a standfirst (ignored when blank).
    pub fn standfirst(mut self, standfirst: &'a str) -> Self {
        self.standfirst = Some(standfirst).filter(|t| !t.trim().is_empty());
        self
    }
}

/// How long a summary is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// At most this many sentences (a quotation kept whole counts all its sentences).
    Sentences(usize),
    /// At most this many words; the best passage is taken even if it alone is longer.
    Words(usize),
    /// This share of the article's words (0–1], at least one passage.
    Ratio(f64),
}

/// One picked passage: its text exactly as in the article, and its byte span there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extract {
    pub text: String,
    /// `[start, end)` in bytes of the summarised text.
    pub span: (usize, usize),
    /// Whether it is the headline the text opens with, which a view that already shows the
    /// title may leave out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
}

/// How passages are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Centrality, genre priors and redundancy control: tema's summaries.
    Tema,
    /// The first sentences of the article, whatever they are: the classic baseline.
    Lead,
    /// LexRank centrality alone with redundancy control, no priors and no shape filter.
    Lexrank,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Tema => "tema",
            Method::Lead => "lead",
            Method::Lexrank => "lexrank",
        }
    }
}

/// The weights of the score; the defaults are what `tema summarise` uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub central: f32,
    /// Similarity to the article as a whole (the centroid of its passages).
    pub centroid: f32,
    pub position: f32,
    /// How fast the position prior falls: `1 / (1 + rank)^position_decay`.
    pub position_decay: f32,
    pub title: f32,
    pub standfirst: f32,
    pub opens_paragraph: f32,
    /// Multiplies the score of passages that lean on the sentence before.
    pub leaning_penalty: f32,
    /// λ of maximal marginal relevance: 1 ignores redundancy.
    pub mmr_lambda: f32,
    /// Reward for the title's stems a passage adds to those already picked (the sum of their
    /// squared title weights): a standfirst says what the title says, so the summary as a
    /// whole should hold the title's words, not each passage the same ones.
    pub title_coverage: f32,
    /// A passage of `k` sentences has its score divided by `k^sentence_cost`.
    pub sentence_cost: f32,
    /// LexRank damping: the share of a passage's centrality that comes from its neighbours.
    pub damping: f32,
    /// Directed centrality (PacSum, Zheng & Lapata 2019): similarity to the passages after it,
    /// scaled to max 1. A lead that the rest of the article takes up matters.
    pub forward: f32,
    /// Bonus for the teaser: the first pickable passage when it opens the text's running
    /// prose in a short paragraph of its own (at most two passages) with more after it, as a
    /// paper prints under the headline.
    pub teaser: f32,
    /// Bonus for the lead: the first pickable passages that fill the length budget (after
    /// the headline, when it opens the summary). A later passage replaces one of them only
    /// when it scores this much more: on news the lead is the summary more often than not.
    pub lead: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            central: 1.0,
            centroid: 1.0,
            position: 4.0,
            position_decay: 1.0,
            title: 2.0,
            standfirst: 2.0,
            opens_paragraph: 0.0,
            leaning_penalty: 0.7,
            mmr_lambda: 0.7,
            title_coverage: 2.0,
            damping: 0.85,
            sentence_cost: 0.0,
            forward: 1.0,
            teaser: 1.0,
            lead: 1.0,
        }
    }
}

/// Inverse document frequencies learnt from a collection, for stems an article has too few
/// sentences to weigh: `idf(t) = ln((1 + n) / (1 + df(t))) + 1`, and the value of `df = 0` for
/// unseen stems.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    weights: FxHashMap<String, f32>,
    unseen: f32,
}

impl Idf {
    /// Counts in how many of `texts` each stem occurs.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Idf {
        let mut stemmer = DanishStemmer::default();
        let mut df: FxHashMap<String, u32> = FxHashMap::default();
        let mut n = 0u32;
        for text in texts {
            n += 1;
            let mut seen: Vec<String> = CONTENT_WORDS.stems(text, &mut stemmer);
            seen.sort_unstable();
            seen.dedup();
            for stem in seen {
                *df.entry(stem).or_default() += 1;
            }
        }
        let idf = |df: u32| smoothed_idf(n as usize, df);
        Idf {
            weights: df.into_iter().map(|(s, d)| (s, idf(d))).collect(),
            unseen: idf(0),
        }
    }

    /// The weight of a stem.
    pub fn weight(&self, stem: &str) -> f32 {
        self.weights.get(stem).copied().unwrap_or(self.unseen)
    }
}

/// Makes summaries; holds a stemmer whose cache is warm after the first article.
#[derive(Default)]
pub struct Summariser {
    weights: Weights,
    method: Option<Method>,
    idf: Option<Idf>,
    stemmer: DanishStemmer,
}

impl Summariser {
    /// A summariser using `method` (tema's own by default).
    pub fn new(method: Method) -> Self {
        Summariser {
            method: Some(method),
            ..Summariser::default()
        }
    }

    /// Uses these weights instead of the defaults.
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// Weighs stems by a collection's idf instead of the article's own sentences.
    pub fn with_idf(mut self, idf: Idf) -> Self {
        self.idf = Some(idf);
        self
    }

    /// Summarises one article; extracts come in document order, never overlapping.
    pub fn summarise(&mut self, article: &Article<'_>, length: Length) -> Vec<Extract> {
        let method = self.method.unwrap_or(Method::Tema);
        // The baselines see plain sentences, as they are usually defined; tema keeps
        // quotations whole.
        let mut passages = shape::passages(article.text, method == Method::Tema);
        if passages.is_empty() {
            return Vec::new();
        }
        let mut article = *article;
        let mut headline = None;
        // The baselines take the text as it comes.
        if method == Method::Tema {
            // A text given without a title often opens with its headline: it then tells what
            // the article is about as well as a title would.
            if article.title.is_none() {
                article.title = shape::opening_headline(article.text);
            }
            if let Some(title) = article.title {
                shape::split_off_headline(&mut passages, article.text, title);
                // A summary shown in a list or a feed is all a reader sees of the article,
                // and its headline says most in fewest words.
                if shape::same_words(title, &article.text[passages[0].span.clone()]) {
                    headline = Some(0);
                }
            }
        }
        let article = &article;
        let words: Vec<usize> = passages
            .iter()
            .map(|p| shape::words(&article.text[p.span.clone()]))
            .collect();
        let picked = if method == Method::Lead {
            let candidates: Vec<Candidate> = (0..passages.len())
                .map(|i| Candidate {
                    score: -(i as f32),
                    pickable: true,
                    leans: false,
                })
                .collect();
            select(&passages, &candidates, None, &words, length, None)
        } else {
            let model = self.model(article, &passages);
            let mut candidates = self.score(method, article.text, article.title, &passages, &model);
            if method == Method::Tema {
                for i in lead(&passages, &candidates, &words, length, headline) {
                    candidates[i].score += self.weights.lead;
                }
            }
            let relevance = Relevance {
                vectors: &model.vectors,
                lambda: self.weights.mmr_lambda,
                // Plain LexRank knows nothing of titles.
                title: model
                    .title
                    .as_ref()
                    .filter(|_| method == Method::Tema)
                    .map(|t| (t, self.weights.title_coverage)),
            };
            select(
                &passages,
                &candidates,
                Some(relevance),
                &words,
                length,
                headline,
            )
        };
        picked
            .into_iter()
            .map(|i| {
                let span = passages[i].span.clone();
                Extract {
                    text: article.text[span.clone()].to_owned(),
                    span: (span.start, span.end),
                    headline: headline == Some(i),
                }
            })
            .collect()
    }

    /// TF-IDF vectors of the passages, title and standfirst.
    fn model(&mut self, article: &Article<'_>, passages: &[Passage]) -> Model {
        let mut vocabulary = StemIds::default();
        let mut counts_of = |text: &str, stemmer: &mut DanishStemmer| {
            let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
            CONTENT_WORDS.for_each(text, stemmer, |_, stem| {
                *counts.entry(vocabulary.id(stem)).or_default() += 1;
            });
            counts
        };
        // Kept as short vectors, not maps, until they are weighed: a long text has many.
        let passage_counts: Vec<Vec<(u32, u32)>> = passages
            .iter()
            .map(|p| {
                let mut counts: Vec<(u32, u32)> =
                    counts_of(&article.text[p.span.clone()], &mut self.stemmer)
                        .into_iter()
                        .collect();
                counts.sort_unstable();
                counts
            })
            .collect();
        let title_counts = article.title.map(|t| counts_of(t, &mut self.stemmer));
        let standfirst_counts = article.standfirst.map(|t| counts_of(t, &mut self.stemmer));
        let idf: Vec<f32> = match &self.idf {
            Some(idf) => (0..vocabulary.len() as u32)
                .map(|id| idf.weight(vocabulary.stem(id)))
                .collect(),
            None => {
                let mut df = vec![0u32; vocabulary.len()];
                for counts in &passage_counts {
                    for &(id, _) in counts {
                        df[id as usize] += 1;
                    }
                }
                df.iter()
                    .map(|&d| smoothed_idf(passages.len(), d))
                    .collect()
            }
        };
        let weigh = |counts: &FxHashMap<u32, u32>| SparseVec::tf_idf(counts, |id| idf[id as usize]);
        let mut whole: FxHashMap<u32, u32> = FxHashMap::default();
        for counts in &passage_counts {
            for &(id, n) in counts {
                *whole.entry(id).or_default() += n;
            }
        }
        let mut map = FxHashMap::default();
        let vectors = passage_counts
            .into_iter()
            .map(|counts| {
                map.clear();
                map.extend(counts);
                weigh(&map)
            })
            .collect();
        Model {
            centroid: weigh(&whole),
            vectors,
            title: title_counts.as_ref().map(weigh),
            standfirst: standfirst_counts.as_ref().map(weigh),
        }
    }

    fn score(
        &self,
        method: Method,
        text: &str,
        title: Option<&str>,
        passages: &[Passage],
        model: &Model,
    ) -> Vec<Candidate> {
        let w = &self.weights;
        let (centrality, forward) = centralities(&model.vectors, w.damping);
        let max_forward = forward
            .iter()
            .copied()
            .fold(0.0f32, f32::max)
            .max(f32::EPSILON);
        let max_central = centrality
            .iter()
            .copied()
            .fold(0.0f32, f32::max)
            .max(f32::EPSILON);
        if method == Method::Lexrank {
            return centrality
                .iter()
                .zip(&model.vectors)
                .map(|(&c, v)| Candidate {
                    score: c / max_central,
                    pickable: !v.is_empty(),
                    leans: false,
                })
                .collect();
        }
        let mut rank = 0usize;
        // A text made only of short or odd sentences still gets a summary: when no passage
        // passes the shape rules, any passage with content words may be picked.
        // The reader has just read the title: a passage repeating it (the headline printed
        // above the text) adds nothing.
        let shaped = |passage: &Passage| {
            let passage_text = &text[passage.span.clone()];
            shape::reject(passage_text).is_none()
                && !title.is_some_and(|t| shape::same_words(t, passage_text))
        };
        let strict = passages
            .iter()
            .zip(&model.vectors)
            .any(|(passage, vector)| !vector.is_empty() && shaped(passage));
        let pickable_at =
            |i: usize| !model.vectors[i].is_empty() && (!strict || shaped(&passages[i]));
        // The teaser: the first pickable passage, opening a short paragraph with more after.
        let teaser = (0..passages.len()).find(|&i| pickable_at(i)).filter(|&i| {
            let paragraph = passages[i].paragraph;
            let in_paragraph = passages.iter().filter(|p| p.paragraph == paragraph).count();
            passages[i].opens_paragraph
                && in_paragraph <= 2
                && passages.last().is_some_and(|p| p.paragraph > paragraph)
        });
        passages
            .iter()
            .enumerate()
            .zip(&model.vectors)
            .zip(centrality.iter().zip(&forward))
            .map(|(((index, passage), vector), (&central, &ahead))| {
                let passage_text = &text[passage.span.clone()];
                let pickable = pickable_at(index);
                if !pickable {
                    return Candidate {
                        score: 0.0,
                        pickable,
                        leans: false,
                    };
                }
                let similarity =
                    |other: &Option<SparseVec>| other.as_ref().map_or(0.0, |o| vector.dot(o));
                let mut score = w.central * central / max_central
                    + w.centroid * vector.dot(&model.centroid)
                    + w.position / ((1 + rank) as f32).powf(w.position_decay)
                    + w.title * similarity(&model.title)
                    + w.standfirst * similarity(&model.standfirst)
                    + w.forward * ahead / max_forward
                    + if teaser == Some(index) { w.teaser } else { 0.0 }
                    + if passage.opens_paragraph {
                        w.opens_paragraph
                    } else {
                        0.0
                    };
                let leans = !shape::stands_alone(passage_text);
                if leans {
                    score *= w.leaning_penalty;
                }
                // The budget is counted in sentences: a long quotation must be worth the
                // sentences it takes.
                score /= (passage.sentences as f32).powf(w.sentence_cost);
                rank += 1;
                Candidate {
                    score,
                    pickable,
                    leans,
                }
            })
            .collect()
    }
}

use shape::Passage;

struct Model {
    centroid: SparseVec,
    vectors: Vec<SparseVec>,
    title: Option<SparseVec>,
    standfirst: Option<SparseVec>,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: f32,
    pickable: bool,
    /// It opens by pointing back ("Han", "Det", "Men"): picked only right after the passage
    /// before it, its antecedent.
    leans: bool,
}

/// The most passages ranked in one graph. A longer text is ranked in consecutive blocks of
/// at most this many, each block's centrality scaled by its share of the text: every news or
/// magazine article gets the whole graph, and a very long text costs time and memory in
/// proportion to its length, not to its length squared.
const GRAPH_BLOCK: usize = 256;

/// Continuous LexRank centrality of every passage, over blocks of at most [`GRAPH_BLOCK`]
/// passages (see there), the whole article's summing to 1, and forward centrality: each passage's summed cosine to
/// the passages after it in its block.
fn centralities(vectors: &[SparseVec], damping: f32) -> (Vec<f32>, Vec<f32>) {
    let n = vectors.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    // Blocks of equal size, so no short tail block is ranked on a handful of passages.
    let blocks = n.div_ceil(GRAPH_BLOCK);
    let size = n.div_ceil(blocks);
    let mut rank = Vec::with_capacity(n);
    let mut forward = Vec::with_capacity(n);
    for block in vectors.chunks(size) {
        let share = block.len() as f32 / n as f32;
        let (r, f) = lexrank_block(block, damping);
        rank.extend(r.into_iter().map(|c| c * share));
        forward.extend(f);
    }
    (rank, forward)
}

/// Continuous LexRank: the stationary distribution of a random walk over the cosine graph
/// (no self-loops, rows normalised), with damping `d`: `c = (1 − d)/n + d · Mᵀ c`.
/// Deterministic: a fixed number of power iterations at most.
fn lexrank_block(vectors: &[SparseVec], damping: f32) -> (Vec<f32>, Vec<f32>) {
    let n = vectors.len();
    // The graph is sparse (most passages share no content word), so keep only its edges.
    let mut edges: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    let mut forward = vec![0.0f32; n];
    for i in 0..n {
        for j in (i + 1)..n {
            let s = vectors[i].dot(&vectors[j]);
            forward[i] += s;
            if s > 0.0 {
                edges[i].push((j as u32, s));
                edges[j].push((i as u32, s));
            }
        }
    }
    let row_sums: Vec<f32> = edges
        .iter()
        .map(|row| row.iter().map(|&(_, s)| s).sum())
        .collect();
    let mut rank = vec![1.0 / n as f32; n];
    let mut next = vec![0.0f32; n];
    for _ in 0..100 {
        next.iter_mut()
            .for_each(|x| *x = (1.0 - damping) / n as f32);
        let mut dangling = 0.0;
        for i in 0..n {
            if row_sums[i] == 0.0 {
                dangling += rank[i];
                continue;
            }
            let share = damping * rank[i] / row_sums[i];
            for &(j, s) in &edges[i] {
                next[j as usize] += share * s;
            }
        }
        // A passage sharing no word with the others spreads its weight evenly.
        let spread = damping * dangling / n as f32;
        next.iter_mut().for_each(|x| *x += spread);
        let change: f32 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < 1e-6 {
            break;
        }
    }
    (rank, forward)
}

/// What maximal marginal relevance weighs besides each passage's own score.
struct Relevance<'a> {
    vectors: &'a [SparseVec],
    lambda: f32,
    /// The title and the weight of covering its stems.
    title: Option<(&'a SparseVec, f32)>,
}

/// The squared title weights of the title's stems in `passage` that no picked passage holds
/// yet (`covered`, one flag per title stem).
fn title_gain(title: &SparseVec, passage: &SparseVec, covered: &[bool]) -> f32 {
    title
        .terms()
        .iter()
        .zip(covered)
        .filter(|&(&(id, _), &done)| !done && passage.has(id))
        .map(|(&(_, w), _)| w * w)
        .sum()
}

/// Marks the title's stems that `passage` holds as covered.
fn cover_title(title: &SparseVec, passage: &SparseVec, covered: &mut [bool]) {
    for (&(id, _), done) in title.terms().iter().zip(covered) {
        *done |= passage.has(id);
    }
}

/// Picks beyond this many are taken by score alone: maximal marginal relevance compares every
/// candidate with each new pick, which a `--ratio` summary of a very long text would make
/// quadratic.
const MAX_MMR_PICKS: usize = 64;

/// What [`select`] has picked so far.
struct Picks {
    picked: Vec<usize>,
    taken: Vec<bool>,
    /// Each candidate's greatest similarity to a pick so far, updated as picks are made.
    redundancy: Vec<f32>,
    /// One flag per title stem: whether a pick holds it.
    covered: Vec<bool>,
    /// Sentences and words picked.
    used: (usize, usize),
}

/// The most sentences and words a summary of `length` may hold, for passages of `words`.
fn budget(length: Length, words: &[usize]) -> (usize, usize) {
    match length {
        Length::Sentences(n) => (n, usize::MAX),
        Length::Words(n) => (usize::MAX, n),
        Length::Ratio(r) => (
            usize::MAX,
            (r.clamp(0.0, 1.0) * words.iter().sum::<usize>() as f64).round() as usize,
        ),
    }
}

/// Whether the headline, `passage` of `passage_words` words, opens the summary: only when a
/// sentence still fits beside it.
fn opens_summary(passage: &Passage, passage_words: usize, length: Length, words: &[usize]) -> bool {
    let (max_sentences, max_words) = budget(length, words);
    passage.sentences < max_sentences && passage_words < max_words
}

/// The lead: the first pickable passages in document order that fit the budget beside the
/// headline (when it opens the summary), leaving out one that leans on a passage left out.
fn lead(
    passages: &[Passage],
    candidates: &[Candidate],
    words: &[usize],
    length: Length,
    headline: Option<usize>,
) -> Vec<usize> {
    let (max_sentences, max_words) = budget(length, words);
    let mut used = (0, 0);
    if let Some(i) = headline.filter(|&i| opens_summary(&passages[i], words[i], length, words)) {
        used = (passages[i].sentences, words[i]);
    }
    let mut lead: Vec<usize> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if used.0 >= max_sentences || used.1 >= max_words {
            break;
        }
        if !c.pickable
            || headline == Some(i)
            || (c.leans && !(i > 0 && lead.last() == Some(&(i - 1))))
        {
            continue;
        }
        if used.0 + passages[i].sentences > max_sentences || used.1 + words[i] > max_words {
            break;
        }
        lead.push(i);
        used = (used.0 + passages[i].sentences, used.1 + words[i]);
    }
    lead
}

/// Picks passages by maximal marginal relevance within the length budget,
/// `λ·score − (1−λ)·max cos(passage, picked) + w·title_gain`; returns their indices in
/// document order. Without `relevance`, passages are taken by score alone. The `headline`
/// passage, when given, is taken first.
fn select(
    passages: &[Passage],
    candidates: &[Candidate],
    relevance: Option<Relevance<'_>>,
    words: &[usize],
    length: Length,
    headline: Option<usize>,
) -> Vec<usize> {
    let (max_sentences, max_words) = budget(length, words);
    if max_sentences == 0 {
        return Vec::new();
    }
    let mut state = Picks {
        picked: Vec::new(),
        taken: vec![false; passages.len()],
        redundancy: vec![0.0; passages.len()],
        covered: vec![
            false;
            relevance
                .as_ref()
                .and_then(|r| r.title)
                .map_or(0, |(t, _)| t.terms().len())
        ],
        used: (0, 0),
    };
    // Takes passage `i`; says whether the budget is spent.
    let take = |i: usize, state: &mut Picks, covers_title: bool| {
        state.picked.push(i);
        state.taken[i] = true;
        if let Some(r) = &relevance {
            if state.picked.len() < MAX_MMR_PICKS {
                for (j, c) in candidates.iter().enumerate() {
                    if c.pickable && !state.taken[j] {
                        state.redundancy[j] =
                            state.redundancy[j].max(r.vectors[i].dot(&r.vectors[j]));
                    }
                }
            }
            if let Some((title, _)) = r.title.filter(|_| covers_title) {
                cover_title(title, &r.vectors[i], &mut state.covered);
            }
        }
        state.used.0 += passages[i].sentences;
        state.used.1 += words[i];
        state.used.0 >= max_sentences || state.used.1 >= max_words
    };
    let fits = |i: usize, used: (usize, usize)| {
        used.0 + passages[i].sentences <= max_sentences && used.1 + words[i] <= max_words
    };
    // The headline opens the summary only when a sentence still fits beside it: a summary
    // that is only its headline tells nothing. It does not count as covering the title, so
    // the sentences after it still go for the title's words: those are the article's subject.
    if let Some(i) = headline.filter(|&i| opens_summary(&passages[i], words[i], length, words)) {
        take(i, &mut state, false);
    }
    loop {
        if state.picked.len() >= MAX_MMR_PICKS {
            // The rest by score alone, best first, while they fit.
            let mut rest: Vec<usize> = (0..candidates.len())
                .filter(|&i| candidates[i].pickable && !candidates[i].leans && !state.taken[i])
                .collect();
            rest.sort_by(|&a, &b| candidates[b].score.total_cmp(&candidates[a].score));
            for i in rest {
                if state.used.0 >= max_sentences || state.used.1 >= max_words {
                    break;
                }
                if fits(i, state.used) {
                    state.picked.push(i);
                    state.used.0 += passages[i].sentences;
                    state.used.1 += words[i];
                }
            }
            break;
        }
        let best_of = |only_fitting: bool| {
            let mut best: Option<(usize, f32)> = None;
            for (i, c) in candidates.iter().enumerate() {
                if !c.pickable || state.taken[i] || (only_fitting && !fits(i, state.used)) {
                    continue;
                }
                // Read without the sentence it points back to, it would not make sense.
                if only_fitting && c.leans && !(i > 0 && state.taken[i - 1]) {
                    continue;
                }
                let value = match &relevance {
                    None => c.score,
                    Some(r) => {
                        let coverage = r.title.map_or(0.0, |(title, w)| {
                            w * title_gain(title, &r.vectors[i], &state.covered)
                        });
                        r.lambda * c.score - (1.0 - r.lambda) * state.redundancy[i] + coverage
                    }
                };
                // Ties go to the earlier passage.
                if best.is_none_or(|(_, b)| value > b) {
                    best = Some((i, value));
                }
            }
            best
        };
        // When nothing fits the budget, the best passage alone overshoots it: an empty
        // summary helps no one.
        let best = best_of(true).or_else(|| {
            if state.picked.is_empty() {
                best_of(false)
            } else {
                None
            }
        });
        let Some((i, _)) = best else { break };
        if take(i, &mut state, true) {
            break;
        }
    }
    let mut picked = state.picked;
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Af Anna Berg\n\n\
        Kommunerne skal styrke deres it-sikkerhed, og det kræver nyt samarbejde på tværs.\n\n\
        Nye krav\n\n\
        “Ingen kommune kan løfte opgaven alene. Vi må dele viden om truslerne,” siger direktør Anna Berg.\n\n\
        “Vi skal samarbejde om sikkerheden.” Direktør Anna Berg, KL\n\n\
        Foto: Direktøren viser det nye overvågningscenter frem for pressen.\n\n\
        Men det kræver penge, som kommunerne endnu ikke har fået fra staten.\n\n\
        Kommunerne har brug for fælles overvågning af deres netværk og systemer.\n\n\
        Kontakt Anna Berg på anna@example.dk eller læs mere på www.example.dk i dag.";

    fn texts(summary: &[Extract]) -> Vec<&str> {
        summary.iter().map(|e| e.text.as_str()).collect()
    }

    #[test]
    fn never_picks_bylines_captions_contacts_pull_quotes_or_headings() {
        let summary = Summariser::default().summarise(
            &Article::new(ARTICLE).title("Kommunerne samarbejder om it-sikkerhed"),
            Length::Sentences(20),
        );
        let picked = texts(&summary);
        for bad in ["Af Anna", "Nye krav", "KL\n", "Foto:", "Kontakt"] {
            assert!(picked.iter().all(|t| !t.contains(bad)), "{bad}: {picked:?}");
        }
        assert!(
            picked.contains(
                &"“Ingen kommune kan løfte opgaven alene. Vi må dele viden om truslerne,” siger direktør Anna Berg."
            ),
            "the quotation is kept whole: {picked:?}"
        );
        assert!(
            picked.iter().all(|t| !t.starts_with("Men")),
            "a passage pointing back is not picked without the one before it: {picked:?}"
        );
        assert_eq!(picked.len(), 3, "{picked:?}");
    }

    #[test]
    fn the_best_passage_leads_and_a_leaning_one_waits() {
        let summary = Summariser::default().summarise(
            &Article::new(ARTICLE).title("Kommunerne samarbejder om it-sikkerhed"),
            Length::Sentences(1),
        );
        assert_eq!(
            texts(&summary),
            ["Kommunerne skal styrke deres it-sikkerhed, og det kræver nyt samarbejde på tværs."]
        );
    }

    #[test]
    fn a_headline_opening_the_text_stands_in_for_a_missing_title() {
        let body =
            "Mødet i byrådet sluttede sent i går efter lange drøftelser om budgettet og skolerne. \
            Budgettet for skolerne blev vedtaget med et stort flertal i byrådet. \
            Kommunerne vil samle deres it-drift i et fælles selskab fra næste år. \
            Skolerne får flere penge til lærere i det nye budget fra byrådet.";
        let with_headline = format!("Kommunerne samler deres it-drift\n\n{body}");
        // Without the lead's bonus, which keeps the first sentence of so short a text
        // whatever the title says: what is tested is that the headline steers as a title.
        let weights = Weights {
            lead: 0.0,
            ..Weights::default()
        };
        let pick = |text: &str| {
            let summary = Summariser::default()
                .with_weights(weights)
                .summarise(&Article::new(text), Length::Sentences(1));
            texts(&summary).concat()
        };
        assert!(pick(body).starts_with("Mødet"), "{}", pick(body));
        assert!(
            pick(&with_headline).starts_with("Kommunerne vil"),
            "{}",
            pick(&with_headline)
        );
    }

    #[test]
    fn the_summary_covers_the_title_rather_than_repeat_one_of_its_words() {
        let text = "Kommunen køber nye elbiler til hjemmeplejen i år. \
            Vejret var godt til indvielsen i sidste uge med musik og taler. \
            Elbilerne afløser de gamle biler i hjemmeplejen, og kommunen køber flere elbiler. \
            Der kommer også ladestandere ved alle plejecentre i byen.";
        let article =
            Article::new(text).title("Kommunen køber elbiler og ladestandere til plejecentre");
        let pick = |weights: Weights| {
            let summary = Summariser::default()
                .with_weights(weights)
                .summarise(&article, Length::Sentences(2));
            texts(&summary)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let covering = pick(Weights::default());
        assert!(covering[0].starts_with("Kommunen køber"), "{covering:?}");
        assert!(
            covering[1].starts_with("Der kommer også ladestandere"),
            "{covering:?}"
        );
        let repeating = pick(Weights {
            title_coverage: 0.0,
            ..Weights::default()
        });
        assert!(repeating[1].starts_with("Elbilerne"), "{repeating:?}");
    }

    #[test]
    fn the_headline_the_text_opens_with_leads_when_a_sentence_fits_beside_it() {
        let title = "Kommunen vinder en stor kontrakt om it-drift";
        let body = "Kommunen har vundet kontrakten om it-drift for fem andre kommuner. \
             Aftalen løber i fire år og giver tyve nye job i kommunen. \
             Borgmesteren glæder sig over den nye kontrakt om it-drift.";
        let text = format!("{title}\n\n{body}");
        let summarise = |article: Article<'_>, n| {
            let summary = Summariser::default().summarise(&article, Length::Sentences(n));
            texts(&summary)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        for article in [Article::new(&text), Article::new(&text).title(title)] {
            let three = summarise(article, 3);
            assert_eq!(three.len(), 3, "{three:?}");
            assert_eq!(three[0], title, "{three:?}");
            let one = summarise(article, 1);
            assert_eq!(one.len(), 1, "{one:?}");
            assert_ne!(one[0], title, "a headline alone is no summary");
        }
        let apart = summarise(Article::new(body).title(title), 3);
        assert!(!apart.iter().any(|t| t == title), "{apart:?}");
        let byline = summarise(Article::new(&format!("Af Anna Berg\n\n{body}")), 3);
        assert!(byline.iter().all(|t| !t.contains("Anna")), "{byline:?}");
    }

    #[test]
    fn lead_takes_the_first_sentences_whatever_they_are() {
        let summary =
            Summariser::new(Method::Lead).summarise(&Article::new(ARTICLE), Length::Sentences(2));
        assert_eq!(texts(&summary)[0], "Af Anna Berg");
    }

    #[test]
    fn word_and_ratio_budgets() {
        let mut summariser = Summariser::default();
        let article = Article::new(ARTICLE);
        for budget in [1, 15, 30] {
            let summary = summariser.summarise(&article, Length::Words(budget));
            let words: usize = summary.iter().map(|e| shape::words(&e.text)).sum();
            assert!(!summary.is_empty());
            assert!(words <= budget || summary.len() == 1, "{budget}: {words}");
        }
        let all = summariser.summarise(&article, Length::Ratio(1.0));
        assert_eq!(
            all.len(),
            3,
            "every pickable passage that stands alone fits the whole article's words"
        );
    }

    #[test]
    fn same_input_same_summary_and_empty_text_gives_none() {
        let article = Article::new(ARTICLE).standfirst("Kommunerne går sammen om sikkerheden.");
        let a = Summariser::default().summarise(&article, Length::Sentences(2));
        let b = Summariser::default().summarise(&article, Length::Sentences(2));
        assert_eq!(a, b);
        assert!(Summariser::default()
            .summarise(&Article::new("  \n "), Length::Sentences(3))
            .is_empty());
    }

    #[test]
    fn lexrank_favours_the_passage_that_shares_most() {
        let mut vocabulary = StemIds::default();
        let vectors: Vec<SparseVec> = [&["a", "b"][..], &["a", "b", "c"], &["c", "d"], &["x"]]
            .iter()
            .map(|words| {
                let counts = words.iter().map(|w| (vocabulary.id(w), 1)).collect();
                SparseVec::tf_idf(&counts, |_| 1.0)
            })
            .collect();
        let rank = centralities(&vectors, 0.85).0;
        assert!((rank.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        let best = (0..4).max_by(|&i, &j| rank[i].total_cmp(&rank[j])).unwrap();
        assert_eq!(best, 1);
        assert!(rank[3] < rank[0], "an isolated passage is least central");
    }

    #[test]
    fn a_long_text_is_ranked_in_blocks_and_a_short_one_whole() {
        let mut vocabulary = StemIds::default();
        let vectors: Vec<SparseVec> = (0..2 * GRAPH_BLOCK + 10)
            .map(|i| {
                let words = [format!("w{}", i % 7), format!("v{}", i % 11)];
                let counts = words.iter().map(|w| (vocabulary.id(w), 1)).collect();
                SparseVec::tf_idf(&counts, |_| 1.0)
            })
            .collect();
        let short = &vectors[..GRAPH_BLOCK];
        assert_eq!(centralities(short, 0.85).0, lexrank_block(short, 0.85).0);
        let rank = centralities(&vectors, 0.85).0;
        assert_eq!(rank.len(), vectors.len());
        assert!((rank.iter().sum::<f32>() - 1.0).abs() < 1e-3);
    }

    #[test]
    fn a_ratio_beyond_the_mmr_picks_keeps_its_budget_and_order() {
        let text: String = (0..300)
            .map(|i| format!("Kommune nummer {i} har vedtaget et nyt budget for skolerne i år. "))
            .collect();
        let summary = Summariser::default().summarise(&Article::new(&text), Length::Ratio(0.5));
        let words: usize = summary.iter().map(|e| shape::words(&e.text)).sum();
        assert!(summary.len() > MAX_MMR_PICKS, "{}", summary.len());
        assert!(words <= (0.5 * shape::words(&text) as f64).round() as usize);
        assert!(summary.windows(2).all(|w| w[0].span.1 <= w[1].span.0));
    }
}
