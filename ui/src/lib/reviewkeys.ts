// What a key press does on the review screen. Kept apart from the screen so that the
// guard is tested on its own: a fast typist's letters must never become answers.
import type { Answer } from "./api";
import { answerKeys } from "./grades";

export type ReviewAction =
  | { kind: "answer"; value: Answer }
  | { kind: "up" }
  | { kind: "down" }
  | { kind: "comment" }
  | { kind: "next" }
  | { kind: "clear" }
  | { kind: "undo" };

/** The parts of a key event the decision needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  /** The focused element's tag name (INPUT, TEXTAREA, SELECT, BUTTON …). */
  targetTag?: string;
  targetEditable?: boolean;
  targetRole?: string | null;
}

/**
 * The review action of a key press, or null. Nothing happens while a text field has the
 * focus, nor while one is about to get it (`fieldPending`: the comment field is being
 * opened, so the letters typed right after K belong to the comment). Ctrl+Z (⌘Z) undoes;
 * Delete and Backspace clear the current answer; arrows on the audit's tabs stay theirs.
 */
export function reviewKey(k: KeyPress, fieldPending: boolean): ReviewAction | null {
  if (k.defaultPrevented || fieldPending) return null;
  const tag = (k.targetTag ?? "").toUpperCase();
  if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || k.targetEditable) return null;
  const key = k.key.toLowerCase();
  if ((k.ctrlKey || k.metaKey) && !k.altKey && key === "z") return { kind: "undo" };
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  if (k.targetRole === "tab" && k.key.startsWith("Arrow")) return null;
  if (key in answerKeys) return { kind: "answer", value: answerKeys[key] };
  if (k.key === "ArrowDown") return { kind: "down" };
  if (k.key === "ArrowUp") return { kind: "up" };
  if (k.key === "Delete" || k.key === "Backspace") return { kind: "clear" };
  if (key === "k") return { kind: "comment" };
  if (key === "a") return { kind: "next" };
  return null;
}

/**
 * Where the cursor goes after an answer at `from`: the next item that must be answered,
 * skipping the items the rules already made Ej aktuellt; `from` itself when none is left.
 */
export function nextToAnswer(items: { applicability: string }[], from: number): number {
  for (let i = from + 1; i < items.length; i++) {
    if (items[i].applicability === "applies") return i;
  }
  return from;
}
