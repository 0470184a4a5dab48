import "server-only";

/** The http module's public API: other modules import only this file. */
export { metricsRefusal } from "./metrics-access";
export { refuseCrossOrigin } from "./same-origin";
export { securityHeaders, securitySettings, servedOverHttps, type SecuritySettings } from "./security-headers";
