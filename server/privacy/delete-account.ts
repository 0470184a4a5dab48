import { z } from "zod";
import type { Tx } from "@/db/client";
import { recordAudit } from "@/server/audit";
import { deleteCustomerCarts } from "@/server/cart";
import { DomainError } from "@/server/lib/errors";
import { forgetCustomerMail } from "@/server/mail";
import { anonymiseCustomerOrders, openOrderNumbers } from "@/server/orders";
import { anonymiseUser, lockWithPassword } from "@/server/users";
import type { SessionUser } from "@/server/vocabulary/session-user";

export const deleteAccountInput = z.object({ password: z.string().min(1, "Enter your password to confirm").max(200) });

/**
 * Deletes a customer's account (issue 14), in one transaction: the password confirms it; orders
 * still on their way must arrive or be cancelled first (they need the address). The account is
 * anonymised and can no longer sign in, its email is free again; its orders lose their personal
 * fields but keep lines and amounts for the books; its addresses, cart and the
 * contents of the mails written to it are gone. Audited.
 */
export async function deleteCustomerAccount(tx: Tx, customer: SessionUser, input: z.infer<typeof deleteAccountInput>): Promise<void> {
  await lockWithPassword(tx, customer.id, input.password);
  const open = await openOrderNumbers(tx, customer.id);
  if (open.length > 0) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Your order${open.length > 1 ? "s" : ""} ${open.join(", ")} ${open.length > 1 ? "are" : "is"} still on the way. You can delete your account once ${open.length > 1 ? "they have" : "it has"} arrived or been cancelled.`,
      { reason: "orders_open", orders: open },
    );
  }
  const mails = await forgetCustomerMail(tx, customer.id);
  const orders = await anonymiseCustomerOrders(tx, customer.id);
  const carts = await deleteCustomerCarts(tx, customer.id);
  const anonymised = await anonymiseUser(tx, customer);
  // The audit row names the account by its id and placeholder email: it keeps no personal data either.
  await recordAudit(tx, anonymised, {
    action: "account.delete",
    targetType: "user",
    targetId: customer.id,
    targetLabel: "deleted customer account",
    reason: "Deleted by the customer",
    details: { anonymisedOrders: orders, endedCarts: carts, forgottenMails: mails },
  });
}
