/** A fulfillment ready to be picked, with the bins of its lines. */
export type PickCandidate = {
  fulfillmentId: string;
  createdAt: Date;
  lines: { fulfillmentItemId: string; productId: string; locationId: string; zone: string; walkSequence: number; quantity: number }[];
};

export type BatchRules = { maxOrders: number; maxUnits: number; maxPicklists: number };

export const unitsOf = (c: PickCandidate) => c.lines.reduce((n, l) => n + l.quantity, 0);
const firstStop = (c: PickCandidate) => Math.min(...c.lines.map((l) => l.walkSequence));

/**
 * Splits candidates into picklists. The oldest fulfillments are taken first (SLA), then the
 * ones taken are ordered by where their walk starts, so each batch covers nearby bins. A batch
 * closes at `maxOrders` fulfillments or when the next one would pass `maxUnits`; a fulfillment
 * bigger than `maxUnits` on its own gets a picklist of its own rather than waiting forever.
 */
export function buildBatches(candidates: PickCandidate[], rules: BatchRules): PickCandidate[][] {
  const oldestFirst = [...candidates].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.fulfillmentId.localeCompare(b.fulfillmentId));
  const taken = oldestFirst.slice(0, rules.maxOrders * rules.maxPicklists);
  const byWalk = taken.sort((a, b) => firstStop(a) - firstStop(b) || a.createdAt.getTime() - b.createdAt.getTime());

  const batches: PickCandidate[][] = [];
  let current: PickCandidate[] = [];
  let units = 0;
  for (const c of byWalk) {
    const n = unitsOf(c);
    if (current.length > 0 && (current.length >= rules.maxOrders || units + n > rules.maxUnits)) {
      batches.push(current);
      current = [];
      units = 0;
    }
    if (batches.length >= rules.maxPicklists) break;
    current.push(c);
    units += n;
  }
  if (current.length > 0 && batches.length < rules.maxPicklists) batches.push(current);
  return batches;
}

/** A picklist's lines in the order a picker walks them: (zone, aisle, shelf, bin) via walk sequence, never by name. */
export function walkOrder<L extends { walkSequence: number; fulfillmentItemId: string }>(lines: L[]): L[] {
  return [...lines].sort((a, b) => a.walkSequence - b.walkSequence || a.fulfillmentItemId.localeCompare(b.fulfillmentItemId));
}
