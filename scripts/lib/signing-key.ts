import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { newSigningKey } from "@/inngest/local-executor/signing";

/**
 * The embedded mode's Inngest signing key, kept with the embedded data: generated on first start
 * (readable by this user only) and reused after, so the app and its local executor share one key
 * that is never in the repository or a default.
 */
export function localSigningKey(dataDir: string): string {
  const file = path.join(dataDir, "inngest-signing-key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${newSigningKey()}\n`, { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}
