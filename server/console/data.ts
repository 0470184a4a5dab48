import "server-only";
import { db } from "@/db/client";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { warehouseScope } from "@/server/auth";
import { listFulfillments, type FulfillmentRow } from "@/server/fulfillment";
import { warehouseSummaries, type WarehouseSummary } from "@/server/inventory";
import { isDomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logging";
import { outboxStats, type OutboxStats } from "@/server/outbox";

/** Server-only loaders for console pages: a failure becomes a message for an error Alert. */
export type Loaded<T> = { ok: true; data: T } | { ok: false; message: string };

async function load<T>(what: string, fn: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, message: error.message };
    logger.error({ err: error, component: "console" }, `loading ${what} failed`);
    return { ok: false, message: `We couldn't load the ${what}. Please try again in a moment.` };
  }
}

export function loadWarehouses(user: SessionUser): Promise<Loaded<WarehouseSummary[]>> {
  return load("warehouse figures", () => warehouseSummaries(db(), warehouseScope(user)));
}

export function loadOutboxStats(): Promise<Loaded<OutboxStats>> {
  return load("outbox figures", () => outboxStats(db()));
}

export function loadFulfillments(user: SessionUser, limit = 100): Promise<Loaded<FulfillmentRow[]>> {
  return load("fulfillments", () => listFulfillments(db(), warehouseScope(user), { limit }));
}
