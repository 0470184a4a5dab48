import { router } from "../init";
import { accountRouter } from "./account";
import { addressesRouter } from "./addresses";
import { cartRouter } from "./cart";
import { catalogRouter } from "./catalog";
import { checkoutRouter } from "./checkout";
import { consentsRouter } from "./consents";
import { consoleRouter } from "./console";
import { opsAuditRouter } from "./ops-audit";
import { opsCompensationsRouter } from "./ops-compensations";
import { opsDashboardRouter } from "./ops-dashboard";
import { opsEventsRouter } from "./ops-events";
import { opsInventoryRouter } from "./ops-inventory";
import { opsOrdersRouter } from "./ops-orders";
import { opsReservationsRouter } from "./ops-reservations";
import { ordersRouter } from "./orders";
import { packingRouter } from "./packing";
import { pickingRouter } from "./picking";
import { returnsRouter } from "./returns";
import { reviewsRouter } from "./reviews";
import { shippingRouter } from "./shipping";

export const appRouter = router({
  account: accountRouter,
  addresses: addressesRouter,
  consents: consentsRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  console: consoleRouter,
  shipping: shippingRouter,
  picking: pickingRouter,
  packing: packingRouter,
  returns: returnsRouter,
  reviews: reviewsRouter,
  compensations: opsCompensationsRouter,
  audit: opsAuditRouter,
  dashboard: opsDashboardRouter,
  events: opsEventsRouter,
  reservations: opsReservationsRouter,
  inventory: opsInventoryRouter,
  opsOrders: opsOrdersRouter,
});

export type AppRouter = typeof appRouter;
