// The HTML report in a real headless Chromium: no console errors, and a visible timeline bar for every
// run of the recorded run. Chromium comes from the Debian package (`apt-get install chromium`); without
// it the test skips locally and fails in CI.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/core/report/render.js";
import { recordedRun } from "../core/views/fixture.js";

const CHROMIUM = "/usr/bin/chromium";
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

describe("HTML report in headless Chromium", () => {
  it("opens without console errors and shows every task of the run in the timeline", async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: CI must install the chromium package`);
      ctx.skip(`${CHROMIUM} is not installed (apt-get install chromium); skipping the browser check`);
    }
    const run = recordedRun();
    const dir = mkdtempSync(join(tmpdir(), "polecat-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, renderReport({ tasks: run.tasks, events: run.events, title: "shop <b>orders</b> run", now: run.now }));
    const claims = run.events.filter((e) => e.event === "task.claimed");
    const ids = [...new Set(claims.map((e) => e.task_id ?? ""))];

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(err.message));
      const requests: string[] = [];
      page.on("request", (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

      expect(await page.title()).toBe("shop <b>orders</b> run");
      expect(await page.locator("#timeline .bar").count()).toBe(claims.length);
      for (const id of ids) {
        const bars = page.locator(`#timeline .bar[data-task="${id}"]`);
        const n = await bars.count();
        expect(n, `bars of ${id}`).toBeGreaterThan(0);
        for (let i = 0; i < n; i++) {
          const bar = bars.nth(i);
          expect(await bar.isVisible(), `bar ${i} of ${id} is visible`).toBe(true);
          const box = await bar.boundingBox();
          expect(box?.width ?? 0, `bar ${i} of ${id} has width`).toBeGreaterThan(0);
          expect(box?.height ?? 0).toBeGreaterThan(0);
        }
      }
      const svg = await page.locator("svg.queue").boundingBox();
      expect(svg?.width ?? 0).toBeGreaterThan(500);
      expect(await page.locator("#results tbody tr").count()).toBe(run.tasks.length);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
