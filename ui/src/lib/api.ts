// Typed calls to the Tauri commands of src-tauri. The only place the UI talks
// to the backend; every component goes through these functions.
import { convertFileSrc, invoke } from "@tauri-apps/api/core";

export type VaultState = "new" | "ready";

/** What the role allows, from the core's permission matrix (the core
 * refuses the rest regardless of what the UI shows). */
export interface Permissions {
  upload: boolean;
  edit: boolean;
  delete: boolean;
  export: boolean;
  manageUsers: boolean;
  manageSettings: boolean;
  viewAudit: boolean;
}

export interface SessionInfo {
  user: string;
  role: "admin" | "manager" | "analyst" | "viewer";
  locked: boolean;
  can: Permissions;
}

export interface AppInfo {
  version: string;
  vaultPath: string;
  vaultState: VaultState;
  session: SessionInfo | null;
  credits: string[];
}

export interface Created {
  recoveryKey: string;
  session: SessionInfo;
}

export interface AddResult {
  path: string;
  id: number | null;
  status: "done" | "duplicate" | "failed";
  pages: number;
  duplicateOf: number | null;
  error: string | null;
}

/** A failed command, carrying the core's user-facing message. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = "CommandError";
  }
}

/** Calls `command`, turning a rejected promise into a `CommandError`. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    const message = typeof e === "string" ? e : e instanceof Error ? e.message : JSON.stringify(e);
    throw new CommandError(command, message);
  }
}

export const appInfo = () => call<AppInfo>("app_info");
export const createVault = (admin: string, password: string, dateOrder: DateOrder) =>
  call<Created>("create_vault", { admin, password, dateOrder });
export const login = (user: string, password: string) => call<SessionInfo>("login", { user, password });
export const logout = () => call<void>("logout");
export const lock = () => call<void>("lock");
export const unlock = (password: string) => call<SessionInfo>("unlock", { password });
export const sessionInfo = () => call<SessionInfo | null>("session_info");
export const changePassword = (current: string, next: string) =>
  call<void>("change_password", { current, new: next });
export const addFiles = (paths: string[]) => call<AddResult[]>("add_files", { paths });

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  id: number;
  title: string;
  fileName: string;
  docType: string | null;
  score: number;
  snippet: SnippetPart[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchAnswer {
  total: number;
  hits: SearchHit[];
  byType: FacetCount[];
  byYear: FacetCount[];
  notice: string | null;
}

export const search = (query: string, limit?: number) => call<SearchAnswer>("search", { query, limit });

/** The query with `field:value` added (or removed, when it is already there).
 * A query with OR at its top is put in parentheses first, so the filter
 * narrows all of it. */
export function toggleFilter(query: string, field: string, value: string): string {
  const term = `${field}:${value}`;
  const words = query.split(/\s+/).filter((w) => w.length > 0);
  const kept = words.filter((w) => w !== term);
  if (kept.length < words.length) return kept.join(" ");
  const base = kept.join(" ");
  if (base === "") return term;
  return /(^|\s)OR(\s|$)/.test(base) ? `(${base}) ${term}` : `${base} ${term}`;
}

export interface WatchedFolder {
  dir: string;
  recursive: boolean;
  subfolder_tags: boolean;
  after: "move" | "delete" | "leave";
  duplicates: "move" | "delete";
  poll: boolean;
}

export interface FolderState {
  dir: string;
  state: "starting" | "watching" | "missing";
}

export interface Activity {
  at: number;
  kind: "done" | "duplicate" | "failed" | "error" | "missing" | "watching";
  name: string;
  docId: number | null;
  message: string;
}

export interface WatchStatus {
  running: boolean;
  folders: FolderState[];
  recent: Activity[];
  error: string | null;
}

export const watchFolders = () => call<WatchedFolder[]>("watch_folders");
export const addWatchFolder = (folder: WatchedFolder) => call<void>("add_watch_folder", { folder });

/** A new folder's options as the core sets them (subfolders too, files moved
 *  into processed/, ...), for the form to start from. */
export const watchFolderDefaults = () => call<WatchedFolder>("watch_folder_defaults");

/** A folder's options in words, as its line in the list shows them. */
export function folderOptions(f: WatchedFolder): string {
  return [
    f.recursive ? "with subfolders" : "this folder only",
    ...(f.subfolder_tags ? ["subfolder names as tags"] : []),
    { move: "files then moved to processed/", delete: "files then deleted", leave: "files left in place" }[f.after],
    f.duplicates === "move" ? "duplicates moved to duplicates/" : "duplicates deleted",
    ...(f.poll ? ["checked every few seconds (network share)"] : []),
  ].join(" · ");
}
export const removeWatchFolder = (dir: string) => call<void>("remove_watch_folder", { dir });
export const watchStatus = () => call<WatchStatus>("watch_status");

/** One line for the watcher's state: what a status indicator says. */
export function watchSummary(s: WatchStatus): { tone: "ok" | "warn" | "off"; text: string } {
  if (s.error) return { tone: "warn", text: `Watching stopped: ${s.error}` };
  if (!s.running || s.folders.length === 0) return { tone: "off", text: "Not watching any folder" };
  const missing = s.folders.filter((f) => f.state === "missing");
  if (missing.length > 0) {
    return {
      tone: "warn",
      text: `${missing.length} folder${missing.length === 1 ? " is" : "s are"} missing: ${missing.map((f) => f.dir).join(", ")}`,
    };
  }
  const n = s.folders.length;
  return { tone: "ok", text: `Watching ${n} folder${n === 1 ? "" : "s"}` };
}

export interface DueRow {
  id: number;
  title: string;
  docType: string | null;
  due: string;
}

export const retentionDue = () => call<DueRow[]>("retention_due");
export const purgeDue = (ids: number[]) => call<{ purged: number; refused: string[] }>("purge_due", { ids });

export interface BackupAnswer {
  path: string;
  documents: number;
  files: number;
  bytes: number;
}

export const backup = (out: string) => call<BackupAnswer>("backup", { out });

/** How a date that reads both ways (05/04/2012) is read. */
export type DateOrder = "month_first" | "day_first";

export interface SettingsAnswer {
  idleMinutes: number;
  /** The whole minutes the core accepts: lowest, highest. */
  idleMinutesRange: [number, number];
  dateOrder: DateOrder;
  /** Documents whose dates a change read again. */
  reread: number;
}

export const settings = () => call<SettingsAnswer>("settings");
export const setSettings = (idleMinutes: number, dateOrder: DateOrder) =>
  call<SettingsAnswer>("set_settings", { idleMinutes, dateOrder });

export type Shelf = "ready" | "review" | "processing" | "failed";
export type SortBy = "added" | "date" | "title";

export interface LibraryRequest {
  shelf: Shelf;
  filter: string;
  sort: SortBy;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface LibraryItem {
  id: number;
  title: string;
  fileName: string;
  tags: string[];
  notes: string;
  docType: string | null;
  confidence: number | null;
  needsReview: boolean;
  status: string;
  failure: string | null;
  pages: number;
  format: string | null;
  size: number;
  addedAt: number;
  date: number | null;
  retainUntil: number | null;
  thumbnail: boolean;
  error: string | null;
}

export interface LibraryAnswer {
  total: number;
  offset: number;
  items: LibraryItem[];
  byType: FacetCount[];
  byYear: FacetCount[];
  processing: number;
  failed: number;
}

export const library = (request: LibraryRequest) => call<LibraryAnswer>("library", { request });

export interface DocumentDetail {
  item: LibraryItem;
  pages: string[];
  images: boolean[];
  dates: { iso: string; role: string }[];
  patients: string[];
  providers: string[];
  identifiers: string[];
  icd10: string[];
  phones: string[];
  medications: { name: string; dose: string | null; route: string | null; frequency: string | null }[];
  labs: { analyte: string; value: string; unit: string | null; range: string | null; flag: string | null }[];
  types: string[];
}

export const documentDetail = (id: number) => call<DocumentDetail>("document_detail", { id });
export const updateDocument = (id: number, title: string, tags: string[], notes: string) =>
  call<void>("update_document", { id, title, tags, notes });
export const setDocumentType = (id: number, docType: string) => call<void>("set_document_type", { id, docType });
export const setRetention = (id: number, until: string | null) => call<void>("set_retention", { id, until });
export const deleteDocument = (id: number) => call<void>("delete_document", { id });
export const exportDocuments = (ids: number[], folder: string) =>
  call<number>("export_documents", { ids, folder });

/** The URL of a thumbnail or page image, served decrypted in memory by the
 * app's `medvault:` protocol. */
export const thumbUrl = (id: number) => convertFileSrc(`thumb/${id}`, "medvault");
export const pageUrl = (id: number, page: number) => convertFileSrc(`page/${id}/${page}`, "medvault");

/** A type code for people: `lab_result_report` → "lab result report". */
export const typeName = (t: string | null) => (t ? t.replaceAll("_", " ") : "unclassified");

/** `YYYY-MM-DD` of Unix milliseconds (UTC, as the core stores dates). */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Tags typed as "a, b ,c" → ["a", "b", "c"] (empty ones dropped). */
export const parseTags = (s: string) =>
  s
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);

/** The library filter in the query language: the user's words plus the
 * chosen type, tag and date range. */
export function libraryFilter(words: string, type: string, tag: string, from: string, to: string): string {
  const parts: string[] = [];
  const w = words.trim();
  if (w) parts.push(/(^|\s)OR(\s|$)/.test(w) ? `(${w})` : w);
  if (type) parts.push(`type:${type}`);
  if (tag.trim()) parts.push(`tag:${/\s/.test(tag.trim()) ? `"${tag.trim()}"` : tag.trim()}`);
  if (from || to) parts.push(`date:${from}..${to}`);
  return parts.join(" ");
}

export interface DashboardAnswer {
  documents: number;
  byType: FacetCount[];
  byMonth: FacetCount[];
  processing: number;
  failed: number;
  needsReview: number;
  storageBytes: number;
  originalBytes: number;
}

export const dashboard = () => call<DashboardAnswer>("dashboard");

export interface UserRow {
  name: string;
  role: SessionInfo["role"];
  disabled: boolean;
  failedLogins: number;
  createdAt: number;
}

export const ROLES: SessionInfo["role"][] = ["admin", "manager", "analyst", "viewer"];
export const users = () => call<UserRow[]>("users");
export const addUser = (name: string, role: string, password: string) =>
  call<void>("add_user", { name, role, password });
export const setUserRole = (name: string, role: string) => call<void>("set_user_role", { name, role });
export const setUserDisabled = (name: string, disabled: boolean) =>
  call<void>("set_user_disabled", { name, disabled });

export interface AuditRequest {
  user: string;
  action: string;
  since: string;
  limit: number;
}

export interface AuditRow {
  seq: number;
  at: number;
  user: string | null;
  action: string;
  resource: string | null;
  outcome: string;
  /** Decrypted details, as recorded. */
  details: unknown;
}

export interface VerifyAnswer {
  intact: boolean;
  intactRows: number;
  totalRows: number;
  firstBad: number | null;
  problem: string | null;
}

export const auditLog = (request: AuditRequest) => call<AuditRow[]>("audit_log", { request });
export const verifyAudit = () => call<VerifyAnswer>("verify_audit");
export const exportAudit = (request: AuditRequest, format: "csv" | "json", out: string) =>
  call<number>("export_audit", { request, format, out });

/** Bytes for people: 1.2 MB, 340 kB. */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}
