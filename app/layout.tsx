import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Depot", template: "%s · Depot" },
  description: "Order and fulfillment, done right.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, none at build time: Next.js puts the request's CSP nonce
  // (proxy.ts) on its scripts only while rendering, and a prerendered page would carry none.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
