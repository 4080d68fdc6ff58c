//! Dates written in medical documents (`03/14/2024`, `3/14/24`, `2024-03-14`,
//! `March 14, 2024`, `14 Mar 2024`), normalised, with their role where the
//! words before them say it (`DOB:`, `Date of Service:`, …). A date that
//! reads both ways (`05/04/2012`) is read as its document writes the dates
//! that can only be read one way, or else in the vault's [`DateOrder`].

use serde::{Deserialize, Serialize};

use crate::runs::runs;
use crate::time::date_ms;

/// What a date is in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRole {
    Birth,
    Service,
    Admission,
    Discharge,
    Collected,
    Other,
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundDate {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// Unix milliseconds at midnight UTC.
    #[serde(skip)]
    pub ms: i64,
    pub role: DateRole,
    /// Byte range in the text.
    #[serde(skip)]
    pub span: (usize, usize),
}

/// How a date that reads both ways (`05/04/2012`) is read when its
/// document has no date that can only be read one way (`17/01/2012`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Month first, as in the United States: `05/04/2012` is 4 May 2012.
    #[default]
    MonthFirst,
    /// Day first, as in most other countries: `05/04/2012` is 5 April 2012.
    DayFirst,
}

impl DateOrder {
    /// Both orders, default first.
    pub const ALL: [DateOrder; 2] = [DateOrder::MonthFirst, DateOrder::DayFirst];

    /// `month_first` or `day_first`, as stored and as the CLI takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month_first",
            DateOrder::DayFirst => "day_first",
        }
    }

    /// Reads [`DateOrder::as_str`]'s form (or its `-` spelling).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == s.replace('-', "_"))
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Every date in `text`, in reading order; `order` reads the dates that read
/// both ways when the text does not say.
pub fn find_dates(text: &str, order: DateOrder) -> Vec<FoundDate> {
    let words = words(text);
    let day_order = document_order(&words).unwrap_or(order) == DateOrder::DayFirst;
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (w, start, end) = words[i];
        let found = numeric(w, day_order)
            .map(|d| (d, 1))
            .or_else(|| month_first(&words[i..]).map(|d| (d, 3)))
            .or_else(|| day_first(&words[i..]).map(|d| (d, 3)));
        match found {
            Some(((y, m, d), n)) => {
                if let Some(ms) = date_ms(y, m, d) {
                    let to = if n == 1 { end } else { words[i + n - 1].2 };
                    out.push(FoundDate {
                        iso: format!("{y:04}-{m:02}-{d:02}"),
                        ms,
                        role: role(&text[text[..start].rfind('\n').map_or(0, |p| p + 1)..start]),
                        span: (start, to),
                    });
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Words with punctuation trimmed from their ends, and their byte ranges.
fn words(text: &str) -> Vec<(&str, usize, usize)> {
    let sep = |c: char| c.is_whitespace() || matches!(c, '(' | ')' | ';' | '[' | ']');
    runs(text, |c| !sep(c))
        .filter_map(|(s, e)| {
            let w = text[s..e].trim_end_matches([',', '.', ':']);
            let w = w.trim_start_matches(':');
            let from = s + text[s..e].find(w).unwrap_or(0);
            (!w.is_empty()).then_some((w, from, from + w.len()))
        })
        .collect()
}

fn year(s: &str) -> Option<i64> {
    let y: i64 = s.parse().ok()?;
    match s.len() {
        4 if (1880..=2100).contains(&y) => Some(y),
        // Two-digit years: 00–49 are this century, 50–99 the last.
        2 => Some(if y < 50 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

fn small(s: &str, max: i64) -> Option<i64> {
    if s.is_empty() || s.len() > 2 {
        return None;
    }
    s.parse().ok().filter(|n| (1..=max).contains(n))
}

/// `MM/DD/YYYY`, `M/D/YY`, `MM-DD-YYYY` (US order; day first if
/// `day_first`, or if only that reading is a date) or `YYYY-MM-DD`.
fn numeric(w: &str, day_first: bool) -> Option<(i64, i64, i64)> {
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = w.split(sep).collect();
        if let [a, b, c] = parts.as_slice() {
            if a.len() == 4 && sep == '-' {
                return Some((year(a)?, small(b, 12)?, small(c, 31)?));
            }
            if sep == '-' && c.len() != 4 {
                return None;
            }
            // `9.12.2010` is European: day first.
            let y = year(c)?;
            let dm = || Some((y, small(b, 12)?, small(a, 31)?));
            let md = || Some((y, small(a, 12)?, small(b, 31)?));
            return if day_first || sep == '.' {
                dm().or_else(md)
            } else {
                md().or_else(dm)
            };
        }
    }
    None
}

/// The order the document writes slashed dates in, where one of them says:
/// month first if one has a second field above 12 (`03/14/12`), else day
/// first if one has a first field above 12 (`17/01/12`).
fn document_order(words: &[(&str, usize, usize)]) -> Option<DateOrder> {
    let mut day_first = false;
    for (w, ..) in words {
        let parts: Vec<&str> = w.split('/').collect();
        if let [a, b, c] = parts.as_slice() {
            let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
                continue;
            };
            if !c.chars().all(|ch| ch.is_ascii_digit()) {
                continue;
            }
            if b > 12 && a <= 12 {
                return Some(DateOrder::MonthFirst);
            }
            day_first |= a > 12 && a <= 31 && b <= 12;
        }
    }
    day_first.then_some(DateOrder::DayFirst)
}

fn month(w: &str) -> Option<i64> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[i].starts_with(&w) || w == "sept").then_some(i as i64 + 1)
}

fn day(w: &str) -> Option<i64> {
    let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    small(w, 31)
}

/// `March 14, 2024`.
fn month_first(w: &[(&str, usize, usize)]) -> Option<(i64, i64, i64)> {
    let [(m, ..), (d, ..), (y, ..), ..] = w else {
        return None;
    };
    Some((year(y).filter(|_| y.len() == 4)?, month(m)?, day(d)?))
}

/// `14 March 2024`.
fn day_first(w: &[(&str, usize, usize)]) -> Option<(i64, i64, i64)> {
    let [(d, ..), (m, ..), (y, ..), ..] = w else {
        return None;
    };
    Some((year(y).filter(|_| y.len() == 4)?, month(m)?, day(d)?))
}

/// The role the start of the line gives a date.
fn role(before: &str) -> DateRole {
    let b = before.to_ascii_lowercase();
    let tail = &b[b.len().saturating_sub(40)..];
    let has = |k: &[&str]| k.iter().any(|k| tail.contains(k));
    if has(&["dob", "birth", "born"]) {
        DateRole::Birth
    } else if has(&["discharge"]) {
        DateRole::Discharge
    } else if has(&["admission", "admitted", "admit date"]) {
        DateRole::Admission
    } else if has(&["collected", "collection", "specimen"]) {
        DateRole::Collected
    } else if has(&[
        "date of service",
        "dos",
        "service date",
        "visit",
        "exam date",
        "date of exam",
        "date of procedure",
        "procedure date",
    ]) {
        DateRole::Service
    } else {
        DateRole::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isos(text: &str) -> Vec<(String, DateRole)> {
        find_dates(text, DateOrder::MonthFirst)
            .into_iter()
            .map(|d| (d.iso, d.role))
            .collect()
    }

    #[test]
    fn common_forms_are_normalised() {
        let o = DateRole::Other;
        assert_eq!(
            isos("seen 03/14/2024, again 3/4/24 and 2024-12-01; March 5, 2023 or 7 Sept 2021."),
            [
                ("2024-03-14".into(), o),
                ("2024-03-04".into(), o),
                ("2024-12-01".into(), o),
                ("2023-03-05".into(), o),
                ("2021-09-07".into(), o)
            ]
        );
        assert_eq!(isos("Date:  10/12/02 05/04/12")[1].0, "2012-05-04");
    }

    #[test]
    fn roles_come_from_the_words_before() {
        assert_eq!(
            isos("DOB: 01/02/1950\nDate of Service: 02/03/2024\nDischarge date: 2024-02-09"),
            [
                ("1950-01-02".into(), DateRole::Birth),
                ("2024-02-03".into(), DateRole::Service),
                ("2024-02-09".into(), DateRole::Discharge)
            ]
        );
    }

    #[test]
    fn things_that_are_not_dates_are_left() {
        assert!(
            isos("BP 120/80, 5/10 pain, ratio 1/2/3, 13/45/2020, 02/30/2024, may 5 mg").is_empty()
        );
        assert!(isos("at 10.5.3 version, 2 March 20").is_empty());
    }

    #[test]
    fn a_document_that_writes_a_day_above_12_first_is_read_day_first() {
        let isos = |t: &str| {
            find_dates(t, DateOrder::MonthFirst)
                .into_iter()
                .map(|d| d.iso)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            isos("Date: 17/01/12 03/04/12"),
            ["2012-01-17", "2012-04-03"]
        );
        assert_eq!(
            isos("Seen 03/04/12 and 03/14/12"),
            ["2012-03-04", "2012-03-14"]
        );
        assert_eq!(isos("From 9.12.2010 the range changed"), ["2010-12-09"]);
    }

    #[test]
    fn the_vault_order_reads_only_what_the_document_leaves_open() {
        let isos = |t: &str, o| {
            find_dates(t, o)
                .into_iter()
                .map(|d| d.iso)
                .collect::<Vec<_>>()
        };
        let (md, dm) = (DateOrder::MonthFirst, DateOrder::DayFirst);
        assert_eq!(isos("Collected 05/04/12", md), ["2012-05-04"]);
        assert_eq!(isos("Collected 05/04/12", dm), ["2012-04-05"]);
        // The document settles it, whatever the vault's order.
        assert_eq!(
            isos("05/04/12 and 03/14/12", dm),
            ["2012-05-04", "2012-03-14"]
        );
        assert_eq!(
            isos("05/04/12 and 17/01/12", md),
            ["2012-04-05", "2012-01-17"]
        );
        // A date that reads one way only is read that way, even against the
        // document's order (here month first, from 03/14/12).
        assert_eq!(
            isos("03/14/12 then 17/01/12", md),
            ["2012-03-14", "2012-01-17"]
        );
        assert_eq!(DateOrder::parse("day-first"), Some(dm));
        assert_eq!(DateOrder::parse(md.as_str()), Some(md));
        assert_eq!(DateOrder::parse("yearly"), None);
    }
}
