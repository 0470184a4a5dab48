import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { SessionUser } from "@/server/vocabulary/session-user";
import type { Context } from "./context";
import { createCallerFactory } from "./init";
import { appRouter } from "./routers";

const createCaller = createCallerFactory(appRouter);

/** A client address of its own for each test browser (198.18.0.0/15, set aside for tests by RFC 2544), unless one is given. */
let nextAddress = 0;
function testAddress(): string {
  nextAddress = (nextAddress + 1) % 65_536;
  return `198.18.${nextAddress >> 8}.${nextAddress & 255}`;
}

/**
 * A browser for tests: a session (or none), a client address, a cookie jar holding the guest
 * cart token, and the response headers the last call set.
 */
export function testBrowser(user: SessionUser | null = null, options: { address?: string | null } = {}) {
  const jar: { guestToken: string | null; headers: Record<string, string> } = { guestToken: null, headers: {} };
  const address = options.address === undefined ? testAddress() : options.address;
  const context = (): Context => ({
    user,
    requestId: "test",
    clientAddress: address,
    setResponseHeader: (name, value) => {
      jar.headers[name.toLowerCase()] = value;
    },
    guestToken: jar.guestToken,
    setGuestToken: (token) => {
      jar.guestToken = token;
    },
  });
  return { caller: createCaller(context), jar };
}

/** Empties a browser's cart: a test leaves a shared demo customer's cart as it found it. */
export async function clearCart(browser: ReturnType<typeof testBrowser>): Promise<void> {
  for (;;) {
    const cart = await browser.caller.cart.get();
    const line = cart.lines[0];
    if (!line) return;
    await browser.caller.cart.setQuantity({ productId: line.productId, quantity: 0, expectedVersion: cart.version });
  }
}

/** A card every test order can be placed with: the sandbox's Visa test PaymentMethod (Stripe's pm_card_visa). */
export const testCard = { kind: "card", paymentMethod: "pm_card_visa" } as const;

/** How a call was refused: its code and the messages a person reads ("NONE" when it was not). */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; messages: string[] }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) return { code: "NONE", messages: [] };
  return { code: error.code, messages: error.cause instanceof ZodError ? error.cause.issues.map((i) => i.message) : [error.message] };
}
