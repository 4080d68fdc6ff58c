// Typed calls to the Tauri commands of src-tauri. The only place the UI talks
// to the backend; every component goes through these functions.
import { invoke } from "@tauri-apps/api/core";

export type VaultState = "new" | "ready";

export interface AppInfo {
  version: string;
  vaultPath: string;
  vaultState: VaultState;
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
