import type { Role } from "@/server/vocabulary/users";

/** Who is calling: the signed-in user as every layer sees it (from the session, or a test). */
export type SessionUser = { id: string; email: string; name: string; role: Role; warehouseId: string | null };
