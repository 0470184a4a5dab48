export const waveStatuses = ["open", "completed", "cancelled"] as const;
export type WaveStatus = (typeof waveStatuses)[number];

export const picklistStatuses = ["open", "in_progress", "completed", "cancelled"] as const;
export type PicklistStatus = (typeof picklistStatuses)[number];

export const pickLineStatuses = ["pending", "picked", "short", "cancelled"] as const;
export type PickLineStatus = (typeof pickLineStatuses)[number];

export const shortPickReasons = ["not_found", "damaged", "insufficient_quantity", "wrong_item_in_bin"] as const;
export type ShortPickReason = (typeof shortPickReasons)[number];
