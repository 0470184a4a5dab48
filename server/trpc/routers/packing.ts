import { z } from "zod";
import { qcResults } from "@/server/vocabulary/shipping";
import { db } from "@/db/client";
import { openForPacking, packQueue, packView, recordQc, scanPackItem } from "@/server/fulfillment";
import { closeBoxAndLabel } from "@/server/shipping";
import { transaction } from "@/db/transaction";
import { packerProcedure, router } from "../init";

const fulfillmentId = z.string().uuid("Scan an order first");
const scan = z.string().trim().min(1, "Scan or type the code").max(64, "That code is too long to be a label");

/** The pack station: open by order scan, scan items, QC, weigh, box and label. */
export const packingRouter = router({
  queue: packerProcedure.query(({ ctx }) => packQueue(db(), ctx.user)),
  open: packerProcedure.input(z.object({ code: scan })).mutation(({ ctx, input }) => transaction((tx) => openForPacking(tx, input.code, ctx.user))),
  view: packerProcedure.input(z.object({ fulfillmentId })).query(({ ctx, input }) => packView(db(), input.fulfillmentId, ctx.user)),
  /** `scanId` (made once per scan on the handheld) makes a retried scan count once. */
  scan: packerProcedure.input(z.object({ fulfillmentId, code: scan, scanId: z.string().uuid().optional() })).mutation(({ ctx, input }) => transaction((tx) => scanPackItem(tx, input, ctx.user))),
  qc: packerProcedure
    .input(z.object({ fulfillmentId, result: z.enum(qcResults), notes: z.string().max(500, "Keep the notes under 500 characters").default("") }))
    .mutation(({ ctx, input }) => transaction((tx) => recordQc(tx, input, ctx.user))),
  close: packerProcedure
    .input(
      z.object({
        fulfillmentId,
        boxCode: z.string().trim().toUpperCase().min(1, "Choose the box").max(8),
        weightGrams: z.number({ error: "Weigh the parcel" }).int("Weigh in whole grams").min(1, "Weigh the parcel").max(70_000, "Parcels over 70 kg go by freight"),
        expectedVersion: z.number().int().positive(),
      }),
    )
    .mutation(({ ctx, input }) => closeBoxAndLabel(db(), input, ctx.user)),
});
