import { db } from "@/db/client";
import { warehouseScope } from "@/server/auth";
import { warehouseSummaries } from "@/server/inventory";
import { outboxStats } from "@/server/outbox";
import { opsProcedure, router, staffProcedure } from "../init";

export const consoleRouter = router({
  /** Warehouse figures: every warehouse for ops/admin, the own one for warehouse staff. */
  warehouses: staffProcedure.query(({ ctx }) => warehouseSummaries(db(), warehouseScope(ctx.user))),
  outbox: opsProcedure.query(() => outboxStats(db())),
});
