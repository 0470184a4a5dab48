import type { Metadata } from "next";
import Link from "next/link";
import { CatalogFilters, catalogSearchParams } from "@/components/shop/catalog-filters";
import { Pagination } from "@/components/shop/pagination";
import { ProductCard } from "@/components/shop/product-card";
import { Alert } from "@/components/ui/alert";
import { db } from "@/db/client";
import { listCategories, listProducts } from "@/server/catalog";
import { catalogListInput } from "@/server/vocabulary/catalog";

export const metadata: Metadata = { title: "Products" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 12;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The list's filters from the URL; a bad value is dropped (and named) rather than failing the page. */
function filtersFrom(params: Awaited<SearchParams>) {
  const requested = Number.parseInt(first(params.page) ?? "1", 10);
  const raw: Record<string, unknown> = {
    query: first(params.q)?.trim().slice(0, 100) || undefined,
    category: first(params.category) || undefined,
    sort: first(params.sort) || undefined,
    inStock: first(params.instock) === "1",
    page: Number.isInteger(requested) ? Math.min(Math.max(requested, 1), 1000) : 1,
    pageSize: PAGE_SIZE,
  };
  const parsed = catalogListInput.safeParse(raw);
  if (parsed.success) return { filters: parsed.data, problems: [] };
  for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
  return { filters: catalogListInput.parse(raw), problems: parsed.error.issues.map((i) => i.message) };
}

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const { filters, problems } = filtersFrom(await searchParams);
  const { query, page } = filters;
  const [result, categories] = await Promise.all([listProducts(db(), filters), listCategories(db())]);
  const filtered = Boolean(query || filters.category || filters.inStock);

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{query ? `Results for “${query}”` : "All products"}</h1>
      <p className="mt-1 text-sm text-slate-600" aria-live="polite">
        {result.total === 1 ? "1 product" : `${result.total} products`}
        {filtered && (
          <>
            {" · "}
            <Link href="/products" className="font-medium text-brand-600 hover:underline">
              Clear filters
            </Link>
          </>
        )}
      </p>
      {problems.length > 0 && (
        <Alert tone="error" title="Some filters were left out" className="mt-4">
          {problems.join(". ")}.
        </Alert>
      )}
      <CatalogFilters values={filters} categories={categories} />

      {result.items.length === 0 ? (
        <div className="mt-10 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <p className="font-semibold text-slate-900">{query ? `Nothing matches “${query}”.` : filtered ? "Nothing matches these filters." : "There is nothing on this page."}</p>
          <p className="mt-1 text-sm text-slate-600">Try another word, or browse everything we sell.</p>
          <Link href="/products" className="mt-4 inline-block font-medium text-brand-600 hover:underline">
            See all products
          </Link>
        </div>
      ) : (
        <ul className="mt-8 grid grid-cols-1 gap-4 min-[420px]:grid-cols-2 md:grid-cols-3 lg:grid-cols-4">
          {result.items.map((product) => (
            <ProductCard key={product.id} product={product} />
          ))}
        </ul>
      )}

      <Pagination filters={catalogSearchParams(filters)} page={page} pageCount={result.pageCount} />
    </div>
  );
}
