/** The cart module's browser-safe exports (index.ts is the server API). */
export { MAX_LINES, MAX_QUANTITY_PER_LINE } from "./limits";
