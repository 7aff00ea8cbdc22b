import { describe, expect, it } from "vitest";
import { nextToAnswer, reviewKey, type KeyPress } from "./reviewkeys";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  targetTag: "DIV",
  ...more,
});

describe("the review screen's keys", () => {
  it("answer, move, comment and go to the next file", () => {
    expect(reviewKey(press("j"), false)).toEqual({ kind: "answer", value: "ja" });
    expect(reviewKey(press("N"), false)).toEqual({ kind: "answer", value: "nej" });
    expect(reviewKey(press("e"), false)).toEqual({ kind: "answer", value: "ej_aktuellt" });
    expect(reviewKey(press("ArrowDown"), false)).toEqual({ kind: "down" });
    expect(reviewKey(press("k"), false)).toEqual({ kind: "comment" });
    expect(reviewKey(press("a"), false)).toEqual({ kind: "next" });
    expect(reviewKey(press("Delete"), false)).toEqual({ kind: "clear" });
    expect(reviewKey(press("z", { ctrlKey: true }), false)).toEqual({ kind: "undo" });
  });

  it("never answer while the comment field is about to take the focus (typing fast after K)", () => {
    for (const key of ["n", "e", "j", "a", "d"]) {
      expect(reviewKey(press(key), true)).toBeNull();
    }
  });

  it("leave text fields, other modifiers and the tabs' arrows alone", () => {
    expect(reviewKey(press("n", { targetTag: "TEXTAREA" }), false)).toBeNull();
    expect(reviewKey(press("n", { targetTag: "input" }), false)).toBeNull();
    expect(reviewKey(press("z", { ctrlKey: true, targetTag: "TEXTAREA" }), false)).toBeNull();
    expect(reviewKey(press("n", { targetEditable: true }), false)).toBeNull();
    expect(reviewKey(press("j", { altKey: true }), false)).toBeNull();
    expect(reviewKey(press("ArrowDown", { targetRole: "tab" }), false)).toBeNull();
    expect(reviewKey(press("n", { defaultPrevented: true }), false)).toBeNull();
    expect(reviewKey(press("x"), false)).toBeNull();
  });
});

describe("the cursor after an answer", () => {
  const items = ["applies", "ej_aktuellt", "default_ej_aktuellt", "applies", "ej_aktuellt"].map((applicability) => ({
    applicability,
  }));
  it("skips the items the rules made Ej aktuellt", () => {
    expect(nextToAnswer(items, 0)).toBe(3);
  });
  it("stays on the last item to answer when none is left", () => {
    expect(nextToAnswer(items, 3)).toBe(3);
  });
});
