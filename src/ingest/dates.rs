//! When an issue came out: from its path first (year folders, `2022-10`, Danish month and
//! season names with or without æ/ø/å), then from the issue line printed on its first page or in
//! its masthead, never from a sentence of an article; a table of dates given by the user
//! overrides both.
//!
//! ```
//! use std::path::Path;
//! use tema::ingest::{date_from_path, date_from_text, IssueDate};
//!
//! let date = |y, m| Some(IssueDate { year: y, month: m });
//! assert_eq!(date_from_path(Path::new("arkiv/2019/nr3-efteraar.pdf")), date(2019, 10));
//! assert_eq!(date_from_path(Path::new("2022-10/kita.txt")), date(2022, 10));
//! // An article's sentence on the first page is no issue line; the printed issue line is.
//! assert_eq!(date_from_text(" Sidste år i november 2021 gjorde jeg opmærksom på det.\n"), None);
//! assert_eq!(date_from_text(" Magasinet KITA · Nr. 3 · oktober 2024\nLeder\n"), date(2024, 10));
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// When an issue came out, as precisely as its name or text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IssueDate {
    pub year: i32,
    /// 1–12; a season counts as its middle month, an unknown month as 0.
    pub month: u32,
}

impl IssueDate {
    /// Reads a date from an issue's file name or opening text: a year (1990–2099), and a month
    /// or season if one stands near it ("efterår 2025", "2024-09", "kita-2022-autumn",
    /// "nr. 3 · september 2024").
    ///
    /// ```
    /// use tema::ingest::IssueDate;
    /// assert_eq!(IssueDate::find("kita-2022-autumn"), Some(IssueDate { year: 2022, month: 10 }));
    /// assert_eq!(IssueDate::find("Magasinet KITA · nr. 3 · marts 2025"), Some(IssueDate { year: 2025, month: 3 }));
    /// assert_eq!(IssueDate::find("2023-06-kita"), Some(IssueDate { year: 2023, month: 6 }));
    /// assert_eq!(IssueDate::find("ingen dato"), None);
    /// ```
    pub fn find(text: &str) -> Option<IssueDate> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let (at, year) = words.iter().enumerate().find_map(|(i, w)| {
            let year: i32 = w.parse().ok()?;
            (w.len() == 4 && (1990..2100).contains(&year)).then_some((i, year))
        })?;
        let near = words[at.saturating_sub(3)..(at + 4).min(words.len())].iter();
        let month = near
            .filter_map(|w| month_of(w))
            .next()
            .or_else(|| {
                // "2024-09": a month number right after the year.
                words
                    .get(at + 1)
                    .and_then(|w| w.parse::<u32>().ok())
                    .filter(|m| words[at + 1].len() == 2 && (1..=12).contains(m))
            })
            .unwrap_or(0);
        Some(IssueDate { year, month })
    }

    /// Reads a date a user typed (`--date`, a `--dates` file): `2024`, `2024-10`, or a month
    /// or season and a year (`oktober 2024`, `efterår 2024`), and nothing else. Unlike
    /// [`IssueDate::find`], which looks for a date in running text, it refuses what it cannot
    /// read whole rather than keep the part it can: `2024-13` is an error, not 2024.
    ///
    /// ```
    /// use tema::ingest::IssueDate;
    /// assert_eq!(IssueDate::parse("2024-09").unwrap().label(), "2024-09");
    /// assert_eq!(IssueDate::parse("efterår 2024").unwrap().label(), "2024-10");
    /// assert!(IssueDate::parse("2024-13").unwrap_err().contains("month 13"));
    /// ```
    pub fn parse(text: &str) -> std::result::Result<IssueDate, String> {
        let unreadable = || format!("{text:?} is not a date like 2024, 2024-10 or oktober 2024");
        let lower = text.trim().to_lowercase();
        let year_of = |word: &str| -> std::result::Result<i32, String> {
            let year: i32 = word.parse().map_err(|_| unreadable())?;
            if word.len() == 4 && (1990..2100).contains(&year) {
                Ok(year)
            } else {
                Err(format!(
                    "{text:?}: year {word} is not between 1990 and 2099"
                ))
            }
        };
        if let Some((year, month)) = lower.split_once('-') {
            let year = year_of(year)?;
            let number: u32 = month.parse().map_err(|_| unreadable())?;
            if !(1..=12).contains(&number) || month.len() > 2 {
                return Err(format!("{text:?}: month {month} is not between 1 and 12"));
            }
            return Ok(IssueDate {
                year,
                month: number,
            });
        }
        let words: Vec<&str> = lower.split_whitespace().collect();
        match words[..] {
            [year] => Ok(IssueDate {
                year: year_of(year)?,
                month: 0,
            }),
            [month, year] => Ok(IssueDate {
                year: year_of(year)?,
                month: month_of(month).ok_or_else(unreadable)?,
            }),
            _ => Err(unreadable()),
        }
    }

    /// "2024", or "2024-10" when the month is known.
    pub fn label(&self) -> String {
        if self.month == 0 {
            self.year.to_string()
        } else {
            format!("{}-{:02}", self.year, self.month)
        }
    }
}

/// Danish and English month and season names → month number.
fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [(&str, u32); 32] = [
        ("januar", 1),
        ("january", 1),
        ("februar", 2),
        ("february", 2),
        ("marts", 3),
        ("march", 3),
        ("april", 4),
        ("maj", 5),
        ("may", 5),
        ("juni", 6),
        ("june", 6),
        ("juli", 7),
        ("july", 7),
        ("august", 8),
        ("september", 9),
        ("oktober", 10),
        ("october", 10),
        ("november", 11),
        ("december", 12),
        ("vinter", 1),
        ("winter", 1),
        ("forår", 4),
        ("foraar", 4),
        ("forar", 4),
        ("spring", 4),
        ("sommer", 7),
        ("summer", 7),
        ("efterår", 10),
        ("efteraar", 10),
        ("efterar", 10),
        ("autumn", 10),
        ("fall", 10),
    ];
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, m)| m)
}

/// The date a path gives: the file name first, then the folders above it ("2019/nr3.pdf",
/// "2022-10/kita.txt", "kita-efteraar-2024.pdf").
pub fn date_from_path(path: &Path) -> Option<IssueDate> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folders: Vec<String> = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let whole = format!("{} {stem}", folders.join(" "));
    let from_stem = IssueDate::find(&stem);
    match from_stem {
        // A month in the folders ("2019/oktober/nr3-2019") still counts for a stem with a bare year.
        Some(date) if date.month == 0 => IssueDate::find(&whole)
            .filter(|d| d.year == date.year)
            .or(from_stem),
        Some(_) => from_stem,
        None => IssueDate::find(&whole),
    }
}

/// Words of a printed issue line or masthead: a date next to one of these is the issue's.
const ISSUE_WORDS: &[&str] = &[
    "nr",
    "nummer",
    "udgave",
    "årgang",
    "aargang",
    "magasinet",
    "magasin",
    "issn",
    "udgivet",
    "kita",
];

/// The date an issue prints on its first page (`Magasinet KITA · Nr. 3 · oktober 2024`) or in
/// its masthead (`Udgivet oktober 2024`): a short line, not a sentence, with a year and either a
/// month or season or an issue word. A sentence of an article that names a date is not one.
pub fn date_from_text(text: &str) -> Option<IssueDate> {
    let lines = crate::ingest::lines::classify_lines(text);
    let second_page = lines
        .iter()
        .skip(1)
        .position(|l| l.page_start)
        .map_or(lines.len(), |p| p + 1);
    let first_page = lines[..second_page.min(60)].iter().map(|l| l.text);
    let masthead = lines.iter().map(|l| l.text).filter(|t| {
        let lower = t.to_lowercase();
        ["issn", "udgivet", "udgives"]
            .iter()
            .any(|w| lower.contains(w))
    });
    first_page.chain(masthead).find_map(issue_line_date)
}

fn issue_line_date(line: &str) -> Option<IssueDate> {
    let words = line.split_whitespace().count();
    let sentence = line.ends_with(['.', ',', '!', '?', ':', ';']) && !line.ends_with("nr.");
    if words == 0 || words > 10 || sentence {
        return None;
    }
    let date = IssueDate::find(line)?;
    let lower = line.to_lowercase();
    let issue_word = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ISSUE_WORDS.contains(&w));
    (date.month != 0 || issue_word).then_some(date)
}

/// Dates given by the user (`--dates FILE`): CSV rows `issue,date`, the issue as tema names it
/// (`2019-nr3`) and the date as `2024` or `2024-10` (or any form [`IssueDate::find`] reads); a
/// header row `issue,date` is allowed.
pub fn read_dates(path: &Path) -> Result<HashMap<String, IssueDate>> {
    let bad = |line: usize, reason: String| Error::Dates {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => Error::reading(path, source),
            other => bad(0, format!("{other:?}")),
        })?;
    let mut dates = HashMap::new();
    for (n, row) in reader.records().enumerate() {
        let line = n + 1;
        let row = row.map_err(|e| bad(line, e.to_string()))?;
        let (Some(issue), Some(date)) = (row.get(0), row.get(1)) else {
            if row.iter().all(str::is_empty) {
                continue;
            }
            return Err(bad(line, "expected two fields: issue,date".to_owned()));
        };
        if line == 1 && issue.eq_ignore_ascii_case("issue") {
            continue;
        }
        let date = IssueDate::parse(date).map_err(|reason| bad(line, reason))?;
        dates.insert(issue.to_owned(), date);
    }
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32) -> Option<IssueDate> {
        Some(IssueDate { year, month })
    }

    #[test]
    fn paths_give_years_months_and_seasons() {
        for (path, want) in [
            ("coll/2019/nr3.txt", date(2019, 0)),
            ("2022-10.pdf", date(2022, 10)),
            ("arkiv/2021/oktober.pdf", date(2021, 10)),
            ("kita-efterår-2024.pdf", date(2024, 10)),
            ("kita-efteraar-2024.txt", date(2024, 10)),
            ("kita-forår-2023.txt", date(2023, 4)),
            ("2023/kita-foraar.txt", date(2023, 4)),
            ("kita-2022-autumn.txt", date(2022, 10)),
            ("arkiv/nr3.txt", None),
        ] {
            assert_eq!(date_from_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn a_sentence_on_the_first_page_is_no_issue_line() {
        let text = " Af formand Henrik Brix ‹ KITA\n\nSå landede de\nSidste år i november 2021 \
                    gjorde jeg høfligt opmærksom på, at jeg ventede.\n";
        assert_eq!(date_from_text(text), None);
        let text = " Leder\nI maj 2023 blev 18 selskaber hacket.\n Ny side\nKITA nr. 2 2020\n";
        assert_eq!(date_from_text(text), None, "only the first page is read");
        let text = " Leder\nnoget tekst\n Ny side\nUdgivet af KITA, september 2020\n";
        assert_eq!(date_from_text(text), date(2020, 9), "the masthead is read");
    }

    #[test]
    fn dates_file_reads_rows_and_refuses_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("d.csv");
        std::fs::write(&good, "issue,date\n2019-nr3,2019-10\n\nkita,2020\n").unwrap();
        let dates = read_dates(&good).unwrap();
        assert_eq!(
            dates["2019-nr3"],
            IssueDate {
                year: 2019,
                month: 10
            }
        );
        assert_eq!(
            dates["kita"],
            IssueDate {
                year: 2020,
                month: 0
            }
        );
        let bad = dir.path().join("b.csv");
        std::fs::write(&bad, "2019-nr3,snart\n").unwrap();
        let err = read_dates(&bad).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("snart"), "{err}");
    }
}
