import { customerRegistered } from "@/server/vocabulary/events";
import { mailFunction } from "./mail-function";

/** A customer registered → the welcome mail, once per account. */
export const mailWelcome = mailFunction("welcome", [customerRegistered]);
