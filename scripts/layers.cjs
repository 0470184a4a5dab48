/**
 * Depot's module layers, lowest first. A module (a folder under server/) may import modules
 * of lower layers only: never its own layer, never a higher one. The foundation is imported
 * file by file; every other module only through its index.ts. The entry points (tRPC routers,
 * Inngest functions, pages, components, scripts) sit above every layer.
 *
 * Read by .dependency-cruiser.cjs (the lint rule) and scripts/module-graph.ts (the picture).
 */
const layers = [
  { name: "foundation", modules: ["vocabulary", "lib", "env.ts"], alsoPaths: ["db"] },
  { name: "records", modules: ["audit", "http", "rate-limits"] },
  { name: "messaging", modules: ["outbox"] },
  { name: "accounts and signals", modules: ["users", "alerts", "health"] },
  { name: "access and failures", modules: ["auth", "webhooks", "compensations"] },
  { name: "catalog", modules: ["catalog", "promotions"] },
  { name: "cart", modules: ["cart"] },
  { name: "stock", modules: ["inventory"] },
  { name: "money", modules: ["payments"] },
  { name: "orders", modules: ["orders"] },
  { name: "fulfillment", modules: ["fulfillment"] },
  { name: "warehouse and checkout", modules: ["picking", "shipping", "returns", "checkout"] },
  { name: "reviews", modules: ["reviews"] },
  { name: "customer mail", modules: ["mail"] },
  { name: "customer data", modules: ["privacy"] },
  { name: "operations", modules: ["ops"] },
];

/** Folders under server/ that are entry points, not domain modules: the tRPC layer and the console pages' loaders. */
const entryModules = ["trpc", "console"];

module.exports = { layers, entryModules };
