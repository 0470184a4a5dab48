import "server-only";

/** The cart module's public API: other modules import only this file. */
export { addToCart, emptyCart, mergeGuestCart, setCartQuantity, viewCart, type CartLine, type CartView } from "./cart";
export { deleteAbandonedCarts, deleteCustomerCarts } from "./cleanup";
export { findActiveCart, markCartConverted } from "./data";
export { MAX_QUANTITY_PER_LINE } from "./limits";
export { GUEST_CART_COOKIE, GUEST_CART_MAX_AGE_SECONDS, hashGuestToken, isWellFormedGuestToken, newGuestToken, type CartOwner } from "./owner";
