export const cartStatuses = ["active", "merged", "converted"] as const;
export type CartStatus = (typeof cartStatuses)[number];
