import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import RecoveryKey from "./RecoveryKey.svelte";

describe("RecoveryKey", () => {
  it("shows the key and continues only after 'I have saved it'", async () => {
    const ondone = vi.fn();
    render(RecoveryKey, { recoveryKey: "1A2B-3C4D", ondone });
    expect(screen.getByTestId("recovery-key").textContent).toBe("1A2B-3C4D");
    const go = screen.getByTestId("recovery-done") as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("saved-check"));
    expect(go.disabled).toBe(false);
    await fireEvent.click(go);
    expect(ondone).toHaveBeenCalledOnce();
  });
});
