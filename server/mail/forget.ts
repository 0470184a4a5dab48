import { eq, inArray, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { mailDeliveries, orders } from "@/db/schema";

/**
 * Account deletion (issue 14): the mails written to a customer, about their account or their
 * orders, keep only that they were sent (kind, key, Message-ID, times), not to whom or what they said.
 */
export async function forgetCustomerMail(tx: Tx, customerId: string): Promise<number> {
  const theirOrders = tx.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId));
  const forgotten = await tx
    .update(mailDeliveries)
    .set({ recipient: `deleted-${customerId}@deleted.invalid`, subject: "(removed: account deleted)", html: "", text: "", updatedAt: new Date() })
    .where(or(eq(mailDeliveries.userId, customerId), inArray(mailDeliveries.orderId, theirOrders)))
    .returning({ id: mailDeliveries.id });
  return forgotten.length;
}
