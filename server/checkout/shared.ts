/** The checkout module's browser-safe exports: the form's own checks and the shipping methods (index.ts is the server API). */
export { checkoutDetailsErrors } from "./details";
export { shippingMethods, type ShippingMethod } from "./shipping";
