import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/shop/pagination";
import { ProductCard } from "@/components/shop/product-card";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { db } from "@/db/client";
import { listProducts } from "@/server/catalog";

export const metadata: Metadata = { title: "Products" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 12;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const query = first(params.q)?.trim().slice(0, 100) || undefined;
  const requested = Number.parseInt(first(params.page) ?? "1", 10);
  const page = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), 1000) : 1;
  const result = await listProducts(db(), { query, page, pageSize: PAGE_SIZE });

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{query ? `Results for “${query}”` : "All products"}</h1>
          <p className="mt-1 text-sm text-slate-600" aria-live="polite">
            {result.total === 1 ? "1 product" : `${result.total} products`}
            {query && (
              <>
                {" · "}
                <Link href="/products" className="font-medium text-brand-600 hover:underline">
                  Clear search
                </Link>
              </>
            )}
          </p>
        </div>
        <form action="/products" method="get" role="search" className="flex w-full gap-2 sm:w-96">
          <Label htmlFor="product-search" className="sr-only">
            Search products
          </Label>
          <Input id="product-search" name="q" type="search" defaultValue={query} placeholder="Search products" maxLength={100} />
          <Button type="submit">Search</Button>
        </form>
      </div>

      {result.items.length === 0 ? (
        <div className="mt-10 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <p className="font-semibold text-slate-900">{query ? `Nothing matches “${query}”.` : "There is nothing on this page."}</p>
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

      <Pagination query={query} page={page} pageCount={result.pageCount} />
    </div>
  );
}
