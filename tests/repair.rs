//! OCR repair measured on the seeds: the clean issue damaged the way OCR damaged the 2024 issue
//! must come back, and the clean issue itself must stay as it is.
//!
//! Run with `cargo test --release --test repair -- --nocapture` to see the figures and the words
//! that were not restored.

use tema::text::{
    assess, changed_words, default_lexicon, repair_document, repair_shapes, Repairer,
};

fn clean_issue() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/kita-2022-autumn.txt");
    std::fs::read_to_string(path).expect("seed issue present")
}

/// A small seeded generator (xorshift64*), so the damage is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Picks one of `choices` by weight.
    fn pick<'a>(&mut self, choices: &[(&'a str, f64)]) -> &'a str {
        let total: f64 = choices.iter().map(|(_, w)| w).sum();
        let mut roll = self.next() * total;
        for (choice, weight) in choices {
            if roll < *weight {
                return choice;
            }
            roll -= weight;
        }
        choices[choices.len() - 1].0
    }
}

/// Damages one whitespace-separated word the way the 2024 issue's OCR did: æ/ø/å always lost
/// (mostly å → a, æ → ae/ee/ze/a/e, ø → g/e/o/a/@, å → d/é/&/3), "AI" read as "Al", "IT-" as
/// "[T-", "I" as "|", a leading "lø" as "Ig" and a leading "o" as "0" now and then.
fn damage_word(word: &str, rng: &mut Rng) -> String {
    if word == "AI" {
        return "Al".to_owned();
    }
    if word == "I" && rng.next() < 0.4 {
        return "|".to_owned();
    }
    if let Some(rest) = word.strip_prefix("IT-") {
        if rng.next() < 0.5 {
            return format!("[T-{}", damage_word(rest, rng));
        }
    }
    let mut out = String::with_capacity(word.len() + 4);
    let mut chars = word.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let replacement: String = match c {
            'å' => rng
                .pick(&[("a", 80.0), ("d", 8.0), ("é", 5.0), ("&", 4.0), ("3", 3.0)])
                .to_owned(),
            'æ' => rng
                .pick(&[
                    ("ae", 40.0),
                    ("ee", 25.0),
                    ("ze", 15.0),
                    ("a", 10.0),
                    ("e", 10.0),
                ])
                .to_owned(),
            'ø' => rng
                .pick(&[
                    ("g", 35.0),
                    ("e", 25.0),
                    ("o", 20.0),
                    ("a", 15.0),
                    ("@", 5.0),
                ])
                .to_owned(),
            'Å' => "A".to_owned(),
            'Æ' => "Ae".to_owned(),
            'Ø' => rng.pick(&[("O", 50.0), ("G", 50.0)]).to_owned(),
            'l' if first && chars.peek() == Some(&'ø') && rng.next() < 0.3 => {
                chars.next();
                "Ig".to_owned()
            }
            'o' if first && rng.next() < 0.03 => "0".to_owned(),
            c => c.to_string(),
        };
        first = false;
        out.push_str(&replacement);
    }
    out
}

/// Damages every word of a text, keeping its whitespace as it is.
fn damage(text: &str, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !word.is_empty() {
                out.push_str(&damage_word(&word, &mut rng));
                word.clear();
            }
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&damage_word(&word, &mut rng));
    out
}

#[test]
fn damaged_clean_issue_is_restored() {
    let clean = clean_issue();
    let damaged = damage(&clean, 0x5EED_2022);
    assert!(assess(&damaged).is_damaged());
    assert!(!assess(&clean).is_damaged());
    let repaired = repair_document(&damaged);
    assert_eq!(repaired.lines().count(), damaged.lines().count());

    let mut hit = 0;
    let mut hurt = 0;
    let mut undamaged = 0;
    let mut missed = Vec::new();
    let words = clean
        .split_whitespace()
        .zip(damaged.split_whitespace())
        .zip(repaired.split_whitespace());
    for ((original, broken), fixed) in words {
        if original == broken {
            undamaged += 1;
            if fixed != original {
                hurt += 1;
                missed.push(format!("{original}: {broken} -> {fixed} (undamaged)"));
            }
        } else if fixed == original {
            hit += 1;
        } else {
            missed.push(format!("{original}: {broken} -> {fixed}"));
        }
    }
    let damaged_words = hit + missed.len() - hurt;
    let restored = hit as f64 / damaged_words as f64;
    let harmed = hurt as f64 / undamaged as f64;
    eprintln!(
        "restored {hit} of {damaged_words} damaged words ({:.2}%); changed {hurt} of {undamaged} undamaged ({:.2}%)",
        restored * 100.0,
        harmed * 100.0
    );
    for line in &missed {
        eprintln!("  {line}");
    }
    assert!(damaged_words > 1500, "{damaged_words}");
    // Measured: 96.06% restored (1948 of 2028), 0.07% of undamaged words changed (9 of 12906).
    // Most of what is left needs knowledge no lexicon has: "ØS" (an abbreviation written "OS"
    // or "GS"), names seen once, and real words for real words ("lase": "læse" or "løse"?).
    assert!(restored >= 0.955, "restored {restored:.4}");
    assert!(harmed <= 0.001, "changed {harmed:.4} of undamaged words");
}

#[test]
fn clean_issue_is_left_alone_and_barely_touched_when_forced() {
    let clean = clean_issue();
    assert!(matches!(
        repair_document(&clean),
        std::borrow::Cow::Borrowed(_)
    ));
    let forced = Repairer::cautious(default_lexicon()).repair_text(&clean);
    let changed = changed_words(&clean, &forced);
    let words = clean.split_whitespace().count();
    eprintln!("forced repair of the clean issue changed {changed} of {words} words");
    for (a, b) in clean.split_whitespace().zip(forced.split_whitespace()) {
        if a != b {
            eprintln!("  {a} -> {b}");
        }
    }
    assert!(changed * 1000 <= words, "{changed} of {words}");
}

/// The first pass of a fresh repairer searches on rayon's threads; what it returns must not
/// depend on how many there are, nor on whether the repairer is fresh or warm.
#[test]
fn repair_is_the_same_on_any_number_of_threads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/kita-2024-autumn.txt");
    let damaged = std::fs::read_to_string(path).expect("seed issue present");
    let synthetic = damage(&clean_issue(), 7);
    let lexicon = default_lexicon();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| {
            let mut repairer = Repairer::new(lexicon);
            let fresh = repairer.repair_text(&damaged);
            let warm = repairer.repair_text(&damaged);
            let cautious = Repairer::cautious(lexicon).repair_text(&damaged);
            let other = Repairer::new(lexicon).repair_text(&synthetic);
            let other_warm = repairer.repair_text(&synthetic);
            [fresh, warm, cautious, other, other_warm]
        })
    };
    let one = run(1);
    assert_eq!(
        one[3], one[4],
        "a repairer warm from another issue reads this one as a fresh one"
    );
    assert!(changed_words(&damaged, &one[0]) > 1000);
    assert_eq!(
        one[0], one[1],
        "a warm repairer reads the issue as a fresh one"
    );
    for threads in [2, 4] {
        assert!(
            run(threads) == one,
            "{threads} threads repair otherwise than one"
        );
    }
}

/// The confusions of letter shapes (`l`/`i`, `rn`/`m`, `cl`/`d`, a lost doubled letter, `O`/`0`)
/// are undone in a damaged text: a paragraph written for this test, with æ/ø/å lost too, so it
/// is read as OCR'd text is.
#[test]
fn shape_confusions_are_undone_in_damaged_text() {
    let damaged = "\
Kommunerne har i ar faet et nyt lovforsiag om digital sikkerhed. Forslaget blev sendt i hering
i foraret, og det betyder, at alle kommuner skal forholde sig til kravene inden 2025.
Brugerklubben for det faelles system holdt i sidste uge sit arsmode, hvor Brugerklubben ogsa
valgte en ny formand. Brugerkluben har nu over hundrede mediemmer, og mediemmer fra hele landet
deltog i modet. Flere kornmuner har allerede meldt sig, og de forventer store besparelser pa lang
sigt for deres inclbyggere. Det er vigtlg for dem, at systemet er klar i 2O25, sagde formanden,
der selv har arbejdet med it siden 2025 blev sat som mal.
";
    assert!(assess(damaged).is_damaged());
    let repaired = repair_document(damaged);
    eprintln!("{repaired}");
    for (wrong, right) in [
        ("lovforsiag", "lovforslag"),
        ("Brugerkluben", "Brugerklubben"),
        ("mediemmer", "medlemmer"),
        ("kornmuner", "kommuner"),
        ("inclbyggere", "indbyggere"),
        ("vigtlg", "vigtig"),
        ("2O25", "2025"),
    ] {
        let words = repaired.split(|c: char| !c.is_alphanumeric());
        assert!(words.clone().any(|w| w == right), "{right} missing");
        assert!(!words.clone().any(|w| w == wrong), "{wrong} left");
    }
    assert_eq!(repaired.lines().count(), damaged.lines().count());
}

/// Clean text comes back byte for byte: a clean issue is never read for damage at all, and the
/// shape pass run on it by hand (as if it were damaged) finds next to nothing to change. (In
/// the clean seed it finds one word, a typo of the printed issue, "Tiliden" for "Tilliden".)
#[test]
fn clean_issues_repair_to_themselves_byte_for_byte() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in [
        "seeds/kita-2022-autumn.txt",
        "tests/fixtures/synthetic/kita-synthetic.txt",
    ] {
        let clean = std::fs::read_to_string(root.join(path)).expect("issue present");
        let repaired = repair_document(&clean);
        assert!(matches!(repaired, std::borrow::Cow::Borrowed(_)), "{path}");
        assert_eq!(repaired.as_bytes(), clean.as_bytes());
        let forced = repair_shapes(&clean, default_lexicon());
        let changed: Vec<_> = clean
            .split_whitespace()
            .zip(forced.split_whitespace())
            .filter(|(a, b)| a != b)
            .collect();
        let words = clean.split_whitespace().count();
        eprintln!("{path}: the shape pass by hand changed {changed:?} of {words} words");
        assert!(changed.len() * 10_000 <= words, "{path}: {changed:?}");
    }
}
