import type { SelectHTMLAttributes } from "react";
import { cn } from "./cn";

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean };

/** A native select styled like Input (native keeps it accessible and phone-friendly). */
export function Select({ invalid = false, className, children, ...rest }: SelectProps) {
  return (
    <select
      aria-invalid={invalid || undefined}
      className={cn(
        "block h-11 w-full rounded-lg border bg-white px-3 text-base text-slate-900 shadow-sm focus:outline-2 focus:outline-offset-0 disabled:bg-slate-100 sm:text-sm",
        invalid ? "border-red-500 focus:outline-red-500" : "border-slate-300 focus:border-brand-500 focus:outline-brand-500",
        className,
      )}
      {...rest}
    >
      {children}
    </select>
  );
}
