import { existsSync } from "node:fs";

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The system Chromium for Playwright (CHROMIUM_PATH wins), or undefined. */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return candidates.find((path) => existsSync(path));
}

export const chromiumInstallHint =
  "No Chromium found for the end-to-end tests. Install one, e.g. on Debian/Ubuntu:\n" +
  "  sudo apt-get update && sudo apt-get install -y chromium\n" +
  "or point CHROMIUM_PATH at a Chromium/Chrome binary.";
