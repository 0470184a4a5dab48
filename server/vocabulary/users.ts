export const roles = ["customer", "picker", "packer", "warehouse_manager", "ops", "admin"] as const;
export type Role = (typeof roles)[number];
