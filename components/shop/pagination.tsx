import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

function pageHref(filters: URLSearchParams, page: number): string {
  const params = new URLSearchParams(filters);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `/products?${s}` : "/products";
}

/** `filters`: the list's other search params, kept on every page link. */
export function Pagination({ filters, page, pageCount }: { filters: URLSearchParams; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const disabled = "pointer-events-none opacity-50";
  return (
    <nav aria-label="Pagination" className="mt-8 flex items-center justify-between gap-3">
      {page > 1 ? (
        <Link href={pageHref(filters, Math.min(page - 1, pageCount))} rel="prev" className={buttonClasses("secondary")}>
          ← Previous
        </Link>
      ) : (
        <span aria-hidden="true" className={buttonClasses("secondary", "md", disabled)}>
          ← Previous
        </span>
      )}
      <p className="text-sm text-slate-600" aria-current="page">
        Page {page} of {pageCount}
      </p>
      {page < pageCount ? (
        <Link href={pageHref(filters, page + 1)} rel="next" className={buttonClasses("secondary")}>
          Next →
        </Link>
      ) : (
        <span aria-hidden="true" className={buttonClasses("secondary", "md", disabled)}>
          Next →
        </span>
      )}
    </nav>
  );
}
