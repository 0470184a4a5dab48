"use client";

import { createContext, useContext, type ReactNode, type TdHTMLAttributes, type ThHTMLAttributes } from "react";
import { cn } from "./cn";

/**
 * `boxed`: a bordered box that scrolls sideways, with a header band (console pages).
 * `compact`: rows without a box or header band, for tables inside a card (dashboards).
 * `sr-only`: the figures of a chart, for screen readers only.
 */
export type TableVariant = "boxed" | "compact" | "sr-only";

const styles: Record<TableVariant, { frame: string; table: string; head: string; th: string; td: string; body: string }> = {
  boxed: {
    frame: "overflow-x-auto rounded-xl border bg-white shadow-sm",
    table: "min-w-full divide-y divide-slate-200 text-left text-sm",
    head: "bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500",
    th: "px-4 py-2",
    td: "px-4 py-2",
    body: "divide-y divide-slate-100",
  },
  compact: {
    frame: "overflow-x-auto",
    table: "w-full text-sm",
    head: "text-left text-slate-600",
    th: "py-1 pr-3 font-medium last:pr-0",
    td: "py-1.5 pr-3 last:pr-0",
    body: "divide-y divide-slate-100",
  },
  "sr-only": { frame: "", table: "sr-only", head: "", th: "", td: "", body: "" },
};

const Variant = createContext<TableVariant>("boxed");

/** A table is named for assistive technology: by its caption (hidden unless `showCaption`) or by `aria-label`. */
type Name = { caption: ReactNode; showCaption?: boolean; "aria-label"?: never } | { "aria-label": string; caption?: never; showCaption?: never };

/**
 * A console data table: `<Table caption=…><TableHead>…Th…</TableHead><TableBody>…rows…</TableBody></Table>`.
 * `empty` is shown inside the box under the header (pass it while there are no rows); to show
 * nothing but the message, render an EmptyState instead of the table.
 */
export function Table({
  variant = "boxed",
  frame = true,
  tone = "default",
  busy,
  empty,
  children,
  ...name
}: Name & {
  variant?: TableVariant;
  /** A boxed table already inside a card (`frame={false}`) keeps its header band but draws no box of its own. */
  frame?: boolean;
  /** `danger` draws the box in red (a table of errors). */
  tone?: "default" | "danger";
  /** Marks the table aria-busy while it refetches. */
  busy?: boolean;
  empty?: ReactNode;
  children: ReactNode;
}) {
  const style = styles[variant];
  const table = (
    <table className={style.table} aria-label={name["aria-label"]} aria-busy={busy || undefined}>
      {name.caption !== undefined && (
        <caption className={name.showCaption ? "px-4 py-2 text-left font-semibold text-slate-900" : variant === "sr-only" ? undefined : "sr-only"}>{name.caption}</caption>
      )}
      {children}
    </table>
  );
  return (
    <Variant.Provider value={variant}>
      {variant === "sr-only" ? (
        table
      ) : (
        <div className={variant === "boxed" && !frame ? "overflow-x-auto" : cn(style.frame, variant === "boxed" && (tone === "danger" ? "border-red-200" : "border-slate-200"))}>
          {table}
          {empty && <p className="px-4 py-6 text-center text-sm text-slate-600">{empty}</p>}
        </div>
      )}
    </Variant.Provider>
  );
}

/** The header row: its children are `Th` cells. */
export function TableHead({ children }: { children: ReactNode }) {
  const head = styles[useContext(Variant)].head;
  return (
    <thead className={head || undefined}>
      <tr>{children}</tr>
    </thead>
  );
}

export function TableBody({ children }: { children: ReactNode }) {
  const body = styles[useContext(Variant)].body;
  return <tbody className={body || undefined}>{children}</tbody>;
}

type CellProps = { numeric?: boolean; className?: string; children?: ReactNode };

/** A column header (scope="col"); `numeric` right-aligns it over a column of figures. */
export function Th({ numeric = false, className, children, ...rest }: CellProps & Omit<ThHTMLAttributes<HTMLTableCellElement>, "scope">) {
  const th = styles[useContext(Variant)].th;
  return (
    <th scope="col" className={cn(th, numeric && "text-right", className) || undefined} {...rest}>
      {children}
    </th>
  );
}

/** The cell that names its row (scope="row"), e.g. the order number of an order's row. */
export function RowHeader({ className, children, ...rest }: Omit<CellProps, "numeric"> & Omit<ThHTMLAttributes<HTMLTableCellElement>, "scope">) {
  const variant = useContext(Variant);
  return (
    <th scope="row" className={cn(styles[variant].td, variant !== "sr-only" && "text-left font-normal", className) || undefined} {...rest}>
      {children}
    </th>
  );
}

/** A data cell; `numeric` right-aligns it with tabular figures. */
export function Td({ numeric = false, className, children, ...rest }: CellProps & TdHTMLAttributes<HTMLTableCellElement>) {
  const td = styles[useContext(Variant)].td;
  return (
    <td className={cn(td, numeric && "text-right tabular-nums", className) || undefined} {...rest}>
      {children}
    </td>
  );
}
