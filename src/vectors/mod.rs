//! Vectors: texts as sparse TF-IDF rows over a vocabulary of Danish stems.
//!
//! A *term* is the Danish stem ([`DanishStemmer`]) of a token that is not a stop word, not a
//! bare number and longer than one character: `Kommunerne` and `kommuner` are the term
//! `kommun`. [`Vocabulary::fit`] counts, for every term, the documents it occurs in (its
//! document frequency, `df`) and keeps the terms allowed by [`VectorOptions`]; it also remembers
//! each term's most frequent surface form, so terms can be shown as words people read
//! ("kommunerne", not "kommun").
//!
//! [`Vocabulary::transform`] weighs the terms of each text:
//!
//! ```text
//! tf-idf(t, d) = (1 + ln tf(t, d)) · idf(t)        sublinear term frequency
//! idf(t)       = ln((1 + n) / (1 + df(t))) + 1     smoothed: as if one extra document held every term
//! row(d)       = tf-idf(·, d) / ‖tf-idf(·, d)‖₂    unit length (an empty row stays empty)
//! ```
//!
//! where `tf(t, d)` is how often term `t` occurs in text `d` and `n` is the number of documents
//! the vocabulary was fitted on. The "+1" keeps terms that occur in every document from vanishing.
//!
//! Counting runs in parallel with rayon: each chunk of documents is counted on its own and the
//! counts are added up; since addition does not care about order and the kept terms are sorted,
//! the vocabulary is the same whatever the number of threads.
//!
//! ```
//! use tema::vectors::{Vocabulary, VectorOptions};
//! let docs = ["Kommunerne styrker cybersikkerheden.", "Kommunen køber ny cloud-løsning."];
//! let vocabulary = Vocabulary::fit(&docs, &VectorOptions::default());
//! let matrix = vocabulary.transform(&docs);
//! let (columns, weights) = matrix.row(0);
//! assert_eq!(columns.len(), 3); // kommun, styrk, cybersik
//! let norm: f32 = weights.iter().map(|w| w * w).sum();
//! assert!((norm - 1.0).abs() < 1e-5);
//! // One "kommunerne" and one "kommunen": the tie goes to the shorter form.
//! assert_eq!(vocabulary.surface(vocabulary.index("kommun").unwrap()), "kommunen");
//! ```

mod matrix;
mod sparse;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::text::{tokenize, DanishStemmer, SurfaceForms, TERMS};
pub use matrix::TfIdfMatrix;
pub(crate) use sparse::{unit_length, SparseVec, StemIds};

/// Which terms a vocabulary keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VectorOptions {
    /// Keep only terms found in at least this many documents.
    pub min_df: usize,
    /// Drop terms found in more than this share of the documents (0–1].
    pub max_df: f64,
    /// Keep at most this many terms, the most widespread first (ties: alphabetical).
    pub max_terms: Option<usize>,
    /// Count the parts of compounds as terms too ([`compound_parts`](crate::text::compound_parts) with the shipped lexicon):
    /// "cybersikkerhedsstrategi" is then also "cyber", "sikkerhed" and "strategi", so a text
    /// shares terms with others that write the parts apart or in other compounds.
    #[serde(default)]
    pub compounds: bool,
}

impl Default for VectorOptions {
    fn default() -> Self {
        VectorOptions {
            min_df: 1,
            max_df: 1.0,
            max_terms: None,
            compounds: false,
        }
    }
}

/// Calls `f(stem, surface)` for every term occurrence of a text, in order: the terms of
/// [`TERMS`], the one analyser every stage takes its terms from.
///
/// ```
/// let mut stemmer = tema::text::DanishStemmer::default();
/// let mut terms = Vec::new();
/// tema::vectors::for_each_term("Det er 2024, og NIS2 gælder kommunerne.", &mut stemmer, |stem, _| terms.push(stem.to_owned()));
/// assert_eq!(terms, ["nis2", "gæld", "kommun"]);
/// ```
pub fn for_each_term(text: &str, stemmer: &mut DanishStemmer, mut f: impl FnMut(&str, &str)) {
    TERMS.for_each(text, stemmer, |token, stem| f(stem, &token.norm));
}

/// The terms of a corpus with their document frequencies, idf weights and readable forms.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "VocabularyFile")]
pub struct Vocabulary {
    /// Stems, sorted; a term's column is its position here.
    terms: Vec<String>,
    /// Documents each term occurs in.
    df: Vec<u32>,
    /// `ln((1 + n) / (1 + df)) + 1` per term.
    idf: Vec<f32>,
    /// Most frequent surface form per term.
    surface: Vec<String>,
    /// Documents the vocabulary was fitted on.
    n_docs: usize,
    /// Whether compound parts count as terms ([`VectorOptions::compounds`]).
    compounds: bool,
    #[serde(skip)]
    index: FxHashMap<String, u32>,
}

/// A vocabulary as stored; the lookup index is rebuilt on loading.
#[derive(Deserialize)]
struct VocabularyFile {
    terms: Vec<String>,
    df: Vec<u32>,
    idf: Vec<f32>,
    surface: Vec<String>,
    n_docs: usize,
    #[serde(default)]
    compounds: bool,
}

impl From<VocabularyFile> for Vocabulary {
    fn from(file: VocabularyFile) -> Self {
        let index = index_of(&file.terms);
        Vocabulary {
            terms: file.terms,
            df: file.df,
            idf: file.idf,
            surface: file.surface,
            n_docs: file.n_docs,
            compounds: file.compounds,
            index,
        }
    }
}

fn index_of(terms: &[String]) -> FxHashMap<String, u32> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), i as u32))
        .collect()
}

/// Counts made over one chunk of documents, with stems numbered locally so that each token
/// costs one hash lookup of its normalised form.
#[derive(Default)]
struct ChunkCounts {
    /// Local stem ids → stems.
    stems: Vec<String>,
    /// Per local stem id: documents of the chunk it occurs in.
    df: Vec<u32>,
    /// Per normalised word: its local stem id (or [`NOT_A_TERM`]), how often it occurs, and
    /// its parts' place in `parts` (or [`NO_PARTS`]).
    words: FxHashMap<String, (u32, u32, u32)>,
    /// Per compound word (when compounds count): the local stem ids of its parts, and the
    /// parts as cut from the word (to show stems met only inside compounds).
    parts: Vec<Vec<(u32, String)>>,
    /// Per document: (local stem id, term frequency), ids ascending.
    rows: Vec<Vec<(u32, u32)>>,
}

impl ChunkCounts {
    fn of<S: AsRef<str>>(docs: &[S], compounds: bool) -> ChunkCounts {
        let mut counter = Counter::new(compounds);
        let mut ids: Vec<(u32, u32)> = Vec::new();
        for doc in docs {
            ids.clear();
            for token in tokenize(doc.as_ref()) {
                // One lookup per token: words seen before carry their stem id, or NOT_A_TERM
                // for stop words and numbers.
                let kind = token.kind;
                counter.word(token.norm, |norm| TERMS.keeps(kind, norm), 1, &mut ids);
            }
            counter.row(&mut ids);
        }
        counter.counts
    }

    /// [`of`](Self::of) for texts given as their term counts ([`term_counts`]): the same
    /// counts as the texts themselves give.
    fn of_counts<'a, B>(bags: &[B], compounds: bool) -> ChunkCounts
    where
        B: IntoIterator<Item = (&'a str, u32)> + Clone,
    {
        let mut counter = Counter::new(compounds);
        let mut ids: Vec<(u32, u32)> = Vec::new();
        for bag in bags {
            ids.clear();
            for (word, n) in bag.clone() {
                counter.word(word.to_owned(), |_| true, n, &mut ids);
            }
            counter.row(&mut ids);
        }
        counter.counts
    }
}

/// What [`ChunkCounts`] are counted with: the counts and the chunk's stem numbering.
struct Counter {
    counts: ChunkCounts,
    stemmer: DanishStemmer,
    stem_ids: FxHashMap<String, u32>,
    compounds: bool,
}

impl Counter {
    fn new(compounds: bool) -> Counter {
        Counter {
            counts: ChunkCounts::default(),
            stemmer: DanishStemmer::default(),
            stem_ids: FxHashMap::default(),
            compounds,
        }
    }

    fn stem_id(&mut self, stem: &str) -> u32 {
        match self.stem_ids.get(stem) {
            Some(&id) => id,
            None => {
                let id = self.counts.stems.len() as u32;
                self.counts.stems.push(stem.to_owned());
                self.counts.df.push(0);
                self.stem_ids.insert(stem.to_owned(), id);
                id
            }
        }
    }

    /// Counts `n` occurrences of the normalised word `norm` (a term when `keeps` says so) and
    /// adds its stem id and its parts' to `ids`, each with `n`.
    fn word(
        &mut self,
        norm: String,
        keeps: impl FnOnce(&str) -> bool,
        n: u32,
        ids: &mut Vec<(u32, u32)>,
    ) {
        let (id, parts) = match self.counts.words.get_mut(&norm) {
            Some((id, count, parts)) => {
                *count += n;
                (*id, *parts)
            }
            None => {
                let mut parts = NO_PARTS;
                let id = if keeps(&norm) {
                    let stem = self.stemmer.stem(&norm).to_owned();
                    let id = self.stem_id(&stem);
                    if self.compounds {
                        let mut part_stems = Vec::new();
                        TERMS.parts(&norm, &mut self.stemmer, |s, word| {
                            if s != stem {
                                part_stems.push((s.to_owned(), word.to_owned()))
                            }
                        });
                        if !part_stems.is_empty() {
                            let list = part_stems
                                .into_iter()
                                .map(|(part_stem, word)| (self.stem_id(&part_stem), word))
                                .collect();
                            parts = self.counts.parts.len() as u32;
                            self.counts.parts.push(list);
                        }
                    }
                    id
                } else {
                    NOT_A_TERM
                };
                self.counts.words.insert(norm, (id, n, parts));
                (id, parts)
            }
        };
        if id == NOT_A_TERM {
            return;
        }
        ids.push((id, n));
        if parts != NO_PARTS {
            ids.extend(
                self.counts.parts[parts as usize]
                    .iter()
                    .map(|(id, _)| (*id, n)),
            );
        }
    }

    /// Ends a document whose stem ids (with counts) are `ids`: its row, and its stems' df.
    fn row(&mut self, ids: &mut [(u32, u32)]) {
        ids.sort_unstable();
        let mut row: Vec<(u32, u32)> = Vec::new();
        for &(id, n) in ids.iter() {
            match row.last_mut() {
                Some((last, tf)) if *last == id => *tf += n,
                _ => {
                    row.push((id, n));
                    self.counts.df[id as usize] += 1;
                }
            }
        }
        self.counts.rows.push(row);
    }
}

/// How often each term word of `text` occurs: its normalised words that are terms
/// ([`TERMS`]), sorted. Enough to weigh the text as [`Vocabulary::fit_transform`] does
/// without the text ([`Vocabulary::fit_transform_counts`]), for records that do not carry it.
///
/// ```
/// let counts = tema::vectors::term_counts("Kommunerne og kommunerne: NIS2 i 2024.");
/// assert_eq!(counts.into_iter().collect::<Vec<_>>(), [("kommunerne".to_owned(), 2), ("nis2".to_owned(), 1)]);
/// ```
pub fn term_counts(text: &str) -> std::collections::BTreeMap<String, u32> {
    let mut counts = std::collections::BTreeMap::new();
    for token in tokenize(text) {
        if TERMS.keeps(token.kind, &token.norm) {
            *counts.entry(token.norm).or_default() += 1;
        }
    }
    counts
}

/// The stem id of words that are not terms (stop words, numbers, single letters).
const NOT_A_TERM: u32 = u32::MAX;

/// The parts index of words that are not compounds (or when compounds do not count).
const NO_PARTS: u32 = u32::MAX;

/// Counts every chunk of `docs` in parallel; the chunks come back in document order.
fn count_chunks<S: AsRef<str> + Sync>(docs: &[S], compounds: bool) -> Vec<ChunkCounts> {
    // One chunk per thread: every chunk stems its own new words (the Snowball stemmer is the
    // dearest step), so more chunks mean the same words stemmed again.
    let threads = rayon::current_num_threads().max(1);
    let chunk = docs.len().div_ceil(threads).max(1);
    docs.par_chunks(chunk)
        .map(|c| ChunkCounts::of(c, compounds))
        .collect()
}

impl Vocabulary {
    /// Learns the vocabulary of `docs`, counting in parallel on rayon's current thread pool.
    pub fn fit<S: AsRef<str> + Sync>(docs: &[S], options: &VectorOptions) -> Vocabulary {
        Vocabulary::from_counts(&count_chunks(docs, options.compounds), docs.len(), options)
    }

    /// Learns the vocabulary of `docs` and weighs them in one pass over the text: the same
    /// result as [`fit`](Self::fit) then [`transform`](Self::transform), at half the cost.
    pub fn fit_transform<S: AsRef<str> + Sync>(
        docs: &[S],
        options: &VectorOptions,
    ) -> (Vocabulary, TfIdfMatrix) {
        let chunks = count_chunks(docs, options.compounds);
        let vocabulary = Vocabulary::from_counts(&chunks, docs.len(), options);
        let matrix = vocabulary.weigh(&chunks);
        (vocabulary, matrix)
    }

    /// [`fit_transform`](Self::fit_transform) for texts given as their [`term_counts`]:
    /// the same vocabulary and rows as the texts themselves give.
    pub fn fit_transform_counts<'a, B>(
        bags: &[B],
        options: &VectorOptions,
    ) -> (Vocabulary, TfIdfMatrix)
    where
        B: IntoIterator<Item = (&'a str, u32)> + Clone + Sync,
    {
        let threads = rayon::current_num_threads().max(1);
        let chunk = bags.len().div_ceil(threads).max(1);
        let chunks: Vec<ChunkCounts> = bags
            .par_chunks(chunk)
            .map(|c| ChunkCounts::of_counts(c, options.compounds))
            .collect();
        let vocabulary = Vocabulary::from_counts(&chunks, bags.len(), options);
        let matrix = vocabulary.weigh(&chunks);
        (vocabulary, matrix)
    }

    fn from_counts(chunks: &[ChunkCounts], n: usize, options: &VectorOptions) -> Vocabulary {
        let mut df: FxHashMap<&str, u32> = FxHashMap::default();
        for chunk in chunks {
            for (stem, &d) in chunk.stems.iter().zip(&chunk.df) {
                *df.entry(stem.as_str()).or_default() += d;
            }
        }
        let max_df = (options.max_df * n as f64).floor() as u64;
        let mut kept: Vec<(&str, u32)> = df
            .into_iter()
            .filter(|&(_, df)| df as usize >= options.min_df && u64::from(df) <= max_df)
            .collect();
        if let Some(cap) = options.max_terms {
            if kept.len() > cap {
                kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                kept.truncate(cap);
            }
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let terms: Vec<String> = kept.iter().map(|(t, _)| (*t).to_owned()).collect();
        let index = index_of(&terms);

        let mut forms = SurfaceForms::default();
        for chunk in chunks {
            for (word, &(id, count, _)) in &chunk.words {
                if id == NOT_A_TERM {
                    continue;
                }
                let stem = &chunk.stems[id as usize];
                if index.contains_key(stem) {
                    forms.add_count(stem, word, count);
                }
            }
        }
        let df: Vec<u32> = kept.iter().map(|&(_, df)| df).collect();
        let idf = df.iter().map(|&df| smoothed_idf(n, df)).collect();
        // A stem met only inside compounds is shown as the part it was most often cut to.
        let mut part_forms = SurfaceForms::default();
        for chunk in chunks {
            for &(_, count, parts) in chunk.words.values().filter(|w| w.2 != NO_PARTS) {
                for (id, part) in &chunk.parts[parts as usize] {
                    let stem = &chunk.stems[*id as usize];
                    if index.contains_key(stem) {
                        part_forms.add_count(stem, part, count);
                    }
                }
            }
        }
        let surface = terms
            .iter()
            .map(|t| {
                forms
                    .best(t)
                    .or_else(|| part_forms.best(t))
                    .unwrap_or(t)
                    .to_owned()
            })
            .collect();
        Vocabulary {
            terms,
            df,
            idf,
            surface,
            n_docs: n,
            compounds: options.compounds,
            index,
        }
    }

    /// Weighs the terms of each text (see the module docs for the formula), in parallel; rows
    /// come back in the order of `docs`. Terms outside the vocabulary are ignored.
    pub fn transform<S: AsRef<str> + Sync>(&self, docs: &[S]) -> TfIdfMatrix {
        self.weigh(&count_chunks(docs, self.compounds))
    }

    fn weigh(&self, chunks: &[ChunkCounts]) -> TfIdfMatrix {
        let rows: Vec<Vec<(u32, f32)>> = chunks
            .par_iter()
            .flat_map_iter(|chunk| {
                let columns: Vec<Option<u32>> = chunk.stems.iter().map(|s| self.index(s)).collect();
                chunk.rows.iter().map(move |row| {
                    self.weigh_row(
                        row.iter()
                            .filter_map(|&(id, tf)| columns[id as usize].map(|c| (c, tf))),
                    )
                })
            })
            .collect();
        TfIdfMatrix::from_rows(self.len(), rows)
    }

    /// The weighted, unit-length row of one text, columns ascending.
    pub fn row_of(&self, text: &str, stemmer: &mut DanishStemmer) -> Vec<(u32, f32)> {
        let mut tf = FxHashMap::default();
        self.count_into(text, stemmer, &mut tf);
        self.weigh_counts(&tf)
    }

    /// Adds the term frequencies of one text to `tf` (column → count), so the counts of a
    /// text's pieces add up to the counts of the whole: tokens never cross whitespace.
    pub(crate) fn count_into(
        &self,
        text: &str,
        stemmer: &mut DanishStemmer,
        tf: &mut FxHashMap<u32, u32>,
    ) {
        for token in tokenize(text) {
            if !TERMS.keeps(token.kind, &token.norm) {
                continue;
            }
            let column = self.index.get(stemmer.stem(&token.norm)).copied();
            if let Some(col) = column {
                *tf.entry(col).or_default() += 1;
            }
            if self.compounds {
                // A part stemming as the whole word does falls in the word's column, or in
                // none when the word's stem is not a term either.
                TERMS.parts(&token.norm, stemmer, |part, _| {
                    if let Some(col) = self.index.get(part).filter(|&&c| Some(c) != column) {
                        *tf.entry(*col).or_default() += 1;
                    }
                });
            }
        }
    }

    /// The weighted, unit-length row of term frequencies, columns ascending.
    pub(crate) fn weigh_counts(&self, tf: &FxHashMap<u32, u32>) -> Vec<(u32, f32)> {
        self.weigh_row(tf.iter().map(|(&col, &n)| (col, n)))
    }

    fn weigh_row(&self, counts: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, f32)> {
        unit_length(counts.map(|(col, tf)| (col, sublinear_tf(tf) * self.idf[col as usize])))
    }

    /// Adds terms the corpus did not hold (with document frequency 0, so the highest idf),
    /// such as a theme's seed words; terms already present are left alone. Columns are
    /// renumbered, so matrices made before no longer fit.
    pub fn extend<'a>(&mut self, extra: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let mut all: Vec<(String, u32, String)> = self
            .terms
            .drain(..)
            .zip(self.df.drain(..))
            .zip(self.surface.drain(..))
            .map(|((t, d), s)| (t, d, s))
            .collect();
        for (stem, surface) in extra {
            if !self.index.contains_key(stem) && !stem.is_empty() {
                self.index.insert(stem.to_owned(), 0);
                all.push((stem.to_owned(), 0, surface.to_owned()));
            }
        }
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.terms = all.iter().map(|a| a.0.clone()).collect();
        self.df = all.iter().map(|a| a.1).collect();
        self.surface = all.into_iter().map(|a| a.2).collect();
        self.idf = self
            .df
            .iter()
            .map(|&d| smoothed_idf(self.n_docs, d))
            .collect();
        self.index = index_of(&self.terms);
    }

    /// Checks a vocabulary read from a file before anything indexes it: the four per-term
    /// arrays have one entry per term, terms are non-empty, distinct and sorted (a term's
    /// column is its position), every surface form is non-empty, every idf is finite and
    /// positive, and no term occurs in more documents than were counted. The reason names the
    /// first fault found.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let n = self.terms.len();
        for (name, len) in [
            ("df", self.df.len()),
            ("idf", self.idf.len()),
            ("surface", self.surface.len()),
        ] {
            if len != n {
                return Err(format!("vocabulary.{name} has {len} entries for {n} terms"));
            }
        }
        if let Some(i) = self.terms.iter().position(String::is_empty) {
            return Err(format!("vocabulary.terms[{i}] is empty"));
        }
        if let Some(i) = self.terms.windows(2).position(|w| w[0] >= w[1]) {
            return Err(format!(
                "vocabulary.terms are not sorted and distinct ({:?} before {:?} at {})",
                self.terms[i],
                self.terms[i + 1],
                i + 1
            ));
        }
        if let Some(i) = self.surface.iter().position(String::is_empty) {
            return Err(format!("vocabulary.surface[{i}] is empty"));
        }
        if let Some(i) = self.idf.iter().position(|x| !x.is_finite() || *x <= 0.0) {
            return Err(format!(
                "vocabulary.idf[{i}] is {}, not a positive number",
                self.idf[i]
            ));
        }
        if let Some(i) = self.df.iter().position(|&d| d as usize > self.n_docs) {
            return Err(format!(
                "vocabulary.df[{i}] is {}, more than the {} documents counted",
                self.df[i], self.n_docs
            ));
        }
        Ok(())
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no term was kept.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Documents the vocabulary was fitted on.
    pub fn n_docs(&self) -> usize {
        self.n_docs
    }

    /// The column of a stem, if it is in the vocabulary.
    pub fn index(&self, stem: &str) -> Option<u32> {
        self.index.get(stem).copied()
    }

    /// The stems, in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The stem of a column.
    pub fn term(&self, col: u32) -> &str {
        &self.terms[col as usize]
    }

    /// The readable form of a column's term: its most frequent surface form.
    pub fn surface(&self, col: u32) -> &str {
        &self.surface[col as usize]
    }

    /// Documents a column's term occurs in.
    pub fn df(&self, col: u32) -> u32 {
        self.df[col as usize]
    }

    /// A column's idf weight.
    pub fn idf(&self, col: u32) -> f32 {
        self.idf[col as usize]
    }
}

/// `ln((1 + n) / (1 + df)) + 1`: the idf of a term found in `df` of `n` documents, as if one
/// extra document held every term. Every stage weighs terms with it.
pub fn smoothed_idf(n: usize, df: u32) -> f32 {
    (((1 + n) as f64 / (1 + df as u64) as f64).ln() + 1.0) as f32
}

/// `1 + ln tf`: the weight of a term met `tf` times (at least once) in a text.
fn sublinear_tf(tf: u32) -> f32 {
    1.0 + (tf as f32).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: [&str; 4] = [
        "Kommunerne styrker cybersikkerheden mod hackere.",
        "Kommunen køber en ny cloud-løsning, og kommunerne deler den.",
        "Kunstig intelligens hjælper sagsbehandlerne i kommunen.",
        "Datacentret sparer strøm: grøn it i kommunen.",
    ];

    #[test]
    fn idf_follows_the_formula() {
        let v = Vocabulary::fit(&DOCS, &VectorOptions::default());
        let col = v.index("kommun").unwrap();
        assert_eq!(v.df(col), 4);
        assert!(
            (v.idf(col) - 1.0).abs() < 1e-6,
            "in every document: ln(5/5) + 1"
        );
        let col = v.index("hack").unwrap();
        assert_eq!(v.df(col), 1);
        assert!((v.idf(col) - ((5.0f32 / 2.0).ln() + 1.0)).abs() < 1e-6);
        assert!(v.index("og").is_none(), "stop words are not terms");
    }

    #[test]
    fn weights_are_sublinear_and_rows_unit_length() {
        let v = Vocabulary::fit(&DOCS, &VectorOptions::default());
        let m = v.transform(&["kommunen kommunen kommunen hackere"]);
        let (cols, weights) = m.row(0);
        assert_eq!(cols.len(), 2);
        let k = cols.iter().position(|&c| v.term(c) == "kommun").unwrap();
        let h = 1 - k;
        let raw_k = 1.0 + 3f32.ln();
        let raw_h = (5.0f32 / 2.0).ln() + 1.0;
        assert!((weights[k] / weights[h] - raw_k / raw_h).abs() < 1e-5);
        let norm: f32 = weights.iter().map(|w| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert_eq!(v.transform(&["og så videre"]).row(0).0.len(), 0);
    }

    #[test]
    fn extra_terms_get_the_highest_idf() {
        let mut v = Vocabulary::fit(&DOCS, &VectorOptions::default());
        let before = v.len();
        v.extend([("ransomwar", "ransomware"), ("kommun", "kommune")]);
        assert_eq!(v.len(), before + 1);
        let col = v.index("ransomwar").unwrap();
        assert_eq!((v.df(col), v.surface(col)), (0, "ransomware"));
        assert!((v.idf(col) - (5f32.ln() + 1.0)).abs() < 1e-6);
        assert!(v.terms().windows(2).all(|w| w[0] < w[1]));
        assert_eq!(v.surface(v.index("kommun").unwrap()), "kommunen");
    }

    #[test]
    fn options_limit_the_terms() {
        let options = VectorOptions {
            min_df: 2,
            ..VectorOptions::default()
        };
        let v = Vocabulary::fit(&DOCS, &options);
        assert_eq!(v.terms(), ["kommun"]);
        let options = VectorOptions {
            max_df: 0.5,
            ..VectorOptions::default()
        };
        assert!(Vocabulary::fit(&DOCS, &options).index("kommun").is_none());
        let options = VectorOptions {
            max_terms: Some(3),
            ..VectorOptions::default()
        };
        let v = Vocabulary::fit(&DOCS, &options);
        assert_eq!(v.len(), 3);
        assert!(
            v.index("kommun").is_some(),
            "the most widespread term stays"
        );
    }

    #[test]
    fn serialised_vocabulary_comes_back_whole() {
        let v = Vocabulary::fit(&DOCS, &VectorOptions::default());
        let json = serde_json::to_string(&v).unwrap();
        let back: Vocabulary = serde_json::from_str(&json).unwrap();
        assert_eq!(back.terms(), v.terms());
        assert_eq!(back.index("kommun"), v.index("kommun"));
        assert_eq!(back.transform(&DOCS), v.transform(&DOCS));
    }

    #[test]
    fn same_result_on_one_and_four_threads() {
        let docs: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "{} dokument nummer {i} om emne{} og it-sikkerhedskrav{}",
                    DOCS[i % 4],
                    i % 7,
                    ["", "ene", "et"][i % 3]
                )
            })
            .collect();
        for options in [
            VectorOptions::default(),
            VectorOptions {
                compounds: true,
                ..VectorOptions::default()
            },
        ] {
            let run = |threads| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| {
                    let v = Vocabulary::fit(&docs, &options);
                    let m = v.transform(&docs);
                    (serde_json::to_string(&v).unwrap(), m)
                })
            };
            let (v1, m1) = run(1);
            let (v4, m4) = run(4);
            assert_eq!(v1, v4);
            assert_eq!(m1, m4);
            let (v, m) = Vocabulary::fit_transform(&docs, &options);
            assert_eq!(serde_json::to_string(&v).unwrap(), v1);
            assert_eq!(m, m1);
        }
    }

    #[test]
    fn term_counts_weigh_as_the_texts_do() {
        let mut docs: Vec<String> = DOCS.iter().map(|d| d.to_string()).collect();
        docs.push("Kommunen, kommunen og KOMMUNEN; it-sikkerhedskravene 2024 i 3. kvartal.".into());
        docs.push(String::new());
        for options in [
            VectorOptions::default(),
            VectorOptions {
                compounds: true,
                min_df: 2,
                ..VectorOptions::default()
            },
        ] {
            let (v, m) = Vocabulary::fit_transform(&docs, &options);
            let counts: Vec<_> = docs.iter().map(|d| term_counts(d)).collect();
            let bags: Vec<Vec<(&str, u32)>> = counts
                .iter()
                .map(|c| c.iter().map(|(w, &n)| (w.as_str(), n)).collect())
                .collect();
            let (vb, mb) = Vocabulary::fit_transform_counts(&bags, &options);
            assert_eq!(
                serde_json::to_string(&vb).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
            assert_eq!(mb, m);
        }
    }

    #[test]
    fn compound_parts_count_as_terms_when_asked() {
        let docs = [
            "Kommunen har en ny cybersikkerhedsstrategi.",
            "Sikkerhed og strategi i kommunen.",
        ];
        let plain = Vocabulary::fit(&docs, &VectorOptions::default());
        let options = VectorOptions {
            compounds: true,
            ..VectorOptions::default()
        };
        let split = Vocabulary::fit(&docs, &options);
        let cyber = split
            .index("cyb")
            .or(split.index("cyber"))
            .expect("a term for cyber");
        assert_eq!(
            split.surface(cyber),
            "cyber",
            "shown as the part as written"
        );
        assert!(plain.index(split.term(cyber)).is_none());
        // "sikkerhed" is now in both documents: its idf falls.
        let sikker = split
            .index(plain.term(plain.index("sikker").unwrap()))
            .unwrap();
        assert_eq!(split.df(sikker), 2);
        assert_eq!(plain.df(plain.index("sikker").unwrap()), 1);
        // A vocabulary keeps the setting: one text weighs the same through either path.
        let mut stemmer = DanishStemmer::default();
        let row = split.row_of(docs[0], &mut stemmer);
        let matrix = split.transform(&docs[..1]);
        let (cols, weights) = matrix.row(0);
        let (c2, w2): (Vec<u32>, Vec<f32>) = row.into_iter().unzip();
        assert_eq!(cols, &c2[..]);
        assert!(weights.iter().zip(&w2).all(|(a, b)| (a - b).abs() < 1e-6));
        let back: Vocabulary =
            serde_json::from_str(&serde_json::to_string(&split).unwrap()).unwrap();
        assert_eq!(back.transform(&docs), split.transform(&docs));
    }
}
