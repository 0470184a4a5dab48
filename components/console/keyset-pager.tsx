"use client";

import { useState } from "react";
import { Button, type ButtonSize } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** Where a keyset-paged list is: `cursor` opens the current page (page 1 has none). */
export type KeysetPages<C> = {
  cursor: C | undefined;
  page: number;
  next: (cursor: C) => void;
  previous: () => void;
  reset: () => void;
};

/** Next follows the server's cursor; Previous goes back through the cursors already seen. */
export function useKeysetPages<C>(): KeysetPages<C> {
  const [cursors, setCursors] = useState<C[]>([]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length + 1,
    next: (cursor) => setCursors((seen) => [...seen, cursor]),
    previous: () => setCursors((seen) => seen.slice(0, -1)),
    reset: () => setCursors([]),
  };
}

type KeysetPagerProps<C> = {
  /** The accessible name of the page navigation. */
  label: string;
  pages: KeysetPages<C>;
  /** The server's cursor for the page after this one; none on the last page. */
  nextCursor: C | null | undefined;
  /** The rows shown are still the previous page's (placeholder data), so `nextCursor` is theirs. */
  stale?: boolean;
  size?: ButtonSize;
  /** Shows "Page N" after the buttons. */
  showPage?: boolean;
  previousLabel?: string;
  nextLabel?: string;
  /** Added to the nav's classes (e.g. its alignment). */
  className?: string;
};

/** Previous page / Next page buttons (or other labels) for a list paged by keyset cursors. */
export function KeysetPager<C>({
  label,
  pages,
  nextCursor,
  stale = false,
  size = "md",
  showPage = false,
  previousLabel = "Previous page",
  nextLabel = "Next page",
  className,
}: KeysetPagerProps<C>) {
  const next = () => {
    if (nextCursor != null) pages.next(nextCursor);
  };
  return (
    <nav aria-label={label} className={cn("flex gap-2", className)}>
      <Button size={size} variant="secondary" disabled={pages.page === 1} onClick={pages.previous}>
        {previousLabel}
      </Button>
      <Button size={size} variant="secondary" disabled={nextCursor == null || stale} onClick={next}>
        {nextLabel}
      </Button>
      {showPage && <span className="text-sm text-slate-600">Page {pages.page}</span>}
    </nav>
  );
}
