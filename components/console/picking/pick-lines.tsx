import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { PickLineStatus } from "@/server/vocabulary/picking";
import type { PickLineView } from "@/server/picking";
import { shortReasonLabel } from "./short-pick-form";

const statuses: Record<PickLineStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "To pick", tone: "neutral" },
  picked: { label: "Picked", tone: "success" },
  short: { label: "Short", tone: "warning" },
  cancelled: { label: "Cancelled", tone: "danger" },
};

/** Every line of the picklist in walk order, compact; the current one is marked. */
export function PickLines({ lines, currentId }: { lines: readonly PickLineView[]; currentId: string | null }) {
  return (
    <section aria-labelledby="pick-lines-heading">
      <h2 id="pick-lines-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        All lines, in walk order
      </h2>
      <ol className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white text-sm shadow-sm">
        {lines.map((line, i) => {
          const current = line.id === currentId;
          const s = statuses[line.status];
          return (
            <li
              key={line.id}
              aria-current={current ? "step" : undefined}
              className={cn("flex items-center gap-3 px-3 py-2.5", current && "bg-brand-50", line.status !== "pending" && "text-slate-500")}
            >
              <span className="w-5 shrink-0 text-right text-xs tabular-nums text-slate-400">{i + 1}</span>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-baseline gap-x-2">
                  <span className={cn("font-mono font-semibold", line.status === "pending" ? "text-slate-900" : "text-slate-500")}>{line.binCode}</span>
                  <span className="font-mono text-slate-700">{line.sku}</span>
                </p>
                <p className="truncate text-xs text-slate-500">
                  {line.productName} · {line.orderNumber}
                  {line.status === "short" && line.shortReason ? ` · ${shortReasonLabel(line.shortReason)}` : ""}
                </p>
              </div>
              <span className="shrink-0 tabular-nums text-slate-700">
                {line.pickedQuantity}/{line.quantity}
              </span>
              <Badge tone={current ? "brand" : s.tone} className="shrink-0">
                {current ? "Now" : s.label}
              </Badge>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
