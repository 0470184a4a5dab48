import { captureRetry } from "./capture-retry";
import { cartCleanup } from "./cart-cleanup";
import { codConfirmation } from "./cod-confirmation";
import { compensationReplay } from "./compensation-replay";
import { compensationRetry } from "./compensation-retry";
import { fulfillmentSla } from "./fulfillment-sla";
import { lowStockChecker } from "./low-stock-checker";
import { mailDelivered } from "./mail-delivered";
import { mailEmailChange } from "./mail-email-change";
import { mailOrderCancelled } from "./mail-order-cancelled";
import { mailOrderConfirmed } from "./mail-order-confirmed";
import { mailOrderPlaced } from "./mail-order-placed";
import { mailOrderRefunded } from "./mail-order-refunded";
import { mailPasswordReset } from "./mail-password-reset";
import { mailPaymentFailed } from "./mail-payment-failed";
import { mailReturnReceived } from "./mail-return-received";
import { mailReturnRefunded } from "./mail-return-refunded";
import { mailShipped } from "./mail-shipped";
import { mailWelcome } from "./mail-welcome";
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
  mailWelcome,
  mailPasswordReset,
  mailEmailChange,
  mailOrderPlaced,
  mailPaymentFailed,
  mailOrderConfirmed,
  mailShipped,
  mailDelivered,
  mailOrderCancelled,
  mailOrderRefunded,
  mailReturnReceived,
  mailReturnRefunded,
];
