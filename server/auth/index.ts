import "server-only";

/** The auth module's public API: other modules import only this file. */
export { authenticate } from "./authenticate";
export { authOptions } from "./options";
export { access, allowed, roleLabels, warehouseScope, type Access, type WarehouseScope } from "./roles";
export { currentUser } from "./session";
export { throttledSignIn } from "./throttled-sign-in";
