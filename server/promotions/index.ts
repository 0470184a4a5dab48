import "server-only";

/** The promotions module's public API: other modules import only this file. */
export { checkCustomerLimits, promotionsByCodes, redeemPromotions, releasePromotions } from "./data";
export { applyPromotions, normalizeCodes, type AppliedPromotion } from "./evaluate";
