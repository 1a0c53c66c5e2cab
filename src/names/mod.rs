//! Names: the people, organisations and places an article mentions, kept apart from its terms.
//!
//! Danish writes only proper nouns with a capital, so a capitalised word that does not open a
//! sentence is a name or part of one. A run of such words is one name ("Lars Vad Jensen",
//! "Region Midtjylland"), and its kind is read from what it is:
//!
//! - a **place** when it is one of the 98 municipalities, a region or a country of a public
//!   list ([`places`]), also in the genitive ("Københavns") and as "X Kommune";
//! - an **organisation** when it ends in a word organisations end in (`-styrelsen`,
//!   `-ministeriet`, `Kommune`, `A/S`, `Fonden` …), is an acronym in capitals (KL, KOMBIT, SDFI),
//!   or follows a word that names one ("foreningen", "selskabet");
//! - a **person** when it opens with a common Danish first name and has one to three parts, or
//!   is two to four capitalised words that are neither of the above.
//!
//! A capitalised word alone that opens a sentence is taken only when it is on a list (a place,
//! an acronym); a lone capitalised word inside a sentence is a name when it is an acronym, a
//! place or an organisation word, and otherwise left alone (it may be a headline's word).
//!
//! Names are counted per text and listed with the count, most mentioned first; a tie goes to the
//! name mentioned first, never to the alphabet. [`Names::words`] gives the lower-case words of
//! the names, which distinctive terms and topic labels leave out.
//!
//! ```
//! use tema::names::{find, NameKind};
//! let names = find("I går sagde Lars Vad Jensen fra KL, at Holstebro Kommune og \
//!     Digitaliseringsstyrelsen er enige. Lars Vad Jensen glæder sig.");
//! assert_eq!(names[0].name, "Lars Vad Jensen");
//! assert_eq!((names[0].kind, names[0].count), (NameKind::Person, 2));
//! assert!(names.iter().any(|n| n.name == "KL" && n.kind == NameKind::Organisation));
//! assert!(names.iter().any(|n| n.name == "Holstebro" && n.kind == NameKind::Place));
//! assert!(names.iter().any(|n| n.name == "Digitaliseringsstyrelsen" && n.kind == NameKind::Organisation));
//! ```

pub mod places;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    Person,
    Organisation,
    Place,
}

/// A name found in a text and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub name: String,
    pub kind: NameKind,
    /// Mentions in the text.
    pub count: usize,
}

/// Common Danish first names (the most frequent of Danmarks Statistik's name statistics, both
/// sexes), so that "Jens Hansen" is known for a person.
const FIRST_NAMES: &[&str] = &[
    "Anders",
    "Anne",
    "Anna",
    "Ane",
    "Anja",
    "Annette",
    "Allan",
    "Alexander",
    "Andreas",
    "Asger",
    "Benny",
    "Bent",
    "Birgitte",
    "Birthe",
    "Bjarne",
    "Bo",
    "Brian",
    "Camilla",
    "Carsten",
    "Casper",
    "Charlotte",
    "Christian",
    "Christina",
    "Christine",
    "Claus",
    "Dan",
    "Daniel",
    "David",
    "Dorte",
    "Dorthe",
    "Emil",
    "Emma",
    "Erik",
    "Eva",
    "Finn",
    "Flemming",
    "Frank",
    "Frederik",
    "Gitte",
    "Hanne",
    "Hans",
    "Heidi",
    "Helle",
    "Henrik",
    "Henning",
    "Ida",
    "Inge",
    "Jacob",
    "Jakob",
    "Jan",
    "Jane",
    "Janni",
    "Jens",
    "Jeppe",
    "Jesper",
    "Jette",
    "Johan",
    "Johannes",
    "Jonas",
    "Jan",
    "Jørgen",
    "Jørn",
    "Julie",
    "Kamilla",
    "Karen",
    "Karin",
    "Kasper",
    "Katrine",
    "Kenneth",
    "Kim",
    "Kirsten",
    "Klaus",
    "Kristian",
    "Kristina",
    "Lars",
    "Laura",
    "Lene",
    "Lena",
    "Line",
    "Lis",
    "Lise",
    "Lisbeth",
    "Louise",
    "Mads",
    "Maja",
    "Malene",
    "Marianne",
    "Marie",
    "Martin",
    "Mathias",
    "Mette",
    "Michael",
    "Mikkel",
    "Morten",
    "Nanna",
    "Niels",
    "Nikolaj",
    "Nina",
    "Ole",
    "Oliver",
    "Per",
    "Peter",
    "Pernille",
    "Pia",
    "Poul",
    "Rasmus",
    "Rikke",
    "Rune",
    "Sanne",
    "Sara",
    "Sebastian",
    "Signe",
    "Simon",
    "Sofie",
    "Stig",
    "Steen",
    "Sten",
    "Susanne",
    "Søren",
    "Thomas",
    "Tina",
    "Tine",
    "Tobias",
    "Tom",
    "Tommy",
    "Torben",
    "Trine",
    "Troels",
    "Ulla",
    "Ulrik",
    "Vibeke",
    "Victor",
    "Viktor",
    "William",
    "Aage",
    "Kurt",
    "Leif",
    "Lone",
    "Mogens",
    "Maria",
    "Mia",
    "Karsten",
    "Kåre",
    "Natasja",
    "Rene",
    "René",
    "Sune",
    "Tue",
    "Uffe",
    "Vagn",
    "Jesper",
    "Kent",
    "Ib",
    "Jannik",
    "Jimmy",
    "Helene",
    "Henriette",
    "Hanna",
    "Gry",
    "Esben",
    "Erling",
    "Christoffer",
    "Carl",
    "Britt",
];

/// Last words that make a run of capitalised words an organisation.
const ORGANISATION_ENDS: &[&str] = &[
    "kommune",
    "region",
    "a/s",
    "aps",
    "i/s",
    "fonden",
    "fond",
    "universitet",
    "universitetet",
    "institut",
    "instituttet",
    "forening",
    "foreningen",
    "forbund",
    "forbundet",
    "råd",
    "rådet",
    "styrelse",
    "styrelsen",
    "ministerium",
    "ministeriet",
    "agency",
    "group",
    "gruppen",
];

/// Endings of one-word organisation names ("Digitaliseringsstyrelsen", "Finansministeriet").
const ORGANISATION_SUFFIXES: &[&str] = &[
    "styrelsen",
    "ministeriet",
    "ministerium",
    "rådet",
    "tilsynet",
    "centret",
    "centeret",
    "fonden",
    "forbundet",
    "foreningen",
    "selskabet",
    "banken",
    "universitet",
];

/// Acronyms in capitals that are not organisations.
const NOT_ORGANISATIONS: &[&str] = &[
    "IT", "AI", "EU", "PC", "TV", "CO2", "GDPR", "NIS", "NIS2", "OK", "PDF", "ID", "IOT", "API",
    "SMS", "CPR", "CVR", "DK", "VS", "CEO", "CIO", "CTO", "CISO", "HR", "MB", "GB", "KR", "MIO",
    "MIA", "NB", "OBS", "PS", "USB", "ML", "VR", "AR", "ERP", "SAAS", "IKT",
];

fn set(words: &[&str]) -> HashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

struct Lists {
    first: HashSet<String>,
    places: HashSet<String>,
    org_ends: HashSet<String>,
    not_orgs: HashSet<String>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists {
        first: set(FIRST_NAMES),
        places: places::MUNICIPALITIES
            .iter()
            .chain(places::OTHER_PLACES.iter())
            .map(|w| w.to_lowercase())
            .collect(),
        org_ends: set(ORGANISATION_ENDS),
        not_orgs: set(NOT_ORGANISATIONS),
    })
}

/// A word of the text with what the reading needs to know about its place.
struct Word<'a> {
    text: &'a str,
    /// The word opens a sentence (or the text, or a line after a blank line).
    opens: bool,
    /// Punctuation right after the word ends the run of a name (",", ".", ":" …).
    closes: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut opens = true;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            opens = true;
            continue;
        }
        for raw in line.split_whitespace() {
            let trimmed = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
            let word = trimmed.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '/'));
            let after = &trimmed[word.len()..];
            let leading = raw.len() - trimmed.len();
            if word.is_empty() {
                if raw.contains(['.', '!', '?', ':']) {
                    opens = true;
                }
                continue;
            }
            // A quotation or a parenthesis opening before the word starts a new clause.
            let quoted = raw[..leading].contains(|c: char| {
                c == '(' || crate::text::punct::is_double_quote(c) || crate::text::punct::is_dash(c)
            });
            out.push(Word {
                text: word,
                opens: opens || quoted,
                closes: !after.is_empty(),
            });
            opens = after.contains(['.', '!', '?', ':']) && !is_abbreviation(word);
        }
    }
    out
}

/// Short words a full stop follows without ending the sentence ("bl.a.", "mio.", "kr.").
fn is_abbreviation(word: &str) -> bool {
    word.len() <= 3 && word.chars().all(|c| c.is_lowercase())
}

fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && word.chars().any(char::is_alphabetic)
}

fn acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=7).contains(&letters)
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        && word.chars().next().is_some_and(char::is_uppercase)
}

/// The word without a genitive ending when that makes a known place ("Københavns").
fn place_of(word: &str) -> Option<String> {
    let lists = lists();
    let lower = word.to_lowercase();
    if lists.places.contains(&lower) {
        return Some(word.to_owned());
    }
    let base = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix('\''))
        .or_else(|| lower.strip_suffix('s'))?;
    lists
        .places
        .contains(base)
        .then(|| word[..base.len()].to_owned())
}

fn organisation_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    ORGANISATION_SUFFIXES
        .iter()
        .any(|s| lower.len() > s.len() + 2 && lower.ends_with(s))
}

/// The kind of a run of capitalised words, and the name as it is listed; `None` when the run
/// is not taken for a name.
fn classify(run: &[&str], opens: bool, next: Option<&str>) -> Option<(String, NameKind)> {
    let lists = lists();
    let joined = run.join(" ");
    let last = run[run.len() - 1].to_lowercase();
    // "Holstebro Kommune", "Region Midtjylland": the place, named as its council is.
    if run.len() == 2 {
        if let (Some(place), true) = (place_of(run[0]), last == "kommune") {
            return Some((place, NameKind::Place));
        }
        if run[0] == "Region" {
            if let Some(place) = place_of(run[1]) {
                return Some((format!("Region {place}"), NameKind::Place));
            }
            // "Region Nord", "Region Midt": a region however it is shortened.
            return Some((joined, NameKind::Place));
        }
    }
    if run.len() == 1 {
        let word = run[0];
        if let Some(place) = place_of(word) {
            return Some((place, NameKind::Place));
        }
        if acronym(word) {
            return (!lists.not_orgs.contains(&word.to_lowercase()))
                .then(|| (word.to_owned(), NameKind::Organisation));
        }
        if organisation_word(word) && !opens {
            return Some((word.to_owned(), NameKind::Organisation));
        }
        // A lone first name followed by a capitalised word is handled as a run; alone it is
        // too often something else.
        let _ = next;
        return None;
    }
    if lists.org_ends.contains(&last) || run.iter().any(|w| acronym(w) || organisation_word(w)) {
        return Some((joined, NameKind::Organisation));
    }
    if run.len() <= 4 {
        let first_known = lists.first.contains(&run[0].to_lowercase());
        // A sentence-opening run counts only when it opens with a first name: "Næste Skridt".
        if first_known || !opens {
            return Some((joined, NameKind::Person));
        }
    }
    None
}

/// The names in a text, most mentioned first (ties: the one mentioned first).
pub fn find(text: &str) -> Vec<Name> {
    let words = words(text);
    let mut found: Vec<(String, NameKind)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if !capitalised(w.text) {
            i += 1;
            continue;
        }
        // The run: capitalised words, none of them opening a new sentence after the first,
        // ending at punctuation. "A/S" and "I/S" join the run before them.
        let mut j = i + 1;
        let mut end_closed = w.closes;
        while j < words.len() && !end_closed && !words[j].opens && capitalised(words[j].text) {
            end_closed = words[j].closes;
            j += 1;
        }
        let run: Vec<&str> = words[i..j].iter().map(|w| w.text).collect();
        // A sentence opener before a name ("Derfor Lars Hansen"): drop the opener if the rest
        // reads as a name.
        let next = words.get(j).map(|w| w.text);
        // An opener that is no name itself ("Hos KL", "Derfor Lars Hansen") is tried without
        // first.
        let plain_opener = w.opens
            && run.len() > 1
            && !acronym(run[0])
            && place_of(run[0]).is_none()
            && !lists().first.contains(&run[0].to_lowercase());
        let mut taken = if plain_opener {
            classify(&run[1..], false, next)
        } else {
            None
        };
        if taken.is_none() {
            taken = classify(&run, w.opens, next);
        }
        if taken.is_none() && w.opens && run.len() > 1 {
            taken = classify(&run[1..], false, next);
        }
        if let Some(name) = taken {
            found.push(name);
        }
        i = j;
    }
    // A lone mention of a person's last or first name counts for that person when the text
    // names them in full ("Jensen siger").
    let mut counts: HashMap<(String, NameKind), (usize, usize)> = HashMap::new();
    for (order, name) in found.into_iter().enumerate() {
        let entry = counts.entry(name).or_insert((0, order));
        entry.0 += 1;
    }
    let mut names: Vec<(Name, usize)> = counts
        .into_iter()
        .map(|((name, kind), (count, first))| (Name { name, kind, count }, first))
        .collect();
    names.sort_by(|a, b| b.0.count.cmp(&a.0.count).then(a.1.cmp(&b.1)));
    names.into_iter().map(|(name, _)| name).collect()
}

/// A name and how often it is mentioned, in a list of one kind of name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    /// Mentions in the text.
    pub count: usize,
}

/// The names of one text, by kind, each list most mentioned first (ties: first mentioned).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleNames {
    #[serde(default)]
    pub people: Vec<NameCount>,
    #[serde(default)]
    pub organisations: Vec<NameCount>,
    #[serde(default)]
    pub places: Vec<NameCount>,
}

impl ArticleNames {
    /// The names of a text, by kind.
    ///
    /// ```
    /// let names = tema::names::ArticleNames::of_text("Det siger Anne Holm fra KOMBIT. I Viborg og i Viborg Kommune er man glad.");
    /// assert_eq!(names.people[0].name, "Anne Holm");
    /// assert_eq!(names.organisations[0].name, "KOMBIT");
    /// assert_eq!((names.places[0].name.as_str(), names.places[0].count), ("Viborg", 2));
    /// ```
    pub fn of_text(text: &str) -> ArticleNames {
        ArticleNames::from_names(find(text))
    }

    /// Sorts found names into their kinds, keeping their order.
    pub fn from_names(names: impl IntoIterator<Item = Name>) -> ArticleNames {
        let mut out = ArticleNames::default();
        for name in names {
            let list = match name.kind {
                NameKind::Person => &mut out.people,
                NameKind::Organisation => &mut out.organisations,
                NameKind::Place => &mut out.places,
            };
            list.push(NameCount {
                name: name.name,
                count: name.count,
            });
        }
        out
    }

    /// Every name with its kind, people first.
    pub fn iter(&self) -> impl Iterator<Item = (NameKind, &NameCount)> {
        let people = self.people.iter().map(|n| (NameKind::Person, n));
        let organisations = self
            .organisations
            .iter()
            .map(|n| (NameKind::Organisation, n));
        let places = self.places.iter().map(|n| (NameKind::Place, n));
        people.chain(organisations).chain(places)
    }

    /// The words of these names, which terms leave out.
    pub fn words(&self) -> Names {
        let names: Vec<Name> = self
            .iter()
            .map(|(kind, n)| Name {
                name: n.name.clone(),
                kind,
                count: n.count,
            })
            .collect();
        Names::from_names(&names)
    }

    /// Whether no name was found.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.organisations.is_empty() && self.places.is_empty()
    }
}

/// A name over many texts: its mentions and in how many texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameTally {
    pub name: String,
    /// Mentions in all the texts.
    pub count: usize,
    /// Texts that mention it.
    pub articles: usize,
}

/// The names of a group of texts by kind, each list in most texts first, then most mentions,
/// then the name first seen (never the alphabet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupNames {
    pub people: Vec<NameTally>,
    pub organisations: Vec<NameTally>,
    pub places: Vec<NameTally>,
}

impl GroupNames {
    /// Adds up the names of some texts.
    ///
    /// ```
    /// use tema::names::{ArticleNames, GroupNames};
    /// let a = ArticleNames::of_text("Hun bor i Viborg. Også Viborg Kommune og KL er med.");
    /// let b = ArticleNames::of_text("Han bor i Aarhus, ikke i Viborg.");
    /// let group = GroupNames::of([&a, &b]);
    /// assert_eq!(group.places[0].name, "Viborg");
    /// assert_eq!((group.places[0].count, group.places[0].articles), (3, 2));
    /// ```
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a ArticleNames>) -> GroupNames {
        fn add(tallies: &mut Vec<(NameTally, usize)>, names: &[NameCount], seen: &mut usize) {
            for n in names {
                match tallies.iter_mut().find(|(t, _)| t.name == n.name) {
                    Some((t, _)) => {
                        t.count += n.count;
                        t.articles += 1;
                    }
                    None => {
                        tallies.push((
                            NameTally {
                                name: n.name.clone(),
                                count: n.count,
                                articles: 1,
                            },
                            *seen,
                        ));
                        *seen += 1;
                    }
                }
            }
        }
        fn ranked(mut tallies: Vec<(NameTally, usize)>) -> Vec<NameTally> {
            tallies.sort_by(|a, b| {
                (b.0.articles, b.0.count)
                    .cmp(&(a.0.articles, a.0.count))
                    .then(a.1.cmp(&b.1))
            });
            tallies.into_iter().map(|(t, _)| t).collect()
        }
        let (mut people, mut organisations, mut places) = (Vec::new(), Vec::new(), Vec::new());
        let mut seen = 0;
        for text in texts {
            add(&mut people, &text.people, &mut seen);
            add(&mut organisations, &text.organisations, &mut seen);
            add(&mut places, &text.places, &mut seen);
        }
        GroupNames {
            people: ranked(people),
            organisations: ranked(organisations),
            places: ranked(places),
        }
    }
}

/// The name words of many texts together (what topic labels of an archive leave out).
pub fn words_of_texts<S: AsRef<str>>(texts: &[S]) -> Names {
    let mut all = Names::default();
    for text in texts {
        let found = find(text.as_ref());
        let names = Names::from_names(&found);
        all.words.extend(names.words);
        all.people.extend(names.people);
    }
    all.people.sort();
    all.people.dedup();
    all
}

/// The lower-case words of some names, with their genitives: what terms and labels leave out.
#[derive(Debug, Clone, Default)]
pub struct Names {
    words: HashSet<String>,
    /// The lower-case words of people's names, whose parts a compound split may give as terms
    /// ("Tranberg" as "tran" and "berg").
    people: Vec<String>,
}

impl Names {
    /// The words of every name in `names`.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a Name>) -> Names {
        let mut words = HashSet::new();
        let mut people = Vec::new();
        for name in names {
            for part in name.name.split([' ', '-']) {
                let lower = part.to_lowercase();
                if lower.chars().count() < 2 {
                    continue;
                }
                words.insert(format!("{lower}s"));
                if name.kind == NameKind::Person && lower.chars().count() >= 5 {
                    people.push(lower.clone());
                }
                words.insert(lower);
            }
            let whole = name.name.to_lowercase();
            // "DCIS Sund" tokenised as one word.
            words.insert(whole.replace([' ', '-'], ""));
            words.insert(whole);
        }
        people.sort();
        people.dedup();
        Names { words, people }
    }

    /// Whether a term (as a readable, lower-case word) is a word of one of the names, or the
    /// start or end (three letters or more) of a word of a person's name.
    pub fn contains(&self, term: &str) -> bool {
        let term = term.to_lowercase();
        self.words.contains(&term)
            || (term.chars().count() >= 3
                && self
                    .people
                    .iter()
                    .any(|w| w.starts_with(&term) || w.ends_with(&term)))
    }

    /// The words.
    pub fn words(&self) -> &HashSet<String> {
        &self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, NameKind, usize)> {
        find(text)
            .into_iter()
            .map(|n| (n.name, n.kind, n.count))
            .collect()
    }

    #[test]
    fn all_98_municipalities_are_places_also_in_the_genitive() {
        assert_eq!(places::MUNICIPALITIES.len(), 98);
        let unique: HashSet<_> = places::MUNICIPALITIES.iter().collect();
        assert_eq!(unique.len(), 98);
        for m in places::MUNICIPALITIES {
            let text = format!("Projektet i {m} Kommune går godt, siger de i {m}s byråd.");
            let names = find(&text);
            assert_eq!(names.len(), 1, "{m}: {names:?}");
            assert_eq!(
                (names[0].name.as_str(), names[0].kind, names[0].count),
                (m, NameKind::Place, 2),
                "{m}"
            );
        }
    }

    #[test]
    fn people_organisations_and_places_apart() {
        let found = kinds(
            "Det siger direktør Mette Frederiksen Hansen til Magasinet KITA. Hun har talt med \
             KOMBIT og Sundhedsdatastyrelsen om Region Midtjylland. I Aarhus er man klar, \
             mens Netcompany A/S leverer.",
        );
        let has =
            |name: &str, kind: NameKind| found.iter().any(|(n, k, _)| n == name && *k == kind);
        assert!(
            has("Mette Frederiksen Hansen", NameKind::Person),
            "{found:?}"
        );
        assert!(has("KOMBIT", NameKind::Organisation), "{found:?}");
        assert!(
            has("Sundhedsdatastyrelsen", NameKind::Organisation),
            "{found:?}"
        );
        assert!(has("Region Midtjylland", NameKind::Place), "{found:?}");
        assert!(has("Aarhus", NameKind::Place), "{found:?}");
        assert!(has("Netcompany A/S", NameKind::Organisation), "{found:?}");
        assert!(has("Magasinet KITA", NameKind::Organisation), "{found:?}");
    }

    #[test]
    fn sentence_openers_and_common_acronyms_are_no_names() {
        let found =
            kinds("Kommunerne skal bruge AI og IT. Derfor er NIS2 vigtig. Næste skridt kommer.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn ties_go_to_the_first_mentioned_not_the_alphabet() {
        let found = kinds("Vi mødte Sofie Berg og Anders Aagaard i Viborg.");
        let order: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(order, ["Sofie Berg", "Anders Aagaard", "Viborg"]);
        let found = kinds("Vi mødte Sofie Berg og Anders Aagaard. Anders Aagaard sagde ja.");
        assert_eq!(found[0].0, "Anders Aagaard");
    }

    #[test]
    fn name_words_cover_genitives() {
        let names = find("Lars Vad Jensen fra Holstebro Kommune.");
        let words = Names::from_names(&names);
        for w in ["lars", "jensen", "jensens", "holstebro", "holstebros"] {
            assert!(words.contains(w), "{w}");
        }
        assert!(!words.contains("kommune"));
    }

    #[test]
    fn parts_of_a_persons_name_are_name_words_but_not_of_an_organisation() {
        let names = find("Det siger Beth Tranberg fra Sundhedsdatastyrelsen og DCIS Sund.");
        let words = Names::from_names(&names);
        for w in ["tran", "berg", "tranberg", "dcissund"] {
            assert!(words.contains(w), "{w}");
        }
        for w in ["sundhed", "data", "be"] {
            assert!(!words.contains(w), "{w}");
        }
    }

    #[test]
    fn a_region_however_shortened_is_a_place() {
        let found = kinds("Det gælder for Region Nord og Region Midtjylland.");
        assert!(
            found.iter().all(|(_, k, _)| *k == NameKind::Place),
            "{found:?}"
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn names_by_kind_and_over_texts() {
        let a = ArticleNames::of_text("I går sagde Lars Vad Jensen fra KL, at Holstebro Kommune er klar. Lars Vad Jensen er glad.");
        assert_eq!(
            a.people,
            [NameCount {
                name: "Lars Vad Jensen".into(),
                count: 2
            }]
        );
        assert_eq!(a.organisations[0].name, "KL");
        assert_eq!(a.places[0].name, "Holstebro");
        let b = ArticleNames::of_text("Hos KL siger man, at KL og Aarhus er enige.");
        let group = GroupNames::of([&a, &b]);
        assert_eq!(
            group.organisations[0],
            NameTally {
                name: "KL".into(),
                count: 3,
                articles: 2
            }
        );
        // Aarhus and Holstebro are each in one text once: the first seen leads.
        let places: Vec<&str> = group.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(places, ["Holstebro", "Aarhus"]);
    }
}
