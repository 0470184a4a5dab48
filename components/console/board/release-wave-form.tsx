"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";

/** Release a wave: batch the waiting fulfillments into picklists by the rules given here. */
export function ReleaseWaveForm({ warehouseId, waiting }: { warehouseId: string; waiting: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState({ maxOrders: "8", maxUnits: "40", maxPicklists: "10", zone: "" });
  const release = useMutation(
    trpc.picking.releaseWave.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.picking.board.queryKey() }) }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    release.mutate({
      warehouseId,
      maxOrders: Number(rules.maxOrders),
      maxUnits: Number(rules.maxUnits),
      maxPicklists: Number(rules.maxPicklists),
      zone: rules.zone || undefined,
    });
  };
  const field = (key: keyof typeof rules, label: string, props: { type?: string; placeholder?: string } = { type: "number" }) => (
    <div className="space-y-1">
      <Label htmlFor={`wave-${key}`}>{label}</Label>
      <Input id={`wave-${key}`} inputMode={props.type === "number" ? "numeric" : undefined} min={1} {...props} value={rules[key]} onChange={(e) => setRules({ ...rules, [key]: e.target.value })} />
    </div>
  );
  const error = release.isError ? errorInfo(release.error) : null;
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Release a wave">
      <p className="text-sm text-slate-600">
        {waiting === 0 ? "No fulfillment is waiting to be picked." : `${waiting} fulfillment${waiting === 1 ? " is" : "s are"} waiting to be picked.`}
      </p>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {field("maxOrders", "Orders per picklist")}
        {field("maxUnits", "Units per picklist")}
        {field("maxPicklists", "Picklists at most")}
        {field("zone", "Zone (optional)", { type: "text", placeholder: "any" })}
      </div>
      {error && <Alert tone="error">{Object.values(error.fieldErrors).flat()[0] ?? error.message}</Alert>}
      {release.isSuccess && (
        <Alert tone="success" title={`Wave ${release.data.number} released`}>
          {release.data.picklists.length} picklist{release.data.picklists.length === 1 ? "" : "s"}:{" "}
          {release.data.picklists.map((p) => `${p.number} (${p.fulfillments} orders, ${p.units} units)`).join(", ")}.
          {release.data.unplaced.length > 0 && ` ${release.data.unplaced.length} left out: no bin for ${release.data.unplaced.map((u) => u.sku).join(", ")}.`}
        </Alert>
      )}
      <Button type="submit" loading={release.isPending} disabled={waiting === 0}>
        Release wave
      </Button>
    </form>
  );
}
