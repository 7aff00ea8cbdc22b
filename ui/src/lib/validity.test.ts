import { describe, expect, it } from "vitest";
import { swedishValidity } from "./validity";

const state = (s: Partial<ValidityState>): ValidityState =>
  ({
    valueMissing: false,
    patternMismatch: false,
    typeMismatch: false,
    tooLong: false,
    tooShort: false,
    rangeUnderflow: false,
    rangeOverflow: false,
    stepMismatch: false,
    badInput: false,
    customError: false,
    valid: false,
    ...s,
  }) as ValidityState;

describe("validity messages", () => {
  it("are Swedish whatever the system", () => {
    expect(swedishValidity(state({ valueMissing: true }), null)).toBe("Fyll i fältet.");
    expect(swedishValidity(state({ tooLong: true }), null)).toBe("Texten är för lång.");
  });
  it("explain a wrong form with the field's own title", () => {
    expect(swedishValidity(state({ patternMismatch: true }), "Datum som ÅÅÅÅ-MM-DD")).toBe("Datum som ÅÅÅÅ-MM-DD");
  });
  it("say nothing for a valid field", () => {
    expect(swedishValidity(state({ valid: true }), null)).toBe("");
  });
});
