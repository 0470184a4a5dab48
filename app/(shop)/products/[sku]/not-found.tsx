import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function ProductNotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-4 px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">We couldn&apos;t find that product</h1>
      <p className="text-slate-600">It may have been removed from the catalog, or the link has a typo.</p>
      <Link href="/products" className={buttonClasses("primary")}>
        Browse all products
      </Link>
    </div>
  );
}
