//! The OCR channel: what OCR writes for each Danish letter, and the search for the likeliest
//! lexicon word a written form may stand for.
//!
//! Shared by the library's repair and by `build.rs`, which runs the search over every word of
//! the shipped lexicon to mark the words no likelier reading beats (`lexicon_table.rs`): so it
//! names nothing through `crate::`.

use super::lexicon_table::{prefix_step, TableView, PREFIX_SEED};

/// What OCR writes for a letter, the letters it may have been, and how likely that reading is
/// in a damaged text (the channel model: P(written | printed)). Read as: where the damaged word
/// has `from`, the printed word may have had `to`. The weights are rough shares of each
/// damage among the ways the letter was lost; ranking needs their order, not their precision.
pub const CONFUSIONS: &[(&str, &str, f64)] = &[
    ("a", "å", 0.7),
    ("a", "æ", 0.08),
    ("a", "ø", 0.08),
    ("ae", "æ", 0.35),
    ("ee", "æ", 0.2),
    ("e", "æ", 0.1),
    ("e", "ø", 0.2),
    ("ze", "æ", 0.15),
    ("z", "æ", 0.02),
    ("se", "æ", 0.04),
    ("sc", "æ", 0.02),
    ("g", "ø", 0.25),
    ("o", "ø", 0.15),
    ("@", "ø", 0.05),
    ("p", "ø", 0.01),
    ("d", "å", 0.1),
    ("é", "å", 0.05),
    ("&", "å", 0.05),
    ("3", "å", 0.03),
    ("8", "å", 0.02),
    ("0", "o", 0.3),
];

/// For each byte, the range of [`CONFUSIONS`] whose written form starts with it (the table
/// lists them grouped by first byte; a test checks), so a search tries only those.
pub const CONFUSIONS_FROM: [(u8, u8); 256] = {
    let mut table = [(0u8, 0u8); 256];
    let mut i = 0;
    while i < CONFUSIONS.len() {
        let first = CONFUSIONS[i].0.as_bytes()[0] as usize;
        if table[first].1 == 0 {
            table[first].0 = i as u8;
        }
        table[first].1 = i as u8 + 1;
        i += 1;
    }
    table
};

/// The most confusions tried in one word: enough for "veerktej" → "værktøj", few enough to stay
/// fast and not to turn one real word into another.
pub const MAX_EDITS: usize = 3;

/// Candidates less likely than this as a reading are not followed.
pub const MIN_WEIGHT: f64 = 1e-4;

/// A branch-and-bound walk over the readings of one word, byte by byte: every confusion
/// replaces whole characters, so the readings stay UTF-8.
struct Search<'l, 'b> {
    lexicon: TableView<'l>,
    max_count: f64,
    best_score: f64,
    /// Whether `bytes.best` holds a reading.
    found: bool,
    /// Whether the search leaves open what words that continue the word searched read as: it
    /// reached a choice at the word's last byte or a finished reading, or gave up a branch
    /// only because the best so far beat it. When not, every branch died on the filter of
    /// beginnings or on [`MIN_WEIGHT`] before any choice at the last byte, and dies alike in
    /// any longer word that begins the same way: the choices before the last byte are the
    /// same (a two-byte confusion at the last byte would reach past the end), the weights do
    /// not depend on what follows, and a beginning no word has only grows into others.
    open: bool,
    bytes: &'b mut SearchBytes,
}

/// The reading a [`Search`] is building, and the best it has found.
#[derive(Default)]
pub struct SearchBytes {
    prefix: Vec<u8>,
    /// The best reading found, valid when [`search`] says it found one.
    pub best: Vec<u8>,
}

/// What a [`search`] found: the best reading's score, if it found one that beats the word as
/// written, and whether the word leaves longer words open ([`Search::open`]; when not, it is
/// a dead end: no word begins with any of its readings).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// The best reading's score, when one beats the word as written.
    pub score: Option<f64>,
    /// Whether words that continue the searched one may still have readings.
    pub open: bool,
}

/// Searches the readings the confusions reach from `word` (at most [`MAX_EDITS`] of them) for
/// the likeliest word of `table` that scores above `own`, the score of the word as written.
/// The reading is left in `bytes.best`.
pub fn search(table: TableView<'_>, bytes: &mut SearchBytes, word: &[u8], own: f64) -> Outcome {
    bytes.prefix.clear();
    let mut search = Search {
        lexicon: table,
        max_count: table.max_count() as f64,
        best_score: own,
        found: false,
        open: false,
        bytes,
    };
    search.expand(word, 0, MAX_EDITS, 1.0, PREFIX_SEED);
    Outcome {
        score: search.found.then_some(search.best_score),
        open: search.open,
    }
}

impl Search<'_, '_> {
    /// Every way to rewrite `word[at..]` with up to `edits` confusions, appended to the prefix,
    /// with `weight` the probability of the damage so far and `hash` the prefix's
    /// [`prefix_step`] hash, with which the lexicon's filter of beginnings ends a branch as soon
    /// as no word begins that way ("lg…" for "lgsning" dies at once, "lø…" lives).
    fn expand(&mut self, word: &[u8], at: usize, edits: usize, weight: f64, hash: u64) {
        if self.hopeless(weight) {
            return;
        }
        let (end, hash) = copy_run(word, at, hash);
        let keep = self.bytes.prefix.len();
        self.bytes.prefix.extend_from_slice(&word[at..end]);
        if !self.bytes.prefix.is_empty() && !self.lexicon.may_begin(hash) {
            self.bytes.prefix.truncate(keep);
            return;
        }
        self.branch(word, end, edits, weight, hash);
        self.bytes.prefix.truncate(keep);
    }

    /// No reading down a branch of this weight can beat the best so far. A branch given up
    /// because the best beat it leaves longer words open ([`Self::open`]), as theirs may not be.
    #[inline]
    fn hopeless(&mut self, weight: f64) -> bool {
        if weight < MIN_WEIGHT {
            return true;
        }
        let beaten = weight * self.max_count <= self.best_score;
        self.open |= beaten;
        beaten
    }

    /// [`Self::expand`] from `word[at]`, a byte some confusion starts with (or the word's end),
    /// the prefix already checked against the filter of beginnings.
    ///
    /// The filter is a few megabytes read at random: each test is a cache miss, and the one
    /// load that tests it was a quarter of a fresh repair's time. So every way on from here
    /// (the byte kept, or each confusion) is tested before any is followed: the tests do not
    /// depend on each other, so the processor waits for their misses together rather than one
    /// after another. Which branches live does not depend on the order of the tests, so
    /// neither does the repair.
    fn branch(&mut self, word: &[u8], at: usize, edits: usize, weight: f64, hash: u64) {
        if at + 1 >= word.len() {
            self.open = true;
        }
        if edits == 0 || at == word.len() {
            // Nothing left to choose: the rest is copied and the word looked up once.
            let keep = self.bytes.prefix.len();
            self.bytes.prefix.extend_from_slice(&word[at..]);
            self.score_leaf(weight);
            self.bytes.prefix.truncate(keep);
            return;
        }
        let here = word[at];
        let (first, last) = CONFUSIONS_FROM[here as usize];
        let confusions = &CONFUSIONS[first as usize..last as usize];
        let mut ways = [Way::default(); MAX_WAYS];
        let (end, kept_hash) = copy_run(word, at + 1, prefix_step(hash, here));
        ways[0] = Way {
            written: None,
            resume: at + 1,
            end,
            hash: kept_hash,
            weight,
            alive: !self.hopeless(weight),
        };
        let mut n = 1;
        for &(from, to, p) in confusions {
            let from = from.as_bytes();
            // Every written form is one or two bytes, its first already matched.
            debug_assert!(from.len() <= 2);
            if from.len() == 1 || word.get(at + 1) == Some(&from[1]) {
                let (end, edited) =
                    copy_run(word, at + from.len(), extend_hash(hash, to.as_bytes()));
                ways[n] = Way {
                    written: Some(to),
                    resume: at + from.len(),
                    end,
                    hash: edited,
                    weight: weight * p,
                    alive: !self.hopeless(weight * p),
                };
                n += 1;
            }
        }
        for way in &mut ways[..n] {
            way.alive = way.alive && self.lexicon.may_begin(way.hash);
        }
        let mid = self.bytes.prefix.len();
        for way in ways[..n].iter().filter(|way| way.alive) {
            match way.written {
                None => self.bytes.prefix.push(here),
                Some(to) => self.bytes.prefix.extend_from_slice(to.as_bytes()),
            }
            // The best may have grown down an earlier way.
            if !self.hopeless(way.weight) {
                let edits = edits - usize::from(way.written.is_some());
                self.bytes
                    .prefix
                    .extend_from_slice(&word[way.resume..way.end]);
                self.branch(word, way.end, edits, way.weight, way.hash);
            }
            self.bytes.prefix.truncate(mid);
        }
    }

    /// Scores the finished reading in `prefix`.
    fn score_leaf(&mut self, weight: f64) {
        self.open = true;
        // The word as written is scored by the caller, not here.
        if weight >= 1.0 {
            return;
        }
        let SearchBytes { prefix, best } = &mut *self.bytes;
        let count = self.lexicon.count_bytes(prefix);
        let score = count as f64 * weight;
        if count > 0
            && (score > self.best_score || score == self.best_score && self.found && prefix < best)
        {
            self.best_score = score;
            self.found = true;
            best.clone_from(prefix);
        }
    }
}

/// Where the run of bytes no confusion starts with, from `word[at]`, ends, and the beginnings
/// hash extended over it.
#[inline]
fn copy_run(word: &[u8], mut at: usize, mut hash: u64) -> (usize, u64) {
    while at < word.len() && CONFUSIONS_FROM[word[at] as usize].1 == 0 {
        hash = prefix_step(hash, word[at]);
        at += 1;
    }
    (at, hash)
}

/// One way on from a byte in [`Search::branch`].
#[derive(Clone, Copy, Default)]
struct Way {
    /// The letter a confusion puts back; `None` for the byte kept as written.
    written: Option<&'static str>,
    /// Where the word goes on after the byte or the confusion's written form.
    resume: usize,
    /// Where the run of bytes without confusions from there ends.
    end: usize,
    /// The beginnings hash of the prefix there.
    hash: u64,
    /// The probability of the damage down this way.
    weight: f64,
    /// Whether a reading down it could still win and some word begins that way.
    alive: bool,
}

/// The most ways on from one byte in a [`Search`]: the byte kept, or any confusion written
/// from it (a test checks).
pub const MAX_WAYS: usize = 5;

fn extend_hash(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |hash, &byte| prefix_step(hash, byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusions_are_grouped_by_their_first_byte() {
        for (i, (from, _, _)) in CONFUSIONS.iter().enumerate() {
            assert!(from.len() <= 2, "{from}");
            let first = from.as_bytes()[0];
            let (start, end) = CONFUSIONS_FROM[first as usize];
            assert!((start as usize..end as usize).contains(&i), "{from}");
            assert!(((end - start) as usize) < MAX_WAYS, "{from}");
            assert!(CONFUSIONS[start as usize..end as usize]
                .iter()
                .all(|(other, _, _)| other.as_bytes()[0] == first));
        }
    }
}
