import type { EventType } from "inngest";
import type { z } from "zod";

type StatusEvent = EventType<string, z.ZodType<{ payload: { to: string } }, Record<string, unknown>>>;
type StatusOf<E extends StatusEvent> = z.output<E["schema"]>["payload"]["to"];

/**
 * Triggers on a status-changed event only for moves to `to`: a CEL `if` that Inngest, and the
 * local executor (expression.ts), evaluate before starting a run, so the other moves start none.
 * `and` adds a clause (`event.data.payload.<field> ==|!= <literal>`).
 */
export function movedTo<E extends StatusEvent>(event: E, to: StatusOf<E>, and?: string): { event: E; if: string } {
  const movedToTarget = `event.data.payload.to == '${to}'`;
  return { event, if: and ? `${movedToTarget} && ${and}` : movedToTarget };
}
