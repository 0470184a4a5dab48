import { redirect } from "next/navigation";
import { allowed, currentUser } from "@/server/auth";

export const dynamic = "force-dynamic";

/** Where sign-in lands without a callback URL: staff start in the console, customers in the shop. */
export default async function ContinueAfterSignIn() {
  const user = await currentUser();
  redirect(user && allowed(user.role, "staff") ? "/console" : "/");
}
