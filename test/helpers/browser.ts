// The headless browser the report tests open pages in: Debian's /usr/bin/chromium when it is installed,
// else the Chromium shipped inside the @sparticuz/chromium npm package (unpacked on first use), so
// `npm ci && npm test` needs nothing from apt.
import { existsSync } from "node:fs";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";

/** Debian's package puts its browser here; it wins when present (it matches the system's libraries). */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where the browser comes from and its executable, for a test's own diagnostics. */
export interface BrowserSource {
  source: "system" | "npm";
  executablePath: string;
}

/** The system Chromium when installed, else the npm-shipped one (unpacked into the temp directory once). */
export async function findChromium(systemPath = SYSTEM_CHROMIUM): Promise<BrowserSource> {
  if (existsSync(systemPath)) return { source: "system", executablePath: systemPath };
  return { source: "npm", executablePath: await sparticuz.executablePath() };
}

/** Launches headless Chromium from `findChromium`; the caller closes it. */
export async function launchChromium(): Promise<{ browser: Browser; from: BrowserSource }> {
  const from = await findChromium();
  const browser = await chromium.launch({ executablePath: from.executablePath, headless: true, args: ARGS });
  return { browser, from };
}
