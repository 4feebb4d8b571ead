// The report renderer on the recorded run: self-contained, escaped, a bar per run, queue depth replayed.
import { describe, expect, it } from "vitest";
import { queueDepth } from "../../../src/core/report/queue.js";
import { renderReport } from "../../../src/core/report/render.js";
import { ticks } from "../../../src/core/report/html.js";
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

  it("renders an empty range without failing", () => {
    const empty = renderReport({ tasks: [], events: [], title: "nothing", now: run.now });
    expect(empty).toContain("No task ran in this range.");
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
  ])("picks a round step for a range of %d..%d ms", (from, to, step) => {
    const t = ticks(from, to);
    expect(t.length).toBeLessThanOrEqual(8);
    expect((t[1] ?? 0) - (t[0] ?? 0)).toBe(step);
  });
});
