import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { roles, type Role } from "@/db/schema";
import { testDb } from "@/db/testing";
import { access, type Access } from "@/server/auth/roles";
import { authenticate } from "@/server/auth/authenticate";
import { createCallerFactory } from "../init";
import { appRouter } from "./index";

/**
 * Every procedure with who may call it. A procedure missing here fails the first test, so a
 * new procedure cannot ship without its row in this matrix.
 */
type Area = Access | "public" | "signedIn";
const matrix: Record<string, { area: Area; call: (c: Caller) => Promise<unknown> }> = {
  "account.me": { area: "public", call: (c) => c.account.me() },
  "account.register": {
    area: "public",
    call: (c) => c.account.register({ name: "x", email: "not-an-email", password: "short" }).catch(expectBadRequest),
  },
  "account.session": { area: "signedIn", call: (c) => c.account.session() },
  "console.warehouses": { area: "staff", call: (c) => c.console.warehouses() },
  "console.outbox": { area: "ops", call: (c) => c.console.outbox() },
};

type Caller = ReturnType<typeof createCaller>;
const createCaller = createCallerFactory(appRouter);
const handle = testDb(4);
afterAll(() => handle.close());

function expectBadRequest(error: unknown) {
  if (error instanceof TRPCError && error.code === "BAD_REQUEST") return "validated";
  throw error;
}

async function sessionFor(role: Role) {
  const email = {
    customer: "alice@example.com",
    picker: "picker.east@depot.test",
    packer: "packer.east@depot.test",
    warehouse_manager: "manager.east@depot.test",
    ops: "ops@depot.test",
    admin: "admin@depot.test",
  }[role];
  const user = await authenticate(handle.db, email, "depot-demo");
  if (!user) throw new Error(`seeded ${role} missing`);
  return user;
}

function mayCall(area: Area, role: Role | null): boolean {
  if (area === "public") return true;
  if (role === null) return false;
  if (area === "signedIn") return true;
  return (access[area] as readonly Role[]).includes(role);
}

describe("authorization matrix", () => {
  it("lists every procedure of the app router", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(matrix).sort());
  });

  for (const role of [null, ...roles] as const) {
    it(`enforces each procedure's roles for ${role ?? "a signed-out visitor"}`, async () => {
      const user = role ? await sessionFor(role) : null;
      const caller = createCaller({ user, requestId: "test" });
      for (const [path, row] of Object.entries(matrix)) {
        const outcome = await row.call(caller).then(
          () => "allowed",
          (error: unknown) => (error instanceof TRPCError ? error.code : "other error"),
        );
        const expected = mayCall(row.area, role)
          ? "allowed"
          : role === null
            ? "UNAUTHORIZED"
            : "FORBIDDEN";
        expect({ path, outcome }).toEqual({ path, outcome: expected });
      }
    });
  }

  it("shows warehouse staff only their own warehouse and ops every warehouse", async () => {
    const picker = createCaller({ user: await sessionFor("picker"), requestId: "t" });
    const ops = createCaller({ user: await sessionFor("ops"), requestId: "t" });
    expect((await picker.console.warehouses()).map((w) => w.code)).toEqual(["EAST"]);
    expect((await ops.console.warehouses()).map((w) => w.code)).toEqual(["CENTRAL", "EAST", "WEST"]);
  });
});

describe("sign-in", () => {
  it("accepts the right password, any email case, and refuses the rest", async () => {
    expect(await authenticate(handle.db, "ALICE@example.com", "depot-demo")).toMatchObject({ role: "customer", warehouseId: null });
    expect(await authenticate(handle.db, "alice@example.com", "wrong-password")).toBeNull();
    expect(await authenticate(handle.db, "nobody@example.com", "depot-demo")).toBeNull();
  });
});
