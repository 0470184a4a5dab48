"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/select";
import type { ManagerBoard } from "@/server/picking";

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** Open and in-progress picklists: who has them, how far they are, and hand them out. */
export function PicklistTable({ picklists, pickers }: { picklists: ManagerBoard["picklists"]; pickers: ManagerBoard["pickers"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.picking.board.queryKey() });
  const assign = useMutation(trpc.picking.assign.mutationOptions({ onSettled: refresh }));
  const cancel = useMutation(trpc.picking.cancelPicklist.mutationOptions({ onSettled: refresh }));
  const failure = assign.error ?? cancel.error;
  const { confirm, dialog } = useConfirm();
  if (picklists.length === 0) return <p className="text-sm text-slate-600">No picklist is open. Release a wave to make some.</p>;
  return (
    <div className="space-y-3">
      {dialog}
      {failure && <Alert tone="error">{errorInfo(failure).message}</Alert>}
      <ul className="divide-y divide-slate-100">
        {picklists.map((p) => (
          <li key={p.id} aria-label={`Picklist ${p.number}`} className="flex flex-wrap items-center gap-3 py-3">
            <div className="min-w-40 flex-1">
              <p className="font-mono font-medium text-slate-900">
                {p.number} <span className="text-xs font-normal text-slate-500">wave {p.waveNumber}</span>
              </p>
              <p className="text-sm text-slate-600">
                {p.orders} orders · {p.units} units · {p.linesDone}/{p.lines} lines
              </p>
              <p className="truncate font-mono text-xs text-slate-500">{p.orderNumbers.join(", ")}</p>
            </div>
            <Badge tone={p.status === "in_progress" ? "brand" : "neutral"}>{p.status === "in_progress" ? "Picking" : "Open"}</Badge>
            {p.status === "open" ? (
              <>
                <label className="sr-only" htmlFor={`assign-${p.id}`}>
                  Picker for {p.number}
                </label>
                <Select
                  id={`assign-${p.id}`}
                  className="w-44"
                  value={p.assigneeId ?? ""}
                  disabled={assign.isPending}
                  onChange={(e) => e.target.value && assign.mutate({ picklistId: p.id, pickerId: e.target.value, expectedVersion: p.version })}
                >
                  <option value="">Unassigned</option>
                  {pickers.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </Select>
                <Button variant="ghost" size="sm" onClick={() =>
                    confirm({
                      title: `Cancel picklist ${p.number}?`,
                      consequence: `Its ${plural(p.lines, "line")} (${plural(p.units, "unit")}) for ${plural(p.orders, "order")} (${p.orderNumbers.join(", ")}) come off the picklist and wait for the next wave. The orders themselves are not cancelled.`,
                      confirmLabel: `Cancel picklist ${p.number}`,
                      dismissLabel: "Keep the picklist",
                      onConfirm: () => cancel.mutate({ picklistId: p.id, expectedVersion: p.version }),
                    })
                  } loading={cancel.isPending}>
                  Cancel {p.number}
                </Button>
              </>
            ) : (
              <span className="text-sm text-slate-700">{p.assigneeName ?? "—"}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
