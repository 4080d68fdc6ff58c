//! Text analysis fit for medical text: tokens such as `5.6`, `mg/dL`, `K+`,
//! `HbA1c` and `C4-C5` stay whole (and their parts are findable too), then
//! case and accent folding and English stemming.

use crate::runs::runs;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Name of the analyzer of free text (body, title, patient).
pub const MEDICAL: &str = "medical";
/// Name of the analyzer of exact values compared case-insensitively (tags).
pub const KEYWORD: &str = "keyword";

/// The analyzer of free text.
pub fn medical() -> TextAnalyzer {
    TextAnalyzer::builder(MedicalTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::default())
        .build()
}

/// The analyzer of tags: the whole value, lower-cased and folded.
pub fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Splits on white space, trims punctuation around each chunk (keeping a
/// trailing `+`), and emits the chunk whole; a chunk with punctuation inside
/// that is not a number (`mg/dL`, `C4-C5`) also emits its alphanumeric parts,
/// the first at the chunk's own position.
#[derive(Clone, Default)]
pub struct MedicalTokenizer {
    tokens: Vec<Token>,
}

/// The tokens of one text, already cut.
pub struct MedicalTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for MedicalTokenizer {
    type TokenStream<'a> = MedicalTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MedicalTokenStream<'a> {
        self.tokens.clear();
        cut(text, &mut self.tokens);
        MedicalTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for MedicalTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn cut(text: &str, out: &mut Vec<Token>) {
    let mut position = 0usize;
    for (from, to) in runs(text, |c| !c.is_whitespace()) {
        position = chunk(text, from, to, position, out);
    }
}

/// Emits the tokens of `text[from..to]` starting at `position`; returns the next position.
fn chunk(text: &str, from: usize, to: usize, position: usize, out: &mut Vec<Token>) -> usize {
    let raw = &text[from..to];
    let Some(lead) = raw.find(char::is_alphanumeric) else {
        return position;
    };
    let last_alnum = raw
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| i + c.len_utf8())
        .expect("an alphanumeric character exists");
    let plus = raw[last_alnum..].chars().take_while(|&c| c == '+').count();
    let (a, b) = (from + lead, from + last_alnum + plus);
    let core = &text[a..b];
    out.push(token(core, a, b, position));
    if core.chars().all(char::is_alphanumeric) || is_number(core) {
        return position + 1;
    }
    let mut parts = 0;
    for (s, e) in runs(core, char::is_alphanumeric) {
        out.push(token(&core[s..e], a + s, a + e, position + parts));
        parts += 1;
    }
    position + parts.max(1)
}

fn token(text: &str, from: usize, to: usize, position: usize) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text: text.to_string(),
        position_length: 1,
    }
}

/// Digits with decimal points or thousands separators: `5.6`, `1,200`, `0.5`.
fn is_number(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut a = medical();
        let mut s = a.token_stream(text);
        let mut v = Vec::new();
        while let Some(t) = s.next() {
            v.push((t.text.clone(), t.position));
        }
        v
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn medical_tokens_stay_whole_as_typed() {
        assert_eq!(
            texts("Glucose 5.6 mg/dL"),
            ["glucos", "5.6", "mg/dl", "mg", "dl"]
        );
        assert_eq!(texts("K+ 3.1 L"), ["k+", "k", "3.1", "l"]);
        assert_eq!(texts("HbA1c: 7.2%"), ["hba1c", "7.2"]);
        assert_eq!(texts("(C4-C5),"), ["c4-c5", "c4", "c5"]);
        assert_eq!(texts("1,200 mg."), ["1,200", "mg"]);
    }

    #[test]
    fn case_accents_and_endings_fold() {
        assert_eq!(
            texts("Café NAUSEA Fractures"),
            ["cafe", "nausea", "fractur"]
        );
        assert_eq!(texts("fracture"), ["fractur"]);
    }

    #[test]
    fn parts_follow_the_whole_in_positions() {
        assert_eq!(
            tokens("a mg/dL b"),
            [
                ("a".into(), 0),
                ("mg/dl".into(), 1),
                ("mg".into(), 1),
                ("dl".into(), 2),
                ("b".into(), 3)
            ]
        );
    }

    #[test]
    fn punctuation_alone_is_no_token_and_offsets_point_into_the_text() {
        let text = "  -- \u{2014} (x-ray)  ";
        let mut a = medical();
        let mut s = a.token_stream(text);
        let t = s.next().unwrap();
        assert_eq!(&text[t.offset_from..t.offset_to], "x-ray");
        assert_eq!(texts("... ,, --"), Vec::<String>::new());
    }
}
