import { returnStatusChanged } from "@/server/vocabulary/events";
import { movedTo } from "@/inngest/triggers";
import { mailFunction } from "./mail-function";

/** Return received and inspected → "return received", once per return. */
export const mailReturnReceived = mailFunction("return_received", [movedTo(returnStatusChanged, "received")]);
