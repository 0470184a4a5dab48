import "server-only";

/** The catalog module's public API: other modules import only this file. */
export { PRICE_PATTERN, importPrices, overridePrice, type PriceChange } from "./price-import";
export { STORE_CURRENCY, availableUnits, currentPrices } from "./pricing";
export { listCategories, listProducts, productBySku, type ProductCard } from "./products";
export { productImageBySku } from "./product-images";
