/**
 * Rows per multi-row statement: PostgreSQL takes at most 65,535 bind parameters per statement,
 * so set-based inserts of unbounded lists go in slices of this many rows (≤ 60 columns each).
 */
export const ROWS_PER_STATEMENT = 1000;

/** `rows` in consecutive slices of at most `size`. */
export function chunks<T>(rows: readonly T[], size: number = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}
