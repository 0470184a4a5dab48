import type { Role } from "@/server/vocabulary/users";
import type { inventoryLevels, products, warehouseLocations, warehouses } from "./schema";

/**
 * Demo data for `seedDemo` (db/seed.ts). Everything here is plain, deterministic data keyed by
 * natural keys (SKU, warehouse code, bin code); seed.ts resolves those to generated ids.
 */

export const DEMO_PASSWORD = "depot-demo";

/** A decimal money string such as "24.99"; money never travels as a JS number. */
export type MoneyAmount = `${number}.${number}`;

// ---------------------------------------------------------------------------------------------
// Products and prices
// ---------------------------------------------------------------------------------------------

export const categories = [
  "apparel",
  "footwear",
  "kitchen",
  "electronics",
  "outdoor",
  "home",
  "beauty",
  "toys",
] as const;
export type Category = (typeof categories)[number];

type NewProduct = typeof products.$inferInsert;

export type SeedProduct = Required<
  Pick<NewProduct, "sku" | "name" | "description" | "weightGrams" | "requiresQc" | "active">
> & {
  category: Category;
  priceUsd: MoneyAmount;
  priceEur: MoneyAmount;
};

type ProductInput = Omit<SeedProduct, "category" | "requiresQc" | "active"> &
  Partial<Pick<SeedProduct, "requiresQc" | "active">>;

function inCategory(category: Category, items: ProductInput[]): SeedProduct[] {
  return items.map((item) => ({ requiresQc: false, active: true, ...item, category }));
}

export const seedProducts: readonly SeedProduct[] = [
  ...inCategory("apparel", [
    {
      sku: "APP-TSHIRT-BLK-M",
      name: "Essential Cotton Crew Tee (Black, M)",
      description: "A midweight organic cotton t-shirt with a relaxed fit and a tag-free neckline.",
      weightGrams: 180,
      priceUsd: "19.99",
      priceEur: "18.49",
    },
    {
      sku: "APP-TSHIRT-WHT-L",
      name: "Essential Cotton Crew Tee (White, L)",
      description: "A midweight organic cotton t-shirt with a relaxed fit and a tag-free neckline.",
      weightGrams: 190,
      priceUsd: "19.99",
      priceEur: "18.49",
    },
    {
      sku: "APP-HOODIE-GRY-L",
      name: "Heavyweight Pullover Hoodie (Heather Grey, L)",
      description: "A brushed fleece hoodie with a double-lined hood and a kangaroo pocket.",
      weightGrams: 620,
      priceUsd: "54.00",
      priceEur: "49.90",
    },
    {
      sku: "APP-JEANS-IND-32",
      name: "Slim Selvedge Jeans (Indigo, 32x32)",
      description: "Raw Japanese selvedge denim cut slim through the thigh with a tapered leg.",
      weightGrams: 780,
      priceUsd: "89.00",
      priceEur: "82.00",
    },
    {
      sku: "APP-RAINJKT-NVY-M",
      name: "Packable Rain Shell (Navy, M)",
      description: "A waterproof, breathable shell that packs into its own chest pocket.",
      weightGrams: 340,
      priceUsd: "119.00",
      priceEur: "109.00",
    },
    {
      sku: "APP-SOCKS-MRN-3PK",
      name: "Merino Hiking Socks, 3-Pack",
      description: "Cushioned merino wool crew socks that stay warm and odor-free on long trails.",
      weightGrams: 210,
      priceUsd: "29.99",
      priceEur: "27.99",
    },
    {
      sku: "APP-BEANIE-OLV",
      name: "Ribbed Knit Beanie (Olive)",
      description: "A soft rib-knit beanie with a fold-over cuff in a recycled wool blend.",
      weightGrams: 95,
      priceUsd: "22.00",
      priceEur: "20.00",
    },
    {
      sku: "APP-SCARF-WOOL-GRY",
      name: "Lambswool Scarf (Charcoal)",
      description: "A lightweight lambswool scarf woven in Scotland with fringed ends.",
      weightGrams: 160,
      priceUsd: "45.00",
      priceEur: "41.00",
      active: false,
    },
  ]),
  ...inCategory("footwear", [
    {
      sku: "FTW-RUNNER-BLU-10",
      name: "Stride Road Running Shoe (Blue, US 10)",
      description: "A neutral daily trainer with a responsive foam midsole and an engineered mesh upper.",
      weightGrams: 560,
      priceUsd: "129.99",
      priceEur: "119.99",
    },
    {
      sku: "FTW-RUNNER-BLK-9",
      name: "Stride Road Running Shoe (Black, US 9)",
      description: "A neutral daily trainer with a responsive foam midsole and an engineered mesh upper.",
      weightGrams: 540,
      priceUsd: "129.99",
      priceEur: "119.99",
    },
    {
      sku: "FTW-TRAIL-GRN-11",
      name: "Ridgeline Trail Runner (Moss, US 11)",
      description: "A grippy trail shoe with a rock plate and 5 mm lugs for loose, technical ground.",
      weightGrams: 640,
      priceUsd: "139.00",
      priceEur: "129.00",
    },
    {
      sku: "FTW-CHELSEA-BRN-10",
      name: "Leather Chelsea Boot (Chestnut, US 10)",
      description: "A Goodyear-welted Chelsea boot in full-grain leather with elastic side panels.",
      weightGrams: 1150,
      priceUsd: "189.00",
      priceEur: "175.00",
    },
    {
      sku: "FTW-SLIDE-BLK-9",
      name: "Recovery Slide Sandal (Black, US 9)",
      description: "A contoured foam slide that cushions tired feet after a long run.",
      weightGrams: 310,
      priceUsd: "34.99",
      priceEur: "32.99",
    },
    {
      sku: "FTW-CANVAS-WHT-8",
      name: "Classic Canvas Low-Top (White, US 8)",
      description: "A vulcanized canvas sneaker with a cushioned insole and a natural rubber sole.",
      weightGrams: 700,
      priceUsd: "59.00",
      priceEur: "55.00",
    },
    {
      sku: "FTW-INSOLE-L",
      name: "Cushioned Arch Support Insoles (Large)",
      description: "Trim-to-fit insoles with a firm heel cup and medium arch support.",
      weightGrams: 120,
      priceUsd: "24.99",
      priceEur: "22.99",
    },
  ]),
  ...inCategory("kitchen", [
    {
      sku: "KIT-CHEFKNIFE-8IN",
      name: "8-inch German Steel Chef's Knife",
      description: "A full-tang forged chef's knife with a 15-degree edge and a riveted pakkawood handle.",
      weightGrams: 240,
      priceUsd: "79.00",
      priceEur: "72.00",
    },
    {
      sku: "KIT-SKILLET-CI-10",
      name: "Pre-Seasoned Cast Iron Skillet, 10-inch",
      description: "A heavy cast iron skillet seasoned with vegetable oil and ready for stovetop or oven.",
      weightGrams: 2300,
      priceUsd: "39.99",
      priceEur: "36.99",
    },
    {
      sku: "KIT-FRENCHPRESS-1L",
      name: "Borosilicate French Press, 1 L",
      description: "A heat-resistant glass French press with a four-layer stainless steel filter.",
      weightGrams: 720,
      priceUsd: "34.99",
      priceEur: "32.49",
      requiresQc: true,
    },
    {
      sku: "KIT-WINEGLASS-4PK",
      name: "Crystal Wine Glasses, Set of 4",
      description: "Lead-free crystal all-purpose wine glasses with thin, laser-cut rims.",
      weightGrams: 1400,
      priceUsd: "49.00",
      priceEur: "45.00",
      requiresQc: true,
    },
    {
      sku: "KIT-CUTBOARD-WAL",
      name: "End-Grain Walnut Cutting Board",
      description: "A thick end-grain walnut board that is gentle on knife edges and finished with food-safe oil.",
      weightGrams: 1800,
      priceUsd: "69.00",
      priceEur: "64.00",
    },
    {
      sku: "KIT-CARAFE-GLS-1L",
      name: "Glass Water Carafe with Cork Stopper, 1 L",
      description: "A mouth-blown glass carafe with a natural cork stopper for the table or bedside.",
      weightGrams: 650,
      priceUsd: "27.50",
      priceEur: "25.50",
      requiresQc: true,
    },
    {
      sku: "KIT-MIXBOWL-SS-3PK",
      name: "Stainless Steel Mixing Bowls, Set of 3",
      description: "Nesting stainless steel bowls with non-slip silicone bases in 1, 3 and 5 quart sizes.",
      weightGrams: 950,
      priceUsd: "32.00",
      priceEur: "29.50",
    },
    {
      sku: "KIT-SPATULA-SIL",
      name: "Heat-Resistant Silicone Spatula",
      description: "A one-piece silicone spatula that withstands 600 degrees Fahrenheit and cleans in seconds.",
      weightGrams: 85,
      priceUsd: "9.99",
      priceEur: "9.49",
    },
  ]),
  ...inCategory("electronics", [
    {
      sku: "ELC-CABLE-USBC-2M",
      name: "Braided USB-C to USB-C Cable, 2 m",
      description: "A nylon-braided 100 W charging cable rated for more than 20,000 bends.",
      weightGrams: 60,
      priceUsd: "14.99",
      priceEur: "13.99",
    },
    {
      sku: "ELC-CHARGER-65W",
      name: "65 W GaN USB-C Wall Charger",
      description: "A compact gallium nitride charger that powers a laptop and a phone at the same time.",
      weightGrams: 120,
      priceUsd: "44.99",
      priceEur: "41.99",
    },
    {
      sku: "ELC-PWRBANK-10K",
      name: "10,000 mAh Slim Power Bank",
      description: "A pocket-sized power bank with 20 W fast charging and a battery level display.",
      weightGrams: 210,
      priceUsd: "39.99",
      priceEur: "36.99",
      requiresQc: true,
    },
    {
      sku: "ELC-EARBUDS-WHT",
      name: "True Wireless Earbuds (White)",
      description: "Noise-cancelling wireless earbuds with 8 hours of playback and a wireless charging case.",
      weightGrams: 55,
      priceUsd: "79.99",
      priceEur: "74.99",
      requiresQc: true,
    },
    {
      sku: "ELC-SPEAKER-BT-BLK",
      name: "Portable Bluetooth Speaker (Black)",
      description: "A waterproof Bluetooth speaker with 360-degree sound and a 12-hour battery.",
      weightGrams: 540,
      priceUsd: "59.99",
      priceEur: "55.99",
      requiresQc: true,
    },
    {
      sku: "ELC-HUB-USBC-7IN1",
      name: "7-in-1 USB-C Hub",
      description: "An aluminum hub adding HDMI 4K, three USB-A ports, SD and microSD readers and pass-through charging.",
      weightGrams: 90,
      priceUsd: "49.99",
      priceEur: "46.99",
      requiresQc: true,
    },
    {
      sku: "ELC-PHONECASE-CLR",
      name: "Clear Shockproof Phone Case, 6.1-inch",
      description: "A slim, non-yellowing clear case with reinforced corners for drop protection.",
      weightGrams: 45,
      priceUsd: "19.99",
      priceEur: "18.49",
    },
    {
      sku: "ELC-LAPSLEEVE-14",
      name: "Padded Laptop Sleeve, 14-inch",
      description: "A water-resistant felt sleeve with a magnetic flap and a front pocket for a charger.",
      weightGrams: 280,
      priceUsd: "29.99",
      priceEur: "27.99",
    },
  ]),
  ...inCategory("outdoor", [
    {
      sku: "OUT-BOTTLE-750-STL",
      name: "Insulated Steel Water Bottle, 750 ml",
      description: "A double-wall vacuum bottle that keeps drinks cold for 24 hours or hot for 12.",
      weightGrams: 380,
      priceUsd: "29.99",
      priceEur: "27.99",
    },
    {
      sku: "OUT-HEADLAMP-300",
      name: "Rechargeable 300-Lumen Headlamp",
      description: "A lightweight USB-rechargeable headlamp with red night mode and a lock-out switch.",
      weightGrams: 95,
      priceUsd: "34.99",
      priceEur: "32.49",
    },
    {
      sku: "OUT-DAYPACK-22L-GRN",
      name: "22 L Hiking Daypack (Forest Green)",
      description: "A ventilated daypack with a hydration sleeve, hip belt pockets and a rain cover.",
      weightGrams: 820,
      priceUsd: "74.00",
      priceEur: "69.00",
    },
    {
      sku: "OUT-TENT-2P",
      name: "Lightweight Two-Person Backpacking Tent",
      description: "A freestanding three-season tent with two doors and two vestibules that pitches in minutes.",
      weightGrams: 2100,
      priceUsd: "249.00",
      priceEur: "229.00",
    },
    {
      sku: "OUT-SLEEPBAG-20F",
      name: "20-Degree Synthetic Sleeping Bag",
      description: "A mummy-shaped sleeping bag with synthetic insulation that stays warm when damp.",
      weightGrams: 1450,
      priceUsd: "119.00",
      priceEur: "109.00",
    },
    {
      sku: "OUT-TREKPOLE-PR",
      name: "Collapsible Aluminum Trekking Poles, Pair",
      description: "Three-section aluminum poles with cork grips and quick flick-lock adjustment.",
      weightGrams: 540,
      priceUsd: "59.00",
      priceEur: "54.00",
    },
    {
      sku: "OUT-CAMPMUG-TI",
      name: "Titanium Camp Mug, 450 ml",
      description: "A single-wall titanium mug with folding handles that doubles as a stove pot.",
      weightGrams: 75,
      priceUsd: "24.99",
      priceEur: "22.99",
    },
  ]),
  ...inCategory("home", [
    {
      sku: "HOM-CANDLE-CEDAR",
      name: "Cedar and Amber Soy Candle, 8 oz",
      description: "A hand-poured soy candle with a cotton wick and about 45 hours of burn time.",
      weightGrams: 410,
      priceUsd: "26.00",
      priceEur: "24.00",
    },
    {
      sku: "HOM-THROW-KNIT-OAT",
      name: "Chunky Knit Throw Blanket (Oatmeal)",
      description: "An oversized chunky-knit throw in soft acrylic yarn for the sofa or the foot of the bed.",
      weightGrams: 1600,
      priceUsd: "79.00",
      priceEur: "72.00",
    },
    {
      sku: "HOM-VASE-CER-WHT",
      name: "Handmade Ceramic Bud Vase (White)",
      description: "A wheel-thrown stoneware bud vase with a matte glaze; each piece is slightly unique.",
      weightGrams: 520,
      priceUsd: "38.00",
      priceEur: "35.00",
      requiresQc: true,
    },
    {
      sku: "HOM-PILLOW-LIN-18",
      name: "Linen Throw Pillow Cover, 18-inch",
      description: "A stonewashed European linen pillow cover with a hidden zipper.",
      weightGrams: 220,
      priceUsd: "24.00",
      priceEur: "22.00",
    },
    {
      sku: "HOM-TOWEL-BATH-2PK",
      name: "Turkish Cotton Bath Towels, Set of 2",
      description: "Plush, quick-drying bath towels woven from long-staple Turkish cotton.",
      weightGrams: 1100,
      priceUsd: "48.00",
      priceEur: "44.00",
    },
    {
      sku: "HOM-LAMP-DESK-BRS",
      name: "Brass Adjustable Desk Lamp",
      description: "A swing-arm desk lamp in brushed brass with a weighted base and a warm LED bulb.",
      weightGrams: 1900,
      priceUsd: "89.00",
      priceEur: "82.00",
    },
    {
      sku: "HOM-FRAME-8X10-OAK",
      name: "Oak Picture Frame, 8x10",
      description: "A solid oak frame with a white mat for 5x7 prints and shatter-resistant acrylic glazing.",
      weightGrams: 480,
      priceUsd: "21.99",
      priceEur: "19.99",
    },
    {
      sku: "HOM-BASKET-SEAGRASS",
      name: "Woven Seagrass Storage Basket",
      description: "A hand-woven seagrass basket with handles for blankets, toys or laundry.",
      weightGrams: 650,
      priceUsd: "34.00",
      priceEur: "31.50",
    },
  ]),
  ...inCategory("beauty", [
    {
      sku: "BTY-SERUM-VITC-30",
      name: "Vitamin C Brightening Serum, 30 ml",
      description: "A 15 percent vitamin C serum with ferulic acid in an amber glass dropper bottle.",
      weightGrams: 110,
      priceUsd: "32.00",
      priceEur: "29.50",
      requiresQc: true,
    },
    {
      sku: "BTY-MOIST-DAY-50",
      name: "Daily Hydrating Moisturizer, 50 ml",
      description: "A lightweight, fragrance-free moisturizer with hyaluronic acid and ceramides.",
      weightGrams: 140,
      priceUsd: "28.00",
      priceEur: "25.90",
    },
    {
      sku: "BTY-PERFUME-NOIR-50",
      name: "Noir Eau de Parfum, 50 ml",
      description: "A warm woody fragrance with notes of vetiver, black pepper and tonka bean.",
      weightGrams: 320,
      priceUsd: "95.00",
      priceEur: "88.00",
      requiresQc: true,
    },
    {
      sku: "BTY-LIPBALM-4PK",
      name: "Shea Butter Lip Balm, 4-Pack",
      description: "Unscented lip balms made with shea butter, beeswax and vitamin E.",
      weightGrams: 40,
      priceUsd: "11.99",
      priceEur: "10.99",
    },
    {
      sku: "BTY-SHAMPOO-ARG-400",
      name: "Argan Oil Shampoo, 400 ml",
      description: "A sulfate-free shampoo with Moroccan argan oil for dry and color-treated hair.",
      weightGrams: 450,
      priceUsd: "18.50",
      priceEur: "16.99",
    },
    {
      sku: "BTY-SUNSCRN-SPF50",
      name: "Mineral Sunscreen SPF 50, 100 ml",
      description: "A reef-friendly zinc oxide sunscreen that rubs in without a white cast.",
      weightGrams: 130,
      priceUsd: "21.00",
      priceEur: "19.50",
    },
    {
      sku: "BTY-BRUSHSET-8PC",
      name: "Vegan Makeup Brush Set, 8 Pieces",
      description: "Synthetic-bristle face and eye brushes with bamboo handles and a travel roll.",
      weightGrams: 260,
      priceUsd: "36.00",
      priceEur: "33.00",
    },
  ]),
  ...inCategory("toys", [
    {
      sku: "TOY-BLOCKS-WOOD-50",
      name: "Natural Wooden Building Blocks, 50 Pieces",
      description: "Sanded beechwood blocks in classic shapes, finished with non-toxic water-based paint.",
      weightGrams: 1700,
      priceUsd: "39.99",
      priceEur: "36.99",
    },
    {
      sku: "TOY-PUZZLE-1000-MAP",
      name: "1000-Piece Vintage World Map Puzzle",
      description: "A jigsaw puzzle of an antique world map printed on thick recycled board.",
      weightGrams: 780,
      priceUsd: "24.99",
      priceEur: "22.99",
    },
    {
      sku: "TOY-PLUSH-BEAR-30",
      name: "Soft Plush Teddy Bear, 30 cm",
      description: "A huggable, machine-washable teddy bear with embroidered eyes safe for toddlers.",
      weightGrams: 350,
      priceUsd: "27.00",
      priceEur: "25.00",
    },
    {
      sku: "TOY-RCCAR-OFFROAD",
      name: "Rechargeable Off-Road RC Car",
      description: "A 1:16 scale four-wheel-drive remote control truck with a 25-minute rechargeable battery.",
      weightGrams: 1200,
      priceUsd: "64.99",
      priceEur: "59.99",
    },
    {
      sku: "TOY-CARDGAME-FAM",
      name: "Family Strategy Card Game",
      description: "A quick-to-learn card game of trading and set collecting for two to six players.",
      weightGrams: 300,
      priceUsd: "19.99",
      priceEur: "18.49",
    },
    {
      sku: "TOY-KITE-DELTA",
      name: "Rainbow Delta Kite",
      description: "A ripstop nylon delta kite that flies in light wind and comes with 50 m of line.",
      weightGrams: 260,
      priceUsd: "22.50",
      priceEur: "20.99",
    },
    {
      sku: "TOY-FIDGET-SPN",
      name: "Metal Fidget Spinner",
      description: "A balanced stainless steel spinner with ceramic bearings for long, quiet spins.",
      weightGrams: 70,
      priceUsd: "9.99",
      priceEur: "9.49",
      active: false,
    },
  ]),
];

export type Currency = "USD" | "EUR";

export type SeedPrice = {
  sku: string;
  currency: Currency;
  amount: MoneyAmount;
  /** The period is relative to seeding time, so price history always looks recent. */
  fromDaysAgo: number;
  /** null: the current price. */
  toDaysAgo: number | null;
};

/** Catalog prices start this long before seeding. */
const CATALOG_START_DAYS_AGO = 90;
/** Products in `priceChanges` switched to their current USD price this long before seeding. */
const PRICE_CHANGE_DAYS_AGO = 30;

/** Previous USD prices, so price history can be demonstrated. */
export const priceChanges: readonly { sku: string; previousUsd: MoneyAmount }[] = [
  { sku: "APP-HOODIE-GRY-L", previousUsd: "49.00" },
  { sku: "FTW-RUNNER-BLU-10", previousUsd: "139.99" },
  { sku: "KIT-SKILLET-CI-10", previousUsd: "34.99" },
  { sku: "ELC-EARBUDS-WHT", previousUsd: "89.99" },
  { sku: "OUT-TENT-2P", previousUsd: "229.00" },
];

function pricesFor(product: SeedProduct): SeedPrice[] {
  const { sku } = product;
  const change = priceChanges.find((c) => c.sku === sku);
  const eur: SeedPrice = {
    sku,
    currency: "EUR",
    amount: product.priceEur,
    fromDaysAgo: CATALOG_START_DAYS_AGO,
    toDaysAgo: null,
  };
  if (!change) {
    return [
      { sku, currency: "USD", amount: product.priceUsd, fromDaysAgo: CATALOG_START_DAYS_AGO, toDaysAgo: null },
      eur,
    ];
  }
  return [
    {
      sku,
      currency: "USD",
      amount: change.previousUsd,
      fromDaysAgo: CATALOG_START_DAYS_AGO,
      toDaysAgo: PRICE_CHANGE_DAYS_AGO,
    },
    { sku, currency: "USD", amount: product.priceUsd, fromDaysAgo: PRICE_CHANGE_DAYS_AGO, toDaysAgo: null },
    eur,
  ];
}

export const seedPrices: readonly SeedPrice[] = seedProducts.flatMap(pricesFor);

// ---------------------------------------------------------------------------------------------
// Warehouses and bins
// ---------------------------------------------------------------------------------------------

export const warehouseCodes = ["EAST", "CENTRAL", "WEST"] as const;
export type WarehouseCode = (typeof warehouseCodes)[number];

type NewWarehouse = typeof warehouses.$inferInsert;

export type SeedWarehouse = Required<Omit<NewWarehouse, "id" | "createdAt" | "code">> & {
  code: WarehouseCode;
};

export const seedWarehouses: readonly SeedWarehouse[] = [
  {
    code: "EAST",
    name: "Depot East (Newark)",
    addressLine: "800 Doremus Avenue",
    city: "Newark, NJ",
    postalCode: "07105",
    country: "US",
    latitude: "40.735700",
    longitude: "-74.172400",
    dailyCapacity: 400,
    timezone: "America/New_York",
  },
  {
    code: "CENTRAL",
    name: "Depot Central (Columbus)",
    addressLine: "4200 Alum Creek Drive",
    city: "Columbus, OH",
    postalCode: "43207",
    country: "US",
    latitude: "39.961200",
    longitude: "-82.998800",
    dailyCapacity: 250,
    timezone: "America/New_York",
  },
  {
    code: "WEST",
    name: "Depot West (Reno)",
    addressLine: "1250 Terminal Way",
    city: "Reno, NV",
    postalCode: "89502",
    country: "US",
    latitude: "39.529600",
    longitude: "-119.813800",
    dailyCapacity: 300,
    timezone: "America/Los_Angeles",
  },
];

export type BinLayout = { zones: readonly string[]; aisles: number; shelves: number; bins: number };

export const warehouseLayouts: Record<WarehouseCode, BinLayout> = {
  EAST: { zones: ["A", "B", "C", "D"], aisles: 5, shelves: 3, bins: 4 },
  CENTRAL: { zones: ["A", "B", "C"], aisles: 4, shelves: 3, bins: 4 },
  WEST: { zones: ["A", "B", "C"], aisles: 4, shelves: 4, bins: 3 },
};

type NewLocation = typeof warehouseLocations.$inferInsert;

export type SeedLocation = Required<Omit<NewLocation, "id" | "warehouseId">> & { warehouseCode: WarehouseCode };

/** The label printed on a bin, e.g. "A-03-2-04". */
export function locationCode(zone: string, aisle: number, shelf: number, bin: number): string {
  const pad2 = (n: number) => String(n).padStart(2, "0");
  return `${zone}-${pad2(aisle)}-${shelf}-${pad2(bin)}`;
}

/** All bins of a warehouse in pick-walk order: walkSequence follows (zone, aisle, shelf, bin). */
export function buildLocations(warehouseCode: WarehouseCode, layout: BinLayout): SeedLocation[] {
  const locations: SeedLocation[] = [];
  for (const zone of layout.zones) {
    for (let aisle = 1; aisle <= layout.aisles; aisle++) {
      for (let shelf = 1; shelf <= layout.shelves; shelf++) {
        for (let bin = 1; bin <= layout.bins; bin++) {
          locations.push({
            warehouseCode,
            zone,
            aisle,
            shelf,
            bin,
            code: locationCode(zone, aisle, shelf, bin),
            walkSequence: locations.length + 1,
          });
        }
      }
    }
  }
  return locations;
}

export const seedLocations: readonly SeedLocation[] = warehouseCodes.flatMap((code) =>
  buildLocations(code, warehouseLayouts[code]),
);

// ---------------------------------------------------------------------------------------------
// Stock
// ---------------------------------------------------------------------------------------------

type NewInventoryLevel = typeof inventoryLevels.$inferInsert;

export type SeedStock = Required<Pick<NewInventoryLevel, "onHand" | "lowStockThreshold">> & {
  warehouseCode: WarehouseCode;
  sku: string;
  locationCode: string;
};

const LOW_STOCK_THRESHOLD = 10;

/** 1-3 warehouses per product, rotating the starting warehouse so each one gets a mix. */
function warehousesStocking(productIndex: number): WarehouseCode[] {
  const count = 1 + (productIndex % 3);
  const start = Math.floor(productIndex / 3) % warehouseCodes.length;
  return Array.from({ length: count }, (_, k) => warehouseCodes[(start + k) % warehouseCodes.length]!);
}

/**
 * Quantity for the n-th stock level overall: mostly 20-200, with every 13th level empty and every
 * 11th below the low-stock threshold, so low-stock and out-of-stock views have something to show.
 */
function initialOnHand(levelIndex: number): number {
  if (levelIndex % 13 === 6) return 0;
  if (levelIndex % 11 === 4) return 1 + (levelIndex % (LOW_STOCK_THRESHOLD - 1));
  return 20 + ((levelIndex * 37) % 181);
}

/**
 * Bins are handed out with a stride coprime to the bin count, so products spread over aisles and
 * zones (pick paths then have some walking to optimise) yet never share a bin.
 */
const BIN_STRIDE = 7;

function buildStock(): SeedStock[] {
  const binsUsed: Record<WarehouseCode, number> = { EAST: 0, CENTRAL: 0, WEST: 0 };
  const stock: SeedStock[] = [];
  seedProducts.forEach((product, productIndex) => {
    if (!product.active) return;
    for (const warehouseCode of warehousesStocking(productIndex)) {
      const bins = seedLocations.filter((l) => l.warehouseCode === warehouseCode);
      const bin = bins[(binsUsed[warehouseCode] * BIN_STRIDE) % bins.length]!;
      binsUsed[warehouseCode] += 1;
      stock.push({
        warehouseCode,
        sku: product.sku,
        locationCode: bin.code,
        onHand: initialOnHand(stock.length),
        lowStockThreshold: LOW_STOCK_THRESHOLD,
      });
    }
  });
  return stock;
}

export const seedStock: readonly SeedStock[] = buildStock();

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

type StaffRole = Extract<Role, "picker" | "packer" | "warehouse_manager">;

/** Mirrors the users CHECK: warehouse staff have a warehouse, everyone else has none. */
export type DemoLogin = { email: string; name: string; password: string } & (
  | { role: StaffRole; warehouseCode: WarehouseCode }
  | { role: Exclude<Role, StaffRole>; warehouseCode: null }
);

export const demoLogins: readonly DemoLogin[] = [
  { email: "admin@depot.test", name: "Ada Admin", role: "admin", warehouseCode: null, password: DEMO_PASSWORD },
  { email: "ops@depot.test", name: "Oscar Ops", role: "ops", warehouseCode: null, password: DEMO_PASSWORD },
  {
    email: "manager.east@depot.test",
    name: "Maya Manager",
    role: "warehouse_manager",
    warehouseCode: "EAST",
    password: DEMO_PASSWORD,
  },
  { email: "picker.east@depot.test", name: "Pete Picker", role: "picker", warehouseCode: "EAST", password: DEMO_PASSWORD },
  { email: "packer.east@depot.test", name: "Paula Packer", role: "packer", warehouseCode: "EAST", password: DEMO_PASSWORD },
  { email: "picker.west@depot.test", name: "Wes Picker", role: "picker", warehouseCode: "WEST", password: DEMO_PASSWORD },
  {
    email: "manager.west@depot.test",
    name: "Wendy Manager",
    role: "warehouse_manager",
    warehouseCode: "WEST",
    password: DEMO_PASSWORD,
  },
  { email: "alice@example.com", name: "Alice Carter", role: "customer", warehouseCode: null, password: DEMO_PASSWORD },
  { email: "bob@example.com", name: "Bob Nguyen", role: "customer", warehouseCode: null, password: DEMO_PASSWORD },
];

/** Demo promotion codes: one of each kind, plus an expired and a nearly used-up one. */
export type SeedPromotion = {
  code: string;
  description: string;
  kind: "percentage" | "fixed" | "free_shipping";
  value: string;
  minSubtotal: string;
  maxDiscount: string | null;
  startsDaysAgo: number;
  endsInDays: number | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  stackable: boolean;
};

export const seedPromotions: readonly SeedPromotion[] = [
  { code: "WELCOME10", description: "10% off your order (up to $50)", kind: "percentage", value: "10", minSubtotal: "0", maxDiscount: "50.00", startsDaysAgo: 30, endsInDays: 365, usageLimit: null, perCustomerLimit: 1, stackable: true },
  { code: "SAVE15", description: "$15 off orders of $100 or more", kind: "fixed", value: "15.00", minSubtotal: "100.00", maxDiscount: null, startsDaysAgo: 30, endsInDays: 90, usageLimit: 1000, perCustomerLimit: null, stackable: true },
  { code: "FREESHIP", description: "Free shipping on any order", kind: "free_shipping", value: "0", minSubtotal: "0", maxDiscount: null, startsDaysAgo: 30, endsInDays: 90, usageLimit: null, perCustomerLimit: null, stackable: true },
  { code: "FLASH25", description: "25% off, cannot be combined", kind: "percentage", value: "25", minSubtotal: "50.00", maxDiscount: "100.00", startsDaysAgo: 1, endsInDays: 7, usageLimit: 100, perCustomerLimit: 1, stackable: false },
  { code: "SUMMER20", description: "Last summer's 20% off", kind: "percentage", value: "20", minSubtotal: "0", maxDiscount: null, startsDaysAgo: 200, endsInDays: -100, usageLimit: null, perCustomerLimit: null, stackable: false },
];
