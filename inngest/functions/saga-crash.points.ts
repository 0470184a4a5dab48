/** What the saga crash test and its child process agree on: where to crash, for which order. */
import { z } from "zod";

export const crashPhases = ["before", "after"] as const;

/**
 * One crash point: a step of a function (ids as written in the code; an onFailure handler is
 * `<function id>-failure`), for one order, at one moment:
 * - before: right before the step's body runs;
 * - after: the body has returned (its side effects are committed), the executor has not yet
 *   recorded the result — the classic crash window.
 */
export const crashPointSchema = z.object({
  functionId: z.string().min(1),
  stepId: z.string().min(1),
  phase: z.enum(crashPhases),
  orderId: z.string().min(1),
});
export type CrashPoint = z.infer<typeof crashPointSchema>;

const relayed = z.object({ id: z.string(), data: z.object({ payload: z.object({ orderId: z.string() }) }) });
const failure = z.object({ name: z.literal("inngest/function.failed"), data: z.object({ event: relayed }) });

/**
 * What started a run, for a run of the saga: the order, and the outbox row whose relay delivered
 * the event (the outbox id is the event id). For an onFailure run (inngest/function.failed) it is
 * the failed run's event.
 */
export function sagaTrigger(event: unknown): { orderId: string; outboxId: string } | undefined {
  const failed = failure.safeParse(event);
  const original = failed.success ? failed.data.data.event : relayed.safeParse(event).data;
  return original ? { orderId: original.data.payload.orderId, outboxId: original.id } : undefined;
}
