export * from "./catalog";
export * from "./inventory";
export * from "./notifications";
export * from "./outbox";
export * from "./users";
export * from "./warehouses";
