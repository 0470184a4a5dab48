import "server-only";

/** The privacy module's public API (issue 14: a customer's data export and account deletion): other modules import only this file. */
export { deleteAccountInput, deleteCustomerAccount } from "./delete-account";
export { exportCustomerData, type CustomerDataExport } from "./export";
