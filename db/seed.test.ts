import { migrate } from "drizzle-orm/postgres-js/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/users/password";
import { createDb, type DbHandle } from "./client";
import { seedDemo } from "./seed";
import { DEMO_PASSWORD, demoLogins, locationCode, seedProducts, seedStock } from "./seed-data";

let handle: DbHandle;

beforeAll(async () => {
  handle = createDb(process.env.DATABASE_URL!);
  await handle.sql.unsafe("drop schema if exists public cascade");
  await handle.sql.unsafe("create schema public");
  await handle.sql.unsafe("drop schema if exists drizzle cascade");
  await migrate(handle.db, { migrationsFolder: "db/migrations" });
});

afterAll(async () => {
  await handle?.close();
});

describe("seed data (pure)", () => {
  it("formats bin codes as zone-aisle-shelf-bin", () => {
    expect(locationCode("A", 3, 2, 4)).toBe("A-03-2-04");
  });

  it("has unique upper-case SKUs and 2-decimal prices", () => {
    const skus = seedProducts.map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
    for (const p of seedProducts) {
      expect(p.sku).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(p.priceUsd).toMatch(/^\d+\.\d{2}$/);
      expect(p.priceEur).toMatch(/^\d+\.\d{2}$/);
    }
    expect(seedProducts.filter((p) => p.requiresQc)).toHaveLength(10);
    expect(seedProducts.filter((p) => !p.active)).toHaveLength(2);
  });

  it("includes out-of-stock and low-stock levels", () => {
    expect(seedStock.some((s) => s.onHand === 0)).toBe(true);
    expect(seedStock.some((s) => s.onHand > 0 && s.onHand < s.lowStockThreshold)).toBe(true);
    expect(seedStock.every((s) => s.onHand >= 0 && s.onHand <= 200)).toBe(true);
  });
});

describe("seedDemo", () => {
  it("seeds an empty database once, then does nothing", async () => {
    expect(await seedDemo(handle.db)).toEqual({ seeded: true });
    expect(await seedDemo(handle.db)).toEqual({ seeded: false });
  });

  it("issue 14: gives a database seeded before product pictures existed its pictures on the next start, and redraws none", async () => {
    const { sql } = handle;
    const sku = seedProducts[0]!.sku;
    const before = await sql<{ sku: string; etag: string; updated_at: string }[]>`
      select p.sku, i.etag, i.updated_at::text as updated_at from product_images i join products p on p.id = i.product_id order by p.sku`;
    expect(before).toHaveLength(seedProducts.length);
    await sql`delete from product_images where product_id = (select id from products where sku = ${sku})`;

    expect(await seedDemo(handle.db)).toEqual({ seeded: false });
    const after = await sql<{ sku: string; etag: string; updated_at: string }[]>`
      select p.sku, i.etag, i.updated_at::text as updated_at from product_images i join products p on p.id = i.product_id order by p.sku`;
    expect(after.map((r) => [r.sku, r.etag])).toEqual(before.map((r) => [r.sku, r.etag]));
    const untouched = (rows: typeof before) => rows.filter((r) => r.sku !== sku).map((r) => r.updated_at);
    expect(untouched(after)).toEqual(untouched(before));
  });

  it("creates the catalog, warehouses and users", async () => {
    const { sql } = handle;
    const [counts] = await sql<{ products: number; warehouses: number; users: number }[]>`
      select (select count(*)::int from products) as products,
             (select count(*)::int from warehouses) as warehouses,
             (select count(*)::int from users) as users`;
    expect(counts?.products).toBeGreaterThanOrEqual(55);
    expect(counts?.products).toBeLessThanOrEqual(65);
    expect(counts?.warehouses).toBe(3);
    expect(counts?.users).toBe(demoLogins.length);

    const roles = await sql<{ role: string; n: number }[]>`
      select role, count(*)::int as n from users group by role`;
    const byRole = new Map(roles.map((r) => [r.role, r.n]));
    for (const role of ["admin", "ops", "warehouse_manager", "picker", "packer"]) {
      expect(byRole.get(role) ?? 0).toBeGreaterThanOrEqual(1);
    }
    expect(byRole.get("customer")).toBe(2);

    const duplicateSkus = await sql`select sku from products group by sku having count(*) > 1`;
    expect(duplicateSkus).toHaveLength(0);
  });

  it("keeps stock consistent with bins and the ledger", async () => {
    const { sql } = handle;
    const levels = await sql<{ n: number }[]>`select count(*)::int as n from inventory_levels`;
    expect(levels[0]?.n).toBe(seedStock.length);

    const badLevels = await sql`
      select l.warehouse_id, l.product_id
      from inventory_levels l
      left join warehouse_locations loc on loc.id = l.location_id
      where l.reserved > l.on_hand or loc.id is null or loc.warehouse_id <> l.warehouse_id`;
    expect(badLevels).toHaveLength(0);

    const ledgerMismatches = await sql`
      select l.warehouse_id, l.product_id
      from inventory_levels l
      left join (
        select warehouse_id, product_id, sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved
        from inventory_ledger group by warehouse_id, product_id
      ) g using (warehouse_id, product_id)
      where g.on_hand is distinct from l.on_hand or g.reserved is distinct from l.reserved`;
    expect(ledgerMismatches).toHaveLength(0);

    const binsShared = await sql`
      select location_id from inventory_levels group by location_id having count(*) > 1`;
    expect(binsShared).toHaveLength(0);
  });

  it("lays out bins in walk order", async () => {
    const outOfOrder = await handle.sql`
      select a.code
      from warehouse_locations a
      join warehouse_locations b on b.warehouse_id = a.warehouse_id
        and (a.zone, a.aisle, a.shelf, a.bin) < (b.zone, b.aisle, b.shelf, b.bin)
        and a.walk_sequence >= b.walk_sequence
      limit 1`;
    expect(outOfOrder).toHaveLength(0);
  });

  it("gives every active product a current USD price and keeps price history", async () => {
    const { sql } = handle;
    const unpriced = await sql`
      select p.sku from products p
      where p.active and not exists (
        select 1 from product_prices pp
        where pp.product_id = p.id and pp.currency = 'USD' and pp.effective_to is null
          and pp.effective_from <= now())`;
    expect(unpriced).toHaveLength(0);

    const multipleCurrent = await sql`
      select product_id, currency from product_prices where effective_to is null
      group by product_id, currency having count(*) > 1`;
    expect(multipleCurrent).toHaveLength(0);

    const history = await sql<{ n: number }[]>`
      select count(*)::int as n from product_prices where currency = 'USD' and effective_to is not null`;
    expect(history[0]?.n).toBe(5);

    const [tee] = await sql<{ amount: string }[]>`
      select pp.amount from product_prices pp join products p on p.id = pp.product_id
      where p.sku = 'APP-TSHIRT-BLK-M' and pp.currency = 'USD' and pp.effective_to is null`;
    expect(tee?.amount).toBe("19.9900");
  });

  it("stores a working demo password and the warehouse of staff", async () => {
    const { sql } = handle;
    const [picker] = await sql<{ password_hash: string; warehouse_code: string | null }[]>`
      select u.password_hash, w.code as warehouse_code
      from users u left join warehouses w on w.id = u.warehouse_id
      where u.email = 'picker.east@depot.test'`;
    expect(picker?.warehouse_code).toBe("EAST");
    expect(await verifyPassword(DEMO_PASSWORD, picker!.password_hash)).toBe(true);

    const [admin] = await sql<{ warehouse_id: string | null }[]>`
      select warehouse_id from users where email = 'admin@depot.test'`;
    expect(admin?.warehouse_id).toBeNull();
  });
});
