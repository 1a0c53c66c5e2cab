//! OCR repair: putting back the æ, ø and å that OCR lost.
//!
//! A damaged issue writes "løsning" as "lgsning", "på" as "pa" or "pd", "grønne" as "gronne",
//! "fællesskab" as "fzellesskab", "AI" as "Al". The repair reads each word, and when it is not a
//! known Danish word (or a far rarer one than a form the confusions could have made), tries the
//! confusions OCR is known to make, at most three at a time, and keeps the most frequent word of
//! the lexicon they reach. Only letters inside words change: lines, spacing and punctuation stay
//! as they are.
//!
//! Damage is judged per document first ([`assess`]): Danish prose has æ/ø/å in about one word
//! in ten, so a text with plenty of them is clean and left alone.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::channel::{self, SearchBytes, CONFUSIONS, CONFUSIONS_FROM};
use super::compounds::{split_in_two, MIN_PART_CHARS};
use super::lexicon::{default_lexicon, Lexicon};
#[cfg(test)]
use super::lexicon_table::clear_settled;
use super::str_map::{Interner, Span, StrMap, TextBuffer};

/// Repairs a document if it looks damaged ([`assess`]) and borrows it unchanged otherwise.
/// Lines and whitespace-separated words stay as they are; only letters inside words change.
///
/// ```
/// let damaged = "Kommunerne far en ny lgsning pa omradet. ".repeat(30);
/// let fixed = tema::text::repair_document(&damaged);
/// assert!(fixed.starts_with("Kommunerne får en ny løsning på området."));
/// let clean = "Kommunerne får en ny løsning på området. ".repeat(30);
/// assert!(matches!(tema::text::repair_document(&clean), std::borrow::Cow::Borrowed(_)));
/// ```
///
/// Each thread keeps one repairer for the documents it repairs, so that a run over many issues
/// reads the words they share once: its readings depend only on the words, never on the
/// documents seen before, so the repair is the same as a fresh repairer's.
pub fn repair_document(text: &str) -> Cow<'_, str> {
    if !assess(text).is_damaged() {
        return Cow::Borrowed(text);
    }
    let repaired = WARM.with(|warm| {
        // Taken when this thread, waiting for the other half of a split repair, was handed
        // another document to repair.
        let Ok(mut warm) = warm.try_borrow_mut() else {
            return Repairer::new(default_lexicon()).repair_text(text);
        };
        let repairer = warm.get_or_insert_with(|| Repairer::new(default_lexicon()));
        if repairer.remembered() > WARM_MAX_REMEMBERED {
            *repairer = Repairer::new(default_lexicon());
        }
        repairer.repair_text(text)
    });
    Cow::Owned(repaired)
}

thread_local! {
    /// The repairer of [`repair_document`] on this thread, made at its first damaged document.
    static WARM: RefCell<Option<Repairer<'static>>> = const { RefCell::new(None) };
}

/// The most words, compound parts and tokens a thread's repairer ([`repair_document`])
/// remembers before it starts afresh: an issue brings about ten thousand new ones, fewer as the
/// run goes on, so this holds those of ten issues or more, and a run over thousands of issues
/// stays bounded.
const WARM_MAX_REMEMBERED: usize = 100_000;

/// How many whitespace-separated words differ between a text and its repair.
pub fn changed_words(original: &str, repaired: &str) -> usize {
    // Cut as the repair cuts, a block of bytes at a time: `split_whitespace` on both texts
    // was a tenth of a whole `tema repair`.
    let words = |text| {
        super::whitespace::words_and_spaces(text)
            .into_iter()
            .map(|(w, _)| w)
    };
    words(original)
        .zip(words(repaired))
        .filter(|(a, b)| a != b)
        .count()
}

/// The fewest words in a text whose first pass is split between two threads: below this,
/// handing work to another thread costs about what it saves.
const SPLIT_MIN_WORDS: usize = 500;

/// About how many words a thread of a split first pass takes at a time: small enough that the
/// two finish close together, as the last chunk taken is short.
const SPLIT_CHUNK_WORDS: usize = 400;

/// How damaged a text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Damage {
    /// Words with letters.
    pub words: usize,
    /// Of those, words with æ, ø or å.
    pub with_danish_letters: usize,
}

impl Damage {
    /// The fewest words that tell a damaged text from one that lacks æ/ø/å by chance.
    pub const ENOUGH_WORDS: usize = 100;

    /// Danish prose has æ/ø/å in roughly one word in ten; under one in fifty, over a text long
    /// enough to tell ([`Damage::ENOUGH_WORDS`]), the letters were lost.
    pub fn is_damaged(&self) -> bool {
        self.words >= Self::ENOUGH_WORDS && self.with_danish_letters * 50 < self.words
    }
}

/// Measures how many words keep their æ/ø/å.
pub fn assess(text: &str) -> Damage {
    let mut words = 0;
    let mut with_danish_letters = 0;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']) {
            with_danish_letters += 1;
        }
    }
    Damage {
        words,
        with_danish_letters,
    }
}

/// Repairs words against a lexicon, remembering each word's answer.
///
/// Each word is read as a noisy channel: among the word itself and every form the confusions
/// reach, the one with the highest `count × P(damage)` wins, where the word itself has
/// `P = 1`. So "pa" becomes "på" (far more frequent, likely damage) while "for" stays "for"
/// ("før" is much rarer and `o` for `ø` uncommon). A word the lexicon lacks is also tried as a
/// genitive (-s) and as a compound of two known words.
pub struct Repairer<'a> {
    lexicon: &'a Lexicon,
    /// Replace known words too (a damaged text); when false only unknown words are repaired,
    /// for text that looks clean but is repaired anyway.
    known_words: bool,
    cache: Readings,
    /// The readings the other thread of a split first pass found, asked after `cache` and put
    /// into it when the next text begins: merging them at once was a twentieth of a fresh
    /// repair, spent while the other core waited, and a run of one issue never needs them all.
    spare: Readings,
    /// Readings this document's own variants agree on ([`learn_variants`]); cleared for every
    /// text, so that a batch run repairs each issue as it would alone.
    learned: FxHashMap<String, String>,
    /// The forms of the text being repaired that the lexicon left as they were or repaired only
    /// from parts, each once, in the order met: what [`learn_variants`] compares.
    unrepaired: Interner,
    /// The pieces of the first pass that hold such a form: where they start, how many pieces
    /// they used and where their repair went in the output.
    /// and which of those forms it holds (a range of `mark_forms`).
    marks: Vec<(usize, usize, std::ops::Range<usize>, std::ops::Range<usize>)>,
    mark_forms: Vec<u32>,
    /// Whether the piece being repaired holds such a form.
    touched: bool,
    /// The learned readings' forms, as indices into `unrepaired`.
    learned_forms: rustc_hash::FxHashSet<u32>,
    /// [`skeleton_of`] each form met, kept across texts like the cache.
    skeletons: StrMap<Option<String>>,
    /// [`Self::known_or_repaired`]'s answers for compound parts, shared rather than copied
    /// out: a compound asks for most of its beginnings and endings.
    parts: RefCell<StrMap<Part>>,
    /// The byte buffers of a [`channel::search`], kept from one search to the next: a search runs
    /// for every new word and compound part, and its own allocations showed in profiles.
    search_bytes: RefCell<SearchBytes>,
    lower: String,
    /// Whether the word being repaired follows another in the same sentence.
    inside_sentence: bool,
    /// That word, lower case (empty at a sentence's start).
    previous: String,
    /// Whether the next word looks like a name (a capital, then lower case).
    next_is_name: bool,
    /// The first pass's repair of each token met so far, kept across texts like the cache,
    /// apart from those whose reading depends on their neighbours ("Al", [`CONTEXT`]'s words):
    /// at the start of a sentence (0) and inside one (1), where a capital may be a name.
    tokens: [StrMap<RememberedToken>; 2],
    /// The remembered tokens' repairs and unsettled forms, one buffer for all: as strings of
    /// their own they were a thousand allocations in a fresh repair, and as many frees.
    remembered_text: TextBuffer,
    /// Where each remembered token's unsettled forms are in `remembered_text`.
    remembered_forms: Vec<Span>,
}

/// A token's repair in a first pass ([`Repairer::tokens`]): `None` when it stays as written,
/// and the unsettled forms it holds, which each text it recurs in compares with its others.
struct RememberedToken {
    /// Where its repair is in [`Repairer::remembered_text`].
    repaired: Option<Span>,
    /// Where its forms' spans are in [`Repairer::remembered_forms`].
    forms: std::ops::Range<u32>,
}

impl<'a> Repairer<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Self {
        // An issue has a few thousand distinct words; growing the map costs more than this.
        Repairer::with_cache(lexicon, 4096)
    }

    fn with_cache(lexicon: &'a Lexicon, capacity: usize) -> Self {
        Repairer {
            lexicon,
            known_words: true,
            cache: Readings::with_capacity(capacity),
            spare: Readings::default(),
            // A fresh repair asks for about half as many compound parts as it reads words.
            parts: RefCell::new(StrMap::with_capacity(capacity / 2, capacity * 4)),
            search_bytes: RefCell::default(),
            learned: FxHashMap::default(),
            // An issue leaves a few hundred forms unsettled; growing to them cost more than this.
            unrepaired: Interner::with_capacity(1024, 16 * 1024),
            marks: Vec::new(),
            mark_forms: Vec::new(),
            touched: false,
            learned_forms: Default::default(),
            skeletons: StrMap::with_capacity(1024, 16 * 1024),
            lower: String::new(),
            inside_sentence: false,
            previous: String::new(),
            next_is_name: false,
            tokens: Default::default(),
            remembered_text: TextBuffer::default(),
            remembered_forms: Vec::new(),
        }
    }

    /// How many words, compound parts and tokens the repairer remembers the readings of.
    fn remembered(&self) -> usize {
        self.cache.readings.len()
            + self.spare.readings.len()
            + self.parts.borrow().len()
            + self.skeletons.len()
            + self.tokens.iter().map(StrMap::len).sum::<usize>()
    }

    /// A repairer for text that does not look damaged: it only replaces words the lexicon does
    /// not know, so real words ("for", "far", "made") are never turned into others.
    pub fn cautious(lexicon: &'a Lexicon) -> Self {
        Repairer {
            known_words: false,
            ..Repairer::new(lexicon)
        }
    }

    /// Repairs a whole text: each whitespace-separated word keeps its place, its punctuation and
    /// its case pattern; only the letters of damaged words change.
    ///
    /// ```
    /// use tema::text::{Lexicon, Repairer};
    /// let lexicon = Lexicon::from_counts([("på", 900), ("løsning", 50), ("grønne", 20), ("den", 800)]);
    /// let mut repairer = Repairer::new(&lexicon);
    /// assert_eq!(repairer.repair_text("Den gronne lgsning, pa vej."), "Den grønne løsning, på vej.");
    /// ```
    pub fn repair_text(&mut self, text: &str) -> String {
        let pieces = super::whitespace::words_and_spaces(text);
        if !self.spare.is_empty() {
            let spare = std::mem::take(&mut self.spare);
            self.cache.absorb(spare);
        }
        self.learned.clear();
        self.unrepaired.clear();
        self.marks.clear();
        self.mark_forms.clear();
        if self.tokens[1].is_empty() {
            // About a third of an issue's tokens are new to it, nearly all inside a sentence;
            // the repairs and forms they remember come to about a byte and a third a token.
            self.tokens[1].reserve(pieces.len() / 3);
            self.tokens[0].reserve(pieces.len() / 24);
            self.remembered_text.reserve(pieces.len() * 3 / 2);
        }
        // Only a fresh repairer on a long text has enough to search to be worth a split; a
        // warm one would keep another thread busy reading again what it already knows.
        let out = if self.cache.is_empty() && pieces.len() >= SPLIT_MIN_WORDS {
            self.repair_pieces_split(text, &pieces)
        } else {
            self.repair_pieces(text, &pieces, 0..pieces.len(), text.len())
        };
        if !self.known_words {
            return out;
        }
        // Skeletons made from the cache, which says whether a form is known (a split pass has
        // made them already).
        self.make_skeletons();
        // The forms the lexicon left unsettled, compared with each other; only when they agree
        // on something is the text read again, from the cache, with what they agree on.
        let forms = self.unrepaired.iter();
        let learned = learn_variants(forms, &self.skeletons);
        self.learned = self.keep_disputed(learned);
        if self.learned.is_empty() {
            return out;
        }
        self.learned_forms = (self.unrepaired.iter().enumerate())
            .filter(|(_, form)| self.learned.contains_key(*form))
            .map(|(i, _)| i as u32)
            .collect();
        let out = self.repair_marked(text, &pieces, &out);
        self.learned.clear();
        out
    }

    /// One pass of [`Self::repair_text`] over the text's words and the spaces after them,
    /// marking where the words the lexicon left unsettled went.
    fn repair_pieces<'t>(
        &mut self,
        text: &'t str,
        pieces: &[(&'t str, &'t str)],
        range: std::ops::Range<usize>,
        len: usize,
    ) -> String {
        // A restored æ/ø/å takes a byte more than most of the damage it replaces.
        let mut out = Output::new(text, len + len / 16 + 16);
        let mut i = range.start;
        while i < range.end {
            let start = out.len();
            self.touched = false;
            let forms = self.mark_forms.len();
            let used = self.repair_piece(pieces, i, &mut out);
            if self.touched {
                let held = forms..self.mark_forms.len();
                self.marks.push((i, used, start..out.len(), held));
            }
            i += used;
        }
        debug_assert_eq!(i, range.end, "the range ends between words");
        out.into_string()
    }

    /// Repairs the marked words of a first pass again, now with what their variants agree on.
    fn repair_marked<'t>(
        &mut self,
        text: &'t str,
        pieces: &[(&'t str, &'t str)],
        first: &str,
    ) -> String {
        let mut out = Output::new(text, first.len() + 16);
        let mut copied = 0;
        for (i, used, span, held) in std::mem::take(&mut self.marks) {
            // Only pieces holding a form that learned something are read again.
            if !self.mark_forms[held]
                .iter()
                .any(|form| self.learned_forms.contains(form))
            {
                continue;
            }
            out.push_str(&first[copied..span.start]);
            let start = out.len();
            // A word whose line-end joining changed keeps its first repair.
            if self.repair_piece(pieces, i, &mut out) != used {
                out.truncate(start);
                out.push_str(&first[span.clone()]);
            }
            copied = span.end;
        }
        out.push_str(&first[copied..]);
        out.into_string()
    }

    /// Repairs the word `pieces[i]` (with the next, if it ends a line hyphenated) into `out`;
    /// returns how many pieces it used.
    fn repair_piece<'t>(
        &mut self,
        pieces: &[(&'t str, &'t str)],
        i: usize,
        out: &mut Output<'t>,
    ) -> usize {
        let (word, space) = pieces[i];
        // A word hyphenated at the end of a line is repaired whole, then cut where it was.
        if let Some(&(next, next_space)) = pieces.get(i + 1) {
            if let Some((head, tail)) = self.repair_wrapped(word, space, next) {
                out.push_str(&head);
                // The hyphen and the line end, as written.
                out.keep(&word[word.len() - 1..]);
                out.keep(space);
                out.push_str(&tail);
                out.keep(next_space);
                return 2;
            }
        }
        // A capital inside a sentence is more likely a name ("Lage", "Vad") than a damaged
        // word; the start of a text or a sentence says nothing.
        self.inside_sentence = inside_sentence(pieces, i);
        // Two of every three tokens of an issue recur in it, and the issues of a batch run
        // share many more.
        let remember = self.learned.is_empty() && word != "Al";
        if remember {
            if let Some(token) = self.tokens[usize::from(self.inside_sentence)].get(word) {
                match token.repaired {
                    Some(repaired) => out.push_str(self.remembered_text.get(repaired)),
                    None => out.keep(word),
                }
                out.keep(space);
                let forms = token.forms.clone();
                if !forms.is_empty() {
                    // Taken out while `mark_unsettled` borrows all of `self`: a move, no copy.
                    let remembered = std::mem::take(&mut self.remembered_text);
                    for i in forms {
                        self.mark_unsettled(remembered.get(self.remembered_forms[i as usize]));
                    }
                    self.remembered_text = remembered;
                }
                return 1;
            }
        }
        self.previous.clear();
        let bare = trim_to_alphanumeric(word);
        let contextual = CONTEXT
            .iter()
            .any(|(written, _, _)| written.eq_ignore_ascii_case(bare));
        if self.inside_sentence && contextual {
            let previous = pieces[i - 1].0.trim_matches(|c: char| !c.is_alphabetic());
            self.previous
                .extend(previous.chars().flat_map(char::to_lowercase));
        }
        self.next_is_name = word == "Al"
            && pieces.get(i + 1).is_some_and(|(next, _)| {
                let mut chars = next.chars();
                let bare = next.trim_matches(|c: char| !c.is_alphabetic());
                // "Af", "Kan", "Og" after a headline's "Al" are common words, not names.
                chars.next().is_some_and(char::is_uppercase)
                    && chars.next().is_some_and(char::is_lowercase)
                    && self.lexicon.count(&bare.to_lowercase()) < COMMON_WORD_COUNT
            });
        let forms = self.mark_forms.len();
        let repaired = self.repair_token(word);
        match repaired {
            Cow::Borrowed(kept) => out.keep(kept),
            Cow::Owned(ref repaired) => out.push_str(repaired),
        }
        if remember && !contextual {
            let repaired = match repaired {
                Cow::Borrowed(_) => None,
                Cow::Owned(repaired) => Some(self.remembered_text.push(&repaired)),
            };
            let first = self.remembered_forms.len() as u32;
            for &form in &self.mark_forms[forms..] {
                let form = self.remembered_text.push(self.unrepaired.get(form));
                self.remembered_forms.push(form);
            }
            let token = RememberedToken {
                repaired,
                forms: first..self.remembered_forms.len() as u32,
            };
            self.tokens[usize::from(self.inside_sentence)].insert(word, token);
        }
        self.inside_sentence = false;
        self.next_is_name = false;
        out.keep(space);
        1
    }

    /// Of what the variants agree on, what the repair alone does not settle: groups where the
    /// lexicon repairs every form to the same word are left to it ("ældreomradet",
    /// "zeldreomradet" → "ældreområdet"); groups it leaves unrepaired or repairs two ways
    /// ("Strakjaer" → "Stråkjær" but "Strgkjeer" → "Strøkjær") take the agreed reading.
    fn keep_disputed(
        &mut self,
        mut learned: FxHashMap<String, (String, usize)>,
    ) -> FxHashMap<String, String> {
        let mut answers: FxHashMap<usize, Vec<Option<String>>> = FxHashMap::default();
        let mut forms: Vec<(&String, &usize)> = learned.iter().map(|(f, (_, g))| (f, g)).collect();
        forms.sort();
        let forms: Vec<(String, usize)> = forms.into_iter().map(|(f, &g)| (f.clone(), g)).collect();
        for (form, group) in &forms {
            let reading = self.fill(form);
            answers
                .entry(*group)
                .or_default()
                .push(self.cache.readings[reading].word.clone());
        }
        learned.retain(|_, (_, group)| {
            let answers = &answers[group];
            answers.iter().any(Option::is_none) || answers.iter().any(|a| a != &answers[0])
        });
        learned
            .into_iter()
            .map(|(form, (reading, _))| (form, reading))
            .collect()
    }

    /// Repairs `head-` at a line's end and `tail` on the next line as one word: the two halves
    /// of the repair, or `None` when the two are not one word the lexicon knows or repairs.
    fn repair_wrapped(&mut self, head: &str, space: &str, tail: &str) -> Option<(String, String)> {
        let stem = head.strip_suffix('-')?;
        if !space.contains('\n')
            || !stem.chars().next_back().is_some_and(char::is_alphabetic)
            || !tail.chars().next().is_some_and(char::is_lowercase)
        {
            return None;
        }
        let joined = [stem, tail].concat();
        match self.repair_token(&joined) {
            Cow::Owned(fixed) => {
                let at = align_boundary(&joined, stem.len(), &fixed)?;
                Some((fixed[..at].to_owned(), fixed[at..].to_owned()))
            }
            Cow::Borrowed(_) => {
                let core = trim_to_alphanumeric(&joined);
                let lower = core.to_lowercase();
                // "IT-kon-|trakt" is the known "it" and "kontrakt": one word, right as written.
                let known = |part: &str| self.lexicon.count(part) > 0 || self.is_known_form(part);
                (known(&lower) || lower.contains('-') && lower.split('-').all(known))
                    .then(|| (stem.to_owned(), tail.to_owned()))
            }
        }
    }

    /// Repairs one whitespace-separated token, keeping punctuation around it.
    fn repair_token<'t>(&mut self, token: &'t str) -> Cow<'t, str> {
        let core_start = token
            .char_indices()
            .find(|&(_, c)| c.is_alphanumeric() || matches!(c, '@' | '&' | '|' | '['))
            .map(|(i, _)| i);
        let Some(start) = core_start else {
            return Cow::Borrowed(token);
        };
        let end = token
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_alphanumeric() || matches!(c, '&' | '@' | '|'))
            .map_or(token.len(), |(i, c)| i + c.len_utf8());
        if end <= start {
            return Cow::Borrowed(token);
        }
        let core = &token[start..end];
        // Most tokens are a word alone: its repair is the token's, with nothing to copy round it.
        let around = |fixed: String| {
            if start == 0 && end == token.len() {
                fixed
            } else {
                [&token[..start], &fixed, &token[end..]].concat()
            }
        };
        if !core.contains('-') {
            if let Some(reading) = self.context_reading(core) {
                return if reading == core {
                    Cow::Borrowed(token)
                } else {
                    Cow::Owned(around(reading))
                };
            }
            return match self.repair_word(core) {
                Cow::Borrowed(_) => Cow::Borrowed(token),
                Cow::Owned(fixed) => Cow::Owned(around(fixed)),
            };
        }
        // Compound words are repaired part by part: "it-lgsning" → "it-løsning".
        let mut changed = false;
        let parts: Vec<Cow<'_, str>> = core
            .split('-')
            .map(|part| {
                let fixed = self.repair_word(part);
                changed |= matches!(fixed, Cow::Owned(_));
                fixed
            })
            .collect();
        if !changed {
            return Cow::Borrowed(token);
        }
        Cow::Owned(around(parts.join("-")))
    }

    /// The reading of a written form that its previous word decides ([`CONTEXT`]), in the
    /// written word's case.
    fn context_reading(&self, core: &str) -> Option<String> {
        if !self.known_words || self.previous.is_empty() || core.len() > 6 {
            return None;
        }
        CONTEXT
            .iter()
            .find(|(written, after, _)| {
                written.eq_ignore_ascii_case(core) && after.contains(&self.previous.as_str())
            })
            .map(|(_, _, reading)| match_case(core, reading))
    }

    /// Repairs one word without hyphens; borrows when it stays.
    fn repair_word<'w>(&mut self, word: &'w str) -> Cow<'w, str> {
        // "Al" is "AI" in a damaged text, unless a surname follows ("Al Gore"); in a clean one
        // it is a name as written.
        if word == "Al" && (!self.known_words || self.next_is_name) {
            return Cow::Borrowed(word);
        }
        if let Some(fixed) = special_form(word) {
            return Cow::Owned(fixed);
        }
        if !may_be_damaged_word(word) {
            return Cow::Borrowed(word);
        }
        // One buffer for the lower-case form: most words are cache hits and need no String.
        let mut lower = std::mem::take(&mut self.lower);
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        // A capital I at the start may be a damaged lower-case l ("Igsning", "Ipbet").
        if let Some(rest) = word.strip_prefix('I') {
            if rest.starts_with(|c: char| c.is_lowercase()) && self.lexicon.count(&lower) == 0 {
                let mut l_form = lower.clone();
                l_form.replace_range(..1, "l");
                let reading = self.fill(&l_form);
                // Only when the l reading leads to a word: "Ifalge" is "Ifølge", not "lfalge".
                let leads = self.cache.readings[reading]
                    .word
                    .as_deref()
                    .is_some_and(|word| self.lexicon.count(word) > 0 || self.is_known_form(word));
                if self.lexicon.count(&l_form) > 0 || leads {
                    lower = l_form;
                }
            }
        }
        let name_like = self.inside_sentence
            && self.known_words
            && word.starts_with(char::is_uppercase)
            && word.chars().nth(1).is_some_and(char::is_lowercase)
            && self.lexicon.count(&lower) > 0;
        if name_like {
            // Cached apart from the lower-case reading, under a key no word has.
            lower.insert(0, '\u{1}');
        }
        let id = self.fill(&lower);
        if self.cache.readings[id].unsettled && self.learned.is_empty() {
            self.mark_unsettled(&lower);
        }
        let reading = &self.cache.readings[id];
        let (repaired, listed) = (reading.word.as_ref(), reading.listed);
        let fixed = match repaired
            .filter(|_| listed)
            .or_else(|| self.learned.get(lower.as_str()))
            .or(repaired)
        {
            Some(fixed) => Cow::Owned(match_case(word, fixed)),
            None => Cow::Borrowed(word),
        };
        self.lower = lower;
        fixed
    }

    /// [`Self::reading_of_key`] with what [`Self::repair_word`] asks of it each time it meets
    /// the key, worked out once: words recur, and each lexicon lookup is a cache miss.
    fn settled_reading(&self, key: &str) -> Reading {
        let (word, known) = self.reading_of_key(key);
        let listed = word
            .as_deref()
            .is_some_and(|word| self.lexicon.count(word) > 0);
        // What the document's own variants agree on yields to a word the lexicon lists
        // ("værktøjer" for the variants "vaerktojer", "vaerktgjer"), not to a reading the repair
        // put together from parts ("stråkjær" for "Strakjaer", where "Strgkjeer" says
        // "Strøkjær").
        let unsettled = match word {
            Some(_) => !listed,
            None => self.lexicon.count(key) == 0,
        };
        Reading {
            word,
            listed,
            unsettled,
            known,
        }
    }

    /// The cached answer for a key of [`Self::repair_word`]: a lower-case form, or one marked
    /// with a leading `\u{1}` as a known word written like a name inside a sentence; and
    /// whether the key is a known form ([`Reading::known`]).
    fn reading_of_key(&self, key: &str) -> (Option<String>, bool) {
        match key.strip_prefix('\u{1}') {
            Some(plain) => {
                let own = self.lexicon.count(plain) as f64 * NAME_WEIGHT;
                // A name-like key is made only for a listed word.
                (self.best_candidate(plain, own), true)
            }
            None => {
                let own = self.lexicon.count(key);
                let known = own > 0 || self.is_known_form(key);
                (self.best_reading(key, own, known), known)
            }
        }
    }

    /// The first pass of a fresh repairer, cut into chunks at word boundaries that two of
    /// rayon's threads take, one from the front and one from the back, until they meet: a
    /// fixed cut in two would leave one thread idle while the other finishes the half with more
    /// new words, and chunks taken in turn would have both threads search the words of every
    /// article. The threads share nothing while they run: a map of readings both wrote to cost
    /// more in locking and in its cache lines moving between the cores than the searches it
    /// saved (9% slower on two cores). Each word's repair depends only on its neighbours and
    /// on searches that are pure functions of their keys, so the chunks joined are the pass
    /// over the whole; the forms left unsettled are put in the order the whole pass meets
    /// them, and their skeletons are made in each thread, so that the document's learning,
    /// which stays serial, reads them from the cache.
    fn repair_pieces_split<'t>(&mut self, text: &'t str, pieces: &[(&'t str, &'t str)]) -> String {
        // On one thread the chunks would only run one after the other, on two caches.
        if rayon::current_num_threads() < 2 {
            return self.repair_pieces(text, pieces, 0..pieces.len(), text.len());
        }
        let bounds = chunk_bounds(pieces);
        let taken = AtomicUsize::new(0);
        let mut helper = Repairer {
            known_words: self.known_words,
            ..Repairer::with_cache(self.lexicon, 2048)
        };
        // It reads about half of the text.
        helper.tokens[1].reserve(pieces.len() / 6);
        let (mine, theirs) = rayon::join(
            || {
                let chunks = self.repair_chunks(text, pieces, &bounds, &taken, End::Front);
                self.make_skeletons();
                chunks
            },
            || {
                let chunks = helper.repair_chunks(text, pieces, &bounds, &taken, End::Back);
                helper.make_skeletons();
                let unrepaired = std::mem::take(&mut helper.unrepaired);
                let skeletons = std::mem::take(&mut helper.skeletons);
                let cache = std::mem::take(&mut helper.cache);
                // The rest is dropped here, on the thread with time to spare.
                drop(helper);
                (chunks, unrepaired, skeletons, cache)
            },
        );
        let (their_chunks, their_forms, their_skeletons, their_cache) = theirs;
        self.spare = their_cache;
        self.skeletons.extend(their_skeletons);
        // The front thread took the chunks from the first on and the back thread the rest, each
        // list in the text's order, so the front's come first and it met its forms in the
        // text's order: their numbers are already the whole pass's. The back thread's forms
        // are numbered after them, in the order the text meets them.
        let mut their_ids = vec![None; their_forms.len()];
        let len = (mine.iter().chain(&their_chunks))
            .map(|chunk| chunk.out.len())
            .sum();
        let chunks = (mine.into_iter().map(|chunk| (false, chunk)))
            .chain(their_chunks.into_iter().map(|chunk| (true, chunk)));
        let mut out = String::with_capacity(len);
        for (theirs, chunk) in chunks {
            let shift = out.len();
            out.push_str(&chunk.out);
            for (i, used, span, held) in chunk.marks {
                let start = self.mark_forms.len();
                for &form in &chunk.mark_forms[held] {
                    let id = match theirs {
                        false => form,
                        true => *their_ids[form as usize]
                            .get_or_insert_with(|| self.global_form(their_forms.get(form))),
                    };
                    self.mark_forms.push(id);
                }
                let span = span.start + shift..span.end + shift;
                self.marks
                    .push((i, used, span, start..self.mark_forms.len()));
            }
        }
        out
    }

    /// Repairs the chunks of a split first pass between `bounds`, one at a time from the `from`
    /// end of the text, until the two threads have taken them all (`taken` counts both threads'
    /// chunks). Returns them in the text's order.
    fn repair_chunks<'t>(
        &mut self,
        text: &'t str,
        pieces: &[(&'t str, &'t str)],
        bounds: &[usize],
        taken: &AtomicUsize,
        from: End,
    ) -> Vec<Chunk> {
        let mut chunks = Vec::new();
        let count = bounds.len() - 1;
        // While fewer than `count` are taken in all, this end's next chunk is not the other's.
        while taken.fetch_add(1, Ordering::Relaxed) < count {
            let index = match from {
                End::Front => chunks.len(),
                End::Back => count - 1 - chunks.len(),
            };
            let (start, end) = (bounds[index], bounds[index + 1]);
            let len = pieces[start..end]
                .iter()
                .map(|(word, space)| word.len() + space.len())
                .sum();
            let out = self.repair_pieces(text, pieces, start..end, len);
            chunks.push(Chunk {
                out,
                marks: std::mem::take(&mut self.marks),
                mark_forms: std::mem::take(&mut self.mark_forms),
            });
        }
        if from == End::Back {
            chunks.reverse();
        }
        chunks
    }

    /// Marks the piece being repaired as holding the unsettled form `form`.
    fn mark_unsettled(&mut self, form: &str) {
        let id = self.global_form(form);
        self.touched = true;
        self.mark_forms.push(id);
    }

    /// The number of an unsettled form in the whole text, given one the first time it is met.
    fn global_form(&mut self, form: &str) -> u32 {
        self.unrepaired.intern(form)
    }

    /// The skeletons of the forms this pass left unsettled, made ahead of the learning.
    fn make_skeletons(&mut self) {
        if !self.known_words {
            return;
        }
        for form in self.unrepaired.iter() {
            if !self.skeletons.contains_key(form) {
                // Every unsettled form is a key of the cache or the spare, whose reading says
                // whether the form is known.
                let known = match self.cache.get(form).or_else(|| self.spare.get(form)) {
                    Some(reading) => reading.known,
                    None => is_known_or_listed(form, self.lexicon),
                };
                let skeleton = skeleton_of(form, known);
                self.skeletons.insert(form, skeleton);
            }
        }
    }

    /// Where in `readings` `key`'s reading is, put there first if the cache lacks it: from
    /// the spare, or searched.
    fn fill(&mut self, key: &str) -> usize {
        if let Some(&id) = self.cache.ids.get(key) {
            return id as usize;
        }
        let answer = match self.spare.get(key) {
            Some(reading) => reading.clone(),
            None => self.settled_reading(key),
        };
        self.cache.insert(key, answer)
    }

    /// The reading of `lower` the channel model prefers, if it is not `lower` itself; `own` is
    /// its count and `known` whether it is a known form ([`Reading::known`]).
    fn best_reading(&self, lower: &str, own: u64, known: bool) -> Option<String> {
        if known {
            if !self.known_words {
                return None;
            }
            if own > 0 {
                return self.best_candidate(lower, own as f64);
            }
            // A form known only as a genitive or compound is weaker evidence than a listed word,
            // and its parts may be damaged words themselves: "markeds|foringen" is likelier
            // "markedsføringen", "kommunal|direktor" "kommunaldirektør".
            if let Some(word) = self.best_candidate(lower, KNOWN_FORM_SCORE) {
                return Some(word);
            }
            if let Some(base) = lower.strip_suffix('s') {
                let base_count = self.lexicon.count(base);
                if base_count > 0 {
                    return self
                        .best_candidate(base, base_count as f64)
                        .map(|word| word + "s");
                }
            }
            return self.best_compound_unless_inflected(lower);
        }
        if !self.known_words {
            // Text that looks clean: only a well-attested word replaces an unknown one.
            return self
                .best_candidate(lower, 0.0)
                .filter(|word| self.lexicon.count(word) >= CAUTIOUS_MIN_COUNT);
        }
        if let Some(word) = self.best_candidate(lower, 0.0) {
            return Some(word);
        }
        // Unknown forms: a genitive of a word the confusions reach, or a compound of two.
        if let Some(base) = lower.strip_suffix('s') {
            if let Some(word) = self.best_candidate(base, 0.0) {
                return Some(word + "s");
            }
        }
        self.best_compound_unless_inflected(lower)
            .or_else(|| unmistakable_damage(lower))
    }

    /// [`Self::best_compound`], unless the word is an inflection of a listed word
    /// ("harmoniser|et"): then it is right as written.
    fn best_compound_unless_inflected(&self, lower: &str) -> Option<String> {
        if super::compounds::is_listed_or_inflected(lower, self.lexicon) {
            return None;
        }
        self.best_compound(lower)
    }

    /// Whether the lexicon knows `word` as a genitive or a compound of known words.
    fn is_known_form(&self, word: &str) -> bool {
        is_known_form_in(word, self.lexicon)
    }

    /// The best compound reading: a known (or repairable) head, an optional linking -s-/-e-,
    /// and a repaired tail; "direktivnzert" → "direktivnært".
    fn best_compound(&self, lower: &str) -> Option<String> {
        let letters = lower.chars().count();
        let mut best: Option<(f64, String)> = None;
        // Split `k` cuts after `k` letters: the head has `k`, the tail the rest.
        let splits = (lower.char_indices().map(|(i, _)| i).enumerate())
            .take(letters.saturating_sub(MIN_LINKED_TAIL - 1))
            .skip(MIN_REPAIRED_HEAD);
        // The shortest head found to be a dead end ([`Part::dead_end`]): every longer head
        // begins with it, so none can be read as a word.
        let mut dead_end = usize::MAX;
        for (head_letters, at) in splits {
            let (head, tail) = lower.split_at(at);
            if is_ending(tail) {
                continue;
            }
            // A short last part counts only after a linking -s-/-e- and as a common word as
            // written ("arbejdsmarkeds|lov", not "arbejdsmarked|sløv").
            let short_tail_count = if letters - head_letters < MIN_PART_CHARS {
                let count = self.lexicon.count(tail);
                if count < SHORT_HEAD_COUNT {
                    continue;
                }
                Some(count)
            } else {
                None
            };
            let linked = head
                .strip_suffix(['s', 'e'])
                .map(|stem| (stem, &head[stem.len()..], head_letters - 1));
            let unlinked = short_tail_count
                .is_none()
                .then_some((head, "", head_letters));
            // The head as written and the head before a linking letter: two at most, kept on
            // the stack, as a compound is searched for each of its unlisted forms.
            let mut heads: [Option<(f64, Arc<str>, &str)>; 2] = [None, None];
            for (slot, (stem, link, letters)) in unlinked.into_iter().chain(linked).enumerate() {
                if letters < MIN_REPAIRED_HEAD {
                    continue;
                }
                if stem.len() >= dead_end {
                    continue;
                }
                let part = self.part(stem);
                // Stems at least as long as a dead end were skipped above.
                if part.dead_end {
                    dead_end = stem.len();
                }
                let Some((head_score, head_word)) = part.reading else {
                    continue;
                };
                // A short head counts only as a common Danish word the repair makes far likelier
                // than the head as written ("mal|billede" is "målbillede", but "gen|udbydes"
                // stays): short words as written split too much.
                if letters < MIN_PART_CHARS
                    && (&*head_word == stem
                        || !head_word.contains(['æ', 'ø', 'å'])
                        || self.lexicon.count(&head_word) < SHORT_HEAD_COUNT
                        || head_score < 10.0 * self.lexicon.count(stem) as f64)
                {
                    continue;
                }
                heads[slot] = Some((head_score, head_word, link));
            }
            // A compound scores as its weaker part: the tail is searched only when a head could
            // beat the best so far.
            let beats_best = |score: f64| best.as_ref().is_none_or(|(s, _)| score > *s);
            if !heads
                .iter()
                .flatten()
                .any(|&(score, _, _)| beats_best(score))
            {
                continue;
            }
            let tail_reading = match short_tail_count {
                Some(count) => Some((count as f64, Arc::from(tail))),
                None => self.known_or_repaired(tail),
            };
            let Some((tail_score, tail_word)) = tail_reading else {
                continue;
            };
            for (head_score, head_word, link) in heads.iter_mut().filter_map(Option::take) {
                let score = head_score.min(tail_score);
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, [&head_word, link, &tail_word].concat()));
                }
            }
        }
        best.map(|(_, word)| word).filter(|word| word != lower)
    }

    /// The likelier of a word as it stands (if known) and its best repair, with its score.
    fn known_or_repaired(&self, word: &str) -> PartReading {
        self.part(word).reading
    }

    /// [`Self::known_or_repaired`], and whether the word is a dead end.
    fn part(&self, word: &str) -> Part {
        // Remembered: compounds share their parts ("…sikkerhed", "…løsning").
        if let Some(known) = self.parts.borrow().get(word) {
            return known.clone();
        }
        let own = self.lexicon.count(word) as f64;
        let (found, dead_end) =
            self.search_with(word, own, |score, repaired| (score, Arc::from(repaired)));
        let reading = found.or_else(|| (own > 0.0).then(|| (own, Arc::from(word))));
        let part = Part { reading, dead_end };
        self.parts.borrow_mut().insert(word, part.clone());
        part
    }

    /// The most likely lexicon word the confusions reach from `lower`, if it beats `own` (the
    /// score of leaving the word as it is).
    fn best_candidate(&self, lower: &str, own: f64) -> Option<String> {
        self.best_candidate_scored(lower, own).map(|(_, word)| word)
    }

    fn best_candidate_scored(&self, lower: &str, own: f64) -> Option<(f64, String)> {
        self.search(lower, own).0
    }

    /// [`Self::best_candidate_scored`], and whether `lower` is a dead end: no word begins with
    /// any of its readings, so no word that begins with `lower` is a word or repairs to one.
    fn search(&self, lower: &str, own: f64) -> (Option<(f64, String)>, bool) {
        self.search_with(lower, own, |score, word| (score, word.to_owned()))
    }

    /// [`Self::search`], the reading found handed to `keep` with its score: a compound part
    /// keeps it as an `Arc<str>`, made from the search's bytes without a `String` between.
    fn search_with<R>(
        &self,
        lower: &str,
        own: f64,
        keep: impl FnOnce(f64, &str) -> R,
    ) -> (Option<R>, bool) {
        let table = self.lexicon.view();
        // A listed word that no reading beats at its own count (the table says so) is beaten at
        // no higher score either, and a listed word is never a dead end.
        if own > 0.0 {
            if let Some(count) = table.settled_count(lower.as_bytes()) {
                if own >= count as f64 {
                    return (None, false);
                }
            }
        }
        let mut bytes = self.search_bytes.borrow_mut();
        let outcome = channel::search(table, &mut bytes, lower.as_bytes(), own);
        let reading = outcome
            .score
            .map(|score| {
                let word =
                    std::str::from_utf8(&bytes.best).expect("confusions replace whole characters");
                (score, word)
            })
            .filter(|&(_, word)| word != lower)
            .map(|(score, word)| keep(score, word));
        (reading, !outcome.open)
    }
}

/// A compound part's score and reading ([`Repairer::known_or_repaired`]); `None` when it is
/// neither a known word nor repaired to one.
type PartReading = Option<(f64, Arc<str>)>;

/// What [`Repairer::part`] found for a compound part.
#[derive(Clone)]
struct Part {
    reading: PartReading,
    /// No word begins with any reading of the part ([`channel::Outcome`] not open): no longer
    /// part that begins with it is a word or repairs to one, so a compound's longer heads need no
    /// search.
    dead_end: bool,
}

/// A cache key's reading ([`Repairer::settled_reading`]).
#[derive(Clone)]
struct Reading {
    word: Option<String>,
    /// The reading is a word the lexicon lists.
    listed: bool,
    /// The lexicon leaves the form unsettled: neither listed nor repaired to a listed word.
    unsettled: bool,
    /// The form itself is listed or a genitive or compound of listed words
    /// ([`is_known_or_listed`]): worked out for the reading, and asked again of the forms left
    /// unsettled when the document's variants are compared ([`skeleton_of`]).
    known: bool,
}

/// The end of the text a thread of a split first pass works from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Front,
    Back,
}

/// A repair as it is written out. Nearly every word stays as it is: those are not copied one
/// by one, with the space after each, but as runs of the source text, one copy a run. Copying
/// each word and each space apart made over a third of a fresh repair's calls to `memcpy`,
/// each a call and a few branches to copy a few bytes.
struct Output<'t> {
    text: &'t str,
    out: String,
    /// The bytes of `text` kept since the last write, not yet copied.
    kept: std::ops::Range<usize>,
}

impl<'t> Output<'t> {
    fn new(text: &'t str, capacity: usize) -> Self {
        Output {
            text,
            out: String::with_capacity(capacity),
            kept: 0..0,
        }
    }

    /// Writes `piece`, a slice of the source text, as it is.
    #[inline]
    fn keep(&mut self, piece: &'t str) {
        let start = piece.as_ptr() as usize - self.text.as_ptr() as usize;
        debug_assert_eq!(self.text.get(start..start + piece.len()), Some(piece));
        if start != self.kept.end {
            self.flush();
            self.kept = start..start;
        }
        self.kept.end = start + piece.len();
    }

    fn push_str(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    fn flush(&mut self) {
        if !self.kept.is_empty() {
            self.out.push_str(&self.text[self.kept.clone()]);
            self.kept.start = self.kept.end;
        }
    }

    /// How long the repair written so far is.
    fn len(&self) -> usize {
        self.out.len() + self.kept.len()
    }

    /// Drops what was written after the first `len` bytes.
    fn truncate(&mut self, len: usize) {
        self.flush();
        self.out.truncate(len);
    }

    fn into_string(mut self) -> String {
        self.flush();
        self.out
    }
}

/// One chunk of a split first pass, as [`Repairer::repair_chunks`] hands it back to be joined
/// to the others: its repair, and its marks with spans in that repair and forms numbered as the
/// thread that repaired it numbered them.
struct Chunk {
    out: String,
    marks: Vec<(usize, usize, std::ops::Range<usize>, std::ops::Range<usize>)>,
    mark_forms: Vec<u32>,
}

/// Readings by cache key: the key's place in a list, so that a word met again costs one
/// lookup in the map, where the map of readings themselves took two (a test, then the read),
/// as the borrow checker will not hand out a reading and fill a missing one in one match.
#[derive(Default)]
struct Readings {
    ids: StrMap<u32>,
    readings: Vec<Reading>,
}

impl Readings {
    fn with_capacity(capacity: usize) -> Self {
        Readings {
            ids: StrMap::with_capacity(capacity, capacity * 10),
            readings: Vec::with_capacity(capacity),
        }
    }

    fn is_empty(&self) -> bool {
        self.readings.is_empty()
    }

    fn get(&self, key: &str) -> Option<&Reading> {
        let &id = self.ids.get(key)?;
        Some(&self.readings[id as usize])
    }

    /// Adds the reading of `key`, which has none yet; returns where it is.
    fn insert(&mut self, key: &str, reading: Reading) -> usize {
        debug_assert!(!self.ids.contains_key(key), "{key} is read once");
        let id = self.readings.len();
        self.ids.insert(key, id as u32);
        self.readings.push(reading);
        id
    }

    /// Adds the readings of `other` this one lacks.
    fn absorb(&mut self, other: Readings) {
        let Readings { ids, readings } = other;
        let mut keys: Vec<(&str, u32)> = ids.iter().map(|(key, &id)| (key, id)).collect();
        // Ids number the readings densely, so sorted keys line up with them.
        keys.sort_unstable_by_key(|&(_, id)| id);
        for ((key, _), reading) in keys.into_iter().zip(readings) {
            let id = self.readings.len() as u32;
            if *self.ids.get_or_insert(key, id).1 == id {
                self.readings.push(reading);
            }
        }
    }
}

/// Where the chunks of a split first pass start, and where the last ends: every
/// [`SPLIT_CHUNK_WORDS`] words or a little after, as a word hyphenated at a line's end takes
/// the next with it and a chunk ends after a word that cannot.
fn chunk_bounds(pieces: &[(&str, &str)]) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut at = SPLIT_CHUNK_WORDS;
    while let Some(cut) = (at..pieces.len()).find(|&i| !pieces[i - 1].0.ends_with('-')) {
        bounds.push(cut);
        at = cut + SPLIT_CHUNK_WORDS;
    }
    bounds.push(pieces.len());
    bounds
}

/// Whether `pieces[i]` follows another word of its sentence.
fn inside_sentence(pieces: &[(&str, &str)], i: usize) -> bool {
    i > 0 && {
        let previous = pieces[i - 1].0;
        !previous.ends_with(['.', '!', '?', ':', '"', '”', '“', '|'])
            && previous.contains(char::is_alphanumeric)
    }
}

/// Whether a word without hyphens has letters to repair. Digits stand for letters only beside
/// letters ("s8", "p3", "0gsa"); "8" and "2024" are numbers.
fn may_be_damaged_word(word: &str) -> bool {
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    word.chars().any(char::is_alphabetic)
        && !(has_digit
            && (!word.contains(['3', '8', '0'])
                || word.chars().filter(char::is_ascii_digit).count() > 1))
}

/// An unknown word (a name, a rare compound) with its unmistakable damage undone: "ee", "ze" and
/// "ae", which Danish spells only in loanwords the lexicon knows, are "æ"; "@" and "&" between
/// letters are "ø" and "å". `None` when the word has none of them.
fn unmistakable_damage(lower: &str) -> Option<String> {
    // Addresses ("info@kita.dk") and codes are written as they are.
    if lower.contains(|c: char| !c.is_alphabetic() && !matches!(c, '@' | '&')) {
        return None;
    }
    let mut out = String::with_capacity(lower.len());
    let mut rest = lower;
    let mut changed = false;
    let mut previous_letter = false;
    while let Some(c) = rest.chars().next() {
        let next_letter = rest[c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
        if previous_letter && ["ee", "ze", "ae"].iter().any(|d| rest.starts_with(d)) {
            out.push('æ');
            rest = &rest[2..];
            changed = true;
            previous_letter = true;
            continue;
        }
        let fixed = match c {
            '@' if previous_letter && next_letter => 'ø',
            '&' if previous_letter && next_letter => 'å',
            c => c,
        };
        changed |= fixed != c;
        out.push(fixed);
        previous_letter = fixed.is_alphabetic();
        rest = &rest[c.len_utf8()..];
    }
    changed.then_some(out)
}

/// What OCR wrote for each Danish letter in the damaged issues, with the channel weights of
/// [`CONFUSIONS`] (the letter itself, written intact, weighs 1): the alphabet in which a
/// document's variants of one word are compared.
const VARIANTS: &[(char, &[(&str, f64)])] = &[
    (
        'æ',
        &[
            ("æ", 1.0),
            ("ae", 0.35),
            ("ee", 0.2),
            ("ze", 0.15),
            ("a", 0.08),
            ("e", 0.1),
        ],
    ),
    (
        'ø',
        &[
            ("ø", 1.0),
            ("g", 0.25),
            ("e", 0.2),
            ("o", 0.15),
            ("a", 0.08),
            ("@", 0.05),
        ],
    ),
    (
        'å',
        &[
            ("å", 1.0),
            ("a", 0.7),
            ("d", 0.1),
            ("é", 0.05),
            ("&", 0.05),
            ("3", 0.03),
        ],
    ),
];

/// Written forms that may stand for a lost Danish letter, two-letter ones first so that a
/// skeleton reads "ae" as one slot.
const SLOT_FORMS: &[&str] = &[
    "ae", "ee", "ze", "æ", "ø", "å", "a", "e", "g", "o", "@", "d", "é", "&", "3",
];

/// Learns the names and rare words of one damaged document from its own variants.
///
/// OCR damages the same word differently in different places: "Kjærsdam" comes out as
/// "Kjersdam", "Kjarsdam", "Kjaersdam" and "Kjzersdam", none of which the lexicon knows. Words
/// the lexicon does not know are grouped by their skeleton (every letter OCR may have written
/// for æ/ø/å made a wildcard slot). Where two or more forms of one skeleton differ in a slot,
/// the difference is the damage: the slot gets the Danish letter whose confusions explain every
/// form seen there (the likeliest if several do). Slots that never differ keep their letters.
/// Returns each lower-case form's reading and a number naming its group. `skeletons` holds
/// every form's [`skeleton_of`] ([`Repairer::make_skeletons`]); a form it lacks is not learnt
/// from.
fn learn_variants<'t>(
    forms: impl Iterator<Item = &'t str>,
    skeletons: &StrMap<Option<String>>,
) -> FxHashMap<String, (String, usize)> {
    let mut groups: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for lower in forms {
        if let Some(Some(skeleton)) = skeletons.get(lower) {
            groups.entry(skeleton.as_str()).or_default().push(lower);
        }
    }
    let mut learned = FxHashMap::default();
    let groups = groups.into_values().filter(|forms| forms.len() >= 2);
    for (group, forms) in groups.enumerate() {
        let forms: Vec<Vec<&str>> = forms
            .into_iter()
            .map(|form| slots(form).collect())
            .collect();
        let Some(reading) = agreed_reading(&forms) else {
            continue;
        };
        for form in &forms {
            learned.insert(form.concat(), (reading.clone(), group));
        }
    }
    learned
}

/// The skeleton of a lower-case form the lexicon does not know: its [`slots`], with every
/// slot OCR may have written for a Danish letter made one wildcard. `None` for known forms
/// (`known`: [`is_known_or_listed`]) and for those too short or with digits to learn from.
fn skeleton_of(lower: &str, known: bool) -> Option<String> {
    // Short words are too ambiguous to learn from; digits mark numbers and codes.
    if lower.chars().count() < 5
        || !lower
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '@' | '&' | '3'))
        || known
    {
        return None;
    }
    let mut skeleton = String::with_capacity(lower.len());
    for slot in slots(lower) {
        if SLOT_FORMS.contains(&slot) {
            skeleton.push('\u{1}');
        } else {
            skeleton.push_str(slot);
        }
    }
    Some(skeleton)
}

/// A lower-case word cut into slots: each [`SLOT_FORMS`] match, and each other character.
fn slots(lower: &str) -> impl Iterator<Item = &str> {
    let mut rest = lower;
    std::iter::from_fn(move || {
        let c = rest.chars().next()?;
        let len = SLOT_FORMS
            .iter()
            .find(|form| rest.starts_with(*form))
            .map_or(c.len_utf8(), |form| form.len());
        let (slot, after) = rest.split_at(len);
        rest = after;
        Some(slot)
    })
}

/// The reading the forms of one skeleton agree on, if some slot differs between them and every
/// differing slot is explained by one Danish letter.
fn agreed_reading(forms: &[Vec<&str>]) -> Option<String> {
    let mut reading = String::new();
    let mut damaged = false;
    for i in 0..forms[0].len() {
        let mut written: Vec<&str> = forms.iter().map(|form| form[i]).collect();
        written.sort_unstable();
        written.dedup();
        if written.len() == 1 {
            reading.push_str(written[0]);
            continue;
        }
        let letter = VARIANTS
            .iter()
            .filter_map(|(letter, ways)| {
                let weight = written.iter().try_fold(1.0, |weight, w| {
                    ways.iter()
                        .find(|(way, _)| way == w)
                        .map(|(_, p)| weight * p)
                })?;
                Some((weight, *letter))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))?
            .1;
        reading.push(letter);
        damaged = true;
    }
    damaged.then_some(reading)
}

/// In text that looks clean, the least count (per billion words) of a word that replaces an
/// unknown one: rare forms are more likely names or unusual words that are right as written.
const CAUTIOUS_MIN_COUNT: u64 = 1000;

/// The score of leaving a word that the lexicon knows only as a genitive or a compound of two
/// known words: below any listed word reached by likely damage.
const KNOWN_FORM_SCORE: f64 = 0.01;

/// Written forms whose reading the word before decides, where counts alone would choose the
/// other: (written, after one of these words, reading). Danish grammar, not learnt from text:
/// "måde" is common gender and "møde" neuter, so "et/det made" is "møde"; after a possessive,
/// "far" is the father, not "får"; after a subject pronoun "moder" is the verb "møder".
const CONTEXT: &[(&str, &[&str], &str)] = &[
    (
        "made",
        &[
            "et", "det", "dette", "hvert", "ethvert", "intet", "nyt", "godt", "første", "næste",
        ],
        "møde",
    ),
    (
        "made",
        &[
            "en", "den", "denne", "samme", "anden", "ny", "god", "hvilken", "sådan",
        ],
        "måde",
    ),
    (
        "far",
        &[
            "min", "din", "sin", "hans", "hendes", "deres", "vores", "jeres",
        ],
        "far",
    ),
    // After "fra" the verb "får" cannot follow, and "fra før" ("fra før pandemien") is far
    // commoner than "fra far".
    ("far", &["fra"], "før"),
    (
        "moder",
        &[
            "vi", "de", "man", "jeg", "han", "hun", "du", "der", "som", "i",
        ],
        "møder",
    ),
    (
        "meder",
        &[
            "vi", "de", "man", "jeg", "han", "hun", "du", "der", "som", "i",
        ],
        "møder",
    ),
    (
        "mader",
        &[
            "vi", "de", "man", "jeg", "han", "hun", "du", "der", "som", "i",
        ],
        "møder",
    ),
];

/// Words this frequent (per billion) are function words, never surnames.
const COMMON_WORD_COUNT: u64 = 100_000;

/// How much likelier a known word is as written when it has a capital inside a sentence: it is
/// then often a name, which the lower-case counts of the lexicon underrate.
const NAME_WEIGHT: f64 = 10.0;

/// Whether the lexicon lists `word` or knows it as a genitive or a compound of known words.
fn is_known_or_listed(word: &str, lexicon: &Lexicon) -> bool {
    lexicon.count(word) > 0 || is_known_form_in(word, lexicon)
}

/// Whether the lexicon knows `word` as a genitive or a compound of known words.
fn is_known_form_in(word: &str, lexicon: &Lexicon) -> bool {
    word.strip_suffix('s')
        .is_some_and(|base| lexicon.count(base) > 0)
        || split_in_two(word, lexicon).is_some()
}

/// A compound's head may be this short when the repair restored a Danish letter in it ("mål",
/// "år", "sø" are common heads).
const MIN_REPAIRED_HEAD: usize = 3;

/// How common (per billion words) a short head must be when repaired, and a short last part as
/// written.
const SHORT_HEAD_COUNT: u64 = 10_000;

/// A compound's last part may be this short after a linking -s-/-e- when it is a common word
/// as written ("lov", "ret", "år").
const MIN_LINKED_TAIL: usize = 3;

/// Whether a would-be last part of a compound is an inflectional ending ("harmonis|eret").
fn is_ending(tail: &str) -> bool {
    super::compounds::is_not_a_part(tail)
}

/// Where byte offset `at` of `original` falls in `fixed`, its repair: the two are aligned
/// letter by letter and confusion by confusion. `None` when no alignment keeps `at` between
/// letters.
fn align_boundary(original: &str, at: usize, fixed: &str) -> Option<usize> {
    fn same(a: &str, b: &str) -> bool {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
    // Wrapped words are cut again at every line end they recur at: the letters that agree,
    // most of a word, are stepped over in a loop, compared as ASCII where both are, rather
    // than with a call and two `to_lowercase` walks each.
    fn go(
        o: &str,
        mut i: usize,
        f: &str,
        mut j: usize,
        at: usize,
        mut found: Option<usize>,
    ) -> Option<usize> {
        // Where both sides have the same letter there is nothing to choose: no confusion writes
        // a letter as itself, so none applies where the letters agree.
        loop {
            if i == at {
                found = Some(j);
            }
            if i == o.len() && j == f.len() {
                return found;
            }
            let (Some(a), Some(b)) = (o[i..].chars().next(), f[j..].chars().next()) else {
                break;
            };
            let agree = if a.is_ascii() && b.is_ascii() {
                a.eq_ignore_ascii_case(&b)
            } else {
                same(&o[i..i + a.len_utf8()], &f[j..j + b.len_utf8()])
            };
            if !agree {
                break;
            }
            i += a.len_utf8();
            j += b.len_utf8();
        }
        let (rest_o, rest_f) = (&o[i..], &f[j..]);
        let &first = rest_o.as_bytes().first()?;
        // Only confusions written from this byte can match: every written form starts with an
        // ASCII byte or, for "é", with the byte "É" starts with too.
        let (start, end) = CONFUSIONS_FROM[first.to_ascii_lowercase() as usize];
        let extra: &[(&str, &str, f64)] = match first {
            b'i' | b'I' => &[("i", "l", 0.0)],
            _ => &[],
        };
        for &(from, to, _) in CONFUSIONS[start as usize..end as usize].iter().chain(extra) {
            let crosses = i < at && at < i + from.len();
            if crosses || rest_o.len() < from.len() || !rest_o.is_char_boundary(from.len()) {
                continue;
            }
            if !same(&rest_o[..from.len()], from) || !starts_lowercase(rest_f, to) {
                continue;
            }
            let to_len = rest_f
                .char_indices()
                .nth(to.chars().count())
                .map_or(rest_f.len(), |(k, _)| k);
            if let Some(split) = go(o, i + from.len(), f, j + to_len, at, found) {
                return Some(split);
            }
        }
        None
    }
    go(original, 0, fixed, 0, at, None)
}

/// `word` without the characters around it that are not letters or digits, the same as
/// `word.trim_matches(|c: char| !c.is_alphanumeric())` but a few times faster on the ASCII
/// punctuation around nearly every word: bytes are trimmed first, and the char predicate runs
/// only when a non-ASCII character stands at an edge.
fn trim_to_alphanumeric(word: &str) -> &str {
    let bytes = word.as_bytes();
    let is_trimmed = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    let Some(start) = bytes.iter().position(|&b| !is_trimmed(b)) else {
        return "";
    };
    let end = bytes
        .iter()
        .rposition(|&b| !is_trimmed(b))
        .map_or(start, |i| i + 1);
    if bytes[start].is_ascii() && bytes[end - 1].is_ascii() {
        return &word[start..end];
    }
    // Stopped at a byte of a non-ASCII character, which may still be trimmed: the slow way
    // from there. Cutting at ASCII bytes keeps the slice on character boundaries.
    word[start..end].trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether `text` in lower case starts with `prefix`, without lower-casing all of `text`.
fn starts_lowercase(text: &str, prefix: &str) -> bool {
    let mut lower = text.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|c| lower.next() == Some(c))
}

/// Damaged forms that are not letter swaps: "Al" for "AI", "|" for "I", "[T" for "IT", "0S2"
/// for "OS2" (a zero before capitals).
fn special_form(word: &str) -> Option<String> {
    match word {
        "Al" => return Some("AI".to_owned()),
        "|" => return Some("I".to_owned()),
        "[T" | "[t" => return Some("IT".to_owned()),
        _ => {}
    }
    let rest = word.strip_prefix('0')?;
    rest.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| format!("O{rest}"))
}

/// Gives `fixed` the case pattern of `original`: all capitals, a capital first, or lower case.
/// A capital I that the repair read as an l ("Igsning") was a damaged lower-case l.
fn match_case(original: &str, fixed: &str) -> String {
    if original.starts_with('I') && fixed.starts_with('l') {
        return fixed.to_owned();
    }
    let mut letters = original.chars().filter(|c| c.is_alphabetic());
    let all_capitals = letters.clone().all(char::is_uppercase);
    if all_capitals && letters.nth(1).is_some() {
        fixed.to_uppercase()
    } else if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = fixed.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        fixed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn trimming_to_letters_and_digits_agrees_with_trim_matches(
            word in proptest::prop_oneof![
                "[(\"'.,;:!?«»“”„–‐@&|0-9a-zæøåÆØÅé\u{a0}\u{2019}]{0,10}",
                proptest::prelude::any::<String>(),
            ]
        ) {
            proptest::prop_assert_eq!(
                trim_to_alphanumeric(&word),
                word.trim_matches(|c: char| !c.is_alphanumeric())
            );
        }
    }

    fn lexicon() -> Lexicon {
        Lexicon::from_counts([
            ("på", 9000),
            ("pa", 2),
            ("også", 3000),
            ("når", 2000),
            ("for", 20000),
            ("før", 1500),
            ("får", 1200),
            ("far", 300),
            ("måde", 800),
            ("møde", 400),
            ("made", 5),
            ("moder", 30),
            ("møder", 200),
            ("book", 40),
            ("mere", 900),
            ("løsning", 500),
            ("løsninger", 300),
            ("grønne", 200),
            ("større", 400),
            ("største", 300),
            ("øget", 80),
            ("fællesskab", 90),
            ("værktøj", 60),
            ("ærgerligt", 10),
            ("kommunerne", 900),
            ("it", 500),
            ("så", 7000),
            ("løbet", 300),
            ("ifølge", 900),
        ])
    }

    #[test]
    fn damaged_words_from_the_known_confusions_are_restored() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        for (damaged, expected) in [
            ("pa", "på"),
            ("pd", "på"),
            ("pé", "på"),
            ("p3", "på"),
            ("s&", "så"),
            ("s8", "så"),
            ("ogsa", "også"),
            ("0gsa", "også"),
            ("lgsning", "løsning"),
            ("Igsning", "løsning"),
            ("i Ipbet af", "i løbet af"),
            ("Ifalge", "Ifølge"),
            ("gronne", "grønne"),
            ("starre", "større"),
            ("sterste", "største"),
            ("@get", "øget"),
            ("fzellesskab", "fællesskab"),
            ("veerktej", "værktøj"),
            ("zergerligt", "ærgerligt"),
            ("made", "måde"),
            ("Al", "AI"),
            ("|", "I"),
        ] {
            assert_eq!(repairer.repair_text(damaged), expected, "{damaged}");
        }
        // A hyphenated word cut at a line's end is judged whole: "kon" alone would be "køn".
        let wrapped = Lexicon::from_counts([("it", 500), ("kontrakt", 90), ("køn", 4000)]);
        assert_eq!(
            Repairer::new(&wrapped).repair_text("en IT-kon-\ntrakt nu"),
            "en IT-kon-\ntrakt nu"
        );
    }

    #[test]
    fn real_words_and_unknown_words_stay() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        for word in [
            "for",
            "kommunerne",
            "NIS2",
            "KOMBIT",
            "2024",
            "Gladsaxe",
            "8",
            "2024",
            "0-17-årig",
        ] {
            assert_eq!(repairer.repair_text(word), word);
        }
    }

    #[test]
    fn known_words_yield_only_to_far_likelier_readings() {
        let lexicon = lexicon();
        // In damaged text "far" is far likelier "får" (å → a is the commonest damage) ...
        assert_eq!(Repairer::new(&lexicon).repair_text("far"), "får");
        // ... but text that looks clean keeps every known word.
        let mut cautious = Repairer::cautious(&lexicon);
        assert_eq!(cautious.repair_text("far for made"), "far for made");
        assert_eq!(cautious.repair_text("kommunerne"), "kommunerne");
    }

    #[test]
    fn the_word_before_decides_ambiguous_forms() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        for (damaged, expected) in [
            ("book et made nu", "book et møde nu"),
            ("på en made, der", "på en måde, der"),
            ("Made og mere", "Måde og mere"),
            ("hvis min far vil", "hvis min far vil"),
            ("og far frigivet", "og får frigivet"),
            ("arbejdet fra far Corona", "arbejdet fra før Corona"),
            ("når vi moder op", "når vi møder op"),
        ] {
            assert_eq!(repairer.repair_text(damaged), expected, "{damaged}");
        }
        assert_eq!(
            repairer.repair_text("et made og en made, et made og en made"),
            "et møde og en måde, et møde og en måde"
        );
        // Text that looks clean is never changed by context.
        let mut cautious = Repairer::cautious(&lexicon);
        assert_eq!(cautious.repair_text("book et made"), "book et made");
    }

    #[test]
    fn al_is_ai_unless_it_is_a_name() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        assert_eq!(
            repairer.repair_text("brug af Al, (Al) og Al-lgsninger"),
            "brug af AI, (AI) og AI-løsninger"
        );
        assert_eq!(
            repairer.repair_text("som Al Gore sagde"),
            "som Al Gore sagde"
        );
        assert_eq!(repairer.repair_text("Al kan hjælpe"), "AI kan hjælpe");
        // A token met again is read again where its neighbours decide.
        assert_eq!(
            repairer.repair_text("om Al nu, som Al Gore, om Al nu"),
            "om AI nu, som Al Gore, om AI nu"
        );
        let with_af = Lexicon::from_counts([("af", 10_000_000), ("gore", 300)]);
        assert_eq!(
            Repairer::new(&with_af).repair_text("om Al Af Per"),
            "om AI Af Per"
        );
        let mut cautious = Repairer::cautious(&lexicon);
        assert_eq!(cautious.repair_text("brug af Al nu"), "brug af Al nu");
    }

    #[test]
    fn capitals_inside_a_sentence_are_read_as_names() {
        let lexicon = Lexicon::from_counts([("vad", 1862), ("våd", 20417), ("han", 9000)]);
        let mut repairer = Repairer::new(&lexicon);
        assert_eq!(repairer.repair_text("han bor i Vad nu"), "han bor i Vad nu");
        assert_eq!(repairer.repair_text("den er vad."), "den er våd.");
        assert_eq!(repairer.repair_text("Vad er den."), "Våd er den.");
        // The same token, at a sentence's start and inside one, within one text.
        assert_eq!(
            repairer.repair_text("Vad er den. Han bor i Vad nu. Vad er den, i Vad nu."),
            "Våd er den. Han bor i Vad nu. Våd er den, i Vad nu."
        );
    }

    #[test]
    fn unknown_compounds_and_genitives_are_repaired_from_their_parts() {
        let lexicon = Lexicon::from_counts([
            ("løsning", 500),
            ("løsningen", 200),
            ("direktiv", 50),
            ("nært", 40),
            ("sikkerhed", 300),
        ]);
        let mut repairer = Repairer::new(&lexicon);
        assert_eq!(repairer.repair_text("lgsningens"), "løsningens");
        assert_eq!(repairer.repair_text("direktivnzert"), "direktivnært");
        assert_eq!(
            repairer.repair_text("sikkerhedslgsning"),
            "sikkerhedsløsning"
        );
        // A three-letter head only when the repair makes a common word of it.
        let short = Lexicon::from_counts([
            ("mål", 288_403),
            ("mal", 5495),
            ("billede", 50_000),
            ("gen", 10_233),
            ("øen", 48_978),
            ("udbyde", 900),
        ]);
        let mut repairer = Repairer::new(&short);
        assert_eq!(repairer.repair_text("malbillede"), "målbillede");
        assert_eq!(repairer.repair_text("genudbyde"), "genudbyde");
        // A three-letter last part after a linking -s-, as written and common, beats a
        // four-letter one the repair had to make ("sløv").
        let linked = Lexicon::from_counts([
            ("arbejdsmarked", 6166),
            ("lov", 204_174),
            ("løv", 1862),
            ("sløv", 1862),
            ("ret", 150_000),
            ("område", 10_000),
        ]);
        let mut repairer = Repairer::new(&linked);
        assert_eq!(
            repairer.repair_text("arbejdsmarkedslov"),
            "arbejdsmarkedslov"
        );
        // Without a link, a short last part is no part: no "område|ret".
        assert_eq!(repairer.repair_text("omraderet"), "omraderet");
    }

    #[test]
    fn no_word_that_begins_with_a_dead_end_is_read_as_a_word() {
        // The damaged issue's words and every beginning of them: each beginning found a dead
        // end must leave every longer beginning without a reading, as a compound's search of
        // its heads then skips them.
        let text = include_str!("../../seeds/kita-2024-autumn.txt");
        let lexicon = default_lexicon();
        let repairer = Repairer::new(lexicon);
        let mut words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 4)
            .map(str::to_lowercase)
            .collect();
        words.sort();
        words.dedup();
        let (mut dead_ends, mut checked) = (0, 0);
        for word in &words {
            let ends: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(1).collect();
            let Some(dead) = ends
                .iter()
                .position(|&end| repairer.part(&word[..end]).dead_end)
            else {
                continue;
            };
            dead_ends += 1;
            for &end in ends[dead + 1..].iter().chain([&word.len()]) {
                let longer = &word[..end];
                assert!(repairer.known_or_repaired(longer).is_none(), "{longer}");
                checked += 1;
            }
        }
        assert!(dead_ends > 100 && checked > 1000, "{dead_ends} {checked}");
    }

    #[test]
    fn the_settled_flag_changes_no_repair() {
        // The same table with every flag cleared searches every listed word again; the damaged
        // issue must come out the same both ways, or a flag claims more than its search found.
        let flagged = default_lexicon();
        let mut table = flagged.table.to_vec();
        let cleared = clear_settled(&mut table);
        assert!(
            cleared > flagged.len() / 2,
            "{cleared} of {}",
            flagged.len()
        );
        let unflagged = Lexicon::from_table(Cow::Owned(table)).unwrap();
        let text = include_str!("../../seeds/kita-2024-autumn.txt");
        assert_eq!(
            Repairer::new(flagged).repair_text(text),
            Repairer::new(&unflagged).repair_text(text)
        );
    }

    #[test]
    fn a_documents_variants_of_an_unknown_name_agree_on_its_letters() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        assert_eq!(
            repairer.repair_text("Harslef og Harslgf mødes, Harslof siger"),
            "Harsløf og Harsløf mødes, Harsløf siger"
        );
        // Every time a variant recurs, it learns the same.
        assert_eq!(
            repairer.repair_text("om Harslef og Harslgf, om Harslef og Harslgf"),
            "om Harsløf og Harsløf, om Harsløf og Harsløf"
        );
        // Variants that differ where no Danish letter explains it are left alone.
        assert_eq!(
            repairer.repair_text("Hanssen og Hansten"),
            "Hanssen og Hansten"
        );
    }

    #[test]
    fn what_one_text_teaches_does_not_reach_the_next() {
        let lexicon = lexicon();
        let mut batch = Repairer::new(&lexicon);
        batch.repair_text("Harslef og Harslgf");
        let alone = Repairer::new(&lexicon).repair_text("Harslef kom");
        assert_eq!(batch.repair_text("Harslef kom"), alone);
        assert_eq!(alone, "Harslef kom");
        // Tokens remembered from an earlier text still bring their forms to this one's learning.
        let text = "om Harslef og Harslgf";
        assert_eq!(batch.repair_text(text), "om Harsløf og Harsløf");
        assert_eq!(batch.repair_text(text), "om Harsløf og Harsløf");
    }

    #[test]
    fn a_threads_warm_repairer_repairs_as_a_fresh_one() {
        let first = "Kommunerne far en ny lgsning pa omradet. ".repeat(30);
        let second = "Den gronne omstilling er pa vej, siger Harslef. ".repeat(30);
        // On one thread, so that both documents meet the same warm repairer.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (after_first, again) = pool.install(|| {
            repair_document(&first);
            let after_first = repair_document(&second).into_owned();
            (after_first, repair_document(&second).into_owned())
        });
        let fresh = Repairer::new(default_lexicon()).repair_text(&second);
        assert!(
            fresh.starts_with("Den grønne omstilling er på vej"),
            "{fresh}"
        );
        assert_eq!(after_first, fresh);
        assert_eq!(again, fresh);
        let remembered = pool
            .install(|| WARM.with(|warm| warm.borrow().as_ref().map_or(0, Repairer::remembered)));
        assert!(remembered > 0, "the thread keeps its repairer");
    }

    #[test]
    fn unmistakable_damage_is_undone_in_unknown_words_but_not_in_addresses() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        assert_eq!(repairer.repair_text("Kjeersdam sagde"), "Kjærsdam sagde");
        assert_eq!(repairer.repair_text("Strg@m"), "Strgøm");
        assert_eq!(repairer.repair_text("info@kita.dk"), "info@kita.dk");
        assert_eq!(unmistakable_damage("ee"), None);
    }

    #[test]
    fn a_line_end_cut_is_found_in_the_repaired_word() {
        assert_eq!(align_boundary("lgsningen", 3, "løsningen"), Some(4));
        assert_eq!(align_boundary("Lgsningen", 1, "Løsningen"), Some(1));
        assert_eq!(align_boundary("vaerktojer", 4, "værktøjer"), Some(4));
        assert_eq!(align_boundary("Igsningen", 3, "løsningen"), Some(4));
        assert_eq!(align_boundary("KOMMUNE", 4, "kommune"), Some(4));
        // A cut inside "ae" (read as one "æ") falls inside a letter.
        assert_eq!(align_boundary("vaerktoj", 2, "værktøj"), None);
        // Letters that neither agree nor are a confusion do not align.
        assert_eq!(align_boundary("huse", 2, "hose"), None);
    }

    #[test]
    fn an_output_writes_kept_runs_and_repairs_in_order() {
        let text = "Den gronne lgsning, pa vej.";
        let pieces = crate::text::whitespace::words_and_spaces(text);
        let mut out = Output::new(text, 0);
        out.keep(pieces[0].0);
        out.keep(pieces[0].1);
        out.push_str("grønne");
        out.keep(pieces[1].1);
        assert_eq!(out.len(), "Den grønne ".len());
        // Not next to what was kept last: the run starts again.
        out.keep(pieces[3].0);
        let before = out.len();
        out.push_str("XYZ");
        out.truncate(before);
        out.keep(pieces[3].1);
        out.keep(pieces[4].0);
        assert_eq!(out.into_string(), "Den grønne pa vej.");
    }

    /// What `align_boundary` relies on to step over agreeing letters without looking for
    /// confusions there.
    #[test]
    fn no_confusion_writes_a_letter_as_itself() {
        for (from, to, _) in CONFUSIONS.iter().chain([&("i", "l", 0.0)]) {
            let written = from.chars().flat_map(char::to_lowercase).next();
            assert_ne!(written, to.chars().next(), "{from} → {to}");
        }
    }

    #[test]
    fn changed_words_counts_as_split_whitespace_would() {
        let cases = [
            ("pa vej", "på vej", 1),
            (
                "  pa\u{a0}vej\n\nog gronne  ",
                "  på\u{a0}vej\n\nog grønne  ",
                2,
            ),
            ("", "", 0),
            ("ens tekst", "ens tekst", 0),
        ];
        for (original, repaired, changed) in cases {
            let by_split = (original.split_whitespace())
                .zip(repaired.split_whitespace())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(changed_words(original, repaired), changed, "{original:?}");
            assert_eq!(by_split, changed, "{original:?}");
        }
    }

    #[test]
    fn only_letters_inside_words_change() {
        let lexicon = lexicon();
        let mut repairer = Repairer::new(&lexicon);
        let damaged = "  Det er (pa) tide,\tOGSA nu: it-lgsninger… [T-chefen\n";
        let fixed = repairer.repair_text(damaged);
        assert_eq!(
            fixed,
            "  Det er (på) tide,\tOGSÅ nu: it-løsninger… IT-chefen\n"
        );
        let shape = |s: &str| s.split_whitespace().count();
        assert_eq!(shape(&fixed), shape(damaged));
        assert_eq!(fixed.lines().count(), damaged.lines().count());
    }

    #[test]
    fn clean_text_is_recognised_as_clean() {
        let clean = "Kommunerne får en ny løsning på området, og det er godt for de grønne mål. "
            .repeat(10);
        assert!(!assess(&clean).is_damaged());
        let damaged = "Kommunerne far en ny lgsning pa omradet, og det er godt for de gronne mal. "
            .repeat(10);
        assert!(assess(&damaged).is_damaged());
    }
}
