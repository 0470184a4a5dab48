import { router } from "../init";

/** Shipping: labels, the manual queue, hand-over to the carrier. */
export const shippingRouter = router({});
