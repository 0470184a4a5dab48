import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { MAX_SAVED_ADDRESSES } from "@/server/vocabulary/accounts";
import { shippingAddressInput, toShippingAddress } from "@/server/vocabulary/address";
import type { DbOrTx, Tx } from "@/db/client";
import { customerAddresses, type CustomerAddress, type ShippingAddress } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { lockLiveUser } from "./account";

export const saveAddressInput = z.object({
  /** Absent: a new address. */
  id: z.string().uuid().optional(),
  address: shippingAddressInput,
  makeDefault: z.boolean().default(false),
});
export const addressIdInput = z.object({ id: z.string().uuid() });

export type SavedAddress = Pick<CustomerAddress, "id" | "address" | "isDefault">;

const notFound = () => new DomainError("NOT_FOUND", "That address is not in your address book (it may have been deleted). Reload the page.");

/** A customer's address book, the default first. */
export async function listAddresses(db: DbOrTx, userId: string): Promise<SavedAddress[]> {
  return db
    .select({ id: customerAddresses.id, address: customerAddresses.address, isDefault: customerAddresses.isDefault })
    .from(customerAddresses)
    .where(eq(customerAddresses.userId, userId))
    .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.createdAt), asc(customerAddresses.id));
}

/** The default shipping address, to prefill checkout; null when there is none. */
export async function defaultShippingAddress(db: DbOrTx, userId: string): Promise<ShippingAddress | null> {
  const [row] = await db
    .select({ address: customerAddresses.address })
    .from(customerAddresses)
    .where(and(eq(customerAddresses.userId, userId), eq(customerAddresses.isDefault, true)));
  return row?.address ?? null;
}

async function makeDefault(tx: Tx, userId: string, id: string): Promise<void> {
  await tx.update(customerAddresses).set({ isDefault: false }).where(and(eq(customerAddresses.userId, userId), eq(customerAddresses.isDefault, true), ne(customerAddresses.id, id)));
  await tx.update(customerAddresses).set({ isDefault: true, updatedAt: new Date() }).where(eq(customerAddresses.id, id));
}

/**
 * Adds an address or edits one of the customer's own. The first address becomes the default;
 * `makeDefault` moves the default to this one. Changes of one address book are serialised on
 * the user's row, so there is never more than one default (a unique index holds it, too).
 */
export async function saveAddress(tx: Tx, userId: string, input: z.infer<typeof saveAddressInput>): Promise<SavedAddress[]> {
  await lockLiveUser(tx, userId);
  const address = toShippingAddress(input.address);
  let id = input.id;
  if (id) {
    const [row] = await tx
      .update(customerAddresses)
      .set({ address, updatedAt: new Date() })
      .where(and(eq(customerAddresses.id, id), eq(customerAddresses.userId, userId)))
      .returning({ id: customerAddresses.id });
    if (!row) throw notFound();
  } else {
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(customerAddresses).where(eq(customerAddresses.userId, userId));
    if (count!.n >= MAX_SAVED_ADDRESSES) throw new DomainError("PRECONDITION_FAILED", `Your address book is full (${MAX_SAVED_ADDRESSES} addresses). Delete one you no longer use first.`);
    const [row] = await tx.insert(customerAddresses).values({ userId, address, isDefault: count!.n === 0 }).returning({ id: customerAddresses.id });
    id = row!.id;
  }
  if (input.makeDefault) await makeDefault(tx, userId, id);
  return listAddresses(tx, userId);
}

export async function setDefaultAddress(tx: Tx, userId: string, id: string): Promise<SavedAddress[]> {
  await lockLiveUser(tx, userId);
  const [row] = await tx.select({ id: customerAddresses.id }).from(customerAddresses).where(and(eq(customerAddresses.id, id), eq(customerAddresses.userId, userId)));
  if (!row) throw notFound();
  await makeDefault(tx, userId, id);
  return listAddresses(tx, userId);
}

/** Deletes one of the customer's addresses; when it was the default, the oldest remaining one becomes the default. */
export async function deleteAddress(tx: Tx, userId: string, id: string): Promise<SavedAddress[]> {
  await lockLiveUser(tx, userId);
  const [row] = await tx.delete(customerAddresses).where(and(eq(customerAddresses.id, id), eq(customerAddresses.userId, userId))).returning();
  if (!row) throw notFound();
  if (row.isDefault) {
    const [next] = await listAddresses(tx, userId);
    if (next) await makeDefault(tx, userId, next.id);
  }
  return listAddresses(tx, userId);
}
