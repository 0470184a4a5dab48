import "server-only";

/** The orders module's public API: other modules import only this file. */
export { customerCancelDeadline, customerCancellableFulfillments, fulfillmentAllowsCustomerCancel } from "./cancel-window";
export { insertOrder } from "./create";
export { toCustomerOrderView, type CustomerOrderView } from "./customer-view";
export { clearReservationExpiry, EXTEND_MAX_MINUTES, EXTEND_MIN_MINUTES, extendReservation } from "./extend-reservation";
export { lockOrderWithParcels } from "./locks";
export { MIN_REASON_LENGTH, opsCancelRefusal, statusLabel } from "./ops-policy";
export { switchToPayOnDelivery } from "./pay-on-delivery";
export { customerOrder, customerOrders, guestOrder, lastShippingAddress, orderByNumberAndEmail } from "./queries";
export { searchOrders } from "./search";
export { moveOrdersFrom, orderTransitions, recordStatus, transitionOrder } from "./status";
export { orderTimeline, type OrderSummary, type TimelineEntry, type TimelineKind } from "./timeline";
export { anonymiseCustomerOrders, customerOrdersExport, openOrderNumbers, type OrderExport } from "./anonymise";
