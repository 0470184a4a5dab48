import "server-only";

/** The health module's public API: other modules import only this file. */
export { readiness } from "./readiness";
