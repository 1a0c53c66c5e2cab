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
//!
//! A damaged text is then read for the confusions of letter shapes ([`repair_shapes`]: `l`/`i`/`1`,
//! `rn`/`m`, `cl`/`d`, a lost doubled letter, `0`/`O`), taken only where the lexicon and the
//! document agree.

mod caches;
mod compounds;
mod context;
mod damage;
mod driver;
mod names;
mod output;
mod shapes;
mod split;
mod state;
mod words;

use std::borrow::Cow;
use std::cell::RefCell;

use super::lexicon::default_lexicon;
#[cfg(test)]
use super::lexicon::Lexicon;

pub use damage::{assess, Damage};
pub use shapes::repair_shapes;
pub use state::Repairer;

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
        crate::text::whitespace::words_and_spaces(text)
            .into_iter()
            .map(|(w, _)| w)
    };
    words(original)
        .zip(words(repaired))
        .filter(|(a, b)| a != b)
        .count()
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::context::{align_boundary, trim_to_alphanumeric};
    use super::damage::unmistakable_damage;
    use super::output::Output;
    use super::*;
    use crate::text::channel::CONFUSIONS;
    use crate::text::lexicon_table::clear_settled;

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
        let text = include_str!("../../../seeds/kita-2024-autumn.txt");
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
        let text = include_str!("../../../seeds/kita-2024-autumn.txt");
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
