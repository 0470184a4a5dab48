/**
 * A deliberately tiny subset of Inngest's CEL expressions: `a == b` / `a != b` clauses joined by
 * `&&`, where each side is `event.<path>`, `async.<path>`, a quoted string, a number, true, false
 * or null. Enough for onFailure triggers (`event.data.function_id == '<id>'`), trigger `if`s
 * (inngest/triggers.ts) and `waitForEvent({ match })`. Anything else throws `UnsupportedExpressionError`.
 */

export class UnsupportedExpressionError extends Error {
  constructor(expression: string) {
    super(`Expression not supported by the local executor: ${expression}`);
    this.name = "UnsupportedExpressionError";
  }
}

export type ExpressionScope = { event?: unknown; async?: unknown };
export type CompiledExpression = (scope: ExpressionScope) => boolean;

type Operand = (scope: ExpressionScope) => unknown;

const pathRe = /^(event|async)((?:\.[A-Za-z_$][\w$]*)+)$/;
const stringRe = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/;

function lookup(root: unknown, path: string[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function operand(raw: string, expression: string): Operand {
  const text = raw.trim();
  const path = pathRe.exec(text);
  if (path) {
    const root = path[1] === "event" ? "event" : "async";
    const keys = (path[2] ?? "").split(".").filter(Boolean);
    return (scope) => lookup(scope[root], keys);
  }
  const str = stringRe.exec(text);
  if (str) {
    const value = (str[1] ?? str[2] ?? "").replace(/\\(.)/g, "$1");
    return () => value;
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const value = Number(text);
    return () => value;
  }
  if (text === "true" || text === "false") {
    const value = text === "true";
    return () => value;
  }
  if (text === "null") return () => null;
  throw new UnsupportedExpressionError(expression);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  return JSON.stringify(a) === JSON.stringify(b);
}

export function compileExpression(expression: string): CompiledExpression {
  const clauses = splitOutsideQuotes(expression, "&&").map((clause) => {
    for (const op of ["==", "!="] as const) {
      const sides = splitOutsideQuotes(clause, op);
      if (sides.length === 2) {
        const left = operand(sides[0] ?? "", expression);
        const right = operand(sides[1] ?? "", expression);
        return op === "=="
          ? (s: ExpressionScope) => sameValue(left(s), right(s))
          : (s: ExpressionScope) => !sameValue(left(s), right(s));
      }
    }
    throw new UnsupportedExpressionError(expression);
  });
  return (scope) => clauses.every((clause) => clause(scope));
}
