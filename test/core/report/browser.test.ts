// The HTML report in a real headless Chromium: no console errors, and a visible timeline bar for every
// run of the recorded run. The browser is Debian's /usr/bin/chromium when installed, else the one shipped
// in the @sparticuz/chromium npm package (test/helpers/browser.ts): the test never skips.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { renderReport } from "../../../src/core/report/render.js";
import { recordedRun } from "../views/fixture.js";
import { findChromium, launchChromium } from "../../helpers/browser.js";

describe("HTML report in headless Chromium", () => {
  it("opens without console errors and shows every task of the run in the timeline", async () => {
    const run = recordedRun();
    const dir = mkdtempSync(join(tmpdir(), "polecat-report-"));
    const file = join(dir, "report.html");
    const log = pathToFileURL(join(import.meta.dirname, "../../fixtures/run/logs/flaky-test.log")).href;
    const logs = new Map([["flaky-test", log]]);
    writeFileSync(file, renderReport({ tasks: run.tasks, events: run.events, title: "shop <b>orders</b> run", now: run.now, logs }));
    const claims = run.events.filter((e) => e.event === "task.claimed");
    const ids = [...new Set(claims.map((e) => e.task_id ?? ""))];

    const { browser } = await launchChromium();
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
      expect(await page.locator("#workers tbody tr").count()).toBe(new Set(claims.map((e) => e.worker_id)).size);
      expect(await page.locator("#refinery tbody tr").count()).toBe(run.events.filter((e) => e.event === "refinery.push").length);
      expect(await page.locator("#results td.why", { hasText: "withdrawn: legacy cart" }).isVisible()).toBe(true);
      expect(await page.locator("#timeline a.label").count()).toBe(claims.filter((e) => e.task_id === "flaky-test").length);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      // The results row's log link opens the task's log.
      await page.locator('#results tr[data-row="flaky-test"] a').click();
      await page.waitForURL(log);
      expect(await page.locator("body").innerText()).toContain(readFileSync(new URL(log), "utf8").split("\n")[0]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the browser the report test opens", () => {
  it("is the system Chromium when installed, else the npm-shipped one, which exists after unpacking", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polecat-browser-"));
    try {
      const fake = join(dir, "chromium");
      writeFileSync(fake, "");
      expect(await findChromium(fake)).toEqual({ source: "system", executablePath: fake });
      const npm = await findChromium(join(dir, "absent"));
      expect(npm.source).toBe("npm");
      expect(existsSync(npm.executablePath), npm.executablePath).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
