import type { Db, Tx } from "./client";
import { db as defaultDb } from "./client";

/** Work to do once the transaction's writes are visible to everyone (e.g. nudge the outbox relay). */
export type AfterCommitHook = () => void | Promise<void>;

// The hooks of each open transaction or savepoint, by its handle. A Set: one hook registered
// many times (the outbox nudge, once per emitted event) runs once.
const pending = new WeakMap<Tx, Set<AfterCommitHook>>();

/**
 * The app's one way to open a transaction: runs `work` in it and, once it has committed, the
 * hooks registered with `afterCommit`, in order. A rolled-back transaction runs none. A hook
 * that fails is logged and skipped: the commit has happened, so the caller gets its result.
 */
export async function transaction<T>(work: (tx: Tx) => Promise<T>, database: Db = defaultDb()): Promise<T> {
  const hooks = new Set<AfterCommitHook>();
  const result = await database.transaction(async (tx) => {
    pending.set(tx, hooks);
    return work(tx);
  });
  await runHooks(hooks);
  return result;
}

/**
 * A savepoint inside `tx`: `work`'s writes roll back alone if it throws (the error is rethrown).
 * Hooks registered inside it wait for the outermost commit, and are dropped with a rolled-back
 * savepoint.
 */
export async function savepoint<T>(tx: Tx, work: (sp: Tx) => Promise<T>): Promise<T> {
  const parent = hooksOf(tx);
  const own = new Set<AfterCommitHook>();
  const result = await tx.transaction(async (sp) => {
    pending.set(sp, own);
    return work(sp);
  });
  for (const hook of own) parent.add(hook);
  return result;
}

/** Runs `hook` after the outermost transaction around `tx` commits; never if it rolls back. */
export function afterCommit(tx: Tx, hook: AfterCommitHook): void {
  hooksOf(tx).add(hook);
}

function hooksOf(tx: Tx): Set<AfterCommitHook> {
  const hooks = pending.get(tx);
  if (!hooks) throw new Error("afterCommit/savepoint need a transaction opened by transaction() or savepoint() of db/transaction.ts");
  return hooks;
}

async function runHooks(hooks: Set<AfterCommitHook>): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      // db/ sits below server/lib/logging; a hook that wants a structured log catches its own errors.
      console.error("after-commit hook failed (the transaction had committed):", error);
    }
  }
}
