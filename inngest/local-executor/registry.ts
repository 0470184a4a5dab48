/** The app's registered function configs and trigger matching. */
import { compileExpression, type CompiledExpression } from "./expression";
import type { FunctionConfig } from "./schemas";

export type RegisteredFunction = {
  id: string;
  name: string;
  /** Total attempts per step/request: retries + 1 (Inngest's default is 3 retries). */
  maxAttempts: number;
  eventTriggers: Array<{ event: string; matches: (name: string) => boolean; expression?: CompiledExpression }>;
  /** Trigger expressions we could not compile; such triggers never match. */
  problems: string[];
  cronTriggers: string[];
};

const defaultRetries = 3;

function nameMatcher(pattern: string): (name: string) => boolean {
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  return (name) => name === pattern;
}

export function toRegisteredFunction(config: FunctionConfig): RegisteredFunction {
  const retries = Object.values(config.steps)[0]?.retries?.attempts ?? defaultRetries;
  const fn: RegisteredFunction = { id: config.id, name: config.name ?? config.id, maxAttempts: retries + 1, eventTriggers: [], cronTriggers: [], problems: [] };
  for (const trigger of config.triggers) {
    if ("cron" in trigger) fn.cronTriggers.push(trigger.cron);
    else {
      let expression: CompiledExpression | undefined;
      try {
        expression = trigger.expression ? compileExpression(trigger.expression) : undefined;
      } catch (err) {
        fn.problems.push(`trigger "${trigger.event}" never fires: ${err instanceof Error ? err.message : String(err)}`);
        expression = () => false;
      }
      fn.eventTriggers.push({ event: trigger.event, matches: nameMatcher(trigger.event), ...(expression ? { expression } : {}) });
    }
  }
  return fn;
}

export class FunctionRegistry {
  private fns = new Map<string, RegisteredFunction>();

  /** Replaces the whole app's functions (a re-sync). */
  replace(configs: FunctionConfig[]): RegisteredFunction[] {
    const next = new Map<string, RegisteredFunction>();
    for (const config of configs) next.set(config.id, toRegisteredFunction(config));
    this.fns = next;
    return [...next.values()];
  }

  get(id: string): RegisteredFunction | undefined {
    return this.fns.get(id);
  }

  all(): RegisteredFunction[] {
    return [...this.fns.values()];
  }

  /** Functions whose event trigger matches the event's name and (if any) its expression. */
  matching(event: { name: string; data: unknown }): RegisteredFunction[] {
    return this.all().filter((fn) =>
      fn.eventTriggers.some((t) => t.matches(event.name) && (!t.expression || t.expression({ event }))),
    );
  }
}
