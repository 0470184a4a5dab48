import { router } from "../init";
import { accountRouter } from "./account";
import { cartRouter } from "./cart";
import { catalogRouter } from "./catalog";
import { checkoutRouter } from "./checkout";
import { consoleRouter } from "./console";
import { ordersRouter } from "./orders";
import { packingRouter } from "./packing";
import { pickingRouter } from "./picking";
import { shippingRouter } from "./shipping";

export const appRouter = router({
  account: accountRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  console: consoleRouter,
  shipping: shippingRouter,
  picking: pickingRouter,
  packing: packingRouter,
});

export type AppRouter = typeof appRouter;
