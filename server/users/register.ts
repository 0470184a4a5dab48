import { z } from "zod";
import type { Tx } from "@/db/client";
import { hashPassword } from "@/server/users/password";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";
import { insertUser } from "./data";
import { newPassword } from "./passwords";
import { emailAddress, personName } from "./profile-input";

export const registerCustomerInput = z.object({
  name: personName,
  email: emailAddress,
  password: newPassword,
});
export type RegisterCustomerInput = z.infer<typeof registerCustomerInput>;

/** Creates a customer account and emits customer/registered in the same transaction. */
export async function registerCustomer(tx: Tx, input: RegisterCustomerInput) {
  const user = await insertUser(tx, {
    name: input.name,
    email: input.email,
    passwordHash: await hashPassword(input.password),
    role: "customer",
  });
  if (!user) {
    throw new DomainError("CONFLICT", "An account with this email already exists. Sign in instead.");
  }
  await emit(tx, {
    name: "customer/registered",
    aggregateId: user.id,
    payload: { userId: user.id, email: user.email, name: user.name },
  });
  return { id: user.id, email: user.email, name: user.name };
}
