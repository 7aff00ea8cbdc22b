// The webview's own messages for a field left empty or filled in wrong follow the
// computer's language ("Please fill out this field."). These are said in Swedish instead,
// whatever the system: one listener for the whole app.

/** The Swedish message for a field's validity state, or "" when it is valid. */
export function swedishValidity(v: ValidityState, title: string | null): string {
  if (v.valueMissing) return "Fyll i fältet.";
  if (v.patternMismatch) return title || "Värdet har fel form.";
  if (v.typeMismatch) return "Värdet har fel form.";
  if (v.tooLong) return "Texten är för lång.";
  if (v.rangeUnderflow || v.rangeOverflow) return "Värdet ligger utanför det tillåtna.";
  if (v.badInput) return "Värdet kan inte läsas.";
  return "";
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Says every field's validity message in Swedish, from now on. */
export function installSwedishValidity(doc: Document): void {
  doc.addEventListener(
    "invalid",
    (e) => {
      const el = e.target as Field;
      el.setCustomValidity("");
      el.setCustomValidity(swedishValidity(el.validity, el.getAttribute("title")));
    },
    true,
  );
  // A custom message makes the field invalid until it is cleared: clear it as the user types.
  const clear = (e: Event) => (e.target as Field).setCustomValidity?.("");
  doc.addEventListener("input", clear, true);
  doc.addEventListener("change", clear, true);
}
