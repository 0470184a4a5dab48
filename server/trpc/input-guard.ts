/**
 * Text no procedure accepts, checked once on the raw input of every call (values and keys, at
 * any depth) before a procedure's own schema runs (SE-P2-02, CS-P0-03, SEC-P1-01):
 * - U+0000: PostgreSQL stores no NUL in text or jsonb; the query failed and the caller got a 500.
 * - Lone UTF-16 surrogates (half of an emoji): not encodable as UTF-8. The driver silently turns
 *   them into U+FFFD, so "Ann \ud83d" was saved as "Ann �" without a word to the person.
 * - The other control characters (C0, DEL, C1) except tab, line feed and carriage return: storable,
 *   but no field of ours has a use for them; invisible on screen, they break labels, CSV exports
 *   and mail headers and carry terminal escapes into logs. Tab and line breaks stay allowed
 *   (notes, reasons, CSV files); whether a field is single-line is its own schema's business.
 */
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;

/** Limits that keep the walk itself cheap and safe (no stack overflow, no blow-up on shared references); far above any input of ours. */
const MAX_DEPTH = 32;
const MAX_VALUES = 100_000;

export type InputIssue = { path: (string | number)[]; message: string };

type Found = { path: (string | number)[]; kind: "text" | "key" | "depth" | "size"; char?: string };

/** The first unacceptable character (or an input too deep or too large to check), with its field path; undefined when the input is fine. */
export function findUnacceptableText(input: unknown): InputIssue | undefined {
  const found = inspect(input, 0, { left: MAX_VALUES });
  return found && { path: found.path, message: describe(found) };
}

function inspect(value: unknown, depth: number, budget: { left: number }): Found | undefined {
  if (--budget.left < 0) return { path: [], kind: "size" };
  if (typeof value === "string") {
    const char = UNSTORABLE.exec(value)?.[0];
    return char === undefined ? undefined : { path: [], kind: "text", char };
  }
  if (typeof value !== "object" || value === null) return undefined;
  if (depth >= MAX_DEPTH) return { path: [], kind: "depth" };
  const child = (key: string | number, v: unknown) => {
    const found = inspect(v, depth + 1, budget);
    if (found) found.path.unshift(key);
    return found;
  };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = child(i, value[i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value instanceof Map || value instanceof Set) {
    // A Map's items are [key, value] pairs, inspected like arrays.
    let i = 0;
    for (const item of value) {
      const found = child(i++, item);
      if (found) return found;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const char = UNSTORABLE.exec(key)?.[0];
    if (char !== undefined) return { path: [visible(key)], kind: "key", char };
    const found = child(key, record[key]);
    if (found) return found;
  }
  return undefined;
}

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** A key as text a person can read: unacceptable characters written as \uXXXX. */
const visible = (key: string) => key.replace(new RegExp(UNSTORABLE.source, "gu"), (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);

function describe(found: Found): string {
  if (found.kind === "size") return `The input has more than ${MAX_VALUES} values; send less at once.`;
  if (found.kind === "depth") return `The input is nested more than ${MAX_DEPTH} levels deep.`;
  const field = found.path.join(".");
  const subject = found.kind === "key" ? `The field name "${field}"` : field ? `The field "${field}"` : "The input";
  const char = found.char!;
  return /\p{Cs}/u.test(char)
    ? `${subject} contains a broken character (${codePoint(char)}, half of an emoji or symbol). Type that character again.`
    : `${subject} contains an invisible control character (${codePoint(char)}) that we can't store. Remove it and try again.`;
}
