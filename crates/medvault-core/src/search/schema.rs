//! The index's fields. Only the document id is kept whole; text is indexed,
//! not stored (snippets are cut from the vault's own sealed text).

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STRING,
};

use super::analyzer::{KEYWORD, MEDICAL};

/// The fields, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub body: Field,
    pub title: Field,
    pub doc_type: Field,
    pub tag: Field,
    pub patient: Field,
    /// Days since 1970 of every date the document mentions.
    pub dates: Field,
    /// Day the document was added.
    pub added: Field,
    /// Year of the document's own date, for facets and `year:` (0 when unknown).
    pub year: Field,
    /// Days since 1970 of the document's own date (absent when unknown), to sort by.
    pub day: Field,
    /// The lower-cased title (or file name), to sort by.
    pub title_key: Field,
    /// 1 when the document's type needs a person's review.
    pub review: Field,
    /// Entities read from the text, each searchable as its own field.
    pub medication: Field,
    pub lab: Field,
    pub code: Field,
    pub provider: Field,
}

fn analysed(tokenizer: &str, positions: bool) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(if positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::Basic
            }),
    )
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", NumericOptions::default().set_indexed().set_fast()),
        body: b.add_text_field("body", analysed(MEDICAL, true)),
        title: b.add_text_field("title", analysed(MEDICAL, true)),
        doc_type: b.add_text_field("type", STRING | FAST),
        tag: b.add_text_field("tag", analysed(KEYWORD, false)),
        patient: b.add_text_field("patient", analysed(MEDICAL, true)),
        dates: b.add_i64_field("date", INDEXED),
        added: b.add_i64_field("added", INDEXED),
        year: b.add_u64_field("year", INDEXED | FAST),
        day: b.add_i64_field("day", FAST),
        title_key: b.add_text_field("title_key", FAST),
        review: b.add_u64_field("review", INDEXED | FAST),
        medication: b.add_text_field("med", analysed(MEDICAL, true)),
        lab: b.add_text_field("lab", analysed(MEDICAL, true)),
        code: b.add_text_field("code", analysed(MEDICAL, false)),
        provider: b.add_text_field("provider", analysed(MEDICAL, true)),
    };
    (b.build(), fields)
}
