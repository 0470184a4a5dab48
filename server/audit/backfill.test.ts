import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reservations, warehouses } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { raiseAlert } from "@/server/alerts/raise";
import { recordFailedCompensation } from "@/server/compensations/record";
import { placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { demoSession } from "@/server/trpc/test-sessions";

const handle = testDb(2);
const db = handle.db;
beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** The label backfill of migration 0016: its UPDATE statements, run again over rows written without labels. */
const backfill = readFileSync(path.resolve(import.meta.dirname, "../../db/migrations/0016_audit_target_label.sql"), "utf8")
  .split("--> statement-breakpoint")
  .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
  .filter((s) => s.startsWith("UPDATE"));

describe("audit labels of rows written before labels existed (issue 12 item 9)", () => {
  it("are backfilled where one join finds them; the rest stay empty for the page's \"(id …)\"", async () => {
    const ops = await demoSession(db, "ops");
    const product = await createTestProduct(db, { stock: { EAST: 3 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const [reservation] = await db.select().from(reservations).where(eq(reservations.orderId, order.id));
    const [east] = await db.select().from(warehouses).where(eq(warehouses.code, "EAST"));
    const compensation = await recordFailedCompensation(db, { operation: "refund", orderId: order.id, metadata: {}, error: "down", attempts: 10 });
    const alert = await raiseAlert(db, { kind: "label_retries_exhausted", severity: "warning", message: "backfill test" });
    const old = (targetType: string, targetId: string) => ({ actorId: ops.id, actorEmail: ops.email, actorRole: ops.role, action: `backfill.${targetType}`, targetType, targetId });
    const rows = await db
      .insert(auditLog)
      .values([
        old("order", order.number),
        old("product", product.id),
        old("inventory_level", `${east!.id}:${product.id}`),
        old("reservation", reservation!.id),
        old("failed_compensation", compensation.id),
        old("ops_alert", alert.id),
        old("outbox_event_name", "order/paid"),
        old("something_else", randomUUID()),
      ])
      .returning({ id: auditLog.id });
    for (const statement of backfill) await db.execute(sql.raw(statement));
    const labels = await db.select({ type: auditLog.targetType, label: auditLog.targetLabel }).from(auditLog).where(inArray(auditLog.id, rows.map((r) => r.id))).orderBy(auditLog.id);
    expect(labels).toEqual([
      { type: "order", label: order.number },
      { type: "product", label: product.sku },
      { type: "inventory_level", label: `${product.sku} at EAST` },
      { type: "reservation", label: `${product.sku} for ${order.number}` },
      { type: "failed_compensation", label: `refund of ${order.number}` },
      { type: "ops_alert", label: "label retries exhausted" },
      { type: "outbox_event_name", label: "order/paid" },
      { type: "something_else", label: "" },
    ]);
  });
});
