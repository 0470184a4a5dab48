import { z } from "zod";
import { shortPickReasons } from "@/server/vocabulary/picking";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { warehouseScope } from "@/server/auth";
import { managerBoard, checkScan, confirmPick, reportShortPick, assignPicklist, cancelPicklist, startPicklist, myPicklists, picklistDetail, resolveShortPick, releaseManagedWave } from "@/server/picking";
import { pickerProcedure, router, warehouseManagerProcedure } from "../init";

const id = (what: string) => z.string().uuid(`Choose a ${what} from the list`);
const scan = z.string().trim().min(1, "Scan or type the code").max(64, "That code is too long to be a label");
const version = z.number().int().positive();

/** Waves, picklists and scan-to-pick. Each call is scoped to the caller's warehouse. */
export const pickingRouter = router({
  board: warehouseManagerProcedure
    .input(z.object({ warehouseId: z.string().uuid().optional() }))
    .query(({ ctx, input }) => managerBoard(db(), warehouseScope(ctx.user), input.warehouseId)),
  releaseWave: warehouseManagerProcedure
    .input(
      z.object({
        warehouseId: z.string().uuid().optional(),
        maxOrders: z.number({ error: "Enter how many orders a picklist holds" }).int().min(1, "At least 1 order per picklist").max(50, "At most 50 orders per picklist"),
        maxUnits: z.number({ error: "Enter how many units a picklist holds" }).int().min(1, "At least 1 unit per picklist").max(500, "At most 500 units per picklist"),
        maxPicklists: z.number().int().min(1, "At least 1 picklist").max(200, "At most 200 picklists per wave").default(20),
        zone: z.string().trim().toUpperCase().max(16).optional().transform((z) => z || null),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { warehouseId, ...rules } = input;
      return transaction((tx) => releaseManagedWave(tx, ctx.user, warehouseId, rules));
    }),
  assign: warehouseManagerProcedure
    .input(z.object({ picklistId: id("picklist"), pickerId: id("picker"), expectedVersion: version }))
    .mutation(({ ctx, input }) => transaction((tx) => assignPicklist(tx, input, ctx.user))),
  cancelPicklist: warehouseManagerProcedure
    .input(z.object({ picklistId: id("picklist"), expectedVersion: version }))
    .mutation(({ ctx, input }) => transaction((tx) => cancelPicklist(tx, input, ctx.user))),
  resolveShortPick: warehouseManagerProcedure
    .input(
      z.discriminatedUnion("action", [
        z.object({ lineId: id("pick line"), action: z.literal("repick"), binCode: scan.optional() }),
        z.object({ lineId: id("pick line"), action: z.literal("cancel_units") }),
        z.object({ lineId: id("pick line"), action: z.literal("move"), warehouseId: id("warehouse to ship from") }),
      ]),
    )
    .mutation(({ ctx, input }) => transaction((tx) => resolveShortPick(tx, input, ctx.user))),

  mine: pickerProcedure.query(({ ctx }) => myPicklists(db(), ctx.user)),
  picklist: pickerProcedure.input(z.object({ picklistId: id("picklist") })).query(({ ctx, input }) => picklistDetail(db(), input.picklistId, ctx.user)),
  start: pickerProcedure.input(z.object({ picklistId: id("picklist") })).mutation(({ ctx, input }) => transaction((tx) => startPicklist(tx, input.picklistId, ctx.user))),
  checkScan: pickerProcedure
    .meta({ changesNothing: "checks a scanned bin or item against the line; the confirm that follows is audited" })
    .input(z.object({ lineId: id("pick line"), kind: z.enum(["bin", "item"]), code: scan }))
    .mutation(({ ctx, input }) => checkScan(db(), input, warehouseScope(ctx.user))),
  confirm: pickerProcedure
    .input(z.object({ lineId: id("pick line"), scanId: z.string().uuid(), binCode: scan, sku: scan, quantity: z.number().int().min(1, "Pick at least 1") }))
    .mutation(({ ctx, input }) => transaction((tx) => confirmPick(tx, input, ctx.user))),
  short: pickerProcedure
    .input(
      z.object({
        lineId: id("pick line"),
        scanId: z.string().uuid(),
        binCode: scan,
        found: z.number().int().min(0, "Found can't be negative"),
        reason: z.enum(shortPickReasons, { error: "Choose why the pick is short" }),
      }),
    )
    .mutation(({ ctx, input }) => transaction((tx) => reportShortPick(tx, input, ctx.user))),
});
