import "server-only";

/** The users module's public API: other modules import only this file. */
export { findUserByEmail } from "./data";
export { hashPassword, verifyPassword } from "./password";
export { registerCustomer, registerCustomerInput } from "./register";
export { accountLinkToken, accountLinkUrl, tokenIdFromAccountLink, type AccountLinkPurpose } from "./account-links";
export { addressIdInput, defaultShippingAddress, deleteAddress, listAddresses, saveAddress, saveAddressInput, setDefaultAddress, type SavedAddress } from "./addresses";
export { anonymiseUser, lockWithPassword } from "./anonymise";
export { consentState, updateConsent, updateConsentInput, type ConsentEntry, type ConsentState } from "./consents";
export { accountLinkInput, changePassword, changePasswordInput, passwordResetRequestInput, requestPasswordReset, resetPassword, resetPasswordInput } from "./passwords";
export { confirmEmailChange, getProfile, updateProfile, type Profile } from "./profile";
export { profileInput } from "./profile-input";
export { sessionState } from "./session-state";
