import "server-only";

/** The picking module's public API: other modules import only this file. */
export { boardWarehouses, managerBoard, type ManagerBoard } from "./board";
export { checkScan, confirmPick, reportShortPick } from "./pick";
export { assignPicklist, cancelPicklist, startPicklist } from "./picklists";
export { myPicklists, picklistDetail, type PickLineView, type PicklistSummary } from "./queries";
export { resolveShortPick } from "./resolve";
export { releaseManagedWave, releaseWave } from "./waves";
export { lockOpenPickLines, withdrawPickLines } from "./withdraw";
