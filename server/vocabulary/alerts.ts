export const alertSeverities = ["warning", "critical"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
