/** Number helpers shared by the benches: settings from the environment, percentiles, formatting. */

/**
 * A positive integer from the environment variable `name`; `fallback` (or undefined) when it is
 * unset or empty. Anything else stops the process with a message.
 */
export function envInt(name: string): number | undefined;
export function envInt(name: string, fallback: number): number;
export function envInt(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a positive integer, got "${raw}"`);
    process.exit(1);
  }
  return n;
}

/** A sorted copy, smallest first. */
export function sortAscending(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The p-th percentile (nearest rank, 0–100) of values sorted smallest first; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** Counts an error by its message, for the error lines under the results. */
export function countError(counts: Map<string, number>, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  counts.set(message, (counts.get(message) ?? 0) + 1);
}

/** A number with thousands separators and `digits` decimals; "–" for NaN and infinities. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
