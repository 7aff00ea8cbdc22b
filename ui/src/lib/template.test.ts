import { describe, expect, it } from "vitest";
import type { Item } from "./api";
import type { Template } from "./api";
import { APPLIES_TO, KVALITETSOMRADEN, bpToPercent, moved, newItem, percentToBp, sameTemplate } from "./template";

const item = (id: string, area: string): Item => ({
  id,
  area,
  text: `Text ${id}`,
  basis: "SoL",
  kvalitetsomrade: "SI",
  critical: true,
  applies_to: "barn",
});

describe("template editor helpers", () => {
  it("converts thresholds without float noise", () => {
    expect(percentToBp(90)).toBe(9000);
    expect(percentToBp(87.5)).toBe(8750);
    expect(percentToBp(0.29 * 100)).toBe(2900);
    expect(bpToPercent(7550)).toBe(75.5);
  });

  it("makes a new item in the area of the one before it, with a free id", () => {
    const items = [item("a.1", "Samtycke"), item("ny.fraga", "Barn")];
    const n = newItem(items, 0);
    expect(n).toEqual({
      id: "ny.fraga_2",
      area: "Samtycke",
      text: "",
      basis: "",
      kvalitetsomrade: "SI",
      critical: false,
      applies_to: "alla",
    });
    expect(newItem([], -1).id).toBe("ny.fraga");
  });

  it("moves items and leaves the list alone for moves off its ends", () => {
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b", "c"], 2, 1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], 2, 3)).toEqual(["a", "b", "c"]);
  });

  it("labels every choice in Swedish", () => {
    expect(KVALITETSOMRADEN.map(([k]) => k)).toEqual(["KB", "SI", "HS", "TS", "TG", "EF"]);
    expect(KVALITETSOMRADEN[1][1]).toBe("Självbestämmande och integritet");
    expect(APPLIES_TO.map(([a]) => a)).toEqual(["alla", "barn", "avslag", "lss", "beviljade"]);
  });

  it("tells an edit that changes what is stored from one that does not", () => {
    const t: Template = {
      format: "aktgranskning-mall-v1",
      id: "mall",
      version: 1,
      name: "Mall",
      thresholds: { gron_bp: 9000, gul_bp: 7500 },
      items: [item("a.1", "Samtycke"), { ...item("ibic.d1", "IBIC"), livsomrade: "Lärande" }],
    };
    const copy = (): Template => structuredClone(t);
    const spaced = copy();
    spaced.name = " Mall ";
    spaced.items[0].text = `${t.items[0].text}  `;
    expect(sameTemplate(t, spaced)).toBe(true);
    const emptyArea = copy();
    emptyArea.items[0].livsomrade = " ";
    expect(sameTemplate(t, emptyArea)).toBe(true);
    const reordered = copy();
    reordered.items.reverse();
    expect(sameTemplate(t, reordered)).toBe(false);
    const stricter = copy();
    stricter.thresholds.gron_bp = 9500;
    expect(sameTemplate(t, stricter)).toBe(false);
    const critical = copy();
    critical.items[1].critical = false;
    expect(sameTemplate(t, critical)).toBe(false);
  });
});
