//! A fresh repair's first pass on two threads: chunks taken from both ends until they meet.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::state::Repairer;

/// The fewest words in a text whose first pass is split between two threads: below this,
/// handing work to another thread costs about what it saves.
pub(super) const SPLIT_MIN_WORDS: usize = 500;

/// About how many words a thread of a split first pass takes at a time: small enough that the
/// two finish close together, as the last chunk taken is short.
pub(super) const SPLIT_CHUNK_WORDS: usize = 400;

/// The end of the text a thread of a split first pass works from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    Front,
    Back,
}

/// One chunk of a split first pass, as [`Repairer::repair_chunks`] hands it back to be joined
/// to the others: its repair, and its marks with spans in that repair and forms numbered as the
/// thread that repaired it numbered them.
pub(super) struct Chunk {
    pub(super) out: String,
    pub(super) marks: Vec<(usize, usize, std::ops::Range<usize>, std::ops::Range<usize>)>,
    pub(super) mark_forms: Vec<u32>,
}

/// Where the chunks of a split first pass start, and where the last ends: every
/// [`SPLIT_CHUNK_WORDS`] words or a little after, as a word hyphenated at a line's end takes
/// the next with it and a chunk ends after a word that cannot.
pub(super) fn chunk_bounds(pieces: &[(&str, &str)]) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut at = SPLIT_CHUNK_WORDS;
    while let Some(cut) = (at..pieces.len()).find(|&i| !pieces[i - 1].0.ends_with('-')) {
        bounds.push(cut);
        at = cut + SPLIT_CHUNK_WORDS;
    }
    bounds.push(pieces.len());
    bounds
}

impl<'a> Repairer<'a> {
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
    pub(super) fn repair_pieces_split<'t>(
        &mut self,
        text: &'t str,
        pieces: &[(&'t str, &'t str)],
    ) -> String {
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
    pub(super) fn repair_chunks<'t>(
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
}
