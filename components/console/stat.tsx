import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type StatTone = "default" | "warning" | "danger";

const tones: Record<StatTone, string> = {
  default: "border-slate-200 bg-white",
  warning: "border-amber-300 bg-amber-50",
  danger: "border-red-300 bg-red-50",
};

/** One labelled figure; a <div> pair of term and value kept readable for screen readers. */
export function Stat({ label, value, hint, tone = "default" }: { label: string; value: ReactNode; hint?: ReactNode; tone?: StatTone }) {
  return (
    <div className={cn("rounded-xl border p-4 shadow-sm", tones[tone])}>
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
      {hint && <dd className="mt-1 text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}
