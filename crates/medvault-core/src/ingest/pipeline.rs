//! The pipeline: files in, documents out. Files are taken a few at a time
//! (bounded, so memory stays flat on a folder of thousands); CPU work runs on
//! the blocking pool and OCR spreads a document's pages across cores.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use futures_util::{stream, StreamExt};

use super::events::{Event, Outcome, Status, Step};
use super::pages::{split_pages, thumbnail, PageSource};
use super::text::{DocumentText, PageText, TextSource};
use super::{collect_files, sniff, Format, IngestError};
use crate::ocr::{ModelSource, OcrEngine};
use crate::store::{blocking, BlobKind};
use crate::vault::DocumentMeta;
use crate::vault::{Stored, Unfinished};
use crate::{Error, Result, Session, Vault};

/// How many pages are OCR'd at once: one per core. Each page is also spread
/// across the cores by the OCR runtime; more pages at once only cost memory.
pub fn ocr_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Receives the pipeline's events (from any thread).
pub type Progress = Arc<dyn Fn(Event) + Send + Sync>;

/// How the pipeline runs.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// Files handled at once.
    pub workers: usize,
    /// Where the OCR models come from.
    pub models: ModelSource,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            workers: (cores * 2).max(2),
            models: ModelSource::default(),
        }
    }
}

/// The ingest pipeline of one open vault (one per process: it holds the OCR
/// engine). Every method takes the vault and the acting session.
pub struct Pipeline {
    opts: PipelineOptions,
    engine: Arc<OnceLock<std::result::Result<Arc<OcrEngine>, String>>>,
    ocr_slots: Arc<tokio::sync::Semaphore>,
    swept: AtomicBool,
}

/// Why a document stopped: its own content (it is marked failed) or
/// something around it (it stays at its step and resumes later).
enum Stop {
    Document(String),
    Other(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        match e {
            Error::Ocr(o) => Stop::Document(o.to_string()),
            Error::Ingest(i) => Stop::Document(i.to_string()),
            e => Stop::Other(e),
        }
    }
}

impl From<IngestError> for Stop {
    fn from(e: IngestError) -> Self {
        Stop::Document(e.to_string())
    }
}

impl Pipeline {
    pub fn new(opts: PipelineOptions) -> Self {
        Self {
            opts,
            engine: Arc::new(OnceLock::new()),
            ocr_slots: Arc::new(tokio::sync::Semaphore::new(ocr_slots())),
            swept: AtomicBool::new(false),
        }
    }

    /// Ingests `paths` (files, and folders recursively), each new document
    /// described by `template` (its title, tags and notes; the file name is
    /// each file's own); documents a crash left unfinished are resumed first.
    /// Returns one outcome per file (resumed documents first), in order.
    pub async fn ingest(
        &self,
        vault: &Vault,
        s: &Session,
        paths: &[PathBuf],
        template: &DocumentMeta,
        progress: Progress,
    ) -> Result<Vec<Outcome>> {
        let mut outcomes = self.resume(vault, s, progress.clone()).await?;
        let files = collect_files(paths);
        progress(Event::Queued { total: files.len() });
        let mut done: Vec<(usize, Outcome)> = stream::iter(files.into_iter().enumerate())
            .map(|(i, f)| {
                let progress = progress.clone();
                async move {
                    let o = match f {
                        Ok(p) => self.ingest_file(vault, s, &p, template, &progress).await,
                        Err((p, reason)) => {
                            let o = Outcome::failed(Some(p), None, reason);
                            progress(Event::Finished(o.clone()));
                            o
                        }
                    };
                    (i, o)
                }
            })
            .buffer_unordered(self.opts.workers.max(1))
            .collect()
            .await;
        done.sort_by_key(|(i, _)| *i);
        outcomes.extend(done.into_iter().map(|(_, o)| o));
        Ok(outcomes)
    }

    /// Finishes the documents a crash or a restart left between steps.
    pub async fn resume(
        &self,
        vault: &Vault,
        s: &Session,
        progress: Progress,
    ) -> Result<Vec<Outcome>> {
        if !self.swept.swap(true, Ordering::SeqCst) {
            vault.sweep_interrupted(s).await?;
        }
        let todo = vault.unfinished_documents(s).await?;
        if todo.is_empty() {
            return Ok(Vec::new());
        }
        progress(Event::Queued { total: todo.len() });
        let mut done: Vec<Outcome> = stream::iter(todo)
            .map(|u| {
                let progress = progress.clone();
                async move { self.process(vault, s, u, None, None, &progress).await }
            })
            .buffer_unordered(self.opts.workers.max(1))
            .collect()
            .await;
        done.sort_by_key(|o| o.id);
        Ok(done)
    }

    /// Takes one file through every step. The source file is only read.
    pub async fn ingest_file(
        &self,
        vault: &Vault,
        s: &Session,
        path: &Path,
        template: &DocumentMeta,
        progress: &Progress,
    ) -> Outcome {
        let meta = DocumentMeta {
            file_name: DocumentMeta::named_after(path).file_name,
            ..template.clone()
        };
        let bytes = match read_source(path).await {
            Ok(b) => b,
            Err(reason) => {
                let o = Outcome::failed(Some(path.to_path_buf()), None, reason);
                progress(Event::Finished(o.clone()));
                return o;
            }
        };
        self.ingest_bytes(vault, s, Some(path), meta, bytes, progress)
            .await
    }

    /// Takes content that did not come from a file of its own (a drop of
    /// bytes, a test) through every step, as a document described by `meta`.
    pub async fn ingest_bytes(
        &self,
        vault: &Vault,
        s: &Session,
        path: Option<&Path>,
        meta: DocumentMeta,
        bytes: Vec<u8>,
        progress: &Progress,
    ) -> Outcome {
        let path = path.map(Path::to_path_buf);
        let outcome = match self.store(vault, s, meta, bytes).await {
            Ok((Stored::New(id) | Stored::Retry(id), format, bytes)) => {
                progress(Event::Stored {
                    id,
                    path: path.clone(),
                });
                let u = Unfinished {
                    id,
                    step: Step::Stored,
                    format: Some(format),
                };
                return self.process(vault, s, u, Some(bytes), path, progress).await;
            }
            Ok((Stored::Duplicate { of, .. }, format, _)) => Outcome {
                path,
                id: Some(of),
                status: Status::Duplicate,
                format: Some(format.code()),
                doc_type: None,
                pages: 0,
                duplicate_of: Some(of),
                reason: None,
                retry: false,
            },
            Err((reason, false)) => Outcome::failed(path, None, reason),
            Err((reason, true)) => Outcome::retry_later(path, None, reason),
        };
        progress(Event::Finished(outcome.clone()));
        outcome
    }

    /// Checks and seals the original.
    async fn store(
        &self,
        vault: &Vault,
        s: &Session,
        meta: DocumentMeta,
        bytes: Vec<u8>,
    ) -> std::result::Result<(Stored, Format, Arc<Vec<u8>>), (String, bool)> {
        let format = sniff(&bytes).map_err(|e| (e.to_string(), false))?;
        let bytes = Arc::new(bytes);
        let stored = vault
            .store_original(s, meta, format, bytes.clone())
            .await
            .map_err(|e| (e.to_string(), true))?;
        Ok((stored, format, bytes))
    }

    /// Runs the steps after `stored` that document `u` has not done yet.
    async fn process(
        &self,
        vault: &Vault,
        s: &Session,
        u: Unfinished,
        original: Option<Arc<Vec<u8>>>,
        path: Option<PathBuf>,
        progress: &Progress,
    ) -> Outcome {
        let id = u.id;
        let result = self.steps(vault, s, &u, original, progress).await;
        let outcome = match result {
            Ok((format, pages, doc_type)) => Outcome {
                path,
                id: Some(id),
                status: Status::Done,
                format: Some(format.code()),
                doc_type,
                pages,
                duplicate_of: None,
                reason: None,
                retry: false,
            },
            Err(Stop::Document(reason)) => {
                let reason = match vault.fail_document(s, id, &reason).await {
                    Ok(()) => reason,
                    Err(e) => format!("{reason}; and it could not be marked failed: {e}"),
                };
                Outcome::failed(path, Some(id), reason)
            }
            Err(Stop::Other(e)) => Outcome::retry_later(
                path,
                Some(id),
                format!("{e} (the document is kept and resumes at the next ingest)"),
            ),
        };
        progress(Event::Finished(outcome.clone()));
        outcome
    }

    async fn steps(
        &self,
        vault: &Vault,
        s: &Session,
        u: &Unfinished,
        original: Option<Arc<Vec<u8>>>,
        progress: &Progress,
    ) -> std::result::Result<(Format, u32, Option<String>), Stop> {
        let id = u.id;
        let dek = vault.pipeline_key(s, id).await?;
        let blobs = vault.blob_store().clone();
        let original = match original {
            Some(o) => o,
            None => {
                let (b, k) = (blobs.clone(), dek.clone());
                Arc::new(blocking(move || b.get(id, BlobKind::Original, &k)).await?)
            }
        };
        let format = match u.format {
            Some(f) => f,
            None => sniff(&original)?,
        };
        let o = original.clone();
        let pages =
            Arc::new(blocking(move || split_pages(format, &o).map_err(Error::Ingest)).await?);
        drop(original);
        let n = pages.len() as u32;
        let report = |step| {
            progress(Event::Step {
                id,
                step,
                page: None,
                pages: Some(n),
            })
        };

        if u.step < Step::Pages {
            let (b, k, p) = (blobs.clone(), dek.clone(), pages.clone());
            blocking(move || seal_pages(&b, id, &k, &p)).await?;
            vault.set_step(id, Step::Pages, Some(n)).await?;
        }
        report(Step::Pages);

        let mut full_text = None;
        if u.step < Step::Text {
            let engine = self.engine_if_needed(&pages).await?;
            let _slot = match engine {
                Some(_) => Some(self.ocr_slots.acquire().await.expect("never closed")),
                None => None,
            };
            let (b, k, p, prog) = (blobs.clone(), dek.clone(), pages.clone(), progress.clone());
            let text = blocking(move || {
                let text = read_text(id, format, &p, engine.as_deref(), &prog)?;
                let json = serde_json::to_vec(&text).expect("serializable");
                b.put(id, BlobKind::Text, &k, &json)?;
                Ok(text.full_text())
            })
            .await?;
            vault.set_step(id, Step::Text, None).await?;
            full_text = Some(text);
        }
        report(Step::Text);

        if u.step < Step::Classified {
            let text = match full_text.take() {
                Some(t) => t,
                None => vault.pipeline_text(s, id).await?,
            };
            let p = vault.classify_text(s, text.clone()).await?;
            vault.set_classified(id, &p).await?;
            full_text = Some(text);
        }
        report(Step::Classified);

        if u.step < Step::Indexed {
            vault.index_document(s, id, full_text).await?;
        }
        report(Step::Indexed);

        let doc_type = vault.finish_document(s, id).await?;
        report(Step::Done);
        Ok((format, n, doc_type))
    }

    /// Loads the OCR engine the first time a page needs it.
    async fn engine_if_needed(&self, pages: &[PageSource]) -> Result<Option<Arc<OcrEngine>>> {
        if !pages.iter().any(|p| matches!(p, PageSource::Image(_))) {
            return Ok(None);
        }
        let (cell, models) = (self.engine.clone(), self.opts.models.clone());
        blocking(move || {
            cell.get_or_init(|| {
                OcrEngine::new(&models)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map(Some)
            .map_err(|e| Error::Invalid(format!("the OCR engine cannot start: {e}")))
        })
        .await
    }
}

/// Reads a source file whole (it is never changed), refusing one too large.
async fn read_source(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let p = path.to_path_buf();
    blocking(move || {
        let len = std::fs::metadata(&p)
            .map_err(|e| Error::io("cannot read", &p, e))?
            .len();
        if len > MAX_FILE_BYTES {
            return Err(Error::Ingest(IngestError::TooLarge {
                limit_mb: MAX_FILE_BYTES >> 20,
            }));
        }
        std::fs::read(&p).map_err(|e| Error::io("cannot read", &p, e))
    })
    .await
    .map_err(|e| e.to_string())
}

/// Seals each page image and, from the first, the thumbnail.
fn seal_pages(
    blobs: &crate::store::BlobStore,
    id: i64,
    key: &crate::crypto::SecretKey,
    pages: &[PageSource],
) -> Result<()> {
    let mut thumb_done = false;
    for (i, page) in pages.iter().enumerate() {
        if let PageSource::Image(img) = page {
            blobs.put(id, BlobKind::Page(i as u32 + 1), key, &img.bytes)?;
            if !thumb_done {
                let gray = img.decode().map_err(|e| {
                    Error::Ingest(IngestError::BadPage {
                        page: i as u32 + 1,
                        reason: e.to_string(),
                    })
                })?;
                let t = thumbnail(&gray).map_err(|reason| {
                    Error::Ingest(IngestError::BadPage {
                        page: i as u32 + 1,
                        reason,
                    })
                })?;
                blobs.put(id, BlobKind::Thumbnail, key, &t)?;
                thumb_done = true;
            }
        }
    }
    Ok(())
}

/// The text of every page: as it is, or by OCR. Pages go one after the other:
/// the OCR runtime already spreads each page across the cores, and pages run
/// in parallel on the same rayon pool would be stolen into each other's waits,
/// so memory would grow with the number of pages (1.7 GB for 100 scans).
fn read_text(
    id: i64,
    format: Format,
    pages: &[PageSource],
    engine: Option<&OcrEngine>,
    progress: &Progress,
) -> Result<DocumentText> {
    let total = pages.len() as u32;
    let pages = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let text = match page {
                PageSource::Text(t) => PageText {
                    source: if format == Format::Text {
                        TextSource::Plain
                    } else {
                        TextSource::Layer
                    },
                    text: t.clone(),
                    ocr: None,
                },
                PageSource::Image(img) => {
                    let engine = engine.expect("the engine is loaded for image pages");
                    let page_err = |reason: String| {
                        Error::Ingest(IngestError::BadPage {
                            page: i as u32 + 1,
                            reason,
                        })
                    };
                    let gray = img.decode().map_err(|e| page_err(e.to_string()))?;
                    let ocr = engine
                        .recognize(&gray)
                        .map_err(|e| page_err(e.to_string()))?;
                    PageText {
                        source: TextSource::Ocr,
                        text: ocr.text(),
                        ocr: Some(ocr),
                    }
                }
            };
            progress(Event::Step {
                id,
                step: Step::Text,
                page: Some(i as u32 + 1),
                pages: Some(total),
            });
            Ok(text)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(DocumentText { pages })
}
