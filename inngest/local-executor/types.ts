/** Public and shared types of the local executor. */

export type ExecutorLogger = {
  info: (...a: unknown[]) => void;
  warn: (...a: unknown[]) => void;
  error: (...a: unknown[]) => void;
};

export type LocalExecutorOptions = {
  /** The serve endpoint URL, e.g. http://127.0.0.1:3000/api/inngest */
  serveUrl: string;
  /**
   * The app's Inngest signing key (`signkey-<env>-<hex>`): every call to the serve endpoint is
   * signed with it as an Inngest server signs, and the app's answers must be signed with it.
   */
  signingKey: string;
  /** The only event key the event API accepts (`POST /e/<eventKey>`). */
  eventKey: string;
  /** How to call the serve endpoint. Default: global fetch. */
  callServe?: (request: Request) => Promise<Response>;
  /** Port of the event API; it listens on 127.0.0.1 only. 0 = random. */
  port: number;
  /** Clock for crons and sleeps; tests drive it. Default: () => new Date(). */
  now?: () => Date;
  /** Delay before retry number `attempt` (1-based). Default: exponential backoff with jitter. */
  retryDelayMs?: (attempt: number) => number;
  /** Whether crons run on real timers (default true). Tests set false and call tickCrons. */
  cronTimers?: boolean;
  logger?: ExecutorLogger;
  /**
   * Test hook for crash tests; never set in production. Called when the serve endpoint has
   * reported a step's result (its side effects are done) and before the executor records it: the
   * window in which a crash loses the result but not the effect. The executor waits for a
   * returned promise before recording. It must not throw.
   */
  onStepResult?: (step: StepResultInfo) => void | Promise<void>;
};

/** What `onStepResult` is told about a step whose result is about to be recorded. */
export type StepResultInfo = {
  /** The registered function id (app-prefixed, e.g. `depot-order-confirm-on-payment`; `-failure` for onFailure). */
  functionId: string;
  runId: string;
  /** The step id as written in the function (`step.run("<id>", ...)`). */
  stepId: string;
  /** The hashed id the SDK memoizes the step under. */
  hashedId: string;
  /** The event that started the run. */
  event: DeliveredEvent;
  result: MemoizedStep;
};

export type IncomingEvent = { name: string; data?: unknown; id?: string; ts?: number; v?: string };

/** The event as handed to a function (Inngest shape). */
export type DeliveredEvent = { name: string; data: unknown; id: string; ts: number; v?: string };

export type RunStatus = "running" | "completed" | "failed";

export type RunRecord = {
  runId: string;
  functionId: string;
  eventName: string;
  /** The event's own id (the sender's idempotency id when it gave one). */
  eventId: string;
  status: RunStatus;
  attempts: number;
  output?: unknown;
  error?: unknown;
  startedAt: Date;
  endedAt?: Date;
};

export interface LocalExecutor {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly url: string;
  send(events: IncomingEvent[]): Promise<string[]>;
  tickCrons(now?: Date): Promise<void>;
  drain(timeoutMs?: number): Promise<void>;
  runs(): ReadonlyArray<Readonly<RunRecord>>;
}

/** A memoized step result, in the shape the SDK's `steps` schema accepts. */
export type MemoizedStep = { data: unknown } | { error: unknown };
