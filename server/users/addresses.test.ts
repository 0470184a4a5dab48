import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/db/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { refusal, testBrowser } from "@/server/trpc/testing";
import { registeredCustomer } from "./account-testing";
import { defaultShippingAddress } from "./addresses";

const handle = testDb(8);
const db = handle.db;

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const home = { name: "Rita Tester", line1: "1 Broad St", city: "Newark", region: "nj", postalCode: "07102", country: "US" as const, phone: "973 555 0100" };
const work = { name: "Rita Tester", line1: "PO Box 12", city: "Chicago", region: "IL", postalCode: "60601", country: "US" as const };

describe("the address book (issue 14)", () => {
  it("adds, edits and deletes addresses with one default, which prefills checkout", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const [first] = await c.addresses.save({ address: home });
    expect(first).toMatchObject({ isDefault: true, address: { region: "NJ" } });
    const two = await c.addresses.save({ address: work });
    expect(two.map((a) => [a.address.city, a.isDefault])).toEqual([
      ["Newark", true],
      ["Chicago", false],
    ]);
    const chicago = two[1]!.id;
    expect((await c.addresses.setDefault({ id: chicago })).map((a) => [a.address.city, a.isDefault])).toEqual([
      ["Chicago", true],
      ["Newark", false],
    ]);
    expect(await defaultShippingAddress(db, rita.id)).toMatchObject({ city: "Chicago" });
    const edited = await c.addresses.save({ id: chicago, address: { ...work, line1: "PO Box 99" } });
    expect(edited[0]).toMatchObject({ id: chicago, isDefault: true, address: { line1: "PO Box 99" } });
    // Deleting the default makes the remaining one the default.
    expect((await c.addresses.remove({ id: chicago })).map((a) => [a.address.city, a.isDefault])).toEqual([["Newark", true]]);
  });

  it("validates with the shipping address rules and shows or changes only the customer's own addresses", async () => {
    const rita = await registeredCustomer();
    const otto = await registeredCustomer("Otto Other");
    const [ritas] = await testBrowser(rita).caller.addresses.save({ address: home });
    const o = testBrowser(otto).caller;
    expect(await o.addresses.list()).toEqual([]);
    const missing = { code: "NOT_FOUND", messages: ["That address is not in your address book (it may have been deleted). Reload the page."] };
    expect(await refusal(o.addresses.save({ id: ritas!.id, address: work }))).toEqual(missing);
    expect(await refusal(o.addresses.setDefault({ id: ritas!.id }))).toEqual(missing);
    expect(await refusal(o.addresses.remove({ id: ritas!.id }))).toEqual(missing);
    expect(await testBrowser(rita).caller.addresses.list()).toEqual([ritas]);
    expect((await refusal(o.addresses.save({ address: { ...home, postalCode: "60601" } }))).messages).toEqual(["ZIP code 60601 is not in New Jersey"]);
    expect((await refusal(o.addresses.save({ address: { ...home, name: "<b>Otto</b>" } }))).code).toBe("BAD_REQUEST");
  });

  it("keeps one default when addresses are added at once", async () => {
    const rita = await registeredCustomer();
    await Promise.all(Array.from({ length: 6 }, (_, i) => testBrowser(rita).caller.addresses.save({ address: { ...home, line1: `${i + 1} Broad St` }, makeDefault: i % 2 === 0 })));
    const list = await testBrowser(rita).caller.addresses.list();
    expect(list).toHaveLength(6);
    expect(list.filter((a) => a.isDefault)).toHaveLength(1);
  });
});
