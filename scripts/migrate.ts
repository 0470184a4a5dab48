import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { databaseUrl } from "@/server/env";

// Applies db/migrations to DATABASE_URL (`npm run dev` and `npm start` do this themselves).
const handle = createDb(databaseUrl(), { max: 1 });
await runMigrations(handle.db);
await handle.close();
console.log("migrations applied");
