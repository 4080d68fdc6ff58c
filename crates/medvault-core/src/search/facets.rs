//! Counts of matching documents per type and per year, read from fast fields
//! while the query runs.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Per type, per year.
pub type Facets = (BTreeMap<String, u64>, BTreeMap<i64, u64>);

/// Collects [`Facets`].
pub struct FacetCounts;

/// One segment's counts, by type ordinal and by year.
pub struct SegmentFacets {
    types: Option<StrColumn>,
    years: Column<u64>,
    by_ord: Vec<u64>,
    by_year: BTreeMap<i64, u64>,
}

impl Collector for FacetCounts {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        seg: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let types = seg.fast_fields().str("type")?;
        let ords = types.as_ref().map_or(0, |t| t.num_terms());
        Ok(SegmentFacets {
            types,
            years: seg.fast_fields().u64("year")?,
            by_ord: vec![0; ords],
            by_year: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut out = Facets::default();
        for (types, years) in parts {
            for (t, n) in types {
                *out.0.entry(t).or_default() += n;
            }
            for (y, n) in years {
                *out.1.entry(y).or_default() += n;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Facets;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(t) = &self.types {
            for ord in t.term_ords(doc) {
                self.by_ord[ord as usize] += 1;
            }
        }
        if let Some(y) = self.years.first(doc).filter(|y| *y > 0) {
            *self.by_year.entry(y as i64).or_default() += 1;
        }
    }

    fn harvest(self) -> Facets {
        let mut types = BTreeMap::new();
        if let Some(col) = &self.types {
            let mut name = String::new();
            for (ord, n) in self.by_ord.iter().enumerate().filter(|(_, n)| **n > 0) {
                name.clear();
                if col.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    types.insert(name.clone(), *n);
                }
            }
        }
        (types, self.by_year)
    }
}
