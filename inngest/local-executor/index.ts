/**
 * Local executor: a single-machine stand-in for the Inngest dev server. It speaks the SDK's HTTP
 * protocol to our serve endpoint (registration via PUT, runs via POST ?fnId=&stepId=) and serves
 * the event API the client posts to in dev mode. See README.md.
 */
import type { Env } from "@/server/env";

export { createLocalExecutor } from "./executor";

/** The keys the local executor signs with and checks: the app's own embedded-mode settings. */
export function executorKeys(settings: Env["inngest"]): { signingKey: string; eventKey: string } {
  if (!settings.signingKey) throw new Error("the local executor needs INNGEST_LOCAL_SIGNING_KEY (npm run dev and npm start generate it)");
  return { signingKey: settings.signingKey, eventKey: settings.eventKey };
}
export type { LocalExecutor, LocalExecutorOptions, RunRecord, IncomingEvent, StepResultInfo } from "./types";
