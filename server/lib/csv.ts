/**
 * A small RFC 4180 CSV reader (the `csv-parse` package is not installed): comma separated,
 * fields optionally in double quotes, `""` inside quotes is one quote, quoted fields may hold
 * commas and line breaks, records end with CRLF or LF. A UTF-8 byte order mark is skipped and
 * a trailing line break does not make an empty record. Whitespace is kept as written; callers
 * trim what they need to.
 */

/** One record with the file line it started on (1-based, the header is line 1). */
export type CsvRecord = { line: number; fields: string[] };

/** A problem with one row of an imported file, shown to the operator in the row report. */
export type RowError = { row: number; column: string | null; message: string };

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // True once the current record has any content (so a trailing newline adds no empty record).
  let started = false;

  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
    started = false;
  };

  while (i < input.length) {
    const c = input[i]!;
    if (c === '"' && field === "" && (fields.length === 0 || input[i - 1] === ",")) {
      // A quoted field: read to the closing quote.
      started = true;
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError(openedOn, `A quoted field starting on row ${openedOn} is never closed.`);
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === "\n") line += 1;
        field += q;
        i += 1;
      }
      const next = input[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError(line, `Row ${line} has text after a closing quote; write "" for a quote inside a quoted field.`);
      }
      continue;
    }
    if (c === ",") {
      started = true;
      endField();
      i += 1;
      continue;
    }
    if (c === "\r" || c === "\n") {
      if (c === "\r" && input[i + 1] === "\n") i += 1;
      i += 1;
      // An empty line is no record at all (importers skip them; row numbers stay file lines).
      if (started || field !== "" || fields.length > 0) endRecord();
      line += 1;
      recordLine = line;
      continue;
    }
    if (c === '"') throw new CsvSyntaxError(line, `Row ${line} has a quote inside an unquoted field; put the field in quotes and double the quote.`);
    started = true;
    field += c;
    i += 1;
  }
  if (started || field !== "" || fields.length > 0) endRecord();
  return records;
}

/** True for a record that is only an empty line (skipped by importers). */
export function isBlank(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === "");
}

/**
 * Reads the header of a file that must have exactly `columns` (any order, any case). Returns
 * the index of each column, or the header's problems as row errors (row 1).
 */
export function readHeader<C extends string>(
  records: CsvRecord[],
  columns: readonly C[],
): { ok: true; index: Record<C, number>; rows: CsvRecord[] } | { ok: false; errors: RowError[] } {
  const header = records[0];
  if (!header || isBlank(header)) {
    return { ok: false, errors: [{ row: 1, column: null, message: `The file is empty. Its first row must be the header ${columns.join(",")}.` }] };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const errors: RowError[] = [];
  const index = {} as Record<C, number>;
  for (const column of columns) {
    const at = names.indexOf(column);
    if (at === -1) errors.push({ row: header.line, column, message: `The header has no "${column}" column (expected ${columns.join(",")}).` });
    else index[column] = at;
  }
  names.forEach((name, at) => {
    if (!(columns as readonly string[]).includes(name)) {
      errors.push({ row: header.line, column: name || `column ${at + 1}`, message: `Unknown column "${header.fields[at]}" (expected ${columns.join(",")}).` });
    } else if (names.indexOf(name) !== at) {
      errors.push({ row: header.line, column: name, message: `The column "${name}" appears twice in the header.` });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, index, rows: records.slice(1).filter((r) => !isBlank(r)) };
}

/** The most data rows one file may hold. */
export const MAX_IMPORT_ROWS = 5000;

export type ImportReport<C> = {
  dryRun: boolean;
  /** True only when the file was applied (never for a dry run, never with an error). */
  applied: boolean;
  importId: string | null;
  /** Data rows read (blank lines skipped). */
  rows: number;
  changes: C[];
  /** Rows that already had the value: nothing to do. */
  unchanged: number;
  errors: RowError[];
};

/** Parses a file into records, or the syntax error as a row error. */
export function readCsv(text: string): { ok: true; records: CsvRecord[] } | { ok: false; errors: RowError[] } {
  try {
    return { ok: true, records: parseCsv(text) };
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, errors: [{ row: error.line, column: null, message: error.message }] };
    throw error;
  }
}

export function emptyReport<C>(dryRun: boolean, rows: number, errors: RowError[]): ImportReport<C> {
  return { dryRun, applied: false, importId: null, rows, changes: [], unchanged: 0, errors };
}

