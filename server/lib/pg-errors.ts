/** PostgreSQL errors as the driver reports them, possibly wrapped by Drizzle (`cause`). */
type PgErrorFields = { code?: unknown; constraint_name?: unknown };

function pgError(error: unknown): PgErrorFields | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof (e as PgErrorFields).code === "string" && /^[0-9A-Z]{5}$/.test((e as { code: string }).code)) return e as PgErrorFields;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pg = pgError(error);
  return pg?.code === "23505" && pg.constraint_name === constraint;
}

/**
 * A statement cancelled by statement_timeout (57014) or a lock not granted within lock_timeout
 * (55P03): the database is busy or something holds rows too long; the caller may try again.
 */
export function isDatabaseTimeout(error: unknown): boolean {
  const code = pgError(error)?.code;
  return code === "57014" || code === "55P03";
}
