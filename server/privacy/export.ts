import type { DbOrTx } from "@/db/client";
import { customerOrdersExport, type OrderExport } from "@/server/orders";
import { customerReviews, type CustomerReview } from "@/server/reviews";
import { consentState, getProfile, listAddresses, type ConsentEntry, type Profile, type SavedAddress } from "@/server/users";

export type CustomerDataExport = {
  exportedAt: Date;
  profile: Omit<Profile, "version">;
  addresses: SavedAddress[];
  consentHistory: ConsentEntry[];
  orders: OrderExport[];
  reviews: CustomerReview[];
};

/** Everything Depot keeps about a customer, theirs only: the JSON of "Download my data". */
export async function exportCustomerData(db: DbOrTx, customerId: string): Promise<CustomerDataExport> {
  const { version: _version, ...profile } = await getProfile(db, customerId);
  const [addresses, consents, orders, reviews] = await Promise.all([
    listAddresses(db, customerId),
    consentState(db, customerId),
    customerOrdersExport(db, customerId),
    customerReviews(db, customerId),
  ]);
  return { exportedAt: new Date(), profile, addresses, consentHistory: consents.history, orders, reviews };
}
