// Typed calls to the Tauri commands of src-tauri. The only place the UI talks
// to the backend; every component goes through these functions.
import { invoke } from "@tauri-apps/api/core";

export type VaultState = "new" | "ready";

export interface SessionInfo {
  user: string;
  role: "admin" | "manager" | "analyst" | "viewer";
  locked: boolean;
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

export interface DocumentRow {
  id: number;
  title: string;
  fileName: string;
  tags: string[];
  size: number;
  addedAt: number;
  error: string | null;
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
export const createVault = (admin: string, password: string) =>
  call<Created>("create_vault", { admin, password });
export const login = (user: string, password: string) => call<SessionInfo>("login", { user, password });
export const logout = () => call<void>("logout");
export const lock = () => call<void>("lock");
export const unlock = (password: string) => call<SessionInfo>("unlock", { password });
export const sessionInfo = () => call<SessionInfo | null>("session_info");
export const changePassword = (current: string, next: string) =>
  call<void>("change_password", { current, new: next });
export const listDocuments = () => call<DocumentRow[]>("list_documents");
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
export const addWatchFolder = (dir: string, subfolderTags = false) =>
  call<void>("add_watch_folder", { dir, subfolderTags });
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
