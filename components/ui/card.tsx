import type { HTMLAttributes } from "react";
import { cn } from "./cn";

/** `padded={false}` for cards whose rows run edge to edge (lists with dividers). */
export function Card({ className, padded = true, ...rest }: HTMLAttributes<HTMLDivElement> & { padded?: boolean }) {
  return <div className={cn("rounded-xl border border-slate-200 bg-white shadow-sm", padded && "p-5", className)} {...rest} />;
}
