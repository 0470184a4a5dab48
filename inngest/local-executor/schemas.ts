/** Zod schemas for what the SDK sends us (registration, events) and answers (ops). */
import { z } from "zod";

export const eventTriggerSchema = z.object({ event: z.string(), expression: z.string().optional() });
export const cronTriggerSchema = z.object({ cron: z.string(), jitter: z.string().optional() });

export const functionConfigSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  triggers: z.array(z.union([eventTriggerSchema, cronTriggerSchema])).default([]),
  steps: z
    .record(
      z.string(),
      z.object({
        id: z.string(),
        runtime: z.object({ type: z.string(), url: z.string() }).optional(),
        retries: z.object({ attempts: z.number().optional() }).optional(),
      }),
    )
    .default({}),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

/** The SDK's answer to an in-band sync (only the parts we use). */
export const inBandSyncBodySchema = z.object({
  app_id: z.string(),
  url: z.string(),
  functions: z.array(functionConfigSchema),
});

export const incomingEventSchema = z.object({
  name: z.string().min(1),
  data: z.unknown().optional(),
  id: z.string().optional(),
  ts: z.number().optional(),
  v: z.string().optional(),
});
export const incomingEventsSchema = z.union([incomingEventSchema, z.array(incomingEventSchema)]);

/** One op in a 206 answer of the serve endpoint. */
export const outgoingOpSchema = z.object({
  id: z.string(),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type OutgoingOp = z.infer<typeof outgoingOpSchema>;
export const outgoingOpsSchema = z.array(outgoingOpSchema);

export const waitForEventOptsSchema = z.object({ timeout: z.string().optional(), if: z.string().optional() });
export const invokeOptsSchema = z.object({
  function_id: z.string(),
  payload: z.object({ data: z.unknown().optional(), v: z.string().optional() }).optional(),
  timeout: z.string().optional(),
});
