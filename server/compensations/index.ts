import "server-only";

/** The compensations module's public API: other modules import only this file. */
export { MIN_DISCARD_REASON, discardCompensation } from "./discard";
export { compensationDetail, compensationProgress, listCompensations, type CompensationDetail, type CompensationListItem, type CompensationProgress } from "./queries";
export { recordFailedCapture, recordFailedCompensation } from "./record";
export { replayCompensations, type ReplayOutcome, type ReplayResult } from "./replay";
export { dueCompensations, tryCompensation, type RetryOptions, type RetryOutcome } from "./retry";
