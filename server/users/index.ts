import "server-only";

/** The users module's public API: other modules import only this file. */
export { findUserByEmail } from "./data";
export { hashPassword, verifyPassword } from "./password";
export { registerCustomer, registerCustomerInput } from "./register";
export { accountLinkToken, accountLinkUrl, tokenIdFromAccountLink, type AccountLinkPurpose } from "./account-links";
