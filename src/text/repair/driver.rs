//! The passes over a text: each whitespace-separated word read in turn with its neighbours,
//! then the words a document's variants settle read again.

use std::borrow::Cow;

use super::caches::RememberedToken;
use super::context::{
    align_boundary, inside_sentence, match_case, trim_to_alphanumeric, COMMON_WORD_COUNT, CONTEXT,
};
use super::damage::{may_be_damaged_word, special_form};
use super::names::learn_variants;
use super::output::Output;
use super::split::SPLIT_MIN_WORDS;
use super::state::Repairer;
use crate::text::tokens::lowercase_into;

impl<'a> Repairer<'a> {
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
        let out = self.repair_letters(text);
        // Shape confusions only in a text known to be damaged: a clean one keeps its spelling.
        if self.known_words {
            if let Cow::Owned(fixed) = super::shapes::repair_shapes(&out, self.lexicon) {
                return fixed;
            }
        }
        out
    }

    /// The lost æ/ø/å of [`Self::repair_text`], put back.
    fn repair_letters(&mut self, text: &str) -> String {
        let pieces = crate::text::whitespace::words_and_spaces(text);
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
    pub(super) fn repair_pieces<'t>(
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
    pub(super) fn repair_marked<'t>(
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
    pub(super) fn repair_piece<'t>(
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

    /// Repairs `head-` at a line's end and `tail` on the next line as one word: the two halves
    /// of the repair, or `None` when the two are not one word the lexicon knows or repairs.
    pub(super) fn repair_wrapped(
        &mut self,
        head: &str,
        space: &str,
        tail: &str,
    ) -> Option<(String, String)> {
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
    pub(super) fn repair_token<'t>(&mut self, token: &'t str) -> Cow<'t, str> {
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

    /// Repairs one word without hyphens; borrows when it stays.
    pub(super) fn repair_word<'w>(&mut self, word: &'w str) -> Cow<'w, str> {
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
        lowercase_into(word, &mut lower);
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
}
