// Work in progress kept in the app's own storage (the webview's localStorage) while it is
// written, so that leaving a view or closing the app loses nothing: the enhetschef's
// comments on a fact-check package (keyed by the package's id; the answer file stays the
// only thing that reaches the controller) and a template being edited.

import type { Item } from "./api";

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Keeps `value` under `key`, or forgets the key when `value` is null. */
export function keepDraft(store: Store, key: string, value: unknown): void {
  if (value === null) store.removeItem(key);
  else store.setItem(key, JSON.stringify(value));
}

/** The value kept under `key` when it reads back and passes `valid`, else null. */
export function readDraft<T>(store: Store, key: string, valid: (x: Record<string, unknown>) => boolean): T | null {
  const raw = store.getItem(key);
  if (!raw) return null;
  try {
    const x = JSON.parse(raw);
    return x !== null && typeof x === "object" && valid(x) ? (x as T) : null;
  } catch {
    return null;
  }
}

const isObject = (x: unknown) => x !== null && typeof x === "object";

export interface ResponseDraft {
  /** The package file the comments belong to. */
  path: string;
  /** Per finding id: Instämmer, Kommentar or Faktafel ("" for none). */
  kinds: Record<number, string>;
  texts: Record<number, string>;
  chapterComments: { chapter: number; text: string }[];
  /** When the draft was last written (ISO 8601). */
  savedAt: string;
}

const PREFIX = "aktgranskning:faktagranskning:";
/** The path of the package last opened, to open it again when the view comes back. */
export const LAST_PACKAGE = `${PREFIX}senaste`;

/** Whether the draft holds anything the enhetschef wrote or chose. */
export function hasContent(d: ResponseDraft): boolean {
  return (
    Object.values(d.kinds).some(Boolean) ||
    Object.values(d.texts).some((t) => t.trim() !== "") ||
    d.chapterComments.some((c) => c.text.trim() !== "")
  );
}

/** Keeps the draft, or forgets it when it holds nothing. */
export function saveDraft(store: Store, packageId: string, d: ResponseDraft): void {
  keepDraft(store, PREFIX + packageId, hasContent(d) ? d : null);
}

/** The draft kept for this package, or null (none, or not readable). */
export function loadDraft(store: Store, packageId: string): ResponseDraft | null {
  return readDraft<ResponseDraft>(
    store,
    PREFIX + packageId,
    (d) =>
      typeof d.path === "string" &&
      typeof d.savedAt === "string" &&
      isObject(d.kinds) &&
      isObject(d.texts) &&
      Array.isArray(d.chapterComments),
  );
}

/** A template being edited: the editor's fields, kept per template version. */
export interface TemplateDraft {
  savedAt: string;
  name: string;
  newId: string;
  gron: number;
  gul: number;
  items: Item[];
}

export const templateDraftKey = (id: string, version: number) => `aktgranskning:mall:${id}@${version}`;

const isItem = (i: unknown) =>
  isObject(i) && ["id", "area", "text", "basis"].every((k) => typeof (i as Record<string, unknown>)[k] === "string");

/** The unsaved edit of this template version, or null. */
export function loadTemplateDraft(store: Store, id: string, version: number): TemplateDraft | null {
  return readDraft<TemplateDraft>(
    store,
    templateDraftKey(id, version),
    (d) =>
      typeof d.savedAt === "string" &&
      typeof d.name === "string" &&
      typeof d.newId === "string" &&
      typeof d.gron === "number" &&
      typeof d.gul === "number" &&
      Array.isArray(d.items) &&
      d.items.every(isItem),
  );
}

/**
 * A comment written on an item that is not answered yet, or left unsaved when another file
 * was opened: kept per audit, file and item until the item is answered (then it is saved
 * with the answer) or the comment is saved or thrown away.
 */
export const commentDraftKey = (audit: number, caseId: string, itemId: string) =>
  `aktgranskning:kommentar:${audit}:${caseId}:${itemId}`;

/** A file's note being written, kept until it is saved. */
export const fileNoteDraftKey = (audit: number, caseId: string) => `aktgranskning:aktanteckning:${audit}:${caseId}`;

/** The text kept under `key` (a comment or note draft), or null. */
export function loadText(store: Store, key: string): string | null {
  const d = readDraft<{ text: string }>(store, key, (x) => typeof x.text === "string");
  return d && d.text.trim() !== "" ? d.text : null;
}

/** Keeps `text` under `key`, or forgets it when it is empty or null. */
export function keepText(store: Store, key: string, text: string | null): void {
  keepDraft(store, key, text !== null && text.trim() !== "" ? { text, savedAt: new Date().toISOString() } : null);
}
