import { z } from "zod";

// The pages' CSP allows no eval. zod probes `new Function` when it builds an object schema (for its
// compiled fast path), and the browser reports that as a CSP violation even though zod catches it.
// In the browser, schemas shared with the server (the address, the checkout details) run without
// it; the server keeps the fast path. Every browser-reachable file that builds an object schema
// imports this first, so it runs before the schema is built whichever page loads it.
if (typeof window !== "undefined") z.config({ jitless: true });
