/**
 * Child process of the sandbox restart test: a sandbox as the app's process has one (its own
 * pool on DATABASE_URL), delivering to the webhook URL given. It authorizes the order given,
 * writes `@@ AUTHORIZED <view as JSON>` and stays up; the test kills it with SIGKILL while the
 * authorization's webhook is still in flight, then carries on in a new sandbox, as after a
 * restart.
 *
 * Argument: JSON `{ webhookUrl, webhookSecret, leaseMs, order }` (order: an AuthorizeInput).
 */
import { writeSync } from "node:fs";
import { SandboxGateway } from "./sandbox-gateway";
import { type AuthorizeInput } from "./types";

const { webhookUrl, webhookSecret, leaseMs, order } = JSON.parse(process.argv[2] ?? "{}") as {
  webhookUrl: string;
  webhookSecret: string;
  leaseMs: number;
  order: AuthorizeInput;
};
const sandbox = new SandboxGateway({ webhookUrl, webhookSecret, deliveryLeaseMs: leaseMs });
const view = await sandbox.authorize(order);
writeSync(1, `@@ AUTHORIZED ${JSON.stringify(view)}\n`);
// Up until killed (the webhook delivery keeps waiting for an answer that never comes).
setInterval(() => {}, 60_000);
