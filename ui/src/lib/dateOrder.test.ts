import { describe, expect, it } from "vitest";
import { localeDateOrder } from "./dateOrder";

describe("localeDateOrder", () => {
  it("reads the order from the locale's own short dates", () => {
    expect(localeDateOrder("en-US")).toBe("month_first");
    expect(localeDateOrder("en-GB")).toBe("day_first");
    expect(localeDateOrder("en-AU")).toBe("day_first");
    expect(localeDateOrder("de-DE")).toBe("day_first");
    expect(localeDateOrder("fr-CA")).toBe("month_first"); // 2012-05-04
  });

  it("falls back to month first for a tag it cannot read", () => {
    expect(localeDateOrder("not a locale!")).toBe("month_first");
    // WebKit reports a bare POSIX locale as "C".
    expect(localeDateOrder("C")).toBe("month_first");
  });
});
