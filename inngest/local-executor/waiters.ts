/** step.waitForEvent: runs parked until a matching event arrives or the timeout passes. */
import { compileExpression, type CompiledExpression } from "./expression";
import { isOpen, type Run } from "./run-state";
import { waitForEventOptsSchema } from "./schemas";
import type { DeliveredEvent } from "./types";

type Waiter = { run: Run; opId: string; eventName: string; expression?: CompiledExpression };

export class EventWaiters {
  private waiters: Waiter[] = [];

  /** Throws (UnsupportedExpressionError / zod) when the wait can't be honoured locally. */
  add(run: Run, opId: string, eventName: string, rawOpts: unknown): { timeout?: string } {
    const opts = waitForEventOptsSchema.parse(rawOpts ?? {});
    const waiter: Waiter = { run, opId, eventName, ...(opts.if ? { expression: compileExpression(opts.if) } : {}) };
    this.waiters.push(waiter);
    return opts.timeout ? { timeout: opts.timeout } : {};
  }

  remove(run: Run, opId: string): void {
    this.waiters = this.waiters.filter((w) => !(w.run === run && w.opId === opId));
  }

  /** Returns (and removes) the waiters an incoming event satisfies. `event` in expressions is the run's trigger, `async` the incoming one. */
  take(event: DeliveredEvent): Array<{ run: Run; opId: string }> {
    const hits: Waiter[] = [];
    this.waiters = this.waiters.filter((w) => {
      if (!isOpen(w.run)) return false;
      const hit = w.eventName === event.name && (!w.expression || w.expression({ event: w.run.event, async: event }));
      if (hit) hits.push(w);
      return !hit;
    });
    return hits;
  }
}
