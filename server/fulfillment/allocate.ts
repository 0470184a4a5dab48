import { DomainError } from "@/server/lib/errors";

export type StockSite = {
  warehouseId: string;
  distanceKm: number;
  available: Map<string, number>;
  /** Today's fulfillments already reach the warehouse's daily capacity (FUL-P0-03, WH-P0-03). */
  overCapacity?: boolean;
};
export type Need = { productId: string; name: string; quantity: number };
export type Allocation = { productId: string; warehouseId: string; quantity: number };

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * Chooses where each line ships from: only warehouses with stock, warehouses under today's
 * capacity before those over it, the nearest first, and as few warehouses as possible: one that
 * has everything if any does; otherwise warehouses that can ship whole lines (most lines first),
 * and only then a line split across warehouses. A warehouse over capacity is used only when no
 * other can ship (the order is late rather than refused).
 */
export function allocate(needs: Need[], sites: StockSite[]): Allocation[] {
  const byDistance = [...sites].sort((a, b) => Number(a.overCapacity ?? false) - Number(b.overCapacity ?? false) || a.distanceKm - b.distanceKm);
  const has = (s: StockSite, n: Need) => (s.available.get(n.productId) ?? 0) >= n.quantity;

  for (const need of needs) {
    const total = byDistance.reduce((t, s) => t + Math.max(0, s.available.get(need.productId) ?? 0), 0);
    if (total < need.quantity) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        total === 0 ? `${need.name} is out of stock.` : `Only ${total} of ${need.name} left in stock.`,
        { reason: "out_of_stock", productId: need.productId, available: total },
      );
    }
  }

  const single = byDistance.find((s) => needs.every((n) => has(s, n)));
  if (single) return needs.map((n) => ({ productId: n.productId, warehouseId: single.warehouseId, quantity: n.quantity }));

  const result: Allocation[] = [];
  let open = [...needs];
  while (open.length > 0) {
    const best = byDistance
      .map((s) => ({ s, whole: open.filter((n) => has(s, n)) }))
      .filter((c) => c.whole.length > 0)
      .sort(
        (a, b) =>
          Number(a.s.overCapacity ?? false) - Number(b.s.overCapacity ?? false) || b.whole.length - a.whole.length || a.s.distanceKm - b.s.distanceKm,
      )[0];
    if (!best) break;
    for (const n of best.whole) result.push({ productId: n.productId, warehouseId: best.s.warehouseId, quantity: n.quantity });
    open = open.filter((n) => !best.whole.includes(n));
  }
  for (const need of open) {
    let left = need.quantity;
    for (const s of byDistance) {
      const take = Math.min(left, Math.max(0, s.available.get(need.productId) ?? 0));
      if (take > 0) {
        result.push({ productId: need.productId, warehouseId: s.warehouseId, quantity: take });
        left -= take;
      }
      if (left === 0) break;
    }
  }
  return result;
}
