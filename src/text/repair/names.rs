//! Names and rare words: what one document's own variants of a word the lexicon lacks agree on
//! ("Kjersdam", "Kjzersdam" → "Kjærsdam"), learnt per text and never carried to the next.

use rustc_hash::FxHashMap;

use super::state::Repairer;
use super::words::is_known_or_listed;
use crate::text::str_map::StrMap;

/// What OCR wrote for each Danish letter in the damaged issues, with the channel weights of
/// [`CONFUSIONS`] (the letter itself, written intact, weighs 1): the alphabet in which a
/// document's variants of one word are compared.
pub(super) const VARIANTS: &[(char, &[(&str, f64)])] = &[
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
pub(super) const SLOT_FORMS: &[&str] = &[
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
pub(super) fn learn_variants<'t>(
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
pub(super) fn skeleton_of(lower: &str, known: bool) -> Option<String> {
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
pub(super) fn slots(lower: &str) -> impl Iterator<Item = &str> {
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
pub(super) fn agreed_reading(forms: &[Vec<&str>]) -> Option<String> {
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

impl<'a> Repairer<'a> {
    /// Of what the variants agree on, what the repair alone does not settle: groups where the
    /// lexicon repairs every form to the same word are left to it ("ældreomradet",
    /// "zeldreomradet" → "ældreområdet"); groups it leaves unrepaired or repairs two ways
    /// ("Strakjaer" → "Stråkjær" but "Strgkjeer" → "Strøkjær") take the agreed reading.
    pub(super) fn keep_disputed(
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

    /// Marks the piece being repaired as holding the unsettled form `form`.
    pub(super) fn mark_unsettled(&mut self, form: &str) {
        let id = self.global_form(form);
        self.touched = true;
        self.mark_forms.push(id);
    }

    /// The number of an unsettled form in the whole text, given one the first time it is met.
    pub(super) fn global_form(&mut self, form: &str) -> u32 {
        self.unrepaired.intern(form)
    }

    /// The skeletons of the forms this pass left unsettled, made ahead of the learning.
    pub(super) fn make_skeletons(&mut self) {
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
}
