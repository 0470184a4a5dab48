import "server-only";

/** The checkout module's public API: other modules import only this file. */
export { cancelOrderByCustomer } from "./cancel";
export { expireDueOrders } from "./expire";
export { confirmCodOrders, confirmPaidOrder } from "./payment-outcomes";
export { placeOrder, placeOrderInput } from "./place-order";
export { priceCart, promotionCodesInput } from "./quote";
export { shippingMethodInput, shippingMethods, type ShippingMethod } from "./shipping";
