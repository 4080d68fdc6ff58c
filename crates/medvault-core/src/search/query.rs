//! The query language, parsed into a small tree before it meets the index:
//! words (all required unless joined by `OR`), `"phrases"`, `prefix*`,
//! `fuzzy~` (or `~2`), `NOT x` / `-x`, parentheses, and field filters
//! `title:`, `type:`, `tag:`, `patient:`, `date:` and `added:` (these two
//! take dates or ranges: `date:2024`, `date:2024-01..2024-06`,
//! `added:..2025-03-31`) and `year:` (the year of the document's own date,
//! as the year facet counts it: `year:2024`, `year:2020..2022`).

use super::SearchError;
use crate::time::date_ms;

/// Where a word or phrase is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Text and title.
    Any,
    Title,
    Type,
    Tag,
    Patient,
    /// A medication's name (`med:metformin`).
    Medication,
    /// A lab test's name (`lab:potassium`).
    Lab,
    /// An ICD-10 code (`code:E11.9`).
    Code,
    /// A provider's name (`provider:smith`).
    Provider,
}

/// Which date a range filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    /// Dates found in the document (service, birth, …).
    Mentioned,
    /// When the document was added to the vault.
    Added,
}

/// How a word matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Exact,
    Prefix,
    /// Within this many edits.
    Fuzzy(u8),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Word {
        target: Target,
        text: String,
        how: Match,
    },
    Phrase {
        target: Target,
        text: String,
    },
    /// Milliseconds, `from` inclusive, `to` exclusive.
    Dates {
        field: DateField,
        from: Option<i64>,
        to: Option<i64>,
    },
    /// Documents whose own date falls in these years (inclusive).
    Years {
        from: Option<u64>,
        to: Option<u64>,
    },
    /// Every document (an empty query, or the left side of a lone `NOT`).
    All,
}

const FIELDS: &str = "title, type, tag, patient, med, lab, code, provider, date, added, year";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    /// `field:` directly before the next token.
    Field(String),
    Word(String),
    Phrase(String),
}

fn lex(q: &str) -> Result<Vec<Tok>, SearchError> {
    let mut out = Vec::new();
    let mut chars = q.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(if c == '(' { Tok::Open } else { Tok::Close });
        } else if c == '"' {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    Some((_, '"')) => break,
                    Some((_, ch)) => text.push(ch),
                    None => {
                        return Err(SearchError::Query(format!(
                            "the phrase starting at character {} is not closed; add a \"",
                            i + 1
                        )))
                    }
                }
            }
            out.push(Tok::Phrase(text));
        } else {
            let mut word = String::new();
            while let Some(&(_, ch)) = chars.peek() {
                if ch.is_whitespace() || ch == '(' || ch == ')' || ch == '"' {
                    break;
                }
                word.push(ch);
                chars.next();
                if ch == ':' && is_field_name(&word[..word.len() - 1]) {
                    break;
                }
            }
            if c == '-' && word.len() == 1 {
                out.push(Tok::Not);
                continue;
            }
            if let Some(rest) = word.strip_prefix('-') {
                out.push(Tok::Not);
                word = rest.to_string();
            }
            match word.as_str() {
                "AND" | "&&" => out.push(Tok::And),
                "OR" | "||" => out.push(Tok::Or),
                "NOT" => out.push(Tok::Not),
                w if w.ends_with(':') && is_field_name(&w[..w.len() - 1]) => {
                    let name = w[..w.len() - 1].to_ascii_lowercase();
                    if !matches!(
                        name.as_str(),
                        "title"
                            | "type"
                            | "tag"
                            | "patient"
                            | "med"
                            | "lab"
                            | "code"
                            | "provider"
                            | "date"
                            | "added"
                            | "year"
                    ) {
                        return Err(SearchError::Query(format!(
                            "unknown field '{name}:'; fields are {FIELDS}"
                        )));
                    }
                    out.push(Tok::Field(name));
                }
                _ => out.push(Tok::Word(word)),
            }
        }
    }
    Ok(out)
}

/// A field name is letters only (so `10:30` or `mg:kg` stay words unless the letters name no field…).
fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 12 && s.chars().all(|c| c.is_ascii_alphabetic())
}

/// Parses `q`; an empty query matches every document.
pub fn parse(q: &str) -> Result<Node, SearchError> {
    let toks = lex(q)?;
    let mut p = Parser { toks, at: 0 };
    if p.toks.is_empty() {
        return Ok(Node::All);
    }
    let node = p.or()?;
    match p.toks.get(p.at) {
        None => Ok(node),
        Some(Tok::Close) => Err(SearchError::Query("a ')' has no matching '('".to_string())),
        Some(t) => Err(SearchError::Query(format!("unexpected {t:?}"))),
    }
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn or(&mut self) -> Result<Node, SearchError> {
        let mut alts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            alts.push(self.and()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Node::Or(alts)
        })
    }

    fn and(&mut self) -> Result<Node, SearchError> {
        let mut all = vec![self.unary()?];
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::Close) => break,
                Some(Tok::And) => {
                    self.at += 1;
                    all.push(self.unary()?);
                }
                _ => all.push(self.unary()?),
            }
        }
        Ok(if all.len() == 1 {
            all.pop().unwrap()
        } else {
            Node::And(all)
        })
    }

    fn unary(&mut self) -> Result<Node, SearchError> {
        match self.peek() {
            Some(Tok::Not) => {
                self.at += 1;
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Node, SearchError> {
        let tok = self.toks.get(self.at).cloned();
        self.at += 1;
        match tok {
            Some(Tok::Open) => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(SearchError::Query("a '(' is not closed; add a ')'".into()));
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Tok::Field(name)) => {
                let value = self.toks.get(self.at).cloned();
                self.at += 1;
                field_value(&name, value)
            }
            Some(Tok::Word(w)) => word(Target::Any, &w),
            Some(Tok::Phrase(p)) => Ok(Node::Phrase {
                target: Target::Any,
                text: p,
            }),
            Some(Tok::Close) => Err(SearchError::Query("a ')' has no matching '('".into())),
            Some(t @ (Tok::And | Tok::Or | Tok::Not)) => Err(SearchError::Query(format!(
                "{} needs a word after it",
                match t {
                    Tok::And => "AND",
                    Tok::Or => "OR",
                    _ => "NOT",
                }
            ))),
            None => Err(SearchError::Query("the query ends too early".into())),
        }
    }
}

fn word(target: Target, w: &str) -> Result<Node, SearchError> {
    let (text, how) = if let Some(stem) = w.strip_suffix('*') {
        (stem, Match::Prefix)
    } else if let Some(i) = w.rfind('~').filter(|&i| i > 0) {
        let d = match &w[i + 1..] {
            "" => 1,
            n => n.parse::<u8>().ok().filter(|d| *d <= 2).ok_or_else(|| {
                SearchError::Query(format!("'{w}': a fuzzy word allows ~1 or ~2 edits"))
            })?,
        };
        (&w[..i], Match::Fuzzy(d))
    } else {
        (w, Match::Exact)
    };
    if text.is_empty() {
        return Err(SearchError::Query(format!("'{w}' has no word to look for")));
    }
    Ok(Node::Word {
        target,
        text: text.to_string(),
        how,
    })
}

fn field_value(name: &str, value: Option<Tok>) -> Result<Node, SearchError> {
    let target = match name {
        "title" => Target::Title,
        "type" => Target::Type,
        "tag" => Target::Tag,
        "patient" => Target::Patient,
        "med" => Target::Medication,
        "lab" => Target::Lab,
        "code" => Target::Code,
        "provider" => Target::Provider,
        "date" | "added" => {
            let field = if name == "date" {
                DateField::Mentioned
            } else {
                DateField::Added
            };
            let Some(Tok::Word(w)) = value else {
                return Err(SearchError::Query(format!(
                    "{name}: needs a date or a range such as 2024, 2024-03 or 2024-01..2024-06"
                )));
            };
            let (from, to) = date_range(&w)?;
            return Ok(Node::Dates { field, from, to });
        }
        "year" => {
            let Some(Tok::Word(w)) = value else {
                return Err(SearchError::Query(
                    "year: needs a year or a range such as 2024 or 2020..2022".into(),
                ));
            };
            return years(&w);
        }
        _ => unreachable!("lex checks field names"),
    };
    match value {
        Some(Tok::Word(w)) => word(target, &w),
        Some(Tok::Phrase(p)) => Ok(Node::Phrase { target, text: p }),
        _ => Err(SearchError::Query(format!("{name}: needs a value"))),
    }
}

/// `2024` or `2020..2022` (either end may be left out).
fn years(s: &str) -> Result<Node, SearchError> {
    let year = |y: &str| {
        y.parse::<u64>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| SearchError::Query(format!("'{y}' is not a year; use YYYY")))
    };
    let (from, to) = match s.split_once("..") {
        Some((a, b)) => (
            (!a.is_empty()).then(|| year(a)).transpose()?,
            (!b.is_empty()).then(|| year(b)).transpose()?,
        ),
        None => (Some(year(s)?), Some(year(s)?)),
    };
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(SearchError::Query(format!(
                "the range '{s}' ends before it starts"
            )));
        }
    }
    Ok(Node::Years { from, to })
}

/// `2024`, `2024-03`, `2024-03-15`, or two of them joined by `..` (either may be left out).
fn date_range(s: &str) -> Result<(Option<i64>, Option<i64>), SearchError> {
    if let Some((a, b)) = s.split_once("..") {
        let from = if a.is_empty() {
            None
        } else {
            Some(period(a)?.0)
        };
        let to = if b.is_empty() {
            None
        } else {
            Some(period(b)?.1)
        };
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                return Err(SearchError::Query(format!(
                    "the range '{s}' ends before it starts"
                )));
            }
        }
        return Ok((from, to));
    }
    let (f, t) = period(s)?;
    Ok((Some(f), Some(t)))
}

/// The start and end (exclusive) of a year, month or day.
fn period(s: &str) -> Result<(i64, i64), SearchError> {
    let bad = || {
        SearchError::Query(format!(
            "'{s}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    };
    let parts: Vec<i64> = s
        .split('-')
        .map(|p| p.parse::<i64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let ms = |y, m, d| date_ms(y, m, d).ok_or_else(bad);
    match parts.as_slice() {
        [y] if (1000..=9999).contains(y) => Ok((ms(*y, 1, 1)?, ms(y + 1, 1, 1)?)),
        [y, m] => {
            let next = if *m == 12 {
                ms(y + 1, 1, 1)
            } else {
                ms(*y, m + 1, 1)
            };
            Ok((ms(*y, *m, 1)?, next.map_err(|_| bad())?))
        }
        [y, m, d] => {
            let start = ms(*y, *m, *d)?;
            Ok((start, start + 86_400_000))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Node {
        Node::Word {
            target: Target::Any,
            text: text.into(),
            how: Match::Exact,
        }
    }

    #[test]
    fn words_are_all_required_unless_joined_by_or() {
        assert_eq!(
            parse("chest pain").unwrap(),
            Node::And(vec![w("chest"), w("pain")])
        );
        assert_eq!(
            parse("a b OR c").unwrap(),
            Node::Or(vec![Node::And(vec![w("a"), w("b")]), w("c")])
        );
        assert_eq!(
            parse("a AND (b OR c)").unwrap(),
            Node::And(vec![w("a"), Node::Or(vec![w("b"), w("c")])])
        );
        assert_eq!(parse("").unwrap(), Node::All);
    }

    #[test]
    fn not_minus_prefix_fuzzy_and_phrases() {
        assert_eq!(
            parse("-x NOT y").unwrap(),
            Node::And(vec![
                Node::Not(Box::new(w("x"))),
                Node::Not(Box::new(w("y")))
            ])
        );
        assert_eq!(
            parse("gluc* metformn~ hemoglobn~2 \"chest pain\"").unwrap(),
            Node::And(vec![
                Node::Word {
                    target: Target::Any,
                    text: "gluc".into(),
                    how: Match::Prefix
                },
                Node::Word {
                    target: Target::Any,
                    text: "metformn".into(),
                    how: Match::Fuzzy(1)
                },
                Node::Word {
                    target: Target::Any,
                    text: "hemoglobn".into(),
                    how: Match::Fuzzy(2)
                },
                Node::Phrase {
                    target: Target::Any,
                    text: "chest pain".into()
                },
            ])
        );
        // Medical tokens are words, not syntax.
        assert_eq!(parse("K+").unwrap(), w("K+"));
        assert_eq!(parse("mg/dL").unwrap(), w("mg/dL"));
        assert_eq!(parse("10:30").unwrap(), w("10:30"));
    }

    #[test]
    fn fields_and_date_ranges() {
        assert_eq!(
            parse("type:lab_result_report tag:Cardiology patient:\"Ann Lee\"").unwrap(),
            Node::And(vec![
                Node::Word {
                    target: Target::Type,
                    text: "lab_result_report".into(),
                    how: Match::Exact
                },
                Node::Word {
                    target: Target::Tag,
                    text: "Cardiology".into(),
                    how: Match::Exact
                },
                Node::Phrase {
                    target: Target::Patient,
                    text: "Ann Lee".into()
                },
            ])
        );
        let jan = date_ms(2024, 1, 1).unwrap();
        let jul = date_ms(2024, 7, 1).unwrap();
        assert_eq!(
            parse("date:2024-01..2024-06").unwrap(),
            Node::Dates {
                field: DateField::Mentioned,
                from: Some(jan),
                to: Some(jul)
            }
        );
        assert_eq!(
            parse("added:2024").unwrap(),
            Node::Dates {
                field: DateField::Added,
                from: Some(jan),
                to: Some(date_ms(2025, 1, 1).unwrap())
            }
        );
        assert_eq!(
            parse("year:2024").unwrap(),
            Node::Years {
                from: Some(2024),
                to: Some(2024)
            }
        );
        assert_eq!(
            parse("year:..2020").unwrap(),
            Node::Years {
                from: None,
                to: Some(2020)
            }
        );
        assert_eq!(
            parse("date:..2024-06").unwrap(),
            Node::Dates {
                field: DateField::Mentioned,
                from: None,
                to: Some(jul)
            }
        );
        assert_eq!(
            parse("date:2023-12-31").unwrap(),
            Node::Dates {
                field: DateField::Mentioned,
                from: Some(jan - 86_400_000),
                to: Some(jan)
            }
        );
    }

    #[test]
    fn mistakes_get_a_clear_error() {
        for (q, says) in [
            ("\"chest pain", "not closed"),
            ("(a OR b", "not closed"),
            ("a)", "no matching"),
            ("color:red", "unknown field 'color:'"),
            ("date:yesterday", "not a date"),
            ("date:2024-13", "not a date"),
            ("date:2025..2024", "ends before"),
            ("year:24", "not a year"),
            ("year:2025..2024", "ends before"),
            ("a OR", "ends too early"),
            ("x~7", "~1 or ~2"),
            ("*", "no word"),
        ] {
            let e = parse(q).unwrap_err().to_string();
            assert!(e.contains(says), "{q}: {e}");
        }
    }
}
