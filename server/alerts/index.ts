import "server-only";

/** The alerts module's public API: other modules import only this file. */
export { acknowledgeAlert } from "./acknowledge";
export { raiseAlert } from "./raise";
