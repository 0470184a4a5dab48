import "server-only";

/** The webhooks module's public API: other modules import only this file. */
export { markWebhookApplied, recordWebhookEvent } from "./inbox";
export { MalformedWebhookError, parseWebhookBody, recordMalformedWebhook } from "./malformed";
