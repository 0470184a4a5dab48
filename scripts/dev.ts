import { runApp, stopOnSignals } from "./lib/run-app";

// `npm run dev`: embedded PostgreSQL (unless DATABASE_URL), migrations, demo data, Next.js in
// development mode and the local Inngest executor.
stopOnSignals(await runApp({ mode: "dev" }));
