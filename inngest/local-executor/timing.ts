/** Duration parsing (the SDK's `timeStr` output), retry backoff, and `retry-after` handling. */

const unitMs: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Parses "2s", "1h30m", "1d" (what the SDK emits for sleeps/timeouts). Returns undefined if not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(?:\.\d+)?(ms|w|d|h|m|s))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) {
    total += Number(match[1]) * (unitMs[match[2] ?? "ms"] ?? 0);
  }
  return total;
}

/** A Sleep op's name is either a duration ("2s") or an ISO timestamp (sleepUntil). */
export function sleepWakeAt(name: string, now: Date): Date | undefined {
  const duration = parseDurationMs(name);
  if (duration !== undefined) return new Date(now.getTime() + duration);
  const at = Date.parse(name);
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** About 1s, 2s, 4s ... capped at 5 minutes, with +-20% jitter. */
export function defaultRetryDelayMs(attempt: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 300_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** The SDK sets `retry-after` (seconds or an HTTP/ISO date) for RetryAfterError. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** setTimeout caps at ~24.8 days; longer waits re-arm themselves. */
export function longTimeout(fn: () => void, ms: number): { cancel: () => void } {
  const max = 2_147_483_647;
  let handle: ReturnType<typeof setTimeout>;
  const arm = (remaining: number) => {
    handle = setTimeout(() => (remaining > max ? arm(remaining - max) : fn()), Math.min(Math.max(0, remaining), max));
    handle.unref?.();
  };
  arm(ms);
  return { cancel: () => clearTimeout(handle) };
}
