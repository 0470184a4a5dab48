"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatNumber } from "@/components/console/format";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/select";
import { formatMoney } from "@/server/vocabulary/money";
import type { ManagerBoard } from "@/server/picking";

/**
 * Short picks waiting for a decision: pick again (maybe from another bin), ship the missing units
 * from another warehouse that has them, or cancel and refund them.
 */
export function ShortPicks({ shorts }: { shorts: ManagerBoard["shortPicks"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [bins, setBins] = useState<Record<string, string>>({});
  const [targets, setTargets] = useState<Record<string, string>>({});
  const resolve = useMutation(trpc.picking.resolveShortPick.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.picking.board.queryKey() }) }));
  const { confirm, dialog } = useConfirm();
  if (shorts.length === 0) return <p className="text-sm text-slate-600">No short picks.</p>;
  return (
    <div className="space-y-3">
      {dialog}
      {resolve.isError && <Alert tone="error">{errorInfo(resolve.error).message}</Alert>}
      <ul className="divide-y divide-slate-100">
        {shorts.map((s) => {
          const missing = s.quantity - s.pickedQuantity;
          const target = targets[s.lineId] ?? s.moveTargets[0]?.warehouseId ?? "";
          return (
            <li key={s.lineId} className="space-y-2 py-3">
              <p className="text-sm text-slate-900">
                <span className="font-mono font-medium">{s.orderNumber}</span>: {missing} × {s.sku} ({s.productName}) missing at bin{" "}
                <span className="font-mono">{s.binCode}</span>, {s.reason?.replaceAll("_", " ")}. Picklist {s.picklistNumber}, pick attempt {s.pickAttempts}.
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <label className="sr-only" htmlFor={`bin-${s.lineId}`}>
                  Re-pick bin for {s.orderNumber} {s.sku}
                </label>
                <Input
                  id={`bin-${s.lineId}`}
                  className="w-40"
                  placeholder="other bin (optional)"
                  value={bins[s.lineId] ?? ""}
                  onChange={(e) => setBins({ ...bins, [s.lineId]: e.target.value })}
                />
                <Button size="sm" variant="secondary" loading={resolve.isPending} onClick={() => resolve.mutate({ lineId: s.lineId, action: "repick", binCode: bins[s.lineId] || undefined })}>
                  Re-pick
                </Button>
                <Button size="sm" variant="danger" loading={resolve.isPending} onClick={() => {
                    const refund = formatMoney(s.refund, s.currency);
                    confirm({
                      title: `Cancel ${missing} × ${s.sku} of order ${s.orderNumber}?`,
                      consequence:
                        s.paymentMethod === "cod"
                          ? `Cancel ${missing} × ${s.sku}: the order ships without them and the customer pays ${refund} less on delivery.`
                          : `Cancel ${missing} × ${s.sku} and refund ${refund} to the customer's card. The order ships without them.`,
                      confirmLabel: `Cancel ${missing} and refund ${refund}`,
                      dismissLabel: "Keep the units",
                      onConfirm: () => resolve.mutate({ lineId: s.lineId, action: "cancel_units" }),
                    });
                  }}
                >
                  Cancel {missing} and refund
                </Button>
              </div>
              {s.moveTargets.length > 0 ? (
                <div className="flex flex-wrap items-center gap-2">
                  <label className="sr-only" htmlFor={`move-${s.lineId}`}>
                    Warehouse to ship {s.orderNumber} {s.sku} from
                  </label>
                  <Select id={`move-${s.lineId}`} className="w-auto" value={target} onChange={(e) => setTargets({ ...targets, [s.lineId]: e.target.value })}>
                    {s.moveTargets.map((t) => (
                      <option key={t.warehouseId} value={t.warehouseId}>
                        {t.code} · {formatNumber(t.available)} free · {formatNumber(t.distanceKm)} km{t.overCapacity ? " · over capacity" : ""}
                      </option>
                    ))}
                  </Select>
                  <Button size="sm" variant="secondary" loading={resolve.isPending} onClick={() => resolve.mutate({ lineId: s.lineId, action: "move", warehouseId: target })}>
                    Ship {missing} from {s.moveTargets.find((t) => t.warehouseId === target)?.code ?? "there"}
                  </Button>
                </div>
              ) : (
                <p className="text-xs text-slate-500">No other warehouse has {missing} free to ship instead.</p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
