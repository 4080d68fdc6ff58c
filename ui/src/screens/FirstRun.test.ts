import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import FirstRun from "./FirstRun.svelte";
import type { AppInfo, Created } from "../lib/api";

const info: AppInfo = {
  version: "9.9.9",
  vaultPath: "/home/ann/.local/share/medvault/vault",
  vaultState: "new",
  session: null,
  credits: [],
};

async function fill(admin: string, pw: string, repeat: string) {
  await fireEvent.input(screen.getByLabelText("Administrator name"), { target: { value: admin } });
  await fireEvent.input(screen.getByLabelText("Password"), { target: { value: pw } });
  await fireEvent.input(screen.getByLabelText("Repeat the password"), { target: { value: repeat } });
  await fireEvent.click(screen.getByTestId("create-vault"));
}

describe("FirstRun", () => {
  it("names the folder where the vault will be created", () => {
    render(FirstRun, { info, create: vi.fn(), oncreated: vi.fn() });
    expect(screen.getByRole("heading", { name: "Welcome to MedVault" })).toBeTruthy();
    expect(screen.getByTestId("vault-path").textContent).toBe(info.vaultPath);
  });

  it("refuses different passwords without calling the core", async () => {
    const create = vi.fn();
    render(FirstRun, { info, create, oncreated: vi.fn() });
    await fill("ann", "long-password-1", "long-password-2");
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "The two passwords differ.");
    expect(create).not.toHaveBeenCalled();
  });

  it("creates the vault with the trimmed name and passes the result on", async () => {
    const created: Created = { recoveryKey: "AAAA-BBBB", session: { user: "ann", role: "admin", locked: false, can: { upload: true, edit: true, delete: true, export: true, manageUsers: true, manageSettings: true, viewAudit: true } } };
    const create = vi.fn().mockResolvedValue(created);
    const oncreated = vi.fn();
    render(FirstRun, { info, create, oncreated });
    await fill("  ann ", "long-password-1", "long-password-1");
    await vi.waitFor(() => expect(oncreated).toHaveBeenCalledWith(created));
    // jsdom's language is en-US: month first unless the admin chooses otherwise.
    expect(create).toHaveBeenCalledWith("ann", "long-password-1", "month_first");
  });

  it("passes on the date order the admin chose", async () => {
    const create = vi.fn().mockResolvedValue({ recoveryKey: "K", session: null });
    render(FirstRun, { info, create, oncreated: vi.fn() });
    await fireEvent.click(screen.getByTestId("order-day-first"));
    await fill("ann", "long-password-1", "long-password-1");
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith("ann", "long-password-1", "day_first"));
  });

  it("shows the core's message when creation fails", async () => {
    const create = vi.fn().mockRejectedValue(new Error("the password must have at least 10 characters"));
    render(FirstRun, { info, create, oncreated: vi.fn() });
    await fill("ann", "short", "short");
    expect((await screen.findByRole("alert")).textContent).toContain("at least 10 characters");
  });
});
