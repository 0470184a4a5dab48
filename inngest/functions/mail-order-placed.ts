import { orderPlaced } from "@/server/vocabulary/events";
import { mailFunction } from "./mail-function";

/** Order placed → "order placed" with the total, to the account's or the guest's checkout email, once per order. */
export const mailOrderPlaced = mailFunction("order_placed", [orderPlaced]);
