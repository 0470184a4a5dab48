import "server-only";

/** The returns module's public API: other modules import only this file. */
export { approveReturn, receiveReturn, rejectReturn } from "./ops";
export { orderReturns, returnDetail, returnsOverview, type OrderReturns, type ReturnDetail } from "./queries";
export { requestReturn } from "./request";
export { pendingSettlement, refundReturn, restockReturn } from "./settle";
