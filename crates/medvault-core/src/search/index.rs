//! The search index of one vault: documents in, ranked hits with snippets and
//! facet counts out. Writes are grouped: `put` returns once its documents are
//! committed (documents added while a commit runs go in the next one);
//! `put_soon` only stages them, for a background committer (or the next
//! query, which commits what is pending first) to make searchable.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, Opstamp, ReloadPolicy, TantivyDocument, Term};

use super::analyzer::{keyword, medical, KEYWORD, MEDICAL};
use super::compile::compile;
use super::directory::SealedDirectory;
use super::facets::FacetCounts;
use super::query::{parse, Node};
use super::schema::{schema, Fields};
use super::SearchError;
use crate::crypto::SecretKey;

type Result<T> = std::result::Result<T, SearchError>;

/// What the index knows of one document.
#[derive(Debug, Clone, Default)]
pub struct IndexDoc {
    pub id: u64,
    /// The document's text (layer or OCR), pages joined.
    pub text: String,
    /// Title and original file name.
    pub title: String,
    pub doc_type: Option<String>,
    pub tags: Vec<String>,
    pub patients: Vec<String>,
    /// Unix milliseconds of every date the document mentions; the first is its own date.
    pub dates: Vec<i64>,
    /// Unix milliseconds when the document was added.
    pub added: i64,
    /// What the library sorts it by: its title, else its file name.
    pub sort_title: String,
    /// The type was predicted with low confidence.
    pub needs_review: bool,
    /// Medication names, lab test names, ICD-10 codes and provider names
    /// read from the text.
    pub medications: Vec<String>,
    pub labs: Vec<String>,
    pub codes: Vec<String>,
    pub providers: Vec<String>,
}

/// One hit, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: u64,
    pub score: f32,
    /// A fragment of the text around the best matches (plain text).
    pub snippet: String,
    /// Byte ranges of `snippet` that matched.
    pub highlights: Vec<(usize, usize)>,
}

/// The answer to a query.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// How many documents match in all.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Matching documents per type.
    pub by_type: BTreeMap<String, u64>,
    /// Matching documents per year of their own date.
    pub by_year: BTreeMap<i64, u64>,
}

/// What a library page is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// When the document was added (its id).
    #[default]
    Added,
    /// The document's own date; documents without one come last.
    Date,
    /// Title, else file name, ignoring case.
    Title,
}

/// One page of documents in a chosen order, with the counts of all that match.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Each document's id and its own date (days since 1970), in order.
    pub docs: Vec<(u64, Option<i64>)>,
    pub total: usize,
    pub by_type: BTreeMap<String, u64>,
    pub by_year: BTreeMap<i64, u64>,
}

/// Runs `query` with a sorting collector, counting and faceting in the same
/// pass; the addresses in order, the total and the facets.
fn ranked<K>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    sorted: impl tantivy::collector::Collector<Fruit = Vec<(K, tantivy::DocAddress)>>,
) -> Result<(Vec<tantivy::DocAddress>, usize, super::facets::Facets)> {
    let (top, total, facets) = searcher.search(query, &(sorted, Count, FacetCounts))?;
    Ok((top.into_iter().map(|(_, a)| a).collect(), total, facets))
}

/// Cuts the snippets of one query's hits from their texts.
pub struct Snippets(SnippetGenerator);

impl Snippets {
    /// The fragment of `text` around the best matches, and the matched byte ranges in it.
    pub fn cut(&self, text: &str) -> (String, Vec<(usize, usize)>) {
        let s = self.0.snippet(text);
        let h = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
        (s.fragment().to_string(), h)
    }
}

/// An open index.
pub struct SearchIndex {
    fields: Fields,
    dir: SealedDirectory,
    writer: RwLock<IndexWriter<TantivyDocument>>,
    reader: IndexReader,
    /// The opstamp of the last commit: changes stamped below it are committed.
    /// (tantivy stamps the first change after opening with the opstamp of
    /// the commit it opened, so "below" is strict.)
    committed: Mutex<Opstamp>,
    /// One past the opstamp of the last staged change (equal to `committed`
    /// while nothing waits), and its signal to the committer.
    staged: Mutex<Opstamp>,
    pending: Condvar,
    stopping: AtomicBool,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchIndex({:?})", self.dir)
    }
}

/// `limit` and a few spare hits to stand in for ones a filter drops.
pub fn with_spare(limit: usize) -> usize {
    limit + limit / 2 + 8
}

/// Writer threads and their shared memory budget.
const WRITER_THREADS: usize = 2;
const WRITER_MEMORY: usize = 32 << 20;

impl SearchIndex {
    /// Opens the index sealed under `key` in `folder`, creating it when the
    /// folder holds none. An index that cannot be opened is reported as
    /// [`SearchError::Damaged`]; the caller rebuilds it.
    pub fn open(folder: &Path, key: SecretKey) -> Result<Self> {
        let damaged = |e: &dyn std::fmt::Display| SearchError::Damaged(e.to_string());
        let dir = SealedDirectory::new(folder, key).map_err(|e| damaged(&e))?;
        let (schema, fields) = schema();
        let exists = Index::exists(&dir).map_err(|e| damaged(&e))?;
        let index = if exists {
            let index = Index::open(dir.clone()).map_err(|e| damaged(&e))?;
            if index.schema() != schema {
                return Err(SearchError::Damaged(
                    "it was built by another version of MedVault".into(),
                ));
            }
            index
        } else {
            Index::create(dir.clone(), schema, Default::default())?
        };
        index.tokenizers().register(MEDICAL, medical());
        index.tokenizers().register(KEYWORD, keyword());
        let writer = index
            .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)
            .map_err(|e| damaged(&e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged(&e))?;
        let committed = writer.commit_opstamp();
        Ok(Self {
            fields,
            dir,
            writer: RwLock::new(writer),
            reader,
            committed: Mutex::new(committed),
            staged: Mutex::new(committed),
            pending: Condvar::new(),
            stopping: AtomicBool::new(false),
        })
    }

    /// Removes every file of the index in `folder` (to rebuild it).
    pub fn destroy(folder: &Path) -> std::io::Result<()> {
        match std::fs::remove_dir_all(folder) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_u64(f.id, d.id);
        doc.add_text(f.body, &d.text);
        doc.add_text(f.title, &d.title);
        if let Some(t) = &d.doc_type {
            doc.add_text(f.doc_type, t);
        }
        for t in &d.tags {
            doc.add_text(f.tag, t);
        }
        for p in &d.patients {
            doc.add_text(f.patient, p);
        }
        for ms in &d.dates {
            doc.add_i64(f.dates, ms.div_euclid(86_400_000));
        }
        doc.add_i64(f.added, d.added.div_euclid(86_400_000));
        let own = d.dates.first().copied().unwrap_or(d.added);
        doc.add_u64(f.year, crate::time::year_of(own).max(0) as u64);
        if let Some(ms) = d.dates.first() {
            doc.add_i64(f.day, ms.div_euclid(86_400_000));
        }
        doc.add_text(f.title_key, d.sort_title.to_lowercase());
        doc.add_u64(f.review, u64::from(d.needs_review));
        for (field, values) in [
            (f.medication, &d.medications),
            (f.lab, &d.labs),
            (f.code, &d.codes),
            (f.provider, &d.providers),
        ] {
            for v in values {
                doc.add_text(field, v);
            }
        }
        doc
    }

    /// Adds or replaces `docs` without committing; returns the last opstamp.
    fn stage(&self, docs: &[IndexDoc]) -> Result<Opstamp> {
        let w = self.writer.read().unwrap();
        let mut op = 0;
        for d in docs {
            w.delete_term(Term::from_field_u64(self.fields.id, d.id));
            op = w.add_document(self.document(d))?;
        }
        drop(w);
        self.staged_up_to(op);
        Ok(op)
    }

    fn staged_up_to(&self, op: Opstamp) {
        let mut staged = self.staged.lock().unwrap();
        *staged = (*staged).max(op + 1);
        self.pending.notify_all();
    }

    /// Stages documents; the background committer (see
    /// [`SearchIndex::spawn_committer`]) or the next query commits them.
    pub fn put_soon(&self, docs: &[IndexDoc]) -> Result<()> {
        self.stage(docs).map(|_| ())
    }

    /// Commits whatever is staged and not yet committed.
    pub fn commit_pending(&self) -> Result<()> {
        let staged = *self.staged.lock().unwrap();
        if staged > *self.committed.lock().unwrap() {
            self.commit_through(staged - 1)?;
        }
        Ok(())
    }

    /// Starts a thread that commits staged documents `delay` after the first
    /// of them arrives (gathering those that follow), until the index is closed.
    pub fn spawn_committer(self: &Arc<Self>, delay: Duration) {
        let weak = Arc::downgrade(self);
        std::thread::Builder::new()
            .name("index-commit".into())
            .spawn(move || loop {
                let Some(idx) = weak.upgrade() else { return };
                if idx.stopping.load(Ordering::SeqCst) {
                    return;
                }
                if idx.wait_pending(Duration::from_millis(200)) {
                    drop(idx);
                    std::thread::sleep(delay);
                    let Some(idx) = weak.upgrade() else { return };
                    if let Err(e) = idx.commit_pending() {
                        tracing::warn!("search index commit failed: {e}");
                    }
                }
            })
            .expect("a thread can be started");
    }

    /// Waits up to `timeout` for staged, uncommitted changes; whether there are any.
    fn wait_pending(&self, timeout: Duration) -> bool {
        let committed = *self.committed.lock().unwrap();
        let staged = self.staged.lock().unwrap();
        let (staged, _) = self
            .pending
            .wait_timeout_while(staged, timeout, |s| {
                *s <= committed && !self.stopping.load(Ordering::SeqCst)
            })
            .unwrap();
        *staged > committed
    }

    /// Adds or replaces documents; they are searchable when this returns.
    pub fn put(&self, docs: &[IndexDoc]) -> Result<()> {
        let op = self.stage(docs)?;
        self.commit_through(op)
    }

    /// Adds or replaces documents in bulk; call [`SearchIndex::commit`] after the last batch.
    pub fn put_uncommitted(&self, docs: &[IndexDoc]) -> Result<()> {
        self.stage(docs).map(|_| ())
    }

    /// Removes documents from the index.
    pub fn remove(&self, ids: &[u64]) -> Result<()> {
        let mut op = 0;
        {
            let w = self.writer.read().unwrap();
            for id in ids {
                op = w.delete_term(Term::from_field_u64(self.fields.id, *id));
            }
        }
        self.commit_through(op)
    }

    /// Removes every document (before a rebuild).
    pub fn clear(&self) -> Result<()> {
        // Staged documents still in the writer's hands would survive a clear.
        self.commit_pending()?;
        let mut w = self.writer.write().unwrap();
        w.delete_all_documents()?;
        let stamp = w.commit()?;
        // Reload before anyone can see the new stamp: a caller that finds
        // its change committed (under the writer lock) also finds it searchable.
        self.reader.reload()?;
        *self.committed.lock().unwrap() = stamp;
        drop(w);
        Ok(())
    }

    /// Commits whatever was staged.
    pub fn commit(&self) -> Result<()> {
        self.commit_through(Opstamp::MAX)
    }

    /// Commits unless a commit since `op` already covered it (group commit).
    fn commit_through(&self, op: Opstamp) -> Result<()> {
        let mut w = self.writer.write().unwrap();
        if op != Opstamp::MAX && *self.committed.lock().unwrap() > op {
            return Ok(());
        }
        let stamp = w.commit()?;
        // Reload before anyone can see the new stamp: a caller that finds
        // its change committed (under the writer lock) also finds it searchable.
        self.reader.reload()?;
        *self.committed.lock().unwrap() = stamp;
        drop(w);
        Ok(())
    }

    /// Commits what is pending, stops the committer, lets running merges
    /// finish (so none is cut short) and closes the index.
    pub fn close(self: Arc<Self>) -> Result<()> {
        self.commit_pending()?;
        self.stopping.store(true, Ordering::SeqCst);
        self.pending.notify_all();
        let mut idx = self;
        // The committer lets go of the index within one wait.
        for _ in 0..100 {
            match Arc::try_unwrap(idx) {
                Ok(owned) => {
                    let w = owned.writer.into_inner().unwrap();
                    w.wait_merging_threads()?;
                    return Ok(());
                }
                Err(shared) => idx = shared,
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(())
    }

    /// Ids of every indexed document.
    pub fn ids(&self) -> Result<BTreeSet<u64>> {
        let searcher = self.reader.searcher();
        let mut ids = BTreeSet::new();
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().u64("id")?;
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    ids.extend(col.first(doc));
                }
            }
        }
        Ok(ids)
    }

    /// Number of documents in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of the index held in memory.
    pub fn memory_bytes(&self) -> usize {
        self.dir.memory_bytes()
    }

    /// Parses and runs `query`: the best `limit` hits among documents `allowed`
    /// lets through, with snippets cut from `text_of(id)`, and facet counts.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        allowed: impl Fn(u64) -> bool,
        text_of: impl Fn(u64) -> Option<String>,
    ) -> Result<Results> {
        self.run(&parse(query)?, limit, allowed, text_of)
    }

    /// Runs a parsed query (see [`SearchIndex::search`]).
    pub fn run(
        &self,
        node: &Node,
        limit: usize,
        allowed: impl Fn(u64) -> bool,
        text_of: impl Fn(u64) -> Option<String>,
    ) -> Result<Results> {
        let (mut found, snippets) = self.query(node, limit, allowed)?;
        for h in &mut found.hits {
            if let Some(text) = text_of(h.id) {
                (h.snippet, h.highlights) = snippets.cut(&text);
            }
        }
        Ok(found)
    }

    /// Runs a parsed query: the best `limit` hits among documents `allowed`
    /// lets through (snippets left empty) and what cuts their snippets.
    pub fn query(
        &self,
        node: &Node,
        limit: usize,
        allowed: impl Fn(u64) -> bool,
    ) -> Result<(Results, Snippets)> {
        self.commit_pending()?;
        let query: Box<dyn Query> = compile(node, &self.fields);
        let searcher = self.reader.searcher();
        let (top, total, facets) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(with_spare(limit)).order_by_score(),
                Count,
                FacetCounts,
            ),
        )?;
        let snippets = Snippets(SnippetGenerator::create(
            &searcher,
            &*query,
            self.fields.body,
        )?);
        let mut hits = Vec::with_capacity(limit);
        let mut ids = SegmentColumns::<u64>::new(&searcher, "id");
        for (score, addr) in top {
            if hits.len() == limit {
                break;
            }
            let Some(id) = ids.first(addr)? else {
                continue;
            };
            if allowed(id) {
                hits.push(Hit {
                    id,
                    score,
                    snippet: String::new(),
                    highlights: Vec::new(),
                });
            }
        }
        let found = Results {
            total,
            hits,
            by_type: facets.0,
            by_year: facets.1,
        };
        Ok((found, snippets))
    }

    /// A page of the documents matching `node` (all when `None`; only those
    /// whose type needs review when `review_only`), `limit` from `offset` in
    /// the order asked, with the total and facet counts of all that match.
    pub fn page(
        &self,
        node: Option<&Node>,
        review_only: bool,
        sort: SortBy,
        descending: bool,
        offset: usize,
        limit: usize,
    ) -> Result<Page> {
        use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
        use tantivy::schema::IndexRecordOption;
        use tantivy::Order;
        self.commit_pending()?;
        let review = review_only.then(|| {
            Box::new(TermQuery::new(
                Term::from_field_u64(self.fields.review, 1),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        });
        // The review shelf without a filter is the review term alone, not
        // every document intersected with it.
        let query: Box<dyn Query> = match (node.map(|n| compile(n, &self.fields)), review) {
            (Some(q), Some(r)) => {
                Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, r)]))
            }
            (Some(q), None) | (None, Some(q)) => q,
            (None, None) => Box::new(AllQuery),
        };
        let order = if descending { Order::Desc } else { Order::Asc };
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let searcher = self.reader.searcher();
        let (addrs, total, facets) = match sort {
            SortBy::Added => ranked(
                &searcher,
                &*query,
                top.order_by_fast_field::<u64>("id", order),
            ),
            // Documents without a date come last in either order.
            SortBy::Date => ranked(
                &searcher,
                &*query,
                top.order_by_fast_field::<i64>("day", order),
            ),
            SortBy::Title => ranked(
                &searcher,
                &*query,
                top.order_by((super::title_order::ByTitle::new("title_key"), order)),
            ),
        }?;
        let mut docs = Vec::with_capacity(addrs.len());
        let mut ids = SegmentColumns::<u64>::new(&searcher, "id");
        let mut days = SegmentColumns::<i64>::new(&searcher, "day");
        for addr in addrs.into_iter().take(limit) {
            let Some(id) = ids.first(addr)? else {
                continue;
            };
            docs.push((id, days.first(addr)?));
        }
        Ok(Page {
            docs,
            total,
            by_type: facets.0,
            by_year: facets.1,
        })
    }

    /// The stored title of nothing: the index keeps no text. (Used by tests
    /// to check that stored fields hold only the id.)
    #[cfg(test)]
    fn stored_values(&self) -> usize {
        let searcher = self.reader.searcher();
        use tantivy::schema::Value;
        let mut n = 0;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..seg.max_doc() {
                let d: TantivyDocument = searcher
                    .doc(tantivy::DocAddress::new(ord as u32, doc))
                    .unwrap();
                n += d
                    .field_values()
                    .filter(|(_, v)| v.as_str().is_some())
                    .count();
            }
        }
        n
    }
}

/// One fast-field column of each segment of a searcher, opened the first
/// time a document of that segment is read (a page of hits opens each
/// segment's column once, not once per row). A segment without the column
/// is an error, as it is for tantivy's own typed readers.
struct SegmentColumns<'s, T> {
    searcher: &'s tantivy::Searcher,
    name: &'static str,
    /// Per segment, the column once opened.
    open: Vec<Option<tantivy::columnar::Column<T>>>,
}

impl<'s, T> SegmentColumns<'s, T>
where
    T: tantivy::columnar::HasAssociatedColumnType,
    tantivy::columnar::DynamicColumn: Into<Option<tantivy::columnar::Column<T>>>,
{
    fn new(searcher: &'s tantivy::Searcher, name: &'static str) -> Self {
        let open = (0..searcher.segment_readers().len())
            .map(|_| None)
            .collect();
        SegmentColumns {
            searcher,
            name,
            open,
        }
    }

    /// The first value of the column for the document at `addr`, if it has one.
    fn first(&mut self, addr: tantivy::DocAddress) -> Result<Option<T>> {
        let slot = &mut self.open[addr.segment_ord as usize];
        if slot.is_none() {
            let seg = self.searcher.segment_reader(addr.segment_ord);
            let column = seg.fast_fields().column_opt(self.name)?.ok_or_else(|| {
                tantivy::TantivyError::SchemaError(format!(
                    "field `{}` is missing or is not a fast field",
                    self.name
                ))
            })?;
            *slot = Some(column);
        }
        Ok(slot.as_ref().and_then(|c| c.first(addr.doc_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: u64, text: &str) -> IndexDoc {
        IndexDoc {
            id,
            text: text.into(),
            title: format!("doc{id}.pdf"),
            added: crate::time::date_ms(2026, 1, 2).unwrap(),
            ..Default::default()
        }
    }

    fn ids(r: &Results) -> Vec<u64> {
        let mut v: Vec<u64> = r.hits.iter().map(|h| h.id).collect();
        v.sort();
        v
    }

    fn fixture() -> (tempfile::TempDir, SearchIndex) {
        let tmp = tempfile::tempdir().unwrap();
        let idx = SearchIndex::open(tmp.path(), SecretKey::from_bytes([3; 32])).unwrap();
        let day = |y, m, d| crate::time::date_ms(y, m, d).unwrap();
        idx.put(&[
            IndexDoc {
                doc_type: Some("lab_result_report".into()),
                tags: vec!["Cardiology".into()],
                dates: vec![day(2024, 3, 5)],
                ..doc(
                    1,
                    "Glucose 5.6 mg/dL (fasting). Potassium K+ 3.1 L. HbA1c 7.2%",
                )
            },
            IndexDoc {
                doc_type: Some("consultation_note".into()),
                patients: vec!["Ann Lee".into()],
                dates: vec![day(2023, 11, 20)],
                ..doc(
                    2,
                    "Chest pain radiating to the left arm. Started metformin 500 mg twice daily.",
                )
            },
            IndexDoc {
                doc_type: Some("radiology_report".into()),
                tags: vec!["ortho".into()],
                dates: vec![day(2024, 8, 1), day(1950, 1, 1)],
                ..doc(
                    3,
                    "X-ray of the cervical spine: narrowing at C4-C5. No fractures.",
                )
            },
        ])
        .unwrap();
        (tmp, idx)
    }

    fn q(idx: &SearchIndex, query: &str) -> Results {
        idx.search(query, 10, |_| true, |_| None).unwrap()
    }

    #[test]
    fn words_phrases_prefix_fuzzy_and_boolean() {
        let (_t, idx) = fixture();
        assert_eq!(ids(&q(&idx, "glucose")), [1]);
        assert_eq!(ids(&q(&idx, "fracture")), [3], "stemmed");
        assert_eq!(ids(&q(&idx, "\"chest pain\"")), [2]);
        assert_eq!(ids(&q(&idx, "\"pain chest\"")), Vec::<u64>::new());
        assert_eq!(ids(&q(&idx, "metf*")), [2]);
        assert_eq!(ids(&q(&idx, "metfromin~")), [2], "one transposition");
        assert_eq!(ids(&q(&idx, "glucose OR spine")), [1, 3]);
        assert_eq!(ids(&q(&idx, "glucose spine")), Vec::<u64>::new());
        assert_eq!(ids(&q(&idx, "NOT glucose")), [2, 3]);
        assert_eq!(ids(&q(&idx, "-glucose -spine")), [2]);
        assert_eq!(ids(&q(&idx, "(chest OR spine) -arm")), [3]);
        assert_eq!(ids(&q(&idx, "")), [1, 2, 3]);
        assert_eq!(
            ids(&q(&idx, "doc2.pdf")),
            [2],
            "file names are in the title"
        );
    }

    #[test]
    fn medical_tokens_are_found_as_typed() {
        let (_t, idx) = fixture();
        for (query, want) in [
            ("5.6", 1),
            ("mg/dL", 1),
            ("K+", 1),
            ("hba1c", 1),
            ("C4-C5", 3),
            ("c5", 3),
            ("\"5.6 mg/dL\"", 1),
            ("x-ray", 3),
        ] {
            assert_eq!(ids(&q(&idx, query)), [want], "{query}");
        }
        assert_eq!(ids(&q(&idx, "5.7")), Vec::<u64>::new());
    }

    #[test]
    fn fields_dates_and_facets() {
        let (_t, idx) = fixture();
        assert_eq!(ids(&q(&idx, "type:lab_result_report")), [1]);
        assert_eq!(ids(&q(&idx, "type:lab*")), [1]);
        assert_eq!(ids(&q(&idx, "tag:cardiology")), [1]);
        assert_eq!(ids(&q(&idx, "patient:\"ann lee\"")), [2]);
        assert_eq!(ids(&q(&idx, "patient:lee")), [2]);
        assert_eq!(ids(&q(&idx, "date:2024")), [1, 3]);
        assert_eq!(ids(&q(&idx, "date:2024-01..2024-06")), [1]);
        assert_eq!(ids(&q(&idx, "date:1950")), [3], "any mentioned date");
        assert_eq!(ids(&q(&idx, "date:..2023-12")), [2, 3]);
        assert_eq!(ids(&q(&idx, "added:2026-01-02")), [1, 2, 3]);
        assert_eq!(ids(&q(&idx, "added:2025")), Vec::<u64>::new());
        assert_eq!(
            ids(&q(&idx, "year:2024")),
            [1, 3],
            "own date, as the facet counts"
        );
        assert_eq!(ids(&q(&idx, "year:..2023")), [2]);
        let all = q(&idx, "");
        assert_eq!(all.total, 3);
        assert_eq!(all.by_type["lab_result_report"], 1);
        assert_eq!(all.by_type.len(), 3);
        assert_eq!(all.by_year[&2024], 2);
        assert_eq!(all.by_year[&2023], 1);
    }

    #[test]
    fn snippets_highlight_and_the_filter_hides_documents() {
        let (_t, idx) = fixture();
        let text = "Chest pain radiating to the left arm. Started metformin 500 mg twice daily.";
        let r = idx
            .search("metformin", 10, |_| true, |_| Some(text.to_string()))
            .unwrap();
        let h = &r.hits[0];
        let (a, b) = h.highlights[0];
        assert_eq!(&h.snippet[a..b], "metformin");
        let r = idx
            .search("glucose OR spine", 10, |id| id != 1, |_| None)
            .unwrap();
        assert_eq!(ids(&r), [3]);
    }

    #[test]
    fn replaced_removed_and_reopened() {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::from_bytes([9; 32]);
        {
            let idx = SearchIndex::open(tmp.path(), key.clone()).unwrap();
            idx.put(&[doc(1, "alpha"), doc(2, "beta")]).unwrap();
            idx.put(&[doc(1, "gamma")]).unwrap();
            idx.remove(&[2]).unwrap();
            assert_eq!(ids(&q(&idx, "alpha OR beta OR gamma")), [1]);
            assert_eq!(ids(&q(&idx, "gamma")), [1]);
            assert_eq!(idx.stored_values(), 0, "no text is stored in the index");
        }
        let idx = SearchIndex::open(tmp.path(), key).unwrap();
        assert_eq!(idx.ids().unwrap(), BTreeSet::from([1]));
        assert_eq!(ids(&q(&idx, "gamma")), [1]);
        let wrong = SearchIndex::open(tmp.path(), SecretKey::from_bytes([8; 32]));
        assert!(matches!(wrong, Err(SearchError::Damaged(_))), "{wrong:?}");
    }

    #[test]
    fn staged_documents_are_committed_in_the_background_and_on_close() {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::from_bytes([4; 32]);
        let idx = Arc::new(SearchIndex::open(tmp.path(), key.clone()).unwrap());
        idx.spawn_committer(Duration::from_millis(20));
        idx.put_soon(&[doc(1, "alpha")]).unwrap();
        let t = std::time::Instant::now();
        while idx.is_empty() {
            assert!(t.elapsed() < Duration::from_secs(5), "never committed");
            std::thread::sleep(Duration::from_millis(5));
        }
        idx.put_soon(&[doc(2, "beta")]).unwrap();
        idx.close().unwrap();
        let idx = SearchIndex::open(tmp.path(), key).unwrap();
        assert_eq!(idx.ids().unwrap(), BTreeSet::from([1, 2]));
    }

    #[test]
    fn a_query_sees_what_was_staged_before_it() {
        let (_t, idx) = fixture();
        idx.put_soon(&[doc(7, "zygote")]).unwrap();
        assert_eq!(ids(&q(&idx, "zygote")), [7]);
    }

    #[test]
    fn a_bad_query_is_an_error_not_a_panic() {
        let (_t, idx) = fixture();
        let e = idx.search("\"open", 10, |_| true, |_| None).unwrap_err();
        assert!(e.to_string().contains("not closed"), "{e}");
    }

    #[test]
    fn pages_deep_in_title_order_across_segments() {
        let tmp = tempfile::tempdir().unwrap();
        let idx = SearchIndex::open(tmp.path(), SecretKey::from_bytes([3; 32])).unwrap();
        // Three commits, three segments, titles scattered across them.
        let title = |id: u64| format!("Report {:03}", (id * 37) % 300);
        for batch in 0..3u64 {
            let docs: Vec<IndexDoc> = (batch * 100..batch * 100 + 100)
                .map(|id| IndexDoc {
                    sort_title: title(id),
                    ..doc(id, "text")
                })
                .collect();
            idx.put(&docs).unwrap();
        }
        assert!(idx.reader.searcher().segment_readers().len() > 1);
        let mut all: Vec<u64> = (0..300).collect();
        all.sort_by_key(|&id| title(id));
        for descending in [false, true] {
            let expected: Vec<u64> = if descending {
                all.iter().rev().copied().collect()
            } else {
                all.clone()
            };
            // The first page (titles looked up one by one) and deep pages
            // (each segment's titles read whole) agree with the full order.
            for offset in [0, 5, 150, 290] {
                let p = idx
                    .page(None, false, SortBy::Title, descending, offset, 10)
                    .unwrap();
                let got: Vec<u64> = p.docs.iter().map(|d| d.0).collect();
                let want = &expected[offset..(offset + 10).min(300)];
                assert_eq!(got, want, "offset {offset}, descending {descending}");
                assert_eq!(p.total, 300);
            }
        }
    }

    #[test]
    fn the_first_change_after_reopening_is_committed() {
        let tmp = tempfile::tempdir().unwrap();
        let key = || SecretKey::from_bytes([3; 32]);
        let idx = SearchIndex::open(tmp.path(), key()).unwrap();
        idx.put(&[doc(1, "orthopaedics referral"), doc(2, "care plan")])
            .unwrap();
        Arc::new(idx).close().unwrap();

        // A removal as the very first change of a reopened index.
        let idx = SearchIndex::open(tmp.path(), key()).unwrap();
        idx.remove(&[1]).unwrap();
        assert_eq!(
            idx.search("orthopaedics", 10, |_| true, |_| None)
                .unwrap()
                .total,
            0
        );
        Arc::new(idx).close().unwrap();
        let idx = SearchIndex::open(tmp.path(), key()).unwrap();
        assert_eq!(idx.ids().unwrap().into_iter().collect::<Vec<_>>(), [2]);

        // A staged document as the first change: the committer commits it.
        Arc::new(idx).close().unwrap();
        let idx = Arc::new(SearchIndex::open(tmp.path(), key()).unwrap());
        idx.spawn_committer(Duration::from_millis(20));
        idx.put_soon(&[doc(3, "echocardiogram")]).unwrap();
        let t = std::time::Instant::now();
        while idx.reader.searcher().num_docs() < 2 {
            assert!(t.elapsed() < Duration::from_secs(5), "never committed");
            std::thread::sleep(Duration::from_millis(10));
            idx.reader.reload().unwrap();
        }
    }
}
