import { and, eq, inArray, isNull, sql } from "drizzle-orm";
// The drawing and the hasher alone: the modules' indexes also load the Inngest client, which reads
// the settings when imported, before a script that seeds a database it just started has set DATABASE_URL.
import { renderProductCard } from "@/server/catalog/product-card-art";
import { hashPassword } from "@/server/users/password";
import type { Db, Tx } from "./client";
import {
  inventoryLedger,
  productImages,
  inventoryLevels,
  productPrices,
  products,
  promotions,
  users,
  warehouseLocations,
  warehouses,
} from "./schema";
import {
  demoLogins,
  seedLocations,
  seedPrices,
  seedProducts,
  seedPromotions,
  seedStock,
  seedWarehouses,
  type WarehouseCode,
} from "./seed-data";
import { transaction } from "./transaction";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Loads the demo data set (db/seed-data.ts) into an empty database, in one transaction.
 * Does nothing once any user exists, so it is safe to call on every start.
 */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  return transaction(async (tx) => {
    // Two processes starting at once would both see no users; the lock makes the second wait
    // and then see the first one's rows.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('depot:seed-demo'))`);
    const anyUser = await tx.select({ id: users.id }).from(users).limit(1);
    if (anyUser.length > 0) {
      // A database seeded before product pictures existed gets them on its next start.
      await insertMissingProductImages(tx);
      return { seeded: false };
    }

    const now = new Date();
    const warehouseIds = await insertWarehouses(tx);
    const productIds = await insertProducts(tx);
    await insertPrices(tx, productIds, now);
    await insertMissingProductImages(tx);
    const locationIds = await insertLocations(tx, warehouseIds);
    await insertStock(tx, { warehouseIds, productIds, locationIds });
    await insertUsers(tx, warehouseIds);
    await insertPromotions(tx, now);
    return { seeded: true };
  }, db);
}

function required<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seed data refers to unknown ${what} ${String(key)}`);
  return value;
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

async function insertWarehouses(tx: Tx): Promise<Map<WarehouseCode, string>> {
  const rows = await tx
    .insert(warehouses)
    .values([...seedWarehouses])
    .returning({ id: warehouses.id, code: warehouses.code });
  const idByCode = new Map<string, string>(rows.map((r) => [r.code, r.id]));
  return new Map(seedWarehouses.map((w) => [w.code, required(idByCode, w.code, "warehouse")]));
}

async function insertProducts(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx
    .insert(products)
    .values(
      seedProducts.map((p) => ({
        sku: p.sku,
        name: p.name,
        description: p.description,
        category: p.category,
        weightGrams: p.weightGrams,
        requiresQc: p.requiresQc,
        active: p.active,
      })),
    )
    .returning({ id: products.id, sku: products.sku });
  return new Map(rows.map((r) => [r.sku, r.id]));
}

async function insertPrices(tx: Tx, productIds: ReadonlyMap<string, string>, now: Date): Promise<void> {
  await tx.insert(productPrices).values(
    seedPrices.map((p) => ({
      productId: required(productIds, p.sku, "product"),
      currency: p.currency,
      amount: p.amount,
      effectiveFrom: daysBefore(now, p.fromDaysAgo),
      effectiveTo: p.toDaysAgo === null ? null : daysBefore(now, p.toDaysAgo),
    })),
  );
}

/** Every demo product without a picture gets its illustrated card (drawn from its name and category). */
async function insertMissingProductImages(tx: Tx): Promise<void> {
  const missing = await tx
    .select({ id: products.id, name: products.name, category: products.category })
    .from(products)
    .leftJoin(productImages, eq(productImages.productId, products.id))
    .where(and(inArray(products.sku, seedProducts.map((p) => p.sku)), isNull(productImages.productId)));
  if (missing.length === 0) return;
  const images = await Promise.all(missing.map(async (p) => ({ productId: p.id, ...(await renderProductCard(p)) })));
  await tx.insert(productImages).values(images);
}

/** Keyed by `${warehouseId}/${code}`: bin codes are only unique within a warehouse. */
type LocationIds = Map<string, string>;
const locationKey = (warehouseId: string, code: string) => `${warehouseId}/${code}`;

async function insertLocations(tx: Tx, warehouseIds: ReadonlyMap<WarehouseCode, string>): Promise<LocationIds> {
  const rows = await tx
    .insert(warehouseLocations)
    .values(
      seedLocations.map(({ warehouseCode, ...location }) => ({
        ...location,
        warehouseId: required(warehouseIds, warehouseCode, "warehouse"),
      })),
    )
    .returning({ id: warehouseLocations.id, warehouseId: warehouseLocations.warehouseId, code: warehouseLocations.code });
  return new Map(rows.map((r) => [locationKey(r.warehouseId, r.code), r.id]));
}

async function insertStock(
  tx: Tx,
  ids: {
    warehouseIds: ReadonlyMap<WarehouseCode, string>;
    productIds: ReadonlyMap<string, string>;
    locationIds: LocationIds;
  },
): Promise<void> {
  const levels = seedStock.map((s) => {
    const warehouseId = required(ids.warehouseIds, s.warehouseCode, "warehouse");
    return {
      warehouseId,
      productId: required(ids.productIds, s.sku, "product"),
      locationId: required(ids.locationIds, locationKey(warehouseId, s.locationCode), "location"),
      onHand: s.onHand,
      reserved: 0,
      lowStockThreshold: s.lowStockThreshold,
    };
  });
  await tx.insert(inventoryLevels).values(levels);
  // Every stock change has a ledger row, the initial stock included, so the ledger sums to on_hand.
  await tx.insert(inventoryLedger).values(
    levels.map((l) => ({
      warehouseId: l.warehouseId,
      productId: l.productId,
      onHandDelta: l.onHand,
      reservedDelta: 0,
      reason: "initial_stock" as const,
    })),
  );
}

async function insertUsers(tx: Tx, warehouseIds: ReadonlyMap<WarehouseCode, string>): Promise<void> {
  const hashes = await hashEachPasswordOnce(demoLogins.map((u) => u.password));
  await tx.insert(users).values(
    demoLogins.map((u) => ({
      email: u.email,
      name: u.name,
      role: u.role,
      passwordHash: required(hashes, u.password, "password"),
      warehouseId: u.warehouseCode === null ? null : required(warehouseIds, u.warehouseCode, "warehouse"),
    })),
  );
}

/** bcrypt is deliberately slow; all demo users share one password, so hash it once. */
async function hashEachPasswordOnce(passwords: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(passwords)];
  const hashes = await Promise.all(distinct.map((p) => hashPassword(p)));
  return new Map(distinct.map((p, i) => [p, hashes[i]!]));
}

async function insertPromotions(tx: Tx, now: Date): Promise<void> {
  await tx.insert(promotions).values(
    seedPromotions.map((p) => ({
      code: p.code,
      description: p.description,
      kind: p.kind,
      value: p.value,
      minSubtotal: p.minSubtotal,
      maxDiscount: p.maxDiscount,
      startsAt: new Date(now.getTime() - p.startsDaysAgo * DAY_MS),
      endsAt: p.endsInDays === null ? null : new Date(now.getTime() + p.endsInDays * DAY_MS),
      usageLimit: p.usageLimit,
      perCustomerLimit: p.perCustomerLimit,
      stackable: p.stackable,
    })),
  );
}
