//! Title order for the library's pages: tantivy's sort by a string fast
//! field, except that a segment's titles are read in one pass through its
//! dictionary once a page lies deep in the order. (Looking each title up on
//! its own decodes the same dictionary block again for every document: a page
//! 5,000 titles deep cost 30 ms more than the first.)

use std::cell::{Cell, OnceCell};

use tantivy::collector::sort_key::NaturalComparator;
use tantivy::collector::{SegmentSortKeyComputer, SortKeyComputer};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentReader};

/// Titles looked up one by one before a segment's whole list is read.
const SINGLE_LOOKUPS: usize = 64;

/// Sorts by the first value of a string fast field.
#[derive(Debug, Clone)]
pub struct ByTitle {
    field: String,
}

impl ByTitle {
    /// Sorts by the fast field `field`.
    pub fn new(field: &str) -> Self {
        Self {
            field: field.into(),
        }
    }
}

impl SortKeyComputer for ByTitle {
    type SortKey = Option<String>;
    type Child = SegmentTitles;
    type Comparator = NaturalComparator;

    fn segment_sort_key_computer(&self, reader: &SegmentReader) -> tantivy::Result<SegmentTitles> {
        Ok(SegmentTitles {
            column: reader.fast_fields().str(&self.field)?,
            lookups: Cell::new(0),
            all: OnceCell::new(),
        })
    }
}

/// One segment's titles: ordinals while collecting, strings when harvesting.
pub struct SegmentTitles {
    column: Option<StrColumn>,
    lookups: Cell<usize>,
    /// Every term of the segment's dictionary, by ordinal, once read.
    all: OnceCell<Vec<String>>,
}

impl SegmentTitles {
    fn lookup(column: &StrColumn, ord: u64) -> Option<String> {
        let mut bytes = Vec::new();
        column.dictionary().ord_to_term(ord, &mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }

    fn read_all(column: &StrColumn) -> Vec<String> {
        let mut all = Vec::with_capacity(column.dictionary().num_terms());
        if let Ok(mut stream) = column.dictionary().stream() {
            while stream.advance() {
                all.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        all
    }
}

impl SegmentSortKeyComputer for SegmentTitles {
    type SortKey = Option<String>;
    type SegmentSortKey = Option<u64>;
    type SegmentComparator = NaturalComparator;

    #[inline(always)]
    fn segment_sort_key(&mut self, doc: DocId, _score: Score) -> Option<u64> {
        self.column.as_ref()?.ords().first(doc)
    }

    fn convert_segment_sort_key(&self, ord: Option<u64>) -> Option<String> {
        let (ord, column) = (ord?, self.column.as_ref()?);
        if self.all.get().is_none() {
            let n = self.lookups.get();
            if n < SINGLE_LOOKUPS {
                self.lookups.set(n + 1);
                return Self::lookup(column, ord);
            }
        }
        let all = self.all.get_or_init(|| Self::read_all(column));
        all.get(ord as usize).cloned()
    }
}
