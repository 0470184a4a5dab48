import type { ReactNode } from "react";
import { AccountNav } from "@/components/shop/account/account-nav";
import { currentUser } from "@/server/auth";

export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <>
      {user?.role === "customer" && (
        <div className="mx-auto max-w-4xl px-4 pt-8 sm:px-6 sm:pt-10">
          <AccountNav />
        </div>
      )}
      {children}
    </>
  );
}
