//! The repaired text as it is written out: runs of the source copied whole.

/// A repair as it is written out. Nearly every word stays as it is: those are not copied one
/// by one, with the space after each, but as runs of the source text, one copy a run. Copying
/// each word and each space apart made over a third of a fresh repair's calls to `memcpy`,
/// each a call and a few branches to copy a few bytes.
pub(super) struct Output<'t> {
    pub(super) text: &'t str,
    pub(super) out: String,
    /// The bytes of `text` kept since the last write, not yet copied.
    pub(super) kept: std::ops::Range<usize>,
}

impl<'t> Output<'t> {
    pub(super) fn new(text: &'t str, capacity: usize) -> Self {
        Output {
            text,
            out: String::with_capacity(capacity),
            kept: 0..0,
        }
    }

    /// Writes `piece`, a slice of the source text, as it is.
    #[inline]
    pub(super) fn keep(&mut self, piece: &'t str) {
        let start = piece.as_ptr() as usize - self.text.as_ptr() as usize;
        debug_assert_eq!(self.text.get(start..start + piece.len()), Some(piece));
        if start != self.kept.end {
            self.flush();
            self.kept = start..start;
        }
        self.kept.end = start + piece.len();
    }

    pub(super) fn push_str(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    pub(super) fn flush(&mut self) {
        if !self.kept.is_empty() {
            self.out.push_str(&self.text[self.kept.clone()]);
            self.kept.start = self.kept.end;
        }
    }

    /// How long the repair written so far is.
    pub(super) fn len(&self) -> usize {
        self.out.len() + self.kept.len()
    }

    /// Drops what was written after the first `len` bytes.
    pub(super) fn truncate(&mut self, len: usize) {
        self.flush();
        self.out.truncate(len);
    }

    pub(super) fn into_string(mut self) -> String {
        self.flush();
        self.out
    }
}
