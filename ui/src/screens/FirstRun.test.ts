import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import FirstRun from "./FirstRun.svelte";

describe("FirstRun", () => {
  it("names the folder where the vault will be created", () => {
    render(FirstRun, {
      info: { version: "9.9.9", vaultPath: "/home/ann/.local/share/medvault/vault", vaultState: "new" },
    });
    expect(screen.getByRole("heading", { name: "Welcome to MedVault" })).toBeTruthy();
    expect(screen.getByTestId("vault-path").textContent).toBe("/home/ann/.local/share/medvault/vault");
  });
});
