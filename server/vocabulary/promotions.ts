export const promotionKinds = ["percentage", "fixed", "free_shipping"] as const;
export type PromotionKind = (typeof promotionKinds)[number];
