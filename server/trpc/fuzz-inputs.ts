import fc from "fast-check";
import { z, type core } from "zod";

/**
 * Test support for the input fuzz test: fast-check arbitraries derived from a procedure's own
 * zod schema (so a new procedure needs no hand-written sample), and corruptions of them.
 */

type Schema = core.$ZodType;
/** The fields of the zod check definitions we read (min/max lengths, formats, numeric bounds). */
type CheckDef = { check: string; minimum?: number; maximum?: number; length?: number; format?: string; pattern?: RegExp; value?: unknown; inclusive?: boolean };

const MAX_DEPTH = 8;

function checksOf(def: { checks?: readonly core.$ZodCheck<never>[] }): CheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def as CheckDef);
}

const find = (checks: CheckDef[], name: string) => checks.filter((c) => c.check === name);
const lowest = (values: (number | undefined)[]) => Math.min(...values.filter((v): v is number => v !== undefined));
const highest = (values: (number | undefined)[]) => Math.max(...values.filter((v): v is number => v !== undefined));

/** Text that stresses code behind a string field: SQL wildcards, quotes, escapes, non-Latin scripts, emoji, combining marks. */
const trickyToken = fc.constantFrom(" ", "%", "_", "\\", "'", '"', "--", ";", "*", "$1", "{}", "[]", "\t", "\n", "😀", "é", "é", "١٢٣", "שלום", "İ", "ß", "\u200b", "\ufeff", "0", "-1", "1e9");

function lengthBounds(checks: CheckDef[], defaultMax: number) {
  const exact = find(checks, "length_equals").map((c) => c.length);
  const min = highest([0, ...find(checks, "min_length").map((c) => c.minimum), ...exact]);
  const max = lowest([...find(checks, "max_length").map((c) => c.maximum), ...exact, Number.MAX_SAFE_INTEGER]);
  return { min, max, generatedMax: Math.min(max, Math.max(min, 0) + defaultMax) };
}

function shapedString(checks: CheckDef[]): fc.Arbitrary<string> {
  const { min, max, generatedMax } = lengthBounds(checks, 40);
  const format = find(checks, "string_format")[0];
  if (format?.pattern) return fc.stringMatching(format.pattern);
  if (format?.format === "email") return fc.emailAddress();
  const cut = (s: string) => s.slice(0, max);
  const options: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.string({ minLength: min, maxLength: generatedMax }), weight: 2 },
    { arbitrary: fc.string({ minLength: min, maxLength: generatedMax, unit: "grapheme" }).map(cut), weight: 1 },
    // Many text fields carry numbers (amounts, counts, cursors).
    { arbitrary: fc.oneof(fc.nat().map(String), fc.tuple(fc.nat(99_999), fc.nat(9_999)).map(([units, fraction]) => `${units}.${fraction}`), fc.double().map(String)), weight: 1 },
    { arbitrary: fc.array(trickyToken, { minLength: 1, maxLength: 8 }).map((t) => cut(t.join(""))), weight: 1 },
  ];
  if (max <= 1000) options.push({ arbitrary: fc.constantFrom("x".repeat(max), " ".repeat(max)), weight: 1 });
  return fc.oneof(...options);
}

function shapedNumber(checks: CheckDef[]): fc.Arbitrary<number> {
  const integer = find(checks, "number_format").some((c) => c.format !== "float32" && c.format !== "float64");
  const step = integer ? 1 : Number.MIN_VALUE;
  const bound = (c: CheckDef, direction: 1 | -1) => Number(c.value) + (c.inclusive ? 0 : direction * step);
  const min = highest([-Number.MAX_SAFE_INTEGER, ...find(checks, "greater_than").map((c) => bound(c, 1))]);
  const max = lowest([Number.MAX_SAFE_INTEGER, ...find(checks, "less_than").map((c) => bound(c, -1))]);
  if (min > max) return fc.constant(min);
  if (!integer) return fc.double({ min, max, noNaN: true });
  return fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number);
}

/** Of a few candidates, the first `schema` accepts (else the first): valid values far more often than the generator alone. */
function preferValid(arbitrary: fc.Arbitrary<unknown>, schema: Schema, tries = 4): fc.Arbitrary<unknown> {
  return fc.array(arbitrary, { minLength: tries, maxLength: tries }).map((candidates) => candidates.find((c) => z.safeParse(schema, c).success) ?? candidates[0]);
}

/**
 * Values shaped like what `schema` accepts before its transforms: each part is generated from
 * its own definition and checks (lengths, formats and patterns, numeric bounds, enums, optional
 * and default keys, union options). Refinements across fields are not honoured, so some values
 * are still refused by the schema; the fuzz test asks the schema which ones. `tainted`: free-text
 * strings carry a forbidden character half of the time. `known`: values that exist (SKUs, ids),
 * used for a third of the strings they fit, so calls get past "not found".
 */
export function shapedLike(schema: Schema, options: { tainted?: boolean; known?: readonly string[] } = {}, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(undefined);
  const inner = (s: Schema) => shapedLike(s, options, depth + 1);
  const def = (schema as core.$ZodTypes)._zod.def;
  switch (def.type) {
    case "string": {
      const checks = checksOf(def);
      const generated = preferValid(shapedString(checks), schema);
      const fitting = options.known?.filter((value) => z.safeParse(schema, value).success) ?? [];
      const text = fitting.length ? fc.oneof({ arbitrary: generated, weight: 2 }, { arbitrary: fc.constantFrom(...fitting), weight: 1 }) : generated;
      // Free text (no format) accepts any character, so a tainted value stays valid for the schema.
      return options.tainted && !find(checks, "string_format").length ? tainted(text) : text;
    }
    case "number":
      return preferValid(shapedNumber(checksOf(def)), schema);
    case "bigint":
      return fc.bigInt();
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date({ noInvalidDate: true });
    case "enum":
      return fc.constantFrom(...Object.values(def.entries));
    case "literal":
      return fc.constantFrom(...def.values);
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "nan":
      return fc.constant(Number.NaN);
    case "object": {
      const entries = Object.entries(def.shape);
      const model: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(entries.map(([key, s]) => [key, inner(s)]));
      const requiredKeys = entries.filter(([, s]) => s._zod.optin !== "optional").map(([key]) => key);
      return fc.record(model, { requiredKeys });
    }
    case "array": {
      const { min, generatedMax } = lengthBounds(checksOf(def), 4);
      return fc.array(inner(def.element), { minLength: min, maxLength: generatedMax });
    }
    case "tuple":
      return fc.tuple(...def.items.map(inner));
    case "record":
      return fc.dictionary(inner(def.keyType).map(String), inner(def.valueType), { maxKeys: 4 });
    case "map":
      return fc.array(fc.tuple(inner(def.keyType), inner(def.valueType)), { maxLength: 4 }).map((pairs) => new Map(pairs));
    case "set":
      return fc.array(inner(def.valueType), { maxLength: 4 }).map((values) => new Set(values));
    case "union":
      return fc.oneof(...def.options.map(inner));
    case "intersection":
      return fc.tuple(inner(def.left), inner(def.right)).map(([a, b]) => (isRecord(a) && isRecord(b) ? { ...a, ...b } : a));
    case "optional":
    case "default":
    case "prefault":
      return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case "readonly":
    case "catch":
    case "nonoptional":
    case "success":
      return inner(def.innerType);
    case "lazy":
      return inner(def.getter());
    case "pipe":
      // z.preprocess(fn, schema) is a pipe from a transform: the values it takes are the target schema's.
      return (def.in as core.$ZodTypes)._zod.def.type === "transform" ? inner(def.out) : inner(def.in);
    default:
      return fc.anything();
  }
}

/** Characters an input must never carry (see server/trpc/input-guard.ts): the fuzz test's own definition. */
const forbiddenCharacter = fc.oneof(
  { arbitrary: fc.constant("\u0000"), weight: 8 },
  { arbitrary: fc.integer({ min: 1, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d).map((c) => String.fromCharCode(c)), weight: 2 },
  { arbitrary: fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 2 },
);

function tainted(text: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(text, fc.option(forbiddenCharacter, { freq: 2, nil: undefined }), fc.nat())
    .map(([value, char, pos]) => (char === undefined || typeof value !== "string" ? value : insertAt(value, pos, char)));
}

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string or key anywhere in `value` holds a forbidden character. */
export function carriesForbiddenText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return FORBIDDEN.test(value);
  if (depth > 10_000 || typeof value !== "object" || value === null) return false;
  const next = (v: unknown) => carriesForbiddenText(v, depth + 1);
  if (Array.isArray(value)) return value.some(next);
  if (value instanceof Map) return [...value].some(([k, v]) => next(k) || next(v));
  if (value instanceof Set) return [...value].some(next);
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([k, v]) => FORBIDDEN.test(k) || next(v));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const nest = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Values that break assumptions: wrong types, special numbers, huge strings and numbers, deep nesting, odd objects. */
const hostileValues: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => true,
  () => false,
  () => 0,
  () => -0,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => Number.MAX_VALUE,
  () => -Number.MAX_VALUE,
  () => Number.MIN_VALUE,
  () => Number.MAX_SAFE_INTEGER + 2,
  () => 2 ** 31,
  () => -(2 ** 63),
  () => 1e21,
  () => 0.5,
  () => -1,
  () => "",
  () => " ",
  () => "NaN",
  () => "Infinity",
  () => "-0",
  () => "1e309",
  () => "null",
  () => "__proto__",
  () => "x".repeat(100_000),
  () => "9".repeat(400),
  () => [],
  () => ({}),
  () => [null],
  () => new Date(Number.NaN),
  () => new Date(8.64e15),
  () => new Date(-8.64e15),
  () => 10n,
  () => -(2n ** 70n),
  () => new Map([["a", 1]]),
  () => new Set([1]),
  () => /x/,
  () => JSON.parse('{"__proto__": {"polluted": true}}'),
  () => Object.create(null),
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileValues).map((make) => make()),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.double(),
  fc.integer({ min: 1, max: 300 }).map((levels) => nest(levels, "x")),
);

/** Sets an own key, "__proto__" included (as JSON.parse would). */
const put = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** A deep copy of the arrays and plain objects of a value (prototype and own keys such as "__proto__" kept); other values shared. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isRecord(value)) return value;
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const key of Object.keys(value)) put(out, key, copy(value[key]));
  return out;
}

type Corruption =
  | { kind: "text"; at: number; pos: number; char: string }
  | { kind: "key"; at: number; pos: number; char: string; value: unknown }
  | { kind: "replace"; at: number; value: unknown }
  | { kind: "drop"; at: number; pos: number }
  | { kind: "extra"; at: number; key: string; value: unknown }
  | { kind: "whole"; value: unknown };

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("text"), at: fc.nat(), pos: fc.nat(), char: forbiddenCharacter }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("key"), at: fc.nat(), pos: fc.nat(), char: forbiddenCharacter, value: hostileValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("replace"), at: fc.nat(), value: hostileValue }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("drop"), at: fc.nat(), pos: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("extra"), at: fc.nat(), key: fc.string({ maxLength: 8 }), value: hostileValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("whole"), value: hostileValue }), weight: 1 },
) as fc.Arbitrary<Corruption>;

type Slot = { get: () => unknown; set: (v: unknown) => void };

/** Every place in a value (the root, object entries, array items), in a stable order. */
function slots(root: { value: unknown }): Slot[] {
  const out: Slot[] = [];
  const visit = (get: () => unknown, set: (v: unknown) => void) => {
    out.push({ get, set });
    const value = get();
    if (Array.isArray(value)) value.forEach((_, i) => visit(() => value[i], (v) => (value[i] = v)));
    else if (isRecord(value)) for (const key of Object.keys(value)) visit(() => value[key], (v) => (value[key] = v));
  };
  visit(() => root.value, (v) => (root.value = v));
  return out;
}

const insertAt = (text: string, pos: number, char: string) => {
  const i = pos % (text.length + 1);
  return text.slice(0, i) + char + text.slice(i);
};

function apply(root: { value: unknown }, c: Corruption): void {
  if (c.kind === "whole") {
    root.value = c.value;
    return;
  }
  const all = slots(root);
  if (c.kind === "text") {
    const texts = all.filter((s) => typeof s.get() === "string");
    const slot = texts.length ? texts[c.at % texts.length]! : all[c.at % all.length]!;
    const current = slot.get();
    slot.set(insertAt(typeof current === "string" ? current : "", c.pos, c.char));
    return;
  }
  if (c.kind === "replace") {
    all[c.at % all.length]!.set(c.value);
    return;
  }
  const objects = all.filter((s) => isRecord(s.get()));
  if (!objects.length) return;
  const target = objects[c.at % objects.length]!.get() as Record<string, unknown>;
  const keys = Object.keys(target);
  if (c.kind === "drop") {
    if (keys.length) delete target[keys[c.pos % keys.length]!];
  } else if (c.kind === "extra") {
    put(target, c.key, c.value);
  } else {
    const key = keys.length ? keys[c.pos % keys.length]! : "field";
    const value = key in target ? target[key] : c.value;
    delete target[key];
    put(target, insertAt(key, c.pos, c.char), value);
  }
}

/** A shaped value with one to three corruptions applied (forbidden characters in texts and keys, hostile values, missing and extra keys). */
export function corrupted(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(shaped, fc.array(corruption, { minLength: 1, maxLength: 3 })).map(([value, corruptions]) => {
    const root = { value: copy(value) };
    for (const c of corruptions) apply(root, copy(c) as Corruption);
    return root.value;
  });
}
