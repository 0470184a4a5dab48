import { describe, expect, it } from "vitest";
import { allocate, distanceKm, type StockSite } from "./allocate";

const site = (warehouseId: string, distanceKm: number, stock: Record<string, number>): StockSite => ({
  warehouseId,
  distanceKm,
  available: new Map(Object.entries(stock)),
});
const need = (productId: string, quantity: number) => ({ productId, name: `Product ${productId}`, quantity });

describe("warehouse allocation", () => {
  it("ships everything from the nearest warehouse that has everything", () => {
    const sites = [site("far", 3000, { a: 5, b: 5 }), site("near", 10, { a: 5, b: 5 }), site("mid", 800, { a: 5, b: 5 })];
    expect(allocate([need("a", 2), need("b", 1)], sites)).toEqual([
      { productId: "a", warehouseId: "near", quantity: 2 },
      { productId: "b", warehouseId: "near", quantity: 1 },
    ]);
  });

  it("prefers a warehouse under today's capacity over a nearer one that is full (FUL-P0-03, WH-P0-03)", () => {
    const full = { ...site("near", 10, { a: 5 }), overCapacity: true };
    expect(allocate([need("a", 2)], [full, site("far", 3000, { a: 5 })])).toEqual([{ productId: "a", warehouseId: "far", quantity: 2 }]);
  });

  it("still ships from a full warehouse when no other has the stock: late, not refused", () => {
    const full = { ...site("near", 10, { a: 5 }), overCapacity: true };
    expect(allocate([need("a", 2)], [full, site("far", 3000, { a: 1 })])).toEqual([{ productId: "a", warehouseId: "near", quantity: 2 }]);
  });

  it("skips a nearer warehouse that lacks stock", () => {
    const sites = [site("near", 10, { a: 1 }), site("far", 3000, { a: 9 })];
    expect(allocate([need("a", 2)], sites)).toEqual([{ productId: "a", warehouseId: "far", quantity: 2 }]);
  });

  it("prefers fewer warehouses over nearer ones when no single one has everything", () => {
    const sites = [site("near", 10, { a: 5 }), site("mid", 500, { b: 5, c: 5 }), site("far", 3000, { a: 5, b: 5 })];
    const result = allocate([need("a", 1), need("b", 1), need("c", 1)], sites);
    expect(new Set(result.map((r) => r.warehouseId)).size).toBe(2);
    expect(result).toContainEqual({ productId: "c", warehouseId: "mid", quantity: 1 });
  });

  it("splits a line across warehouses, nearest first, when no warehouse has enough", () => {
    const sites = [site("near", 10, { a: 3 }), site("far", 3000, { a: 4 }), site("mid", 500, { a: 2 })];
    expect(allocate([need("a", 6)], sites)).toEqual([
      { productId: "a", warehouseId: "near", quantity: 3 },
      { productId: "a", warehouseId: "mid", quantity: 2 },
      { productId: "a", warehouseId: "far", quantity: 1 },
    ]);
  });

  it("says how many are left when there are not enough anywhere", () => {
    expect(() => allocate([need("a", 5)], [site("x", 1, { a: 2 }), site("y", 2, { a: 1 })])).toThrow("Only 3 of Product a left in stock.");
    expect(() => allocate([need("a", 1)], [site("x", 1, {})])).toThrow("Product a is out of stock.");
  });

  it("measures distance on the globe", () => {
    const newark = { lat: 40.7357, lon: -74.1724 };
    const reno = { lat: 39.5296, lon: -119.8138 };
    expect(Math.round(distanceKm(newark, reno) / 100) * 100).toBe(3800);
  });
});
