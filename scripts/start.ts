import { existsSync } from "node:fs";
import path from "node:path";
import { appSettings, root, runApp, stopOnSignals } from "./lib/run-app";

// `npm start` after `npm run build`: the same wiring as dev with the production server.
appSettings({ mode: "start" });
if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("No production build found. Run `npm run build` first.");
  process.exit(1);
}
stopOnSignals(await runApp({ mode: "start" }));
