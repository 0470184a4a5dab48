/** The payments module's browser-safe exports: pure, no database, no secrets (index.ts is the server API). */
export { brandLabel, checkCard, parseExpiry, type CardDetails, type CardInputErrorCode } from "./gateway/card-check";
export { currencyExponent, toMinorUnits } from "./gateway/minor-units";
