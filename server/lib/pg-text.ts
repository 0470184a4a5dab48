import { z } from "zod";

/**
 * A string PostgreSQL can store: text and jsonb refuse the NUL character (0x00), so a value
 * holding one would fail its query with a 500 instead of being refused as bad input.
 */
export const pgText = z.string().regex(/^[^\0]*$/, { error: "must not contain a NUL character" });

/** A string from outside made safe to store as a hint (ids and types in ops records): NULs dropped, length capped. */
export function storableHint(value: unknown, maxLength = 255): string | undefined {
  return typeof value === "string" ? value.replaceAll("\0", "").slice(0, maxLength) : undefined;
}
