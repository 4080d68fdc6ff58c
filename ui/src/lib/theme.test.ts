import { beforeEach, describe, expect, it } from "vitest";
import { savedTheme, setTheme } from "./theme";

describe("theme", () => {
  beforeEach(() => {
    localStorage.clear();
    delete document.documentElement.dataset.theme;
  });

  it("follows the system until a choice is made", () => {
    expect(savedTheme()).toBe("system");
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it("applies and remembers a choice, and forgets it for the system setting", () => {
    setTheme("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(savedTheme()).toBe("dark");
    setTheme("system");
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(savedTheme()).toBe("system");
  });

  it("ignores a stored value it does not know", () => {
    localStorage.setItem("medvault.theme", "purple");
    expect(savedTheme()).toBe("system");
  });
});
