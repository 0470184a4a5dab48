import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { Tx } from "./client";
import { processedEvents } from "./schema";
import { testDb } from "./testing";
import { afterCommit, savepoint, transaction } from "./transaction";

const handle = testDb(4);
const db = handle.db;

afterAll(() => handle.close());
afterEach(() => vi.restoreAllMocks());

/** A row only this test writes; `committed` reads it on another connection of the pool. */
function marker() {
  const eventId = randomUUID();
  return {
    write: (tx: Tx) => tx.insert(processedEvents).values({ consumer: "transaction-test", eventId }),
    committed: async () => (await db.select().from(processedEvents).where(eq(processedEvents.eventId, eventId))).length === 1,
  };
}

describe("transaction() and its after-commit hooks (issue 13)", () => {
  it("runs each hook once, in order, after the commit: the transaction's writes are visible to every connection", async () => {
    const row = marker();
    const calls: string[] = [];
    const first = async () => void calls.push(`first saw the row: ${await row.committed()}`);
    const second = () => void calls.push("second");

    const result = await transaction(async (tx) => {
      await row.write(tx);
      afterCommit(tx, first);
      afterCommit(tx, second);
      afterCommit(tx, first); // the same hook again (the outbox registers its nudge per event)
      expect(calls).toEqual([]);
      return "done";
    }, db);

    expect(result).toBe("done");
    expect(calls).toEqual(["first saw the row: true", "second"]);
  });

  it("runs no hook when the transaction rolls back, and the caller gets the error", async () => {
    const row = marker();
    const hook = vi.fn();
    await expect(
      transaction(async (tx) => {
        await row.write(tx);
        afterCommit(tx, hook);
        throw new Error("rolled back");
      }, db),
    ).rejects.toThrow("rolled back");
    await expect(
      transaction(async (tx) => {
        afterCommit(tx, hook);
        tx.rollback();
      }, db),
    ).rejects.toThrow();

    expect(hook).not.toHaveBeenCalled();
    expect(await row.committed()).toBe(false);
  });

  it("logs a failing hook and does not throw it: the commit happened, the result is returned, later hooks still run", async () => {
    const row = marker();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const later = vi.fn();

    const result = await transaction(async (tx) => {
      await row.write(tx);
      afterCommit(tx, async () => {
        throw new Error("nudge failed");
      });
      afterCommit(tx, later);
      return 42;
    }, db);

    expect(result).toBe(42);
    expect(await row.committed()).toBe(true);
    expect(later).toHaveBeenCalledOnce();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("after-commit hook failed"), expect.objectContaining({ message: "nudge failed" }));
  });

  it("a savepoint's hooks wait for the outer commit, and are dropped with a rolled-back savepoint or outer transaction", async () => {
    const row = marker();
    const calls: string[] = [];
    await transaction(async (tx) => {
      await savepoint(tx, async (sp) => {
        await row.write(sp);
        afterCommit(sp, async () => void calls.push(`kept saw the row: ${await row.committed()}`));
        await savepoint(sp, async (inner) => afterCommit(inner, () => void calls.push("nested kept")));
      });
      await savepoint(tx, async (sp) => {
        afterCommit(sp, () => void calls.push("from a rolled-back savepoint"));
        throw new Error("savepoint rolled back");
      }).catch(() => undefined);
      expect(calls).toEqual([]); // not at the savepoint's release: only after the outer commit
    }, db);
    expect(calls).toEqual(["kept saw the row: true", "nested kept"]);

    const dropped = vi.fn();
    await expect(
      transaction(async (tx) => {
        await savepoint(tx, async (sp) => afterCommit(sp, dropped));
        throw new Error("outer rolled back");
      }, db),
    ).rejects.toThrow("outer rolled back");
    expect(dropped).not.toHaveBeenCalled();
  });
});
