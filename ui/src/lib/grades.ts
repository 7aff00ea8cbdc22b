// Grades and answers in Swedish, with the symbol shown beside the colour so that nothing
// is told by colour alone.
import type { Answer, Grade } from "./api";

export const gradeLabel: Record<Grade, string> = { gron: "Grön", gul: "Gul", rod: "Röd" };
export const gradeSymbol: Record<Grade, string> = { gron: "●", gul: "▲", rod: "■" };
export const answerLabel: Record<Answer, string> = {
  ja: "Ja",
  delvis: "Delvis",
  nej: "Nej",
  ej_aktuellt: "Ej aktuellt",
};
/** The keys that answer an item in the review. */
export const answerKeys: Record<string, Answer> = { j: "ja", d: "delvis", n: "nej", e: "ej_aktuellt" };

/** "85 %" from a fraction, or "–". */
export function pct(x: number | null | undefined): string {
  return x == null ? "–" : `${Math.round(x * 100)} %`;
}

/** "80–89 %" from an interval, or "–". */
export function interval(low: number | null, high: number | null): string {
  return low == null || high == null ? "–" : `${Math.round(low * 100)}–${Math.round(high * 100)} %`;
}
