//! The shapes the UI receives. Only this module decides how core data looks
//! to the web UI.

use std::collections::BTreeMap;

use medvault_core::audit::VerifyReport;
use medvault_core::ingest::DocumentText;
use medvault_core::ingest::{Event, Outcome, Status};
use medvault_core::vault::{
    Dashboard, DocumentInfo, DueDocument, LibraryPage, SearchHit, SearchResults, UserInfo,
};
use medvault_core::watch::{WatchEvent, WatchFolder};
use medvault_core::{Action, Session, VaultState, VaultStatus};
use serde::Serialize;

/// Answer of `app_info`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    pub vault_path: String,
    /// `"new"` (first run) or `"ready"`.
    pub vault_state: VaultState,
    pub session: Option<SessionInfo>,
    /// Credits for bundled third-party material, for the About line.
    pub credits: Vec<&'static str>,
}

impl AppInfo {
    pub fn new(status: VaultStatus, session: Option<&Session>) -> Self {
        Self {
            version: medvault_core::VERSION,
            vault_path: status.root.display().to_string(),
            vault_state: status.state,
            session: session.map(SessionInfo::of),
            credits: vec![medvault_core::ocr::MODEL_CREDIT],
        }
    }
}

/// The signed-in user.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub user: String,
    pub role: String,
    pub locked: bool,
    /// What the role allows, from the core's one permission matrix (the UI
    /// hides what is not allowed; the core refuses it regardless).
    pub can: Permissions,
}

/// The actions of the permission matrix the UI offers controls for.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    pub upload: bool,
    pub edit: bool,
    pub delete: bool,
    pub export: bool,
    pub manage_users: bool,
    pub manage_settings: bool,
    pub view_audit: bool,
}

impl SessionInfo {
    pub fn of(s: &Session) -> Self {
        let can = |a| medvault_core::auth::permits(s.role(), a);
        Self {
            user: s.user().to_string(),
            role: s.role().as_str().to_string(),
            locked: s.is_locked(),
            can: Permissions {
                upload: can(Action::UploadDocument),
                edit: can(Action::EditMetadata),
                delete: can(Action::DeleteDocument),
                export: can(Action::ExportDocument),
                manage_users: can(Action::ManageUsers),
                manage_settings: can(Action::ManageSettings),
                view_audit: can(Action::ViewAudit),
            },
        }
    }
}

/// Answer of `create_vault`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    pub recovery_key: String,
    pub session: SessionInfo,
}

/// The outcome of adding one file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddResult {
    pub path: String,
    pub id: Option<i64>,
    /// `done`, `duplicate` or `failed`.
    pub status: &'static str,
    pub pages: u32,
    pub duplicate_of: Option<i64>,
    pub error: Option<String>,
}

impl From<&Outcome> for AddResult {
    fn from(o: &Outcome) -> Self {
        Self {
            path: o
                .path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            id: o.id,
            status: o.status.code(),
            pages: o.pages,
            duplicate_of: o.duplicate_of,
            error: o.reason.clone(),
        }
    }
}

/// Pipeline progress as the UI receives it (event `ingest`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestEvent {
    /// `queued`, `stored`, `step` or `finished`.
    pub kind: &'static str,
    /// The file (for `stored` and `finished`).
    pub path: Option<String>,
    pub total: Option<usize>,
    pub id: Option<i64>,
    pub step: Option<&'static str>,
    pub page: Option<u32>,
    pub pages: Option<u32>,
    pub result: Option<AddResult>,
}

impl From<&Event> for IngestEvent {
    fn from(e: &Event) -> Self {
        let empty = Self {
            kind: "",
            path: None,
            total: None,
            id: None,
            step: None,
            page: None,
            pages: None,
            result: None,
        };
        match e {
            Event::Queued { total } => Self {
                kind: "queued",
                total: Some(*total),
                ..empty
            },
            Event::Stored { id, path } => Self {
                kind: "stored",
                id: Some(*id),
                path: path.as_deref().map(|p| p.display().to_string()),
                ..empty
            },
            Event::Step {
                id,
                step,
                page,
                pages,
            } => Self {
                kind: "step",
                id: Some(*id),
                step: Some(step.code()),
                page: *page,
                pages: *pages,
                ..empty
            },
            Event::Finished(o) => Self {
                kind: "finished",
                id: o.id,
                result: Some(AddResult::from(o)),
                ..empty
            },
        }
    }
}

/// A piece of a snippet: matched text or the text between matches.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// One search hit, its snippet cut into parts so the UI highlights matches
/// without parsing markup.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitDto {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub doc_type: Option<String>,
    pub score: f32,
    pub snippet: Vec<SnippetPart>,
}

/// A facet value and how many matching documents have it.
#[derive(Debug, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Answer of `search`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchAnswer {
    pub total: usize,
    pub hits: Vec<SearchHitDto>,
    /// Most frequent first.
    pub by_type: Vec<FacetCount>,
    /// Newest first.
    pub by_year: Vec<FacetCount>,
    /// Told once: the index was rebuilt after damage.
    pub notice: Option<String>,
}

/// Cuts `snippet` at the highlighted byte ranges.
pub fn snippet_parts(snippet: &str, highlights: &[(usize, usize)]) -> Vec<SnippetPart> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut push = |text: &str, hit: bool| {
        if !text.is_empty() {
            out.push(SnippetPart {
                text: text.to_string(),
                hit,
            });
        }
    };
    for &(a, b) in highlights {
        if a < at
            || b > snippet.len()
            || !snippet.is_char_boundary(a)
            || !snippet.is_char_boundary(b)
        {
            continue;
        }
        push(&snippet[at..a], false);
        push(&snippet[a..b], true);
        at = b;
    }
    push(&snippet[at..], false);
    out
}

impl SearchAnswer {
    pub fn new(r: SearchResults, notice: Option<String>) -> Self {
        Self {
            total: r.total,
            hits: r.hits.into_iter().map(SearchHitDto::from).collect(),
            by_type: type_counts(r.by_type),
            by_year: year_counts(r.by_year),
            notice,
        }
    }
}

/// Counts per type, most first.
fn type_counts(m: BTreeMap<String, u64>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = m
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    v
}

/// Counts per year, newest first.
fn year_counts(m: BTreeMap<i64, u64>) -> Vec<FacetCount> {
    m.into_iter()
        .rev()
        .map(|(y, count)| FacetCount {
            value: y.to_string(),
            count,
        })
        .collect()
}

impl From<SearchHit> for SearchHitDto {
    fn from(h: SearchHit) -> Self {
        Self {
            id: h.id,
            title: h.title.clone().unwrap_or_else(|| h.file_name.clone()),
            snippet: snippet_parts(&h.snippet, &h.highlights),
            file_name: h.file_name,
            doc_type: h.doc_type,
            score: h.score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_cut_at_the_matches() {
        let parts = snippet_parts("Glucose 5.6 mg/dL, fasting glucose", &[(0, 7), (27, 34)]);
        let shown: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.hit)).collect();
        assert_eq!(
            shown,
            [
                ("Glucose", true),
                (" 5.6 mg/dL, fasting ", false),
                ("glucose", true)
            ]
        );
        // Ranges that do not fit are ignored rather than cutting a character.
        let parts = snippet_parts("café", &[(3, 4)]);
        assert_eq!(parts.len(), 1);
    }
}

/// A watched folder and what the watcher last saw of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderState {
    pub dir: String,
    /// `starting`, `watching` or `missing`.
    pub state: &'static str,
}

/// Something the watcher did, for the activity list and notifications.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// Unix milliseconds.
    pub at: i64,
    /// `done`, `duplicate`, `failed`, `error`, `missing` or `watching`.
    pub kind: &'static str,
    /// The file's name (or the folder's path).
    pub name: String,
    pub doc_id: Option<i64>,
    pub message: String,
}

/// Answer of `watch_status`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchStatus {
    pub running: bool,
    pub folders: Vec<FolderState>,
    /// Newest first, at most [`RECENT`].
    pub recent: Vec<Activity>,
    pub error: Option<String>,
}

/// How many activities the status keeps.
pub const RECENT: usize = 20;

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

impl WatchStatus {
    pub fn starting(&mut self, folders: &[WatchFolder]) {
        self.running = true;
        self.error = None;
        self.folders = folders
            .iter()
            .map(|f| FolderState {
                dir: f.dir.display().to_string(),
                state: "starting",
            })
            .collect();
    }

    pub fn stopped(&mut self) {
        self.running = false;
        self.folders.clear();
    }

    pub fn failed(&mut self, reason: String) {
        self.running = false;
        self.error = Some(reason);
    }

    fn set_folder(&mut self, dir: &std::path::Path, state: &'static str) {
        // The watcher reports canonical paths; the settings may hold another spelling.
        let canon = |p: &str| std::fs::canonicalize(p).unwrap_or_else(|_| p.into());
        for f in &mut self.folders {
            if f.dir == dir.display().to_string() || canon(&f.dir) == dir {
                f.state = state;
            }
        }
    }

    /// Takes in a watcher event; returns the activity to show.
    pub fn apply(&mut self, e: &WatchEvent) -> Activity {
        let now = medvault_core::store::now_ms();
        let a = match e {
            WatchEvent::Watching { dir } => {
                self.set_folder(dir, "watching");
                Activity {
                    at: now,
                    kind: "watching",
                    name: dir.display().to_string(),
                    doc_id: None,
                    message: format!("Watching {}", dir.display()),
                }
            }
            WatchEvent::FolderMissing { dir } => {
                self.set_folder(dir, "missing");
                Activity {
                    at: now,
                    kind: "missing",
                    name: dir.display().to_string(),
                    doc_id: None,
                    message: format!(
                        "{} is missing (unmounted?); it is watched again when it returns",
                        dir.display()
                    ),
                }
            }
            WatchEvent::Filed { outcome, .. } => {
                let name = outcome.path.as_deref().map(file_name).unwrap_or_default();
                let (kind, message) = match outcome.status {
                    Status::Done => ("done", format!("Added {name}")),
                    Status::Duplicate => (
                        "duplicate",
                        format!(
                            "{name} is already in the vault (document {})",
                            outcome.duplicate_of.unwrap_or_default()
                        ),
                    ),
                    Status::Failed => (
                        "failed",
                        format!(
                            "{name} could not be added: {}",
                            outcome.reason.as_deref().unwrap_or("unknown")
                        ),
                    ),
                };
                Activity {
                    at: now,
                    kind,
                    name,
                    doc_id: outcome.id,
                    message,
                }
            }
            WatchEvent::Error { path, reason } => Activity {
                at: now,
                kind: "error",
                name: file_name(path),
                doc_id: None,
                message: format!("{}: {reason}", file_name(path)),
            },
        };
        self.recent.insert(0, a.clone());
        self.recent.truncate(RECENT);
        a
    }
}

/// A document past its retention date.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueRow {
    pub id: i64,
    pub title: String,
    pub doc_type: Option<String>,
    /// `YYYY-MM-DD`.
    pub due: String,
}

impl From<DueDocument> for DueRow {
    fn from(d: DueDocument) -> Self {
        Self {
            id: d.id,
            title: d.title.unwrap_or(d.file_name),
            doc_type: d.doc_type,
            due: medvault_core::time::format_iso(d.due_at)[..10].to_string(),
        }
    }
}

/// Answer of `purge_due`.
#[derive(Debug, Serialize)]
pub struct PurgeAnswer {
    pub purged: usize,
    pub refused: Vec<String>,
}

/// Answer of `backup`.
#[derive(Debug, Serialize)]
pub struct BackupAnswer {
    pub path: String,
    pub documents: i64,
    pub files: usize,
    pub bytes: u64,
}

/// A document as the library and the document view show it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryItem {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub doc_type: Option<String>,
    /// 0–100.
    pub confidence: Option<u8>,
    pub needs_review: bool,
    pub status: String,
    pub failure: Option<String>,
    pub pages: i64,
    pub format: Option<String>,
    pub size: i64,
    /// Unix milliseconds.
    pub added_at: i64,
    /// The document's own date (Unix ms), when its text names one.
    pub date: Option<i64>,
    /// Its own retention date (Unix ms).
    pub retain_until: Option<i64>,
    /// Whether it has a thumbnail (a scanned first page).
    pub thumbnail: bool,
    /// Set when the document cannot be opened.
    pub error: Option<String>,
}

impl LibraryItem {
    pub fn new(
        id: i64,
        d: medvault_core::Result<DocumentInfo>,
        date: Option<i64>,
        thumbnail: bool,
    ) -> Self {
        match d {
            Ok(d) => Self {
                id,
                title: d
                    .meta
                    .title
                    .clone()
                    .unwrap_or_else(|| d.meta.file_name.clone()),
                file_name: d.meta.file_name,
                tags: d.meta.tags,
                notes: d.meta.notes.unwrap_or_default(),
                confidence: d
                    .confidence
                    .map(|c| (c * 100.0).round().clamp(0.0, 100.0) as u8),
                doc_type: d.doc_type,
                needs_review: d.needs_review,
                thumbnail,
                status: d.status,
                failure: d.failure,
                pages: d.pages,
                format: d.format,
                size: d.size,
                added_at: d.created_at,
                date,
                retain_until: d.retain_until,
                error: None,
            },
            Err(e) => Self {
                id,
                title: format!("Document {id}"),
                file_name: String::new(),
                tags: Vec::new(),
                notes: String::new(),
                doc_type: None,
                confidence: None,
                needs_review: false,
                status: "damaged".into(),
                failure: None,
                pages: 0,
                format: None,
                size: 0,
                added_at: 0,
                date: None,
                retain_until: None,
                thumbnail: false,
                error: Some(e.to_string()),
            },
        }
    }
}

/// Answer of `library`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryAnswer {
    pub total: usize,
    pub offset: usize,
    pub items: Vec<LibraryItem>,
    pub by_type: Vec<FacetCount>,
    pub by_year: Vec<FacetCount>,
    pub processing: u64,
    pub failed: u64,
}

impl LibraryAnswer {
    pub fn new(p: LibraryPage, offset: usize) -> Self {
        Self {
            total: p.total,
            offset,
            items: p
                .rows
                .into_iter()
                .map(|r| LibraryItem::new(r.id, r.info, r.date, r.thumbnail))
                .collect(),
            by_type: type_counts(p.by_type),
            by_year: year_counts(p.by_year),
            processing: p.processing,
            failed: p.failed,
        }
    }
}

/// A date found in the text, with its role (`service`, `birth`, …).
#[derive(Debug, Serialize)]
pub struct EntityDate {
    pub iso: String,
    pub role: String,
}

/// What the document view shows besides the pages.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDetail {
    pub item: LibraryItem,
    /// Text per page (layer or OCR).
    pub pages: Vec<String>,
    /// Whether each page has an image to show.
    pub images: Vec<bool>,
    pub dates: Vec<EntityDate>,
    pub patients: Vec<String>,
    pub providers: Vec<String>,
    /// MRNs and account numbers, labelled (`MRN 00412345`).
    pub identifiers: Vec<String>,
    pub icd10: Vec<String>,
    pub phones: Vec<String>,
    pub medications: Vec<medvault_core::extract::Medication>,
    pub labs: Vec<medvault_core::extract::LabValue>,
    /// The types a user may choose.
    pub types: Vec<String>,
}

impl DocumentDetail {
    pub fn new(
        info: DocumentInfo,
        text: Option<DocumentText>,
        images: Vec<bool>,
        types: Vec<String>,
        order: medvault_core::extract::DateOrder,
    ) -> Self {
        let pages: Vec<String> = text
            .map(|t| t.pages.into_iter().map(|p| p.text).collect())
            .unwrap_or_default();
        let found = medvault_core::extract::extract(&pages.join("\n"), order);
        let date = found.own_date().map(|d| d.ms);
        Self {
            item: LibraryItem::new(info.id, Ok(info), date, images.first() == Some(&true)),
            pages,
            images,
            dates: found
                .dates
                .iter()
                .map(|d| EntityDate {
                    iso: d.iso.clone(),
                    role: serde_json::to_value(d.role)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                })
                .collect(),
            patients: found.patients,
            providers: found.providers,
            identifiers: found
                .mrns
                .iter()
                .map(|m| format!("MRN {m}"))
                .chain(found.accounts.iter().map(|a| format!("Account {a}")))
                .collect(),
            icd10: found.icd10,
            phones: found.phones,
            medications: found.medications,
            labs: found.labs,
            types,
        }
    }
}

/// Answer of `dashboard`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardAnswer {
    pub documents: u64,
    /// Type code (`unclassified` when none) and count, most first.
    pub by_type: Vec<FacetCount>,
    /// `YYYY-MM` and count, oldest first.
    pub by_month: Vec<FacetCount>,
    pub processing: u64,
    pub failed: u64,
    pub needs_review: u64,
    pub storage_bytes: u64,
    pub original_bytes: u64,
}

impl From<Dashboard> for DashboardAnswer {
    fn from(d: Dashboard) -> Self {
        let count = |(value, count)| FacetCount { value, count };
        Self {
            documents: d.documents,
            by_type: d
                .by_type
                .into_iter()
                .map(|(t, n)| count((t.unwrap_or_else(|| "unclassified".into()), n)))
                .collect(),
            by_month: d.by_month.into_iter().map(count).collect(),
            processing: d.processing,
            failed: d.failed,
            needs_review: d.needs_review,
            storage_bytes: d.storage_bytes,
            original_bytes: d.original_bytes,
        }
    }
}

/// A user as the users screen shows them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRow {
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub failed_logins: i64,
    pub created_at: i64,
}

impl From<UserInfo> for UserRow {
    fn from(u: UserInfo) -> Self {
        Self {
            name: u.name,
            role: u.role.as_str().into(),
            disabled: u.disabled,
            failed_logins: u.failed_logins,
            created_at: u.created_at,
        }
    }
}

/// Answer of `verify_audit`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyAnswer {
    pub intact: bool,
    pub intact_rows: i64,
    pub total_rows: i64,
    pub first_bad: Option<i64>,
    pub problem: Option<String>,
}

impl From<VerifyReport> for VerifyAnswer {
    fn from(r: VerifyReport) -> Self {
        Self {
            intact: r.is_intact(),
            intact_rows: r.intact_rows,
            total_rows: r.total_rows,
            first_bad: r.first_bad,
            problem: r.problem,
        }
    }
}
