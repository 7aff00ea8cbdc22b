// Pure helpers of the template editor: the labels of the choices, percent and basis
// points, and the edits of the item list (new item, moves), kept here so they are tested.
import type { AppliesTo, Item, Kvalitetsomrade, Template } from "./api";

/** Öppna jämförelser's kvalitetsområden, code and name. */
export const KVALITETSOMRADEN: readonly [Kvalitetsomrade, string][] = [
  ["KB", "Kunskapsbaserad verksamhet"],
  ["SI", "Självbestämmande och integritet"],
  ["HS", "Helhetssyn och samordning"],
  ["TS", "Trygghet och säkerhet"],
  ["TG", "Tillgänglighet"],
  ["EF", "Effektivitet"],
];

/** Which files an item applies to, as the controller reads it. */
export const APPLIES_TO: readonly [AppliesTo, string][] = [
  ["alla", "Alla akter"],
  ["barn", "Barn under 18 år (vuxna: Ej aktuellt, kan ändras)"],
  ["avslag", "Beslut med avslag eller delavslag"],
  ["lss", "Endast LSS-ärenden"],
  ["beviljade", "Beviljade insatser (bifall eller delavslag)"],
];

/** A threshold in percent (one decimal) from basis points, and back. */
export const bpToPercent = (bp: number): number => bp / 100;
export const percentToBp = (percent: number): number => Math.round(percent * 100);

/** A new, empty item placed in the area of the item before it, with an id not taken. */
export function newItem(items: readonly Item[], after: number): Item {
  const taken = new Set(items.map((i) => i.id));
  let id = "ny.fraga";
  for (let n = 2; taken.has(id); n++) id = `ny.fraga_${n}`;
  const previous = items[after];
  return {
    id,
    area: previous?.area ?? "",
    text: "",
    basis: "",
    kvalitetsomrade: previous?.kvalitetsomrade ?? "KB",
    critical: false,
    applies_to: "alla",
  };
}

/** The list with the element at `from` moved to `to` (both inside the list), as a copy. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length) return copy;
  const [x] = copy.splice(from, 1);
  copy.splice(to, 0, x);
  return copy;
}

/** The template as the service stores it: texts trimmed, an empty livsområde left out. */
export function normalized(t: Template): Template {
  return {
    ...t,
    name: t.name.trim(),
    items: t.items.map((i) => ({
      id: i.id.trim(),
      area: i.area.trim(),
      livsomrade: i.livsomrade?.trim() || undefined,
      text: i.text.trim(),
      basis: i.basis.trim(),
      kvalitetsomrade: i.kvalitetsomrade,
      critical: i.critical,
      applies_to: i.applies_to,
    })),
  };
}

/** Whether two templates would be stored alike (so an edit that changes nothing is not a change). */
export const sameTemplate = (a: Template, b: Template): boolean =>
  JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
