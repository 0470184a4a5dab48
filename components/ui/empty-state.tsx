import type { ReactNode } from "react";

/**
 * What a list or table shows when it has nothing: a dashed box with one line, or with `title`
 * a heading and a line saying when things will show up.
 */
export function EmptyState({ title, children }: { title?: ReactNode; children?: ReactNode }) {
  if (title === undefined) {
    return <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">{children}</p>;
  }
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <p className="font-semibold text-slate-900">{title}</p>
      {children && <p className="mt-1 text-sm text-slate-600">{children}</p>}
    </div>
  );
}
