import Link from "next/link";
import { cn } from "./cn";

/** The "Depot" wordmark; a link home unless `href` is null. */
export function Wordmark({ href = "/", className }: { href?: string | null; className?: string }) {
  const mark = (
    <>
      <span aria-hidden="true" className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">
        D
      </span>
      <span>Depot</span>
    </>
  );
  const classes = cn("inline-flex items-center gap-2 text-lg font-bold tracking-tight text-slate-900", className);
  if (href === null) return <span className={classes}>{mark}</span>;
  return (
    <Link href={href} className={cn(classes, "rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600")}>
      {mark}
    </Link>
  );
}
