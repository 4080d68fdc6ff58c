import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => invoke(...a) }));

const { call, CommandError } = await import("./api");

describe("call", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("passes the command and its arguments through", async () => {
    invoke.mockResolvedValue({ ok: 1 });
    await expect(call("thing", { a: 1 })).resolves.toEqual({ ok: 1 });
    expect(invoke).toHaveBeenCalledWith("thing", { a: 1 });
  });

  it("turns a string rejection into a CommandError with the core's message", async () => {
    invoke.mockRejectedValue("wrong password for user ann");
    const err = await call("unlock").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as InstanceType<typeof CommandError>).message).toBe("wrong password for user ann");
    expect((err as InstanceType<typeof CommandError>).command).toBe("unlock");
  });
});

describe("toggleFilter", async () => {
  const { toggleFilter } = await import("./api");

  it("adds a field filter to the query, or takes it away again", () => {
    expect(toggleFilter("chest pain", "type", "consultation_note")).toBe("chest pain type:consultation_note");
    expect(toggleFilter("chest  type:consultation_note pain", "type", "consultation_note")).toBe("chest pain");
    expect(toggleFilter("", "year", "2024")).toBe("year:2024");
    expect(toggleFilter("a OR b", "year", "2024")).toBe("(a OR b) year:2024");
    expect(toggleFilter("(a OR b) year:2024", "year", "2024")).toBe("(a OR b)");
  });
});

describe("watchSummary", async () => {
  const { watchSummary } = await import("./api");
  const base = { running: true, recent: [], error: null };

  it("says how many folders are watched, or warns about the missing ones", () => {
    expect(watchSummary({ ...base, running: false, folders: [] })).toEqual({ tone: "off", text: "Not watching any folder" });
    expect(
      watchSummary({ ...base, folders: [{ dir: "/a", state: "watching" }, { dir: "/b", state: "starting" }] }),
    ).toEqual({ tone: "ok", text: "Watching 2 folders" });
    expect(watchSummary({ ...base, folders: [{ dir: "/scans", state: "missing" }] })).toEqual({
      tone: "warn",
      text: "1 folder is missing: /scans",
    });
    expect(watchSummary({ ...base, error: "disk gone", folders: [] }).tone).toBe("warn");
  });
});

describe("folderOptions", async () => {
  const { folderOptions } = await import("./api");

  it("puts a folder's options in words", () => {
    expect(
      folderOptions({ dir: "/scans", recursive: true, subfolder_tags: false, after: "move", duplicates: "move", poll: false }),
    ).toBe(
      "with subfolders · files then moved to processed/ · duplicates moved to duplicates/",
    );
    expect(
      folderOptions({ dir: "/share", recursive: false, subfolder_tags: true, after: "leave", duplicates: "delete", poll: true }),
    ).toBe(
      "this folder only · subfolder names as tags · files left in place · duplicates deleted · checked every few seconds (network share)",
    );
  });
});
