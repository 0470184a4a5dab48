import { customerPasswordResetRequested } from "@/server/vocabulary/events";
import { mailFunction } from "./mail-function";

/** A password reset was asked for → the reset link (accountLinkUrl), once per token. */
export const mailPasswordReset = mailFunction("password_reset", [customerPasswordResetRequested]);
