//! Turns a parsed query into tantivy queries over the index's fields,
//! analysing words and phrases exactly as the indexed text was analysed.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::analyzer::{keyword, medical};
use super::query::{DateField, Match, Node, Target};
use super::schema::Fields;

/// Matches in the title weigh this much more than matches in the text.
const TITLE_BOOST: f32 = 2.0;

/// Builds the tantivy query of `node`.
pub fn compile(node: &Node, f: &Fields) -> Box<dyn Query> {
    Compiler {
        f,
        text: medical(),
        keyword: keyword(),
    }
    .node(node)
}

struct Compiler<'a> {
    f: &'a Fields,
    text: TextAnalyzer,
    keyword: TextAnalyzer,
}

impl Compiler<'_> {
    fn node(&mut self, node: &Node) -> Box<dyn Query> {
        match node {
            Node::All => Box::new(AllQuery),
            Node::And(items) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = items
                    .iter()
                    .map(|n| match n {
                        Node::Not(inner) => (Occur::MustNot, self.node(inner)),
                        n => (Occur::Must, self.node(n)),
                    })
                    .collect();
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Or(items) => Box::new(BooleanQuery::new(
                items
                    .iter()
                    .map(|n| (Occur::Should, self.node(n)))
                    .collect(),
            )),
            Node::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.node(inner)),
            ])),
            Node::Word { target, text, how } => match target {
                Target::Any => self.either(|c, field| c.word(field, text, *how)),
                Target::Title => self.word(self.f.title, text, *how),
                Target::Patient => self.word(self.f.patient, text, *how),
                Target::Medication => self.word(self.f.medication, text, *how),
                Target::Lab => self.word(self.f.lab, text, *how),
                Target::Code => self.word(self.f.code, text, *how),
                Target::Provider => self.word(self.f.provider, text, *how),
                Target::Type => exact(self.f.doc_type, &text.to_lowercase(), *how),
                Target::Tag => {
                    let folded = first_tokens(&mut self.keyword, text);
                    match folded.first() {
                        Some((_, t)) => exact(self.f.tag, t, *how),
                        None => Box::new(EmptyQuery),
                    }
                }
            },
            Node::Phrase { target, text } => match target {
                Target::Any => self.either(|c, field| c.phrase(field, text)),
                Target::Title => self.phrase(self.f.title, text),
                Target::Patient => self.phrase(self.f.patient, text),
                Target::Medication => self.phrase(self.f.medication, text),
                Target::Lab => self.phrase(self.f.lab, text),
                Target::Code => self.phrase(self.f.code, text),
                Target::Provider => self.phrase(self.f.provider, text),
                Target::Type => exact(self.f.doc_type, &text.to_lowercase(), Match::Exact),
                Target::Tag => {
                    let folded = first_tokens(&mut self.keyword, text);
                    match folded.first() {
                        Some((_, t)) => exact(self.f.tag, t, Match::Exact),
                        None => Box::new(EmptyQuery),
                    }
                }
            },
            Node::Years { from, to } => {
                let bound = |y: &Option<u64>| match y {
                    None => std::ops::Bound::Unbounded,
                    Some(y) => std::ops::Bound::Included(Term::from_field_u64(self.f.year, *y)),
                };
                Box::new(RangeQuery::new(bound(from), bound(to)))
            }
            Node::Dates { field, from, to } => {
                let field = match field {
                    DateField::Mentioned => self.f.dates,
                    DateField::Added => self.f.added,
                };
                let bound = |ms: &Option<i64>, inclusive: bool| match ms {
                    None => std::ops::Bound::Unbounded,
                    Some(ms) => {
                        let t = Term::from_field_i64(field, ms.div_euclid(86_400_000));
                        if inclusive {
                            std::ops::Bound::Included(t)
                        } else {
                            std::ops::Bound::Excluded(t)
                        }
                    }
                };
                Box::new(RangeQuery::new(bound(from, true), bound(to, false)))
            }
        }
    }

    /// The text or the title (boosted).
    fn either(&mut self, mut q: impl FnMut(&mut Self, Field) -> Box<dyn Query>) -> Box<dyn Query> {
        let body = q(self, self.f.body);
        let title = q(self, self.f.title);
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, body),
            (Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))),
        ]))
    }

    fn word(&mut self, field: Field, text: &str, how: Match) -> Box<dyn Query> {
        // A word the analyser splits (`mg/dL`) is looked for whole.
        match first_tokens(&mut self.text, text).first() {
            Some((_, t)) => exact(field, t, how),
            None => Box::new(EmptyQuery),
        }
    }

    fn phrase(&mut self, field: Field, text: &str) -> Box<dyn Query> {
        let tokens = first_tokens(&mut self.text, text);
        match tokens.len() {
            0 => Box::new(EmptyQuery),
            1 => exact(field, &tokens[0].1, Match::Exact),
            _ => Box::new(PhraseQuery::new_with_offset(
                tokens
                    .into_iter()
                    .map(|(p, t)| (p, Term::from_field_text(field, &t)))
                    .collect(),
            )),
        }
    }
}

fn exact(field: Field, text: &str, how: Match) -> Box<dyn Query> {
    let term = Term::from_field_text(field, text);
    match how {
        Match::Exact => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        Match::Prefix => Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
        Match::Fuzzy(d) => Box::new(FuzzyTermQuery::new(term, d, true)),
    }
}

/// The first token at each position (a whole `mg/dl`, not its parts), with positions.
fn first_tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut stream = a.token_stream(text);
    while let Some(t) = stream.next() {
        if out.last().is_none_or(|(p, _)| *p != t.position) {
            out.push((t.position, t.text.clone()));
        }
    }
    out
}
