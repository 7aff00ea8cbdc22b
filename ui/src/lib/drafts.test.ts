import { describe, expect, it } from "vitest";
import {
  commentDraftKey,
  fileNoteDraftKey,
  hasContent,
  keepDraft,
  keepText,
  loadDraft,
  loadTemplateDraft,
  loadText,
  saveDraft,
  templateDraftKey,
  type ResponseDraft,
} from "./drafts";

function memory() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

const empty = (): ResponseDraft => ({
  path: "/p.json",
  kinds: {},
  texts: {},
  chapterComments: [],
  savedAt: "2026-12-05T10:00:00Z",
});

describe("fact-check drafts", () => {
  it("keeps what was written, per package, and reads it back", () => {
    const s = memory();
    const d = { ...empty(), kinds: { 4: "Faktafel" }, texts: { 4: "Gäller en handläggare." } };
    saveDraft(s, "abc", d);
    expect(loadDraft(s, "abc")).toEqual(d);
    expect(loadDraft(s, "other")).toBeNull();
  });

  it("forgets a draft that holds nothing", () => {
    const s = memory();
    saveDraft(s, "abc", { ...empty(), chapterComments: [{ chapter: 1, text: "Text" }] });
    expect(s.m.size).toBe(1);
    saveDraft(s, "abc", {
      ...empty(),
      kinds: { 4: "" },
      texts: { 4: "  " },
      chapterComments: [{ chapter: 1, text: "" }],
    });
    expect(s.m.size).toBe(0);
    expect(hasContent(empty())).toBe(false);
  });

  it("ignores a damaged draft", () => {
    const s = memory();
    s.setItem("aktgranskning:faktagranskning:abc", "{inte json");
    expect(loadDraft(s, "abc")).toBeNull();
    s.setItem("aktgranskning:faktagranskning:abc", JSON.stringify({ path: 3 }));
    expect(loadDraft(s, "abc")).toBeNull();
  });

  it("keeps a template edit per version and refuses one with broken items", () => {
    const s = memory();
    const draft = {
      savedAt: "2026-12-05T10:00:00Z",
      name: "Mall, skärpt",
      newId: "",
      gron: 95,
      gul: 80,
      items: [
        {
          id: "a.1",
          area: "Samtycke",
          text: "Text",
          basis: "OSL",
          kvalitetsomrade: "SI",
          critical: true,
          applies_to: "alla",
        },
      ],
    };
    keepDraft(s, templateDraftKey("standardmall", 1), draft);
    expect(loadTemplateDraft(s, "standardmall", 1)).toEqual(draft);
    expect(loadTemplateDraft(s, "standardmall", 2)).toBeNull();
    keepDraft(s, templateDraftKey("standardmall", 1), { ...draft, items: [{ id: "a.1" }] });
    expect(loadTemplateDraft(s, "standardmall", 1)).toBeNull();
    keepDraft(s, templateDraftKey("standardmall", 1), null);
    expect(s.m.size).toBe(0);
  });
});

describe("comment and note drafts", () => {
  it("keeps a comment per audit, file and item until it is forgotten", () => {
    const s = memory();
    keepText(s, commentDraftKey(1, "A-1", "samtycke.inhamtat"), "Samtycke saknas.");
    expect(loadText(s, commentDraftKey(1, "A-1", "samtycke.inhamtat"))).toBe("Samtycke saknas.");
    expect(loadText(s, commentDraftKey(1, "A-2", "samtycke.inhamtat"))).toBeNull();
    expect(loadText(s, commentDraftKey(2, "A-1", "samtycke.inhamtat"))).toBeNull();
    keepText(s, commentDraftKey(1, "A-1", "samtycke.inhamtat"), "  ");
    expect(s.m.size).toBe(0);
  });
  it("reads a file's note draft back", () => {
    const s = memory();
    keepText(s, fileNoteDraftKey(3, "B-9"), "Akten saknar plan.");
    expect(loadText(s, fileNoteDraftKey(3, "B-9"))).toBe("Akten saknar plan.");
    keepText(s, fileNoteDraftKey(3, "B-9"), null);
    expect(loadText(s, fileNoteDraftKey(3, "B-9"))).toBeNull();
  });
});
