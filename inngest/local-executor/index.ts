/**
 * Local executor: a single-machine stand-in for the Inngest dev server. It speaks the SDK's HTTP
 * protocol to our serve endpoint (registration via PUT, runs via POST ?fnId=&stepId=) and serves
 * the event API the client posts to in dev mode. See README.md.
 */
export { createLocalExecutor } from "./executor";
export type { LocalExecutor, LocalExecutorOptions, RunRecord, IncomingEvent, StepResultInfo } from "./types";
