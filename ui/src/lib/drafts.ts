// The enhetschef's comments on a fact-check package, kept in the app's own storage while
// they are written, so that leaving the view or closing the app loses nothing. Keyed by
// the package's id; the answer file stays the only thing that reaches the controller.

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

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

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
  if (hasContent(d)) store.setItem(PREFIX + packageId, JSON.stringify(d));
  else store.removeItem(PREFIX + packageId);
}

/** The draft kept for this package, or null (none, or not readable). */
export function loadDraft(store: Store, packageId: string): ResponseDraft | null {
  const raw = store.getItem(PREFIX + packageId);
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as ResponseDraft;
    const ok =
      typeof d.path === "string" &&
      typeof d.savedAt === "string" &&
      d.kinds !== null &&
      typeof d.kinds === "object" &&
      d.texts !== null &&
      typeof d.texts === "object" &&
      Array.isArray(d.chapterComments);
    return ok ? d : null;
  } catch {
    return null;
  }
}
