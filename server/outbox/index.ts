import "server-only";

/** The outbox module's public API: other modules import only this file. */
export { deleteSentOutboxRows } from "./cleanup";
export { claimOnce, consumeOnce } from "./consume";
export { emit, emitMany } from "./emit";
export { eventThroughput, listOutboxEvents, type EventThroughput, type OutboxEventRow } from "./inspect";
export { refreshOutboxGauges } from "./metrics";
export { relayUntilEmpty, type RelayEvent } from "./relay";
export { retryAllFailed, retryOutboxEvent } from "./retry";
export { outboxStats, type OutboxStats } from "./stats";
