import { cn } from "@/components/ui/cn";

/** A labelled progress bar (done of total). */
export function Meter({ done, total, label, className, tone = "brand" }: { done: number; total: number; label: string; className?: string; tone?: "brand" | "success" }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${total}`}
      className={cn("h-2.5 w-full overflow-hidden rounded-full bg-slate-200", className)}
    >
      <div className={cn("h-full rounded-full transition-[width] duration-300", tone === "success" ? "bg-emerald-500" : "bg-brand-600")} style={{ width: `${pct}%` }} />
    </div>
  );
}
