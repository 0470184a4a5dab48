import { customerEmailChangeRequested } from "@/server/vocabulary/events";
import { mailFunction } from "./mail-function";

/** A new email address → the confirmation link mailed to it, once per token. */
export const mailEmailChange = mailFunction("email_change", [customerEmailChangeRequested]);
