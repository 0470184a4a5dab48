import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { acknowledgeAlert } from "@/server/alerts";
import { opsDashboard } from "@/server/ops";
import { opsProcedure, router } from "../init";

/** The ops dashboard: health figures and the open alerts. */
export const opsDashboardRouter = router({
  get: opsProcedure.query(() => opsDashboard(db())),
  /** Audited; acknowledging an alert twice is one acknowledgement. */
  acknowledgeAlert: opsProcedure
    .input(z.object({ alertId: z.string().uuid("Choose an alert from the list") }))
    .mutation(({ ctx, input }) => transaction((tx) => acknowledgeAlert(tx, ctx.user, input.alertId))),
});
