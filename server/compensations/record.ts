import type { DbOrTx } from "@/db/client";
import { failedCompensations, type CompensationOperation } from "@/db/schema";

/**
 * The one place every exhausted compensation goes (P0-2024-01): a row with what failed, for
 * which order, everything needed to retry it, and when to try next.
 */
export async function recordFailedCompensation(
  db: DbOrTx,
  input: { operation: CompensationOperation; orderId: string | null; metadata: Record<string, unknown>; error: string; attempts: number },
) {
  const [row] = await db
    .insert(failedCompensations)
    .values({ operation: input.operation, orderId: input.orderId, metadata: input.metadata, lastError: input.error.slice(0, 2000), attempts: input.attempts })
    .returning();
  return row!;
}
