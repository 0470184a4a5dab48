import { captureRetry } from "./capture-retry";
import { cartCleanup } from "./cart-cleanup";
import { codConfirmation } from "./cod-confirmation";
import { compensationReplay } from "./compensation-replay";
import { compensationRetry } from "./compensation-retry";
import { customerWelcome } from "./customer-welcome";
import { fulfillmentSla } from "./fulfillment-sla";
import { lowStockChecker } from "./low-stock-checker";
import { orderAutoComplete } from "./order-auto-complete";
import { orderConfirmOnPayment } from "./order-confirm-on-payment";
import { orderStatusOnFulfillmentCancel } from "./order-status-on-fulfillment-cancel";
import { outboxCleanup } from "./outbox-cleanup";
import { outboxRelay } from "./outbox-relay";
import { paymentSettleOnCancel } from "./payment-settle-on-cancel";
import { refundCancelledUnitsFn } from "./refund-cancelled-units";
import { reservationChecker } from "./reservation-checker";
import { reservationExpiry } from "./reservation-expiry";
import { returnSettle } from "./return-settle";
import { sagaReconcile } from "./saga-reconcile";
import { shipmentCancelOnOrderCancel } from "./shipment-cancel-on-order-cancel";
import { shipmentCancelReconcile } from "./shipment-cancel-reconcile";
import { shipmentLabelRecovery } from "./shipment-label-recovery";
import { shipmentLabelRetry } from "./shipment-label-retry";
import { stockCommitOnShipment } from "./stock-commit-on-shipment";

/** Every function the app serves at /api/inngest. */
export const functions = [
  outboxRelay,
  outboxCleanup,
  customerWelcome,
  reservationExpiry,
  reservationChecker,
  lowStockChecker,
  cartCleanup,
  orderConfirmOnPayment,
  codConfirmation,
  paymentSettleOnCancel,
  compensationRetry,
  compensationReplay,
  captureRetry,
  sagaReconcile,
  refundCancelledUnitsFn,
  shipmentLabelRecovery,
  shipmentLabelRetry,
  stockCommitOnShipment,
  shipmentCancelOnOrderCancel,
  orderAutoComplete,
  fulfillmentSla,
  orderStatusOnFulfillmentCancel,
  shipmentCancelReconcile,
  returnSettle,
];
