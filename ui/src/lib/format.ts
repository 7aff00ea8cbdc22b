// Swedish formatting of numbers and dates for display.

const integer = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 });

/** 1 234 with a narrow no-break space, as Swedish writes thousands. */
export function formatCount(n: number): string {
  return integer.format(n);
}

const dateTime = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "short" });

/** A stored ISO 8601 time in local time, as Swedes write it: "2026-12-05 20:38". */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** `n` and its noun, singular for one and plural otherwise: "1 kommentar", "3 kommentarer". */
export function count(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * "165 av 549 (30 %)" or "–" when no sample is drawn. With the share it was drawn with
 * (basis points), that share is shown, and "avrundat uppåt" when ⌈share · N⌉ made the
 * sample a little larger than the share: "37 av 121 (30 %, avrundat uppåt)".
 */
export function sampleText(sample: number | null, population: number, percentBp?: number | null): string {
  if (sample === null) return "–";
  if (population === 0) return `${formatCount(sample)}`;
  if (percentBp != null) {
    const share = `${(percentBp / 100).toLocaleString("sv-SE")} %`;
    const rounded = (percentBp * population) % 10000 !== 0;
    return `${formatCount(sample)} av ${formatCount(population)} (${share}${rounded ? ", avrundat uppåt" : ""})`;
  }
  const pct = Math.round((100 * sample) / population);
  return `${formatCount(sample)} av ${formatCount(population)} (${pct} %)`;
}

/** A name for a new file: the characters file systems refuse become "-". */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, "-");
}
