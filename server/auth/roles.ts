import type { Role } from "@/server/vocabulary/users";
import { DomainError } from "@/server/lib/errors";

export const staffRoles = ["picker", "packer", "warehouse_manager", "ops", "admin"] as const satisfies readonly Role[];

/** Who may call what. Every procedure names one of these; the check runs inside the procedure. */
export const access = {
  customer: ["customer"],
  staff: staffRoles,
  picker: ["picker", "warehouse_manager", "admin"],
  packer: ["packer", "warehouse_manager", "admin"],
  warehouseManager: ["warehouse_manager", "admin"],
  /** The dock and the manual label queue: packers and their manager, and ops repairing failed labels. */
  shipping: ["packer", "warehouse_manager", "ops", "admin"],
  /** Carrier tooling above the packer (the sandbox tracking simulator). */
  shippingSupervisor: ["warehouse_manager", "ops", "admin"],
  ops: ["ops", "admin"],
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Access = keyof typeof access;

export function allowed(role: Role, area: Access): boolean {
  return (access[area] as readonly Role[]).includes(role);
}

export type WarehouseScope = { kind: "all" } | { kind: "one"; warehouseId: string };

/** Ops and admin see every warehouse; warehouse staff only their own. */
export function warehouseScope(user: { role: Role; warehouseId: string | null }): WarehouseScope {
  if (user.role === "ops" || user.role === "admin") return { kind: "all" };
  if (!user.warehouseId) throw new DomainError("FORBIDDEN", "Your account is not assigned to a warehouse.");
  return { kind: "one", warehouseId: user.warehouseId };
}

export const roleLabels: Record<Role, string> = {
  customer: "Customer",
  picker: "Picker",
  packer: "Packer",
  warehouse_manager: "Warehouse manager",
  ops: "Operations",
  admin: "Administrator",
};
