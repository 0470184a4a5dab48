import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import type { Role } from "@/server/vocabulary/users";
import { roleLabels } from "@/server/auth/shared";

type ForbiddenProps = {
  title?: string;
  message?: string;
  backHref?: string;
  backLabel?: string;
};

/** The 403 panel: rendered in place (no redirect) when a signed-in user may not open a page. */
export function Forbidden({
  title = "Staff only",
  message = "The Depot console is for warehouse and operations staff. Your customer account can't open it.",
  backHref = "/",
  backLabel = "Back to the shop",
}: ForbiddenProps) {
  return (
    <section aria-labelledby="forbidden-heading" className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 text-center shadow-sm sm:p-8">
      <span aria-hidden="true" className="mx-auto grid size-12 place-items-center rounded-full bg-amber-50 text-xl text-amber-700 ring-1 ring-amber-200">
        !
      </span>
      <p className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Error 403</p>
      <h1 id="forbidden-heading" className="mt-1 text-xl font-semibold tracking-tight text-slate-900">
        {title}
      </h1>
      <p className="mt-2 text-sm text-slate-600">{message}</p>
      <Link href={backHref} className={buttonClasses("primary", "md", "mt-6")}>
        {backLabel}
      </Link>
    </section>
  );
}

type OpsOnlyProps = {
  role: Role;
  /** What the page shows, as the sentence's subject: "The outbox", "Failed compensations". */
  what: string;
  plural?: boolean;
};

/** The 403 panel of a page only operations staff and administrators may open. */
export function OpsOnly({ role, what, plural = false }: OpsOnlyProps) {
  return (
    <Forbidden
      title="Operations only"
      message={`${what} ${plural ? "are" : "is"} for operations staff and administrators. Your ${roleLabels[role].toLowerCase()} account can't open ${plural ? "them" : "it"}.`}
      backHref="/console"
      backLabel="Back to the overview"
    />
  );
}
