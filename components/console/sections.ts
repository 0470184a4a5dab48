import type { Role } from "@/server/vocabulary/users";
import { allowed, type Access } from "@/server/auth/shared";

export type ConsoleSection = { href: string; label: string; area: Access };

/** The console's sections, in menu order. Only list sections whose page exists. */
export const consoleSections: readonly ConsoleSection[] = [
  { href: "/console", label: "Overview", area: "staff" },
  { href: "/console/warehouses", label: "Warehouses", area: "staff" },
  { href: "/console/board", label: "Board", area: "warehouseManager" },
  { href: "/console/pick", label: "Pick", area: "picker" },
  { href: "/console/pack", label: "Pack", area: "packer" },
  { href: "/console/shipping", label: "Shipping", area: "shipping" },
  { href: "/console/fulfillments", label: "Fulfillments", area: "staff" },
  { href: "/console/outbox", label: "Outbox", area: "ops" },
  { href: "/console/orders", label: "Orders", area: "ops" },
  { href: "/console/returns", label: "Returns", area: "ops" },
  { href: "/console/reviews", label: "Reviews", area: "ops" },
  { href: "/console/compensations", label: "Compensations", area: "ops" },
  { href: "/console/reservations", label: "Reservations", area: "ops" },
  { href: "/console/inventory", label: "Inventory", area: "ops" },
  { href: "/console/audit", label: "Audit log", area: "ops" },
];

/** Where a staff member starts: pickers and packers on their own work, everyone else on the overview. */
export function consoleHome(role: Role): string {
  if (role === "picker") return "/console/pick";
  if (role === "packer") return "/console/pack";
  return "/console";
}

/** The sections a role sees in the menu; the overview only for those who start there. */
export function sectionsFor(role: Role): ConsoleSection[] {
  return consoleSections.filter((s) => allowed(role, s.area) && (s.href !== "/console" || consoleHome(role) === "/console"));
}
