import "server-only";

/** The ops module's public API: other modules import only this file. */
export { opsDashboard, type OpsDashboard } from "./dashboard";
export { opsCancelOrder, overrideOrderStatus } from "./order-actions";
export { reconcileSagas } from "./reconcile-sagas";
export { retryCompensation } from "./retry-compensation";
