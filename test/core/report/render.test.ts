// The report renderer on the recorded run: self-contained, escaped, a bar per run, queue depth replayed.
import { describe, expect, it } from "vitest";
import { queueDepth } from "../../../src/core/report/queue.js";
import { renderReport } from "../../../src/core/report/render.js";
import { tickLabel, tickStep, ticks } from "../../../src/core/report/html.js";
import { refineryFigures } from "../../../src/core/report/refinery.js";
import type { EventRecord } from "../../../src/core/ports/store.js";
import { MIN, recordedRun } from "../views/fixture.js";

const run = recordedRun();
const html = renderReport({ tasks: run.tasks, events: run.events, title: 'Run <script>alert("t")</script> & co', now: run.now });
const claims = run.events.filter((e) => e.event === "task.claimed");

describe("renderReport", () => {
  it("is one self-contained page with no scripts and no external resources", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/i);
    expect(html).toContain("<style>");
    expect(html).toContain("<svg");
  });

  it("escapes every string, titles with markup included", () => {
    expect(html).toContain("<title>Run &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co</title>");
    expect(html).toContain("Fix lint in &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; helpers");
  });

  it("draws one bar per run, with data-task, in the lane of its slot", () => {
    const bars = [...html.matchAll(/<div class="bar ([a-z]+)" data-task="([^"]+)" data-attempt="(\d+)"/g)];
    expect(bars).toHaveLength(claims.length);
    expect(new Set(bars.map((b) => b[2]))).toEqual(new Set(claims.map((e) => e.task_id)));
    expect(bars.filter((b) => b[2] === "cache").map((b) => b[1])).toEqual(["failed", "finished", "finished"]);
    expect(bars.find((b) => b[2] === "metrics")?.[1]).toBe("running");
    const lanes = [...html.matchAll(/<div class="lane"><div class="lane-name">([^<]+)<\/div>/g)].map((m) => m[1]);
    expect(lanes).toEqual(["claude-1", "claude-2", "codex-1"]);
    const merges = [...html.matchAll(/data-merge="([^"]+)"/g)].map((m) => m[1]);
    expect(merges).toEqual(["schema lint-fix", "api-auth", "api-orders i18n", "cache docs"]);
    expect(html).toContain('<span class="key finished"></span>finished <span class="key running"></span>running');
    expect(html).not.toContain('class="key reset"');
  });

  it("lists every task seen in the range in the results table", () => {
    const rows = [...html.matchAll(/<tr data-row="([^"]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(run.tasks.map((t) => t.id));
    expect(html).toMatch(/<tr data-row="cache">.*<span class="pill done">done<\/span><\/td><td class="num">42m<\/td><td class="num">3<\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(/<tr data-row="cleanup">.*<td class="num">-<\/td>/);
  });

  it("limits itself to a time range", () => {
    const from = run.started_at + 60 * MIN;
    const part = renderReport({ tasks: run.tasks, events: run.events, from, title: "last 35 minutes", now: run.now });
    const ids = new Set([...part.matchAll(/data-task="([^"]+)"/g)].map((m) => m[1]));
    expect(ids).toEqual(new Set(["rate-limit", "cache", "docs", "ui-list", "flaky-test", "metrics"]));
  });

  it("links each bar and each result row to the task's log, and links nothing else", () => {
    const logs = new Map([["cache", "file:///home/p/.polecat/logs/shop/cache.log"]]);
    const linked = renderReport({ tasks: run.tasks, events: run.events, title: "t", now: run.now, logs });
    const hrefs = [...linked.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    const cacheRuns = claims.filter((e) => e.task_id === "cache").length;
    expect(hrefs).toEqual([
      ...Array.from({ length: cacheRuns }, () => ['class="label" href="file:///home/p/.polecat/logs/shop/cache.log"', "cache"]),
      ['href="file:///home/p/.polecat/logs/shop/cache.log"', "log"],
    ]);
    expect(linked.replaceAll(/<a [^>]*href="file:[^"]*"/g, "")).not.toMatch(/href=|src=/i);
  });

  it("says why a task is blocked, cancelled, kicked back or failed", () => {
    const why = (id: string) => new RegExp(`<tr data-row="${id}">.*<td class="why" title="([^"]*)">`).exec(html)?.[1];
    expect(why("flaky-test")).toBe("failed 3 attempts: agent exited with code 1: could not reproduce the flake");
    expect(why("cleanup")).toBe("withdrawn: legacy cart is still used by the mobile app");
    expect(why("cache")).toBe("kicked back: conflict: src/catalog/lookup.ts");
    expect(why("i18n")).toBe("failed: lease expired at 2025-03-14T09:29:00.000Z");
    expect(why("schema")).toBe("");
  });

  it("rolls the runs up per slot: runs, how they ended, busy time and share of the range", () => {
    const rows = [...html.matchAll(/<tr data-slot="([^"]+)">(.*?)<\/tr>/g)].map((m) => [m[1], [...(m[2] ?? "").matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1])]);
    expect(rows.map(([slot]) => slot)).toEqual(["claude-1", "claude-2", "codex-1"]);
    for (const [slot, cells] of rows) {
      const mine = claims.filter((e) => e.worker_id === slot);
      expect(cells?.[2], `${String(slot)} runs`).toBe(String(mine.length));
    }
    expect(rows[1]?.[1]?.slice(1, 5)).toEqual(["claude", "6", "2", "4"]);
  });

  it("shows the refinery's batches, validation time and merge commits", () => {
    const section = html.slice(html.indexOf('<section id="refinery">'));
    expect(section).toContain("<li><b>4</b>batches</li><li><b>4</b>validation runs</li><li><b>0</b>bisection steps</li><li><b>2m40s</b>validating</li><li><b>40s</b>median validation</li><li><b>4</b>merge commits</li>");
    const pushes = run.events.filter((e) => e.event === "refinery.push");
    const commits = [...section.matchAll(/<tr data-merge-commit="([^"]+)">.*?<td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    expect(commits).toEqual(pushes.map((e) => [e.data?.head, (e.data?.ids as string[]).join(", ")]));
  });

  it("renders an empty range without failing", () => {
    const empty = renderReport({ tasks: [], events: [], title: "nothing", now: run.now });
    expect(empty).toContain("No task ran in this range.");
  });
});

describe("refineryFigures", () => {
  const ev = (ts: number, event: string, data: Record<string, unknown> = {}): EventRecord => ({ ts, event, level: "info", project: "p", data });
  it("counts a batch's validation runs after one of them failed as bisection steps, and times each run", () => {
    const f = refineryFigures([
      ev(0, "refinery.batch", { ids: ["a", "b", "c", "d"] }),
      ev(1_000, "refinery.validating", { ids: ["a", "b", "c", "d"] }),
      ev(61_000, "refinery.validate", { ids: ["a", "b", "c", "d"], pass: false }),
      ev(62_000, "refinery.validating", { ids: ["a", "b"] }),
      ev(92_000, "refinery.validate", { ids: ["a", "b"], pass: true }),
      ev(93_000, "refinery.validating", { ids: ["c"] }),
      ev(113_000, "refinery.validate", { ids: ["c"], pass: false }),
      ev(114_000, "refinery.push", { head: "abc", ids: ["a", "b"] }),
      ev(200_000, "refinery.batch", { ids: ["d"] }),
      ev(201_000, "refinery.validating", { ids: ["d"] }),
      ev(211_000, "refinery.validate", { ids: ["d"], pass: true }),
      ev(212_000, "refinery.push", { head: "def", ids: ["d"] }),
      // A clean batch of 2 validated in two steps (first prefix, then the rest) did not bisect.
      ev(300_000, "refinery.batch", { ids: ["e", "f"] }),
      ev(301_000, "refinery.validating", { ids: ["e"] }),
      ev(311_000, "refinery.validate", { ids: ["e"], pass: true }),
      ev(312_000, "refinery.validating", { ids: ["f"] }),
      ev(322_000, "refinery.validate", { ids: ["f"], pass: true }),
    ]);
    expect(f).toEqual({
      batches: 3,
      validations: 6,
      failed_validations: 2,
      bisection_steps: 2,
      validation_ms: [60_000, 30_000, 20_000, 10_000, 10_000, 10_000],
      merges: [
        { ts: 114_000, head: "abc", ids: ["a", "b"] },
        { ts: 212_000, head: "def", ids: ["d"] },
      ],
    });
  });
});

describe("queueDepth", () => {
  it("replays status changes into counts over time", () => {
    const points = queueDepth(run.events, run.started_at, run.now);
    const at = (minutes: number) => {
      const t = run.started_at + minutes * MIN;
      return points.filter((p) => p.ts <= t).at(-1)?.counts;
    };
    expect(points[0]?.ts).toBe(run.started_at);
    expect(at(0)).toEqual({ active: 13, in_progress: 0, merge_ready: 0 });
    expect(at(1)).toEqual({ active: 9, in_progress: 3, merge_ready: 0 });
    expect(at(95)).toEqual({ active: 1, in_progress: 1, merge_ready: 1 });
    expect(points.at(-1)?.ts).toBe(run.now);
  });
});

describe("ticks", () => {
  it.each([
    [0, 95 * MIN, 15 * MIN],
    [0, 8 * MIN, 2 * MIN],
    [0, 6 * MIN, 1 * MIN],
    [0, 30 * 3_600_000, 360 * MIN],
    [0, 3 * 86_400_000, 720 * MIN],
    [0, 40_000, 10_000],
    [0, 5_000, 1_000],
    [0, 10 * 86_400_000, 2 * 86_400_000],
  ])("picks a round step for a range of %d..%d ms", (from, to, step) => {
    const t = ticks(from, to);
    expect(t.length).toBeLessThanOrEqual(8);
    expect((t[1] ?? 0) - (t[0] ?? 0)).toBe(step);
  });
});

describe("tick labels", () => {
  const t = Date.UTC(2025, 2, 14, 9, 40, 15);
  it.each([
    [40_000, false, "09:40:15"],
    [15 * MIN, false, "09:40"],
    [15 * MIN, true, "03-14 09:40"],
    [10 * 86_400_000, true, "03-14"],
  ])("a range of %d ms (across days: %s) labels %s", (span, multiDay, label) => {
    expect(tickLabel(t, tickStep(0, span), multiDay)).toBe(label);
  });
});
