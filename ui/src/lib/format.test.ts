import { describe, expect, it } from "vitest";
import { count, formatCount, formatDateTime, safeFileName, sampleText } from "./format";
import { toServiceError } from "./api";

describe("format", () => {
  it("groups thousands the Swedish way", () => {
    expect(formatCount(100000).replace(/\s/g, " ")).toBe("100 000");
    expect(formatCount(549)).toBe("549");
  });

  it("puts the noun in the singular for one only", () => {
    expect(count(1, "kommentar", "kommentarer")).toBe("1 kommentar");
    expect(count(0, "kommentar", "kommentarer")).toBe("0 kommentarer");
    expect(count(2000, "akt", "akter").replace(/\s/g, " ")).toBe("2 000 akter");
  });

  it("writes a time as Swedes do, to the minute", () => {
    expect(formatDateTime("2026-12-05T20:38:41")).toBe("2026-12-05 20:38");
  });

  it("describes the sample against the population", () => {
    expect(sampleText(165, 549)).toBe("165 av 549 (30 %)");
    expect(sampleText(null, 549)).toBe("–");
    // The share chosen, and when the size was rounded up to a whole file.
    expect(sampleText(165, 549, 3000)).toBe("165 av 549 (30 %, avrundat uppåt)");
    expect(sampleText(30, 100, 3000)).toBe("30 av 100 (30 %)");
    expect(sampleText(13, 100, 1250)).toBe("13 av 100 (12,5 %, avrundat uppåt)");
  });
});

describe("api errors", () => {
  it("keeps the backend's error shape", () => {
    const e = { code: "refused", message: "Nej", errors: [{ message: "Nej" }] };
    expect(toServiceError(e)).toBe(e);
  });

  it("turns anything else into a Swedish internal error", () => {
    const e = toServiceError("boom");
    expect(e.code).toBe("internal");
    expect(e.message).toContain("oväntat");
  });

  it("makes names the file dialogs accept", () => {
    expect(safeFileName("historik 2023/VON 0123.csv")).toBe("historik 2023-VON 0123.csv");
    expect(safeFileName('Enhet: "A|B" <C>? *.pdf')).toBe("Enhet- -A-B- -C-- -.pdf");
    expect(safeFileName("Myndighet LSS (demo) rapport.pdf")).toBe("Myndighet LSS (demo) rapport.pdf");
  });
});
